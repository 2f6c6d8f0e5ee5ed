// Contact rules: where a message for a client goes.
#pragma once

#include <functional>
#include <string>

#include "domain/client.hpp"

namespace regua::config { struct Policy; }
namespace regua::plugin { class PluginRegistry; }

namespace regua::engine {

struct ContactChoice {
  std::string channel, address, name;
};

// Channels are tried in order — the one the stage chose, the client's preferred, the
// policy's default, then e-mail, WhatsApp, SMS — skipping channels the client refused,
// addresses that bounced on that channel and addresses opted out of all contact (LGPD),
// and preferring the payment contact; a channel with a connector loaded wins over one
// without. Nothing usable: the stage's channel with an empty address (the action plugin
// reports it).
ContactChoice chooseContact(const domain::Client& client, const std::string& stageChannel,
                            const std::string& policyChannel, const std::function<bool(const std::string&)>& hasConnector);

// The rules above as the engine applies them to a message planned on `plannedChannel`
// under `policy` (may be null): a channel has a connector when one of `plugins` serves it.
// The dispatcher, the dry run and the call to the plugin all choose through this.
ContactChoice chooseContact(const domain::Client& client, const std::string& plannedChannel, const config::Policy* policy,
                            const plugin::PluginRegistry& plugins);

}  // namespace regua::engine
