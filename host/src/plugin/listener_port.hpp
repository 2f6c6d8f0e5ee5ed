// The listener capability in host terms: a domain event (a payment received, an
// agreement broken, ...) told to a plugin after it was committed. The events outbox
// (REST API and webhooks) is what will emit them; this is the typed boundary it calls.
#pragma once

#include <optional>
#include <string>

#include <regua/value.hpp>

namespace regua::plugin {

class PluginInstance;

struct DomainEvent {
  std::string type;         // "payment.received", "agreement.broken", ...
  std::string subjectId;    // the client, receivable or agreement it is about
  std::string payloadJson;  // a JSON object with the event's fields; may be empty
  Date date;                // the business date of the event
};

// Nothing when the listener took it; else its error, for the log (the ABI's rule: a
// listener's failure is logged, never retried).
std::optional<std::string> notify(PluginInstance& listener, const DomainEvent& event);

}  // namespace regua::plugin
