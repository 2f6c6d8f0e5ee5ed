// The daily cycle's second half: carries out the recorded intents through the action
// plugins, a batch of clients at a time. Intents of one client and action are merged
// into one call per channel — per stage too, unless the plugin says the action makes
// one call per client (a message listing every open item). The parts: the grouping
// (dispatch_groups), the gates (dispatch_gates), the built-in actions, the invoker
// (action_invoker) and the outcome recorder. A group is claimed — given its dispatch
// key, in the store — before the plugin is called, so after a crash the same group is
// delivered again under the same intent id, which the plugin recognises: no action is
// lost, and a repeat carries the key of the first. Groups are claimed and recorded a
// wave at a time (dispatch_groups' Waves), one commit per wave: as many groups as about
// 50 ms of calls, so a crash repeats at most that much work. Failures are retried with
// exponential backoff and dead-lettered after the configured number of attempts.
//
// The work is a dispatch round (store/dispatch_rounds): batches of client ids that each
// host sharing the store claims one at a time under a lease, renewed before each call
// while the host holds at least two thirds of it. A group is only claimed under a held
// lease, so two hosts deliver the same group only if one plugin call outlasts two thirds
// of `engine.lease_seconds`.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>

#include <regua/value.hpp>

#include "calendar/business_calendar.hpp"
#include "common/utc_time.hpp"
#include "config/host_config.hpp"
#include "config/policy.hpp"
#include "engine/call_watch.hpp"
#include "store/database.hpp"

namespace regua::plugin { class PluginRegistry; }
namespace regua::store { class DispatchRoundRepository; struct DispatchBatch; }

namespace regua::engine {

struct DispatchOptions {
  Date asOf;                     // the business day the actions are for
  int minuteOfDay = 12 * 60;     // the office's local time, for sending windows
  std::optional<UtcTime> now;    // the clock for backoff (nothing = the system's)
  int maxAttempts = 5;           // then the intent is dead-lettered (state failed)
  int backoffSeconds = 60;       // first retry delay; doubles per attempt, capped at 6 h
  CallWatch* watch = nullptr;    // told of each plugin call while it runs (serve's /health)
  std::int64_t round = 0;        // the dispatch round to work on (store::DispatchRoundRepository)
  std::string host;              // who claims its batches (store::thisHost())
  int leaseSeconds = 60;         // how long a claimed batch stays this host's without a renewal
  // The address of the client's own page on the day, handed to every action as the host
  // argument "payment_link" (templates: {{link_pagamento}}); unset when client_page is off.
  std::function<std::string(std::int64_t clientId, Date day)> paymentLink;
};

// The options regua.yaml's engine section gives, for `day` at `minuteOfDay`.
DispatchOptions dispatchOptionsFor(const config::HostConfig& config, Date day, int minuteOfDay);

struct DispatchSummary {
  std::size_t calls = 0;      // plugin calls that succeeded (one per merged group)
  std::size_t messages = 0;   // of those, the ones that delivered a message (a channel)
  std::size_t done = 0;       // intents carried out
  std::size_t waiting = 0;    // intents waiting: sending window, message limits, no plugin
  std::size_t retrying = 0;   // intents that failed and will be retried
  std::size_t failed = 0;     // intents dead-lettered now
  std::size_t cancelled = 0;  // intents whose receivable was settled meanwhile
  std::size_t batches = 0;    // batches of the round this host carried out
  std::size_t leasesLost = 0; // batches another host took over while this one was slow

  DispatchSummary& operator+=(const DispatchSummary& more);
};

class Dispatcher {
 public:
  Dispatcher(store::Database& db, const config::PolicySet& policies, const calendar::BusinessCalendar& calendar,
             std::string city, plugin::PluginRegistry& plugins);

  // Carries out the batches of `options.round` that no other host holds, until every
  // batch is done: when the rest is held by others it waits, and takes over a batch
  // whose lease ended (its host died). `keepGoing` is asked before each call and while
  // waiting; returning false stops cleanly (the batch held is given back, what is left
  // stays pending; what its wave claimed keeps its key).
  DispatchSummary run(const DispatchOptions& options, const std::function<bool()>& keepGoing = {});

 private:
  class Pass;
  static void settle(store::DispatchRoundRepository& rounds, const DispatchOptions& options,
                     const store::DispatchBatch& batch, bool whole, bool leaseLost, std::size_t calls,
                     DispatchSummary& summary);
  static bool othersStillWorking(store::DispatchRoundRepository& rounds, const DispatchOptions& options,
                                 std::size_t calls, const std::function<bool()>& goOn);

  store::Database& db_;
  const config::PolicySet& policies_;
  const calendar::BusinessCalendar& calendar_;
  std::string city_;
  plugin::PluginRegistry& plugins_;
};

// The delay before retry number `attempt` (1-based): base × 2^(attempt-1), at least
// what the plugin asked for, at most 6 hours.
long backoffSeconds(int attempt, int baseSeconds, unsigned pluginAsked);

}  // namespace regua::engine
