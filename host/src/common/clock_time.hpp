// "HH:MM" times of day, as regua.yaml, policies and the CLI write them.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace regua {

// Minutes after midnight for "HH:MM" (00:00 to 24:00); nothing for anything else.
inline std::optional<int> parseClockMinutes(std::string_view text) {
  if (text.size() != 5 || text[2] != ':') return std::nullopt;
  for (std::size_t i : {0u, 1u, 3u, 4u}) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
  }
  const int hours = (text[0] - '0') * 10 + (text[1] - '0'), minutes = (text[3] - '0') * 10 + (text[4] - '0');
  if (hours > 24 || minutes > 59 || (hours == 24 && minutes != 0)) return std::nullopt;
  return hours * 60 + minutes;
}

// The other way: "07:05" for 425 (and "24:00" for 1440, a window's end).
inline std::string clockText(int minuteOfDay) {
  const int hours = minuteOfDay / 60, minutes = minuteOfDay % 60;
  return std::string{static_cast<char>('0' + hours / 10), static_cast<char>('0' + hours % 10), ':',
                     static_cast<char>('0' + minutes / 10), static_cast<char>('0' + minutes % 10)};
}

}  // namespace regua
