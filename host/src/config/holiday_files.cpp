#include "config/holiday_files.hpp"

#include <algorithm>
#include <cctype>
#include <optional>
#include <utility>

#include "config/yaml_reader.hpp"

namespace regua::config {

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

std::vector<calendar::HolidayRule> readRules(YamlReader& reader, const YAML::Node& list) {
  std::vector<calendar::HolidayRule> rules;
  if (!list || !reader.expectSequence(list, "holidays")) return rules;
  for (const auto& item : list) {
    if (!reader.expectMap(item, "holidays", {"date", "easter", "name", "from", "until", "law"})) continue;
    calendar::HolidayRule rule;
    rule.name = reader.string(item, "name").value_or("");
    rule.law = reader.string(item, "law").value_or("");
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

}  // namespace

calendar::LocalHolidays readHolidayFiles(const std::filesystem::path& dir) {
  calendar::LocalHolidays local;
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) return local;
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    const auto extension = entry.path().extension();
    if (extension == ".yaml" || extension == ".yml") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());

  std::vector<Diagnostic> diagnostics;
  for (const auto& file : files) {
    YamlReader reader(file);
    const YAML::Node& root = reader.root();
    if (reader.ok() && reader.expectMap(root, file.filename().string(), {"state", "holidays", "cities"})) {
      const std::string state = reader.string(root, "state").value_or("");
      if (!isUf(state)) {
        reader.error(root["state"] ? root["state"] : root, "'state' deve ser a sigla da UF em maiúsculas, como SP");
      }
      auto& stateRules = local.states[state];
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
        calendar::CityHolidays city;
        city.name = reader.string(entry.second, "name").value_or(code);
        city.state = state;
        city.rules = readRules(reader, entry.second["holidays"]);
        if (!local.cities.emplace(code, std::move(city)).second) {
          reader.error(entry.first, "cidade " + code + " aparece em mais de um arquivo de feriados");
        }
      }
    }
    diagnostics.insert(diagnostics.end(), reader.diagnostics().begin(), reader.diagnostics().end());
  }
  if (!diagnostics.empty()) throw ConfigError(diagnostics);
  return local;
}

calendar::BusinessCalendar loadCalendar(const std::filesystem::path& dir) {
  return calendar::BusinessCalendar(readHolidayFiles(dir));
}


}  // namespace regua::config
