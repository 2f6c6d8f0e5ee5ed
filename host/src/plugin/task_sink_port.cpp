#include "plugin/task_sink_port.hpp"

#include <regua/plugin.hpp>

#include "plugin/abi_values.hpp"
#include "plugin/plugin_instance.hpp"

namespace regua::plugin {

TaskPushResult pushTask(PluginInstance& sink, const TaskPush& task) {
  regua_task call{};
  call.struct_size = sizeof call;
  call.task_id = abiStr(task.taskId);
  call.external_id = abiStr(task.externalId);
  call.type = abiStr(task.type);
  call.client_id = abiStr(task.clientId);
  call.client_document = abiStr(task.clientDocument);
  call.responsible = abiStr(task.responsible);
  call.title = abiStr(task.title);
  call.description = abiStr(task.description);
  call.comment = abiStr(task.comment);
  call.start_date = task.startDate.toAbi();
  call.due_date = task.dueDate.toAbi();
  call.closed = task.closed ? 1 : 0;
  call.first_push = task.firstPush ? 1 : 0;
  TaskPushResult out;
  try {
    regua_task_result result{};
    const auto hold = sink.exclusive();
    const regua_status status = sink.upsertTask(call, result);
    out.status = callStatus(status);
    if (status != REGUA_OK) out.error = sink.lastError();
    out.externalId = std::string(view(result.external_id));
    out.note = std::string(view(declaredField(result, &regua_task_result::note)));
    out.retryAfterSeconds = declaredField(result, &regua_task_result::retry_after_seconds);
    if (status == REGUA_OK && out.externalId.empty()) {
      out.status = CallStatus::kFailed;
      out.error = "o destino aceitou a tarefa sem devolver o id dela (viola a ABI)";
    }
  } catch (const std::exception& e) {
    out.status = CallStatus::kFailed;
    out.error = e.what();
  }
  return out;
}

}  // namespace regua::plugin
