#include "services/client_history.hpp"

#include "services/client_lookup.hpp"

namespace regua::services {

std::optional<ClientHistory> clientHistory(store::Database& db, const std::string& ref,
                                           const std::optional<std::string>& source, int limit, std::int64_t beforeId) {
  auto client = findClient(db, ref, source);
  if (!client) return std::nullopt;
  auto entries = store::HistoryRepository(db).listForClient(client->id, limit, beforeId);
  return ClientHistory{std::move(*client), std::move(entries)};
}

std::vector<store::HistoryEntry> historyOf(store::Database& db, std::int64_t clientId, int limit) {
  return store::HistoryRepository(db).listForClient(clientId, limit);
}

std::string_view describeKind(std::string_view kind) {
  static constexpr std::pair<std::string_view, std::string_view> kWords[] = {
      {"action", "ação"},          {"message", "mensagem"},     {"message_failed", "envio falhou"},
      {"dead_letter", "desistência"}, {"payment", "pagamento"}, {"agreement", "acordo"},
      {"promise", "promessa"},     {"task", "tarefa"},          {"task_error", "tarefa recusada"},
      {"bank", "banco"},           {"reconciliation", "conciliação"}, {"note", "nota"},
      {"status", "situação"},
  };
  for (const auto& [code, words] : kWords) {
    if (code == kind) return words;
  }
  return kind;
}

}  // namespace regua::services
