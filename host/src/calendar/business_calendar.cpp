#include "calendar/business_calendar.hpp"

#include <algorithm>
#include <cctype>
#include <optional>
#include <stdexcept>

#include "config/yaml_reader.hpp"

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
    for (int year = kFirstYear; year <= kLastYear; ++year) {
      for (const auto& h : holidays(year, code)) days.insert(h.date.daysSinceEpoch());
    }
    return days;
  };
  holidayDays_[""] = daysFor("");
  for (const auto& [code, c] : cities_) holidayDays_[code] = daysFor(code);
}

bool BusinessCalendar::isHoliday(Date day, std::string_view cityCode) const {
  if (day.year() >= kFirstYear && day.year() <= kLastYear) {
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

Date BusinessCalendar::effectiveDueDate(Date due, std::string_view cityCode) const {
  return isBusinessDay(due, cityCode) ? due : nextBusinessDay(due, cityCode);
}

Date BusinessCalendar::addBusinessDays(Date day, int days, std::string_view cityCode) const {
  const int step = days < 0 ? -1 : 1;
  for (int remaining = days < 0 ? -days : days; remaining > 0;) {
    day = day.plusDays(step);
    if (isBusinessDay(day, cityCode)) --remaining;
  }
  return day;
}

// ---------------------------------------------------------------- loading config/holidays
//
// One file per state:
//   state: SP
//   holidays:                      # every city of the state
//     - {date: "07-09", name: Revolução Constitucionalista}
//   cities:
//     "3550308":                   # IBGE code
//       name: São Paulo
//       holidays:
//         - {date: "01-25", name: Aniversário da cidade}
// A holiday has `date` (MM-DD every year, or AAAA-MM-DD once) or `easter` (days from
// Easter Sunday), a `name`, and optionally `from`/`until` years.

namespace {

std::optional<std::pair<int, int>> parseMonthDay(const std::string& text) {
  if (text.size() != 5 || text[2] != '-') return std::nullopt;
  for (std::size_t i : {0u, 1u, 3u, 4u}) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
  }
  const int month = (text[0] - '0') * 10 + (text[1] - '0');
  const int day = (text[3] - '0') * 10 + (text[4] - '0');
  // 2024 is a leap year, so 02-29 is accepted (and skipped in common years).
  if (!Date::tryFromYmd(2024, static_cast<unsigned>(month), static_cast<unsigned>(day))) return std::nullopt;
  return std::pair{month, day};
}

bool isUf(const std::string& s) { return s.size() == 2 && std::isupper(s[0] & 0xFF) && std::isupper(s[1] & 0xFF); }

bool isIbgeCode(const std::string& s) {
  return s.size() == 7 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

std::vector<BusinessCalendar::Rule> BusinessCalendar::readRules(config::YamlReader& reader, const YAML::Node& list) {
  std::vector<Rule> rules;
  if (!list || !reader.expectSequence(list, "holidays")) return rules;
  for (const auto& item : list) {
    if (!reader.expectMap(item, "holidays", {"date", "easter", "name", "from", "until"})) continue;
    Rule rule;
    rule.name = reader.string(item, "name").value_or("");
    if (rule.name.empty()) reader.error(item, "cada feriado precisa de 'name'");
    const auto date = reader.string(item, "date");
    const auto easter = reader.integer(item, "easter", -100, 100);
    if (date.has_value() == easter.has_value()) {
      reader.error(item, "use 'date' (MM-DD todo ano, ou AAAA-MM-DD uma vez) ou 'easter' (dias a partir do "
                         "domingo de Páscoa), um dos dois");
      continue;
    }
    if (easter) {
      rule.easterOffset = static_cast<int>(*easter);
    } else if (auto once = Date::parseIso(*date)) {
      rule.year = once->year();
      rule.month = static_cast<int>(once->month());
      rule.day = static_cast<int>(once->day());
    } else if (auto monthDay = parseMonthDay(*date)) {
      std::tie(rule.month, rule.day) = *monthDay;
    } else {
      reader.error(item["date"], "data '" + *date + "' inválida; use MM-DD (todo ano) ou AAAA-MM-DD (uma vez)");
      continue;
    }
    rule.fromYear = static_cast<int>(reader.integer(item, "from", 1900, 2200).value_or(0));
    rule.untilYear = static_cast<int>(reader.integer(item, "until", 1900, 2200).value_or(9999));
    rules.push_back(std::move(rule));
  }
  return rules;
}

BusinessCalendar BusinessCalendar::load(const std::filesystem::path& dir) {
  BusinessCalendar calendar;
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) return calendar;
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    const auto extension = entry.path().extension();
    if (extension == ".yaml" || extension == ".yml") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());

  std::vector<config::Diagnostic> diagnostics;
  for (const auto& file : files) {
    config::YamlReader reader(file);
    const YAML::Node& root = reader.root();
    if (reader.ok() && reader.expectMap(root, file.filename().string(), {"state", "holidays", "cities"})) {
      const std::string state = reader.string(root, "state").value_or("");
      if (!isUf(state)) {
        reader.error(root["state"] ? root["state"] : root, "'state' deve ser a sigla da UF em maiúsculas, como SP");
      }
      auto& stateRules = calendar.states_[state];
      for (auto& rule : readRules(reader, root["holidays"])) stateRules.push_back(std::move(rule));

      const YAML::Node cities = root["cities"];
      if (cities && !cities.IsMap()) reader.error(cities, "'cities' deve mapear o código IBGE de cada cidade");
      for (const auto& entry : cities && cities.IsMap() ? cities : YAML::Node()) {
        const std::string code = entry.first.Scalar();
        if (!isIbgeCode(code)) {
          reader.error(entry.first, "'" + code + "' não é um código IBGE de município (7 dígitos, como 3550308)");
          continue;
        }
        if (!reader.expectMap(entry.second, code, {"name", "holidays"})) continue;
        City city;
        city.name = reader.string(entry.second, "name").value_or(code);
        city.state = state;
        city.rules = readRules(reader, entry.second["holidays"]);
        if (!calendar.cities_.emplace(code, std::move(city)).second) {
          reader.error(entry.first, "cidade " + code + " aparece em mais de um arquivo de feriados");
        }
      }
    }
    diagnostics.insert(diagnostics.end(), reader.diagnostics().begin(), reader.diagnostics().end());
  }
  if (!diagnostics.empty()) throw config::ConfigError(diagnostics);
  calendar.precompute();
  return calendar;
}

}  // namespace regua::calendar
