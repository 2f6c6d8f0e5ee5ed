#include "services/dispatch_status.hpp"

#include "common/office_time.hpp"
#include "common/words.hpp"
#include "store/settings_repository.hpp"

namespace regua::services {

DispatchStatus dispatchStatus(store::Database& db, Date day) {
  DispatchStatus out;
  out.day = day;
  if (const auto last = store::SettingsRepository(db).get("engine.last_cycle_day")) out.lastCycleDay = Date::parse(*last);
  out.engineLockHolder = db.engineLockHolderNow().value_or("");
  store::DispatchRoundRepository rounds(db);
  const UtcTime now = utcNow();
  out.round = rounds.unfinished();
  if (!out.round) out.round = rounds.latest(day, "cycle");
  if (out.round) out.roundProgress = rounds.progress(out.round->id, "", now);
  out.progress = rounds.dayProgress(day);
  out.hosts = rounds.activity(now);
  return out;
}

namespace {

// A stored UTC instant as the office reads it.
std::string local(const std::string& utc) {
  const auto at = parseUtc(utc);
  return at ? formatLocal(*at) : utc;
}

}  // namespace

std::vector<std::string> describe(const DispatchStatus& s) {
  std::vector<std::string> lines;
  lines.push_back("Régua de " + s.day.br() + ": " + counted(static_cast<std::size_t>(s.progress.planned), "ação planejada", "ações planejadas") +
                  ", " + counted(static_cast<std::size_t>(s.progress.done), "executada", "executadas") + ", " +
                  std::to_string(s.progress.waiting) + " aguardando, " +
                  counted(static_cast<std::size_t>(s.progress.failed), "falhou", "falharam") +
                  (s.progress.other > 0 ? ", " + std::to_string(s.progress.other) + " canceladas ou puladas" : ""));
  lines.push_back("Último dia completo: " + (s.lastCycleDay ? s.lastCycleDay->br() : std::string("nenhum")) +
                  (s.engineLockHolder.empty() ? "; ninguém está planejando agora"
                                              : "; a trava da régua está com " + s.engineLockHolder));
  if (s.round) {
    const auto& p = s.roundProgress;
    lines.push_back("Rodada " + std::to_string(s.round->id) + " (" + (s.round->kind == "cycle" ? "plano" : "novas tentativas") +
                    " de " + s.round->day.br() + ", aberta por " + s.round->createdBy + "): " +
                    std::to_string(p.done) + " de " + counted(static_cast<std::size_t>(p.batches), "lote", "lotes") + " feitos" +
                    (s.round->finished ? ", encerrada" : ""));
  }
  if (s.hosts.empty()) {
    lines.push_back("Nenhum host trabalhou neste banco nas últimas 24 horas.");
    return lines;
  }
  lines.push_back("Hosts (últimas 24 horas):");
  for (const auto& h : s.hosts) {
    std::string line = "  " + h.host + ": " + h.doing;
    if (h.round) line += " (rodada " + std::to_string(*h.round) + ", " + counted(static_cast<std::size_t>(h.calls), "chamada", "chamadas") + ")";
    if (h.heldBatch) {
      line += "; com o lote " + std::to_string(*h.heldBatch) + " (clientes " + std::to_string(h.heldFirstClient) + " a " +
              std::to_string(h.heldLastClient) + ") até " + local(h.heldUntil);
    }
    line += "; visto em " + local(h.updatedAt);
    lines.push_back(line);
  }
  return lines;
}

}  // namespace regua::services
