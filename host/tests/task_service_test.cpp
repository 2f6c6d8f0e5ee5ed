// The host's side of follow-up tasks on a real store: one open task per client and type
// (a second stage becomes a note), a settlement closes what it empties, a broken
// negotiation reopens, an overdue task escalates once, after N business days.
#include "engine/task_service.hpp"

#include <gtest/gtest.h>

#include "calendar/business_calendar.hpp"
#include "store/client_repository.hpp"
#include "store/history_repository.hpp"
#include "store/receivable_repository.hpp"
#include "store/task_repository.hpp"
#include "test_support.hpp"

namespace regua::engine {
namespace {

Date day(int y, int m, int d) { return Date::fromYmd(y, m, d); }

class TaskServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = store::Database::open("sqlite:" + (dir_.path() / "regua.db").string());
    domain::Client c;
    c.source = "teste";
    c.externalId = "C1";
    c.name = "Maria da Silva";
    c.document = "529.982.247-25";
    std::vector<domain::Client> clients{c};
    store::ClientRepository(*db_).saveAll(clients);
    client_ = store::ClientRepository(*db_).findByExternalId("teste", "C1")->id;
    for (const char* id : {"R1", "R2", "R3"}) {
      domain::Receivable r;
      r.source = "teste";
      r.externalId = id;
      r.clientExternalId = "C1";
      r.amount = Money::fromCentavos(10000);
      r.issueDate = day(2026, 2, 20);
      r.dueDate = day(2026, 3, 2);
      store::ReceivableRepository(*db_).upsert(r);
      receivables_.push_back(r.id);
    }
  }
  TaskChange change(const std::string& type = "cobranca") {
    return {type, "Cobrar Maria", "descrição", "ana", "", day(2026, 3, 9), "", 0};
  }
  std::string history() {
    std::string out;
    for (const auto& e : store::HistoryRepository(*db_).listForClient(client_)) out += e.summary + "\n";
    return out;
  }
  void settle(std::int64_t receivableId) {
    auto r = *store::ReceivableRepository(*db_).findById(receivableId);
    r.status = domain::ReceivableStatus::kPaid;
    r.principalOpen = Money();
    store::ReceivableRepository(*db_).updateBalance(r);
  }

  regua::testing::TempDir dir_;
  std::unique_ptr<store::Database> db_;
  std::int64_t client_ = 0;
  std::vector<std::int64_t> receivables_;
};

TEST_F(TaskServiceTest, ALaterStageOfTheSameTypeIsANoteOnTheOpenTaskAndARepeatAddsNothing) {
  TaskService tasks(*db_);
  const auto first = tasks.upsert(client_, {receivables_[0]}, change(), day(2026, 3, 5), "tasks");
  EXPECT_TRUE(first.created);
  auto later = change();
  later.responsible = "bruno";  // an open task keeps its responsible
  later.note = "Estágio atraso-10";
  const auto second = tasks.upsert(client_, {receivables_[0], receivables_[1]}, later, day(2026, 3, 12), "tasks");
  EXPECT_FALSE(second.created);
  EXPECT_EQ(second.taskId, first.taskId);
  EXPECT_EQ(second.responsible, "ana");
  // The same call again (a re-delivery after a crash): no second note.
  tasks.upsert(client_, {receivables_[0], receivables_[1]}, later, day(2026, 3, 12), "tasks");
  store::TaskRepository repo(*db_);
  EXPECT_EQ(repo.items(first.taskId).size(), 2u);
  ASSERT_EQ(repo.notesAfter(first.taskId, 0).size(), 1u);
  EXPECT_EQ(repo.notesAfter(first.taskId, 0).front().text, "Estágio atraso-10");
  // Another type is another task.
  EXPECT_TRUE(tasks.upsert(client_, {receivables_[0]}, change("negativacao"), day(2026, 3, 12), "tasks").created);
  EXPECT_NE(history().find("tarefa #" + std::to_string(first.taskId) + " (cobranca) aberta para ana, prazo 09/03/2026"),
            std::string::npos)
      << history();
}

TEST_F(TaskServiceTest, ASettlementNotesEachPaymentAndClosesTheTaskWhenNothingIsLeft) {
  TaskService tasks(*db_);
  const auto t = tasks.upsert(client_, {receivables_[0], receivables_[1]}, change(), day(2026, 3, 5), "tasks");
  store::TaskRepository repo(*db_);
  settle(receivables_[0]);
  db_->transaction([&] { EXPECT_EQ(tasks.settled(receivables_[0], day(2026, 3, 6)), 0u); });
  EXPECT_TRUE(repo.findById(t.taskId)->open) << "R2 is still owed";
  settle(receivables_[1]);
  db_->transaction([&] { EXPECT_EQ(tasks.settled(receivables_[1], day(2026, 3, 7)), 1u); });
  const auto closed = repo.findById(t.taskId);
  EXPECT_FALSE(closed->open);
  const auto notes = repo.notesAfter(t.taskId, 0);
  ASSERT_EQ(notes.size(), 2u);
  EXPECT_EQ(notes[0].text, "título R1 pago em 06/03/2026.");
  EXPECT_EQ(notes[1].text, "título R2 pago em 07/03/2026. Nada mais em aberto nesta tarefa: encerrada pelo Régua.");

  // A broken negotiation reopens it (not a new one), with its reason.
  std::int64_t reopened = 0;
  db_->transaction([&] { reopened = tasks.reopen(client_, "cobranca", "acordo rompido", day(2026, 4, 1), "negotiation"); });
  EXPECT_EQ(reopened, t.taskId);
  EXPECT_TRUE(repo.findById(t.taskId)->open);
  EXPECT_EQ(repo.findById(t.taskId)->dueDate, day(2026, 4, 1)) << "a past due date moves to the reopening day";
  EXPECT_NE(history().find("reaberta: acordo rompido"), std::string::npos) << history();
}

TEST_F(TaskServiceTest, AnOverdueTaskEscalatesOnceAfterItsBusinessDays) {
  TaskService tasks(*db_);
  auto escalating = change();
  escalating.escalateTo = "gerente";
  escalating.escalateAfterDays = 2;
  const auto t = tasks.upsert(client_, {receivables_[0]}, escalating, day(2026, 3, 5), "tasks");  // due Mon 09/03
  const calendar::BusinessCalendar calendar;
  // 2 business days past Monday 09/03 is Wednesday 11/03: still with ana that day.
  EXPECT_EQ(tasks.escalate(day(2026, 3, 11), calendar, ""), 0u);
  EXPECT_EQ(tasks.escalate(day(2026, 3, 12), calendar, ""), 1u);
  EXPECT_EQ(tasks.escalate(day(2026, 3, 13), calendar, ""), 0u) << "once";
  const auto task = store::TaskRepository(*db_).findById(t.taskId);
  EXPECT_EQ(task->responsible, "gerente");
  EXPECT_EQ(task->escalatedOn, day(2026, 3, 12));
  EXPECT_NE(history().find("escalada: Aberta há mais de 2 dias úteis após o prazo de 09/03/2026: passada de ana "
                           "para gerente."),
            std::string::npos)
      << history();
}

}  // namespace
}  // namespace regua::engine
