// The REST API's routes, one file per subject; HostApplication adds them all.
#pragma once

#include <optional>
#include <string>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include "http/api_context.hpp"
#include "http/json_body.hpp"
#include "http/problem.hpp"
#include "services/negotiation_service.hpp"
#include "services/service_error.hpp"
#include "http/router.hpp"

namespace regua::http {

// POST /api/v1/clients, /receivables, /payments: batch upserts through the same checks
// and commit as `regua sync` (services::SourceSync::push).
void addRecordRoutes(Router& router, ApiContext& api);

// GET /api/v1/clients/{id}, ...: reads with today's amounts.
void addReadRoutes(Router& router, ApiContext& api);

// POST /api/v1/runs, POST /api/v1/sync, GET /api/v1/runs/{date}/preview.
void addRunRoutes(Router& router, ApiContext& api);

// Offers, proposals, accept/cancel an agreement, promises, cancel a receivable.
void addNegotiationRoutes(Router& router, ApiContext& api);

// Bank credits waiting for reconciliation: list, match, ignore (services::Reconciliation).
void addReconciliationRoutes(Router& router, ApiContext& api);

// GET /c/{token}: the client's own page and its PIX QR images; the pages' assets.
void addClientPageRoutes(Router& router, ApiContext& api);

// The office pages: sign-in, the dashboard, the delinquent list and the client screen.
void addOfficePageRoutes(Router& router, ApiContext& api);

// The negotiation service for one request, with the policies in force.
struct NegotiationFor {
  explicit NegotiationFor(ApiContext& api);
  std::shared_ptr<const config::PolicySet> policies;
  std::unique_ptr<domain::ChargeCalculator> charges;
  services::NegotiationService service;
};

// Who did it, for the history: the key's name.
inline std::string actorOf(const Call& call) { return "api:" + call.keyName; }

// The request's JSON object (an empty body is an empty object) handed to `read`;
// the 400/422 answer when it is not one, has fields outside `allowed`, or `read` found
// problems; nothing when it is fine.
template <typename Read>
std::optional<Response> readBody(const Call& call, std::initializer_list<std::string_view> allowed, Read read) {
  std::vector<FieldProblem> problems;
  Poco::JSON::Object::Ptr body =
      call.request.body.empty() ? Poco::JSON::Object::Ptr(new Poco::JSON::Object) : parseObject(call.request.body, problems);
  if (!body) return problem(400, "corpo inválido", "validacao", problems);
  JsonFields fields(*body, "", problems);
  fields.allowOnly(allowed);
  read(fields);
  if (!problems.empty()) return problem(422, "corpo com problemas; nada foi feito", "validacao", problems);
  return std::nullopt;
}

// The day a query parameter names (AAAA-MM-DD), today (office time) when absent;
// nothing with `refused` set to a 400 when it is not a date.
std::optional<Date> dayParam(const Call& call, const std::string& name, Response& refused);

// A page of a list: `limit` items (1..kMaxPage, default 100) after `cursor` (the
// next_cursor of the page before; 0 for the first page).
inline constexpr std::size_t kMaxPage = 1000;
struct Page {
  std::size_t limit = 100;
  std::int64_t cursor = 0;
};
std::optional<Page> pageParams(const Call& call, Response& refused);
// {"items": [...], "next_cursor": "..." or null at the end}.
Response pageResponse(Poco::JSON::Array::Ptr items, std::optional<std::int64_t> next);

// The path parameter `id` as the store's internal id (digits only); nothing otherwise.
std::optional<std::int64_t> internalIdParam(const Call& call);

// The query parameter `name` of the request, decoded; nothing when absent.
std::optional<std::string> queryParam(const Request& request, const std::string& name);

// A service's refusal as problem+json: 404 not found, 409 ambiguous, 422 refused.
Response problemFor(const services::ServiceError& error);

// A JSON body from a Poco object.
Response jsonResponse(int status, const Poco::JSON::Object& body);

}  // namespace regua::http
