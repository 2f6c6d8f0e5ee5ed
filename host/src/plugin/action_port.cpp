#include "plugin/action_port.hpp"

#include "plugin/abi_values.hpp"
#include "plugin/plugin_instance.hpp"

namespace regua::plugin {

ActionOutcome execute(PluginInstance& plugin, const ActionCall& call, CallSession& session) {
  // Everything the C struct points to lives in these vectors until execute() returns.
  std::vector<regua_receivable_ref> items;
  std::vector<regua_str> boletoLines;
  for (const auto& item : call.items) {
    items.push_back({abiStr(item.externalId), abiStr(item.description), item.amount.toAbi(), item.dueDate.toAbi()});
    boletoLines.push_back(abiStr(item.boletoLine));
  }
  const auto args = abiPairs(call.args);
  const auto negotiation = abiPairs(call.negotiation);
  regua_intent intent{};
  intent.struct_size = sizeof intent;
  intent.intent_id = abiStr(call.intentId);
  intent.action = abiStr(call.action);
  intent.policy_id = abiStr(call.policyId);
  intent.stage_id = abiStr(call.stageId);
  intent.client_id = abiStr(call.clientId);
  intent.client_name = abiStr(call.clientName);
  intent.as_of = call.asOf.toAbi();
  intent.items = items.empty() ? nullptr : items.data();
  intent.items_count = items.size();
  intent.args = args.empty() ? nullptr : args.data();
  intent.args_count = args.size();
  intent.address = abiStr(call.address);
  intent.address_name = abiStr(call.addressName);
  intent.item_boleto_lines = boletoLines.empty() ? nullptr : boletoLines.data();
  intent.client_document = abiStr(call.clientDocument);
  intent.client_responsible = abiStr(call.clientResponsible);
  intent.payment_contact_owner = abiStr(call.paymentContactOwner);
  intent.negotiation = negotiation.empty() ? nullptr : negotiation.data();
  intent.negotiation_count = negotiation.size();

  ActionOutcome outcome;
  try {
    const auto hold = plugin.exclusive();
    SessionScope scope(plugin.context(), session);
    regua_action_result result{};
    const regua_status status = plugin.execute(intent, result);
    outcome.status = callStatus(status);
    outcome.message = status == REGUA_OK ? std::string(view(result.message)) : plugin.lastError();
    outcome.externalRef = std::string(view(result.external_ref));
    outcome.retryAfterSeconds = result.retry_after_seconds;
  } catch (const std::exception& e) {
    outcome.status = CallStatus::kFailed;
    outcome.message = e.what();
  }
  return outcome;
}

}  // namespace regua::plugin
