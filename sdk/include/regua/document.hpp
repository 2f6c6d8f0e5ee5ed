// CPF and CNPJ: parsing, check digits, formatting — for the host and for plugins (a PIX
// key may be a CPF or CNPJ). The CNPJ may be alphanumeric (IN RFB 2.229/2024): its first
// 12 characters are 0-9 or A-Z, each worth ASCII - 48 in the check-digit sums; the two
// check digits stay numeric. Header-only.
#ifndef REGUA_DOCUMENT_HPP
#define REGUA_DOCUMENT_HPP

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "regua/utf8.hpp"

namespace regua {

class Document {
 public:
  enum class Type { kCpf, kCnpj };

  // Parses "123.456.789-09", "12345678909", "12.ABC.345/01DE-35" (lower case accepted).
  // On failure returns nothing and, if `why` is given, sets it to a pt-BR reason.
  static std::optional<Document> parse(std::string_view text, std::string* why = nullptr);

  Type type() const { return type_; }
  bool isPerson() const { return type_ == Type::kCpf; }  // a natural person: consumer rules apply
  // Digits (and CNPJ letters) only, upper case: how the store keeps it.
  const std::string& normalized() const { return normalized_; }
  // "123.456.789-09" / "12.ABC.345/01DE-35".
  std::string formatted() const;
  // For logs and messages: a CPF keeps only its middle digits ("***.456.789-**");
  // a CNPJ is company data and stays whole.
  std::string masked() const;
  std::string_view typeName() const { return type_ == Type::kCpf ? "CPF" : "CNPJ"; }

  bool operator==(const Document&) const = default;

 private:
  Document(Type type, std::string normalized) : type_(type), normalized_(std::move(normalized)) {}
  Type type_;
  std::string normalized_;
};

// Appends the two check digits: a valid CPF from 9 digits, a valid CNPJ from 12
// characters (for generated demo data and tests).
// The first valid CPF or CNPJ (numeric) written in free text — a bank statement's memo,
// the notes of an accounting system's customer — with or without punctuation.
inline std::optional<Document> findDocument(std::string_view text);

inline std::string completeCpf(std::string_view nineDigits);
inline std::string completeCnpj(std::string_view twelveChars);

namespace detail {

// Mod-11 check digit over `chars` with `weights`, each character worth ASCII - 48
// (so '0'..'9' are 0..9 and 'A' is 17): the rule shared by CPF and both CNPJ forms.
template <std::size_t N>
int checkDigit(std::string_view chars, const std::array<int, N>& weights) {
  int sum = 0;
  for (std::size_t i = 0; i < N; ++i) sum += (chars[i] - '0') * weights[i];
  const int remainder = sum % 11;
  return remainder < 2 ? 0 : 11 - remainder;
}

constexpr std::array<int, 9> kCpfFirst{10, 9, 8, 7, 6, 5, 4, 3, 2};
constexpr std::array<int, 10> kCpfSecond{11, 10, 9, 8, 7, 6, 5, 4, 3, 2};
constexpr std::array<int, 12> kCnpjFirst{5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2};
constexpr std::array<int, 13> kCnpjSecond{6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2};

inline bool isDigit(char c) { return c >= '0' && c <= '9'; }
inline bool isUpper(char c) { return c >= 'A' && c <= 'Z'; }

inline bool fail(std::string* why, std::string reason) {
  if (why != nullptr) *why = std::move(reason);
  return false;
}

inline bool checkDigitsMatch(int first, int second, std::string_view given, std::string* why) {
  const std::string expected{static_cast<char>('0' + first), static_cast<char>('0' + second)};
  if (given == expected) return true;
  return fail(why, "dígitos verificadores não conferem: esperado " + expected + ", veio " + std::string(given));
}

}  // namespace detail

inline std::string completeCpf(std::string_view nineDigits) {
  std::string out(nineDigits);
  out += static_cast<char>('0' + detail::checkDigit(out, detail::kCpfFirst));
  out += static_cast<char>('0' + detail::checkDigit(out, detail::kCpfSecond));
  return out;
}

inline std::string completeCnpj(std::string_view twelveChars) {
  std::string out(twelveChars);
  out += static_cast<char>('0' + detail::checkDigit(out, detail::kCnpjFirst));
  out += static_cast<char>('0' + detail::checkDigit(out, detail::kCnpjSecond));
  return out;
}

inline std::optional<Document> Document::parse(std::string_view text, std::string* why) {
  std::string chars;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '.' || c == '-' || c == '/' || c == ' ') continue;
    const char upper = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
    if (!detail::isDigit(upper) && !detail::isUpper(upper)) {
      detail::fail(why, "caractere inválido '" + std::string(utf8::excerpt(text, i, 1)) + "' na posição " +
                            std::to_string(utf8::column(text, i)) + "; use dígitos, letras (CNPJ alfanumérico) e . - /");
      return std::nullopt;
    }
    chars += upper;
  }
  if (chars.empty()) {
    detail::fail(why, "documento vazio");
    return std::nullopt;
  }
  const bool allSame = std::all_of(chars.begin(), chars.end(), [&](char c) { return c == chars[0]; });

  if (chars.size() == 11) {
    if (!std::all_of(chars.begin(), chars.end(), detail::isDigit)) {
      detail::fail(why, "CPF só tem dígitos; letras só existem no CNPJ alfanumérico (14 caracteres)");
      return std::nullopt;
    }
    if (allSame) {
      detail::fail(why, "CPF com todos os dígitos iguais não existe");
      return std::nullopt;
    }
    const int first = detail::checkDigit(chars, detail::kCpfFirst);
    const int second = detail::checkDigit(chars.substr(0, 9) + static_cast<char>('0' + first), detail::kCpfSecond);
    if (!detail::checkDigitsMatch(first, second, std::string_view(chars).substr(9), why)) return std::nullopt;
    return Document(Type::kCpf, chars);
  }
  if (chars.size() == 14) {
    if (!detail::isDigit(chars[12]) || !detail::isDigit(chars[13])) {
      detail::fail(why, "os dois dígitos verificadores do CNPJ são numéricos");
      return std::nullopt;
    }
    if (std::all_of(chars.begin(), chars.begin() + 12, [&](char c) { return c == chars[0]; })) {
      detail::fail(why, "CNPJ com a raiz e a ordem formadas por um só caractere repetido não existe");
      return std::nullopt;
    }
    const int first = detail::checkDigit(chars, detail::kCnpjFirst);
    const int second = detail::checkDigit(chars.substr(0, 12) + static_cast<char>('0' + first), detail::kCnpjSecond);
    if (!detail::checkDigitsMatch(first, second, std::string_view(chars).substr(12), why)) return std::nullopt;
    return Document(Type::kCnpj, chars);
  }
  detail::fail(why, "tem " + std::to_string(chars.size()) +
                " caracteres; um CPF tem 11 dígitos e um CNPJ tem 14 caracteres (sem contar . - /)");
  return std::nullopt;
}

inline std::optional<Document> findDocument(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    if (!detail::isDigit(text[i])) {
      ++i;
      continue;
    }
    std::size_t j = i, digits = 0;
    for (; j < text.size() && (detail::isDigit(text[j]) || text[j] == '.' || text[j] == '-' || text[j] == '/'); ++j) {
      digits += detail::isDigit(text[j]);
    }
    if (digits == 11 || digits == 14) {
      if (auto found = Document::parse(text.substr(i, j - i))) return found;
    }
    i = j;
  }
  return std::nullopt;
}

inline std::string Document::formatted() const {
  const std::string& n = normalized_;
  if (type_ == Type::kCpf) return n.substr(0, 3) + "." + n.substr(3, 3) + "." + n.substr(6, 3) + "-" + n.substr(9);
  return n.substr(0, 2) + "." + n.substr(2, 3) + "." + n.substr(5, 3) + "/" + n.substr(8, 4) + "-" + n.substr(12);
}

inline std::string Document::masked() const {
  if (type_ == Type::kCnpj) return formatted();
  return "***." + normalized_.substr(3, 3) + "." + normalized_.substr(6, 3) + "-**";
}

}  // namespace regua

#endif  // REGUA_DOCUMENT_HPP
