// The dispatcher's gates: whether a group may go out now. Each gate asks one question
// and answers with the reason to wait (pt-BR, recorded on the intents) or nothing. A
// waiting group keeps its attempts: it has not been tried.
#pragma once

#include <optional>
#include <string>

#include <regua/value.hpp>

#include "calendar/business_calendar.hpp"
#include "config/policy.hpp"
#include "store/intent_repository.hpp"

namespace regua::plugin { class PluginRegistry; }

namespace regua::engine {

// Why a message may not go out at `minute` of `day` under `window`; empty when it may.
std::string outsideWindow(const config::SendingWindow& window, Date day, int minute,
                          const calendar::BusinessCalendar& calendar, const std::string& city);

class DispatchGates {
 public:
  DispatchGates(plugin::PluginRegistry& plugins, const calendar::BusinessCalendar& calendar, std::string city,
                store::IntentRepository& intents)
      : plugins_(plugins), calendar_(calendar), city_(std::move(city)), intents_(intents) {}

  // The first gate that holds the group back, in order: no plugin offers the action, an
  // action that is not a message waits for its stage's message to the client (a task
  // must not say "aviso enviado" before it was), its channel is out of service, outside
  // the sending window, one message per client, channel and day, message limits.
  // `claimed`: the group was handed out before (a retry is not a new message).
  // `stageMessage`: for an action that is not a message, what became of its stage's
  // message to the client (IntentRepository::stageMessageState, read once by the caller).
  std::optional<std::string> whyWait(const store::IntentRecord& leader, const config::Policy* policy, bool claimed,
                                     Date day, int minuteOfDay, std::optional<store::IntentState> stageMessage) const;

 private:
  std::optional<std::string> noPlugin(const store::IntentRecord& leader) const;
  static std::optional<std::string> stageMessagePending(const store::IntentRecord& leader,
                                                        std::optional<store::IntentState> stageMessage);
  std::optional<std::string> channelDisabled(const std::string& channel) const;
  std::optional<std::string> messageLimits(const store::IntentRecord& leader, const config::MessageLimits& limits,
                                           Date day) const;

  plugin::PluginRegistry& plugins_;
  const calendar::BusinessCalendar& calendar_;
  std::string city_;
  store::IntentRepository& intents_;
};

}  // namespace regua::engine
