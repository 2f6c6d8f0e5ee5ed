// Value types shared by plugins and the host: Money (integer centavos) and Date
// (a calendar day). Header-only; both convert to and from the C ABI's plain integers
// only through named functions, so `Money + int` or `Money * 1.5` do not compile.
#ifndef REGUA_VALUE_HPP
#define REGUA_VALUE_HPP

#include <chrono>
#include <compare>
#include <concepts>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "regua/plugin_api.h"

namespace regua {

// Which convention an amount written as text follows. The caller names it: the same
// characters are different amounts in a BR Code and in what a person typed.
enum class MoneyFormat {
  // EMV field 54 of a PIX BR Code: digits, then optionally '.' and one or two decimals
  // ("1234.5", "0.10"). No grouping, no sign: "1.000" is three decimals, so invalid.
  kBrCode,
  // What people, YAML files and spreadsheet exports write, pt-BR or not: "1.234,56",
  // "1234,56", "1234.56", "1,234.56", "1.234.567", "R$ 0,05", a leading '-'. The last
  // '.' or ',' before one or two digits is the decimal separator; any other separator
  // groups thousands in threes. Ambiguous text is refused: one separator before exactly
  // three digits ("1.234", "10.500": mil or 1,234?) and groups headed by 0 ("0.001").
  kText,
};

// An amount of Brazilian reais in centavos. Arithmetic is exact; overflow is not
// checked (int64 centavos covers ±92 quadrillion reais).
class Money {
 public:
  constexpr Money() = default;
  static constexpr Money fromCentavos(std::int64_t centavos) { return Money(centavos); }
  static constexpr Money fromAbi(regua_money value) { return Money(value); }

  constexpr std::int64_t centavos() const { return centavos_; }
  constexpr regua_money toAbi() const { return centavos_; }

  constexpr Money operator+(Money other) const { return Money(centavos_ + other.centavos_); }
  constexpr Money operator-(Money other) const { return Money(centavos_ - other.centavos_); }
  constexpr Money operator-() const { return Money(-centavos_); }
  constexpr Money& operator+=(Money other) { centavos_ += other.centavos_; return *this; }
  constexpr Money& operator-=(Money other) { centavos_ -= other.centavos_; return *this; }
  // Scaling by a count (installments, items). Only integers: a double is refused.
  template <std::integral Count>
  constexpr Money operator*(Count count) const {
    return Money(centavos_ * static_cast<std::int64_t>(count));
  }
  constexpr auto operator<=>(const Money&) const = default;

  // Amounts as text, in the convention `format` names (see MoneyFormat). Nothing for
  // text that is not an amount in it, or that it leaves ambiguous.
  static std::optional<Money> parse(std::string_view text, MoneyFormat format) {
    return format == MoneyFormat::kBrCode ? parseBrCode(text) : parseText(text);
  }

  // "R$ 1.234,56" / "-R$ 0,05": how offices and their clients read amounts.
  std::string toBrl() const {
    const bool negative = centavos_ < 0;
    // Work on the magnitude as unsigned so INT64_MIN does not overflow.
    std::uint64_t magnitude = negative ? 0 - static_cast<std::uint64_t>(centavos_)
                                       : static_cast<std::uint64_t>(centavos_);
    std::string reais = std::to_string(magnitude / 100);
    std::string grouped;
    for (std::size_t i = 0; i < reais.size(); ++i) {
      if (i > 0 && (reais.size() - i) % 3 == 0) grouped += '.';
      grouped += reais[i];
    }
    const auto cents = static_cast<unsigned>(magnitude % 100);
    std::string out = negative ? "-R$ " : "R$ ";
    out += grouped;
    out += ',';
    out += static_cast<char>('0' + cents / 10);
    out += static_cast<char>('0' + cents % 10);
    return out;
  }

 private:
  constexpr explicit Money(std::int64_t centavos) : centavos_(centavos) {}

  // Accumulates one decimal digit into `value`; false when the result would not fit.
  static bool addDigit(std::int64_t& value, char c) {
    if (c < '0' || c > '9' || value > (INT64_MAX / 100 - 9) / 10) return false;
    value = value * 10 + (c - '0');
    return true;
  }

  // Two-digit centavos from "5" or "05"/"50"; nothing for anything else.
  static std::optional<std::int64_t> centavosOf(std::string_view fraction) {
    if (fraction.size() > 2) return std::nullopt;
    std::int64_t cents = 0;
    for (std::size_t i = 0; i < 2; ++i) {
      const char c = i < fraction.size() ? fraction[i] : '0';
      if (c < '0' || c > '9') return std::nullopt;
      cents = cents * 10 + (c - '0');
    }
    return cents;
  }

  static std::optional<Money> parseBrCode(std::string_view text) {
    const auto dot = text.find('.');
    const std::string_view whole = text.substr(0, dot);
    const std::string_view fraction = dot == std::string_view::npos ? std::string_view() : text.substr(dot + 1);
    if (whole.empty() || (dot != std::string_view::npos && fraction.empty())) return std::nullopt;
    std::int64_t reais = 0;
    for (char c : whole) {
      if (!addDigit(reais, c)) return std::nullopt;
    }
    const auto cents = centavosOf(fraction);
    if (!cents) return std::nullopt;
    return Money(reais * 100 + *cents);
  }

  static std::optional<Money> parseText(std::string_view text) {
    auto trim = [](std::string_view t) {
      while (!t.empty() && (t.front() == ' ' || t.front() == '\t')) t.remove_prefix(1);
      while (!t.empty() && (t.back() == ' ' || t.back() == '\t')) t.remove_suffix(1);
      return t;
    };
    text = trim(text);
    const bool negative = !text.empty() && text.front() == '-';
    if (negative) text = trim(text.substr(1));
    if (text.substr(0, 2) == "R$") text = trim(text.substr(2));
    if (text.empty()) return std::nullopt;
    std::string_view whole = text, fraction;
    const auto last = text.find_last_of(".,");
    if (last != std::string_view::npos && text.size() - last - 1 >= 1 && text.size() - last - 1 <= 2) {
      whole = text.substr(0, last);
      fraction = text.substr(last + 1);
    }
    // The whole part: plain digits, or groups of three after a 1-3 digit head that is
    // not 0, all separated by the one character that is not the decimal separator.
    const char decimal = fraction.empty() ? '\0' : text[last];
    std::int64_t reais = 0;
    std::size_t digitsInGroup = 0, groups = 0;
    char groupSeparator = '\0';
    if (whole.empty()) return std::nullopt;
    for (char c : whole) {
      if (c >= '0' && c <= '9') {
        if (!addDigit(reais, c)) return std::nullopt;
        ++digitsInGroup;
        continue;
      }
      if ((c != '.' && c != ',') || c == decimal || (groupSeparator != '\0' && c != groupSeparator)) return std::nullopt;
      if (digitsInGroup == 0 || digitsInGroup > 3 || (groups > 0 && digitsInGroup != 3)) return std::nullopt;
      if (groups == 0 && reais == 0) return std::nullopt;  // "0.001": no thousands group starts with 0
      groupSeparator = c;
      digitsInGroup = 0;
      ++groups;
    }
    if (digitsInGroup == 0 || (groups > 0 && digitsInGroup != 3)) return std::nullopt;
    // One separator before three digits and nothing else ("1.234", "10,500") is a
    // thousands group in one convention and three decimals in the other: not guessed.
    if (groups == 1 && fraction.empty()) return std::nullopt;
    const auto cents = centavosOf(fraction);
    if (!cents) return std::nullopt;
    const std::int64_t total = reais * 100 + *cents;
    return Money(negative ? -total : total);
  }

  std::int64_t centavos_ = 0;
};

// A calendar date (no time, no time zone), stored as days since 1970-01-01 like the ABI.
class Date {
 public:
  constexpr Date() = default;
  static constexpr Date fromAbi(regua_date days) { return Date(days); }
  static constexpr Date fromDaysSinceEpoch(std::int32_t days) { return Date(days); }

  // Throws std::invalid_argument for a day that does not exist (2026-02-29).
  static Date fromYmd(int year, unsigned month, unsigned day) {
    auto parsed = tryFromYmd(year, month, day);
    if (!parsed) {
      throw std::invalid_argument("data inexistente: " + std::to_string(year) + "-" +
                                  std::to_string(month) + "-" + std::to_string(day));
    }
    return *parsed;
  }
  static std::optional<Date> tryFromYmd(int year, unsigned month, unsigned day) {
    const std::chrono::year_month_day ymd{std::chrono::year{year}, std::chrono::month{month},
                                          std::chrono::day{day}};
    if (!ymd.ok()) return std::nullopt;
    return Date(static_cast<std::int32_t>(std::chrono::sys_days{ymd}.time_since_epoch().count()));
  }
  // Accepts exactly "AAAA-MM-DD" with an existing day.
  static std::optional<Date> parseIso(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
    int year = 0;
    unsigned month = 0, day = 0;
    if (!parseDigits(text.substr(0, 4), year) || !parseDigits(text.substr(5, 2), month) ||
        !parseDigits(text.substr(8, 2), day)) {
      return std::nullopt;
    }
    return tryFromYmd(year, month, day);
  }

  // "AAAA-MM-DD" or "DD/MM/AAAA", the two ways dates reach Régua; nothing otherwise.
  static std::optional<Date> parse(std::string_view text) {
    if (auto iso = parseIso(text)) return iso;
    if (text.size() != 10 || text[2] != '/' || text[5] != '/') return std::nullopt;
    int year = 0;
    unsigned month = 0, day = 0;
    if (!parseDigits(text.substr(6, 4), year) || !parseDigits(text.substr(3, 2), month) ||
        !parseDigits(text.substr(0, 2), day)) {
      return std::nullopt;
    }
    return tryFromYmd(year, month, day);
  }

  constexpr std::int32_t daysSinceEpoch() const { return days_; }
  constexpr regua_date toAbi() const { return days_; }

  int year() const { return static_cast<int>(ymd().year()); }
  unsigned month() const { return static_cast<unsigned>(ymd().month()); }
  unsigned day() const { return static_cast<unsigned>(ymd().day()); }
  // 0 = Sunday ... 6 = Saturday.
  unsigned weekday() const {
    return std::chrono::weekday{std::chrono::sys_days{std::chrono::days{days_}}}.c_encoding();
  }

  constexpr Date plusDays(std::int32_t days) const { return Date(days_ + days); }
  // Calendar days from other to this (positive when this is later).
  constexpr std::int32_t operator-(Date other) const { return days_ - other.days_; }
  constexpr auto operator<=>(const Date&) const = default;

  std::string iso() const { return format('-', true); }  // 2026-01-25
  std::string br() const { return format('/', false); }  // 25/01/2026

 private:
  constexpr explicit Date(std::int32_t days) : days_(days) {}

  std::chrono::year_month_day ymd() const {
    return std::chrono::year_month_day{std::chrono::sys_days{std::chrono::days{days_}}};
  }
  // Formats into a fixed buffer: reports and dry runs print millions of dates.
  std::string format(char separator, bool yearFirst) const {
    const auto date = ymd();
    int y = static_cast<int>(date.year());
    if (y < 0 || y > 9999) return std::to_string(y) + separator + std::to_string(static_cast<unsigned>(date.month())) +
                                  separator + std::to_string(static_cast<unsigned>(date.day()));
    char text[10];
    char* const yyyy = yearFirst ? text : text + 6;
    for (int i = 3; i >= 0; --i, y /= 10) yyyy[i] = static_cast<char>('0' + y % 10);
    auto two = [](char* at, unsigned v) {
      at[0] = static_cast<char>('0' + v / 10);
      at[1] = static_cast<char>('0' + v % 10);
    };
    const unsigned m = static_cast<unsigned>(date.month()), d = static_cast<unsigned>(date.day());
    if (yearFirst) {
      two(text + 5, m);
      two(text + 8, d);
      text[4] = text[7] = separator;
    } else {
      two(text, d);
      two(text + 3, m);
      text[2] = text[5] = separator;
    }
    return std::string(text, sizeof text);
  }
  template <class Int>
  static bool parseDigits(std::string_view digits, Int& out) {
    Int value = 0;
    for (char c : digits) {
      if (c < '0' || c > '9') return false;
      value = static_cast<Int>(value * 10 + static_cast<Int>(c - '0'));
    }
    out = value;
    return true;
  }

  std::int32_t days_ = 0;
};

// Views a regua_str as a string_view and back. The view does not own the bytes.
inline std::string_view view(regua_str s) {
  return s.size == 0 ? std::string_view{} : std::string_view{s.data, s.size};
}
inline regua_str abiStr(std::string_view s) { return regua_str{s.data(), s.size()}; }

}  // namespace regua

#endif  // REGUA_VALUE_HPP
