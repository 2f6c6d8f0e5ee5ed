#include "store/task_repository.hpp"

#include "store/staged_rows.hpp"

namespace regua::store {

namespace {

constexpr const char* kColumns =
    "SELECT t.id, t.type, t.client_id, t.responsible, t.title, t.description, t.start_date, t.due_date, t.status, "
    "t.revision, t.escalate_to, t.escalate_after, t.escalated_on FROM tasks t ";

}  // namespace

void TaskRepository::create(TaskRecord& t) {
  long client = t.clientId, id = 0;
  int start = t.startDate.daysSinceEpoch(), due = t.dueDate.daysSinceEpoch(), after = t.escalateAfter;
  const std::string now = Database::nowUtc();
  try {
    db_.run(
        "INSERT INTO tasks (type, client_id, responsible, title, description, start_date, due_date, "
        "escalate_to, escalate_after, revision, created_at, updated_at) VALUES (:type, :client_id, "
        ":responsible, :title, :description, :start, :due, :escalate_to, :after, 1, :now, :now2) RETURNING id",
        soci::use(t.type), soci::use(client), soci::use(t.responsible), soci::use(t.title), soci::use(t.description),
        soci::use(start), soci::use(due), soci::use(t.escalateTo), soci::use(after), soci::use(now), soci::use(now),
        soci::into(id));
  } catch (const std::exception&) {
    db_.rethrowTranslated("tarefa '" + t.type + "' do cliente " + std::to_string(t.clientId),
                          "o cliente indicado não existe");
  }
  t.id = id;
  t.open = true;
  t.revision = 1;
}

void TaskRepository::update(TaskRecord& t) {
  long id = t.id;
  int start = t.startDate.daysSinceEpoch(), due = t.dueDate.daysSinceEpoch(), after = t.escalateAfter;
  int escalated = t.escalatedOn ? t.escalatedOn->daysSinceEpoch() : 0;
  soci::indicator escalatedInd = t.escalatedOn ? soci::i_ok : soci::i_null;
  const std::string status = t.open ? "open" : "closed";
  const std::string now = Database::nowUtc();
  std::string closedAt = t.open ? "" : now;
  soci::indicator closedInd = t.open ? soci::i_null : soci::i_ok;
  try {
    db_.run(
        "UPDATE tasks SET responsible = :responsible, title = :title, description = :description, "
        "start_date = :start, due_date = :due, status = :status, escalate_to = :escalate_to, "
        "escalate_after = :after, escalated_on = :escalated, closed_at = :closed_at, "
        "revision = revision + 1, updated_at = :now WHERE id = :id",
        soci::use(t.responsible), soci::use(t.title), soci::use(t.description), soci::use(start), soci::use(due),
        soci::use(status), soci::use(t.escalateTo), soci::use(after), soci::use(escalated, escalatedInd),
        soci::use(closedAt, closedInd), soci::use(now), soci::use(id));
  } catch (const std::exception&) {
    db_.rethrowTranslated("tarefa " + std::to_string(t.id));
  }
  ++t.revision;
}

std::vector<TaskRecord> TaskRepository::select(const std::string& condition, const Binder& bind,
                                               const std::string& tail) {
  std::vector<TaskRecord> out;
  TaskRecord t;
  long id = 0, client = 0;
  int start = 0, due = 0, revision = 0, after = 0, escalated = 0;
  soci::indicator escalatedInd = soci::i_ok;
  std::string status;
  try {
    auto kept = db_.unboundStatement(kColumns + condition + (tail.empty() ? " ORDER BY t.due_date, t.id" : tail));
    auto& st = kept.soci();
    st.exchange(soci::into(id));
    st.exchange(soci::into(t.type));
    st.exchange(soci::into(client));
    st.exchange(soci::into(t.responsible));
    st.exchange(soci::into(t.title));
    st.exchange(soci::into(t.description));
    st.exchange(soci::into(start));
    st.exchange(soci::into(due));
    st.exchange(soci::into(status));
    st.exchange(soci::into(revision));
    st.exchange(soci::into(t.escalateTo));
    st.exchange(soci::into(after));
    st.exchange(soci::into(escalated, escalatedInd));
    bind(st);
    st.define_and_bind();
    st.execute();
    while (st.fetch()) {
      t.id = id;
      t.clientId = client;
      t.startDate = Date::fromDaysSinceEpoch(start);
      t.dueDate = Date::fromDaysSinceEpoch(due);
      t.open = status == "open";
      t.revision = revision;
      t.escalateAfter = after;
      t.escalatedOn = escalatedInd == soci::i_ok ? std::optional<Date>(Date::fromDaysSinceEpoch(escalated)) : std::nullopt;
      out.push_back(t);
    }
  } catch (const std::exception&) {
    db_.rethrowTranslated("listando tarefas");
  }
  return out;
}

std::optional<TaskRecord> TaskRepository::findById(std::int64_t id) {
  const long taskId = id;
  auto found = select("WHERE t.id = :id", [&](soci::statement& st) { st.exchange(soci::use(taskId)); });
  if (found.empty()) return std::nullopt;
  return found.front();
}

std::vector<TaskRecord> TaskRepository::list(const std::optional<std::string>& responsible, bool openOnly) {
  const std::string who = responsible.value_or("");
  const int filterWho = responsible ? 1 : 0, filterOpen = openOnly ? 1 : 0;
  return select("WHERE (:filter_who = 0 OR t.responsible = :who) AND (:filter_open = 0 OR t.status = 'open')",
                [&](soci::statement& st) {
                  st.exchange(soci::use(filterWho));
                  st.exchange(soci::use(who));
                  st.exchange(soci::use(filterOpen));
                });
}

std::vector<TaskRecord> TaskRepository::openForClient(std::int64_t clientId) {
  const long client = clientId;
  return select("WHERE t.client_id = :client_id AND t.status = 'open'",
                [&](soci::statement& st) { st.exchange(soci::use(client)); });
}

std::optional<TaskRecord> TaskRepository::findOpen(std::int64_t clientId, const std::string& type) {
  const long client = clientId;
  auto found = select("WHERE t.client_id = :client_id AND t.type = :type AND t.status = 'open'",
                      [&](soci::statement& st) {
                        st.exchange(soci::use(client));
                        st.exchange(soci::use(type));
                      });
  if (found.empty()) return std::nullopt;
  return found.front();
}

std::optional<TaskRecord> TaskRepository::findLastClosed(std::int64_t clientId, const std::string& type) {
  const long client = clientId;
  auto found = select("WHERE t.client_id = :client_id AND t.type = :type AND t.status = 'closed'",
                      [&](soci::statement& st) {
                        st.exchange(soci::use(client));
                        st.exchange(soci::use(type));
                      },
                      " ORDER BY t.id DESC LIMIT 1");
  if (found.empty()) return std::nullopt;
  return found.front();
}

std::vector<TaskRecord> TaskRepository::escalationCandidates() {
  return select("WHERE t.status = 'open' AND t.escalate_to <> '' AND t.escalate_after > 0 AND t.escalated_on IS NULL",
                [](soci::statement&) {});
}

std::size_t TaskRepository::addItems(std::int64_t taskId, const std::vector<std::int64_t>& receivableIds) {
  std::size_t added = 0;
  long task = taskId, receivable = 0;
  try {
    auto st = db_.statement(
        "INSERT INTO task_items (task_id, receivable_id) VALUES (:task, "
        ":receivable) ON CONFLICT DO NOTHING",
        soci::use(task), soci::use(receivable));
    for (const auto id : receivableIds) {
      receivable = id;
      st.execute(true);
      added += st.affectedRows() > 0 ? 1 : 0;
    }
  } catch (const std::exception&) {
    db_.rethrowTranslated("títulos da tarefa " + std::to_string(taskId), "o título indicado não existe");
  }
  return added;
}

std::vector<std::int64_t> TaskRepository::items(std::int64_t taskId) {
  std::vector<std::int64_t> out;
  long task = taskId, receivable = 0;
  try {
    auto st = db_.statement(
        "SELECT receivable_id FROM task_items WHERE task_id = :task "
        "ORDER BY receivable_id",
        soci::into(receivable), soci::use(task));
    st.execute();
    while (st.fetch()) out.push_back(receivable);
  } catch (const std::exception&) {
    db_.rethrowTranslated("títulos da tarefa " + std::to_string(taskId));
  }
  return out;
}

std::vector<TaskRecord> TaskRepository::openWithReceivable(std::int64_t receivableId) {
  const long receivable = receivableId;
  return select("JOIN task_items i ON i.task_id = t.id WHERE i.receivable_id = :receivable AND t.status = 'open'",
                [&](soci::statement& st) { st.exchange(soci::use(receivable)); });
}

std::set<std::int64_t> TaskRepository::withOpenTasks(const std::vector<std::int64_t>& receivableIds) {
  std::set<std::int64_t> out;
  if (receivableIds.empty()) return out;
  long receivable = 0;
  try {
    stageIds(db_, "receivables_asked", receivableIds);
    auto st = db_.statement(
        "SELECT DISTINCT i.receivable_id FROM task_items i JOIN tasks t ON t.id = i.task_id "
        "WHERE t.status = 'open' AND i.receivable_id IN (SELECT id FROM receivables_asked)",
        soci::into(receivable));
    st.execute();
    while (st.fetch()) out.insert(receivable);
  } catch (const std::exception&) {
    db_.rethrowTranslated("tarefas dos títulos");
  }
  return out;
}

std::int64_t TaskRepository::addNote(std::int64_t taskId, const std::string& text) {
  long task = taskId, id = 0;
  const std::string now = Database::nowUtc();
  try {
    db_.run("INSERT INTO task_notes (task_id, text, created_at) VALUES (:task, :text, :now) RETURNING id",
            soci::use(task), soci::use(text), soci::use(now), soci::into(id));
  } catch (const std::exception&) {
    db_.rethrowTranslated("nota da tarefa " + std::to_string(taskId), "a tarefa indicada não existe");
  }
  return id;
}

std::vector<TaskNote> TaskRepository::notesAfter(std::int64_t taskId, std::int64_t afterId) {
  std::vector<TaskNote> out;
  TaskNote note;
  long task = taskId, after = afterId, id = 0;
  try {
    auto st = db_.statement(
        "SELECT id, text FROM task_notes WHERE task_id = :task AND id > :after "
        "ORDER BY id",
        soci::into(id), soci::into(note.text), soci::use(task), soci::use(after));
    st.execute();
    while (st.fetch()) {
      note.id = id;
      out.push_back(note);
    }
  } catch (const std::exception&) {
    db_.rethrowTranslated("notas da tarefa " + std::to_string(taskId));
  }
  return out;
}

std::pair<std::int64_t, std::int64_t> TaskRepository::load(const std::string& responsible) {
  long open = 0, assigned = 0;
  try {
    db_.run("SELECT COUNT(CASE WHEN status = 'open' THEN 1 END), COUNT(*) FROM tasks WHERE responsible = :who",
            soci::use(responsible), soci::into(open), soci::into(assigned));
  } catch (const std::exception&) {
    db_.rethrowTranslated("tarefas de " + responsible);
  }
  return {open, assigned};
}

std::vector<TaskRecord> TaskRepository::behind(const std::string& sink, UtcTime now, std::size_t limit) {
  const int max = static_cast<int>(limit);
  const std::string nowUtc = formatUtc(now);
  return select(
      "LEFT JOIN task_sync s ON s.task_id = t.id AND s.sink = :sink "
      "WHERE (s.task_id IS NULL AND t.status = 'open') OR (s.task_id IS NOT NULL AND s.synced_revision < t.revision "
      "AND s.failed_revision < t.revision AND s.next_attempt_at <= :now)",
      [&](soci::statement& st) {
        st.exchange(soci::use(sink));
        st.exchange(soci::use(nowUtc));
        st.exchange(soci::use(max));
      },
      " ORDER BY t.id LIMIT :limit");
}

std::optional<TaskSyncState> TaskRepository::findSyncState(std::int64_t taskId, const std::string& sink) {
  TaskSyncState s;
  long task = taskId, notesUpto = 0;
  std::string nextAttempt;
  bool found = false;
  try {
    found = db_.run(
        "SELECT external_id, synced_revision, notes_upto, failed_revision, attempts, next_attempt_at, "
        "last_error FROM task_sync WHERE task_id = :task AND sink = :sink",
        soci::into(s.externalId), soci::into(s.syncedRevision), soci::into(notesUpto), soci::into(s.failedRevision),
        soci::into(s.attempts), soci::into(nextAttempt), soci::into(s.lastError), soci::use(task), soci::use(sink));
  } catch (const std::exception&) {
    db_.rethrowTranslated("sincronização da tarefa " + std::to_string(taskId));
  }
  if (!found) return std::nullopt;
  s.notesUpto = notesUpto;
  s.nextAttemptAt = attemptFromColumn(nextAttempt);
  return s;
}

std::vector<std::pair<std::string, TaskSyncState>> TaskRepository::syncStates(std::int64_t taskId) {
  std::vector<std::pair<std::string, TaskSyncState>> out;
  TaskSyncState s;
  std::string sink, nextAttempt;
  long task = taskId, notesUpto = 0;
  try {
    auto st = db_.statement(
        "SELECT sink, external_id, synced_revision, notes_upto, failed_revision, "
        "attempts, next_attempt_at, last_error FROM task_sync WHERE task_id = "
        ":task ORDER BY sink",
        soci::into(sink), soci::into(s.externalId), soci::into(s.syncedRevision), soci::into(notesUpto),
        soci::into(s.failedRevision), soci::into(s.attempts), soci::into(nextAttempt), soci::into(s.lastError),
        soci::use(task));
    st.execute();
    while (st.fetch()) {
      s.notesUpto = notesUpto;
      s.nextAttemptAt = attemptFromColumn(nextAttempt);
      out.emplace_back(sink, s);
    }
  } catch (const std::exception&) {
    db_.rethrowTranslated("sincronização da tarefa " + std::to_string(taskId));
  }
  return out;
}

std::size_t TaskRepository::clearRefusals() {
  try {
    auto st = db_.statement(
        "UPDATE task_sync SET failed_revision = 0, attempts = 0, "
        "next_attempt_at = '', last_error = '' WHERE failed_revision > 0");
    st.execute(true);
    return static_cast<std::size_t>(st.affectedRows());
  } catch (const std::exception&) {
    db_.rethrowTranslated("tarefas recusadas");
  }
}

void TaskRepository::saveSyncState(std::int64_t taskId, const std::string& sink, const TaskSyncState& s) {
  long task = taskId, notesUpto = s.notesUpto;
  int synced = s.syncedRevision, failed = s.failedRevision, attempts = s.attempts;
  const std::string nextAttempt = attemptColumn(s.nextAttemptAt);
  try {
    db_.run(
        "INSERT INTO task_sync (task_id, sink, external_id, synced_revision, notes_upto, failed_revision, "
        "attempts, next_attempt_at, last_error) VALUES (:task, :sink, :external_id, :synced, :notes, :failed, "
        ":attempts, :next, :error) ON CONFLICT (task_id, sink) DO UPDATE SET external_id = "
        "excluded.external_id, synced_revision = excluded.synced_revision, notes_upto = excluded.notes_upto, "
        "failed_revision = excluded.failed_revision, attempts = excluded.attempts, next_attempt_at = "
        "excluded.next_attempt_at, last_error = excluded.last_error",
        soci::use(task), soci::use(sink), soci::use(s.externalId), soci::use(synced), soci::use(notesUpto),
        soci::use(failed), soci::use(attempts), soci::use(nextAttempt), soci::use(s.lastError));
  } catch (const std::exception&) {
    db_.rethrowTranslated("sincronização da tarefa " + std::to_string(taskId), "a tarefa indicada não existe");
  }
}

}  // namespace regua::store
