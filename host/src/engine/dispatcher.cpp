#include "engine/dispatcher.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <vector>

#include "engine/action_invoker.hpp"
#include "engine/builtin_actions.hpp"
#include "engine/dispatch_gates.hpp"
#include "engine/dispatch_groups.hpp"
#include "engine/outcome_recorder.hpp"
#include "plugin/plugin_instance.hpp"
#include "plugin/plugin_registry.hpp"
#include "store/client_repository.hpp"
#include "store/intent_repository.hpp"
#include "store/receivable_repository.hpp"

namespace regua::engine {

long backoffSeconds(int attempt, int baseSeconds, unsigned pluginAsked) {
  constexpr long kCap = 6 * 3600;
  long delay = baseSeconds;
  for (int i = 1; i < attempt && delay < kCap; ++i) delay *= 2;
  delay = std::max(delay, static_cast<long>(pluginAsked));
  return std::min(delay, kCap);
}

Dispatcher::Dispatcher(store::Database& db, const config::PolicySet& policies, const calendar::BusinessCalendar& calendar,
                       std::string city, plugin::PluginRegistry& plugins)
    : db_(db), policies_(policies), calendar_(calendar), city_(std::move(city)), plugins_(plugins) {}

DispatchSummary Dispatcher::run(const DispatchOptions& options, const std::function<bool()>& keepGoing) {
  DispatchSummary summary;
  const UtcTime now = options.now.value_or(utcNow());
  store::IntentRepository intents(db_);
  store::ReceivableRepository receivables(db_);
  store::ClientRepository clients(db_);
  OutcomeRecorder record(db_, options, now, summary);
  DispatchGates gates(plugins_, calendar_, city_, intents);
  ActionInvoker invoker(db_, policies_, calendar_, city_, plugins_);

  std::map<std::int64_t, std::optional<domain::Receivable>> receivableCache;
  auto receivable = [&](std::int64_t id) -> const std::optional<domain::Receivable>& {
    auto it = receivableCache.find(id);
    if (it == receivableCache.end()) it = receivableCache.emplace(id, receivables.findById(id)).first;
    return it->second;
  };
  // Settled meanwhile: paid means stop.
  std::vector<store::IntentRecord> due;
  for (auto& intent : intents.due(now)) {
    const auto* r = intent.receivableId ? &receivable(*intent.receivableId) : nullptr;
    if (r != nullptr && (!*r || !domain::isCollectible((*r)->status))) {
      record.cancelled(intent, "título " + std::string(*r ? domain::toString((*r)->status) : "removido") +
                                   "; ação cancelada");
    } else {
      due.push_back(std::move(intent));
    }
  }

  const auto traitsOf = [this](const std::string& action) {
    const plugin::PluginInstance* handler = plugins_.actionHandler(action);
    return handler != nullptr ? handler->info().traitsOf(action) : config::ActionTraits{};
  };
  for (auto& group : groupIntents(std::move(due), traitsOf)) {
    if (keepGoing && !keepGoing()) break;
    const store::IntentRecord& leader = leaderOf(group, policies_);
    const config::Policy* policy = policies_.byId(leader.policyId);
    if (auto why = gates.whyWait(leader, policy, !group.key.empty(), options.asOf, options.minuteOfDay)) {
      record.waiting(group, *why);
      continue;
    }
    // Claimed before anything leaves the host: a crash re-delivers under the same key.
    if (group.key.empty()) {
      group.key = group.claimKey();
      db_.transaction([&] { intents.assignDispatchKey(group.ids(), group.key); });
    }
    const config::ActionSpec* spec = actionSpecOf(leader, policies_);
    const bool builtin = config::builtinActions().count(leader.action) > 0;
    plugin::PluginInstance* handler = builtin ? nullptr : plugins_.actionHandler(leader.action);
    const std::string actor = handler ? handler->label() : "regua";
    plugin::ActionOutcome outcome;
    if (handler == nullptr) {  // the gates let a group without a plugin through only when it is built in
      try {
        outcome.message = runBuiltinAction(db_, leader.action, spec, leader.clientId, options.asOf);
        outcome.status = plugin::CallStatus::kOk;
      } catch (const std::exception& e) {
        outcome.message = e.what();
      }
    } else {
      const auto client = clients.findById(leader.clientId);
      GroupCall call{group, leader, policy, spec, client ? &*client : nullptr, {}, options.asOf};
      for (const auto& m : group.members) {
        // Two stages of one receivable merged into one message list it once.
        if (!m.receivableId) continue;
        const auto& r = receivable(*m.receivableId);
        if (std::none_of(call.items.begin(), call.items.end(), [&](const auto* i) { return i->id == (*r).id; })) {
          call.items.push_back(&*r);
        }
      }
      outcome = invoker.invoke(*handler, call);
    }
    if (outcome.status == plugin::CallStatus::kOk) {
      record.done(group, leader, actor, outcome);
    } else {
      record.failed(group, leader, actor, outcome);
    }
  }
  record.flushWaiting();
  return summary;
}

DispatchOptions dispatchOptionsFor(const config::HostConfig& config, Date day, int minuteOfDay) {
  DispatchOptions options;
  options.asOf = day;
  options.minuteOfDay = minuteOfDay;
  options.maxAttempts = config.maxAttempts;
  options.backoffSeconds = config.backoffSeconds;
  return options;
}

}  // namespace regua::engine
