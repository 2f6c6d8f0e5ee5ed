// The action capability in host terms: one call carries a group of intents (one client,
// one stage action or one merged message) to the plugin and brings back the outcome.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include <regua/value.hpp>

#include "plugin/call_session.hpp"

namespace regua::plugin {

class PluginInstance;

using KeyValues = std::vector<std::pair<std::string, std::string>>;

// One receivable of the call.
struct ActionItem {
  std::string externalId, description;
  Money amount;
  Date dueDate;
  std::string boletoLine;
};

struct ActionCall {
  std::string intentId;  // stable across retries: the plugin's idempotency key
  std::string action, policyId, stageId;
  std::string clientId, clientName, clientDocument, clientResponsible, paymentContactOwner;
  Date asOf;
  std::vector<ActionItem> items;
  KeyValues args;         // the policy's arguments (the chosen channel first, for messages)
  KeyValues negotiation;  // the policy's negotiation section, flattened
  std::string address, addressName;  // message actions: where the contact rules point
};

struct ActionOutcome {
  CallStatus status = CallStatus::kFailed;
  std::string message;      // the plugin's note (kOk) or its error text
  std::string externalRef;  // what the plugin acted upon (message id, ...)
  unsigned retryAfterSeconds = 0;
};

// Calls the plugin's execute() with `session` attached for the duration of the call.
// A plugin that throws across the boundary (it must not) counts as kFailed.
ActionOutcome execute(PluginInstance& plugin, const ActionCall& call, CallSession& session);

}  // namespace regua::plugin
