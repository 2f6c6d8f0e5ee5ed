#include "services/json_views.hpp"

namespace regua::services {

namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

Object::Ptr newObject() { return new Object(Poco::JSON_PRESERVE_KEY_ORDER); }

Object::Ptr clientJson(const domain::Client& c) {
  auto out = newObject();
  out->set("id", c.externalId);
  out->set("source", c.source);
  out->set("name", c.name);
  out->set("document", c.document);
  out->set("segment", c.segment);
  out->set("responsible", c.responsible);
  out->set("preferred_channel", c.preferredChannel);
  Array::Ptr tags = new Array;
  for (const auto& t : c.tags) tags->add(t);
  out->set("tags", tags);
  Array::Ptr contacts = new Array;
  for (const auto& k : c.contacts) {
    auto contact = newObject();
    contact->set("channel", k.channel);
    contact->set("address", k.address);
    contact->set("name", k.name);
    contact->set("payment_contact", k.paymentContact);
    contact->set("opted_out", k.optedOut);
    contact->set("refused_by_server", k.bounced);
    contacts->add(contact);
  }
  out->set("contacts", contacts);
  out->set("paused_until", c.pausedUntil ? c.pausedUntil->iso() : "");
  out->set("credit", moneyJson(c.credit));
  return out;
}

Object::Ptr openItemJson(const OpenItemToday& item) {
  const auto& f = item.facts;
  auto out = newObject();
  out->set("id", f.receivableExternalId);
  out->set("description", f.description);
  out->set("amount", moneyJson(f.amount));
  out->set("open", moneyJson(f.open));
  out->set("amount_today", moneyJson(item.amountToday));
  out->set("issue_date", f.issueDate.iso());
  out->set("due_date", f.dueDate.iso());
  out->set("effective_due_date", item.effectiveDue.iso());
  out->set("days_late", item.daysLate);
  out->set("policy", f.policyId);
  return out;
}

Object::Ptr profileJson(const domain::PaymentProfile& p) {
  auto out = newObject();
  out->set("kind", std::string(domain::toString(p.kind)));
  out->set("settled_last_12_months", p.settledLast12Months);
  out->set("late_payments_last_12_months", p.latePaymentsLast12Months);
  out->set("open_overdue", p.openOverdue);
  out->set("average_days_late", p.averageDaysLateTenths / 10.0);
  out->set("max_days_late", p.maxDaysLate);
  out->set("on_time_streak", p.onTimeStreak);
  return out;
}

Object::Ptr stageJson(const store::IntentRecord& i) {
  auto out = newObject();
  out->set("policy", i.policyId);
  out->set("stage", i.stageId);
  out->set("action", i.action);
  out->set("channel", i.channel);
  out->set("done_on", i.doneOn ? i.doneOn->iso() : "");
  return out;
}

Object::Ptr taskJson(const store::TaskRecord& t) {
  auto out = newObject();
  out->set("id", t.id);
  out->set("type", t.type);
  out->set("title", t.title);
  out->set("responsible", t.responsible);
  out->set("due_date", t.dueDate.iso());
  return out;
}

Object::Ptr agreementJson(const store::Agreement& a) {
  auto out = newObject();
  out->set("id", a.id);
  out->set("status", a.status);
  out->set("installments", a.installments);
  out->set("total", moneyJson(a.total));
  out->set("proposed_on", a.proposedOn.iso());
  out->set("accepted_on", a.acceptedOn ? a.acceptedOn->iso() : "");
  out->set("ended_on", a.endedOn ? a.endedOn->iso() : "");
  return out;
}

Object::Ptr promiseJson(const store::Promise& p) {
  auto out = newObject();
  out->set("id", p.id);
  out->set("made_on", p.madeOn.iso());
  out->set("until", p.until.iso());
  out->set("amount", moneyJson(p.amount));
  out->set("status", p.status);
  return out;
}

template <typename T, typename F>
Array::Ptr arrayOf(const std::vector<T>& items, F toJson) {
  Array::Ptr out = new Array;
  for (const auto& item : items) out->add(toJson(item));
  return out;
}

}  // namespace

Object::Ptr moneyJson(Money amount) {
  auto out = newObject();
  out->set("centavos", amount.centavos());
  out->set("brl", amount.toBrl());
  return out;
}

Object::Ptr toJson(const ClientOverview& o) {
  auto out = newObject();
  out->set("as_of", o.asOf.iso());
  out->set("client", clientJson(o.client));
  out->set("open_total", moneyJson(o.openTotal));
  out->set("total_today", moneyJson(o.todayTotal));
  out->set("open_items", arrayOf(o.open, openItemJson));
  out->set("payment_profile", profileJson(o.profile));
  out->set("stages_done", arrayOf(o.stagesDone, stageJson));
  out->set("open_tasks", arrayOf(o.openTasks, taskJson));
  out->set("agreements", arrayOf(o.agreements, agreementJson));
  if (o.openPromise) {
    out->set("open_promise", promiseJson(*o.openPromise));
  } else {
    out->set("open_promise", Poco::Dynamic::Var());
  }
  return out;
}

}  // namespace regua::services
