#include "http/api_context.hpp"

#include <map>

#include "services/collection_service.hpp"

namespace regua::http {

store::Database& ApiContext::db() const {
  thread_local std::map<std::string, std::unique_ptr<store::Database>> connections;
  return store::Database::keepOpen(connections[storeUrl], storeUrl);
}

std::shared_ptr<const config::PolicySet> ApiContext::policies() const {
  if (engine != nullptr) return engine->policies();
  static const auto none = std::make_shared<const config::PolicySet>();
  return none;
}

}  // namespace regua::http
