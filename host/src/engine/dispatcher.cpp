#include "engine/dispatcher.hpp"

#include <algorithm>
#include <chrono>
#include <map>
#include <optional>
#include <thread>
#include <vector>

#include <Poco/Logger.h>

#include "engine/action_invoker.hpp"
#include "engine/builtin_actions.hpp"
#include "engine/contact_rules.hpp"
#include "engine/dispatch_gates.hpp"
#include "engine/dispatch_groups.hpp"
#include "engine/outcome_recorder.hpp"
#include "plugin/plugin_instance.hpp"
#include "plugin/plugin_registry.hpp"
#include "store/client_repository.hpp"
#include "store/dispatch_rounds.hpp"
#include "store/intent_repository.hpp"
#include "store/receivable_repository.hpp"

namespace regua::engine {

DispatchSummary& DispatchSummary::operator+=(const DispatchSummary& more) {
  calls += more.calls;
  messages += more.messages;
  done += more.done;
  waiting += more.waiting;
  retrying += more.retrying;
  failed += more.failed;
  cancelled += more.cancelled;
  batches += more.batches;
  leasesLost += more.leasesLost;
  return *this;
}

long backoffSeconds(int attempt, int baseSeconds, unsigned pluginAsked) {
  constexpr long kCap = 6 * 3600;
  long delay = baseSeconds;
  for (int i = 1; i < attempt && delay < kCap; ++i) delay *= 2;
  delay = std::max(delay, static_cast<long>(pluginAsked));
  return std::min(delay, kCap);
}


namespace {

// Due intents are read and carried out a batch of clients at a time, so memory stays
// flat however many intents the day has.
constexpr std::size_t kBatchRows = 2000;
// A wave's calls take about this long, and it never holds more groups than kMaxWave.
constexpr auto kWaveBudget = std::chrono::milliseconds(50);
constexpr std::size_t kMaxWave = 256;
// How often a host with nothing to claim looks again while others hold batches.
constexpr auto kWaitForOthers = std::chrono::milliseconds(500);

// This host's hold on one batch: renewed when a third of it has passed, so a group is
// only claimed while at least two thirds of the lease are left. The call watch (serve's
// /health) shows the batch while this object lives.
class BatchLease {
 public:
  BatchLease(store::DispatchRoundRepository& rounds, const DispatchOptions& options, const store::DispatchBatch& batch)
      : rounds_(rounds), options_(options), batch_(batch), renewAt_(utcNow() + period() / 3) {
    tellWatch(utcNow() + period());
  }
  ~BatchLease() {
    if (options_.watch != nullptr) options_.watch->dropBatch();
  }
  BatchLease(const BatchLease&) = delete;
  BatchLease& operator=(const BatchLease&) = delete;

  // False once another host took the batch over (this one was slower than its lease).
  bool keep() {
    if (lost_) return false;
    const UtcTime now = utcNow();
    if (now < renewAt_) return true;
    lost_ = !rounds_.renew(batch_, options_.host, now, now + period());
    renewAt_ = now + period() / 3;
    if (!lost_) tellWatch(now + period());
    return !lost_;
  }
  bool lost() const { return lost_; }

 private:
  std::chrono::seconds period() const { return std::chrono::seconds(options_.leaseSeconds); }
  void tellWatch(UtcTime until) const {
    if (options_.watch == nullptr) return;
    options_.watch->holdBatch({batch_.round, batch_.seq, batch_.firstClient, batch_.lastClient, formatUtc(until)});
  }
  store::DispatchRoundRepository& rounds_;
  const DispatchOptions& options_;
  const store::DispatchBatch& batch_;
  UtcTime renewAt_;
  bool lost_ = false;
};

}  // namespace

// One dispatch run: the repositories, the parts and the receivables of the batch.
class Dispatcher::Pass {
 public:
  Pass(Dispatcher& d, const DispatchOptions& options, UtcTime now, DispatchSummary& summary)
      : d_(d), options_(options), now_(now), intents_(d.db_), receivables_(d.db_), clients_(d.db_),
        record_(d.db_, options, now, summary,
                [this](std::int64_t id) {
                  const auto& r = receivable(id);
                  return r ? &*r : nullptr;
                }),
        gates_(d.plugins_, d.calendar_, d.city_, intents_),
        invoker_(d.db_, d.policies_, d.calendar_, d.city_, d.plugins_) {}

  OutcomeRecorder& record() { return record_; }

  // Every intent due now of the clients in `batch`, a slice of rows at a time. False
  // when `keepGoing` said stop (a stop asked, or the lease lost) before the end.
  bool dispatchClients(const store::DispatchBatch& batch, const std::function<bool()>& keepGoing) {
    for (std::int64_t after = batch.firstClient - 1;;) {
      auto rows = intents_.dueAfterClient(now_, after, batch.lastClient, kBatchRows);
      if (rows.empty()) return true;
      after = rows.back().clientId;
      if (!dispatchBatch(std::move(rows), keepGoing)) return false;
    }
  }

  // Cancels what a payment made moot, then carries out the rest wave by wave. False
  // when `keepGoing` asked to stop.
  bool dispatchBatch(std::vector<store::IntentRecord> batch, const std::function<bool()>& keepGoing) {
    receivableCache_.clear();  // one batch's worth at a time
    std::vector<store::IntentRecord> due;
    clientCache_.clear();
    for (auto& intent : batch) {
      if (auto why = moot(intent)) {
        record_.cancelled(intent, *why);
      } else {
        resolveChannel(intent);
        due.push_back(std::move(intent));
      }
    }
    const auto traitsOf = [this](const std::string& action) {
      const plugin::PluginInstance* handler = d_.plugins_.actionHandler(action);
      return handler != nullptr ? handler->info().traitsOf(action) : config::ActionTraits{};
    };
    auto groups = groupIntents(std::move(due), traitsOf);
    orderWithinClients(groups, d_.policies_);
    Waves waves(groups);
    bool stopped = false;
    for (auto wave = waves.next(waveSize()); !wave.empty() && !stopped; wave = waves.next(waveSize())) {
      stopped = keepGoing && !keepGoing();
      if (!stopped) stopped = !dispatchWave(wave, keepGoing);
    }
    d_.db_.transaction([&] { recordCarried(); });  // the groups point into this batch
    return !stopped;
  }

 private:
  const std::optional<domain::Receivable>& receivable(std::int64_t id) {
    auto it = receivableCache_.find(id);
    if (it == receivableCache_.end()) it = receivableCache_.emplace(id, receivables_.findById(id)).first;
    return it->second;
  }

  const std::optional<domain::Client>& client(std::int64_t id) {
    auto it = clientCache_.find(id);
    if (it == clientCache_.end()) it = clientCache_.emplace(id, clients_.findById(id)).first;
    return it->second;
  }

  // A message not yet claimed goes where the contact rules send it today (the planned
  // channel may have bounced, or the client has no such address), so everything for the
  // client on one channel groups into one message. A claimed one keeps its channel: a
  // re-delivery repeats the same message.
  void resolveChannel(store::IntentRecord& intent) {
    if (intent.channel.empty() || !intent.dispatchKey.empty()) return;
    const auto& c = client(intent.clientId);
    if (!c) return;
    intent.channel = chooseContact(*c, intent.channel, d_.policies_.byId(intent.policyId), d_.plugins_).channel;
  }

  // Settled or removed meanwhile: paid means stop.
  std::optional<std::string> moot(const store::IntentRecord& intent) {
    if (!intent.receivableId) return std::nullopt;
    const auto& r = receivable(*intent.receivableId);
    if (r && domain::isCollectible(r->status)) return std::nullopt;
    return "título " + std::string(r ? domain::describe(r->status) : "removido") + "; ação cancelada";
  }

  // A group its gates let through, with what carrying it out needs.
  struct Admitted {
    const store::IntentRecord* leader;
    const config::Policy* policy;
    plugin::PluginInstance* handler;  // null for a built-in action
    std::string actor;
    std::optional<store::IntentState> stageMessage;
  };

  // One transaction records the wave carried out before and claims this one: every
  // claim is stored before its call and every outcome before the next wave's calls. A
  // wave of several groups — calls that have been fast — also makes its calls and records
  // their outcomes in one transaction, with what the plugins wrote through the host
  // (messages, tasks): one commit for the lot instead of one or more per call, at the
  // price of holding the store's write lock while they run. A crash re-delivers the
  // claimed groups whose outcome was not stored, under their keys. False when
  // `keepGoing` asked to stop in the middle: what was claimed and not called stays
  // pending, claimed, with its attempt given back.
  bool dispatchWave(const std::vector<DispatchGroup*>& wave, const std::function<bool()>& keepGoing) {
    std::vector<std::pair<DispatchGroup*, Admitted>> admitted;
    d_.db_.transaction([&] {
      recordCarried();
      for (DispatchGroup* group : wave) {
        if (auto a = admit(*group)) admitted.emplace_back(group, *a);
      }
      claim(admitted);
    });
    std::size_t called = 0;
    const auto callAll = [&] {  // the first call always goes: a wave is never empty-handed
      for (; called < admitted.size(); ++called) {
        if (called > 0 && keepGoing && !keepGoing()) return;
        carryOut(*admitted[called].first, admitted[called].second);
      }
    };
    if (admitted.size() < 2) {
      callAll();  // recorded with the next wave's claims
      return true;
    }
    d_.db_.transaction([&] {
      callAll();
      recordCarried();
      giveBackAttempts(admitted, called);
    });
    return called == admitted.size();
  }

  void carryOut(DispatchGroup& group, const Admitted& a) {
    const auto started = std::chrono::steady_clock::now();
    carried_.push_back(Carried{&group, a.leader, a.actor,
                               a.handler == nullptr ? runBuiltin(*a.leader)
                                                    : invoke(*a.handler, group, *a.leader, a.policy, a.stageMessage)});
    timeCall(std::chrono::steady_clock::now() - started);
  }

  // How many groups the next wave takes: as many as about kWaveBudget of calls, going by
  // the calls so far. Cheap calls (a file, a local task) share a commit; slow ones (a
  // remote server) go nearly one by one, where a commit costs little beside the call —
  // and a crash repeats at most a wave's worth of calls.
  std::size_t waveSize() const {
    if (!callTime_) return 1;
    const double size = std::chrono::duration<double>(kWaveBudget) / *callTime_;
    return static_cast<std::size_t>(std::clamp(size, 1.0, static_cast<double>(kMaxWave)));
  }

  void timeCall(std::chrono::steady_clock::duration took) {
    const std::chrono::duration<double> seconds = took;
    callTime_ = callTime_ ? 0.8 * *callTime_ + 0.2 * seconds : seconds;  // recent calls weigh more
  }

  // Nothing when the group waits (a gate) or was given up (every attempt spent).
  std::optional<Admitted> admit(DispatchGroup& group) {
    const store::IntentRecord& leader = leaderOf(group, d_.policies_);
    const config::Policy* policy = d_.policies_.byId(leader.policyId);
    const auto stageMessage = leader.channel.empty() ? intents_.stageMessageState(leader.clientId, leader.stageId)
                                                     : std::nullopt;
    if (auto why = gates_.whyWait(leader, policy, !group.key.empty(), options_.asOf, options_.minuteOfDay, stageMessage)) {
      record_.waiting(group, *why);
      return std::nullopt;
    }
    const bool builtin = config::builtinActions().count(leader.action) > 0;
    plugin::PluginInstance* handler = builtin ? nullptr : d_.plugins_.actionHandler(leader.action);
    const std::string actor = handler ? handler->label() : "regua";
    if (attemptsSpent(group) >= options_.maxAttempts) {
      // Every attempt was counted and none came back: the host died in the plugin each time.
      record_.failed(group, leader, actor, neverReturned());
      return std::nullopt;
    }
    return Admitted{&leader, policy, handler, actor, stageMessage};
  }

  // The outcomes of the wave carried out last, written in the caller's transaction.
  void recordCarried() {
    for (const auto& c : carried_) {
      if (c.outcome.status == plugin::CallStatus::kOk) {
        record_.done(*c.group, *c.leader, c.actor, c.outcome);
      } else {
        record_.failed(*c.group, *c.leader, c.actor, c.outcome);
      }
    }
    carried_.clear();
  }

  // Claimed, and the attempt counted, before anything leaves the host: a crash
  // re-delivers under the same key, and a plugin that kills the host on a group spends
  // its attempts like any failure instead of blocking the day. In the wave's transaction.
  void claim(std::vector<std::pair<DispatchGroup*, Admitted>>& admitted) {
    for (auto& entry : admitted) {
      DispatchGroup& group = *entry.first;
      if (group.key.empty()) {
        group.key = group.claimKey();
        intents_.assignDispatchKey(group.ids(), group.key, group.members.front().channel);
      }
      intents_.countAttempt(group.ids());
      for (auto& m : group.members) ++m.attempts;
    }
  }

  // The groups of a wave from `first` on were claimed but a stop came before their calls:
  // they were not tried, so their attempts are not spent. In the wave's transaction.
  void giveBackAttempts(std::vector<std::pair<DispatchGroup*, Admitted>>& admitted, std::size_t first) {
    if (first >= admitted.size()) return;
    Poco::Logger::get("regua.dispatcher")
        .information("parada pedida entre duas chamadas: %z envios reservados e não feitos voltam a esperar, sem "
                     "gastar tentativa",
                     admitted.size() - first);
    for (std::size_t i = first; i < admitted.size(); ++i) {
      DispatchGroup& group = *admitted[i].first;
      intents_.takeBackAttempt(group.ids());
      for (auto& m : group.members) m.attempts = std::max(0, m.attempts - 1);
    }
  }

  static int attemptsSpent(const DispatchGroup& group) {
    int most = 0;
    for (const auto& m : group.members) most = std::max(most, m.attempts);
    return most;
  }

  static plugin::ActionOutcome neverReturned() {
    plugin::ActionOutcome outcome;
    outcome.status = plugin::CallStatus::kFailed;
    outcome.message = "a chamada ao plugin não terminou em nenhuma das tentativas (o processo caiu durante ela)";
    return outcome;
  }

  // The gates let a group without a plugin through only when its action is built in.
  plugin::ActionOutcome runBuiltin(const store::IntentRecord& leader) {
    plugin::ActionOutcome outcome;
    try {
      outcome.message = runBuiltinAction(d_.db_, leader.action, actionSpecOf(leader, d_.policies_), leader.clientId,
                                         options_.asOf);
      outcome.status = plugin::CallStatus::kOk;
    } catch (const std::exception& e) {
      outcome.message = e.what();
    }
    return outcome;
  }

  plugin::ActionOutcome invoke(plugin::PluginInstance& handler, const DispatchGroup& group,
                               const store::IntentRecord& leader, const config::Policy* policy,
                               std::optional<store::IntentState> stageMessage) {
    const auto& client = this->client(leader.clientId);
    GroupCall call{group,    leader, policy, actionSpecOf(leader, d_.policies_), client ? &*client : nullptr, {},
                   options_.asOf, stageMessage};
    if (options_.paymentLink) call.paymentLink = options_.paymentLink(leader.clientId, options_.asOf);
    for (const auto& m : group.members) {
      // Two stages of one receivable merged into one message list it once.
      if (!m.receivableId) continue;
      const domain::Receivable& r = *receivable(*m.receivableId);
      if (std::none_of(call.items.begin(), call.items.end(), [&](const auto* i) { return i->id == r.id; })) {
        call.items.push_back(&r);
      }
    }
    if (options_.watch == nullptr) return invoker_.invoke(handler, call);
    options_.watch->begin({handler.info().name, group.key, group.ids(), std::chrono::steady_clock::now()});
    struct EndOfCall {
      CallWatch& watch;
      ~EndOfCall() { watch.end(); }
    } endOfCall{*options_.watch};
    return invoker_.invoke(handler, call);
  }

  Dispatcher& d_;
  const DispatchOptions& options_;
  const UtcTime now_;  // intents due at this instant are this pass's
  store::IntentRepository intents_;
  store::ReceivableRepository receivables_;
  store::ClientRepository clients_;
  OutcomeRecorder record_;
  DispatchGates gates_;
  ActionInvoker invoker_;
  std::map<std::int64_t, std::optional<domain::Receivable>> receivableCache_;
  std::map<std::int64_t, std::optional<domain::Client>> clientCache_;
  // Carried out and not yet recorded; points into the batch being dispatched.
  struct Carried {
    const DispatchGroup* group;
    const store::IntentRecord* leader;
    std::string actor;
    plugin::ActionOutcome outcome;
  };
  std::vector<Carried> carried_;
  std::optional<std::chrono::duration<double>> callTime_;  // a call's recent average
};

Dispatcher::Dispatcher(store::Database& db, const config::PolicySet& policies, const calendar::BusinessCalendar& calendar,
                       std::string city, plugin::PluginRegistry& plugins)
    : db_(db), policies_(policies), calendar_(calendar), city_(std::move(city)), plugins_(plugins) {}

DispatchSummary Dispatcher::run(const DispatchOptions& options, const std::function<bool()>& keepGoing) {
  DispatchSummary summary;
  const UtcTime now = options.now.value_or(utcNow());
  Pass pass(*this, options, now, summary);
  store::DispatchRoundRepository rounds(db_);
  const auto goOn = [&] { return !keepGoing || keepGoing(); };
  while (goOn()) {
    const UtcTime claimedAt = utcNow();
    const auto batch = rounds.claim(options.round, options.host, claimedAt,
                                    claimedAt + std::chrono::seconds(options.leaseSeconds));
    if (!batch) {
      if (!othersStillWorking(rounds, options, summary.calls, goOn)) break;
      continue;
    }
    rounds.setActivity(options.host, "despachando", options.round, static_cast<std::int64_t>(summary.calls));
    const std::size_t callsBefore = summary.calls;
    BatchLease lease(rounds, options, *batch);
    const bool whole = pass.dispatchClients(*batch, [&] { return goOn() && lease.keep(); });
    settle(rounds, options, *batch, whole, lease.lost(), summary.calls - callsBefore, summary);
  }
  rounds.finishIfDone(options.round);
  pass.record().flushWaiting();
  rounds.setActivity(options.host, "parado", options.round, static_cast<std::int64_t>(summary.calls));
  return summary;
}

// A batch carried out to the end is done; one another host took over is left to it; one
// this host stopped in the middle goes back, for another host to take at once.
void Dispatcher::settle(store::DispatchRoundRepository& rounds, const DispatchOptions& options,
                        const store::DispatchBatch& batch, bool whole, bool leaseLost, std::size_t calls,
                        DispatchSummary& summary) {
  if (whole) {
    rounds.finish(batch, options.host, calls);
    ++summary.batches;
  } else if (leaseLost) {
    ++summary.leasesLost;
    Poco::Logger::get("regua.dispatcher")
        .warning("o lote %d da rodada %Ld passou a outro host: este demorou mais que o prazo de posse "
                 "(engine.lease_seconds = %d)",
                 batch.seq, static_cast<long long>(options.round), options.leaseSeconds);
  } else {
    rounds.release(batch, options.host);
  }
}

// Nothing left to claim: the round is over once every batch is done. While another host
// holds one, wait — if it dies, its lease ends and this host takes the batch over.
bool Dispatcher::othersStillWorking(store::DispatchRoundRepository& rounds, const DispatchOptions& options,
                                    std::size_t calls, const std::function<bool()>& goOn) {
  const auto progress = rounds.progress(options.round, options.host, utcNow());
  if (progress.done >= progress.batches) return false;
  if (progress.heldByOthers > 0) {
    rounds.setActivity(options.host, "esperando os outros hosts", options.round, static_cast<std::int64_t>(calls));
    std::this_thread::sleep_for(kWaitForOthers);
  }
  return goOn();
}

DispatchOptions dispatchOptionsFor(const config::HostConfig& config, Date day, int minuteOfDay) {
  DispatchOptions options;
  options.asOf = day;
  options.minuteOfDay = minuteOfDay;
  options.maxAttempts = config.maxAttempts;
  options.backoffSeconds = config.backoffSeconds;
  options.leaseSeconds = config.leaseSeconds;
  options.host = store::thisHost();
  return options;
}

}  // namespace regua::engine
