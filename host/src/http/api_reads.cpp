// What the office's systems ask Régua: a client with today's amounts, ... Every answer
// is the JSON the CLI's --json prints (services/json_views.hpp).
#include "engine/plugin_quoter.hpp"
#include "http/api_routes.hpp"
#include "http/problem.hpp"
#include "services/client_overview.hpp"
#include "services/collection_service.hpp"
#include "services/json_views.hpp"

namespace regua::http {

std::optional<Date> dayParam(const Call& call, const std::string& name, Response& refused) {
  const auto text = queryParam(call.request, name);
  if (!text || text->empty()) return services::localNow().day;
  const auto day = Date::parseIso(*text);
  if (!day) refused = problem(400, "parâmetro " + name + "='" + *text + "' inválido; use AAAA-MM-DD com um dia que existe");
  return day;
}

namespace {

Response clientOverview(ApiContext& api, const Call& call) {
  Response refused;
  const auto asOf = dayParam(call, "on", refused);
  if (!asOf) return refused;
  auto& db = api.db();
  const auto policies = api.policies();
  const auto quoter = engine::makeQuoter(api.plugins, api.config.city);
  const std::string& ref = call.params.at("id");
  const auto overview = services::clientOverview(db, *policies, api.calendar, api.config, *quoter, ref,
                                                 queryParam(call.request, "source"), *asOf);
  if (!overview) {
    return problem(404, "cliente '" + ref + "' não encontrado; use o id do sistema do escritório, o CPF/CNPJ ou o id interno");
  }
  return jsonResponse(200, *services::toJson(*overview));
}

}  // namespace

void addReadRoutes(Router& router, ApiContext& api) {
  router.add("GET", "/api/v1/clients/{id}", Access::kRead, [&api](const Call& call) { return clientOverview(api, call); });
}

}  // namespace regua::http
