// Follow-up tasks: at most one open task per client and type (a unique index), the
// receivables each is about, its notes, and where each task sink stands with it.
// Every change bumps the task's revision; a sink whose synced revision is lower is
// behind and gets the task pushed again.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <set>
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
  Date startDate;
  Date dueDate;
  bool open = true;
  int revision = 1;
  std::string escalateTo;         // empty: never escalated
  int escalateAfter = 0;          // business days past dueDate
  std::optional<Date> escalatedOn;
};

struct TaskNote {
  std::int64_t id = 0;
  std::string text;
};

// Where one task sink stands with one task.
struct TaskSyncState {
  std::string externalId;  // the sink's id; empty until created there
  int syncedRevision = 0;
  std::int64_t notesUpto = 0;  // notes with a higher id are not there yet
  int failedRevision = 0;      // the sink refused this revision; wait for a change
  int attempts = 0;            // temporary failures in a row
  std::optional<UtcTime> nextAttemptAt;  // nothing = now
  std::string lastError;
};

class TaskRepository {
 public:
  explicit TaskRepository(Database& db) : db_(db) {}
  // Sets task.id. Throws StoreError kConflict when the client already has an open task
  // of this type, kMissingReference when the client does not exist.
  void create(TaskRecord& task);
  // Writes every field but id and client, and bumps the revision.
  void update(TaskRecord& task);
  std::optional<TaskRecord> findById(std::int64_t id);
  std::optional<TaskRecord> findOpen(std::int64_t clientId, const std::string& type);
  std::vector<TaskRecord> openForClient(std::int64_t clientId);
  // The newest closed task of the client and type (to reopen), if any.
  std::optional<TaskRecord> findLastClosed(std::int64_t clientId, const std::string& type);
  std::vector<TaskRecord> list(const std::optional<std::string>& responsible, bool openOnly);
  // Open tasks with an escalation rule that have not been escalated yet.
  std::vector<TaskRecord> escalationCandidates();

  // Links receivables to a task (a repeat is ignored); returns how many were new.
  std::size_t addItems(std::int64_t taskId, const std::vector<std::int64_t>& receivableIds);
  std::vector<std::int64_t> items(std::int64_t taskId);
  // Open tasks that list the receivable.
  std::vector<TaskRecord> openWithReceivable(std::int64_t receivableId);
  // Which of `receivableIds` an open task lists.
  std::set<std::int64_t> withOpenTasks(const std::vector<std::int64_t>& receivableIds);

  std::int64_t addNote(std::int64_t taskId, const std::string& text);
  std::vector<TaskNote> notesAfter(std::int64_t taskId, std::int64_t afterId);

  // Open tasks the person has now, and tasks ever assigned to them.
  std::pair<std::int64_t, std::int64_t> load(const std::string& responsible);

  // Tasks `sink` is behind on and may be pushed at `now`, oldest first: open tasks it
  // has never seen, and tasks changed since it last took them (not refused at this
  // revision, not waiting out a retry delay).
  std::vector<TaskRecord> behind(const std::string& sink, UtcTime now, std::size_t limit);
  // Where `sink` stands with the task, or nothing when it was never handed the task.
  std::optional<TaskSyncState> findSyncState(std::int64_t taskId, const std::string& sink);
  // Every sink that has a sync row for the task, by sink name.
  std::vector<std::pair<std::string, TaskSyncState>> syncStates(std::int64_t taskId);
  void saveSyncState(std::int64_t taskId, const std::string& sink, const TaskSyncState& state);
  // Forgets every refusal, so refused tasks are pushed again (after the office fixed what
  // the sink objected to). Returns how many.
  std::size_t clearRefusals();

 private:
  // Tasks matching `condition` (constant SQL) with its parameters bound by `bind`.
  using Binder = std::function<void(soci::statement&)>;
  std::vector<TaskRecord> select(const std::string& condition, const Binder& bind, const std::string& tail = "");
  Database& db_;
};

}  // namespace regua::store
