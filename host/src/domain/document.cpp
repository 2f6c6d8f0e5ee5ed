#include "domain/document.hpp"

#include <algorithm>
#include <array>

namespace regua::domain {

std::string_view toString(PartyKind kind) { return kind == PartyKind::kPerson ? "person" : "company"; }

namespace {

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

bool isDigit(char c) { return c >= '0' && c <= '9'; }
bool isUpper(char c) { return c >= 'A' && c <= 'Z'; }

bool fail(std::string* why, std::string reason) {
  if (why != nullptr) *why = std::move(reason);
  return false;
}

bool checkDigitsMatch(int first, int second, std::string_view given, std::string* why) {
  const std::string expected{static_cast<char>('0' + first), static_cast<char>('0' + second)};
  if (given == expected) return true;
  return fail(why, "dígitos verificadores não conferem: esperado " + expected + ", veio " + std::string(given));
}

}  // namespace

std::string completeCpf(std::string_view nineDigits) {
  std::string out(nineDigits);
  out += static_cast<char>('0' + checkDigit(out, kCpfFirst));
  out += static_cast<char>('0' + checkDigit(out, kCpfSecond));
  return out;
}

std::string completeCnpj(std::string_view twelveChars) {
  std::string out(twelveChars);
  out += static_cast<char>('0' + checkDigit(out, kCnpjFirst));
  out += static_cast<char>('0' + checkDigit(out, kCnpjSecond));
  return out;
}

std::optional<Document> Document::parse(std::string_view text, std::string* why) {
  std::string chars;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '.' || c == '-' || c == '/' || c == ' ') continue;
    const char upper = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
    if (!isDigit(upper) && !isUpper(upper)) {
      fail(why, "caractere inválido '" + std::string(1, c) + "' na posição " + std::to_string(i + 1) +
                    "; use dígitos, letras (CNPJ alfanumérico) e . - /");
      return std::nullopt;
    }
    chars += upper;
  }
  if (chars.empty()) {
    fail(why, "documento vazio");
    return std::nullopt;
  }
  const bool allSame = std::all_of(chars.begin(), chars.end(), [&](char c) { return c == chars[0]; });

  if (chars.size() == 11) {
    if (!std::all_of(chars.begin(), chars.end(), isDigit)) {
      fail(why, "CPF só tem dígitos; letras só existem no CNPJ alfanumérico (14 caracteres)");
      return std::nullopt;
    }
    if (allSame) {
      fail(why, "CPF com todos os dígitos iguais não existe");
      return std::nullopt;
    }
    const int first = checkDigit(chars, kCpfFirst);
    const int second = checkDigit(chars.substr(0, 9) + static_cast<char>('0' + first), kCpfSecond);
    if (!checkDigitsMatch(first, second, std::string_view(chars).substr(9), why)) return std::nullopt;
    return Document(Type::kCpf, chars);
  }
  if (chars.size() == 14) {
    if (!isDigit(chars[12]) || !isDigit(chars[13])) {
      fail(why, "os dois dígitos verificadores do CNPJ são numéricos");
      return std::nullopt;
    }
    if (std::all_of(chars.begin(), chars.begin() + 12, [&](char c) { return c == chars[0]; })) {
      fail(why, "CNPJ com a raiz e a ordem formadas por um só caractere repetido não existe");
      return std::nullopt;
    }
    const int first = checkDigit(chars, kCnpjFirst);
    const int second = checkDigit(chars.substr(0, 12) + static_cast<char>('0' + first), kCnpjSecond);
    if (!checkDigitsMatch(first, second, std::string_view(chars).substr(12), why)) return std::nullopt;
    return Document(Type::kCnpj, chars);
  }
  fail(why, "tem " + std::to_string(chars.size()) +
                " caracteres; um CPF tem 11 dígitos e um CNPJ tem 14 caracteres (sem contar . - /)");
  return std::nullopt;
}

std::string Document::formatted() const {
  const std::string& n = normalized_;
  if (type_ == Type::kCpf) return n.substr(0, 3) + "." + n.substr(3, 3) + "." + n.substr(6, 3) + "-" + n.substr(9);
  return n.substr(0, 2) + "." + n.substr(2, 3) + "." + n.substr(5, 3) + "/" + n.substr(8, 4) + "-" + n.substr(12);
}

std::string Document::masked() const {
  if (type_ == Type::kCnpj) return formatted();
  return "***." + normalized_.substr(3, 3) + "." + normalized_.substr(6, 3) + "-**";
}

}  // namespace regua::domain
