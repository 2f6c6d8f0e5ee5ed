#include "engine/task_service.hpp"

#include "engine/events.hpp"

#include <Poco/Logger.h>


#include "common/words.hpp"
#include "common/masking.hpp"
#include "store/history_repository.hpp"
#include "store/receivable_repository.hpp"
#include "store/task_repository.hpp"

namespace regua::engine {


namespace {

// task.opened / task.closed, in the caller's transaction.
void taskEvent(store::Database& db, const std::string& type, const store::TaskRecord& task) {
  Poco::JSON::Object data(Poco::JSON_PRESERVE_KEY_ORDER);
  data.set("task", task.id);
  data.set("type", task.type);
  data.set("title", task.title);
  data.set("responsible", task.responsible);
  data.set("due_date", task.dueDate.iso());
  emitEvent(db, type, task.clientId, data);
}

}  // namespace

namespace {

Poco::Logger& logger() { return Poco::Logger::get("regua.tasks"); }

void record(store::Database& db, std::int64_t clientId, const std::string& actor, const std::string& summary) {
  store::HistoryRepository(db).append(clientId, "task", actor, summary);
}

std::string label(const store::TaskRecord& t) { return "tarefa #" + std::to_string(t.id) + " (" + t.type + ")"; }

}  // namespace

TaskUpsert TaskService::upsert(std::int64_t clientId, const std::vector<std::int64_t>& receivableIds,
                               const TaskChange& change, Date today, const std::string& actor) {
  TaskUpsert out;
  db_.transaction([&] {
    store::TaskRepository tasks(db_);
    if (auto open = tasks.findOpen(clientId, change.type)) {
      // The client's open task of this type takes the new items: one task per client and type.
      const std::size_t added = tasks.addItems(open->id, receivableIds);
      if (!change.description.empty()) open->description = change.description;
      if (open->responsible.empty()) open->responsible = change.responsible;
      if (open->escalateTo.empty() && !change.escalateTo.empty()) {
        open->escalateTo = change.escalateTo;
        open->escalateAfter = change.escalateAfterDays;
      }
      tasks.update(*open);
      std::string note = change.note;
      if (note.empty() && added > 0) note = counted(added, "título acrescentado", "títulos acrescentados") + " em " + today.br();
      // The same call delivered again (after a crash) brings nothing new: no second note.
      const auto notes = tasks.notesAfter(open->id, 0);
      if (added == 0 && !notes.empty() && notes.back().text == note) {
        out = {open->id, false, open->responsible};
        return;
      }
      if (!note.empty()) tasks.addNote(open->id, note);
      record(db_, clientId, actor,
             label(*open) + " atualizada" + (added > 0 ? ": +" + counted(added, "título", "títulos") : "") +
                 (note.empty() ? "" : " — " + note));
      out = {open->id, false, open->responsible};
      return;
    }
    store::TaskRecord task;
    task.type = change.type;
    task.clientId = clientId;
    task.responsible = change.responsible;
    task.title = change.title;
    task.description = change.description;
    task.startDate = today;
    task.dueDate = change.dueDate < today ? today : change.dueDate;
    task.escalateTo = change.escalateTo;
    task.escalateAfter = change.escalateAfterDays;
    tasks.create(task);
    tasks.addItems(task.id, receivableIds);
    taskEvent(db_, "task.opened", task);
    record(db_, clientId, actor,
           label(task) + " aberta" + (task.responsible.empty() ? " sem responsável" : " para " + task.responsible) +
               ", prazo " + task.dueDate.br() + ": " + task.title);
    out = {task.id, true, task.responsible};
  });
  return out;
}

std::size_t TaskService::settled(std::int64_t receivableId, Date day, const std::string& happened) {
  store::TaskRepository tasks(db_);
  store::ReceivableRepository receivables(db_);
  std::size_t closed = 0;
  const auto open = tasks.openWithReceivable(receivableId);
  if (open.empty()) return 0;
  const auto paid = receivables.findById(receivableId);
  const std::string what = paid ? "título " + paid->externalId : "título " + std::to_string(receivableId);
  for (auto task : open) {
    bool somethingLeft = false;
    for (const auto id : tasks.items(task.id)) {
      const auto r = id == receivableId ? paid : receivables.findById(id);
      somethingLeft = somethingLeft || (r && domain::isCollectible(r->status));
    }
    std::string note = what + " " + happened + " em " + day.br() + ".";
    if (!somethingLeft) {
      task.open = false;
      note += " Nada mais em aberto nesta tarefa: encerrada pelo Régua.";
      ++closed;
    }
    tasks.update(task);
    tasks.addNote(task.id, note);
    record(db_, task.clientId, "regua", label(task) + (somethingLeft ? ": " : " encerrada: ") + note);
    if (!somethingLeft) taskEvent(db_, "task.closed", task);
  }
  return closed;
}

std::size_t TaskService::settledAll(const std::vector<std::pair<std::int64_t, Date>>& paid) {
  std::vector<std::int64_t> ids;
  ids.reserve(paid.size());
  for (const auto& [id, day] : paid) ids.push_back(id);
  const auto withTasks = store::TaskRepository(db_).withOpenTasks(ids);
  std::size_t closed = 0;
  for (const auto& [id, day] : paid) {
    if (withTasks.count(id) > 0) closed += settled(id, day);
  }
  return closed;
}

std::int64_t TaskService::reopen(std::int64_t clientId, const std::string& type, const std::string& note, Date today,
                                 const std::string& actor) {
  store::TaskRepository tasks(db_);
  if (tasks.findOpen(clientId, type)) return 0;
  auto task = tasks.findLastClosed(clientId, type);
  if (!task) return 0;
  task->open = true;
  task->escalatedOn.reset();
  if (task->dueDate < today) task->dueDate = today;
  tasks.update(*task);
  taskEvent(db_, "task.opened", *task);
  tasks.addNote(task->id, note);
  record(db_, clientId, actor, label(*task) + " reaberta: " + note);
  return task->id;
}

std::size_t TaskService::escalate(Date today, const calendar::BusinessCalendar& calendar, const std::string& city) {
  store::TaskRepository tasks(db_);
  std::size_t escalated = 0;
  for (auto task : tasks.escalationCandidates()) {
    const Date limit = calendar.addBusinessDays(task.dueDate, task.escalateAfter, city);
    if (today <= limit) continue;
    const std::string from = task.responsible.empty() ? "ninguém" : task.responsible;
    const std::string note = "Aberta há mais de " + counted(task.escalateAfter, "dia útil", "dias úteis") +
                             " após o prazo de " + task.dueDate.br() + ": passada de " + from +
                             " para " + task.escalateTo + ".";
    db_.transaction([&] {
      task.responsible = task.escalateTo;
      task.escalatedOn = today;
      tasks.update(task);
      tasks.addNote(task.id, note);
      record(db_, task.clientId, "regua", label(task) + " escalada: " + note);
    });
    logger().information(maskPersonalData(label(task) + " escalada para " + task.escalateTo));
    ++escalated;
  }
  return escalated;
}

plugin::TaskReceipt ActionTasks::upsert(const plugin::TaskRequest& change) {
  plugin::TaskReceipt out;
  auto fail = [&](std::string why) {
    out.status = plugin::CallStatus::kFailed;
    out.error = std::move(why);
    return out;
  };
  if (change.type.empty()) return fail("a tarefa precisa de um tipo (type)");
  if (change.title.empty()) return fail("a tarefa precisa de um título (title)");
  if (change.dueDate.daysSinceEpoch() <= 0) return fail("a tarefa precisa de um prazo (due_date)");
  if (change.escalateAfterDays < 0) return fail("escalate_after_days não pode ser negativo");
  try {
    const TaskUpsert done = TaskService(db_).upsert(clientId_, receivableIds_, change, today_, actor_);
    out.status = plugin::CallStatus::kOk;
    out.taskId = done.taskId;
    out.created = done.created;
    out.responsible = done.responsible;
    return out;
  } catch (const std::exception& e) {
    return fail(e.what());
  }
}

std::pair<std::int64_t, std::int64_t> ActionTasks::load(std::string_view responsible) {
  return store::TaskRepository(db_).load(std::string(responsible));
}

std::vector<plugin::HistoryLine> ActionTasks::recent(std::uint32_t max) {
  std::vector<plugin::HistoryLine> lines;
  for (const auto& entry : store::HistoryRepository(db_).listForClient(clientId_, static_cast<int>(max))) {
    const Date day = entry.at.size() >= 10 ? Date::parse(entry.at.substr(0, 10)).value_or(today_) : today_;
    lines.push_back({day, entry.kind, maskPersonalData(entry.summary)});
  }
  return lines;
}

}  // namespace regua::engine
