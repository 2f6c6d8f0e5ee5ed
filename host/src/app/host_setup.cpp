#include "app/host_setup.hpp"

#include <cctype>
#include <iostream>
#include <system_error>

#include "config/diagnostics.hpp"
#include "config/holiday_files.hpp"

namespace regua::app {

std::optional<config::HostConfig> loadConfigOrReport(const Invocation& invocation, bool optional) {
  std::error_code ec;
  if (optional && !invocation.configGiven && !std::filesystem::exists(invocation.configFile, ec)) {
    return config::defaultHostConfig();
  }
  try {
    return config::loadHostConfig(invocation.configFile);
  } catch (const config::ConfigError& e) {
    std::cerr << e.what() << "\n";
    return std::nullopt;
  }
}

void useOfficeTimeZone(const Invocation& invocation) {
  std::string zone = kDefaultTimeZone;
  std::error_code ec;
  if (std::filesystem::exists(invocation.configFile, ec)) {
    try {
      zone = config::loadHostConfig(invocation.configFile).timezone;
    } catch (const config::ConfigError&) {
      // reported by the command that needs the configuration
    }
  }
  useTimeZone(zone);
}

bool adoptOrReport(calendar::BusinessCalendar& calendar, const std::string& city, const std::filesystem::path& holidaysDir) {
  if (calendar.knowsCity(city)) return true;
  const std::string uf = calendar.adoptCity(city);
  if (uf.empty()) return false;
  if (!calendar.hasStateHolidays(uf)) {
    std::string file = uf + ".yaml";
    for (char& c : file) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::cerr << "regua: aviso: " << holidaysDir.string() << " não tem os feriados de " << uf << "; para a cidade "
              << city << " valem só os nacionais (acrescente " << (holidaysDir / file).string() << ")\n";
  }
  return true;
}

std::optional<calendar::BusinessCalendar> loadCalendarOrReport(const config::HostConfig& config) {
  try {
    auto calendar = config::loadCalendar(config.holidaysDir);
    if (!config.city.empty() && !adoptOrReport(calendar, config.city, config.holidaysDir)) {
      std::cerr << config.file.string() << ": calendar.city " << config.city
                << " não é um código de município do IBGE (7 dígitos; São Paulo: 3550308)\n";
      return std::nullopt;
    }
    return calendar;
  } catch (const config::ConfigError& e) {
    std::cerr << e.what() << "\n";
    return std::nullopt;
  }
}

}  // namespace regua::app
