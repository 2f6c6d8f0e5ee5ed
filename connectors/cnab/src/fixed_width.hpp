// One line of a fixed-width bank file (CNAB), read by the 1-based column ranges the bank's
// manual gives. Every read that fails says where: file, line, column, field, and what the
// office can do about it.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include <regua/value.hpp>

namespace regua::cnab {

// A file the connector cannot read; the message is pt-BR, one line, "FILE:LINE:COL: ...".
class CnabError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class FixedRecord {
 public:
  // Files in the wild lose their trailing spaces (an editor, a mail gateway): a short
  // line is padded to `width`; a longer one is an error.
  FixedRecord(std::string_view file, int lineNumber, std::string_view line, std::size_t width)
      : file_(file), lineNumber_(lineNumber), line_(line) {
    if (!line_.empty() && line_.back() == '\r') line_.pop_back();
    if (line_.size() > width) {
      fail(static_cast<int>(width) + 1, "linha com " + std::to_string(line_.size()) + " caracteres, o layout tem " +
                                            std::to_string(width) + "; confira se o arquivo é desse layout");
    }
    line_.resize(width, ' ');
  }

  int lineNumber() const { return lineNumber_; }
  std::string_view text(int from, int to) const {
    return std::string_view(line_).substr(static_cast<std::size_t>(from - 1), static_cast<std::size_t>(to - from + 1));
  }
  std::string trimmed(int from, int to) const {
    const auto raw = text(from, to);
    const auto first = raw.find_first_not_of(' ');
    if (first == std::string_view::npos) return "";
    return std::string(raw.substr(first, raw.find_last_not_of(' ') - first + 1));
  }
  // Digits only (a blank field reads as 0: banks leave optional numbers blank).
  std::int64_t number(int from, int to, std::string_view field) const {
    const auto raw = text(from, to);
    if (raw.find_first_not_of(' ') == std::string_view::npos) return 0;
    std::int64_t value = 0;
    for (std::size_t i = 0; i < raw.size(); ++i) {
      if (raw[i] < '0' || raw[i] > '9') {
        fail(from + static_cast<int>(i), std::string(field) + " (colunas " + std::to_string(from) + "-" +
                                             std::to_string(to) + ") deveria ter só algarismos e tem '" +
                                             std::string(raw) + "'");
      }
      value = value * 10 + (raw[i] - '0');
    }
    return value;
  }
  // An amount with two implied decimals, as every CNAB value field is.
  Money money(int from, int to, std::string_view field) const { return Money::fromCentavos(number(from, to, field)); }
  // DDMMAAAA; all zeros or blank is "no date".
  std::optional<Date> date(int from, int to, std::string_view field) const {
    const auto days = number(from, to, field);
    if (days == 0) return std::nullopt;
    const auto raw = text(from, to);
    const auto parsed = Date::tryFromYmd(static_cast<int>(number(from + 4, to, field)),
                                         static_cast<unsigned>(number(from + 2, from + 3, field)),
                                         static_cast<unsigned>(number(from, from + 1, field)));
    if (!parsed) {
      fail(from, std::string(field) + " (colunas " + std::to_string(from) + "-" + std::to_string(to) + ") '" +
                     std::string(raw) + "' não é uma data DDMMAAAA que existe");
    }
    return parsed;
  }

  // DDMMAA, as CNAB 400 writes dates: years 00-69 are 20xx, 70-99 are 19xx.
  std::optional<Date> shortDate(int from, int to, std::string_view field) const {
    if (number(from, to, field) == 0) return std::nullopt;
    const auto yy = static_cast<int>(number(from + 4, to, field));
    const auto parsed = Date::tryFromYmd(yy < 70 ? 2000 + yy : 1900 + yy, static_cast<unsigned>(number(from + 2, from + 3, field)),
                                         static_cast<unsigned>(number(from, from + 1, field)));
    if (!parsed) {
      fail(from, std::string(field) + " (colunas " + std::to_string(from) + "-" + std::to_string(to) + ") '" +
                     std::string(text(from, to)) + "' não é uma data DDMMAA que existe");
    }
    return parsed;
  }

  [[noreturn]] void fail(int column, const std::string& what) const {
    throw CnabError(std::string(file_) + ":" + std::to_string(lineNumber_) + ":" + std::to_string(column) + ": " + what);
  }

 private:
  std::string_view file_;
  int lineNumber_;
  std::string line_;
};

// Calls take(const FixedRecord&) for each record of `text` (CRLF or LF; blank lines, as a
// last empty line, are skipped). Returns the number of the last record's line, 0 for none.
template <class Take>
int forEachRecord(std::string_view text, std::string_view file, std::size_t width, Take take) {
  int lineNumber = 0, last = 0;
  for (std::size_t at = 0; at < text.size();) {
    auto end = text.find('\n', at);
    if (end == std::string_view::npos) end = text.size();
    const auto line = text.substr(at, end - at);
    at = end + 1;
    ++lineNumber;
    if (line.find_first_not_of(" \r") == std::string_view::npos) continue;
    last = lineNumber;
    take(FixedRecord(file, lineNumber, line, width));
  }
  return last;
}

}  // namespace regua::cnab
