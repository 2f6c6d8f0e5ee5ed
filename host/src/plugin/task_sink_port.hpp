// The task_sink capability in host terms: bring one task up to date in the office's
// task tool (Redmine, ...).
#pragma once

#include <string>

#include <regua/value.hpp>

#include "plugin/call_session.hpp"

namespace regua::plugin {

class PluginInstance;

struct TaskPush {
  std::string taskId;      // the host's id
  std::string externalId;  // the sink's id from an earlier push; "" before the first
  std::string type, clientId, clientDocument, responsible, title, description;
  std::string comment;     // notes since the last push, to append
  Date startDate, dueDate;
  bool closed = false;
  bool firstPush = false;  // the sink was never handed this task: nothing to look up
};

struct TaskPushResult {
  CallStatus status = CallStatus::kFailed;
  std::string externalId;  // with kOk, never empty
  std::string note;        // the sink's remark for the history
  std::string error;
  unsigned retryAfterSeconds = 0;
};

TaskPushResult pushTask(PluginInstance& sink, const TaskPush& task);

}  // namespace regua::plugin
