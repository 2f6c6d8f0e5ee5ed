// `regua document check`, `regua calendar ...` and `regua db status`.
#include <iostream>
#include <system_error>
#include <variant>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include "app/cli.hpp"
#include "app/cli_values.hpp"
#include "app/host_setup.hpp"
#include "calendar/business_calendar.hpp"
#include "config/diagnostics.hpp"
#include "config/host_config.hpp"
#include "domain/document.hpp"
#include "store/database.hpp"

namespace regua::app {

namespace {

// The calendar and the city to use (--city, else calendar.city), or an exit code.
struct CalendarContext {
  calendar::BusinessCalendar calendar;
  std::string city;
};

std::variant<CalendarContext, int> calendarFor(const Invocation& invocation) {
  const auto config = loadConfigOrReport(invocation, true);
  if (!config) return kExitConfig;
  auto calendar = loadCalendarOrReport(*config);
  if (!calendar) return kExitConfig;
  try {
    CalendarContext context{std::move(*calendar), invocation.option("--city").value_or(config->city)};
    if (!context.city.empty() && !adoptOrReport(context.calendar, context.city, config->holidaysDir)) {
      context.calendar.holidays(2000, context.city);  // throws with the list of known cities
    }
    return context;
  } catch (const std::invalid_argument& e) {
    std::cerr << "regua: " << e.what() << "\n";
    return kExitUsage;
  }
}

}  // namespace

int runDocumentCheck(const Invocation& invocation) {
  const std::string& value = invocation.args.at(0);
  std::string why;
  const auto document = domain::Document::parse(value, &why);
  if (!document) {
    std::cerr << "regua: documento inválido: " << why << "\n";
    return kExitFailure;
  }
  std::cout << document->typeName() << " válido: " << document->formatted() << " ("
            << (document->isPerson() ? "pessoa física" : "pessoa jurídica") << ")\n";
  return kExitOk;
}

int runCalendarHolidays(const Invocation& invocation) {
  const std::string& yearText = invocation.args.at(0);
  int year = 0;
  using calendar::BusinessCalendar;
  if (yearText.size() != 4 || yearText.find_first_not_of("0123456789") != std::string::npos ||
      (year = std::stoi(yearText)) < BusinessCalendar::kFirstSupportedYear || year > BusinessCalendar::kLastSupportedYear) {
    std::cerr << "regua: ano inválido '" << yearText << "'; use quatro dígitos entre "
              << BusinessCalendar::kFirstSupportedYear << " e " << BusinessCalendar::kLastSupportedYear << "\n";
    return kExitUsage;
  }
  auto context = calendarFor(invocation);
  if (auto* code = std::get_if<int>(&context)) return *code;
  auto& [calendar, city] = std::get<CalendarContext>(context);
  const auto holidays = calendar.holidays(year, city);
  if (invocation.flag("--json")) {
    Poco::JSON::Array out;
    for (const auto& h : holidays) {
      Poco::JSON::Object item(Poco::JSON_PRESERVE_KEY_ORDER);
      item.set("date", h.date.iso());
      item.set("weekday", std::string(weekdayName(h.date)));
      item.set("name", h.name);
      item.set("scope", h.scope);
      if (!h.law.empty()) item.set("law", h.law);
      out.add(item);
    }
    out.stringify(std::cout, 2);
    std::cout << "\n";
    return kExitOk;
  }
  for (const auto& h : holidays) {
    std::cout << h.date.br() << "  " << column(weekdayName(h.date), 14) << h.name << " (" << h.scope << ")\n";
  }
  return kExitOk;
}

int runCalendarNextBusinessDay(const Invocation& invocation) {
  const auto date = parseUserDate(invocation.args.at(0));
  if (!date) {
    std::cerr << "regua: data inválida '" << invocation.args.at(0) << "'; use AAAA-MM-DD ou DD/MM/AAAA\n";
    return kExitUsage;
  }
  if (!calendar::BusinessCalendar::covers(*date)) {
    std::cerr << "regua: " << date->br() << " está fora do calendário de dias úteis, que vai de "
              << calendar::BusinessCalendar::kFirstSupportedYear << " a "
              << calendar::BusinessCalendar::kLastSupportedYear << "\n";
    return kExitUsage;
  }
  auto context = calendarFor(invocation);
  if (auto* code = std::get_if<int>(&context)) return *code;
  auto& [calendar, city] = std::get<CalendarContext>(context);
  const bool effective = invocation.flag("--on-or-after");
  std::cout << (effective ? calendar.effectiveDueDate(*date, city) : calendar.nextBusinessDay(*date, city)).iso()
            << "\n";
  return kExitOk;
}

int runDbStatus(const Invocation& invocation) {
  setupLogging("warning");
  const auto config = loadConfigOrReport(invocation, true);
  if (!config) return kExitConfig;
  const auto db = store::Database::open(config->storageUrl);
  std::cout << "banco: " << db->maskedUrl() << "\nesquema: v" << db->schemaVersion() << " (atualizado)\n";
  return kExitOk;
}

}  // namespace regua::app
