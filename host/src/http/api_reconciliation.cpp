// The reconciliation queue over HTTP: the bank credits Régua could not tie to one
// receivable, with their candidates, and the office's decision on each — the same
// service as `regua reconcile list|match|ignore`.
#include "engine/plugin_quoter.hpp"
#include "http/api_routes.hpp"
#include "services/collection_service.hpp"
#include "services/json_views.hpp"
#include "services/reconciliation.hpp"

namespace regua::http {

namespace {

// The queue for one request, with the charges of the policies in force.
struct Queue {
  explicit Queue(ApiContext& api)
      : policies(api.policies()),
        charges(engine::makeCharges(api.plugins, policies.get(), api.db(), api.config.city)),
        service(api.db(), *charges, services::localNow().day) {}
  std::shared_ptr<const config::PolicySet> policies;
  std::unique_ptr<domain::ChargeCalculator> charges;
  services::Reconciliation service;
};

std::optional<std::int64_t> creditIdOf(const Call& call) {
  const std::string& text = call.params.at("id");
  if (text.empty() || text.size() > 18 || text.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  return std::stoll(text);
}

Response unknownCredit(const Call& call) {
  return problem(404, "crédito '" + call.params.at("id") + "' não está na fila; veja GET /api/v1/reconciliation");
}

Response list(ApiContext& api, const Call& call) {
  Response refused;
  const auto page = pageParams(call, refused);
  if (!page) return refused;
  std::string state = queryParam(call.request, "state").value_or("open");
  if (state != "open" && state != "matched" && state != "ignored" && state != "all") {
    return problem(400, "state deve ser open, matched, ignored ou all; veio '" + state + "'", "validacao",
                   {{"state", "use open, matched, ignored ou all"}});
  }
  Queue queue(api);
  const auto credits =
      queue.service.list(state == "all" ? "" : state, page->cursor, static_cast<int>(page->limit) + 1);
  Poco::JSON::Array::Ptr items = new Poco::JSON::Array;
  const std::size_t shown = std::min(credits.size(), page->limit);
  for (std::size_t i = 0; i < shown; ++i) items->add(services::toJson(credits[i]));
  return pageResponse(items, credits.size() > page->limit ? std::optional(credits[shown - 1].credit.id) : std::nullopt);
}

Response match(ApiContext& api, const Call& call) {
  const auto id = creditIdOf(call);
  if (!id) return unknownCredit(call);
  std::vector<std::string> receivables;
  if (auto refused = readBody(call, {"receivables"}, [&](JsonFields& f) {
        receivables = f.texts("receivables");
        if (receivables.empty()) f.problem("receivables", "diga a que título(s) o crédito pertence: uma lista de ids");
      })) {
    return *refused;
  }
  try {
    Queue queue(api);
    const auto report = queue.service.match(*id, receivables, actorOf(call));
    Poco::JSON::Object body(Poco::JSON_PRESERVE_KEY_ORDER);
    body.set("credit", services::toJson(services::QueuedCredit{report.credit, {}}));
    Poco::JSON::Array::Ptr payments = new Poco::JSON::Array;
    for (const auto& line : report.payments.paymentLines) payments->add(services::toJson(line));
    body.set("payments", payments);
    body.set("settled", report.payments.settled);
    body.set("cancelled_actions", report.payments.cancelledIntents);
    body.set("closed_tasks", report.payments.closedTasks);
    return jsonResponse(200, body);
  } catch (const services::ServiceError& e) {
    return problemFor(e);
  }
}

Response ignore(ApiContext& api, const Call& call) {
  const auto id = creditIdOf(call);
  if (!id) return unknownCredit(call);
  std::string reason;
  if (auto refused = readBody(call, {"reason"}, [&](JsonFields& f) { reason = f.text("reason", false).value_or(""); })) {
    return *refused;
  }
  try {
    Queue queue(api);
    const auto credit = queue.service.ignore(*id, reason, actorOf(call));
    return jsonResponse(200, *services::toJson(services::QueuedCredit{credit, {}}));
  } catch (const services::ServiceError& e) {
    return problemFor(e);
  }
}

}  // namespace

void addReconciliationRoutes(Router& router, ApiContext& api) {
  router.add("GET", "/api/v1/reconciliation", Access::kRead, [&api](const Call& c) { return list(api, c); });
  router.add("POST", "/api/v1/reconciliation/{id}/match", Access::kOperate, [&api](const Call& c) { return match(api, c); });
  router.add("POST", "/api/v1/reconciliation/{id}/ignore", Access::kOperate,
             [&api](const Call& c) { return ignore(api, c); });
}

}  // namespace regua::http
