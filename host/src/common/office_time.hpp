// The office's time zone, for the whole process: "today" when no date is given, sending
// windows, run_at, and every time a person reads (history, logs) follow it, whatever
// zone the server itself runs in. Zones come from the system's tz database (tzdata).
#pragma once

#include <string>

#include "common/utc_time.hpp"

namespace regua {

inline constexpr const char* kDefaultTimeZone = "America/Sao_Paulo";

// True when the tz database has `name` ("America/Sao_Paulo", "America/Manaus", "UTC").
bool knownTimeZone(const std::string& name);

// Makes `name` the zone of local time for this process (localtime, log timestamps).
// Call it before any thread starts: it sets TZ.
void useTimeZone(const std::string& name);

// "30/11/2026 20:20": an instant as people in the office read it.
std::string formatLocal(UtcTime time);

}  // namespace regua
