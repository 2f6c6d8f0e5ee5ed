#include "app/cli_values.hpp"

#include <array>
#include <iostream>
#include <string>

#include <regua/utf8.hpp>

#include "app/cli.hpp"
#include "services/collection_service.hpp"

namespace regua::app {

std::optional<Date> parseUserDate(std::string_view text) { return Date::parse(text); }

std::optional<Date> asOfOrReport(const Invocation& invocation) {
  return dateOrReport(invocation, "--as-of", services::localNow().day);  // the office's today (its time zone is set)
}

std::optional<Date> dateOrReport(const Invocation& invocation, const std::string& name, Date fallback) {
  const auto text = invocation.option(name);
  if (!text) return fallback;
  auto date = parseUserDate(*text);
  if (!date) std::cerr << "regua: data inválida em " << name << " '" << *text << "'; use AAAA-MM-DD ou DD/MM/AAAA\n";
  return date;
}

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
