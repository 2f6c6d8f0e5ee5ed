#include "http/host_application.hpp"

#include <chrono>
#include <sstream>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/Logger.h>

#include "common/masking.hpp"
#include "common/version.hpp"
#include "http/api_routes.hpp"
#include "http/openapi.hpp"
#include "http/problem.hpp"
#include "plugin/plugin_status_json.hpp"
#include "services/collection_service.hpp"
#include "services/json_views.hpp"
#include "services/webhook_delivery.hpp"

namespace regua::http {

namespace {

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
  out->set("host", s.host);
  if (s.batch) {
    Poco::JSON::Object::Ptr batch = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    batch->set("round", static_cast<Poco::Int64>(s.batch->round));
    batch->set("seq", s.batch->seq);
    batch->set("first_client", static_cast<Poco::Int64>(s.batch->firstClient));
    batch->set("last_client", static_cast<Poco::Int64>(s.batch->lastClient));
    batch->set("lease_until", s.batch->leaseUntil);
    out->set("dispatch_batch", batch);
  } else {
    out->set("dispatch_batch", Poco::Dynamic::Var());
  }
  return out;
}

Poco::JSON::Array::Ptr webhooksToJson(const std::vector<services::WebhookStatus>& hooks) {
  Poco::JSON::Array::Ptr out = new Poco::JSON::Array;
  for (const auto& h : hooks) out->add(services::toJson(h));
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

HostApplication::HostApplication(ApiContext& api, StorageStatus storage) : api_(api), storage_(std::move(storage)) {
  router_.add("GET", "/health", Access::kPublic, [this](const Call&) { return health(); }).answersInline = true;
  router_.add("GET", "/api/v1/openapi.json", Access::kPublic, [](const Call&) {
    Response response;
    response.body = openApiJson();
    return response;
  }).answersInline = true;
  addRecordRoutes(router_, api_);
  addReadRoutes(router_, api_);
  addRunRoutes(router_, api_);
  addClientPageRoutes(router_, api_);
  addOfficePageRoutes(router_, api_);
  addNegotiationRoutes(router_, api_);
  addReconciliationRoutes(router_, api_);
}

// GET /health: {"status": "ok"|"degraded", "version", "abi", "storage", "engine",
// "plugins": [...], "requests": {route: {calls, failures}}}. "degraded" means some
// configured extension is disabled, the last policy reload failed or the dispatch is
// stuck in a plugin call; the host still serves.
Response HostApplication::health() const {
  Poco::JSON::Object body(Poco::JSON_PRESERVE_KEY_ORDER);
  const auto engine = api_.engine != nullptr ? std::optional(api_.engine->status()) : std::nullopt;
  const bool engineTroubled = engine && (!engine->reloadError.empty() || engine->stuckCall);
  const auto hooks = api_.webhooks != nullptr ? api_.webhooks->status() : std::vector<services::WebhookStatus>{};
  const bool hookDisabled = std::any_of(hooks.begin(), hooks.end(), [](const auto& h) { return h.disabled; });
  body.set("status", api_.plugins.allLoaded() && !engineTroubled && !hookDisabled ? "ok" : "degraded");
  body.set("version", kVersion);
  body.set("abi", abiVersion());
  Poco::JSON::Object::Ptr storage = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  storage->set("url", storage_.url);
  storage->set("schema", storage_.schemaVersion);
  body.set("storage", storage);
  body.set("engine", engineToJson(engine ? &*engine : nullptr));
  body.set("plugins", plugin::statusesToJson(api_.plugins.currentStatuses()));
  body.set("webhooks", webhooksToJson(hooks));
  if (const auto dashboard = api_.dashboards.latest()) {
    Poco::JSON::Object::Ptr kept = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    kept->set("as_of", dashboard->first.iso());
    kept->set("computed_at", dashboard->second);
    body.set("dashboard", kept);
  } else {
    body.set("dashboard", Poco::Dynamic::Var());
  }
  body.set("requests", requestCounts(router_));
  return jsonResponse(200, body);
}

bool HostApplication::answersInline(const Request& request) const {
  const auto match = router_.match(request.method, request.path);
  return match.route == nullptr || match.route->answersInline;
}

Response HostApplication::refuse(int status, const std::string& detail) const {
  auto response = problem(status, detail);
  // The detail may quote the request's target, which may hold a CPF.
  Poco::Logger::get("regua.http").information("- - %d (recusada: %s)", status, maskPersonalData(detail));
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
  Response response;
  try {
    services::ApiCaller caller;
    const auto refused = authorize(request, route, caller);
    keyName = caller.name;  // known on a 403 too
    if (refused) {
      ++route.failures;
      return *refused;
    }
    response = callOnce(route, Call{request, match.params, keyName}, caller);
  } catch (const store::StoreError& e) {
    // The store is down or locked: the message is the store's own (pt-BR, password masked).
    const bool unavailable = e.kind() == store::StoreError::Kind::kConnection || e.kind() == store::StoreError::Kind::kBusy;
    Poco::Logger::get("regua.http").error("%s %s: %s", request.method, route.pattern, std::string(e.what()));
    response = problem(unavailable ? 503 : 500, e.what());
    if (unavailable) response.headers.emplace_back("Retry-After", "5");
  } catch (const std::exception& e) {
    Poco::Logger::get("regua.http").error("%s %s: %s", request.method, route.pattern, std::string(e.what()));
    response = problem(500, "erro interno ao atender " + route.pattern + "; o registro do servidor tem os detalhes");
  }
  if (response.status >= 400) ++route.failures;
  return response;
}

namespace {

bool roleAllows(services::Role role, Access access) {
  using services::Role;
  switch (access) {
    case Access::kPublic:
    case Access::kRead: return true;
    case Access::kUpsert: return role == Role::kAdmin || role == Role::kIntegracao;
    case Access::kOperate: return role == Role::kAdmin || role == Role::kOperador;
    case Access::kRecordPayment: return role != Role::kLeitura;
    case Access::kAdmin: return role == Role::kAdmin;
  }
  return false;
}

Response unauthenticated(const std::string& detail) {
  auto response = problem(401, detail, "autenticacao");
  response.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"regua\"");
  return response;
}

constexpr std::size_t kMaxIdempotencyKey = 255;

}  // namespace

std::optional<Response> HostApplication::authorize(const Request& request, const Route& route,
                                                   services::ApiCaller& caller) {
  if (route.access == Access::kPublic) return std::nullopt;
  const std::string header = request.header("Authorization");
  constexpr std::string_view kBearer = "Bearer ";
  if (header.empty()) {
    return unauthenticated("falta o cabeçalho Authorization: Bearer CHAVE; crie uma chave com regua api-key create");
  }
  if (header.size() <= kBearer.size() || header.compare(0, kBearer.size(), kBearer) != 0) {
    return unauthenticated("use Authorization: Bearer CHAVE (outro esquema de autenticação não é aceito)");
  }
  using Outcome = services::ApiKeyVerifier::Outcome;
  switch (api_.keys.verify(api_.db(), std::string_view(header).substr(kBearer.size()), caller)) {
    case Outcome::kOk: break;
    case Outcome::kMalformed: return unauthenticated("a chave não tem o formato rgk_<número>_<64 hex>; copie-a inteira");
    case Outcome::kUnknown: return unauthenticated("chave desconhecida; confira-a ou crie outra com regua api-key create");
    case Outcome::kRevoked: return unauthenticated("esta chave foi revogada; peça uma nova a quem administra o Régua");
  }
  if (!roleAllows(caller.role, route.access)) {
    return problem(403,
                   "a chave '" + caller.name + "' (papel " + std::string(services::roleName(caller.role)) +
                       ") não pode usar " + route.method + " " + route.pattern + "; peça uma chave com o papel certo",
                   "permissao");
  }
  return std::nullopt;
}

Response HostApplication::callOnce(const Route& route, const Call& call, const services::ApiCaller& caller) {
  const std::string idempotencyKey = call.request.header("Idempotency-Key");
  if (idempotencyKey.empty() || call.request.method != "POST" || caller.keyId == 0) return route.handler(call);
  if (idempotencyKey.size() > kMaxIdempotencyKey) {
    return problem(400, "Idempotency-Key com mais de 255 caracteres; use um UUID");
  }
  store::ApiKeyRepository answers(api_.db());
  const std::string fingerprint =
      services::digestHex(call.request.method + " " + call.request.target + "\n" + call.request.body);
  if (const auto first = answers.answerFor(caller.keyId, idempotencyKey)) {
    if (first->requestHash != fingerprint) {
      return problem(422, "esta Idempotency-Key já foi usada com outra requisição; gere uma nova para cada operação",
                     "idempotencia");
    }
    Response again;
    again.status = first->status;
    again.body = first->body;
    if (again.status >= 400) again.contentType = "application/problem+json; charset=utf-8";
    again.headers.emplace_back("Idempotent-Replayed", "true");
    return again;
  }
  Response response = route.handler(call);
  if (response.status < 500) answers.keepAnswer(caller.keyId, idempotencyKey, {fingerprint, response.status, response.body});
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
