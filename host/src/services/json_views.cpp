#include "services/json_views.hpp"

#include <algorithm>
#include <sstream>

#include <Poco/JSON/Stringifier.h>

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

Object::Ptr promiseJson(const store::Promise& p) {
  auto out = newObject();
  out->set("id", p.id);
  out->set("made_on", p.madeOn.iso());
  out->set("until", p.until.iso());
  out->set("amount", moneyJson(p.amount));
  out->set("status", p.status);
  return out;
}

// The verdict's stable code, for programs; `verdict_text` carries the words.
const char* verdictCode(engine::Verdict verdict) {
  switch (verdict) {
    case engine::Verdict::kFire: return "fire";
    case engine::Verdict::kSkipCatchUp: return "skip_catch_up";
    case engine::Verdict::kFired: return "recorded";
    case engine::Verdict::kNotYet: return "not_yet";
    case engine::Verdict::kNotApplicable: return "not_applicable";
    case engine::Verdict::kPaused: return "paused";
  }
  return "?";
}

template <typename T, typename F>
Array::Ptr arrayOf(const std::vector<T>& items, F toJson) {
  Array::Ptr out = new Array;
  for (const auto& item : items) out->add(toJson(item));
  return out;
}

}  // namespace

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
  out->set("agreements", arrayOf(o.agreements, [&](const store::Agreement& a) { return toJson(a, o.client.externalId, nullptr); }));
  if (o.openPromise) {
    out->set("open_promise", promiseJson(*o.openPromise));
  } else {
    out->set("open_promise", Poco::Dynamic::Var());
  }
  return out;
}

Object::Ptr toJson(const engine::Cycle::Explanation& x, Date asOf) {
  const auto& f = x.facts;
  const auto& e = x.evaluation;
  auto out = newObject();
  out->set("as_of", asOf.iso());
  out->set("id", f.receivableExternalId);
  out->set("internal_id", f.receivableId);
  out->set("client", f.clientExternalId);
  out->set("client_name", f.clientName);
  out->set("description", f.description);
  out->set("status", std::string(domain::toString(x.status)));
  out->set("amount", moneyJson(f.amount));
  out->set("open", moneyJson(f.open));
  out->set("due_date", f.dueDate.iso());
  out->set("effective_due_date", e.effectiveDue.iso());
  out->set("days_late", e.daysLate);
  out->set("policy", e.policy != nullptr ? e.policy->id : "");
  Array::Ptr stages = new Array;
  for (const auto& d : e.stages) {
    auto stage = newObject();
    stage->set("stage", d.stage->id);
    stage->set("offset", d.stage->offsetText());
    stage->set("day", d.day.iso());
    stage->set("verdict", verdictCode(d.verdict));
    stage->set("verdict_text", std::string(engine::toString(d.verdict)));
    stage->set("why", d.why);
    stages->add(stage);
  }
  out->set("stages", stages);
  Array::Ptr recorded = new Array;
  for (const auto& i : x.recorded) {
    auto action = newObject();
    action->set("stage", i.stageId);
    action->set("action", i.action);
    action->set("channel", i.channel);
    action->set("state", std::string(store::toString(i.state)));
    action->set("state_text", std::string(engine::describe(i.state)));
    action->set("for_date", i.forDate.iso());
    action->set("note", i.lastError.empty() ? i.reason : i.lastError);
    recorded->add(action);
  }
  out->set("actions", recorded);
  return out;
}

Object::Ptr toJson(const ReceivableQuote& q, Date on) {
  auto out = newObject();
  out->set("receivable", q.facts.receivableExternalId);
  out->set("on", on.iso());
  out->set("policy", q.policyId);
  out->set("principal", moneyJson(q.quote.principal));
  out->set("fine", moneyJson(q.quote.fine));
  out->set("interest", moneyJson(q.quote.interest));
  out->set("discount", moneyJson(q.quote.discount));
  out->set("earlier_charges", moneyJson(q.earlierCharges));
  out->set("total", moneyJson(q.total));
  out->set("effective_due_date", q.quote.effectiveDue.iso());
  out->set("days_late", q.quote.daysLate);
  Array::Ptr notes = new Array;
  for (std::size_t start = 0; start < q.quote.notes.size();) {
    auto end = q.quote.notes.find("; ", start);
    if (end == std::string::npos) end = q.quote.notes.size();
    notes->add(q.quote.notes.substr(start, end - start));
    start = end + 2;
  }
  out->set("notes", notes);
  return out;
}

Object::Ptr toJson(const store::HistoryEntry& h) {
  auto out = newObject();
  out->set("id", h.id);
  out->set("at", h.at);
  out->set("kind", h.kind);
  out->set("actor", h.actor);
  out->set("summary", h.summary);
  out->set("details", h.details);
  return out;
}

Object::Ptr toJson(const DelinquentClient& c) {
  auto out = newObject();
  out->set("client", c.clientId);
  out->set("name", c.name);
  out->set("responsible", c.responsible);
  out->set("items", c.items);
  out->set("overdue", moneyJson(c.overdue));
  out->set("updated", moneyJson(c.updated));
  out->set("oldest_due_date", c.oldestDue.iso());
  out->set("days_late", c.daysLate);
  out->set("bucket", c.bucket);
  out->set("last_stage", c.lastStage);
  return out;
}

Object::Ptr toJson(const TaskView& v) {
  const auto& t = v.task;
  auto out = newObject();
  out->set("id", t.id);
  out->set("type", t.type);
  out->set("client", v.clientId);
  out->set("client_name", v.clientName);
  out->set("responsible", t.responsible);
  out->set("title", t.title);
  out->set("start_date", t.startDate.iso());
  out->set("due_date", t.dueDate.iso());
  out->set("status", t.open ? "open" : "closed");
  out->set("escalated_on", t.escalatedOn ? t.escalatedOn->iso() : "");
  out->set("items", static_cast<int>(v.items));
  auto sinks = newObject();
  for (const auto& [sink, state] : v.sinks) {
    auto s = newObject();
    s->set("external_id", state.externalId);
    s->set("up_to_date", state.syncedRevision == t.revision);
    s->set("refused", state.failedRevision == t.revision);
    s->set("last_error", state.lastError);
    sinks->set(sink, s);
  }
  out->set("sinks", sinks);
  return out;
}

Object::Ptr toJson(const negotiation::Schedule& s) {
  auto out = newObject();
  out->set("installments", s.count);
  out->set("rate", std::string(negotiation::toString(s.plan.rate)));
  out->set("monthly_rate_ppm", s.plan.rate == negotiation::Rate::kNone ? 0 : s.plan.monthlyPpm);
  out->set("debt", moneyJson(s.debt));
  out->set("discount", moneyJson(s.discount));
  out->set("down", moneyJson(s.down));
  out->set("installment", moneyJson(s.regular()));
  out->set("total", moneyJson(s.total()));
  out->set("first_due", s.installments.front().due.iso());
  Array::Ptr schedule = new Array;
  for (const auto& i : s.installments) {
    auto item = newObject();
    item->set("number", i.number);
    item->set("down", i.down);
    item->set("due_date", i.due.iso());
    item->set("amount", moneyJson(i.amount));
    item->set("interest", moneyJson(i.interest));
    schedule->add(item);
  }
  out->set("schedule", schedule);
  return out;
}

Object::Ptr toJson(const store::Agreement& a, const std::string& client, const NegotiationService::Progress* progress) {
  auto out = newObject();
  out->set("id", a.id);
  out->set("client", client);
  out->set("status", a.status);
  out->set("installments", a.installments);
  out->set("rate", a.rate);
  out->set("monthly_rate_ppm", a.monthlyPpm);
  out->set("debt", moneyJson(a.debt));
  out->set("discount", moneyJson(a.discount));
  out->set("down", moneyJson(a.down));
  out->set("total", moneyJson(a.total));
  out->set("policy", a.policyId);
  out->set("proposed_on", a.proposedOn.iso());
  out->set("expires_on", a.expiresOn.iso());
  out->set("accepted_on", a.acceptedOn ? a.acceptedOn->iso() : "");
  out->set("ended_on", a.endedOn ? a.endedOn->iso() : "");
  out->set("end_reason", a.endReason);
  out->set("approved_by", a.approvedBy);
  out->set("beyond_limits", a.beyondLimits);
  if (progress) {
    out->set("paid", moneyJson(progress->paid));
    out->set("open", moneyJson(progress->open));
    out->set("installments_paid", progress->installmentsPaid);
  }
  if (!a.schedule.empty()) {
    Array::Ptr schedule = new Array;
    for (const auto& i : a.schedule) {
      auto item = newObject();
      item->set("number", i.number);
      item->set("down", i.down);
      item->set("due_date", i.dueDate.iso());
      item->set("amount", moneyJson(i.amount));
      item->set("receivable", i.receivableId == 0 ? "" : "acordo-" + std::to_string(a.id) + "-" + std::to_string(i.number));
      schedule->add(item);
    }
    out->set("schedule", schedule);
  }
  return out;
}


Object::Ptr toJson(const ClientDebt& debt, const std::vector<negotiation::Schedule>& offers) {
  auto out = newObject();
  out->set("client", debt.client.externalId);
  out->set("as_of", debt.asOf.iso());
  out->set("policy", debt.policy->id);
  out->set("principal", moneyJson(debt.debt.principal));
  out->set("fine", moneyJson(debt.debt.fine));
  out->set("interest", moneyJson(debt.debt.interest));
  out->set("total", moneyJson(debt.debt.total()));
  out->set("valid_until", debt.asOf.plusDays(debt.terms.validDays).iso());
  Array::Ptr items = new Array;
  for (const auto& line : debt.lines) {
    auto item = newObject();
    item->set("receivable", line.receivable.externalId);
    item->set("due_date", line.receivable.dueDate.iso());
    item->set("days_late", line.daysLate);
    item->set("principal", moneyJson(line.receivable.principalOpen));
    item->set("fine", moneyJson(line.fine));
    item->set("interest", moneyJson(line.interest));
    item->set("total", moneyJson(line.total()));
    items->add(item);
  }
  out->set("items", items);
  out->set("offers", arrayOf(offers, [](const negotiation::Schedule& s) { return toJson(s); }));
  return out;
}

Object::Ptr toJson(const WebhookStatus& s) {
  auto out = newObject();
  out->set("name", s.name);
  out->set("url", s.url);
  out->set("state", s.disabled ? "disabled" : "active");
  if (s.disabled) out->set("reason", s.reason);
  out->set("pending", s.pending);
  if (!s.lastError.empty()) out->set("last_error", s.lastError);
  return out;
}

Object::Ptr toJson(const CycleReport& r) {
  auto out = newObject();
  out->set("as_of", r.day.iso());
  out->set("created", r.plan.created);
  out->set("sent", r.sent.done);
  out->set("calls", r.sent.calls);
  out->set("messages", r.sent.messages);
  out->set("waiting", r.sent.waiting);
  out->set("retrying", r.sent.retrying);
  out->set("failed", r.sent.failed);
  out->set("skipped", r.plan.toSkip);
  out->set("cancelled", r.sent.cancelled);
  out->set("plan_ms", static_cast<long>(r.planTime.count()));
  out->set("intents_written", r.plan.written);
  out->set("write_ms", static_cast<long>(r.plan.writeSeconds * 1000));
  out->set("dispatch_ms", static_cast<long>(r.dispatchTime.count()));
  out->set("tasks_escalated", r.tasksEscalated);
  out->set("tasks_pushed", r.tasks.pushed);
  out->set("tasks_waiting", r.tasks.waiting);
  out->set("tasks_refused", r.tasks.refused);
  out->set("tasks_without_responsible", r.tasksWithoutResponsible);
  out->set("tasks_push_ms", static_cast<long>(r.pushTime.count()));
  out->set("agreements_broken", r.reviewed.agreementsBroken);
  out->set("promises_kept", r.reviewed.promisesKept);
  out->set("promises_broken", r.reviewed.promisesBroken);
  out->set("batches", r.sent.batches);
  out->set("joined", r.joined);
  if (r.joined) out->set("planned_by", r.plannedBy);
  return out;
}

Object::Ptr toJson(const DispatchStatus& s) {
  auto out = newObject();
  out->set("as_of", s.day.iso());
  out->set("last_cycle_day", s.lastCycleDay ? Poco::Dynamic::Var(s.lastCycleDay->iso()) : Poco::Dynamic::Var());
  out->set("engine_lock_holder", s.engineLockHolder.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(s.engineLockHolder));
  auto progress = newObject();
  progress->set("planned", static_cast<Poco::Int64>(s.progress.planned));
  progress->set("done", static_cast<Poco::Int64>(s.progress.done));
  progress->set("waiting", static_cast<Poco::Int64>(s.progress.waiting));
  progress->set("failed", static_cast<Poco::Int64>(s.progress.failed));
  progress->set("cancelled_or_skipped", static_cast<Poco::Int64>(s.progress.other));
  out->set("progress", progress);
  if (s.round) {
    auto round = newObject();
    round->set("id", static_cast<Poco::Int64>(s.round->id));
    round->set("day", s.round->day.iso());
    round->set("kind", s.round->kind);
    round->set("opened_by", s.round->createdBy);
    round->set("finished", s.round->finished);
    round->set("batches", s.roundProgress.batches);
    round->set("batches_done", s.roundProgress.done);
    out->set("round", round);
  } else {
    out->set("round", Poco::Dynamic::Var());
  }
  out->set("hosts", arrayOf(s.hosts, [](const store::HostActivity& h) {
    auto host = newObject();
    host->set("host", h.host);
    host->set("doing", h.doing);
    host->set("round", h.round ? Poco::Dynamic::Var(static_cast<Poco::Int64>(*h.round)) : Poco::Dynamic::Var());
    host->set("calls", static_cast<Poco::Int64>(h.calls));
    if (h.heldBatch) {
      auto batch = newObject();
      batch->set("seq", *h.heldBatch);
      batch->set("first_client", static_cast<Poco::Int64>(h.heldFirstClient));
      batch->set("last_client", static_cast<Poco::Int64>(h.heldLastClient));
      batch->set("until", h.heldUntil);
      host->set("batch", batch);
    } else {
      host->set("batch", Poco::Dynamic::Var());
    }
    host->set("updated_at", h.updatedAt);
    return host;
  }));
  return out;
}

void appendJson(std::string& out, const engine::PlannedIntent& p) {
  auto key = [&](const char* name) {
    out += out.back() == '{' ? "\"" : ",\"";
    out += name;
    out += "\":";
  };
  auto text = [&](const char* name, const std::string& value) {
    key(name);
    // Most values (ids, dates, stage names) need no escaping and are copied as they are.
    const bool plain = std::none_of(value.begin(), value.end(), [](char c) {
      return c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20;
    });
    if (plain) {
      out += '"';
      out += value;
      out += '"';
      return;
    }
    std::ostringstream escaped;
    Poco::JSON::Stringifier::formatString(value, escaped, Poco::JSON_WRAP_STRINGS);
    out += escaped.str();
  };
  out += '{';
  text("client", p.facts->clientExternalId);
  text("client_name", p.facts->clientName);
  text("receivable", p.facts->receivableExternalId);
  text("due_date", p.facts->dueDate.iso());
  key("days_late");
  out += std::to_string(p.daysLate);
  text("policy", p.intent.policyId);
  text("stage", p.intent.stageId);
  text("action", p.intent.action);
  text("channel", p.intent.channel);
  key("amount_today");
  out += R"({"centavos":)" + std::to_string(p.amountToday.centavos()) + R"(,"brl":")" + p.amountToday.toBrl() + "\"}";
  text("reason", p.intent.reason);
  out += '}';
}

Object::Ptr toJson(const ReviewDecision& d) {
  auto out = newObject();
  switch (d.kind) {
    case ReviewDecision::Kind::kBreakAgreement: out->set("kind", "agreement.broken"); break;
    case ReviewDecision::Kind::kPromiseKept: out->set("kind", "promise.kept"); break;
    case ReviewDecision::Kind::kPromiseBroken: out->set("kind", "promise.broken"); break;
  }
  out->set("client", d.clientName);
  out->set("reason", d.reason);
  return out;
}

Object::Ptr toJson(const SyncReport& r) {
  auto counts = [](const SyncCounts& c) {
    auto o = newObject();
    o->set("added", c.added);
    o->set("changed", c.changed);
    o->set("unchanged", c.unchanged);
    return o;
  };
  auto out = newObject();
  out->set("source", r.source);
  out->set("ok", r.ok);
  out->set("unchanged", r.unchanged);
  out->set("clients", counts(r.clients));
  out->set("receivables", counts(r.receivables));
  out->set("payments", r.payments);
  out->set("payments_already_recorded", r.paymentsKnown);
  out->set("settled", r.settled);
  out->set("cancelled_actions", r.cancelledIntents);
  out->set("closed_tasks", r.closedTasks);
  Array::Ptr errors = new Array;
  for (const auto& e : r.errors) errors->add(e);
  out->set("errors", errors);
  return out;
}

Poco::JSON::Object::Ptr toJson(const QueuedCredit& queued) {
  const auto& c = queued.credit;
  auto out = newObject();
  out->set("id", c.id);
  out->set("source", c.source);
  out->set("external_id", c.externalId);
  out->set("amount", moneyJson(c.amount));
  out->set("paid_date", c.paidDate.iso());
  out->set("credit_date", c.creditDate.iso());
  out->set("method", c.method);
  out->set("nosso_numero", c.nossoNumero);
  out->set("seu_numero", c.seuNumero);
  out->set("payer_name", c.payerName);
  out->set("reference", c.reference);
  out->set("origin", c.origin);
  out->set("reason", c.reason);
  out->set("state", c.state);
  if (c.state != "open") {
    out->set("decided_by", c.decidedBy);
    out->set("decision", c.decision);
  }
  Array::Ptr candidates = new Array;
  for (const auto& k : queued.candidates) {
    auto one = newObject();
    one->set("receivable", k.receivable);
    one->set("client", k.client);
    one->set("client_name", k.clientName);
    one->set("due_date", k.dueDate.iso());
    one->set("open", moneyJson(k.open));
    one->set("amount_on_paid_date", moneyJson(k.today));
    candidates->add(one);
  }
  out->set("candidates", candidates);
  return out;
}

Poco::JSON::Object::Ptr toJson(const PaymentLine& line) {
  auto out = newObject();
  out->set("receivable", line.receivable);
  out->set("amount", moneyJson(line.amount));
  out->set("charges", moneyJson(line.charges));
  out->set("paid_date", line.paidDate.iso());
  out->set("credit_date", line.creditDate.iso());
  out->set("settled", line.settled);
  if (!line.how.empty()) out->set("matched_by", line.how);
  return out;
}

namespace {

Poco::JSON::Object::Ptr rateJson(const Rate& rate) {
  Poco::JSON::Object::Ptr out = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  const auto bp = rate.basisPoints();
  out->set("basis_points", bp ? Poco::Dynamic::Var(*bp) : Poco::Dynamic::Var());
  out->set("percent", rate.percent());
  out->set("part", moneyJson(rate.part));
  out->set("whole", moneyJson(rate.whole));
  return out;
}

}  // namespace

Poco::JSON::Object::Ptr toJson(const Dashboard& d) {
  Poco::JSON::Object::Ptr out = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  out->set("as_of", d.asOf.iso());
  out->set("from", d.from.iso());
  out->set("to", d.to.iso());
  out->set("overdue_items", d.overdueItems);
  out->set("overdue_clients", d.overdueClients);
  out->set("overdue", moneyJson(d.overdue));
  out->set("updated", moneyJson(d.updated));
  out->set("received_this_month", moneyJson(d.receivedThisMonth));
  out->set("delinquency", rateJson(d.delinquency));
  out->set("delinquency_definition", delinquencyDefinition());
  out->set("recovered", rateJson(d.recovered));
  out->set("recovered_definition", recoveredDefinition());
  Poco::JSON::Array::Ptr aging = new Poco::JSON::Array;
  for (const auto& b : d.aging) {
    Poco::JSON::Object::Ptr row = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    row->set("bucket", b.bucket);
    row->set("items", b.items);
    row->set("amount", moneyJson(b.amount));
    aging->add(row);
  }
  out->set("aging", aging);
  Poco::JSON::Array::Ptr months = new Poco::JSON::Array;
  for (const auto& m : d.months) {
    Poco::JSON::Object::Ptr row = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    row->set("month", Date::fromYmd(m.year, m.month, 1).iso().substr(0, 7));
    row->set("delinquency", rateJson(m.delinquency));
    months->add(row);
  }
  out->set("months", months);
  Poco::JSON::Array::Ptr days = new Poco::JSON::Array;
  for (const auto& day : d.monthDays) {
    Poco::JSON::Object::Ptr row = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    row->set("day", day.day.iso());
    row->set("due", moneyJson(day.due));
    row->set("received", moneyJson(day.received));
    days->add(row);
  }
  out->set("month_days", days);
  return out;
}

}  // namespace regua::services
