// Offers and agreement schedules (regua/negotiation.hpp): every installment rounded to
// the centavo, the last one absorbing the difference, due dates on business days.
#include <regua/negotiation.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace regua::negotiation {
namespace {

Money brl(const char* text) { return *Money::parse(text, MoneyFormat::kText); }
Date iso(const char* text) { return *Date::parseIso(text); }

// Weekends only: enough to see dates move (the host passes the bank calendar).
Date weekday(Date d) {
  while (d.weekday() == 0 || d.weekday() == 6) d = d.plusDays(1);
  return d;
}

Terms terms(const std::vector<std::pair<std::string, std::string>>& section) {
  std::vector<std::string> errors;
  Terms t = parseTerms(section, errors);
  EXPECT_TRUE(errors.empty()) << errors.front();
  return t;
}

const std::vector<std::pair<std::string, std::string>> kSection = {
    {"cash_discount.percent", "50"},   {"cash_discount.on", "charges"}, {"plans.0.up_to", "3"},
    {"plans.0.rate", "none"},          {"plans.1.up_to", "6"},          {"plans.1.rate", "simple"},
    {"plans.1.monthly_percent", "1"},  {"plans.2.up_to", "12"},         {"plans.2.rate", "price"},
    {"plans.2.monthly_percent", "1"},  {"min_installment", "100,00"},   {"offer_valid_days", "5"}};

TEST(Negotiation, PriceTableOnePercentTwelveMonths) {
  // The Price table's classic figure: R$ 1.000,00 at 1 % a.m. in 12 → 12 × R$ 88,85
  // (factor 0,0888488), the last adjusted so the principal is amortised exactly.
  const Schedule s = schedule({brl("1000,00"), {}, {}}, terms(kSection), 12, Money(), iso("2026-03-02"), weekday);
  ASSERT_EQ(s.installments.size(), 12u);
  for (int k = 0; k < 11; ++k) EXPECT_EQ(s.installments[k].amount, brl("88,85")) << k;
  Money amortised;
  for (const auto& i : s.installments) amortised += i.amount - i.interest;
  EXPECT_EQ(amortised, brl("1000,00"));
  EXPECT_EQ(s.total(), brl("1000,00") + s.financingInterest());
  EXPECT_EQ(s.installments[0].interest, brl("10,00"));  // 1 % of the whole balance
  const Money last = s.installments[11].amount;
  EXPECT_LE((last - brl("88,85")).centavos(), 12);
  EXPECT_GE((last - brl("88,85")).centavos(), -12);
}

TEST(Negotiation, NoInterestInstallmentsLastAbsorbsTheDifference) {
  const Schedule s = schedule({brl("1000,00"), {}, {}}, terms(kSection), 3, Money(), iso("2026-03-02"), weekday);
  ASSERT_EQ(s.installments.size(), 3u);
  EXPECT_EQ(s.installments[0].amount, brl("333,33"));
  EXPECT_EQ(s.installments[1].amount, brl("333,33"));
  EXPECT_EQ(s.installments[2].amount, brl("333,34"));
  EXPECT_EQ(s.total(), brl("1000,00"));
  EXPECT_TRUE(s.beyondLimits.empty());
}

TEST(Negotiation, SimpleInterestChargesTheRateOnTheFinancedAmountPerMonth) {
  // 1 % a.m. simple over 5 months on R$ 1.000,00 = R$ 50,00 of interest.
  const Schedule s = schedule({brl("1000,00"), {}, {}}, terms(kSection), 5, Money(), iso("2026-03-02"), weekday);
  EXPECT_EQ(s.plan.rate, Rate::kSimple);
  EXPECT_EQ(s.total(), brl("1050,00"));
  EXPECT_EQ(s.financingInterest(), brl("50,00"));
  for (const auto& i : s.installments) EXPECT_EQ(i.amount, brl("210,00"));
}

TEST(Negotiation, CashDiscountOnChargesOrOnTheTotal) {
  const Debt debt{brl("1000,00"), brl("20,00"), brl("30,00")};
  const Schedule onCharges = schedule(debt, terms(kSection), 1, std::nullopt, iso("2026-03-02"), weekday);
  EXPECT_TRUE(onCharges.cash());
  EXPECT_EQ(onCharges.discount, brl("25,00"));  // 50 % of fine + interest
  EXPECT_EQ(onCharges.total(), brl("1025,00"));
  auto section = kSection;
  section[0] = {"cash_discount.percent", "10"};
  section[1] = {"cash_discount.on", "total"};
  const Schedule onTotal = schedule(debt, terms(section), 1, std::nullopt, iso("2026-03-02"), weekday);
  EXPECT_EQ(onTotal.discount, brl("105,00"));
  EXPECT_EQ(onTotal.total(), brl("945,00"));
}

TEST(Negotiation, DownPaymentComesFirstAndInstallmentsFollowMonthly) {
  const Schedule s =
      schedule({brl("1000,00"), {}, {}}, terms(kSection), 3, brl("100,00"), iso("2026-01-31"), weekday);
  ASSERT_EQ(s.installments.size(), 4u);
  EXPECT_TRUE(s.installments[0].down);
  EXPECT_EQ(s.installments[0].due, iso("2026-02-02"));  // 31/01/2026 is a Saturday
  EXPECT_EQ(s.installments[0].amount, brl("100,00"));
  // Monthly from the first due day (31 → the month's last day), each on a business day.
  EXPECT_EQ(s.installments[1].due, iso("2026-03-02"));  // 28/02/2026 is a Saturday
  EXPECT_EQ(s.installments[2].due, iso("2026-03-31"));
  EXPECT_EQ(s.installments[3].due, iso("2026-04-30"));
  EXPECT_EQ(s.total(), brl("1000,00"));
  EXPECT_EQ(s.installments[1].amount, brl("300,00"));
}

TEST(Negotiation, LimitsTheOfficeCanWaiveOnlyWithAnApprover) {
  auto section = kSection;
  section.push_back({"min_down_percent", "10"});
  const Terms t = terms(section);
  const Debt debt{brl("1000,00"), {}, {}};
  const Schedule tooMany = schedule({brl("10000,00"), {}, {}}, t, 24, std::nullopt, iso("2026-03-02"), weekday);
  ASSERT_EQ(tooMany.beyondLimits.size(), 1u);
  EXPECT_NE(tooMany.beyondLimits[0].find("até 12"), std::string::npos) << tooMany.beyondLimits[0];
  const Schedule lowDown = schedule(debt, t, 3, brl("50,00"), iso("2026-03-02"), weekday);
  ASSERT_EQ(lowDown.beyondLimits.size(), 1u);
  EXPECT_NE(lowDown.beyondLimits[0].find("R$ 100,00"), std::string::npos) << lowDown.beyondLimits[0];
  const Schedule small = schedule({brl("500,00"), {}, {}}, t, 6, std::nullopt, iso("2026-03-02"), weekday);
  ASSERT_FALSE(small.beyondLimits.empty());
  EXPECT_NE(small.beyondLimits.back().find("abaixo do mínimo de R$ 100,00"), std::string::npos);
  EXPECT_THROW(schedule(debt, t, 3, brl("1000,00"), iso("2026-03-02"), weekday), std::invalid_argument);
  EXPECT_THROW(schedule({}, t, 3, std::nullopt, iso("2026-03-02"), weekday), std::invalid_argument);
}

TEST(Negotiation, OffersAreCashThenTheLongestPlanAboveTheMinimumInstallment) {
  const auto list = offers({brl("500,00"), brl("10,00"), brl("5,00")}, terms(kSection), iso("2026-03-02"), weekday);
  ASSERT_EQ(list.size(), 3u);
  EXPECT_TRUE(list[0].cash());
  EXPECT_EQ(list[0].total(), brl("507,50"));
  EXPECT_EQ(list[1].count, 3);
  EXPECT_EQ(list[2].count, 5);  // 6 × would be below R$ 100,00; the 12× tier has none at all
  for (const auto& o : list) EXPECT_TRUE(o.beyondLimits.empty());
}

TEST(Negotiation, TermsErrorsNameTheKey) {
  std::vector<std::string> errors;
  parseTerms({{"plans.0.up_to", "6"}, {"plans.1.up_to", "3"}, {"plans.1.rate", "compound"},
              {"cash_discount.percent", "150"}, {"colour", "blue"}, {"plans.0.rate", "price"}},
             errors);
  ASSERT_EQ(errors.size(), 5u);
  EXPECT_NE(errors[0].find("plans.1.rate"), std::string::npos) << errors[0];
  EXPECT_NE(errors[1].find("cash_discount.percent"), std::string::npos) << errors[1];
  EXPECT_NE(errors[2].find("colour: chave desconhecida"), std::string::npos) << errors[2];
  EXPECT_NE(errors[3].find("price precisa de monthly_percent"), std::string::npos) << errors[3];
  EXPECT_NE(errors[4].find("ordem crescente"), std::string::npos) << errors[4];
  EXPECT_EQ(parsePercent("1,25"), 12'500);
  EXPECT_EQ(percentText(12'500), "1,25%");
  EXPECT_FALSE(parsePercent("1,2,3"));
}

TEST(Negotiation, PropertyEverySchedulesAddsUpToTheCentavo) {
  std::mt19937 random(20261123);
  const Terms t = terms(kSection);
  for (int run = 0; run < 2000; ++run) {
    const Debt debt{Money::fromCentavos(std::uniform_int_distribution<std::int64_t>(100, 50'000'000)(random)),
                    Money::fromCentavos(std::uniform_int_distribution<std::int64_t>(0, 100'000)(random)),
                    Money::fromCentavos(std::uniform_int_distribution<std::int64_t>(0, 100'000)(random))};
    const int count = std::uniform_int_distribution<int>(1, 12)(random);
    const Money down = count > 1 ? share(debt.total(), std::uniform_int_distribution<std::int64_t>(0, 300'000)(random))
                                 : Money();
    const Schedule s = schedule(debt, t, count, down, iso("2026-03-02"), weekday);
    ASSERT_EQ(s.total(), debt.total() - s.discount + s.financingInterest()) << run;
    Money regularSum;
    for (const auto& i : s.installments) {
      ASSERT_GT(i.amount, Money()) << run;
      ASSERT_NE(i.due.weekday(), 0u);
      ASSERT_NE(i.due.weekday(), 6u);
      if (!i.down) regularSum += i.amount;
    }
    if (s.plan.rate == Rate::kPrice) {
      // Against a floating-point oracle (the test's only): within a centavo.
      const double f = std::pow(1.01, count);
      const double financed = static_cast<double>((debt.total() - s.down).centavos());
      const double payment = financed * 0.01 * f / (f - 1);
      ASSERT_LE(std::abs(static_cast<double>(s.regular().centavos()) - payment), 1.0) << run;
    } else {
      ASSERT_LE(std::abs((s.installments.back().amount - s.regular()).centavos()), count) << run;
    }
  }
}

}  // namespace
}  // namespace regua::negotiation
