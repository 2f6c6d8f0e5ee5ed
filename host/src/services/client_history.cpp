#include "services/client_history.hpp"

#include "services/client_lookup.hpp"

namespace regua::services {

std::optional<ClientHistory> clientHistory(store::Database& db, const std::string& ref,
                                           const std::optional<std::string>& source, int limit) {
  auto client = findClient(db, ref, source);
  if (!client) return std::nullopt;
  auto entries = store::HistoryRepository(db).listForClient(client->id, limit);
  return ClientHistory{std::move(*client), std::move(entries)};
}

}  // namespace regua::services
