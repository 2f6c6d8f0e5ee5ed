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
  auto fixed = [](int month, int day, std::string name, int from = 0) {
    Rule r;
    r.month = month;
    r.day = day;
    r.fromYear = from;
    r.name = std::move(name);
    return r;
  };
  auto easter = [](int offset, std::string name) {
    Rule r;
    r.easterOffset = offset;
    r.name = std::move(name);
    return r;
  };
  return {
      fixed(1, 1, "Confraternização Universal"),
      easter(-48, "Carnaval (segunda-feira)"),
      easter(-47, "Carnaval (terça-feira)"),
      easter(-2, "Sexta-feira da Paixão"),
      fixed(4, 21, "Tiradentes"),
      fixed(5, 1, "Dia do Trabalho"),
      easter(60, "Corpus Christi"),
      fixed(9, 7, "Independência do Brasil"),
      fixed(10, 12, "Nossa Senhora Aparecida"),
      fixed(11, 2, "Finados"),
      fixed(11, 15, "Proclamação da República"),
      fixed(11, 20, "Dia Nacional de Zumbi e da Consciência Negra", 2024),  // Lei 14.759/2023
      fixed(12, 25, "Natal"),
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
      out.push_back({easterSunday(year).plusDays(rule.easterOffset), rule.name, scope});
    } else if (auto date = Date::tryFromYmd(year, static_cast<unsigned>(rule.month), static_cast<unsigned>(rule.day))) {
      out.push_back({*date, rule.name, scope});  // (02-29 only exists in leap years)
    }
  }
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

void BusinessCalendar::precompute() {
  holidayDays_.clear();
  auto daysFor = [&](std::string_view code) {
    std::set<std::int32_t> days;
    for (int year = kPrecomputedFirst; year <= kPrecomputedLast; ++year) {
      for (const auto& h : holidays(year, code)) days.insert(h.date.daysSinceEpoch());
    }
    return days;
  };
  holidayDays_[""] = daysFor("");
  for (const auto& [code, c] : cities_) holidayDays_[code] = daysFor(code);
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
