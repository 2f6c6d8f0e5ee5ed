// Cutting UTF-8 text without splitting a character: for names in fixed-width columns,
// excerpts of bad input in messages and fields with a length limit. Counts code points,
// which is what a person sees for the Latin text offices write.
#ifndef REGUA_UTF8_HPP
#define REGUA_UTF8_HPP

#include <cstddef>
#include <string_view>

namespace regua::utf8 {

inline bool isContinuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// How many characters `text` holds.
inline std::size_t length(std::string_view text) {
  std::size_t chars = 0;
  for (char c : text) chars += !isContinuation(c);
  return chars;
}

// The first `maxChars` characters of `text` (all of it when shorter).
inline std::string_view prefix(std::string_view text, std::size_t maxChars) {
  std::size_t chars = 0;
  for (std::size_t at = 0; at < text.size(); ++at) {
    if (!isContinuation(text[at]) && chars++ == maxChars) return text.substr(0, at);
  }
  return text;
}

// The bytes [at, at + count) of `text`, widened to whole characters at both ends.
inline std::string_view excerpt(std::string_view text, std::size_t at, std::size_t count) {
  if (at > text.size()) at = text.size();
  std::size_t end = at + count < text.size() ? at + count : text.size();
  while (at > 0 && isContinuation(text[at])) --at;
  while (end < text.size() && isContinuation(text[end])) ++end;
  return text.substr(at, end - at);
}

// The 1-based character position of byte `at`, as a person counts along the text.
inline std::size_t column(std::string_view text, std::size_t at) {
  return length(text.substr(0, at < text.size() ? at : text.size())) + 1;
}

}  // namespace regua::utf8

#endif  // REGUA_UTF8_HPP
