#include "calendar/business_calendar.hpp"

#include <algorithm>
#include <cctype>
#include <optional>
#include <stdexcept>

#include <regua/due_date.hpp>

namespace regua::calendar {

Date easterSunday(int year) {
  // The anonymous Gregorian computus (Meeus/Jones/Butcher).
  const int a = year % 19;
  const int b = year / 100, c = year % 100;
  const int d = b / 4, e = b % 4;
  const int f = (b + 8) / 25;
  const int g = (b - f + 1) / 3;
  const int h = (19 * a + b - d - g + 15) % 30;
  const int i = c / 4, k = c % 4;
  const int l = (32 + 2 * e + 2 * i - h - k) % 7;
  const int m = (a + 11 * h + 22 * l) / 451;
  const int month = (h + l - 7 * m + 114) / 31;
  const int day = (h + l - 7 * m + 114) % 31 + 1;
  return Date::fromYmd(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
}

std::vector<BusinessCalendar::Rule> BusinessCalendar::nationalRules() {
  auto fixed = [](int month, int day, std::string name, std::string law, int from = 0) {
    Rule r;
    r.month = month;
    r.day = day;
    r.fromYear = from;
    r.name = std::move(name);
    r.law = std::move(law);
    return r;
  };
  auto easter = [](int offset, std::string name, std::string law) {
    Rule r;
    r.easterOffset = offset;
    r.name = std::move(name);
    r.law = std::move(law);
    return r;
  };
  const std::string civil = "Lei 662/1949, na redação da Lei 10.607/2002";
  const std::string banks = "sem expediente bancário em todo o país (calendário anual da FEBRABAN)";
  return {
      fixed(1, 1, "Confraternização Universal", civil),
      easter(-48, "Carnaval (segunda-feira)", banks),
      easter(-47, "Carnaval (terça-feira)", banks),
      easter(-2, "Sexta-feira da Paixão", "Lei 9.093/1995 (feriado religioso); " + banks),
      fixed(4, 21, "Tiradentes", civil),
      fixed(5, 1, "Dia do Trabalho", civil),
      easter(60, "Corpus Christi", banks),
      fixed(9, 7, "Independência do Brasil", civil),
      fixed(10, 12, "Nossa Senhora Aparecida", "Lei 6.802/1980"),
      fixed(11, 2, "Finados", civil),
      fixed(11, 15, "Proclamação da República", civil),
      fixed(11, 20, "Dia Nacional de Zumbi e da Consciência Negra", "Lei 14.759/2023", 2024),
      fixed(12, 25, "Natal", civil),
  };
}

BusinessCalendar::BusinessCalendar() : national_(nationalRules()) { precompute(); }

BusinessCalendar::BusinessCalendar(LocalHolidays local)
    : national_(nationalRules()), states_(std::move(local.states)), cities_(std::move(local.cities)) {
  precompute();
}

void BusinessCalendar::addRuleDates(const std::vector<Rule>& rules, int year, const std::string& scope,
                                    std::vector<Holiday>& out) const {
  for (const auto& rule : rules) {
    if (year < rule.fromYear || year > rule.untilYear || (rule.year != 0 && rule.year != year)) continue;
    if (rule.month == 0) {
      out.push_back({easterSunday(year).plusDays(rule.easterOffset), rule.name, scope, rule.law});
    } else if (auto date = Date::tryFromYmd(year, static_cast<unsigned>(rule.month), static_cast<unsigned>(rule.day))) {
      out.push_back({*date, rule.name, scope, rule.law});  // (02-29 only exists in leap years)
    }
  }
}

namespace {
// IBGE's codes of the units of the federation: the first two digits of a municipality's code.
constexpr std::pair<std::string_view, std::string_view> kUfByIbgePrefix[] = {
    {"11", "RO"}, {"12", "AC"}, {"13", "AM"}, {"14", "RR"}, {"15", "PA"}, {"16", "AP"}, {"17", "TO"},
    {"21", "MA"}, {"22", "PI"}, {"23", "CE"}, {"24", "RN"}, {"25", "PB"}, {"26", "PE"}, {"27", "AL"},
    {"28", "SE"}, {"29", "BA"}, {"31", "MG"}, {"32", "ES"}, {"33", "RJ"}, {"35", "SP"}, {"41", "PR"},
    {"42", "SC"}, {"43", "RS"}, {"50", "MS"}, {"51", "MT"}, {"52", "GO"}, {"53", "DF"},
};
}  // namespace

std::string BusinessCalendar::adoptCity(const std::string& code) {
  if (const auto it = cities_.find(code); it != cities_.end()) return it->second.state;
  if (code.size() != 7 || code.find_first_not_of("0123456789") != std::string::npos) return "";
  for (const auto& [prefix, uf] : kUfByIbgePrefix) {
    if (code.compare(0, 2, prefix) != 0) continue;
    cities_[code] = City{code, std::string(uf), {}};
    holidayDays_[code] = precomputedDays(code);
    return std::string(uf);
  }
  return "";
}

const BusinessCalendar::City& BusinessCalendar::city(std::string_view code) const {
  const auto it = cities_.find(std::string(code));
  if (it == cities_.end()) {
    std::string known;
    for (const auto& description : describeCities()) known += (known.empty() ? "" : ", ") + description;
    throw std::invalid_argument("cidade '" + std::string(code) + "' não está em config/holidays" +
                                (known.empty() ? "; nenhuma cidade configurada" : "; conhecidas: " + known));
  }
  return it->second;
}

std::vector<std::string> BusinessCalendar::describeCities() const {
  std::vector<std::string> out;
  for (const auto& [code, c] : cities_) out.push_back(code + " (" + c.name + "/" + c.state + ")");
  return out;
}

std::vector<Holiday> BusinessCalendar::holidays(int year, std::string_view cityCode) const {
  std::vector<Holiday> out;
  addRuleDates(national_, year, "nacional", out);
  if (!cityCode.empty()) {
    const City& c = city(cityCode);
    if (auto state = states_.find(c.state); state != states_.end()) addRuleDates(state->second, year, c.state, out);
    addRuleDates(c.rules, year, c.name, out);
  }
  std::stable_sort(out.begin(), out.end(), [](const Holiday& a, const Holiday& b) { return a.date < b.date; });
  // A day that two scopes both declare is listed once, with the broader scope's name.
  out.erase(std::unique(out.begin(), out.end(), [](const Holiday& a, const Holiday& b) { return a.date == b.date; }),
            out.end());
  return out;
}

std::set<std::int32_t> BusinessCalendar::precomputedDays(std::string_view cityCode) const {
  std::set<std::int32_t> days;
  for (int year = kPrecomputedFirst; year <= kPrecomputedLast; ++year) {
    for (const auto& h : holidays(year, cityCode)) days.insert(h.date.daysSinceEpoch());
  }
  return days;
}

void BusinessCalendar::precompute() {
  holidayDays_.clear();
  holidayDays_[""] = precomputedDays("");
  for (const auto& [code, c] : cities_) holidayDays_[code] = precomputedDays(code);
}

bool BusinessCalendar::isHoliday(Date day, std::string_view cityCode) const {
  if (day.year() >= kPrecomputedFirst && day.year() <= kPrecomputedLast) {
    const auto it = holidayDays_.find(cityCode);
    if (it == holidayDays_.end()) city(cityCode);  // throws with the list of known cities
    return it->second.count(day.daysSinceEpoch()) > 0;
  }
  for (const auto& h : holidays(day.year(), cityCode)) {
    if (h.date == day) return true;
  }
  return false;
}

bool BusinessCalendar::isBusinessDay(Date day, std::string_view cityCode) const {
  const unsigned weekday = day.weekday();
  if (weekday == 0 || weekday == 6) return false;
  return !isHoliday(day, cityCode);
}

Date BusinessCalendar::nextBusinessDay(Date day, std::string_view cityCode) const {
  Date next = day.plusDays(1);
  while (!isBusinessDay(next, cityCode)) next = next.plusDays(1);
  return next;
}

bool BusinessCalendar::banksServeThePublic(Date day, std::string_view cityCode) const {
  return regua::banksServeThePublic(day, isBusinessDay(day, cityCode));
}

Date BusinessCalendar::effectiveDueDate(Date due, std::string_view cityCode) const {
  return regua::effectiveDueDate(due, [&](Date day) { return isBusinessDay(day, cityCode); });
}

Date BusinessCalendar::addBusinessDays(Date day, int days, std::string_view cityCode) const {
  const int step = days < 0 ? -1 : 1;
  for (int remaining = days < 0 ? -days : days; remaining > 0;) {
    day = day.plusDays(step);
    if (isBusinessDay(day, cityCode)) --remaining;
  }
  return day;
}

}  // namespace regua::calendar
