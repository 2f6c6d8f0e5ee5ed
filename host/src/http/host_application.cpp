#include "http/host_application.hpp"

#include <chrono>
#include <sstream>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/Logger.h>

#include "common/version.hpp"
#include "http/problem.hpp"
#include "plugin/plugin_status_json.hpp"
#include "services/collection_service.hpp"

namespace regua::http {

namespace {

Response json(int status, const Poco::JSON::Object& body) {
  std::ostringstream text;
  body.stringify(text);
  Response response;
  response.status = status;
  response.body = text.str();
  return response;
}

Poco::JSON::Object::Ptr stuckToJson(const engine::CallInFlight& call, long seconds) {
  Poco::JSON::Object::Ptr out = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  out->set("plugin", call.plugin);
  out->set("dispatch_key", call.dispatchKey);
  Poco::JSON::Array::Ptr ids = new Poco::JSON::Array;
  for (const auto id : call.intentIds) ids->add(id);
  out->set("intents", ids);
  out->set("seconds", seconds);
  out->set("detail", "o despacho está parado numa chamada ao plugin " + call.plugin + " há " + std::to_string(seconds) +
                         " s; confira o plugin (e o serviço que ele chama) e reinicie o regua serve");
  return out;
}

Poco::JSON::Object::Ptr engineToJson(const services::ServiceStatus* status) {
  Poco::JSON::Object::Ptr out = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  out->set("running", status != nullptr);
  if (status == nullptr) return out;
  const auto& s = *status;
  Poco::JSON::Object::Ptr policies = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  policies->set("count", s.policies);
  policies->set("stages", s.stages);
  policies->set("loaded_at", s.policiesLoadedAt);
  if (!s.reloadError.empty()) policies->set("reload_error", s.reloadError);
  out->set("policies", policies);
  auto optional = [&](const char* key, const std::string& value) {
    if (!value.empty()) out->set(key, value);
  };
  optional("last_sync_at", s.lastSyncAt);
  optional("last_sync", s.lastSyncResult);
  optional("last_cycle_day", s.lastCycleDay);
  optional("last_cycle", s.lastCycleResult);
  optional("next_cycle", s.nextCycle);
  if (s.stuckCall) out->set("dispatch_stuck", stuckToJson(*s.stuckCall, s.stuckSeconds));
  return out;
}

Poco::JSON::Object::Ptr requestCounts(const Router& router) {
  Poco::JSON::Object::Ptr out = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  for (const auto& route : router.routes()) {
    Poco::JSON::Object::Ptr counts = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    counts->set("calls", static_cast<Poco::UInt64>(route->calls));
    counts->set("failures", static_cast<Poco::UInt64>(route->failures));
    out->set(route->method + " " + route->pattern, counts);
  }
  return out;
}

}  // namespace

HostApplication::HostApplication(const plugin::PluginRegistry& registry, StorageStatus storage,
                                 const services::CollectionService* engine)
    : registry_(registry), storage_(std::move(storage)), engine_(engine) {
  router_.add("GET", "/health", Access::kPublic, [this](const Call&) { return health(); }).answersInline = true;
}

// GET /health: {"status": "ok"|"degraded", "version", "abi", "storage", "engine",
// "plugins": [...], "requests": {route: {calls, failures}}}. "degraded" means some
// configured extension is disabled, the last policy reload failed or the dispatch is
// stuck in a plugin call; the host still serves.
Response HostApplication::health() const {
  Poco::JSON::Object body(Poco::JSON_PRESERVE_KEY_ORDER);
  const auto engine = engine_ != nullptr ? std::optional(engine_->status()) : std::nullopt;
  const bool engineTroubled = engine && (!engine->reloadError.empty() || engine->stuckCall);
  body.set("status", registry_.allLoaded() && !engineTroubled ? "ok" : "degraded");
  body.set("version", kVersion);
  body.set("abi", abiVersion());
  Poco::JSON::Object::Ptr storage = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  storage->set("url", storage_.url);
  storage->set("schema", storage_.schemaVersion);
  body.set("storage", storage);
  body.set("engine", engineToJson(engine ? &*engine : nullptr));
  body.set("plugins", plugin::statusesToJson(registry_.currentStatuses()));
  body.set("requests", requestCounts(router_));
  return json(200, body);
}

bool HostApplication::answersInline(const Request& request) const {
  const auto match = router_.match(request.method, request.path);
  return match.route == nullptr || match.route->answersInline;
}

Response HostApplication::refuse(int status, const std::string& detail) const {
  auto response = problem(status, detail);
  Poco::Logger::get("regua.http").information("- - %d (recusada: %s)", status, detail);
  return response;
}

Response HostApplication::route(const Request& request, std::string& routeName, std::string& keyName) {
  const auto match = router_.match(request.method, request.path);
  if (match.route == nullptr) {
    routeName = "(sem rota)";
    if (match.allowedMethods.empty()) {
      return problem(404, "caminho desconhecido: " + request.path + "; tente GET /health ou GET /api/v1/openapi.json");
    }
    std::string allowed;
    for (const auto& m : match.allowedMethods) allowed += (allowed.empty() ? "" : ", ") + m;
    auto response = problem(405, "use " + allowed + " em " + request.path);
    response.headers.emplace_back("Allow", allowed);
    return response;
  }
  const Route& route = *match.route;
  routeName = route.pattern;
  ++route.calls;
  Call call{request, match.params, keyName};
  Response response;
  try {
    response = route.handler(call);
  } catch (const std::exception& e) {
    Poco::Logger::get("regua.http").error("%s %s: %s", request.method, route.pattern, std::string(e.what()));
    response = problem(500, "erro interno ao atender " + route.pattern + "; o registro do servidor tem os detalhes");
  }
  if (response.status >= 400) ++route.failures;
  return response;
}

Response HostApplication::handle(const Request& request) {
  const auto started = std::chrono::steady_clock::now();
  std::string routeName, keyName;
  Response response = route(request, routeName, keyName);
  const auto micros =
      std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started).count();
  auto& log = Poco::Logger::get("regua.http");
  if (log.information()) {
    log.information("%s %s %d %.1f ms%s", request.method, routeName, response.status, micros / 1000.0,
                    keyName.empty() ? std::string() : " chave=" + keyName);
  }
  return response;
}

}  // namespace regua::http
