// What `regua serve` answers over HTTP: /health, and the REST API under /api/v1. Owns
// the route table, checks each caller's key against the route's access, logs one line
// per request (method, route pattern, status, time, key name) and counts calls per route.
#pragma once

#include <string>

#include "http/http_server.hpp"
#include "http/router.hpp"
#include "plugin/plugin_registry.hpp"

namespace regua::services { class CollectionService; }

namespace regua::http {

// What /health says about the store (fixed once the host started).
struct StorageStatus {
  std::string url;  // password masked
  int schemaVersion = 0;
};

class HostApplication : public Application {
 public:
  // `engine` (may be null: no policies) is reported under "engine" in /health.
  HostApplication(const plugin::PluginRegistry& registry, StorageStatus storage,
                  const services::CollectionService* engine);

  Response handle(const Request& request) override;
  bool answersInline(const Request& request) const override;
  Response refuse(int status, const std::string& detail) const override;

 private:
  Response health() const;
  Response route(const Request& request, std::string& routeName, std::string& keyName);

  const plugin::PluginRegistry& registry_;
  const StorageStatus storage_;
  const services::CollectionService* engine_;
  Router router_;
};

}  // namespace regua::http
