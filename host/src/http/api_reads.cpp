// What the office's systems ask Régua: a client with today's amounts, a receivable's
// stages, a quote, a client's history, the delinquency and aging reports, the tasks.
// Every answer is the JSON the CLI's --json prints (services/json_views.hpp); lists are
// paged with an opaque cursor.
#include <map>

#include "engine/plugin_quoter.hpp"
#include "http/api_routes.hpp"
#include "http/problem.hpp"
#include "services/client_history.hpp"
#include "services/client_overview.hpp"
#include "services/collection_service.hpp"
#include "services/delinquency.hpp"
#include "services/effectiveness.hpp"
#include "services/explain.hpp"
#include "services/json_views.hpp"
#include "services/receivable_quote.hpp"
#include "services/task_board.hpp"

namespace regua::http {

Response problemFor(const services::ServiceError& error) {
  using Kind = services::ServiceError::Kind;
  return problem(error.kind() == Kind::kNotFound ? 404 : error.kind() == Kind::kAmbiguous ? 409 : 422, error.what());
}

std::optional<Date> dayParam(const Call& call, const std::string& name, Response& refused) {
  const auto text = queryParam(call.request, name);
  if (!text || text->empty()) return services::localNow().day;
  const auto day = Date::parseIso(*text);
  if (!day) refused = problem(400, "parâmetro " + name + "='" + *text + "' inválido; use AAAA-MM-DD com um dia que existe");
  return day;
}

std::optional<Page> pageParams(const Call& call, Response& refused) {
  Page page;
  if (const auto limit = queryParam(call.request, "limit")) {
    try {
      const long n = std::stol(*limit);
      if (n < 1 || n > static_cast<long>(kMaxPage)) throw std::out_of_range("limit");
      page.limit = static_cast<std::size_t>(n);
    } catch (const std::exception&) {
      refused = problem(400, "limit='" + *limit + "' inválido; use de 1 a " + std::to_string(kMaxPage));
      return std::nullopt;
    }
  }
  if (const auto cursor = queryParam(call.request, "cursor"); cursor && !cursor->empty()) {
    if (cursor->find_first_not_of("0123456789") != std::string::npos || cursor->size() > 18) {
      refused = problem(400, "cursor inválido; use o next_cursor da página anterior, como veio");
      return std::nullopt;
    }
    page.cursor = std::stoll(*cursor);
  }
  return page;
}

Response pageResponse(Poco::JSON::Array::Ptr items, std::optional<std::int64_t> next) {
  Poco::JSON::Object body(Poco::JSON_PRESERVE_KEY_ORDER);
  body.set("items", items);
  body.set("next_cursor", next ? Poco::Dynamic::Var(std::to_string(*next)) : Poco::Dynamic::Var());
  return jsonResponse(200, body);
}

namespace {

// A computed list (a report) served a page at a time: the cursor is the offset.
template <typename T>
Response offsetPage(const std::vector<T>& all, const Page& page) {
  Poco::JSON::Array::Ptr items = new Poco::JSON::Array;
  const std::size_t from = std::min(static_cast<std::size_t>(page.cursor), all.size());
  const std::size_t to = std::min(from + page.limit, all.size());
  for (std::size_t i = from; i < to; ++i) items->add(services::toJson(all[i]));
  return pageResponse(items, to < all.size() ? std::optional<std::int64_t>(to) : std::nullopt);
}

Response notFoundClient(const std::string& ref) {
  return problem(404, "cliente '" + ref + "' não encontrado; use o id do sistema do escritório, o CPF/CNPJ ou o id interno");
}

Response receivable(ApiContext& api, const Call& call) {
  Response refused;
  const auto asOf = dayParam(call, "on", refused);
  if (!asOf) return refused;
  const auto policies = api.policies();
  const auto quoter = engine::makeQuoter(api.plugins, api.config.city);
  const std::string& ref = call.params.at("id");
  const auto result =
      services::explainReceivable(api.db(), *policies, api.calendar, api.config, *quoter, ref, *asOf);
  if (result.matches > 1) {
    return problem(409, "há " + std::to_string(result.matches) + " títulos com o id '" + ref +
                            "' (de fontes diferentes); use o id interno");
  }
  if (!result.explanation) return problem(404, "título '" + ref + "' não encontrado; use o id na origem ou o id interno");
  return jsonResponse(200, *services::toJson(*result.explanation, *asOf));
}

Response quote(ApiContext& api, const Call& call) {
  Response refused;
  const auto on = dayParam(call, "on", refused);
  if (!on) return refused;
  const auto ref = queryParam(call.request, "receivable");
  if (!ref || ref->empty()) return problem(400, "falta o parâmetro receivable (o id do título)");
  try {
    const auto policies = api.policies();
    const auto q = services::quoteReceivable(api.db(), *policies, api.config, api.plugins, *ref, *on);
    return jsonResponse(200, *services::toJson(q, *on));
  } catch (const services::ServiceError& e) {
    return problemFor(e);
  }
}

Response history(ApiContext& api, const Call& call) {
  Response refused;
  const auto page = pageParams(call, refused);
  if (!page) return refused;
  const std::string& ref = call.params.at("id");
  const std::int64_t before = page->cursor > 0 ? page->cursor : std::numeric_limits<std::int64_t>::max();
  const auto found = services::clientHistory(api.db(), ref, queryParam(call.request, "source"),
                                             static_cast<int>(page->limit) + 1, before);
  if (!found) return notFoundClient(ref);
  Poco::JSON::Array::Ptr items = new Poco::JSON::Array;
  const auto& entries = found->entries;
  const std::size_t shown = std::min(entries.size(), page->limit);
  for (std::size_t i = 0; i < shown; ++i) items->add(services::toJson(entries[i]));
  return pageResponse(items, entries.size() > page->limit ? std::optional(entries[shown - 1].id) : std::nullopt);
}

// The delinquent clients on a day, optionally of one responsible person or bucket.
std::vector<services::DelinquentClient> delinquentsFor(ApiContext& api, const Call& call, Date on) {
  const auto policies = api.policies();
  const auto quoter = engine::makeQuoter(api.plugins, api.config.city);
  return services::filtered(services::delinquents(api.db(), *policies, api.calendar, api.config.city, *quoter, on),
                            {queryParam(call.request, "responsible").value_or(""),
                             queryParam(call.request, "segment").value_or(""),
                             queryParam(call.request, "bucket").value_or("")});
}

Response delinquentsReport(ApiContext& api, const Call& call) {
  Response refused;
  const auto on = dayParam(call, "on", refused);
  const auto page = on ? pageParams(call, refused) : std::nullopt;
  if (!page) return refused;
  return offsetPage(delinquentsFor(api, call, *on), *page);
}

// The office dashboard's numbers (services::dashboard) on `on`, for the period `from`..`to`.
Response dashboardReport(ApiContext& api, const Call& call) {
  Response refused;
  const auto on = dayParam(call, "on", refused);
  if (!on) return refused;
  std::optional<Date> from, to;
  for (auto [name, day] : {std::pair{"from", &from}, std::pair{"to", &to}}) {
    if (!queryParam(call.request, name)) continue;
    *day = dayParam(call, name, refused);
    if (!*day) return refused;
  }
  const auto policies = api.policies();
  const auto quoter = engine::makeQuoter(api.plugins, api.config.city);
  try {
    return jsonResponse(200, *services::toJson(api.dashboards.get(api.db(), policies, api.calendar, api.config.city,
                                                                  *quoter, *on, from, to)));
  } catch (const services::ServiceError& e) {
    return problem(400, e.what());
  }
}

// Which message works (services::effectiveness), for messages sent from `from` to `to`.
Response effectivenessReport(ApiContext& api, const Call& call) {
  Response refused;
  const auto to = dayParam(call, "to", refused);
  if (!to) return refused;
  const auto fromText = queryParam(call.request, "from");
  const auto from = fromText ? dayParam(call, "from", refused) : std::optional(to->plusDays(-90));
  if (!from) return refused;
  if (*from > *to) return problem(400, "'from' (" + from->br() + ") depois de 'to' (" + to->br() + ")");
  const auto report = services::effectiveness(api.db(), *from, *to);
  Poco::JSON::Object body(Poco::JSON_PRESERVE_KEY_ORDER);
  body.set("from", from->iso());
  body.set("to", to->iso());
  body.set("method", services::effectivenessMethod());
  Poco::JSON::Array::Ptr items = new Poco::JSON::Array;
  for (const auto& r : report.rows) {
    Poco::JSON::Object::Ptr row = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    row->set("policy", r.policyId);
    row->set("stage", r.stageId);
    row->set("channel", r.channel);
    row->set("template", r.templateName);
    row->set("receivables", r.receivables);
    row->set("paid_within_3_days", r.paidWithin3);
    row->set("paid_within_7_days", r.paidWithin7);
    row->set("paid_within_15_days", r.paidWithin15);
    row->set("paid", r.paid);
    row->set("median_days_to_payment", r.medianDays ? Poco::Dynamic::Var(*r.medianDays) : Poco::Dynamic::Var());
    items->add(row);
  }
  body.set("items", items);
  return jsonResponse(200, body);
}

// Overdue totals per bucket (1-5, 6-30, 31-60, 61-90, 90+ days late).
Response agingReport(ApiContext& api, const Call& call) {
  Response refused;
  const auto on = dayParam(call, "on", refused);
  if (!on) return refused;
  struct Bucket {
    std::size_t clients = 0;
    int items = 0;
    Money overdue, updated;
  };
  std::map<std::string, Bucket> buckets;
  for (const char* name : {"1-5", "6-30", "31-60", "61-90", "90+"}) buckets[name];
  for (const auto& c : delinquentsFor(api, call, *on)) {
    auto& b = buckets[c.bucket];
    ++b.clients;
    b.items += c.items;
    b.overdue += c.overdue;
    b.updated += c.updated;
  }
  Poco::JSON::Array::Ptr rows = new Poco::JSON::Array;
  for (const char* name : {"1-5", "6-30", "31-60", "61-90", "90+"}) {
    const auto& b = buckets[name];
    Poco::JSON::Object::Ptr row = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    row->set("bucket", name);
    row->set("clients", b.clients);
    row->set("items", b.items);
    row->set("overdue", services::moneyJson(b.overdue));
    row->set("updated", services::moneyJson(b.updated));
    rows->add(row);
  }
  Poco::JSON::Object body(Poco::JSON_PRESERVE_KEY_ORDER);
  body.set("on", on->iso());
  body.set("buckets", rows);
  return jsonResponse(200, body);
}

Response tasks(ApiContext& api, const Call& call) {
  Response refused;
  const auto page = pageParams(call, refused);
  if (!page) return refused;
  const auto open = queryParam(call.request, "open");
  if (open && *open != "true" && *open != "false") return problem(400, "open deve ser true ou false");
  const auto list = services::listTasks(api.db(), queryParam(call.request, "responsible"), open && *open == "true");
  return offsetPage(list, *page);
}

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
  if (!overview) return notFoundClient(ref);
  return jsonResponse(200, *services::toJson(*overview));
}

}  // namespace

void addReadRoutes(Router& router, ApiContext& api) {
  const auto read = [&](const std::string& pattern, Response (*handler)(ApiContext&, const Call&)) {
    router.add("GET", pattern, Access::kRead, [&api, handler](const Call& call) { return handler(api, call); });
  };
  read("/api/v1/clients/{id}", clientOverview);
  read("/api/v1/clients/{id}/history", history);
  read("/api/v1/receivables/{id}", receivable);
  read("/api/v1/quote", quote);
  read("/api/v1/reports/delinquents", delinquentsReport);
  read("/api/v1/reports/aging", agingReport);
  read("/api/v1/reports/effectiveness", effectivenessReport);
  read("/api/v1/reports/dashboard", dashboardReport);
  read("/api/v1/tasks", tasks);
}

}  // namespace regua::http
