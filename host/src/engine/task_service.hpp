// Follow-up tasks, the host's side: one open task per client and type, opened or
// extended by action plugins (upsert_task), closed when what it is about is paid,
// reopened when a negotiation breaks, escalated when it stays overdue. Each change is
// written with its history entry in one transaction and bumps the task's revision;
// TaskPusher brings every task sink up to date afterwards, outside any transaction.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <regua/value.hpp>

#include "calendar/business_calendar.hpp"
#include "plugin/call_session.hpp"
#include "store/database.hpp"

namespace regua::engine {

// What an action asks for: the upsert_task request, as the plugin port decoded it.
using TaskChange = plugin::TaskRequest;

struct TaskUpsert {
  std::int64_t taskId = 0;
  bool created = false;
  std::string responsible;  // who has it now
};

class TaskService {
 public:
  explicit TaskService(store::Database& db) : db_(db) {}

  // Opens a task of change.type for the client, or adds the receivables and the note to
  // the client's open task of that type (keeping its responsible and due date unless it
  // had none). One transaction, with the history entry. Throws StoreError.
  TaskUpsert upsert(std::int64_t clientId, const std::vector<std::int64_t>& receivableIds, const TaskChange& change,
                    Date today, const std::string& actor);

  // Inside the caller's transaction: `receivableId` was settled on `day` ("pago", or
  // "cancelado"). Each open task that lists it gets a note; a task with nothing left to
  // collect is closed. Returns how many tasks were closed.
  std::size_t settled(std::int64_t receivableId, Date day, const std::string& happened = "pago");
  // The same for a batch of (receivable, day paid); the store is asked once which of
  // them any open task lists.
  std::size_t settledAll(const std::vector<std::pair<std::int64_t, Date>>& paid);

  // Inside the caller's transaction: reopens the client's newest closed task of `type`
  // (a broken negotiation) with `note`, unless one is open already. Returns its id, or 0.
  std::int64_t reopen(std::int64_t clientId, const std::string& type, const std::string& note, Date today,
                      const std::string& actor);

  // Hands every open task that is `escalate_after` business days past its due date on
  // `today` to its escalation person, once. Returns how many were escalated.
  std::size_t escalate(Date today, const calendar::BusinessCalendar& calendar, const std::string& city);

 private:
  store::Database& db_;
};

// upsert_task, task_load and recent_history for one action call on one client's items.
class ActionTasks : public plugin::TaskDesk {
 public:
  ActionTasks(store::Database& db, std::int64_t clientId, std::vector<std::int64_t> receivableIds, Date today,
              std::string actor)
      : db_(db), clientId_(clientId), receivableIds_(std::move(receivableIds)), today_(today), actor_(std::move(actor)) {}

  plugin::TaskReceipt upsert(const plugin::TaskRequest& request) override;
  std::pair<std::int64_t, std::int64_t> load(std::string_view responsible) override;
  std::vector<plugin::HistoryLine> recent(std::uint32_t max) override;

 private:
  store::Database& db_;
  std::int64_t clientId_;
  std::vector<std::int64_t> receivableIds_;
  Date today_;
  std::string actor_;
};

}  // namespace regua::engine
