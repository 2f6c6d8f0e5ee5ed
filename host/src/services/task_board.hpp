// The follow-up tasks as the office sees them — who has each, for which client, where
// each task tool stands with it — and pushing them to the task tools on demand.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "config/host_config.hpp"
#include "engine/task_push.hpp"
#include "store/database.hpp"
#include "store/task_repository.hpp"

namespace regua::plugin { class PluginRegistry; }

namespace regua::services {

struct TaskView {
  store::TaskRecord task;
  std::string clientId, clientName;  // empty when the client no longer exists
  std::size_t items = 0;             // receivables the task is about
  std::vector<std::pair<std::string, store::TaskSyncState>> sinks;  // by sink name
};

// Tasks of `responsible` (all when absent), only the open ones when `openOnly`.
std::vector<TaskView> listTasks(store::Database& db, const std::optional<std::string>& responsible, bool openOnly);

struct TaskPushReport {
  std::size_t requeued = 0;  // refused tasks put back in the queue (retryRefused)
  engine::PushSummary pushed;
  std::vector<std::pair<std::string, std::string>> disabledSinks;  // label, reason
};

// Brings the task sinks up to date; with `retryRefused` the tasks a sink refused are
// tried again. Nothing when another process holds the engine (it pushes them itself).
std::optional<TaskPushReport> pushTasks(store::Database& db, plugin::PluginRegistry& plugins,
                                        const config::HostConfig& config, bool retryRefused);

}  // namespace regua::services
