#include "app/cli_values.hpp"

#include <array>
#include <string>

#include <regua/utf8.hpp>

namespace regua::app {

std::optional<Date> parseUserDate(std::string_view text) { return Date::parse(text); }

std::string column(std::string_view text, std::size_t width) {
  const std::size_t chars = utf8::length(text);
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
