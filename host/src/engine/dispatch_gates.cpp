#include "engine/dispatch_gates.hpp"

#include "common/clock_time.hpp"
#include "plugin/plugin_instance.hpp"
#include "plugin/plugin_registry.hpp"

namespace regua::engine {

std::string outsideWindow(const config::SendingWindow& window, Date day, int minute,
                          const calendar::BusinessCalendar& calendar, const std::string& city) {
  const unsigned weekday = day.weekday();
  if (!window.days[weekday]) return "fora dos dias de envio da política (" + day.br() + ")";
  if (!window.holidays && weekday != 0 && weekday != 6 && !calendar.isBusinessDay(day, city)) {
    return "feriado (" + day.br() + "); a política não envia em feriados";
  }
  if (minute < window.fromMinute || minute >= window.toMinute) {
    return "fora do horário de envio (" + clockText(window.fromMinute) + "-" + clockText(window.toMinute) + ")";
  }
  return {};
}

std::optional<std::string> DispatchGates::whyWait(const store::IntentRecord& leader, const config::Policy* policy,
                                                  bool claimed, Date day, int minuteOfDay,
                                                  std::optional<store::IntentState> stageMessage) const {
  if (auto why = noPlugin(leader)) return why;
  if (leader.channel.empty()) return stageMessagePending(leader, stageMessage);
  if (auto why = channelDisabled(leader.channel)) return why;
  if (policy == nullptr) return std::nullopt;
  if (auto why = outsideWindow(policy->window, day, minuteOfDay, calendar_, city_); !why.empty()) return why;
  // Message limits count dispatches already done, not this one if it is a retry.
  if (claimed) return std::nullopt;
  if (intents_.messagedOn(leader.clientId, leader.channel, day)) {
    return "o cliente já recebeu uma mensagem por " + leader.channel + " hoje (uma por canal e dia); esta sai no "
           "próximo dia de envio";
  }
  return messageLimits(leader, policy->limits, day);
}

std::optional<std::string> DispatchGates::noPlugin(const store::IntentRecord& leader) const {
  if (plugins_.actionHandler(leader.action) != nullptr || config::builtinActions().count(leader.action) > 0) {
    return std::nullopt;
  }
  return "nenhum plugin carregado oferece a ação '" + leader.action + "'; confira 'plugins' em regua.yaml";
}

std::optional<std::string> DispatchGates::stageMessagePending(const store::IntentRecord& leader,
                                                              std::optional<store::IntentState> stageMessage) {
  if (stageMessage != store::IntentState::kPending) return std::nullopt;
  return "aguardando a mensagem do estágio " + leader.stageId + " ao cliente sair (" + leader.action +
         " fala dela)";
}

// A channel disabled for its own settings (MessageRouter): its messages wait for the
// fix without spending their attempts, as for a missing plugin.
std::optional<std::string> DispatchGates::channelDisabled(const std::string& channel) const {
  const auto* connector = plugins_.channelHandler(channel);
  if (connector == nullptr) return std::nullopt;
  if (auto reason = connector->disabledReason()) return connector->label() + " está desativado: " + *reason;
  return std::nullopt;
}

std::optional<std::string> DispatchGates::messageLimits(const store::IntentRecord& leader,
                                                        const config::MessageLimits& limits, Date day) const {
  if (limits.minGapDays <= 0 && limits.maxPerWeek <= 0) return std::nullopt;
  const auto days = intents_.messageDaysSince(leader.clientId, day.plusDays(-6));
  if (limits.minGapDays > 0 && !days.empty() && day - days.back() < limits.minGapDays) {
    return "intervalo mínimo de " + std::to_string(limits.minGapDays) + " dias entre mensagens (última em " +
           days.back().br() + ")";
  }
  if (limits.maxPerWeek > 0 && static_cast<int>(days.size()) >= limits.maxPerWeek) {
    return "limite de " + std::to_string(limits.maxPerWeek) + " mensagens em 7 dias atingido";
  }
  return std::nullopt;
}

}  // namespace regua::engine
