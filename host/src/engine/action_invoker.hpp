// Carries one dispatch group out through its action plugin: builds the call (items,
// client, the address the contact rules choose, the policy's arguments and negotiation
// terms) and attaches the services the plugin may call back during it — item quotes,
// message routing, follow-up tasks.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <regua/value.hpp>

#include "calendar/business_calendar.hpp"
#include "config/policy.hpp"
#include "domain/client.hpp"
#include "domain/receivable.hpp"
#include "engine/dispatch_groups.hpp"
#include "plugin/action_port.hpp"
#include "store/database.hpp"

namespace regua::plugin { class PluginInstance; class PluginRegistry; }

namespace regua::engine {

// One group's call, as the dispatcher resolved it.
struct GroupCall {
  const DispatchGroup& group;
  const store::IntentRecord& leader;
  const config::Policy* policy;          // the leader's; null when it was removed
  const config::ActionSpec* spec;        // the leader's action in it; null likewise
  const domain::Client* client;          // null when the client was removed
  std::vector<const domain::Receivable*> items;  // each receivable once, in member order
  Date asOf;
  // For an action that is not a message: what became of its stage's message to the
  // client (done or failed), handed to the plugin as the host argument "stage_message".
  std::optional<store::IntentState> stageMessage = std::nullopt;
  std::string paymentLink = {};  // the host argument "payment_link"; "" when client pages are off
};

class ActionInvoker {
 public:
  ActionInvoker(store::Database& db, const config::PolicySet& policies, const calendar::BusinessCalendar& calendar,
                std::string city, plugin::PluginRegistry& plugins)
      : db_(db), policies_(policies), calendar_(calendar), city_(std::move(city)), plugins_(plugins) {}

  plugin::ActionOutcome invoke(plugin::PluginInstance& handler, const GroupCall& call);

 private:
  plugin::ActionCall buildCall(const GroupCall& call) const;

  store::Database& db_;
  const config::PolicySet& policies_;
  const calendar::BusinessCalendar& calendar_;
  std::string city_;
  plugin::PluginRegistry& plugins_;
};

}  // namespace regua::engine
