#include "services/client_lookup.hpp"

#include "store/client_repository.hpp"
#include "store/receivable_repository.hpp"

namespace regua::services {

std::optional<domain::Client> findClient(store::Database& db, const std::string& ref,
                                         const std::optional<std::string>& source) {
  store::ClientRepository clients(db);
  std::optional<domain::Client> client =
      source ? clients.findByExternalId(*source, ref) : clients.findByExternalIdInAnySource(ref);
  if (!client) client = clients.findByDocument(ref);
  if (!client && !ref.empty() && ref.find_first_not_of("0123456789") == std::string::npos && ref.size() < 18) {
    client = clients.findById(std::stoll(ref));
  }
  return client;
}

std::vector<std::int64_t> findReceivables(store::Database& db, const std::string& ref) {
  std::vector<std::int64_t> ids = store::ReceivableRepository(db).idsByExternalId(ref);
  if (ids.empty() && !ref.empty() && ref.find_first_not_of("0123456789") == std::string::npos && ref.size() < 18) {
    ids.push_back(std::stoll(ref));
  }
  return ids;
}

}  // namespace regua::services
