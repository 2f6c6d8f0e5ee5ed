// Applying payments (CC art. 354: interest, then fine, then principal) and the
// payment-history profile.
#include "domain/payment.hpp"

#include <gtest/gtest.h>

#include <random>

#include "calendar/business_calendar.hpp"
#include "domain/payment_profile.hpp"

namespace regua::domain {
namespace {

Money r$(std::int64_t centavos) { return Money::fromCentavos(centavos); }
Date day(int y, unsigned m, unsigned d) { return Date::fromYmd(y, m, d); }

Receivable openReceivable(std::int64_t centavos, Date due) {
  Receivable r;
  r.amount = r$(centavos);
  r.principalOpen = r$(centavos);
  r.dueDate = due;
  r.interestFrom = due;
  return r;
}

TEST(ApplyPayment, InterestFirstThenFineThenPrincipal) {
  // CC art. 354: "havendo capital e juros, o pagamento imputar-se-á primeiro nos juros vencidos".
  Receivable r = openReceivable(100000, day(2026, 1, 10));
  const auto a = applyPayment(r, r$(1500), day(2026, 2, 9), {r$(1000), r$(2000)});
  EXPECT_EQ(a.toInterest, r$(1000));
  EXPECT_EQ(a.toFine, r$(500));
  EXPECT_EQ(a.toPrincipal, r$(0));
  EXPECT_EQ(r.fineOpen, r$(1500));
  EXPECT_EQ(r.principalOpen, r$(100000));
  EXPECT_EQ(r.status, ReceivableStatus::kPartiallyPaid);
  EXPECT_EQ(r.interestFrom, day(2026, 2, 9));  // the rest accrues from the payment day
}

TEST(ApplyPayment, TheFineIsAssessedOnce) {
  Receivable r = openReceivable(100000, day(2026, 1, 10));
  applyPayment(r, r$(2000), day(2026, 2, 9), {r$(0), r$(2000)});
  EXPECT_TRUE(r.fineAssessed);
  EXPECT_EQ(r.fineOpen, r$(0));
  // A calculator that (wrongly) asks for the fine again is ignored.
  const auto a = applyPayment(r, r$(100000), day(2026, 2, 10), {r$(0), r$(2000)});
  EXPECT_EQ(a.toFine, r$(0));
  EXPECT_EQ(a.toPrincipal, r$(100000));
  EXPECT_EQ(r.status, ReceivableStatus::kPaid);
  EXPECT_EQ(r.settledOn, day(2026, 2, 10));
}

TEST(ApplyPayment, OverpaymentBecomesCreditAndClosedReceivablesTakeNothing) {
  Receivable r = openReceivable(10000, day(2026, 1, 10));
  auto a = applyPayment(r, r$(12345), day(2026, 1, 10), {});
  EXPECT_EQ(a.toPrincipal, r$(10000));
  EXPECT_EQ(a.toCredit, r$(2345));
  EXPECT_EQ(a.statusBefore, ReceivableStatus::kOpen);
  EXPECT_EQ(a.statusAfter, ReceivableStatus::kPaid);
  for (auto status : {ReceivableStatus::kPaid, ReceivableStatus::kCancelled, ReceivableStatus::kWrittenOff,
                      ReceivableStatus::kNegotiated}) {
    Receivable closed = openReceivable(10000, day(2026, 1, 10));
    closed.status = status;
    a = applyPayment(closed, r$(700), day(2026, 1, 12), {r$(50), r$(200)});
    EXPECT_EQ(a.toCredit, r$(700));
    EXPECT_EQ(closed.principalOpen, r$(10000));
    EXPECT_EQ(closed.status, status);
  }
  EXPECT_THROW(applyPayment(r, r$(0), day(2026, 1, 10), {}), std::invalid_argument);
}

TEST(ApplyPayment, EveryCentavoIsAccountedFor) {
  // Property: over random balances, charges and payments, the allocation adds up to the
  // payment, nothing owed goes negative, and the balance falls by what was allocated.
  std::mt19937_64 random(20261123);
  std::uniform_int_distribution<std::int64_t> cents(1, 5'000'000);
  for (int i = 0; i < 20000; ++i) {
    Receivable r = openReceivable(cents(random), day(2026, 1, 10));
    r.interestOpen = r$(cents(random) % 10000);
    const Charges charges{r$(cents(random) % 50000), r$(cents(random) % 30000)};
    const Money before = r.totalOpen() + charges.interest + charges.fine;
    const Money paid = r$(cents(random));
    const auto a = applyPayment(r, paid, day(2026, 2, 1), charges);
    ASSERT_EQ(a.toInterest + a.toFine + a.toPrincipal + a.toCredit, paid);
    ASSERT_GE(r.principalOpen, Money());
    ASSERT_GE(r.interestOpen, Money());
    ASSERT_GE(r.fineOpen, Money());
    ASSERT_EQ(before - (a.toInterest + a.toFine + a.toPrincipal), r.totalOpen());
    ASSERT_EQ(a.toCredit > Money(), r.status == ReceivableStatus::kPaid && paid > before);
  }
}

class Profile : public ::testing::Test {
 protected:
  PaymentProfile profile(const std::vector<PaymentRecord>& records, Date asOf) {
    return computePaymentProfile(records, asOf, [this](Date due) { return calendar_.effectiveDueDate(due); }, {1, 3});
  }
  const calendar::BusinessCalendar calendar_;
};

TEST_F(Profile, PayingOnTheEffectiveDueDateIsOnTime) {
  // Due Saturday 24/01/2026, paid Monday 26/01: on time (Lei 7.089/1983).
  const auto p = profile({{day(2026, 1, 24), day(2026, 1, 26)}}, day(2026, 3, 1));
  EXPECT_EQ(p.latePaymentsLast12Months, 0);
  EXPECT_EQ(p.onTimeStreak, 1);
  EXPECT_EQ(p.kind, PaymentProfileKind::kPontual);
  // Tuesday 27/01 is late, by 3 calendar days counted from the original due date.
  const auto late = profile({{day(2026, 1, 24), day(2026, 1, 27)}}, day(2026, 3, 1));
  EXPECT_EQ(late.latePaymentsLast12Months, 1);
  EXPECT_EQ(late.maxDaysLate, 3);
  EXPECT_EQ(late.kind, PaymentProfileKind::kOcasional);
}

TEST_F(Profile, CountsTheLastTwelveMonthsAndItemsOverdueToday) {
  const std::vector<PaymentRecord> records = {
      {day(2025, 1, 10), day(2025, 2, 10)},  // late, but more than 12 months before 2026-03-31
      {day(2025, 6, 10), day(2025, 6, 20)},  // 10 days late
      {day(2025, 9, 10), day(2025, 9, 14)},  // 4 days late
      {day(2025, 12, 10), day(2025, 12, 10)},
      {day(2026, 1, 12), day(2026, 1, 12)},
      {day(2026, 3, 10), std::nullopt},      // open, 21 days overdue on 2026-03-31
      {day(2026, 4, 10), std::nullopt},      // open, not due yet
  };
  const auto p = profile(records, day(2026, 3, 31));
  EXPECT_EQ(p.settledLast12Months, 4);
  EXPECT_EQ(p.latePaymentsLast12Months, 2);
  EXPECT_EQ(p.openOverdue, 1);
  EXPECT_EQ(p.maxDaysLate, 21);
  EXPECT_EQ(p.averageDaysLateTenths, 117);  // (10 + 4 + 21) / 3 = 11.67
  EXPECT_EQ(p.onTimeStreak, 0);              // something is overdue now
  EXPECT_EQ(p.kind, PaymentProfileKind::kRecorrente);
  // Before the open item fell due, the two latest payments were on time in a row.
  const auto earlier = profile(records, day(2026, 3, 5));
  EXPECT_EQ(earlier.onTimeStreak, 2);
  EXPECT_EQ(earlier.kind, PaymentProfileKind::kOcasional);
}

TEST_F(Profile, ThresholdsComeFromConfig) {
  const std::vector<PaymentRecord> records = {{day(2026, 1, 5), day(2026, 1, 9)}, {day(2026, 2, 5), day(2026, 2, 9)}};
  EXPECT_EQ(computePaymentProfile(records, day(2026, 3, 1), [this](Date due) { return calendar_.effectiveDueDate(due); }, {1, 2}).kind,
            PaymentProfileKind::kRecorrente);
  EXPECT_EQ(computePaymentProfile(records, day(2026, 3, 1), [this](Date due) { return calendar_.effectiveDueDate(due); }, {3, 5}).kind,
            PaymentProfileKind::kPontual);
}

}  // namespace
}  // namespace regua::domain
