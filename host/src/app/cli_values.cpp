#include "app/cli_values.hpp"

#include <array>
#include <string>

namespace regua::app {

std::optional<Date> parseUserDate(std::string_view text) { return Date::parse(text); }

std::string column(std::string_view text, std::size_t width) {
  std::size_t chars = 0;
  for (unsigned char c : text) chars += (c & 0xC0) != 0x80;
  std::string out(text);
  out.append(chars >= width ? 1 : width - chars, ' ');
  return out;
}

std::string_view weekdayName(Date date) {
  static constexpr std::array<std::string_view, 7> kNames{"domingo", "segunda-feira", "terça-feira", "quarta-feira",
                                                          "quinta-feira", "sexta-feira", "sábado"};
  return kNames[date.weekday()];
}

}  // namespace regua::app
