// Brings every task sink (Redmine, CalDAV, ...) up to date with the tasks in the store.
// Runs after the dispatcher, never inside a database transaction: each sink call is
// made with nothing locked, and only its outcome is written afterwards. A sink that is
// down keeps its tasks waiting (retried with backoff, the sink's own lookup prevents a
// duplicate); one that refuses a task keeps it refused until the task changes; one
// whose credentials are refused is disabled until the host restarts.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>

#include "common/utc_time.hpp"
#include "store/database.hpp"
#include "store/task_repository.hpp"

namespace regua::plugin { class PluginInstance; class PluginRegistry; }

namespace regua::engine {

struct PushSummary {
  std::size_t pushed = 0;    // task versions a sink accepted
  std::size_t waiting = 0;   // sink down: pushed on a later run
  std::size_t refused = 0;   // a sink refused the task (history and log say why)
  std::size_t disabled = 0;  // sinks taken out of service in this run
};

class TaskPusher {
 public:
  TaskPusher(store::Database& db, plugin::PluginRegistry& plugins, int backoffBaseSeconds = 60)
      : db_(db), plugins_(plugins), backoffBaseSeconds_(backoffBaseSeconds) {}

  // Pushes what each sink is behind on. `keepGoing` is asked before each task; `now` is
  // the clock for retry delays (nothing = the system's).
  PushSummary push(const std::function<bool()>& keepGoing = {}, std::optional<UtcTime> now = std::nullopt);

 private:
  enum class Pushed { kAccepted, kRefused, kSinkDown };
  // One sink, batch after batch, until it has nothing behind or goes down. False when
  // `keepGoing` asked to stop.
  bool pushSink(plugin::PluginInstance& sink, UtcTime now, const std::function<bool()>& keepGoing,
                PushSummary& summary);
  // One task to one sink, and what the store and the history keep of the outcome.
  Pushed pushOne(plugin::PluginInstance& sink, const store::TaskRecord& task, UtcTime now, PushSummary& summary);

  store::Database& db_;
  plugin::PluginRegistry& plugins_;
  int backoffBaseSeconds_;
};

std::string describe(const PushSummary& summary);

}  // namespace regua::engine
