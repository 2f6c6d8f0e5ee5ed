#include "calendar/business_calendar.hpp"

#include <gtest/gtest.h>

#include <tuple>
#include <vector>

#include "config/diagnostics.hpp"
#include "config/holiday_files.hpp"
#include "test_support.hpp"

namespace regua::calendar {
namespace {

using regua::testing::TempDir;
Date day(int y, unsigned m, unsigned d) { return Date::fromYmd(y, m, d); }

TEST(Easter, KnownSundays) {
  EXPECT_EQ(easterSunday(2000), day(2000, 4, 23));
  EXPECT_EQ(easterSunday(2019), day(2019, 4, 21));
  EXPECT_EQ(easterSunday(2024), day(2024, 3, 31));
  EXPECT_EQ(easterSunday(2025), day(2025, 4, 20));
  EXPECT_EQ(easterSunday(2026), day(2026, 4, 5));
  EXPECT_EQ(easterSunday(2038), day(2038, 4, 25));
}

TEST(NationalCalendar, BankHolidaysOf2026) {
  const BusinessCalendar calendar;
  std::vector<std::string> got;
  for (const auto& h : calendar.holidays(2026)) got.push_back(h.date.iso() + " " + h.name);
  const std::vector<std::string> expected = {
      "2026-01-01 Confraternização Universal",
      "2026-02-16 Carnaval (segunda-feira)",  // Easter - 48
      "2026-02-17 Carnaval (terça-feira)",    // Easter - 47
      "2026-04-03 Sexta-feira da Paixão",     // Easter - 2
      "2026-04-21 Tiradentes",
      "2026-05-01 Dia do Trabalho",
      "2026-06-04 Corpus Christi",            // Easter + 60
      "2026-09-07 Independência do Brasil",
      "2026-10-12 Nossa Senhora Aparecida",
      "2026-11-02 Finados",
      "2026-11-15 Proclamação da República",
      "2026-11-20 Dia Nacional de Zumbi e da Consciência Negra",
      "2026-12-25 Natal",
  };
  EXPECT_EQ(got, expected);
}

TEST(NationalCalendar, BlackConsciousnessDayIsNationalFrom2024) {
  // Lei 14.759/2023 made 20/11 a national holiday from 2024 on.
  const BusinessCalendar calendar;
  EXPECT_TRUE(calendar.isBusinessDay(day(2023, 11, 20)));  // a Monday, not yet a holiday
  EXPECT_FALSE(calendar.isBusinessDay(day(2024, 11, 20)));
}

TEST(NationalCalendar, NextBusinessDaySkipsWeekendsAndCarnival) {
  const BusinessCalendar calendar;
  EXPECT_EQ(calendar.nextBusinessDay(day(2026, 2, 13)), day(2026, 2, 18));  // Fri -> Ash Wednesday
  EXPECT_EQ(calendar.nextBusinessDay(day(2026, 1, 26)), day(2026, 1, 27));  // strictly after
  EXPECT_EQ(calendar.nextBusinessDay(day(2026, 12, 24)), day(2026, 12, 28));
  EXPECT_EQ(calendar.nextBusinessDay(day(2110, 12, 24)), day(2110, 12, 26));  // beyond the precomputed years
}

TEST(NationalCalendar, EffectiveDueDateMovesOnlyNonBusinessDays) {
  // Lei 7.089/1983: a due date on a non-business day may be paid on the next one.
  const BusinessCalendar calendar;
  EXPECT_EQ(calendar.effectiveDueDate(day(2026, 1, 24)), day(2026, 1, 26));  // Saturday -> Monday
  EXPECT_EQ(calendar.effectiveDueDate(day(2026, 4, 3)), day(2026, 4, 6));    // Good Friday -> Monday
  EXPECT_EQ(calendar.effectiveDueDate(day(2026, 1, 27)), day(2026, 1, 27));  // a Tuesday stays
}

TEST(NationalCalendar, ABillDueOnTheLastDayOfTheYearIsOnTimeOnTheNextBusinessDay) {
  // FEBRABAN: no bank serves the public on 31 December, a business day otherwise.
  const BusinessCalendar calendar;
  EXPECT_TRUE(calendar.isBusinessDay(day(2026, 12, 31)));                     // a Thursday
  EXPECT_FALSE(calendar.banksServeThePublic(day(2026, 12, 31)));
  EXPECT_EQ(calendar.effectiveDueDate(day(2026, 12, 31)), day(2027, 1, 4));   // 01/01 holiday, then the weekend
  EXPECT_EQ(calendar.effectiveDueDate(day(2025, 12, 31)), day(2026, 1, 2));   // Wednesday -> Friday
  EXPECT_EQ(calendar.effectiveDueDate(day(2026, 12, 30)), day(2026, 12, 30));
}

TEST(ShippedHolidays, EveryHolidayCitesTheActThatMakesIt) {
  const auto local = config::readHolidayFiles(REGUA_SOURCE_DIR "/config/holidays");
  ASSERT_EQ(local.states.size(), 27u) << "one file per unit of the federation";
  for (const auto& [uf, rules] : local.states) {
    for (const auto& rule : rules) EXPECT_FALSE(rule.law.empty()) << uf << ": " << rule.name;
  }
  for (const auto& [code, city] : local.cities) {
    for (const auto& rule : city.rules) EXPECT_FALSE(rule.law.empty()) << city.name << ": " << rule.name;
  }
  for (const auto& h : BusinessCalendar().holidays(2026)) EXPECT_FALSE(h.law.empty()) << h.name;
}

// The four units shipped last (AM, GO, RR, TO) and their capitals, a day each rule covers.
TEST(ShippedHolidays, TheNorthAndGoiasCountTheirOwnHolidays) {
  auto calendar = config::loadCalendar(REGUA_SOURCE_DIR "/config/holidays");
  const std::string palmas = "1721000", manaus = "1302603", boaVista = "1400100", goiania = "5208707";
  EXPECT_FALSE(calendar.isBusinessDay(day(2026, 10, 5), palmas)) << "Criação do Tocantins (Lei 98/1989)";
  EXPECT_FALSE(calendar.isBusinessDay(day(2026, 9, 8), palmas)) << "Natividade (Lei 627/1993)";
  EXPECT_FALSE(calendar.isBusinessDay(day(2025, 8, 15), palmas)) << "Senhor do Bonfim, from 2025";
  EXPECT_TRUE(calendar.isBusinessDay(day(2024, 8, 15), palmas)) << "before Lei 4.509/2024";
  EXPECT_TRUE(calendar.isBusinessDay(day(2026, 3, 18), palmas)) << "no longer a holiday (Lei 2.013/2009)";
  EXPECT_FALSE(calendar.isBusinessDay(day(2008, 3, 18), palmas)) << "Autonomia while Lei 960/1998 made it one";
  EXPECT_FALSE(calendar.isBusinessDay(day(2026, 5, 20), palmas)) << "Aniversário de Palmas";

  EXPECT_FALSE(calendar.isBusinessDay(day(2025, 9, 5), manaus)) << "Elevação do Amazonas à Província";
  EXPECT_FALSE(calendar.isBusinessDay(day(2025, 10, 24), manaus)) << "Elevação de Manaus à cidade";
  EXPECT_EQ(calendar.adoptCity("1303403"), "AM");
  EXPECT_TRUE(calendar.isBusinessDay(day(2025, 10, 24), "1303403")) << "Manaus' own holiday only";

  EXPECT_FALSE(calendar.isBusinessDay(day(2026, 10, 5), boaVista)) << "Criação de Roraima";
  EXPECT_FALSE(calendar.isBusinessDay(day(2026, 7, 9), boaVista)) << "Aniversário de Boa Vista";

  EXPECT_FALSE(calendar.isBusinessDay(day(2023, 7, 26), goiania)) << "Fundação da Cidade de Goiás";
  EXPECT_FALSE(calendar.isBusinessDay(day(2022, 7, 25), goiania)) << "moved by the 2022 decree";
  EXPECT_TRUE(calendar.isBusinessDay(day(2022, 7, 26), goiania));
  EXPECT_FALSE(calendar.isBusinessDay(day(2025, 10, 24), goiania)) << "Aniversário de Goiânia";
}

// Every state capital has its own holidays in the files (Brasília's are the DF's): a
// weekday on which each one closes and the rest of its state does not.
TEST(ShippedHolidays, EveryCapitalClosesOnItsOwnHoliday) {
  auto calendar = config::loadCalendar(REGUA_SOURCE_DIR "/config/holidays");
  const std::vector<std::tuple<std::string, std::string, Date>> capitals = {
      {"1200401", "Rio Branco", day(2026, 12, 28)},  {"2704302", "Maceió", day(2026, 8, 27)},
      {"1600303", "Macapá", day(2026, 2, 4)},        {"2927408", "Salvador", day(2026, 6, 24)},
      {"3205309", "Vitória", day(2026, 9, 8)},       {"2111300", "São Luís", day(2026, 6, 29)},
      {"3106200", "Belo Horizonte", day(2025, 8, 15)}, {"5002704", "Campo Grande", day(2025, 6, 13)},
      {"5103403", "Cuiabá", day(2026, 4, 8)},        {"1501402", "Belém", day(2025, 11, 6)},
      {"2507507", "João Pessoa", day(2026, 6, 24)},  {"2611606", "Recife", day(2026, 7, 16)},
      {"2211001", "Teresina", day(2026, 12, 8)},     {"2408102", "Natal", day(2025, 11, 21)},
      {"1100205", "Porto Velho", day(2026, 10, 2)},  {"4314902", "Porto Alegre", day(2026, 2, 2)},
      {"4205407", "Florianópolis", day(2026, 3, 23)}, {"2800308", "Aracaju", day(2026, 12, 8)},
      {"2304400", "Fortaleza", day(2026, 3, 19)},    {"4106902", "Curitiba", day(2026, 9, 8)},
      {"3304557", "Rio de Janeiro", day(2026, 1, 20)}, {"3550308", "São Paulo", day(2027, 1, 25)},
      {"1302603", "Manaus", day(2025, 10, 24)},  {"1400100", "Boa Vista", day(2026, 7, 9)},
      {"5208707", "Goiânia", day(2025, 10, 24)},     {"1721000", "Palmas", day(2026, 5, 20)},
  };
  ASSERT_EQ(capitals.size(), 26u) << "the 26 state capitals";
  for (const auto& [code, name, holiday] : capitals) {
    EXPECT_FALSE(calendar.isBusinessDay(holiday, code)) << name << " " << holiday.br();
    const std::string neighbour = code.substr(0, 2) + "99999";  // same state, not the capital
    calendar.adoptCity(neighbour);
    EXPECT_TRUE(calendar.isBusinessDay(holiday, neighbour)) << name << ": a city holiday only";
  }
  EXPECT_FALSE(calendar.isBusinessDay(day(2022, 12, 9), "2211001")) << "Teresina's 8/12 moved in 2022";
  EXPECT_TRUE(calendar.isBusinessDay(day(2022, 12, 8), "2211001"));
}

TEST(ShippedHolidays, AnyMunicipalityGetsItsStatesHolidaysByItsIbgeCode) {
  auto calendar = config::loadCalendar(REGUA_SOURCE_DIR "/config/holidays");
  EXPECT_EQ(calendar.adoptCity("2609600"), "PE");  // Olinda, not listed in pe.yaml
  EXPECT_FALSE(calendar.isBusinessDay(day(2026, 3, 6), "2609600")) << "Data Magna de Pernambuco (Lei 16.059/2017)";
  EXPECT_TRUE(calendar.isBusinessDay(day(2026, 3, 6), "2304400")) << "not in Fortaleza";
  EXPECT_EQ(calendar.adoptCity("1501402"), "PA");  // Belém
  EXPECT_EQ(calendar.effectiveDueDate(day(2025, 8, 15), "1501402"), day(2025, 8, 18)) << "Adesão do Pará, a Friday";
  EXPECT_EQ(calendar.adoptCity("3205309"), "ES");  // Vitória
  EXPECT_FALSE(calendar.isBusinessDay(day(2024, 4, 8), "3205309")) << "Nossa Senhora da Penha, as the 2024 state decree lists it";
  EXPECT_EQ(calendar.adoptCity("4106902"), "PR");  // Curitiba
  EXPECT_EQ(calendar.effectiveDueDate(day(2026, 9, 7), "4106902"), day(2026, 9, 9)) << "Independência, then the padroeira";
  EXPECT_EQ(calendar.adoptCity("9999999"), "") << "no state has code 99";
  EXPECT_EQ(calendar.adoptCity("35"), "");
}

TEST(NationalCalendar, AddBusinessDaysBothWays) {
  const BusinessCalendar calendar;
  EXPECT_EQ(calendar.addBusinessDays(day(2026, 2, 12), 2), day(2026, 2, 18));
  EXPECT_EQ(calendar.addBusinessDays(day(2026, 2, 18), -2), day(2026, 2, 12));
  EXPECT_EQ(calendar.addBusinessDays(day(2026, 2, 18), 0), day(2026, 2, 18));
}

class ConfiguredCalendar : public ::testing::Test {
 protected:
  TempDir dir_;
};

TEST_F(ConfiguredCalendar, StateAndCityHolidaysApplyToTheirCitiesOnly) {
  dir_.write("sp.yaml", R"(state: SP
holidays:
  - {date: "07-09", name: Revolução Constitucionalista}
cities:
  "3550308":
    name: São Paulo
    holidays:
      - {date: "01-25", name: Aniversário}
      - {date: "2027-03-10", name: Feriado só neste ano}
      - {easter: 1, name: Segunda de Páscoa, from: 2027}
)");
  dir_.write("rj.yaml", "state: RJ\ncities:\n  \"3304557\": {name: Rio de Janeiro}\n");
  const auto calendar = config::loadCalendar(dir_.path());
  EXPECT_FALSE(calendar.isBusinessDay(day(2027, 1, 25), "3550308"));  // a Monday, São Paulo's anniversary
  EXPECT_TRUE(calendar.isBusinessDay(day(2027, 1, 25), "3304557"));
  EXPECT_TRUE(calendar.isBusinessDay(day(2027, 1, 25)));
  EXPECT_FALSE(calendar.isBusinessDay(day(2026, 7, 9), "3550308"));   // state holiday
  EXPECT_FALSE(calendar.isBusinessDay(day(2027, 3, 10), "3550308"));  // one-off
  EXPECT_TRUE(calendar.isBusinessDay(day(2028, 3, 10), "3550308"));
  EXPECT_FALSE(calendar.isBusinessDay(day(2027, 3, 29), "3550308"));  // Easter 2027-03-28 + 1
  EXPECT_TRUE(calendar.isBusinessDay(day(2026, 4, 6), "3550308"));    // before `from`
  const auto holidays = calendar.holidays(2027, "3550308");
  EXPECT_EQ(holidays.size(), 17u);
  EXPECT_EQ(calendar.nextBusinessDay(day(2027, 1, 22), "3550308"), day(2027, 1, 26));
}

TEST_F(ConfiguredCalendar, UnknownCityListsTheKnownOnes) {
  dir_.write("sp.yaml", "state: SP\ncities:\n  \"3550308\": {name: São Paulo}\n");
  const auto calendar = config::loadCalendar(dir_.path());
  try {
    calendar.isBusinessDay(day(2026, 1, 5), "9999999");
    FAIL() << "unknown city";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "cidade '9999999' não está em config/holidays; conhecidas: 3550308 (São Paulo/SP)");
  }
}

TEST_F(ConfiguredCalendar, EveryMistakeIsReportedWithFileLineColumn) {
  const auto file = dir_.write("sp.yaml", R"(state: sp
holidays:
  - {date: "13-01", name: X}
  - {date: "01-02", easter: 3, name: Y}
  - {name: Z}
  - {date: "01-03", nome: W}
cities:
  "355": {name: Curta}
)");
  try {
    config::loadCalendar(dir_.path());
    FAIL() << "invalid holidays file";
  } catch (const config::ConfigError& e) {
    const std::string text = e.what();
    const std::string f = file.string();
    EXPECT_NE(text.find(f + ":1:8: 'state' deve ser a sigla da UF em maiúsculas, como SP"), std::string::npos) << text;
    EXPECT_NE(text.find(f + ":3:12: data '13-01' inválida; use MM-DD (todo ano) ou AAAA-MM-DD (uma vez)"),
              std::string::npos) << text;
    EXPECT_NE(text.find(f + ":4:5: use 'date'"), std::string::npos) << text;
    EXPECT_NE(text.find(f + ":5:5: use 'date'"), std::string::npos) << text;
    EXPECT_NE(text.find(f + ":6:21: chave desconhecida 'nome' em 'holidays'; as permitidas são date, easter, name, "
                            "from, until e law"),
              std::string::npos) << text;
    EXPECT_NE(text.find(f + ":8:3: '355' não é um código IBGE de município"), std::string::npos) << text;
  }
}

TEST_F(ConfiguredCalendar, AMissingDirectoryMeansNationalOnly) {
  const auto calendar = config::loadCalendar(dir_.path() / "absent");
  EXPECT_EQ(calendar.holidays(2026).size(), 13u);
}

}  // namespace
}  // namespace regua::calendar
