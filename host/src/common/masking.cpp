#include "common/masking.hpp"

#include <algorithm>
#include <regex>

namespace regua {

namespace {

// Replaces every match of `pattern` in `text` with what `mask` makes of it.
template <class Mask>
std::string replaceAll(const std::string& text, const std::regex& pattern, Mask mask) {
  std::string out;
  auto last = text.cbegin();
  for (std::sregex_iterator it(text.begin(), text.end(), pattern), end; it != end; ++it) {
    out.append(last, (*it)[0].first);
    out += mask(*it);
    last = (*it)[0].second;
  }
  out.append(last, text.cend());
  return out;
}

// Stars every digit of `s` except those whose digit index lies in [keepFrom, keepTo).
std::string starDigits(const std::string& s, int keepFrom, int keepTo) {
  std::string out = s;
  int digit = 0;
  for (char& c : out) {
    if (c < '0' || c > '9') continue;
    if (digit < keepFrom || digit >= keepTo) c = '*';
    ++digit;
  }
  return out;
}

// Digits in the longest run of digits joined only by the separators CPFs and phones
// use ("123.456.789-09", "(11) 98765-4321").
int longestDigitRun(const std::string& text) {
  int longest = 0, current = 0;
  for (char c : text) {
    if (c >= '0' && c <= '9') {
      longest = std::max(longest, ++current);
    } else if (c != '.' && c != '-' && c != ' ' && c != '(' && c != ')') {
      current = 0;
    }
  }
  return longest;
}

}  // namespace

std::string maskPersonalData(std::string_view input) {
  static const std::regex email(R"(([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+))");
  // CPF with or without punctuation: keep the middle six digits (the usual LGPD mask).
  static const std::regex cpf(R"(\b\d{3}\.?\d{3}\.?\d{3}-?\d{2}\b)");
  // Brazilian phones: optional +55, optional (DDD), 8 or 9 digits; keep the last four.
  // The number must start on a word boundary, so long codes (a boleto line) are left alone.
  static const std::regex phone(R"((\+55\s*)?(\(\d{2}\)\s*|\b\d{2}\s+)?\b9?\d{4}[-\s]?\d{4}\b)");

  std::string text(input);
  if (text.find('@') != std::string::npos) {
    text = replaceAll(text, email, [](const std::smatch& m) { return m[1].str() + "***@" + m[2].str(); });
  }
  if (longestDigitRun(text) < 8) return text;  // no CPF or phone can hide in shorter runs
  text = replaceAll(text, cpf, [](const std::smatch& m) { return starDigits(m[0].str(), 3, 9); });
  text = replaceAll(text, phone, [](const std::smatch& m) {
    const std::string s = m[0].str();
    int digits = 0;
    for (char c : s) digits += (c >= '0' && c <= '9');
    return starDigits(s, digits - 4, digits);
  });
  return text;
}

}  // namespace regua
