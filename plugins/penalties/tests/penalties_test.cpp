// The rules of DESIGN.md "Collection rules (Brazil)", each test citing the one it checks,
// plus property tests over random amounts and dates.
#include "penalties.hpp"

#include <gtest/gtest.h>

#include <random>

namespace regua::penalties {
namespace {

Date day(int y, unsigned m, unsigned d) { return Date::fromYmd(y, m, d); }
Money brl(std::int64_t centavos) { return Money::fromCentavos(centavos); }

Terms contract(const char* fine = "2", const char* interest = "1") {
  return parseTerms({{"fine_percent", fine}, {"interest_monthly_percent", interest}});
}

Request on(Date paid, Money principal = brl(100000), Date due = day(2026, 1, 15)) {
  Request r;
  r.principal = principal;
  r.dueDate = due;
  r.effectiveDue = due;
  r.onDate = paid;
  return r;
}

// Interest: principal × monthly rate × days late / 30, calendar days from the due date.
TEST(Quote, InterestIsSimpleProRataDieFromTheOriginalDueDate) {
  const auto q = compute(contract("2", "1"), on(day(2026, 1, 25)));  // 10 days late
  EXPECT_EQ(q.fine, brl(2000));       // 2% of R$ 1.000,00
  EXPECT_EQ(q.interest, brl(333));    // 1000 × 1% × 10/30 = 3,333... -> 3,33
  EXPECT_EQ(q.total, brl(102333));
  EXPECT_EQ(q.daysLate, 10);
}

// Fine: charged once (a second quote after the fine was assessed adds none).
TEST(Quote, TheFineIsChargedOnce) {
  auto r = on(day(2026, 2, 14));
  r.fineAssessed = true;
  const auto q = compute(contract(), r);
  EXPECT_EQ(q.fine, Money());
  EXPECT_EQ(q.interest, brl(1000));  // 30 days at 1%
}

// CDC art. 52 §1º: a consumer's fine may not exceed 2%; a company's follows the contract.
TEST(Quote, APersonsFineIsCappedAtTwoPercentWithANote) {
  auto r = on(day(2026, 1, 16));
  r.debtorIsPerson = true;
  const auto person = compute(contract("10", "0"), r);
  EXPECT_EQ(person.fine, brl(2000));
  ASSERT_EQ(person.notes.size(), 1u);
  EXPECT_NE(person.notes[0].find("CDC art. 52"), std::string::npos) << person.notes[0];
  r.debtorIsPerson = false;
  EXPECT_EQ(compute(contract("10", "0"), r).fine, brl(10000));
}

// Lei 7.089/1983: a due date on a non-business day is paid on the next business day
// without charges; later, charges count from the original due date.
TEST(Quote, ADueDateOnAWeekendMovesToTheNextBusinessDay) {
  auto r = on(day(2026, 1, 26), brl(100000), day(2026, 1, 24));  // Saturday -> Monday 26
  r.effectiveDue = day(2026, 1, 26);
  const auto free = compute(contract(), r);
  EXPECT_EQ(free.total, brl(100000));
  EXPECT_EQ(free.daysLate, 0);
  r.onDate = day(2026, 1, 27);
  const auto late = compute(contract(), r);
  EXPECT_EQ(late.daysLate, 3) << "counted from Saturday, not Monday";
  EXPECT_EQ(late.interest, brl(100));  // 1000 × 1% × 3/30
}

// Grace days (tolerância): no charges up to N days after the effective due date; past
// it, charges count from the original due date.
TEST(Quote, GraceDaysCarryNoChargesAndThenCountFromTheDueDate) {
  auto terms = contract();
  terms.graceDays = 5;
  EXPECT_EQ(compute(terms, on(day(2026, 1, 20))).total, brl(100000));
  const auto late = compute(terms, on(day(2026, 1, 21)));
  EXPECT_EQ(late.fine, brl(2000));
  EXPECT_EQ(late.interest, brl(200));  // 6 days, not 1
}

// Early-payment discount: until a date on or before the due date; none once late.
TEST(Quote, DiscountUntilItsDayAndNeverWhenLate) {
  auto terms = parseTerms({{"discount_percent", "5"}, {"discount_days_before_due", "5"}, {"fine_percent", "2"}});
  EXPECT_EQ(compute(terms, on(day(2026, 1, 10))).discount, brl(5000));
  EXPECT_EQ(compute(terms, on(day(2026, 1, 11))).discount, Money());
  EXPECT_EQ(compute(terms, on(day(2026, 1, 16))).discount, Money());
  terms = parseTerms({{"discount_amount", "30,00"}, {"discount_until", "2026-01-15"}});
  EXPECT_EQ(compute(terms, on(day(2026, 1, 15))).total, brl(97000));
  terms = parseTerms({{"discount_amount", "30,00"}, {"discount_until", "2026-01-20"}});
  EXPECT_THROW(compute(terms, on(day(2026, 1, 10))), InvalidTerms) << "a discount past the due date";
}

// Rounding: each component once, half up, to the centavo; the total is their sum.
TEST(Quote, EachComponentIsRoundedOnceHalfUp) {
  EXPECT_EQ(roundHalfUp(5, 10), 1);
  EXPECT_EQ(roundHalfUp(4, 10), 0);
  EXPECT_EQ(roundHalfUp(15, 10), 2);
  // 2,5% of R$ 0,99 = 2,475 centavos -> 2; 1% a.m. for 15 days of 99 = 0,495 -> 0.
  const auto q = compute(contract("2,5", "1"), on(day(2026, 1, 30), brl(99)));
  EXPECT_EQ(q.fine, brl(2));
  EXPECT_EQ(q.interest, brl(0));
  // R$ 1.234,57 × 2% = 24,6914 -> 24,69; × 1% × 7/30 = 2,8806... -> 2,88
  const auto r = compute(contract(), on(day(2026, 1, 22), brl(123457)));
  EXPECT_EQ(r.fine, brl(2469));
  EXPECT_EQ(r.interest, brl(288));
  EXPECT_EQ(r.total, brl(123457 + 2469 + 288));
}

// Partial payments (CC art. 354): what was left accrues from the payment day.
TEST(Quote, AfterAPartialPaymentInterestRunsFromThePaymentDay) {
  auto r = on(day(2026, 2, 24), brl(50000));
  r.interestFrom = day(2026, 2, 14);
  r.fineAssessed = true;
  const auto q = compute(contract(), r);
  EXPECT_EQ(q.interest, brl(167));  // 500 × 1% × 10/30 = 1,666.. -> 1,67
  EXPECT_EQ(q.fine, Money());
}

// CC art. 406 (Lei 14.905/2024): without a contract rate, the monthly legal rate.
TEST(Quote, LegalInterestFollowsTheMonthlyTableAcrossMonths) {
  LegalRates legal;
  legal.set(2026, 1, *parseRate("0,6"));
  legal.set(2026, 2, *parseRate("0,3"));
  const auto terms = parseTerms({{"interest", "legal"}});
  // 16 days of January at 0,6% and 10 of February at 0,3% on R$ 3.000,00:
  // 3000 × (0,6% × 16 + 0,3% × 10) / 30 = 3000 × 0,126 / 30 = 12,60.
  const auto q = compute(terms, on(day(2026, 2, 10), brl(300000)), legal);
  EXPECT_EQ(q.interest, brl(1260));
  // A month not published yet takes the last published rate, and says so.
  const auto march = compute(terms, on(day(2026, 3, 5), brl(300000)), legal);
  EXPECT_EQ(march.interest, brl(300000LL * (6 * 16 + 3 * 28 + 3 * 5) / 30 / 1000));
  EXPECT_NE(march.notes.front().find("02/2026"), std::string::npos) << march.notes.front();
  EXPECT_THROW(compute(terms, on(day(2026, 2, 10)), LegalRates{}), InvalidTerms);
}

TEST(Quote, BadTermsAndRequestsAreRefusedWithTheReason) {
  auto refuses = [](const std::vector<std::pair<std::string, std::string>>& args, const std::string& words) {
    try {
      parseTerms(args);
      ADD_FAILURE() << "accepted " << args.front().first << "=" << args.front().second;
    } catch (const InvalidTerms& e) {
      EXPECT_NE(std::string(e.what()).find(words), std::string::npos) << e.what();
    }
  };
  refuses({{"fine_percent", "-2"}}, "percentual de 0 a 100");
  refuses({{"fine_percent", "150"}}, "percentual de 0 a 100");
  refuses({{"interest_monthly_percent", "1,2,3"}}, "interest_monthly_percent");
  refuses({{"grace_days", "dez"}}, "número inteiro");
  refuses({{"discount_amount", "12,3,4"}}, "discount_amount");
  refuses({{"multa", "2"}}, "chave desconhecida 'multa'");
  refuses({{"discount_percent", "5"}, {"discount_amount", "5"}}, "não os dois");

  auto r = on(day(2026, 1, 1));
  r.issueDate = day(2026, 1, 5);
  EXPECT_THROW(compute(contract(), r), InvalidTerms) << "a day before the issue";
  EXPECT_THROW(compute(contract(), on(day(2026, 1, 20), brl(-1))), InvalidTerms);
  const auto big = parseTerms({{"discount_amount", "2.000,00"}});
  EXPECT_THROW(compute(big, on(day(2026, 1, 10))), InvalidTerms) << "a discount above the principal";
}

TEST(Rate, ParsesBothDecimalSeparatorsExactly) {
  EXPECT_EQ(parseRate("2")->micro, 2'000'000);
  EXPECT_EQ(parseRate("2,5")->micro, 2'500'000);
  EXPECT_EQ(parseRate("0.033")->micro, 33'000);
  EXPECT_EQ(parseRate("1%")->micro, 1'000'000);
  EXPECT_FALSE(parseRate("2,"));
  EXPECT_FALSE(parseRate("0,0000001"));
  EXPECT_FALSE(parseRate("abc"));
  EXPECT_EQ(formatRate(*parseRate("2,50")), "2,5%");
}

// Properties over random amounts, dates and terms.
TEST(QuoteProperties, HoldForRandomCases) {
  std::mt19937_64 random(20261123);
  for (int i = 0; i < 20000; ++i) {
    Terms t;
    t.finePercent.micro = static_cast<std::int64_t>(random() % (10 * Rate::kOnePercent));
    t.interestMonthly.micro = static_cast<std::int64_t>(random() % (5 * Rate::kOnePercent));
    t.graceDays = static_cast<int>(random() % 10);
    t.discountPercent.micro = static_cast<std::int64_t>(random() % (10 * Rate::kOnePercent));
    Request r;
    r.principal = brl(1 + static_cast<std::int64_t>(random() % 100'000'000));
    r.dueDate = day(2024, 1, 1).plusDays(static_cast<int>(random() % 1000));
    r.effectiveDue = r.dueDate.plusDays(static_cast<int>(random() % 4));
    r.onDate = r.dueDate.plusDays(static_cast<int>(random() % 400) - 30);
    r.debtorIsPerson = random() % 2 == 0;
    const auto q = compute(t, r);
    // total = principal + fine + interest − discount.
    ASSERT_EQ(q.total, q.principal + q.fine + q.interest - q.discount);
    // No charges when paid by the effective due date plus grace.
    if (r.onDate <= r.effectiveDue.plusDays(t.graceDays)) {
      ASSERT_EQ(q.fine + q.interest, Money()) << i;
    } else {
      ASSERT_EQ(q.discount, Money()) << "no discount once late, case " << i;
    }
    // The fine never exceeds 2% for a person (CDC art. 52 §1º).
    if (r.debtorIsPerson) {
      ASSERT_LE(q.fine.centavos() * 50, r.principal.centavos() + 25) << i;
    }
    // Interest never decreases with days late.
    Request later = r;
    later.onDate = r.onDate.plusDays(1 + static_cast<int>(random() % 60));
    ASSERT_GE(compute(t, later).interest, q.interest) << i;
  }
}

}  // namespace
}  // namespace regua::penalties
