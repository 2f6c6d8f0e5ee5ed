// The channel capability in host terms: hand a rendered message to the connector that
// delivers on its channel.
#pragma once

#include "plugin/call_session.hpp"

namespace regua::plugin {

class PluginInstance;

// kOk with the provider's id; kRetry (server down, with its Retry-After); kConfigRefused
// (the server refused the connector's own login, sender or certificate); kRefused (the
// server refused the recipient: a bounce); kFailed (the plugin's own fault, which
// blames no address). A channel built before ABI 1.8 could not tell the last two
// apart: its REGUA_ERROR is read as kRefused, as it meant then.
SendReceipt deliver(PluginInstance& channel, const OutgoingMessage& message);

}  // namespace regua::plugin
