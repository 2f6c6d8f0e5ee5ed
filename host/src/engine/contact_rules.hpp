// Contact rules: where a message for a client goes.
#pragma once

#include <functional>
#include <string>

#include "domain/client.hpp"

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

}  // namespace regua::engine
