// send_message for one action call: hands a rendered message to the channel plugin that
// serves its channel and keeps the evidence. Every attempt lands in the history
// (channel, masked address, template, content hash, provider id); an accepted message
// is recorded under its delivery id, so a retried or re-delivered action that sends it
// again gets the first delivery back instead of a second message. An address the server
// refuses is marked bounced on that channel, so the next stage falls back to another
// one; a connector that says its own settings were refused (kConfigRefused) is disabled
// and the message waits; a connector's own fault is retried and blames no address.
#pragma once

#include <cstdint>
#include <string>

#include "plugin/call_session.hpp"
#include "store/database.hpp"

namespace regua::plugin { class PluginRegistry; }

namespace regua::engine {

class MessageRouter : public plugin::MessageSender {
 public:
  MessageRouter(store::Database& db, plugin::PluginRegistry& plugins, std::int64_t clientId)
      : db_(db), plugins_(plugins), clientId_(clientId) {}
  plugin::SendReceipt send(const plugin::OutgoingMessage& message) override;

 private:
  void markBounced(const std::string& channel, const std::string& address);

  store::Database& db_;
  plugin::PluginRegistry& plugins_;
  std::int64_t clientId_;
};

// SHA-256 of subject, text and HTML, hex: proves later what was sent without keeping it.
std::string contentHash(std::string_view subject, std::string_view text, std::string_view html);

}  // namespace regua::engine
