// Follow-up tasks: at most one open task per client and type (a unique index).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <regua/value.hpp>

#include "store/database.hpp"

namespace regua::store {

struct TaskRecord {
  std::int64_t id = 0;
  std::string type;
  std::int64_t clientId = 0;
  std::string responsible;
  std::string title;
  std::string description;
  Date dueDate;
  bool open = true;
  std::string sink;        // the task_sink it was pushed to; empty until pushed
  std::string externalId;  // its id there
};

class TaskRepository {
 public:
  explicit TaskRepository(Database& db) : db_(db) {}
  // Sets task.id. Throws StoreError kConflict when the client already has an open task
  // of this type, kMissingReference when the client does not exist.
  void create(TaskRecord& task);
  std::optional<TaskRecord> findOpen(std::int64_t clientId, const std::string& type);
  std::vector<TaskRecord> list(const std::optional<std::string>& responsible, bool openOnly);
  void close(std::int64_t id);
  void setExternal(std::int64_t id, const std::string& sink, const std::string& externalId);

 private:
  // Tasks matching `condition` (constant SQL) with its parameters bound by `bind`.
  using Binder = std::function<void(soci::statement&)>;
  std::vector<TaskRecord> select(const std::string& condition, const Binder& bind);
  Database& db_;
};

}  // namespace regua::store
