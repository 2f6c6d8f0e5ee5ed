#include "engine/action_invoker.hpp"

#include <algorithm>

#include <Poco/Logger.h>

#include "engine/contact_rules.hpp"
#include "engine/message_router.hpp"
#include "engine/plugin_quoter.hpp"
#include "engine/task_service.hpp"
#include "plugin/plugin_instance.hpp"
#include "plugin/plugin_registry.hpp"

namespace regua::engine {

namespace {

// quote_item for one action call: the call's items, priced by the quote plugin under
// each item's policy, or what is open when no quote plugin is loaded. Charges accrued
// earlier and still owed are folded into the fine and interest shown.
class GroupQuotes : public plugin::ItemQuotes {
 public:
  GroupQuotes(plugin::PluginInstance* quotePlugin, const calendar::BusinessCalendar& calendar, std::string city)
      : plugin_(quotePlugin), calendar_(calendar), city_(std::move(city)) {}

  void add(const domain::Receivable& r, bool person, const config::Policy* policy) { items_.push_back({&r, person, policy}); }

  std::optional<plugin::ItemQuote> quote(std::string_view id, Date on) override {
    const auto it = std::find_if(items_.begin(), items_.end(), [&](const Item& i) { return i.receivable->externalId == id; });
    if (it == items_.end()) return std::nullopt;
    const domain::Receivable& r = *it->receivable;
    plugin::QuoteResult q;
    if (plugin_ == nullptr || it->policy == nullptr) {
      q.principal = q.total = r.principalOpen;
      q.effectiveDue = calendar_.effectiveDueDate(r.dueDate, city_);
      q.daysLate = on > q.effectiveDue ? on - r.dueDate : 0;
      q.notes = "sem plugin de encargos: valor em aberto, sem multa nem juros";
    } else {
      try {
        q = plugin::quoteWith(*plugin_, quoteInputFor({r.principalOpen, r.dueDate, r.issueDate, r.interestFrom,
                                                       r.fineAssessed, it->person},
                                                      *it->policy, city_, on));
      } catch (const std::exception& e) {
        Poco::Logger::get("regua.dispatcher").warning("quote_item do título %s falhou: %s", r.externalId, std::string(e.what()));
        return std::nullopt;
      }
    }
    return plugin::ItemQuote{q.principal,          q.fine + r.fineOpen, q.interest + r.interestOpen, q.discount,
                             q.total + r.fineOpen + r.interestOpen, q.effectiveDue, q.daysLate, q.notes};
  }

 private:
  struct Item {
    const domain::Receivable* receivable;
    bool person;
    const config::Policy* policy;
  };
  plugin::PluginInstance* plugin_;
  const calendar::BusinessCalendar& calendar_;
  std::string city_;
  std::vector<Item> items_;
};

std::string paymentContactOwner(const domain::Client& client) {
  for (const auto& contact : client.contacts) {
    if (contact.paymentContact && !contact.owner.empty()) return contact.owner;
  }
  return "";
}

}  // namespace

plugin::ActionCall ActionInvoker::buildCall(const GroupCall& g) const {
  plugin::ActionCall call;
  call.intentId = g.group.key;
  call.action = g.leader.action;
  call.policyId = g.leader.policyId;
  call.stageId = g.leader.stageId;
  call.clientId = g.client ? g.client->externalId : std::to_string(g.leader.clientId);
  if (g.client) {
    call.clientName = g.client->name;
    call.clientDocument = g.client->document;
    call.clientResponsible = g.client->responsible;
    call.paymentContactOwner = paymentContactOwner(*g.client);
  }
  call.asOf = g.asOf;
  for (const auto* r : g.items) call.items.push_back({r->externalId, r->description, r->amount, r->dueDate, r->boletoLine});
  // Messages go where the contact rules say (maybe another channel than planned).
  ContactChoice contact{g.leader.channel, "", ""};
  if (!g.leader.channel.empty() && g.client) {
    contact = chooseContact(*g.client, g.leader.channel, g.policy, plugins_);
  }
  if (!contact.channel.empty()) call.args.emplace_back("channel", contact.channel);
  if (g.stageMessage == store::IntentState::kDone) call.args.emplace_back("stage_message", "entregue");
  if (g.stageMessage == store::IntentState::kFailed) call.args.emplace_back("stage_message", "não entregue");
  if (!g.paymentLink.empty()) call.args.emplace_back("payment_link", g.paymentLink);
  if (g.spec) call.args.insert(call.args.end(), g.spec->args.begin(), g.spec->args.end());
  if (g.policy) call.negotiation = g.policy->negotiation;
  call.address = contact.address;
  call.addressName = contact.name;
  return call;
}

plugin::ActionOutcome ActionInvoker::invoke(plugin::PluginInstance& handler, const GroupCall& g) {
  GroupQuotes quotes(plugins_.quoteProvider(), calendar_, city_);
  const bool person = !g.client || g.client->kind == domain::PartyKind::kPerson;
  std::vector<std::int64_t> receivableIds;
  for (const auto* r : g.items) receivableIds.push_back(r->id);
  for (std::size_t i = 0; i < g.items.size(); ++i) {
    // Each item under the policy of the member that named it.
    const auto member = std::find_if(g.group.members.begin(), g.group.members.end(),
                                     [&](const store::IntentRecord& m) { return m.receivableId == g.items[i]->id; });
    quotes.add(*g.items[i], person, member != g.group.members.end() ? policies_.byId(member->policyId) : nullptr);
  }
  MessageRouter router(db_, plugins_, g.leader.clientId);
  ActionTasks tasks(db_, g.leader.clientId, std::move(receivableIds), g.asOf, handler.label());
  plugin::CallSession session;
  session.quotes = &quotes;
  session.messages = &router;
  session.tasks = &tasks;
  return plugin::execute(handler, buildCall(g), session);
}

}  // namespace regua::engine
