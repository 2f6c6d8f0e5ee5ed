#include "engine/task_push.hpp"

#include <optional>

#include <Poco/Logger.h>

#include "common/masking.hpp"
#include "common/words.hpp"
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
  for (plugin::PluginInstance* sink : plugins_.taskSinks()) {
    if (sink->disabledReason()) continue;
    if (!pushSink(*sink, now, keepGoing, summary)) break;
  }
  return summary;
}

bool TaskPusher::pushSink(plugin::PluginInstance& sink, UtcTime now, const std::function<bool()>& keepGoing,
                          PushSummary& summary) {
  // Keyed by the plugin's reverse-DNS name: unique per host and stable when regua.yaml
  // switches between `name:` and `path:`.
  const std::string& name = sink.info().name;
  store::TaskRepository tasks(db_);
  while (!sink.disabledReason()) {
    const auto batch = tasks.behind(name, now, kBatch);
    if (batch.empty()) return true;
    for (std::size_t at = 0; at < batch.size(); ++at) {
      if (keepGoing && !keepGoing()) return false;
      const Pushed pushed = pushOne(sink, batch[at], now, summary);
      if (pushed == Pushed::kSinkDown) {
        summary.waiting += batch.size() - at;  // the rest would only time out too
        return true;
      }
      ++(pushed == Pushed::kAccepted ? summary.pushed : summary.refused);
    }
  }
  return true;
}

TaskPusher::Pushed TaskPusher::pushOne(plugin::PluginInstance& sink, const store::TaskRecord& task, UtcTime now,
                                       PushSummary& summary) {
  const std::string& name = sink.info().name;
  store::TaskRepository tasks(db_);
  std::optional<store::TaskSyncState> known = tasks.findSyncState(task.id, name);
  // Before the first call, a row says "handed over": after a crash mid-call the next
  // push knows to look the task up in the sink instead of creating it again.
  const bool firstPush = !known;
  if (firstPush) db_.transaction([&] { tasks.saveSyncState(task.id, name, {}); });
  store::TaskSyncState state = known.value_or(store::TaskSyncState{});
  const auto notes = tasks.notesAfter(task.id, state.notesUpto);
  const auto client = store::ClientRepository(db_).findById(task.clientId);

  // The call, with nothing locked: the sink may take seconds.
  plugin::TaskPush call;
  call.taskId = std::to_string(task.id);
  call.externalId = state.externalId;
  call.type = task.type;
  call.clientId = client ? client->externalId : std::to_string(task.clientId);
  call.clientDocument = client ? client->document : "";
  call.responsible = task.responsible;
  call.title = task.title;
  call.description = task.description;
  for (const auto& note : notes) call.comment += (call.comment.empty() ? "" : "\n\n") + note.text;
  call.startDate = task.startDate;
  call.dueDate = task.dueDate;
  call.closed = !task.open;
  call.firstPush = firstPush;
  const plugin::TaskPushResult result = plugin::pushTask(sink, call);
  const std::string what = "tarefa #" + call.taskId + " (" + task.type + ")";

  switch (result.status) {
    case plugin::CallStatus::kOk: {
      const bool first = state.externalId.empty();
      state.externalId = result.externalId;
      state.syncedRevision = task.revision;
      state.notesUpto = notes.empty() ? state.notesUpto : notes.back().id;
      state.attempts = 0;
      state.nextAttemptAt.reset();
      state.lastError.clear();
      db_.transaction([&] {
        tasks.saveSyncState(task.id, name, state);
        if (first || !task.open || !result.note.empty()) {
          const std::string line = what + (first ? " criada em " : !task.open ? " encerrada em " : " em ") + name +
                                   " (" + result.externalId + ")" + (result.note.empty() ? "" : ": " + result.note);
          store::HistoryRepository(db_).append(task.clientId, "task", name, line);
        }
      });
      if (!result.note.empty()) logger().warning(maskPersonalData(name + ": " + what + ": " + result.note));
      return Pushed::kAccepted;
    }
    case plugin::CallStatus::kConfigRefused:
      // Credentials or settings refused: nothing this sink does will work until an
      // operator fixes regua.yaml. The task stays where it was.
      sink.disable(result.error);
      logger().error(maskPersonalData(name + " desativado: " + result.error));
      ++summary.disabled;
      return Pushed::kSinkDown;
    case plugin::CallStatus::kRetry:
      ++state.attempts;
      state.nextAttemptAt =
          now + std::chrono::seconds(backoffSeconds(state.attempts, backoffBaseSeconds_, result.retryAfterSeconds));
      state.lastError = result.error;
      db_.transaction([&] { tasks.saveSyncState(task.id, name, state); });
      logger().warning(maskPersonalData(name + " indisponível (" + result.error + "); " + what +
                                        " e as demais esperam a próxima tentativa"));
      return Pushed::kSinkDown;
    case plugin::CallStatus::kFailed:
    case plugin::CallStatus::kRefused:  // a channel's answer; a task sink's refusal is kFailed
      break;
  }
  // Refused: kept here, recorded, tried again when the task changes.
  state.failedRevision = task.revision;
  state.lastError = result.error;
  db_.transaction([&] {
    tasks.saveSyncState(task.id, name, state);
    store::HistoryRepository(db_).append(task.clientId, "task_error", name, name + " recusou a " + what + ": " + result.error);
  });
  logger().error(maskPersonalData(name + " recusou a " + what + ": " + result.error));
  return Pushed::kRefused;
}

std::string describe(const PushSummary& s) {
  std::string out = "tarefas: " + counted(s.pushed, "enviada", "enviadas") + ", " + std::to_string(s.waiting) +
                    " aguardando o destino, " + counted(s.refused, "recusada", "recusadas");
  if (s.disabled > 0) out += ", " + counted(s.disabled, "destino desativado", "destinos desativados");
  return out;
}

}  // namespace regua::engine
