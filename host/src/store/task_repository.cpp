#include "store/task_repository.hpp"

namespace regua::store {

void TaskRepository::create(TaskRecord& t) {
  long client = t.clientId, id = 0;
  int due = t.dueDate.daysSinceEpoch();
  const std::string now = Database::nowUtc();
  try {
    db_.sql() << "INSERT INTO tasks (type, client_id, responsible, title, description, due_date, created_at, "
                 "updated_at) VALUES (:type, :client_id, :responsible, :title, :description, :due, :now, :now2) "
                 "RETURNING id",
        soci::use(t.type), soci::use(client), soci::use(t.responsible), soci::use(t.title), soci::use(t.description),
        soci::use(due), soci::use(now), soci::use(now), soci::into(id);
  } catch (const std::exception&) {
    db_.rethrowTranslated("tarefa '" + t.type + "' do cliente " + std::to_string(t.clientId),
                          "o cliente indicado não existe");
  }
  t.id = id;
  t.open = true;
}

std::vector<TaskRecord> TaskRepository::select(const std::string& condition, const Binder& bind) {
  std::vector<TaskRecord> out;
  TaskRecord t;
  long id = 0, client = 0;
  int due = 0;
  std::string status;
  try {
    soci::statement st(db_.sql());
    st.alloc();
    st.prepare("SELECT id, type, client_id, responsible, title, description, due_date, status, sink, external_id "
               "FROM tasks WHERE " + condition + " ORDER BY due_date, id");
    st.exchange(soci::into(id));
    st.exchange(soci::into(t.type));
    st.exchange(soci::into(client));
    st.exchange(soci::into(t.responsible));
    st.exchange(soci::into(t.title));
    st.exchange(soci::into(t.description));
    st.exchange(soci::into(due));
    st.exchange(soci::into(status));
    st.exchange(soci::into(t.sink));
    st.exchange(soci::into(t.externalId));
    bind(st);
    st.define_and_bind();
    st.execute();
    while (st.fetch()) {
      t.id = id;
      t.clientId = client;
      t.dueDate = Date::fromDaysSinceEpoch(due);
      t.open = status == "open";
      out.push_back(t);
    }
  } catch (const std::exception&) {
    db_.rethrowTranslated("listando tarefas");
  }
  return out;
}

std::vector<TaskRecord> TaskRepository::list(const std::optional<std::string>& responsible, bool openOnly) {
  const std::string who = responsible.value_or("");
  const int filterWho = responsible ? 1 : 0, filterOpen = openOnly ? 1 : 0;
  return select("(:filter_who = 0 OR responsible = :who) AND (:filter_open = 0 OR status = 'open')",
                [&](soci::statement& st) {
                  st.exchange(soci::use(filterWho));
                  st.exchange(soci::use(who));
                  st.exchange(soci::use(filterOpen));
                });
}

std::optional<TaskRecord> TaskRepository::findOpen(std::int64_t clientId, const std::string& type) {
  const long client = clientId;
  auto found = select("client_id = :client_id AND type = :type AND status = 'open'", [&](soci::statement& st) {
    st.exchange(soci::use(client));
    st.exchange(soci::use(type));
  });
  if (found.empty()) return std::nullopt;
  return found.front();
}

void TaskRepository::close(std::int64_t id) {
  long taskId = id;
  const std::string now = Database::nowUtc();
  try {
    db_.sql() << "UPDATE tasks SET status = 'closed', closed_at = :now, updated_at = :now2 WHERE id = :id",
        soci::use(now), soci::use(now), soci::use(taskId);
  } catch (const std::exception&) {
    db_.rethrowTranslated("fechando a tarefa " + std::to_string(id));
  }
}

void TaskRepository::setExternal(std::int64_t id, const std::string& sink, const std::string& externalId) {
  long taskId = id;
  const std::string now = Database::nowUtc();
  try {
    db_.sql() << "UPDATE tasks SET sink = :sink, external_id = :external_id, updated_at = :now WHERE id = :id",
        soci::use(sink), soci::use(externalId), soci::use(now), soci::use(taskId);
  } catch (const std::exception&) {
    db_.rethrowTranslated("tarefa " + std::to_string(id));
  }
}

}  // namespace regua::store
