// The channel capability in host terms: hand a rendered message to the connector that
// delivers on its channel.
#pragma once

#include "plugin/call_session.hpp"

namespace regua::plugin {

class PluginInstance;

// kOk with the provider's id; kRetry (server down, with its Retry-After); kConfigRefused
// (the server refused the connector's own login, sender or certificate); kFailed (the
// recipient was refused, or the plugin failed: `error` says which).
SendReceipt deliver(PluginInstance& channel, const OutgoingMessage& message);

}  // namespace regua::plugin
