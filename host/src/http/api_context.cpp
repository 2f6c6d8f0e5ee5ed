#include "http/api_context.hpp"

#include <map>

#include "services/collection_service.hpp"

namespace regua::http {

// The request threads' connections read from a map of the file: the API's reads are many,
// small and random (a client here, its items there), and each one a pread() and a copy
// cost about as much as the query (measured with scripts/bench-api).
constexpr std::size_t kApiMapBytes = std::size_t{256} << 20;

store::Database& ApiContext::db() const {
  thread_local std::map<std::string, std::unique_ptr<store::Database>> connections;
  return store::Database::keepOpen(connections[storeUrl], storeUrl, {.sqliteMapBytes = kApiMapBytes});
}

std::shared_ptr<const config::PolicySet> ApiContext::policies() const {
  if (engine != nullptr) return engine->policies();
  static const auto none = std::make_shared<const config::PolicySet>();
  return none;
}

}  // namespace regua::http
