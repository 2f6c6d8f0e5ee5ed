// The day's collection, the one way every front end runs it (`regua run`, the scheduler
// of `regua serve`): under the engine lock, review agreements and promises, plan the
// day's intents, dispatch what is due, escalate overdue tasks, push the task sinks, and
// record the day so the scheduler never runs it twice. The dry run plans without
// writing. Front ends only format the report.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <regua/value.hpp>

#include "calendar/business_calendar.hpp"
#include "config/host_config.hpp"
#include "config/policy.hpp"
#include "engine/cycle.hpp"
#include "engine/dispatcher.hpp"
#include "engine/task_push.hpp"
#include "services/negotiation_service.hpp"
#include "store/database.hpp"

namespace regua::plugin { class PluginRegistry; }

namespace regua::services {

struct CycleReport {
  Date day;
  NegotiationReview reviewed;        // agreements broken, promises kept or broken
  engine::PlanSummary plan;          // intents decided and recorded
  engine::DispatchSummary sent;      // what the action plugins carried out
  std::size_t tasksEscalated = 0;
  engine::PushSummary tasks;         // what the task sinks heard
  std::size_t tasksWithoutResponsible = 0;  // open tasks nobody in the office has
  std::chrono::milliseconds planTime{}, dispatchTime{}, pushTime{};
  // Another host planned the day (it held the engine lock, PostgreSQL): this one only
  // dispatched batches of its round beside it. Nothing was reviewed, planned or pushed here.
  bool joined = false;
  std::string plannedBy;
};

// The report as the lines people read, in the CLI and in `serve`'s log alike: the
// counts, then negotiation and tasks when there is something to say about them, then
// what needs the office's attention (said once per run, with a count).
std::vector<std::string> describe(const CycleReport& report, bool hasTaskSinks);

class DailyCycle {
 public:
  // `readUrl` is the store's URL: planning streams the open receivables through a
  // connection of its own while `db` records the intents.
  // `watch`, when given, hears of each plugin call of the dispatch while it runs.
  DailyCycle(store::Database& db, std::string readUrl, const config::HostConfig& config,
             const calendar::BusinessCalendar& calendar, plugin::PluginRegistry& plugins,
             engine::CallWatch* watch = nullptr);

  // Runs `day` at `minuteOfDay` (office time, for sending windows). The host that takes
  // the engine lock plans and opens the day's dispatch round; on PostgreSQL a host that
  // finds the lock taken waits for that round and dispatches beside the planner (the
  // report says joined). Nothing on SQLite when another process holds the lock (one
  // writer), or when `keepGoing` stopped the wait. `keepGoing` is asked between dispatch
  // groups and task pushes; returning false stops cleanly (what is left waits for the
  // next pass). `ifLocked` kRefuse: nothing at once when the lock is taken (the API
  // answers 409 instead of holding the request for the whole dispatch).
  enum class IfLocked { kJoin, kRefuse };
  std::optional<CycleReport> run(const config::PolicySet& policies, Date day, int minuteOfDay,
                                 const std::function<bool()>& keepGoing = {}, IfLocked ifLocked = IfLocked::kJoin);
  // serve's pass between cycles, for retries and what came due since. `leads` says the
  // caller holds the engine lock: it finishes a round left unfinished or opens one for
  // what is due; without the lock it helps with a round another host opened. Nothing
  // when there was no round to work on.
  std::optional<engine::DispatchSummary> dispatchDue(const config::PolicySet& policies, Date day, int minuteOfDay,
                                                     bool leads, const std::function<bool()>& keepGoing = {});

  // What run() would decide for `day`, without writing: each intent to run goes to
  // `onIntent` with its amount today and, for a message, the channel the contact rules
  // will pick (not just the planned one), as the plan streams.
  engine::PlanSummary preview(const config::PolicySet& policies, Date day,
                              const std::function<void(const engine::PlannedIntent&)>& onIntent);
  // What run() does before it plans, without doing it: agreements it will break and
  // promises it will settle (a broken one fires its stage), in that order.
  std::vector<ReviewDecision> reviewAhead(const config::PolicySet& policies, Date day);

  // The day the cycle last ran to the end, as recorded in the store.
  std::optional<Date> lastDay();

 private:
  void announceOverdue(const config::PolicySet& policies, Date day);
  CycleReport lead(const config::PolicySet& policies, Date day, int minuteOfDay, const std::function<bool()>& keepGoing);
  std::optional<CycleReport> join(const config::PolicySet& policies, Date day, int minuteOfDay,
                                  const std::function<bool()>& keepGoing);
  engine::DispatchSummary dispatchRound(const config::PolicySet& policies, Date day, int minuteOfDay,
                                        std::int64_t round, const std::function<bool()>& keepGoing);

  store::Database& db_;
  std::string readUrl_;
  const config::HostConfig& config_;
  const calendar::BusinessCalendar& calendar_;
  plugin::PluginRegistry& plugins_;
  engine::CallWatch* watch_;
};

}  // namespace regua::services
