#include "engine/task_push.hpp"

#include <map>
#include <optional>

#include <Poco/Logger.h>

#include "common/masking.hpp"
#include "engine/dispatcher.hpp"
#include "plugin/plugin_instance.hpp"
#include "plugin/plugin_registry.hpp"
#include "plugin/task_sink_port.hpp"
#include "store/client_repository.hpp"
#include "store/history_repository.hpp"
#include "store/task_repository.hpp"

namespace regua::engine {

namespace {

Poco::Logger& logger() { return Poco::Logger::get("regua.tasks"); }

constexpr std::size_t kBatch = 200;

}  // namespace

PushSummary TaskPusher::push(const std::function<bool()>& keepGoing, std::optional<UtcTime> clock) {
  PushSummary summary;
  const UtcTime now = clock.value_or(utcNow());
  store::TaskRepository tasks(db_);
  store::ClientRepository clients(db_);
  std::map<std::int64_t, std::optional<domain::Client>> clientCache;

  for (plugin::PluginInstance* sink : plugins_.taskSinks()) {
    if (sink->disabledReason()) continue;
    // Keyed by the plugin's reverse-DNS name: unique per host and stable when regua.yaml
    // switches between `name:` and `path:`.
    const std::string& name = sink->info().name;
    bool sinkDown = false;
    while (!sinkDown && !sink->disabledReason()) {
      const auto batch = tasks.behind(name, now, kBatch);
      if (batch.empty()) break;
      for (std::size_t at = 0; at < batch.size() && !sinkDown; ++at) {
        const store::TaskRecord& task = batch[at];
        if (keepGoing && !keepGoing()) return summary;
        std::optional<store::TaskSyncState> known = tasks.findSyncState(task.id, name);
        // Before the first call, a row says "handed over": after a crash mid-call the
        // next push knows to look the task up in the sink instead of creating it again.
        const bool firstPush = !known;
        if (firstPush) db_.transaction([&] { tasks.saveSyncState(task.id, name, {}); });
        store::TaskSyncState state = known.value_or(store::TaskSyncState{});
        const auto notes = tasks.notesAfter(task.id, state.notesUpto);
        auto clientIt = clientCache.find(task.clientId);
        if (clientIt == clientCache.end()) clientIt = clientCache.emplace(task.clientId, clients.findById(task.clientId)).first;
        const auto& client = clientIt->second;

        // The call, with nothing locked: the sink may take seconds.
        std::string comment;
        for (const auto& note : notes) comment += (comment.empty() ? "" : "\n\n") + note.text;
        const std::string taskId = std::to_string(task.id);
        plugin::TaskPush call;
        call.taskId = taskId;
        call.externalId = state.externalId;
        call.type = task.type;
        call.clientId = client ? client->externalId : std::to_string(task.clientId);
        call.clientDocument = client ? client->document : "";
        call.responsible = task.responsible;
        call.title = task.title;
        call.description = task.description;
        call.comment = comment;
        call.startDate = task.startDate;
        call.dueDate = task.dueDate;
        call.closed = !task.open;
        call.firstPush = firstPush;
        const plugin::TaskPushResult result = plugin::pushTask(*sink, call);
        const std::string& error = result.error;
        const std::string& externalId = result.externalId;
        const std::string& note = result.note;
        const std::string what = "tarefa #" + taskId + " (" + task.type + ")";

        if (result.status == plugin::CallStatus::kOk) {
          const bool first = state.externalId.empty();
          state.externalId = externalId;
          state.syncedRevision = task.revision;
          state.notesUpto = notes.empty() ? state.notesUpto : notes.back().id;
          state.attempts = 0;
          state.nextAttemptAt.reset();
          state.lastError.clear();
          db_.transaction([&] {
            tasks.saveSyncState(task.id, name, state);
            if (first || !task.open || !note.empty()) {
              const std::string summaryLine = what + (first ? " criada em " : !task.open ? " encerrada em " : " em ") +
                                              name + " (" + externalId + ")" + (note.empty() ? "" : ": " + note);
              store::HistoryRepository(db_).append(task.clientId, "task", name, summaryLine);
            }
          });
          if (!note.empty()) logger().warning(maskPersonalData(name + ": " + what + ": " + note));
          ++summary.pushed;
          continue;
        }
        if (result.status == plugin::CallStatus::kConfigRefused) {
          // Credentials or settings refused: nothing this sink does will work until an
          // operator fixes regua.yaml. The task stays where it was.
          sink->disable(error);
          logger().error(maskPersonalData(name + " desativado: " + error));
          ++summary.disabled;
          summary.waiting += batch.size() - at;
          sinkDown = true;
          continue;
        }
        if (result.status == plugin::CallStatus::kRetry) {
          ++state.attempts;
          state.nextAttemptAt =
              now + std::chrono::seconds(backoffSeconds(state.attempts, backoffBaseSeconds_, result.retryAfterSeconds));
          state.lastError = error;
          db_.transaction([&] { tasks.saveSyncState(task.id, name, state); });
          logger().warning(maskPersonalData(name + " indisponível (" + error + "); " + what +
                                            " e as demais esperam a próxima tentativa"));
          summary.waiting += batch.size() - at;
          sinkDown = true;  // the rest would only time out too
          continue;
        }
        // Refused: kept here, recorded, tried again when the task changes.
        state.failedRevision = task.revision;
        state.lastError = error;
        db_.transaction([&] {
          tasks.saveSyncState(task.id, name, state);
          store::HistoryRepository(db_).append(task.clientId, "task_error", name, name + " recusou a " + what + ": " + error);
        });
        logger().error(maskPersonalData(name + " recusou a " + what + ": " + error));
        ++summary.refused;
      }
    }
  }
  return summary;
}

std::string describe(const PushSummary& s) {
  std::string out = "tarefas: " + std::to_string(s.pushed) + " enviadas, " + std::to_string(s.waiting) +
                    " aguardando o destino, " + std::to_string(s.refused) + " recusadas";
  if (s.disabled > 0) out += ", " + std::to_string(s.disabled) + " destino(s) desativado(s)";
  return out;
}

}  // namespace regua::engine
