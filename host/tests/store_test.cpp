// The repository suite, run unchanged against SQLite and PostgreSQL. PostgreSQL comes
// from REGUA_TEST_PG_URL (scripts/test starts a throwaway server and sets it); without
// it the PostgreSQL cases fail instead of skipping, so a missing server is never
// mistaken for a passing suite.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <functional>
#include <limits>
#include <random>
#include <thread>

#include <sys/wait.h>
#include <unistd.h>

#include <soci/postgresql/soci-postgresql.h>

#include "calendar/business_calendar.hpp"
#include "domain/payment.hpp"
#include "store/client_repository.hpp"
#include "store/database.hpp"
#include "store/dispatch_rounds.hpp"
#include "store/history_repository.hpp"
#include "store/intent_repository.hpp"
#include "store/payment_repository.hpp"
#include "store/receivable_repository.hpp"
#include "store/schema.hpp"
#include "store/settings_repository.hpp"
#include "store/task_repository.hpp"
#include "test_database.hpp"
#include "test_support.hpp"

namespace regua::store {
namespace {

using domain::Client;
using domain::Receivable;
using domain::ReceivableStatus;
using regua::testing::TempDir;
using regua::testing::TestDatabase;

Money reais(std::int64_t centavos) { return Money::fromCentavos(centavos); }
Date day(int y, unsigned m, unsigned d) { return Date::fromYmd(y, m, d); }
constexpr std::int64_t kAnyClient = std::numeric_limits<std::int64_t>::max();

class Store : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    test_ = std::make_unique<TestDatabase>(GetParam());
    db_ = Database::open(test_->url());
  }

  Client client(const std::string& externalId, const std::string& document) {
    Client c;
    c.source = "csv";
    c.externalId = externalId;
    c.name = "Cliente " + externalId;
    c.document = document;
    return c;
  }
  Receivable receivable(const std::string& externalId, const std::string& clientExternalId, std::int64_t centavos,
                        Date due) {
    Receivable r;
    r.source = "csv";
    r.externalId = externalId;
    r.clientExternalId = clientExternalId;
    r.description = "Honorários " + externalId;
    r.amount = reais(centavos);
    r.issueDate = due.plusDays(-10);
    r.dueDate = due;
    return r;
  }
  std::int64_t countRows(const std::string& table) {
    long n = 0;
    db_->sql() << "SELECT COUNT(*) FROM " + table, soci::into(n);
    return n;
  }
  // Asserts `body` throws StoreError of `kind` whose message contains `needle` and
  // no database jargon.
  template <class Body>
  void expectStoreError(Body&& body, StoreError::Kind kind, const std::string& needle) {
    try {
      body();
      FAIL() << "expected StoreError containing: " << needle;
    } catch (const StoreError& e) {
      const std::string message = e.what();
      EXPECT_EQ(static_cast<int>(e.kind()), static_cast<int>(kind)) << message;
      EXPECT_NE(message.find(needle), std::string::npos) << message;
      for (const char* jargon : {"constraint", "UNIQUE", "FOREIGN", "SQL", "violates", "INSERT"}) {
        EXPECT_EQ(message.find(jargon), std::string::npos) << "raw database text in: " << message;
      }
    }
  }

  std::unique_ptr<TestDatabase> test_;
  std::unique_ptr<Database> db_;
};

TEST_P(Store, MigrationsAreAppliedOnceAndReopeningIsANoOp) {
  const int latest = regua::store::migrations(db_->backend()).back().version;
  EXPECT_EQ(db_->schemaVersion(), latest);
  db_.reset();
  db_ = Database::open(test_->url());
  EXPECT_EQ(db_->schemaVersion(), latest);
  EXPECT_EQ(countRows("schema_migrations"), latest);
}

TEST_P(Store, RefusesADatabaseWithANewerSchema) {
  const int latest = migrations(GetParam()).back().version, future = latest + 1;
  db_->sql() << "INSERT INTO schema_migrations (version, description, applied_at) VALUES (:v, 'do futuro', 'x')",
      soci::use(future);
  db_.reset();
  try {
    Database::open(test_->url());
    FAIL() << "a newer schema must be refused";
  } catch (const StoreError& e) {
    EXPECT_EQ(e.kind(), StoreError::Kind::kSchema);
    EXPECT_NE(std::string(e.what()).find("está no esquema v" + std::to_string(future) + ", mais novo que o deste Régua (v" +
                                         std::to_string(latest) + "); atualize o Régua"),
              std::string::npos)
        << e.what();
  }
}

// A nested transaction that fails takes back only its own writes: the enclosing one,
// which handled the error (as the dispatcher does for a plugin's call to the host),
// commits the rest. Without the savepoint the half-done nested write stayed.
TEST_P(Store, AFailedNestedTransactionTakesBackOnlyItsOwnWrites) {
  ClientRepository clients(*db_);
  db_->transaction([&] {
    Client kept = client("C-1", "111.444.777-35");
    clients.save(kept);
    try {
      db_->transaction([&] {
        Client undone = client("C-2", "529.982.247-25");
        clients.save(undone);
        Client clash = client("C-9", "111.444.777-35");  // C-1's document: the store refuses it
        clients.save(clash);
      });
      ADD_FAILURE() << "the second client with one document was stored";
    } catch (const StoreError&) {
    }
    Client after = client("C-3", "390.533.447-05");
    clients.save(after);  // PostgreSQL, too, goes on after the refused statement
  });
  EXPECT_TRUE(clients.findByDocument("11144477735"));
  EXPECT_FALSE(clients.findByDocument("52998224725"));
  EXPECT_TRUE(clients.findByDocument("39053344705"));
  EXPECT_EQ(countRows("clients"), 2);
}

TEST_P(Store, ClientsRoundTripWithContactsTagsAndDates) {
  ClientRepository clients(*db_);
  Client c = client("C-1", "111.444.777-35");
  c.preferredChannel = "whatsapp";
  c.optedOutChannels = {"sms"};
  c.responsible = "ana@escritorio.com.br";
  c.contacts = {{"email", "financeiro@cliente.com.br", "Joana", "financeiro", true, false, ""},
                {"whatsapp", "+5511987654321", "", "", false, false, ""}};
  c.clientSince = day(2019, 3, 1);
  c.importantDates = {{"aniversario", day(1980, 7, 14)}};
  c.segment = "medicos";
  c.tags = {"vip", "anual"};
  c.pausedUntil = day(2026, 12, 1);
  clients.save(c);
  ASSERT_GT(c.id, 0);
  EXPECT_EQ(c.document, "11144477735");
  EXPECT_EQ(c.kind, domain::PartyKind::kPerson);

  const auto found = clients.findByDocument("11144477735");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->id, c.id);
  EXPECT_EQ(found->preferredChannel, "whatsapp");
  EXPECT_EQ(found->optedOutChannels, std::vector<std::string>{"sms"});
  ASSERT_EQ(found->contacts.size(), 2u);
  EXPECT_TRUE(found->contacts[0].paymentContact);
  EXPECT_EQ(found->contacts[0].role, "financeiro");
  EXPECT_EQ(found->contacts[1].address, "+5511987654321");
  EXPECT_EQ(found->clientSince, day(2019, 3, 1));
  ASSERT_EQ(found->importantDates.size(), 1u);
  EXPECT_EQ(found->importantDates[0].date, day(1980, 7, 14));
  EXPECT_EQ(found->tags, (std::vector<std::string>{"anual", "vip"}));
  EXPECT_EQ(found->pausedUntil, day(2026, 12, 1));
  EXPECT_EQ(clients.idsWithTag("vip"), std::vector<std::int64_t>{c.id});

  Client company = client("C-2", "12.ABC.345/01DE-35");
  clients.save(company);
  EXPECT_EQ(clients.findById(company.id)->kind, domain::PartyKind::kCompany);
  EXPECT_EQ(clients.findById(company.id)->document, "12ABC34501DE35");

  // Saving again by the same external id updates, with the new lists replacing the old.
  c.name = "Novo nome";
  c.contacts.pop_back();
  c.tags = {"vip"};
  const auto firstId = c.id;
  clients.save(c);
  EXPECT_EQ(c.id, firstId);
  const auto updated = clients.findByExternalId("csv", "C-1");
  EXPECT_EQ(updated->name, "Novo nome");
  EXPECT_EQ(updated->contacts.size(), 1u);
  EXPECT_EQ(updated->tags, std::vector<std::string>{"vip"});
  EXPECT_EQ(countRows("clients"), 2);
}

// The built-in actions change one thing each and leave contacts, tags and dates alone.
TEST_P(Store, PauseAndTagChangeOnlyWhatTheyNameAndNeedAClient) {
  ClientRepository clients(*db_);
  Client c = client("C-1", "111.444.777-35");
  c.contacts = {{"email", "financeiro@cliente.com.br", "Joana", "financeiro", true, false, ""}};
  c.tags = {"anual"};
  c.importantDates = {{"aniversario", day(1980, 7, 14)}};
  clients.save(c);

  clients.pauseUntil(c.id, day(2026, 12, 20));
  clients.addTag(c.id, "atrasado");
  clients.addTag(c.id, "atrasado");
  const auto found = clients.findById(c.id);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->pausedUntil, day(2026, 12, 20));
  EXPECT_EQ(found->tags, (std::vector<std::string>{"anual", "atrasado"}));
  ASSERT_EQ(found->contacts.size(), 1u);
  EXPECT_EQ(found->contacts[0].address, "financeiro@cliente.com.br");
  EXPECT_EQ(found->importantDates.size(), 1u);

  for (const auto& change : {std::function<void()>([&] { clients.pauseUntil(c.id + 99, day(2026, 12, 20)); }),
                             std::function<void()>([&] { clients.addTag(c.id + 99, "atrasado"); })}) {
    try {
      change();
      ADD_FAILURE() << "a client that is not there";
    } catch (const StoreError& e) {
      EXPECT_EQ(e.kind(), StoreError::Kind::kNotFound) << e.what();
    }
  }
}

TEST_P(Store, InvalidDocumentIsRejectedWithTheReason) {
  ClientRepository clients(*db_);
  Client c = client("C-9", "111.444.777-36");
  expectStoreError([&] { clients.save(c); }, StoreError::Kind::kInvalid,
                   "cliente C-9: documento inválido: dígitos verificadores não conferem: esperado 35, veio 36");
  EXPECT_EQ(countRows("clients"), 0);
}

TEST_P(Store, SameDocumentForTwoClientsIsAConflictInDomainWords) {
  ClientRepository clients(*db_);
  Client first = client("C-1", "11144477735");
  clients.save(first);
  Client second = client("C-2", "111.444.777-35");
  expectStoreError([&] { clients.save(second); }, StoreError::Kind::kConflict,
                   "cliente C-2 (CPF ***.444.777-**): já existe outro cliente com este documento");
}

TEST_P(Store, ReceivableForAnUnknownClientIsAMissingReference) {
  ReceivableRepository receivables(*db_);
  expectStoreError([&] { receivables.upsertAll({receivable("R-1", "C-404", 10000, day(2026, 3, 10))}); },
                   StoreError::Kind::kMissingReference,
                   "título R-1 (item 1 do lote), cliente C-404: o cliente indicado não existe");
}

TEST_P(Store, ABatchThatFailsMidwayLeavesNothingOfItself) {
  ClientRepository clients(*db_);
  Client c = client("C-1", "11144477735");
  clients.save(c);
  ReceivableRepository receivables(*db_);
  receivables.upsertAll({receivable("R-0", "C-1", 5000, day(2026, 3, 1))});
  std::vector<Receivable> batch = {receivable("R-1", "C-1", 10000, day(2026, 3, 10)),
                                   receivable("R-2", "C-1", 20000, day(2026, 4, 10)),
                                   receivable("R-3", "C-404", 30000, day(2026, 5, 10)),
                                   receivable("R-4", "C-1", 40000, day(2026, 6, 10))};
  batch[0].amount = reais(99999);  // would also update nothing: R-1 is new
  expectStoreError([&] { receivables.upsertAll(batch); }, StoreError::Kind::kMissingReference, "item 3 do lote");
  EXPECT_EQ(receivables.count(), 1);

  // The same for clients: the invalid third document aborts the first two.
  std::vector<Client> people = {client("C-2", "24843803480"), client("C-3", "88641577947"),
                                client("C-4", "44444444444")};
  expectStoreError([&] { clients.saveAll(people); }, StoreError::Kind::kInvalid,
                   "cliente C-4 (item 3 do lote): documento inválido");
  EXPECT_EQ(countRows("clients"), 1);
}

TEST_P(Store, ABatchMayRepeatAReceivableAndCarryAnyText) {
  ClientRepository clients(*db_);
  Client c = client("C-1", "11144477735");
  clients.save(c);
  ReceivableRepository receivables(*db_);
  Receivable tricky = receivable("R-1", "C-1", 10000, day(2026, 3, 10));
  tricky.description = "linha 1\nlinha\t2 \\N 'aspas' \"duplas\" \\ fim";
  Receivable later = receivable("R-1", "C-1", 25000, day(2026, 3, 20));
  later.description = tricky.description;
  receivables.upsertAll({tricky, receivable("R-2", "C-1", 5000, day(2026, 4, 10)), later});
  EXPECT_EQ(receivables.count(), 2);
  const auto stored = receivables.findByExternalId("csv", "R-1");
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->description, tricky.description);
  EXPECT_EQ(stored->amount, reais(25000));  // the later occurrence wins
  EXPECT_EQ(stored->principalOpen, reais(25000));
  EXPECT_EQ(stored->dueDate, day(2026, 3, 20));
  EXPECT_EQ(stored->clientId, c.id);
}

TEST_P(Store, UpsertingAReceivableAgainMovesWhatIsOwedByTheChangeInAmount) {
  ClientRepository clients(*db_);
  Client c = client("C-1", "11144477735");
  clients.save(c);
  ReceivableRepository receivables(*db_);
  Receivable r = receivable("R-1", "C-1", 100000, day(2026, 3, 10));
  receivables.upsert(r);
  EXPECT_EQ(r.principalOpen, reais(100000));
  EXPECT_EQ(r.status, ReceivableStatus::kOpen);
  EXPECT_EQ(r.clientId, c.id);
  EXPECT_EQ(r.interestFrom, day(2026, 3, 10));

  PaymentRepository(*db_).record({"csv", "P-1", 0, "R-1", reais(30000), day(2026, 3, 5), {}, "pix"},
                                 domain::NoCharges());
  Receivable changed = receivable("R-1", "C-1", 120000, day(2026, 3, 12));
  receivables.upsert(changed);
  EXPECT_EQ(changed.amount, reais(120000));
  EXPECT_EQ(changed.principalOpen, reais(90000));  // 120000 - 30000 already paid
  EXPECT_EQ(changed.dueDate, day(2026, 3, 12));
  EXPECT_EQ(receivables.count(), 1);

  Receivable below = receivable("R-1", "C-1", 20000, day(2026, 3, 12));
  expectStoreError([&] { receivables.upsert(below); }, StoreError::Kind::kInvalid,
                   "o novo valor do título é menor do que o já pago");
}

// A penalties stand-in: R$ 2,00 of fine and R$ 1,00 of interest per day late.
class FixedCharges : public domain::ChargeCalculator {
 public:
  domain::Charges chargesOn(const Receivable& r, Date on) const override {
    if (on <= r.dueDate) return {};
    const auto days = on - std::max(r.interestFrom, r.dueDate);
    return {reais(100) * std::max(days, 0), r.fineAssessed ? Money() : reais(200)};
  }
};

TEST_P(Store, PaymentsGoToInterestThenFineThenPrincipalAndTheRestBecomesCredit) {
  ClientRepository clients(*db_);
  Client c = client("C-1", "11144477735");
  clients.save(c);
  ReceivableRepository receivables(*db_);
  Receivable r = receivable("R-1", "C-1", 10000, day(2026, 3, 10));
  receivables.upsert(r);
  PaymentRepository payments(*db_);

  // 5 days late: interest 500, fine 200; pays 4000 -> 500, 200, 3300.
  auto first = payments.record({"csv", "P-1", 0, "R-1", reais(4000), day(2026, 3, 15), {}, "pix"}, FixedCharges());
  EXPECT_EQ(first.allocation.toInterest, reais(500));
  EXPECT_EQ(first.allocation.toFine, reais(200));
  EXPECT_EQ(first.allocation.toPrincipal, reais(3300));
  EXPECT_EQ(first.allocation.toCredit, reais(0));
  auto stored = receivables.findById(r.id);
  EXPECT_EQ(stored->status, ReceivableStatus::kPartiallyPaid);
  EXPECT_EQ(stored->principalOpen, reais(6700));
  EXPECT_TRUE(stored->fineAssessed);
  EXPECT_EQ(stored->interestFrom, day(2026, 3, 15));

  // 2 more days: interest 200 on the rest, no second fine; pays 10000 -> 3100 credit.
  auto second = payments.record({"csv", "P-2", 0, "R-1", reais(10000), day(2026, 3, 17), {}, "pix"}, FixedCharges());
  EXPECT_EQ(second.allocation.toInterest, reais(200));
  EXPECT_EQ(second.allocation.toFine, reais(0));
  EXPECT_EQ(second.allocation.toPrincipal, reais(6700));
  EXPECT_EQ(second.allocation.toCredit, reais(3100));
  stored = receivables.findById(r.id);
  EXPECT_EQ(stored->status, ReceivableStatus::kPaid);
  EXPECT_EQ(stored->settledOn, day(2026, 3, 17));
  EXPECT_EQ(clients.findById(c.id)->credit, reais(3100));

  // A payment for a settled receivable is kept whole as credit.
  auto late = payments.record({"csv", "P-3", 0, "R-1", reais(500), day(2026, 3, 20), {}, "pix"}, FixedCharges());
  EXPECT_EQ(late.allocation.toCredit, reais(500));
  EXPECT_EQ(clients.findById(c.id)->credit, reais(3600));

  // The same payment delivered twice is applied once.
  auto again = payments.record({"csv", "P-2", 0, "R-1", reais(10000), day(2026, 3, 17), {}, "pix"}, FixedCharges());
  EXPECT_TRUE(again.alreadyRecorded);
  EXPECT_EQ(countRows("payments"), 3);
  EXPECT_EQ(clients.findById(c.id)->credit, reais(3600));

  const auto history = HistoryRepository(*db_).listForClient(c.id);
  ASSERT_EQ(history.size(), 3u);
  EXPECT_NE(history[1].summary.find("pagamento de R$ 100,00 em 17/03/2026 no título R-1: juros R$ 2,00, multa R$ 0,00, "
                                    "principal R$ 67,00, crédito ao cliente R$ 31,00; título parcialmente pago → pago"),
            std::string::npos)
      << history[1].summary;
}

TEST_P(Store, PaymentForAnUnknownReceivableChangesNothing) {
  PaymentRepository payments(*db_);
  expectStoreError(
      [&] { payments.record({"csv", "P-1", 0, "R-404", reais(100), day(2026, 1, 1), {}, ""}, domain::NoCharges()); },
      StoreError::Kind::kMissingReference, "pagamento P-1: o título R-404 não existe");
  EXPECT_EQ(countRows("payments"), 0);
}

TEST_P(Store, HistoryIsAppendOnly) {
  ClientRepository clients(*db_);
  Client c = client("C-1", "11144477735");
  clients.save(c);
  HistoryEntry entry;
  entry.clientId = c.id;
  entry.kind = "note";
  entry.actor = "ana";
  entry.summary = "ligou e prometeu pagar sexta";
  HistoryRepository history(*db_);
  history.append(entry);
  EXPECT_GT(entry.id, 0);
  for (const char* statement : {"UPDATE history SET summary = 'outra coisa'", "DELETE FROM history"}) {
    expectStoreError(
        [&] {
          try {
            db_->sql() << statement;
          } catch (...) {
            db_->rethrowTranslated("histórico");
          }
        },
        StoreError::Kind::kInvalid, "o histórico só aceita novos registros");
  }
  EXPECT_EQ(history.listForClient(c.id).at(0).summary, "ligou e prometeu pagar sexta");
}

TEST_P(Store, OneOpenTaskPerClientAndType) {
  ClientRepository clients(*db_);
  Client c = client("C-1", "11144477735");
  clients.save(c);
  TaskRepository tasks(*db_);
  TaskRecord t;
  t.type = "cobranca";
  t.clientId = c.id;
  t.responsible = "ana";
  t.title = "Cobrar C-1";
  t.startDate = day(2026, 3, 12);
  t.dueDate = day(2026, 3, 20);
  tasks.create(t);
  TaskRecord twin = t;
  expectStoreError([&] { tasks.create(twin); }, StoreError::Kind::kConflict,
                   "o cliente já tem uma tarefa aberta deste tipo");
  TaskRecord other = t;
  other.type = "negociacao";
  other.responsible = "bruno";
  tasks.create(other);
  EXPECT_EQ(tasks.list(std::string("ana"), true).size(), 1u);
  EXPECT_EQ(tasks.findOpen(c.id, "cobranca")->id, t.id);
  EXPECT_EQ(tasks.load("ana"), std::make_pair(std::int64_t{1}, std::int64_t{1}));
  t.open = false;
  tasks.update(t);
  EXPECT_EQ(t.revision, 2);
  EXPECT_FALSE(tasks.findOpen(c.id, "cobranca"));
  EXPECT_EQ(tasks.findLastClosed(c.id, "cobranca")->id, t.id);
  EXPECT_EQ(tasks.load("ana"), std::make_pair(std::int64_t{0}, std::int64_t{1}));
  EXPECT_EQ(tasks.list(std::nullopt, false).size(), 2u);
  TaskRecord next = twin;
  tasks.create(next);  // a new one may open once the old one is closed
  EXPECT_NE(next.id, t.id);
  TaskRecord reopened = t;
  reopened.open = true;  // but then the old one cannot be reopened beside it
  expectStoreError([&] { tasks.update(reopened); }, StoreError::Kind::kConflict,
                   "o cliente já tem uma tarefa aberta deste tipo");

  TaskRecord orphan = t;
  orphan.clientId = 987654;
  expectStoreError([&] { tasks.create(orphan); }, StoreError::Kind::kMissingReference, "o cliente indicado não existe");
}

TEST_P(Store, TaskItemsNotesAndWhereEachSinkStands) {
  ClientRepository clients(*db_);
  Client c = client("C-1", "11144477735");
  clients.save(c);
  ReceivableRepository receivables(*db_);
  auto r1 = receivable("R-1", "C-1", 10000, day(2026, 3, 2));
  auto r2 = receivable("R-2", "C-1", 20000, day(2026, 3, 5));
  receivables.upsert(r1);
  receivables.upsert(r2);
  TaskRepository tasks(*db_);
  TaskRecord t;
  t.type = "cobranca";
  t.clientId = c.id;
  t.title = "Cobrar C-1";
  t.startDate = t.dueDate = day(2026, 3, 12);
  tasks.create(t);
  EXPECT_EQ(tasks.addItems(t.id, {r1.id, r2.id}), 2u);
  EXPECT_EQ(tasks.addItems(t.id, {r2.id}), 0u);  // a repeat is not a new item
  EXPECT_EQ(tasks.items(t.id), (std::vector<std::int64_t>{r1.id, r2.id}));
  EXPECT_EQ(tasks.openWithReceivable(r2.id).at(0).id, t.id);

  const auto first = tasks.addNote(t.id, "ligou");
  tasks.addNote(t.id, "prometeu pagar");
  EXPECT_EQ(tasks.notesAfter(t.id, 0).size(), 2u);
  EXPECT_EQ(tasks.notesAfter(t.id, first).at(0).text, "prometeu pagar");

  // A sink that never saw the task is behind; after taking revision 1 it is not.
  const UtcTime now = *parseUtc("2026-03-12T10:00:00Z");
  EXPECT_EQ(tasks.behind("redmine", now, 10).size(), 1u);
  EXPECT_FALSE(tasks.findSyncState(t.id, "redmine")) << "never handed to this sink";
  TaskSyncState state;
  state.externalId = "42";
  state.syncedRevision = t.revision;
  tasks.saveSyncState(t.id, "redmine", state);
  EXPECT_TRUE(tasks.behind("redmine", now, 10).empty());
  EXPECT_EQ(tasks.behind("caldav", now, 10).size(), 1u);  // each sink on its own

  // A change puts it behind again; a refusal of that revision waits for the next change;
  // a temporary failure waits out its delay.
  tasks.update(t);
  EXPECT_EQ(tasks.behind("redmine", now, 10).size(), 1u);
  state.failedRevision = t.revision;
  tasks.saveSyncState(t.id, "redmine", state);
  EXPECT_TRUE(tasks.behind("redmine", now, 10).empty());
  tasks.update(t);
  state = *tasks.findSyncState(t.id, "redmine");
  state.nextAttemptAt = parseUtc("2026-03-12T10:05:00Z");
  tasks.saveSyncState(t.id, "redmine", state);
  EXPECT_TRUE(tasks.behind("redmine", now, 10).empty());
  EXPECT_EQ(tasks.behind("redmine", *parseUtc("2026-03-12T10:06:00Z"), 10).size(), 1u);
  EXPECT_EQ(tasks.findSyncState(t.id, "redmine")->externalId, "42");
}

// A store from before v14 keeps its keys as "r<id>/...": the migration pads them, so a
// stage action fired then is still recognised and never fires again.
TEST_P(Store, IntentKeysRecordedBeforeThePaddingAreRewrittenAndStillRecognised) {
  ClientRepository clients(*db_);
  Client c = client("C-1", "11144477735");
  clients.save(c);
  IntentRepository intents(*db_);
  IntentRecord old;
  old.uniqueKey = "r42/padrao/atraso/remind";  // as v13 wrote it
  old.clientId = c.id;
  old.policyId = "padrao";
  old.stageId = "atraso";
  old.action = "remind";
  old.forDate = day(2026, 3, 13);
  ASSERT_TRUE(intents.insertIfAbsent(old));
  for (const auto& migration : migrations(db_->backend())) {  // v14 again, as on a store from before it
    if (migration.version == 14) {
      for (const auto& statement : migration.statements) db_->sql() << statement;
    }
  }
  IntentRepository reopened(*db_);
  EXPECT_FALSE(reopened.findByKey("r42/padrao/atraso/remind"));
  ASSERT_TRUE(reopened.findByKey(intentKey(42, "padrao", "atraso", "remind")));
  EXPECT_EQ(intentKey(42, "padrao", "atraso", "remind"), "r0000000000000000042/padrao/atraso/remind");
  IntentRecord again = old;
  again.id = 0;
  again.uniqueKey = intentKey(42, "padrao", "atraso", "remind");
  EXPECT_FALSE(reopened.insertIfAbsent(again)) << "the same stage action, recorded before the padding";
}

TEST_P(Store, AnIntentIsRecordedOncePerKey) {
  ClientRepository clients(*db_);
  Client c = client("C-1", "11144477735");
  clients.save(c);
  IntentRepository intents(*db_);
  IntentRecord i;
  i.uniqueKey = "R-1/D+3/remind";
  i.clientId = c.id;
  i.policyId = "padrao";
  i.stageId = "D+3";
  i.action = "remind";
  i.forDate = day(2026, 3, 13);
  i.reason = "3 dias de atraso";
  EXPECT_TRUE(intents.insertIfAbsent(i));
  IntentRecord again = i;
  again.id = 0;
  EXPECT_FALSE(intents.insertIfAbsent(again));
  EXPECT_EQ(again.id, 0);
  const auto retryAt = parseUtc("2026-03-13T12:00:00Z");
  ASSERT_TRUE(retryAt);
  intents.updateState(i.id, IntentState::kPending, 2, retryAt, "smtp fora do ar");
  EXPECT_TRUE(intents.dueAfterClient(*retryAt - std::chrono::seconds(1), 0, kAnyClient, 100).empty()) << "not before its next attempt";
  EXPECT_EQ(intents.dueAfterClient(*retryAt, 0, kAnyClient, 100).size(), 1u);
  EXPECT_EQ(intents.findByKey("R-1/D+3/remind")->nextAttemptAt, retryAt);
  intents.updateState(i.id, IntentState::kFailed, 3, std::nullopt, "smtp fora do ar");
  const auto stored = intents.findByKey("R-1/D+3/remind");
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->state, IntentState::kFailed);
  EXPECT_EQ(stored->attempts, 3);
  EXPECT_EQ(stored->nextAttemptAt, std::nullopt);
  EXPECT_EQ(stored->lastError, "smtp fora do ar");
  EXPECT_EQ(intents.listByState(IntentState::kFailed).size(), 1u);
  EXPECT_TRUE(intents.dueAfterClient(*retryAt, 0, kAnyClient, 100).empty()) << "a dead letter is never due";
  EXPECT_EQ(countRows("intents"), 1);
}

// The dispatcher reads due intents a batch at a time: a batch holds every due intent of
// each client in it, even past the row limit, and the next one starts after its last client.
TEST_P(Store, DueIntentsComeInBatchesOfWholeClients) {
  ClientRepository clients(*db_);
  Client a = client("C-1", "11144477735");
  Client b = client("C-2", "52998224725");
  clients.save(a);
  clients.save(b);
  IntentRepository intents(*db_);
  auto add = [&](const Client& c, const std::string& key) {
    IntentRecord i;
    i.uniqueKey = key;
    i.clientId = c.id;
    i.policyId = "padrao";
    i.stageId = "D+3";
    i.action = "remind";
    i.forDate = day(2026, 3, 13);
    ASSERT_TRUE(intents.insertIfAbsent(i));
  };
  for (const char* key : {"a1", "a2", "a3"}) add(a, key);
  add(b, "b1");
  const UtcTime now = *parseUtc("2026-03-13T12:00:00Z");
  const auto first = intents.dueAfterClient(now, 0, kAnyClient, 2);
  ASSERT_EQ(first.size(), 3u) << "the first client comes whole, past the limit of 2";
  for (const auto& i : first) EXPECT_EQ(i.clientId, a.id);
  const auto second = intents.dueAfterClient(now, first.back().clientId, kAnyClient, 2);
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(second.front().uniqueKey, "b1");
  EXPECT_TRUE(intents.dueAfterClient(now, second.back().clientId, kAnyClient, 2).empty());
}

TEST_P(Store, SettingsKeepTheLastValue) {
  SettingsRepository settings(*db_);
  EXPECT_FALSE(settings.get("csv.cursor"));
  settings.set("csv.cursor", "linha 10");
  settings.set("csv.cursor", "linha 20");
  EXPECT_EQ(settings.get("csv.cursor"), "linha 20");
}

TEST_P(Store, AKeptStatementIsBoundAnewOnEveryUseEvenInsideItself) {
  SettingsRepository settings(*db_);
  settings.set("a", "1");
  settings.set("b", "2");
  const std::string lookup = "SELECT value FROM settings WHERE key = :key";
  std::string key, value, inner;
  std::vector<std::string> seen;
  auto outer = db_->statement("SELECT key, value FROM settings ORDER BY key", soci::into(key), soci::into(value));
  outer.execute();
  while (outer.fetch()) {
    // The same text while the first use is still reading: a second statement, not the kept one.
    auto nested = db_->statement("SELECT key, value FROM settings ORDER BY key", soci::into(inner), soci::into(value));
    ASSERT_TRUE(nested.execute(true));
    EXPECT_EQ(inner, "a");
    ASSERT_TRUE(db_->run(lookup, soci::into(inner), soci::use(key)));
    seen.push_back(key + "=" + inner);
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"a=1", "b=2"}));
  EXPECT_FALSE(db_->run(lookup, soci::into(inner), soci::use(std::string("c"))));
}

TEST_P(Store, AReadLeavesNoSnapshotOpenForTheNextOne) {
  SettingsRepository mine(*db_);
  mine.set("cursor", "antes");
  ASSERT_EQ(mine.get("cursor"), "antes");  // one row read, the statement not stepped to its end
  auto other = Database::open(test_->url());
  SettingsRepository(*other).set("cursor", "depois");
  int count = 0;
  db_->run("SELECT COUNT(*) FROM settings WHERE value = :v", soci::into(count), soci::use(std::string("depois")));
  EXPECT_EQ(count, 1) << "a statement left open kept the connection in its old snapshot";
}

TEST_P(Store, TextsPastTheKeptLimitStillRun) {
  for (std::size_t n = 0; n < Database::kMaxKeptStatements + 20; ++n) {
    long got = -1;
    ASSERT_TRUE(db_->run("SELECT " + std::to_string(n), soci::into(got)));
    EXPECT_EQ(got, static_cast<long>(n));
  }
}

TEST_P(Store, OneConnectionAtATimeHoldsTheEngineAndACloseReleasesIt) {
  auto other = Database::open(test_->url());
  {
    auto held = db_->tryLockEngine();
    ASSERT_TRUE(held);
    EXPECT_FALSE(other->tryLockEngine()) << "a second holder would dispatch the same intents";
  }
  auto taken = other->tryLockEngine();
  EXPECT_TRUE(taken) << "released when the holder goes away";
  EXPECT_FALSE(db_->tryLockEngine());
  taken.reset();
  other.reset();  // a closed connection (a dead process) leaves nothing locked
  EXPECT_TRUE(db_->tryLockEngine());
}

// regua status asks who holds the engine while a cycle may be starting: the answer comes
// from a look, never from taking the lock, and names nobody once the holder let go or died.
TEST_P(Store, WhoHoldsTheEngineIsALookThatNamesOnlyALiveHolder) {
  EXPECT_FALSE(db_->engineLockHolderNow());
  auto other = Database::open(test_->url());
  {
    auto held = other->tryLockEngine();
    ASSERT_TRUE(held);
    const auto holder = db_->engineLockHolderNow();
    ASSERT_TRUE(holder);
    EXPECT_NE(holder->find("processo"), std::string::npos) << *holder;
  }
  EXPECT_FALSE(db_->engineLockHolderNow()) << "the holder let go";
  auto taken = other->tryLockEngine();
  EXPECT_TRUE(taken) << "looking took nothing";
  taken.reset();

  const pid_t child = ::fork();
  if (child == 0) {  // takes the lock and dies holding it, as under SIGKILL
    auto db = Database::open(test_->url());
    const bool held = db->tryLockEngine().release() != nullptr;
    ::_exit(held ? 0 : 1);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  // PostgreSQL holds a dead client's advisory lock until its backend notices the closed
  // connection, a few milliseconds later: the lock is really held until then.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (db_->engineLockHolderNow() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_FALSE(db_->engineLockHolderNow()) << "a dead process is nobody's holder";
}

TEST_P(Store, ALoserReleasesOnlyWhatItTookSoNoWarningReachesItsStderr) {
  auto other = Database::open(test_->url());
  auto held = db_->tryLockEngine();
  ASSERT_TRUE(held);
  ::testing::internal::CaptureStderr();
  EXPECT_FALSE(other->tryLockEngine());
  other.reset();
  const std::string stderrText = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(stderrText.find("WARNING"), std::string::npos) << stderrText;
}

TEST_P(Store, PaymentRecordsFeedTheProfile) {
  ClientRepository clients(*db_);
  Client c = client("C-1", "11144477735");
  clients.save(c);
  ReceivableRepository receivables(*db_);
  receivables.upsertAll({receivable("R-1", "C-1", 1000, day(2026, 1, 10)), receivable("R-2", "C-1", 1000, day(2026, 2, 10)),
                         receivable("R-3", "C-1", 1000, day(2026, 3, 10))});
  PaymentRepository payments(*db_);
  payments.record({"csv", "P-1", 0, "R-1", reais(1000), day(2026, 1, 10), {}, ""}, domain::NoCharges());
  payments.record({"csv", "P-2", 0, "R-2", reais(1000), day(2026, 2, 20), {}, ""}, domain::NoCharges());
  const auto records = receivables.paymentRecords(c.id);
  ASSERT_EQ(records.size(), 3u);
  const calendar::BusinessCalendar calendar;
  const auto profile = domain::computePaymentProfile(records, day(2026, 3, 31), [&](Date due) { return calendar.effectiveDueDate(due); }, {1, 3});
  EXPECT_EQ(profile.latePaymentsLast12Months, 1);
  EXPECT_EQ(profile.openOverdue, 1);
  EXPECT_EQ(profile.kind, domain::PaymentProfileKind::kOcasional);
}

// Two hosts, each with its own connection, sharing one round: a batch goes to one host
// at a time; a lease that ended goes to another host, and the first then cannot renew it.
TEST_P(Store, DispatchBatchesGoToOneHostAtATimeAndALapsedLeaseToAnother) {
  const auto other = Database::open(test_->url());
  DispatchRoundRepository a(*db_), b(*other);
  const auto round = a.open(day(2026, 3, 5), "cycle", "a:1", 1, 10, 4);  // clients 1-4, 5-8, 9-10
  const UtcTime now = utcNow();
  const auto lease = std::chrono::seconds(60);
  const auto first = a.claim(round.id, "a:1", now, now + lease);
  const auto second = b.claim(round.id, "b:2", now, now + lease);
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first->seq, 1);
  EXPECT_EQ(first->firstClient, 1);
  EXPECT_EQ(first->lastClient, 4);
  EXPECT_EQ(second->seq, 2);
  EXPECT_EQ(b.progress(round.id, "b:2", now).heldByOthers, 1) << "a's batch";

  // Host a goes silent: once its lease has ended, b takes its batch; a cannot renew it.
  const UtcTime later = now + lease + std::chrono::seconds(1);
  const auto third = b.claim(round.id, "b:2", later, later + lease);
  ASSERT_TRUE(third);
  EXPECT_EQ(third->seq, 1) << "the lapsed batch comes before the untouched one";
  EXPECT_FALSE(a.renew(*first, "a:1", later, later + lease));
  EXPECT_TRUE(b.renew(*third, "b:2", later, later + lease));
  a.finish(*first, "a:1", 3);  // too late: not a's any more
  EXPECT_EQ(b.progress(round.id, "b:2", later).done, 0);

  b.finish(*third, "b:2", 2);
  b.finish(*second, "b:2", 1);
  EXPECT_FALSE(a.finishIfDone(round.id)) << "batch 3 is still open";
  const auto last = a.claim(round.id, "a:1", later, later + lease);
  ASSERT_TRUE(last);
  EXPECT_EQ(last->seq, 3);
  EXPECT_EQ(last->lastClient, 10);
  a.release(*last, "a:1");  // stopping: b may take it at once
  const auto taken = b.claim(round.id, "b:2", later, later + lease);
  ASSERT_TRUE(taken);
  EXPECT_EQ(taken->seq, 3);
  EXPECT_FALSE(a.claim(round.id, "a:1", later, later + lease)) << "nothing left to claim";
  b.finish(*taken, "b:2", 0);
  EXPECT_TRUE(a.finishIfDone(round.id));
  EXPECT_FALSE(a.unfinished());
  EXPECT_TRUE(a.latest(day(2026, 3, 5), "cycle")->finished);
}

INSTANTIATE_TEST_SUITE_P(Backends, Store, ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         [](const auto& info) { return info.param == Backend::kSqlite ? "SQLite" : "PostgreSQL"; });

TEST(StoreSqlite, ALockedDatabaseIsRetriedWithinTheBusyTimeoutThenReported) {
  TempDir dir;
  const std::string url = "sqlite:" + (dir.path() / "regua.db").string();
  auto holder = Database::open(url);
  auto waiter = Database::open(url, StoreOptions{std::chrono::milliseconds(300)});
  SettingsRepository settings(*waiter);

  holder->sql() << "BEGIN IMMEDIATE";  // another writer holds the lock and never lets go
  const auto start = std::chrono::steady_clock::now();
  try {
    settings.set("k", "v");
    FAIL() << "the write must fail while the lock is held";
  } catch (const StoreError& e) {
    EXPECT_EQ(e.kind(), StoreError::Kind::kBusy);
    EXPECT_NE(std::string(e.what()).find("ficou ocupado por outra conexão por mais de 300 ms"), std::string::npos)
        << e.what();
  }
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(250)) << "it must have waited";
  holder->sql() << "ROLLBACK";

  // Released within the timeout: the waiting write goes through.
  auto patient = Database::open(url, StoreOptions{std::chrono::milliseconds(5000)});
  holder->sql() << "BEGIN IMMEDIATE";
  std::thread release([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    holder->sql() << "COMMIT";
  });
  EXPECT_NO_THROW(SettingsRepository(*patient).set("k", "depois da espera"));
  release.join();
  EXPECT_EQ(SettingsRepository(*holder).get("k"), "depois da espera");
}

TEST(StorePostgres, UnreachableServerGivesOneLineWithTheMaskedUrl) {
  // Port 1 on loopback: nothing listens there.
  const std::string url = "postgresql://regua:segredo@127.0.0.1:1/regua";
  try {
    Database::open(url);
    FAIL() << "must not connect";
  } catch (const StoreError& e) {
    const std::string message = e.what();
    EXPECT_EQ(e.kind(), StoreError::Kind::kConnection);
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
    EXPECT_EQ(message.find("segredo"), std::string::npos) << message;
    EXPECT_NE(message.find("não consegui conectar ao PostgreSQL em postgresql://regua:***@127.0.0.1:1/regua: "),
              std::string::npos)
        << message;
    EXPECT_NE(message.find("Connection refused"), std::string::npos) << message;
  }
}

TEST(StoreUrl, PasswordsAreMaskedInEveryForm) {
  EXPECT_EQ(maskUrlPassword("postgresql://u:p@h/db"), "postgresql://u:***@h/db");
  EXPECT_EQ(maskUrlPassword("postgresql://u@h/db?password=p&sslmode=x"), "postgresql://u@h/db?password=***&sslmode=x");
  EXPECT_EQ(maskUrlPassword("sqlite:/var/regua.db"), "sqlite:/var/regua.db");
}

TEST(StoreUrl, PostgresUrlsBecomeQuotedLibpqParameters) {
  const std::string conninfo = postgresConninfo("postgresql://regua:s%27nh@db.local:6543/cobranca?sslmode=disable");
  for (const char* part : {"user='regua'", "password='s\\'nh'", "host='db.local'", "port='6543'", "dbname='cobranca'",
                           "sslmode='disable'", "connect_timeout='5'"}) {
    EXPECT_NE(conninfo.find(part), std::string::npos) << part << " in " << conninfo;
  }
  EXPECT_EQ(postgresConninfo("postgresql://h/db?connect_timeout=9").find("connect_timeout='5'"), std::string::npos);
  EXPECT_THROW(postgresConninfo("postgresql://h/db?nonsense=1"), StoreError);
}

}  // namespace
}  // namespace regua::store
