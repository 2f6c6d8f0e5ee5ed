// POST /api/v1/runs, POST /api/v1/sync and GET /api/v1/runs/{date}/preview: the daily
// cycle, the sources and the dry run, through the same services as `regua run` and
// `regua sync` (services::DailyCycle, services::syncSources).

#include "http/api_routes.hpp"
#include "http/json_body.hpp"
#include "services/collection_service.hpp"
#include "services/daily_cycle.hpp"
#include "services/dispatch_status.hpp"
#include "services/json_views.hpp"
#include "services/preview_json.hpp"
#include "services/source_sync.hpp"

namespace regua::http {

namespace {

Response noPolicies() {
  return problem(409, "nenhuma política carregada: a régua não roda. Crie uma em policies/ (veja "
                      "config/policies/default.yaml) e reinicie o regua serve");
}

Response run(ApiContext& api, const Call& call) {
  std::vector<FieldProblem> problems;
  Date day = services::localNow().day;
  int minute = services::localNow().minuteOfDay;
  if (!call.request.body.empty()) {
    const auto body = parseObject(call.request.body, problems);
    if (!body) return problem(400, "corpo inválido", "validacao", problems);
    JsonFields f(*body, "", problems);
    f.allowOnly({"date", "at"});
    if (const auto given = f.date("date", false)) day = *given;
    if (const auto at = f.text("at", false)) {
      const bool valid = at->size() == 5 && (*at)[2] == ':' && std::isdigit((*at)[0]) && std::isdigit((*at)[1]) &&
                         std::isdigit((*at)[3]) && std::isdigit((*at)[4]);
      const int m = valid ? std::stoi(at->substr(0, 2)) * 60 + std::stoi(at->substr(3, 2)) : -1;
      if (m < 0 || m >= 24 * 60) f.problem("at", "hora inválida '" + *at + "'; use HH:MM");
      minute = m;
    }
    if (!problems.empty()) return problem(422, "corpo com problemas; nada rodou", "validacao", problems);
  }
  const auto policies = api.policies();
  if (policies->policies().empty()) return noPolicies();
  auto& db = api.db();
  services::DailyCycle cycle(db, api.storeUrl, api.config, api.calendar, api.plugins);
  const auto report = cycle.run(*policies, day, minute, {}, services::DailyCycle::IfLocked::kRefuse);
  if (!report) {
    return problem(409, "a régua já está rodando (" + db.engineLockHolder() + "); tente de novo quando ela terminar",
                   "em-execucao");
  }
  auto body = services::toJson(*report);
  Poco::JSON::Array::Ptr lines = new Poco::JSON::Array;
  for (const auto& line : services::describe(*report, !api.plugins.taskSinks().empty())) lines->add(line);
  body->set("summary", lines);
  return jsonResponse(200, *body);
}

Response sync(ApiContext& api, const Call&) {
  if (api.plugins.sources().empty()) {
    return problem(409, "nenhuma fonte configurada; acrescente um conector de origem (ex.: csv) em 'connectors' de regua.yaml");
  }
  const auto policies = api.policies();
  const auto round = services::syncSources(api.db(), api.plugins, policies->policies().empty() ? nullptr : policies.get(),
                                           api.config);
  Poco::JSON::Object body(Poco::JSON_PRESERVE_KEY_ORDER);
  Poco::JSON::Array::Ptr sources = new Poco::JSON::Array;
  bool ok = true;
  for (const auto& report : round.sources) {
    sources->add(services::toJson(report));
    ok = ok && report.ok;
  }
  body.set("ok", ok);
  body.set("sources", sources);
  return jsonResponse(200, body);
}

// The dry run of a day: streamed whole without limit or cursor (memory stays flat however
// many receivables the office has); with them, a page of its intents.
Response preview(ApiContext& api, const Call& call) {
  const auto day = Date::parseIso(call.params.at("date"));
  if (!day) return problem(400, "data inválida '" + call.params.at("date") + "'; use AAAA-MM-DD com um dia que existe");
  Response refused;
  const auto page = pageParams(call, refused);
  if (!page) return refused;
  const auto policies = api.policies();
  if (policies->policies().empty()) return noPolicies();
  Response response;
  if (queryParam(call.request, "limit") || queryParam(call.request, "cursor")) {
    // A page is small: answered whole, so a store error still gets its status.
    services::DailyCycle cycle(api.db(), api.storeUrl, api.config, api.calendar, api.plugins);
    const services::PreviewPage wanted{static_cast<std::size_t>(page->cursor), page->limit};
    services::writePreviewJson(cycle, *policies, *day, wanted, [&](const std::string& chunk) {
      response.body += chunk;
      return true;
    });
    return response;
  }
  response.stream = [&api, policies, day = *day](BodyWriter& out) {
    services::DailyCycle cycle(api.db(), api.storeUrl, api.config, api.calendar, api.plugins);
    services::writePreviewJson(cycle, *policies, day, {}, [&](const std::string& chunk) { return out.write(chunk); });
  };
  return response;
}

// What `regua status --json` prints: each host sharing the store and the day's progress.
Response status(ApiContext& api, const Call& call) {
  Response refused;
  const auto day = dayParam(call, "on", refused);
  if (!day) return refused;
  return jsonResponse(200, *services::toJson(services::dispatchStatus(api.db(), *day)));
}

}  // namespace

void addRunRoutes(Router& router, ApiContext& api) {
  router.add("POST", "/api/v1/runs", Access::kAdmin, [&api](const Call& call) { return run(api, call); });
  router.add("POST", "/api/v1/sync", Access::kUpsert, [&api](const Call& call) { return sync(api, call); });
  router.add("GET", "/api/v1/runs/{date}/preview", Access::kRead, [&api](const Call& call) { return preview(api, call); });
  router.add("GET", "/api/v1/status", Access::kRead, [&api](const Call& call) { return status(api, call); });
}

}  // namespace regua::http
