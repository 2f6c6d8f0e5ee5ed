// The office's operations on a client: agreement offers, proposals, accepting and
// cancelling an agreement, promises to pay, and cancelling a receivable — the same
// services as `regua agreement ...`, `regua promise` and `regua receivable cancel`.
#include "engine/plugin_quoter.hpp"
#include "http/api_routes.hpp"
#include "http/json_body.hpp"
#include "services/collection_service.hpp"
#include "services/json_views.hpp"
#include "services/negotiation_service.hpp"
#include "services/client_actions.hpp"
#include "services/client_lookup.hpp"
#include "services/receivable_cancel.hpp"

namespace regua::http {

namespace {

Response refusedNegotiation(const services::NegotiationError& e) { return problem(422, e.what(), "negociacao"); }

Response offers(ApiContext& api, const Call& call) {
  Response refused;
  const auto on = dayParam(call, "on", refused);
  if (!on) return refused;
  try {
    NegotiationFor n(api);
    const auto debt = n.service.debtOf(call.params.at("id"), *on);
    return jsonResponse(200, *services::toJson(debt, n.service.offers(debt)));
  } catch (const services::NegotiationError& e) {
    return refusedNegotiation(e);
  }
}

Response propose(ApiContext& api, const Call& call) {
  services::ProposalRequest request;
  request.asOf = services::localNow().day;
  request.actor = actorOf(call);
  if (auto refused = readBody(call, {"installments", "down", "first_due", "approver", "on"}, [&](JsonFields& f) {
        request.installments = static_cast<int>(f.integer("installments", true, 1, 360).value_or(1));
        request.down = f.centavos("down", false);
        request.firstDue = f.date("first_due", false);
        request.approver = f.text("approver", false).value_or("");
        request.asOf = f.date("on", false).value_or(request.asOf);
      })) {
    return *refused;
  }
  try {
    NegotiationFor n(api);
    const auto agreement = n.service.propose(call.params.at("id"), request);
    return jsonResponse(201, *services::toJson(agreement, call.params.at("id"), nullptr));
  } catch (const services::NegotiationError& e) {
    return refusedNegotiation(e);
  }
}

// accept and cancel: POST /api/v1/agreements/{id}/accept|cancel with an optional "on".
template <typename Change>
Response changeAgreement(ApiContext& api, const Call& call, Change change) {
  const auto id = internalIdParam(call);
  if (!id) return problem(404, "acordo '" + call.params.at("id") + "' não existe; veja os acordos em GET /api/v1/clients/{id}");
  Date day = services::localNow().day;
  if (auto refused = readBody(call, {"on"}, [&](JsonFields& f) { day = f.date("on", false).value_or(day); })) {
    return *refused;
  }
  try {
    NegotiationFor n(api);
    const auto agreement = change(n.service, *id, day, actorOf(call));
    return jsonResponse(200, *services::toJson(agreement, "", nullptr));
  } catch (const services::NegotiationError& e) {
    return refusedNegotiation(e);
  }
}

Response promise(ApiContext& api, const Call& call) {
  Date until, today = services::localNow().day;
  Money amount;
  if (auto refused = readBody(call, {"until", "amount", "on"}, [&](JsonFields& f) {
        until = f.date("until", true).value_or(Date());
        amount = f.centavos("amount", false).value_or(Money());
        today = f.date("on", false).value_or(today);
      })) {
    return *refused;
  }
  try {
    NegotiationFor n(api);
    const auto p = n.service.promise(call.params.at("id"), until, amount, today, actorOf(call));
    Poco::JSON::Object body(Poco::JSON_PRESERVE_KEY_ORDER);
    body.set("id", p.id);
    body.set("until", p.until.iso());
    body.set("check_on", p.checkOn.iso());
    body.set("amount", services::moneyJson(p.amount));
    body.set("status", p.status);
    return jsonResponse(201, body);
  } catch (const services::NegotiationError& e) {
    return refusedNegotiation(e);
  }
}

Response cancelReceivable(ApiContext& api, const Call& call) {
  std::string reason;
  Date day = services::localNow().day;
  if (auto refused = readBody(call, {"reason", "on"}, [&](JsonFields& f) {
        reason = f.text("reason", false).value_or("");
        day = f.date("on", false).value_or(day);
      })) {
    return *refused;
  }
  try {
    const auto report = services::cancelReceivable(api.db(), call.params.at("id"), reason, actorOf(call), day);
    Poco::JSON::Object body(Poco::JSON_PRESERVE_KEY_ORDER);
    body.set("receivable", report.receivable.externalId);
    body.set("status", std::string(domain::toString(report.receivable.status)));
    body.set("cancelled_actions", report.cancelledActions);
    body.set("closed_tasks", report.closedTasks);
    return jsonResponse(200, body);
  } catch (const services::ServiceError& e) {
    return problemFor(e);
  }
}

// The client `{id}` names, or the 404 in `answer`.
std::optional<domain::Client> clientOf(ApiContext& api, const Call& call, Response& answer) {
  auto client = services::findClient(api.db(), call.params.at("id"));
  if (!client) answer = problem(404, "cliente '" + call.params.at("id") + "' não encontrado; use o id na origem, o CPF/CNPJ ou o id interno");
  return client;
}

Response pause(ApiContext& api, const Call& call) {
  std::optional<Date> until;
  std::string reason;
  Date today = services::localNow().day;
  if (auto refused = readBody(call, {"until", "reason", "on"}, [&](JsonFields& f) {
        until = f.date("until", true);
        reason = f.text("reason", true).value_or("");
        today = f.date("on", false).value_or(today);
      })) {
    return *refused;
  }
  Response answer;
  const auto client = clientOf(api, call, answer);
  if (!client) return answer;
  try {
    services::pauseClient(api.db(), *client, *until, reason, actorOf(call), today);
    Poco::JSON::Object body(Poco::JSON_PRESERVE_KEY_ORDER);
    body.set("client", client->externalId);
    body.set("paused_until", until->iso());
    body.set("resumes_on", until->plusDays(1).iso());
    return jsonResponse(200, body);
  } catch (const services::ServiceError& e) {
    return problemFor(e);
  }
}

Response note(ApiContext& api, const Call& call) {
  std::string text;
  if (auto refused = readBody(call, {"text"}, [&](JsonFields& f) { text = f.text("text", true).value_or(""); })) {
    return *refused;
  }
  Response answer;
  const auto client = clientOf(api, call, answer);
  if (!client) return answer;
  try {
    services::addCallNote(api.db(), *client, text, actorOf(call));
    Poco::JSON::Object body(Poco::JSON_PRESERVE_KEY_ORDER);
    body.set("client", client->externalId);
    body.set("recorded", true);
    return jsonResponse(201, body);
  } catch (const services::ServiceError& e) {
    return problemFor(e);
  }
}

}  // namespace

NegotiationFor::NegotiationFor(ApiContext& api)
    : policies(api.policies()),
      charges(engine::makeCharges(api.plugins, policies.get(), api.db(), api.config.city)),
      service(api.db(), *policies, api.calendar, api.config.city, *charges) {}

void addNegotiationRoutes(Router& router, ApiContext& api) {
  router.add("GET", "/api/v1/clients/{id}/offers", Access::kRead, [&api](const Call& c) { return offers(api, c); });
  router.add("POST", "/api/v1/clients/{id}/agreements", Access::kOperate, [&api](const Call& c) { return propose(api, c); });
  router.add("POST", "/api/v1/agreements/{id}/accept", Access::kOperate, [&api](const Call& c) {
    return changeAgreement(api, c, [](services::NegotiationService& s, std::int64_t id, Date day, const std::string& actor) {
      return s.accept(id, day, actor);
    });
  });
  router.add("POST", "/api/v1/agreements/{id}/cancel", Access::kOperate, [&api](const Call& c) {
    return changeAgreement(api, c, [](services::NegotiationService& s, std::int64_t id, Date day, const std::string& actor) {
      return s.cancel(id, day, actor);
    });
  });
  router.add("POST", "/api/v1/clients/{id}/promises", Access::kOperate, [&api](const Call& c) { return promise(api, c); });
  router.add("POST", "/api/v1/clients/{id}/pause", Access::kOperate, [&api](const Call& c) { return pause(api, c); });
  router.add("POST", "/api/v1/clients/{id}/notes", Access::kOperate, [&api](const Call& c) { return note(api, c); });
  router.add("POST", "/api/v1/receivables/{id}/cancel", Access::kOperate,
             [&api](const Call& c) { return cancelReceivable(api, c); });
}

}  // namespace regua::http
