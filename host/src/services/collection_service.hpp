// What `regua serve` runs in the background: the sources every sync_every_minutes,
// the daily cycle (sync, plan, dispatch) at run_at, and a dispatch pass every few
// minutes so that intents waiting for a sending window or a retry go out on time.
// It owns the policies in force: reloadPolicies() swaps in a new set only when every
// file is valid; a cycle already running keeps the set it started with.
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include <regua/value.hpp>

#include "calendar/business_calendar.hpp"
#include "config/host_config.hpp"
#include "config/policy.hpp"
#include "engine/dispatcher.hpp"
#include "engine/task_push.hpp"
#include "store/database.hpp"

namespace regua::plugin { class PluginRegistry; }

namespace regua::services {

// The office's local wall clock, as the scheduler sees it.
struct LocalTime {
  Date day;
  int minuteOfDay = 0;
};

// What a scheduler tick must do, decided from what was done before: a pure function
// so the rules (a day is never skipped, never run twice) are tested without waiting.
struct ScheduleState {
  std::optional<Date> lastCycleDay;  // persisted in the store: a restart does not repeat it
  std::optional<std::chrono::steady_clock::time_point> lastSync, lastDispatch;
};
struct ScheduleDecision {
  bool sync = false;
  bool cycle = false;     // plan + dispatch for `now.day` (implies sync first)
  bool dispatch = false;  // only carry out what is due
};
ScheduleDecision decide(const ScheduleState& state, LocalTime now, std::chrono::steady_clock::time_point monotonic,
                        int runAtMinute, int syncEveryMinutes);

// The minutes between dispatch passes outside the daily cycle.
inline constexpr int kDispatchEveryMinutes = 5;

// What /health reports about the engine.
struct ServiceStatus {
  std::size_t policies = 0, stages = 0;
  std::string policiesLoadedAt;   // UTC
  std::string reloadError;        // the last failed reload, "" after a good one
  std::string lastSyncAt, lastSyncResult;
  std::string lastCycleDay, lastCycleResult;
  std::string nextCycle;          // "AAAA-MM-DD HH:MM" local
  // A plugin call running for longer than engine.stuck_after_seconds: the dispatch is
  // stuck in it (the plugin hangs), and /health says so.
  std::optional<engine::CallInFlight> stuckCall;
  long stuckSeconds = 0;
  std::string host;                              // this process among the hosts (store::thisHost())
  std::optional<engine::BatchInHand> batch;      // the dispatch batch it holds now
};

class CollectionService {
 public:
  // Loads the policies (throws config::ConfigError when they are invalid: serve refuses
  // to start on a broken régua rather than run without one).
  CollectionService(const config::HostConfig& config, const calendar::BusinessCalendar& calendar,
                    plugin::PluginRegistry& plugins, std::string storeUrl);
  ~CollectionService();

  // Re-reads every policy file. Returns "" when the new set is in force, or every
  // problem (FILE:LINE:COL: ...) when the old one stays.
  std::string reloadPolicies();
  // Asks the background thread to reload (SIGHUP): plugins — the quote plugin checks
  // the penalties — are only ever called from that one thread.
  void requestReload();
  std::shared_ptr<const config::PolicySet> policies() const;

  // One scheduler step at `now` (`monotonic` measures the intervals): runs what
  // decide() asks for, on the calling thread.
  void tick(LocalTime now, std::chrono::steady_clock::time_point monotonic = std::chrono::steady_clock::now());

  // The background thread: a tick every `period` until stop().
  void start(std::chrono::milliseconds period = std::chrono::seconds(20));
  // Asks the thread to stop between groups and waits up to `patience` for it. False
  // when it did not finish: it is inside a plugin call that does not return, and only
  // ending the process stops it (what it claimed stays pending in the store).
  bool stop(std::chrono::milliseconds patience = std::chrono::hours(24));

  ServiceStatus status() const;

 private:
  config::PolicyContext policyContext() const;
  store::Database& database();  // the scheduler thread's own connection, opened on demand
  void runSync();
  bool runCycle(LocalTime now);  // false when another process holds the engine lock
  void runDispatch(LocalTime now);
  // Brings the task sinks up to date; the caller holds the engine lock.
  void pushTasks(store::Database& db);
  void logPush(const engine::PushSummary& pushed);
  bool stopRequested();

  const config::HostConfig& config_;
  const calendar::BusinessCalendar& calendar_;
  plugin::PluginRegistry& plugins_;
  std::string storeUrl_;

  mutable std::mutex mutex_;  // guards policies_ and status_
  std::shared_ptr<const config::PolicySet> policies_;
  ServiceStatus status_;

  std::unique_ptr<store::Database> db_;
  ScheduleState schedule_;  // the scheduler thread's own
  std::thread thread_;
  std::mutex stopMutex_;
  std::condition_variable stopSignal_;
  bool stopping_ = false;
  bool reloadRequested_ = false;
  bool finished_ = false;  // the thread left its loop
  engine::CallWatch watch_;
};

// The machine's local time now.
LocalTime localNow();

}  // namespace regua::services
