#include "services/task_board.hpp"

#include <map>

#include "plugin/plugin_instance.hpp"
#include "plugin/plugin_registry.hpp"
#include "store/client_repository.hpp"

namespace regua::services {

std::vector<TaskView> listTasks(store::Database& db, const std::optional<std::string>& responsible, bool openOnly) {
  store::TaskRepository tasks(db);
  store::ClientRepository clients(db);
  std::map<std::int64_t, std::optional<domain::Client>> clientCache;
  std::vector<TaskView> out;
  for (auto& task : tasks.list(responsible, openOnly)) {
    auto it = clientCache.find(task.clientId);
    if (it == clientCache.end()) it = clientCache.emplace(task.clientId, clients.findById(task.clientId)).first;
    TaskView view;
    if (const auto& client = it->second) {
      view.clientId = client->externalId;
      view.clientName = client->name;
    }
    view.items = tasks.items(task.id).size();
    view.sinks = tasks.syncStates(task.id);
    view.task = std::move(task);
    out.push_back(std::move(view));
  }
  return out;
}

std::optional<TaskPushReport> pushTasks(store::Database& db, plugin::PluginRegistry& plugins,
                                        const config::HostConfig& config, bool retryRefused) {
  const auto lock = db.tryLockEngine();
  if (!lock) return std::nullopt;
  TaskPushReport report;
  if (retryRefused) db.transaction([&] { report.requeued = store::TaskRepository(db).clearRefusals(); });
  report.pushed = engine::TaskPusher(db, plugins, config.backoffSeconds).push();
  for (const auto& status : plugins.currentStatuses()) {
    if (status.instance != nullptr && status.instance->descriptor().task_sink != nullptr && !status.loaded) {
      report.disabledSinks.emplace_back(status.label, status.reason);
    }
  }
  return report;
}

}  // namespace regua::services
