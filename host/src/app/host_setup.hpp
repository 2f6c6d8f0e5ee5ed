// What every subcommand loads before it works: regua.yaml and the business calendar.
// Each prints its own diagnostics and returns nothing on failure.
#pragma once

#include <optional>

#include "app/cli.hpp"
#include "calendar/business_calendar.hpp"
#include "config/host_config.hpp"

namespace regua::app {

// regua.yaml from --config (or the default path). When `optional` and the default
// file does not exist, built-in defaults are used instead of failing.
std::optional<config::HostConfig> loadConfigOrReport(const Invocation& invocation, bool optional);

// Sets the process's clock to the office's time zone (regua.yaml's `timezone`, else
// America/Sao_Paulo) before any command reads "today". A configuration that does not
// load leaves the default; the command itself reports what is wrong with it.
void useOfficeTimeZone(const Invocation& invocation);

// Makes `city` (an IBGE code) known to `calendar`: listed in the holiday files, or any
// municipality by its state (a warning when the files have nothing for that state).
// False when it is no municipality code.
bool adoptOrReport(calendar::BusinessCalendar& calendar, const std::string& city, const std::filesystem::path& holidaysDir);

// The national calendar plus config.holidaysDir.
std::optional<calendar::BusinessCalendar> loadCalendarOrReport(const config::HostConfig& config);

}  // namespace regua::app
