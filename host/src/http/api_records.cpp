// POST /api/v1/clients, /api/v1/receivables and /api/v1/payments: the office's systems
// push what clients owe. Each request is one batch, stored all or nothing, checked by
// the same rules as a CSV export (services::SourceSync::push); every bad item is listed
// by its index and field.

#include <Poco/URI.h>

#include "common/words.hpp"
#include "engine/plugin_quoter.hpp"
#include "http/api_routes.hpp"
#include "http/json_body.hpp"
#include "common/json_text.hpp"
#include "services/collection_service.hpp"
#include "services/source_sync.hpp"

namespace regua::http {

Response jsonResponse(int status, const Poco::JSON::Object& body) {
  Response response;
  response.status = status;
  response.body = jsonText(body);
  return response;
}

std::optional<std::int64_t> internalIdParam(const Call& call) {
  const std::string& text = call.params.at("id");
  if (text.empty() || text.size() > 18 || text.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  return std::stoll(text);
}

std::optional<std::string> queryParam(const Request& request, const std::string& name) {
  try {
    for (const auto& [key, value] : Poco::URI(request.target).getQueryParameters()) {
      if (key == name) return value;
    }
  } catch (const Poco::Exception&) {  // the server already refused targets that are not URIs
  }
  return std::nullopt;
}

namespace {

// Records pushed without ?source= belong to the source "api".
constexpr const char* kDefaultSource = "api";

void readClient(JsonFields& f, plugin::SourceClient& c) {
  f.allowOnly({"id", "name", "document", "email", "phone", "whatsapp", "segment", "tags", "responsible",
               "preferred_channel", "client_since", "payment_contact"});
  c.externalId = f.text("id", true).value_or("");
  c.name = f.text("name", true).value_or("");
  c.document = f.text("document", true).value_or("");
  c.email = f.text("email", false).value_or("");
  c.phone = f.text("phone", false).value_or("");
  c.whatsapp = f.text("whatsapp", false).value_or("");
  c.segment = f.text("segment", false).value_or("");
  for (const auto& tag : f.texts("tags")) c.tags += (c.tags.empty() ? "" : ",") + tag;
  c.responsible = f.text("responsible", false).value_or("");
  c.preferredChannel = f.text("preferred_channel", false).value_or("");
  c.clientSince = f.date("client_since", false);
  if (const auto payer = f.object("payment_contact", false)) {
    auto p = f.nested("payment_contact", *payer);
    p.allowOnly({"name", "role", "email", "phone", "owner"});
    c.paymentContactName = p.text("name", false).value_or("");
    c.paymentContactRole = p.text("role", false).value_or("");
    c.paymentContactEmail = p.text("email", false).value_or("");
    c.paymentContactPhone = p.text("phone", false).value_or("");
    c.paymentContactOwner = p.text("owner", false).value_or("");
  }
}

void readReceivable(JsonFields& f, plugin::SourceReceivable& r) {
  f.allowOnly({"id", "client_id", "description", "amount", "issue_date", "due_date", "policy", "nosso_numero",
               "boleto_line"});
  r.externalId = f.text("id", true).value_or("");
  r.clientExternalId = f.text("client_id", true).value_or("");
  r.description = f.text("description", false).value_or("");
  r.amount = f.centavos("amount", true).value_or(Money());
  r.dueDate = f.date("due_date", true).value_or(Date());
  r.issueDate = f.date("issue_date", false).value_or(r.dueDate);
  r.policyId = f.text("policy", false).value_or("");
  r.nossoNumero = f.text("nosso_numero", false).value_or("");
  r.boletoLine = f.text("boleto_line", false).value_or("");
}

void readPayment(JsonFields& f, plugin::SourcePayment& p) {
  f.allowOnly({"id", "receivable_id", "nosso_numero", "amount", "paid_date", "credit_date", "method"});
  p.externalId = f.text("id", true).value_or("");
  p.nossoNumero = f.text("nosso_numero", false).value_or("");
  p.receivableExternalId = f.text("receivable_id", p.nossoNumero.empty()).value_or("");
  p.amount = f.centavos("amount", true).value_or(Money());
  p.paidDate = f.date("paid_date", true).value_or(Date());
  p.creditDate = f.date("credit_date", false);
  p.method = f.text("method", false).value_or("");
}

// Reads body[`list`] item by item into `out` with `read`; every item's origin is its
// JSON Pointer, so the store's checks name it the same way.
template <typename Record, typename Reader>
void readBatch(const Poco::JSON::Object& body, const std::string& list, std::vector<Record>& out, Reader read,
               std::vector<FieldProblem>& problems) {
  JsonFields top(body, "", problems);
  top.allowOnly({list});
  const auto items = top.array(list, true, kMaxBatchItems);
  if (!items) return;
  out.resize(items->size());
  for (std::size_t i = 0; i < items->size(); ++i) {
    const std::string where = "/" + list + "/" + std::to_string(i);
    out[i].origin = where;
    const auto item = items->getObject(static_cast<unsigned>(i));
    if (!item) {
      problems.push_back({where, "cada item deve ser um objeto"});
      continue;
    }
    JsonFields fields(*item, where, problems);
    read(fields, out[i]);
  }
}

Poco::JSON::Object::Ptr countsJson(const services::SyncCounts& counts) {
  Poco::JSON::Object::Ptr out = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  out->set("added", counts.added);
  out->set("changed", counts.changed);
  out->set("unchanged", counts.unchanged);
  return out;
}

Response reportJson(const services::SyncReport& report, const std::string& list) {
  Poco::JSON::Object body(Poco::JSON_PRESERVE_KEY_ORDER);
  body.set("source", report.source);
  if (list == "clients") body.set("clients", countsJson(report.clients));
  if (list == "receivables") body.set("receivables", countsJson(report.receivables));
  if (list == "payments") {
    Poco::JSON::Object::Ptr payments = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    payments->set("recorded", report.payments);
    payments->set("already_recorded", report.paymentsKnown);
    body.set("payments", payments);
    body.set("settled", report.settled);
    body.set("cancelled_actions", report.cancelledIntents);
    body.set("closed_tasks", report.closedTasks);
  }
  return jsonResponse(200, body);
}

Response refusedBatch(const services::SyncReport& report) {
  std::vector<FieldProblem> problems;
  for (const auto& p : report.problems) {
    problems.push_back({p.field.empty() ? p.where : p.where + "/" + p.field, p.detail});
  }
  return problem(422, counted(problems.size(), "problema", "problemas") + " no lote; nada foi gravado. Corrija e envie o lote de novo.",
                 "validacao", problems);
}

// One POST handler: read the batch, push it through the store's checks, answer.
template <typename Record, typename Reader>
Route::Handler batchHandler(ApiContext& api, std::string list, std::vector<Record> services::PushedRecords::*member,
                            Reader read) {
  return [&api, list, member, read](const Call& call) {
    std::vector<FieldProblem> problems;
    const auto body = parseObject(call.request.body, problems);
    services::PushedRecords records;
    if (body) readBatch(*body, list, records.*member, read, problems);
    if (!problems.empty()) {
      return problem(body ? 422 : 400, counted(problems.size(), "problema", "problemas") + " no corpo; nada foi gravado.", "validacao", problems);
    }
    auto& db = api.db();
    const auto policies = api.policies();
    const auto charges = engine::makeCharges(api.plugins, policies.get(), db, api.config.city);
    services::SourceSync sync(db, *charges, services::localNow().day);
    const auto report = sync.push(queryParam(call.request, "source").value_or(kDefaultSource), records);
    return report.ok ? reportJson(report, list) : refusedBatch(report);
  };
}

}  // namespace

void addRecordRoutes(Router& router, ApiContext& api) {
  router.add("POST", "/api/v1/clients", Access::kUpsert,
             batchHandler(api, "clients", &services::PushedRecords::clients, readClient));
  router.add("POST", "/api/v1/receivables", Access::kUpsert,
             batchHandler(api, "receivables", &services::PushedRecords::receivables, readReceivable));
  router.add("POST", "/api/v1/payments", Access::kRecordPayment,
             batchHandler(api, "payments", &services::PushedRecords::payments, readPayment));
}

}  // namespace regua::http
