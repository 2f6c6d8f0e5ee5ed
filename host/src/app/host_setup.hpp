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

// The national calendar plus config.holidaysDir.
std::optional<calendar::BusinessCalendar> loadCalendarOrReport(const config::HostConfig& config);

}  // namespace regua::app
