// config/holidays/*.yaml -> the typed state and city holiday rules the business
// calendar is built from.
#pragma once

#include <filesystem>

#include "calendar/business_calendar.hpp"

namespace regua::config {

// Every *.yaml (or *.yml) in `dir`, in name order; a missing directory means none.
// Throws ConfigError listing every problem with file:line:column.
calendar::LocalHolidays readHolidayFiles(const std::filesystem::path& dir);

// The national calendar plus the holidays of `dir`.
calendar::BusinessCalendar loadCalendar(const std::filesystem::path& dir);

}  // namespace regua::config
