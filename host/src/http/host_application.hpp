// What `regua serve` answers over HTTP: /health, and the REST API under /api/v1. Owns
// the route table, checks each caller's key against the route's access, logs one line
// per request (method, route pattern, status, time, key name) and counts calls per route.
#pragma once

#include <string>

#include <optional>

#include "http/api_context.hpp"
#include "http/http_server.hpp"
#include "http/router.hpp"

namespace regua::http {

// What /health says about the store (fixed once the host started).
struct StorageStatus {
  std::string url;  // password masked
  int schemaVersion = 0;
};

class HostApplication : public Application {
 public:
  // The engine in `api` (may be null: no policies) is reported under "engine" in /health.
  HostApplication(ApiContext& api, StorageStatus storage);

  Response handle(const Request& request) override;
  bool answersInline(const Request& request) const override;
  Response refuse(int status, const std::string& detail) const override;

 private:
  Response health() const;
  Response route(const Request& request, std::string& routeName, std::string& keyName);
  // 401 or 403 when the caller's key may not use `route`; fills `caller` otherwise.
  std::optional<Response> authorize(const Request& request, const Route& route, services::ApiCaller& caller);
  // Runs the handler; a POST with an Idempotency-Key answered before gets that answer again.
  Response callOnce(const Route& route, const Call& call, const services::ApiCaller& caller);

  ApiContext& api_;
  const StorageStatus storage_;
  Router router_;
};

}  // namespace regua::http
