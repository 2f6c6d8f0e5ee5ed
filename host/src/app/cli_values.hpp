// Parsing what users type on the command line into domain values.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <regua/value.hpp>

namespace regua::app {

// "2026-01-25" or "25/01/2026"; nothing for anything else or a day that does not exist.
std::optional<Date> parseUserDate(std::string_view text);

// --as-of DATE, or the office's today; nothing (after saying why on stderr) for a bad date.
std::optional<Date> asOfOrReport(const struct Invocation& invocation);
// The date option `name` (AAAA-MM-DD or DD/MM/AAAA), `fallback` when absent; nothing,
// after telling stderr, when it is not a date.
std::optional<Date> dateOrReport(const struct Invocation& invocation, const std::string& name, Date fallback);

// Pads to `width` columns counting UTF-8 characters, not bytes ("VERSÃO" is 6 wide);
// text as wide as the column or wider gets one space.
std::string column(std::string_view text, std::size_t width);

// "segunda-feira", ... for a date.
std::string_view weekdayName(Date date);

}  // namespace regua::app
