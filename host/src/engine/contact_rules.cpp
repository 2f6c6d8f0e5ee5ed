#include "engine/contact_rules.hpp"

#include <algorithm>
#include <vector>

#include "config/policy.hpp"
#include "plugin/plugin_registry.hpp"

namespace regua::engine {

ContactChoice chooseContact(const domain::Client& client, const std::string& stageChannel,
                            const std::string& policyChannel, const std::function<bool(const std::string&)>& hasConnector) {
  std::vector<std::string> order;
  for (const std::string& c : {stageChannel, client.preferredChannel, policyChannel, std::string("email"),
                               std::string("whatsapp"), std::string("sms")}) {
    if (!c.empty() && std::find(order.begin(), order.end(), c) == order.end()) order.push_back(c);
  }
  // An opt-out covers the address on every channel (the same phone for SMS and
  // WhatsApp); a bounce only the channel whose server refused it.
  auto optedOut = [&](const std::string& address) {
    return std::any_of(client.contacts.begin(), client.contacts.end(),
                       [&](const domain::Contact& c) { return c.optedOut && c.address == address; });
  };
  auto usable = [&](const std::string& channel) -> const domain::Contact* {
    if (std::find(client.optedOutChannels.begin(), client.optedOutChannels.end(), channel) !=
        client.optedOutChannels.end()) {
      return nullptr;
    }
    const domain::Contact* best = nullptr;
    for (const auto& contact : client.contacts) {
      if (contact.channel != channel || contact.bounced || contact.address.empty() || optedOut(contact.address)) continue;
      if (best == nullptr || (contact.paymentContact && !best->paymentContact)) best = &contact;
    }
    return best;
  };
  const domain::Contact* fallback = nullptr;
  for (const auto& channel : order) {
    const domain::Contact* contact = usable(channel);
    if (contact == nullptr) continue;
    if (!hasConnector || hasConnector(channel)) {
      return {channel, contact->address, contact->name.empty() ? client.name : contact->name};
    }
    if (fallback == nullptr) fallback = contact;
  }
  if (fallback != nullptr) return {fallback->channel, fallback->address, fallback->name.empty() ? client.name : fallback->name};
  return {stageChannel, "", client.name};
}

ContactChoice chooseContact(const domain::Client& client, const std::string& plannedChannel, const config::Policy* policy,
                            const plugin::PluginRegistry& plugins) {
  return chooseContact(client, plannedChannel, policy != nullptr ? policy->defaultChannel : "",
                       [&](const std::string& channel) { return plugins.channelHandler(channel) != nullptr; });
}

}  // namespace regua::engine
