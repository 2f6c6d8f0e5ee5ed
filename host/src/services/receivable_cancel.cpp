#include "services/receivable_cancel.hpp"

#include "engine/task_service.hpp"
#include "services/client_lookup.hpp"
#include "store/history_repository.hpp"
#include "store/intent_repository.hpp"
#include "store/receivable_repository.hpp"

namespace regua::services {

CancelReport cancelReceivable(store::Database& db, const std::string& ref, const std::string& reason,
                              const std::string& actor, Date day) {
  using Kind = ServiceError::Kind;
  const auto ids = findReceivables(db, ref);
  if (ids.size() > 1) {
    throw ServiceError(Kind::kAmbiguous, "há " + std::to_string(ids.size()) + " títulos com o id '" + ref +
                                            "' (de fontes diferentes); use o id interno");
  }
  store::ReceivableRepository receivables(db);
  auto found = ids.empty() ? std::nullopt : receivables.findById(ids.front());
  if (!found) throw ServiceError(Kind::kNotFound, "título '" + ref + "' não encontrado");
  if (!domain::isCollectible(found->status)) {
    throw ServiceError(Kind::kRefused, "o título '" + ref + "' já está " + std::string(domain::describe(found->status)) +
                                                 "; só um título em aberto pode ser cancelado");
  }
  CancelReport report;
  db.transaction([&] {
    found->status = domain::ReceivableStatus::kCancelled;
    receivables.updateBalance(*found);
    report.cancelledActions =
        store::IntentRepository(db).cancelPendingForReceivable(found->id, "título cancelado; nada mais a cobrar");
    report.closedTasks = engine::TaskService(db).settled(found->id, day, "cancelado");
    store::HistoryEntry entry;
    entry.clientId = found->clientId;
    entry.receivableId = found->id;
    entry.kind = "status";
    entry.actor = actor;
    entry.summary = "título " + found->externalId + " cancelado" + (reason.empty() ? "" : ": " + reason);
    store::HistoryRepository(db).append(entry);
  });
  report.receivable = std::move(*found);
  return report;
}

}  // namespace regua::services
