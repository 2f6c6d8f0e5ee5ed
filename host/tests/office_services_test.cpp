// The office pages' services on both backends: staff sign-in (lockout, sessions) and the
// dashboard's numbers, worked out by hand for a small office.
#include <gtest/gtest.h>

#include "calendar/business_calendar.hpp"
#include "config/policy.hpp"
#include "domain/payment.hpp"
#include "engine/cycle.hpp"
#include "services/dashboard.hpp"
#include "services/service_error.hpp"
#include "services/staff.hpp"
#include "store/client_repository.hpp"
#include "store/payment_repository.hpp"
#include "store/receivable_repository.hpp"
#include "test_database.hpp"

namespace regua::services {
namespace {

using store::Backend;
using regua::testing::TestDatabase;

Date day(int y, unsigned m, unsigned d) { return Date::fromYmd(y, m, d); }

class OfficeServices : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    test_ = std::make_unique<TestDatabase>(GetParam());
    db_ = store::Database::open(test_->url());
  }
  std::unique_ptr<TestDatabase> test_;
  std::unique_ptr<store::Database> db_;
};

TEST_P(OfficeServices, FiveWrongPasswordsLockAndANewPasswordOpensAgain) {
  createUser(*db_, "Ana@Escritorio.com.br", "operador");
  EXPECT_THROW(createUser(*db_, "ana@escritorio.com.br", "admin"), StaffError) << "e-mails compare without case";
  EXPECT_THROW(createUser(*db_, "bruno", "admin"), StaffError);
  EXPECT_THROW(createUser(*db_, "bruno@escritorio.com.br", "integracao"), StaffError);
  EXPECT_EQ(signIn(*db_, "ana@escritorio.com.br", "").outcome, SignIn::Outcome::kRefused) << "no password set yet";
  EXPECT_THROW(setPassword(*db_, "ana@escritorio.com.br", "curta"), StaffError);
  setPassword(*db_, "ana@escritorio.com.br", "uma-senha-longa");

  const auto in = signIn(*db_, "ANA@escritorio.com.br", "uma-senha-longa");
  ASSERT_EQ(in.outcome, SignIn::Outcome::kOk);
  const auto session = sessionFor(*db_, in.cookie);
  ASSERT_TRUE(session);
  EXPECT_EQ(session->email, "ana@escritorio.com.br");
  EXPECT_EQ(session->role, Role::kOperador);
  EXPECT_TRUE(sameToken(in.session.csrf, session->csrf));
  EXPECT_FALSE(sessionFor(*db_, in.cookie + "x"));

  for (int i = 1; i < kSignInAttempts; ++i) EXPECT_EQ(signIn(*db_, "ana@escritorio.com.br", "errada").outcome, SignIn::Outcome::kRefused);
  EXPECT_EQ(signIn(*db_, "ana@escritorio.com.br", "errada").outcome, SignIn::Outcome::kLocked);
  const auto locked = signIn(*db_, "ana@escritorio.com.br", "uma-senha-longa");
  EXPECT_EQ(locked.outcome, SignIn::Outcome::kLocked);
  EXPECT_FALSE(locked.lockedUntil.empty());
  EXPECT_TRUE(sessionFor(*db_, in.cookie)) << "a lock stops signing in, not a session already open";

  setPassword(*db_, "ana@escritorio.com.br", "outra-senha-longa");
  EXPECT_FALSE(sessionFor(*db_, in.cookie)) << "a new password ends the sessions";
  const auto again = signIn(*db_, "ana@escritorio.com.br", "outra-senha-longa");
  ASSERT_EQ(again.outcome, SignIn::Outcome::kOk);
  signOut(*db_, again.cookie);
  EXPECT_FALSE(sessionFor(*db_, again.cookie));
}

// R1 R$ 1.000,00 due Fri 09/10 and paid late on 05/11; R2 R$ 500,00 due Tue 10/11, open;
// R3 R$ 200,00 due 10/12. On Mon 30/11, for October and November:
TEST_P(OfficeServices, TheDashboardsNumbersForASmallOffice) {
  store::ClientRepository clients(*db_);
  domain::Client c;
  c.source = "csv";
  c.externalId = "C-1";
  c.name = "Cliente C-1";
  c.document = "11144477735";
  clients.save(c);
  const auto receivable = [](const std::string& id, std::int64_t centavos, Date due) {
    domain::Receivable r;
    r.source = "csv";
    r.externalId = id;
    r.clientExternalId = "C-1";
    r.amount = Money::fromCentavos(centavos);
    r.issueDate = due.plusDays(-10);
    r.dueDate = due;
    return r;
  };
  store::ReceivableRepository(*db_).upsertAll({receivable("R-1", 100000, day(2026, 10, 9)),
                                               receivable("R-2", 50000, day(2026, 11, 10)),
                                               receivable("R-3", 20000, day(2026, 12, 10))});
  store::PaymentRepository(*db_).record({"csv", "P-1", 0, "R-1", Money::fromCentavos(100000), day(2026, 11, 5), {}, ""},
                                        domain::NoCharges());

  const calendar::BusinessCalendar calendar;
  const config::PolicySet policies;
  engine::OpenAmount quoter;
  const auto d = dashboard(*db_, policies, calendar, "", quoter, day(2026, 11, 30), day(2026, 10, 1), day(2026, 11, 30));
  EXPECT_EQ(d.overdueItems, 1);
  EXPECT_EQ(d.overdueClients, 1);
  EXPECT_EQ(d.overdue.centavos(), 50000);
  EXPECT_EQ(d.updated.centavos(), 50000) << "no quote plugin: what is open";
  EXPECT_EQ(d.receivedThisMonth.centavos(), 100000);
  EXPECT_EQ(d.delinquency.part.centavos(), 50000) << "R2 still open at the end of November";
  EXPECT_EQ(d.delinquency.whole.centavos(), 150000) << "R1 and R2 fell due in the period";
  EXPECT_EQ(d.delinquency.percent(), "33,33%");
  EXPECT_EQ(d.recovered.whole.centavos(), 150000) << "both were open after their due dates";
  EXPECT_EQ(d.recovered.part.centavos(), 100000) << "R1 was paid after its due date";
  EXPECT_EQ(d.recovered.percent(), "66,67%");
  ASSERT_EQ(d.aging.size(), 5u);
  EXPECT_EQ(d.aging[1].bucket, "6-30");
  EXPECT_EQ(d.aging[1].amount.centavos(), 50000) << "R2, 20 days late";
  ASSERT_EQ(d.months.size(), 12u);
  EXPECT_EQ(d.months[0].month, 12u) << "December 2025 first";
  EXPECT_EQ(d.months[10].delinquency.percent(), "100,00%") << "October: R1 still open on 31/10";
  EXPECT_EQ(d.months[11].delinquency.percent(), "100,00%") << "November: R2";
  EXPECT_EQ(d.months[9].delinquency.percent(), "—") << "September: nothing fell due";
  ASSERT_EQ(d.monthDays.size(), 30u);
  EXPECT_EQ(d.monthDays[4].received.centavos(), 100000) << "05/11";
  EXPECT_EQ(d.monthDays[9].due.centavos(), 50000) << "10/11";
  EXPECT_THROW(dashboard(*db_, policies, calendar, "", quoter, day(2026, 11, 30), day(2026, 11, 30), day(2026, 11, 1)),
               ServiceError);
}

INSTANTIATE_TEST_SUITE_P(Backends, OfficeServices, ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         [](const auto& info) { return info.param == Backend::kSqlite ? "SQLite" : "PostgreSQL"; });

}  // namespace
}  // namespace regua::services
