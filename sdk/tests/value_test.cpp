#include <regua/value.hpp>

#include <gtest/gtest.h>

#include <functional>
#include <type_traits>

namespace regua {
namespace {

// The compiler refuses mixing money with plain numbers (DESIGN.md, "Conventions").
static_assert(!std::is_invocable_v<std::plus<>, Money, int>, "Money + int must not compile");
static_assert(!std::is_invocable_v<std::plus<>, Money, std::int64_t>, "Money + int64 must not compile");
static_assert(!std::is_invocable_v<std::multiplies<>, Money, double>, "Money * double must not compile");
static_assert(!std::is_convertible_v<std::int64_t, Money>, "no implicit int64 -> Money");
static_assert(!std::is_convertible_v<Money, std::int64_t>, "no implicit Money -> int64");
static_assert(!std::is_convertible_v<std::int32_t, Date>, "no implicit int -> Date");
static_assert(std::is_invocable_v<std::multiplies<>, Money, int>, "scaling by a count is allowed");

TEST(Money, ArithmeticIsExactInCentavos) {
  const Money a = Money::fromCentavos(10);
  const Money b = Money::fromCentavos(20);
  EXPECT_EQ((a + b).centavos(), 30);
  EXPECT_EQ((a - b).centavos(), -10);
  EXPECT_EQ((a * 3).centavos(), 30);
  EXPECT_TRUE(a < b);
  Money sum;
  for (int i = 0; i < 10; ++i) sum += Money::fromCentavos(10);  // 0.1 ten times is exactly 1.00
  EXPECT_EQ(sum, Money::fromCentavos(100));
}

TEST(Money, ParsesTheWaysOfficesWriteAmounts) {
  auto centavos = [](std::string_view text) {
    return Money::parse(text, MoneyFormat::kText).value_or(Money::fromCentavos(-1)).centavos();
  };
  EXPECT_EQ(centavos("1.234,56"), 123456);
  EXPECT_EQ(centavos("1234,56"), 123456);
  EXPECT_EQ(centavos("1234.56"), 123456);
  EXPECT_EQ(centavos("1,234.56"), 123456);
  EXPECT_EQ(centavos("1.234.567,8"), 123456780);
  EXPECT_EQ(centavos("1.234.567"), 123456700);  // two groups: only thousands
  EXPECT_EQ(centavos("1.234,00"), 123400);
  EXPECT_EQ(centavos("R$ 0,05"), 5);
  EXPECT_EQ(centavos(" 350 "), 35000);
  EXPECT_EQ(centavos("-10,00"), -1000);
  for (std::string_view bad : {"", "R$", "abc", "1,2,3", "1.23.456", "12.34.56", "1234.567", "1.234,5x", ",50",
                               "1..234", "1.234.5678", "99999999999999999999"}) {
    EXPECT_FALSE(Money::parse(bad, MoneyFormat::kText).has_value()) << bad;
  }
}

TEST(Money, TextThatReadsAsTwoAmountsIsRefusedNotGuessed) {
  // mil reais in pt-BR, one real and 234 thousandths elsewhere; 0.001 is no amount at all.
  for (std::string_view ambiguous : {"1.234", "10.500", "1,000", "100.000", "0.001", "0,500", "0.500.000"}) {
    EXPECT_FALSE(Money::parse(ambiguous, MoneyFormat::kText).has_value()) << ambiguous;
  }
}

TEST(Money, ABrCodeAmountHasADecimalPointAndAtMostTwoDecimals) {
  auto centavos = [](std::string_view text) {
    return Money::parse(text, MoneyFormat::kBrCode).value_or(Money::fromCentavos(-1)).centavos();
  };
  EXPECT_EQ(centavos("10.00"), 1000);
  EXPECT_EQ(centavos("1234.5"), 123450);
  EXPECT_EQ(centavos("0.10"), 10);
  EXPECT_EQ(centavos("150"), 15000);
  for (std::string_view bad : {"1.000", "12.345", "100.000", "10,00", "1,000.00", "1.000.00", "R$ 10.00", "-10.00", "10.",
                               ".50", " 10.00", ""}) {
    EXPECT_FALSE(Money::parse(bad, MoneyFormat::kBrCode).has_value()) << bad;
  }
}

TEST(Date, ParsesIsoAndBrazilianDates) {
  EXPECT_EQ(Date::parse("2026-01-25"), Date::fromYmd(2026, 1, 25));
  EXPECT_EQ(Date::parse("25/01/2026"), Date::fromYmd(2026, 1, 25));
  EXPECT_FALSE(Date::parse("31/02/2026").has_value());
  EXPECT_FALSE(Date::parse("2026/01/25").has_value());
  EXPECT_FALSE(Date::parse("25-01-2026").has_value());
}

TEST(Money, FormatsAsBrazilianReais) {
  EXPECT_EQ(Money::fromCentavos(0).toBrl(), "R$ 0,00");
  EXPECT_EQ(Money::fromCentavos(5).toBrl(), "R$ 0,05");
  EXPECT_EQ(Money::fromCentavos(123456).toBrl(), "R$ 1.234,56");
  EXPECT_EQ(Money::fromCentavos(100000000).toBrl(), "R$ 1.000.000,00");
  EXPECT_EQ(Money::fromCentavos(-99999).toBrl(), "-R$ 999,99");
  EXPECT_EQ(Money::fromCentavos(INT64_MIN).toBrl(), "-R$ 92.233.720.368.547.758,08");
}

TEST(Date, ConvertsBetweenCalendarAndAbiDays) {
  EXPECT_EQ(Date::fromYmd(1970, 1, 1).toAbi(), 0);
  EXPECT_EQ(Date::fromYmd(1997, 10, 7).toAbi(), 10141);  // boleto due-date factor base
  const Date d = Date::fromYmd(2024, 2, 29);
  EXPECT_EQ(d.year(), 2024);
  EXPECT_EQ(d.month(), 2u);
  EXPECT_EQ(d.day(), 29u);
  EXPECT_EQ(d.iso(), "2024-02-29");
  EXPECT_EQ(d.br(), "29/02/2024");
  EXPECT_EQ(d.plusDays(1).iso(), "2024-03-01");
  EXPECT_EQ(Date::fromYmd(2025, 1, 1) - Date::fromYmd(2024, 1, 1), 366);
  EXPECT_EQ(Date::fromYmd(2026, 11, 23).weekday(), 1u);  // a Monday
}

TEST(Date, RefusesDaysThatDoNotExist) {
  EXPECT_THROW(Date::fromYmd(2026, 2, 29), std::invalid_argument);
  EXPECT_FALSE(Date::tryFromYmd(2026, 13, 1));
  EXPECT_FALSE(Date::parseIso("2026-02-30"));
  EXPECT_FALSE(Date::parseIso("25/01/2026"));
  EXPECT_FALSE(Date::parseIso("2026-1-25"));
  EXPECT_EQ(Date::parseIso("2026-01-25")->br(), "25/01/2026");
}

}  // namespace
}  // namespace regua
