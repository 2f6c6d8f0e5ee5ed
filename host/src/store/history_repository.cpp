#include "store/history_repository.hpp"

#include "store/staged_rows.hpp"

namespace regua::store {

void HistoryRepository::append(HistoryEntry& e) {
  if (e.at.empty()) e.at = Database::nowUtc();
  long client = e.clientId.value_or(0), receivable = e.receivableId.value_or(0), id = 0;
  soci::indicator clientInd = e.clientId ? soci::i_ok : soci::i_null;
  soci::indicator receivableInd = e.receivableId ? soci::i_ok : soci::i_null;
  try {
    db_.run(
        "INSERT INTO history (at, client_id, receivable_id, kind, actor, summary, details) "
        "VALUES (:at, :client_id, :receivable_id, :kind, :actor, :summary, :details) RETURNING id",
        soci::use(e.at), soci::use(client, clientInd), soci::use(receivable, receivableInd), soci::use(e.kind),
        soci::use(e.actor), soci::use(e.summary), soci::use(e.details), soci::into(id));
  } catch (const std::exception&) {
    db_.rethrowTranslated("histórico (" + e.kind + ")", "o cliente ou o título indicado não existe");
  }
  e.id = id;
}

void HistoryRepository::append(std::int64_t clientId, const std::string& kind, const std::string& actor,
                               const std::string& summary) {
  HistoryEntry entry;
  entry.clientId = clientId;
  entry.kind = kind;
  entry.actor = actor;
  entry.summary = summary;
  append(entry);
}

void HistoryRepository::appendAll(const std::vector<HistoryEntry>& entries) {
  if (entries.empty()) return;
  const std::string now = Database::nowUtc();
  try {
    StagedRows staged(db_, "history_staging",
                      {"seq BIGINT", "at TEXT", "client_id BIGINT", "receivable_id BIGINT", "kind TEXT", "actor TEXT",
                       "summary TEXT", "details TEXT"});
    std::int64_t seq = 0;
    for (const auto& e : entries) {
      staged.add(seq++).add(e.at.empty() ? now : e.at).add(e.clientId).add(e.receivableId);
      staged.add(e.kind).add(e.actor).add(e.summary).add(e.details);
      staged.endRow();
    }
    staged.finish();
    db_.run(
        "INSERT INTO history (at, client_id, receivable_id, kind, actor, summary, details) "
        "SELECT at, client_id, receivable_id, kind, actor, summary, details FROM history_staging ORDER BY seq");
  } catch (const std::exception&) {
    db_.rethrowTranslated("histórico (" + std::to_string(entries.size()) + " linhas)",
                          "o cliente ou o título indicado não existe");
  }
}

std::vector<HistoryEntry> HistoryRepository::listForClient(std::int64_t clientId, int limit, std::int64_t beforeId) {
  std::vector<HistoryEntry> out;
  HistoryEntry e;
  long id = 0, client = clientId, receivable = 0, before = beforeId;
  soci::indicator receivableInd = soci::i_ok;
  try {
    auto st = db_.statement(
        "SELECT id, at, receivable_id, kind, actor, summary, details FROM history "
        "WHERE client_id = :client_id AND id < :before ORDER BY id DESC LIMIT :limit",
        soci::into(id), soci::into(e.at), soci::into(receivable, receivableInd), soci::into(e.kind),
        soci::into(e.actor), soci::into(e.summary), soci::into(e.details), soci::use(client), soci::use(before),
        soci::use(limit));
    st.execute();
    while (st.fetch()) {
      e.id = id;
      e.clientId = clientId;
      e.receivableId = receivableInd == soci::i_ok ? std::optional<std::int64_t>(receivable) : std::nullopt;
      out.push_back(e);
    }
  } catch (const std::exception&) {
    db_.rethrowTranslated("lendo o histórico do cliente " + std::to_string(clientId));
  }
  return out;
}

}  // namespace regua::store
