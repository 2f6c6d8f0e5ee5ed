#include "app/host_setup.hpp"

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

std::optional<calendar::BusinessCalendar> loadCalendarOrReport(const config::HostConfig& config) {
  try {
    auto calendar = config::loadCalendar(config.holidaysDir);
    if (!config.city.empty() && !calendar.knowsCity(config.city)) {
      std::cerr << config.file.string() << ": calendar.city " << config.city << " não está em "
                << config.holidaysDir.string() << "; acrescente-a a um arquivo de feriados\n";
      return std::nullopt;
    }
    return calendar;
  } catch (const config::ConfigError& e) {
    std::cerr << e.what() << "\n";
    return std::nullopt;
  }
}

}  // namespace regua::app
