// CPF and CNPJ: parsing, check digits, formatting. The CNPJ may be alphanumeric
// (IN RFB 2.229/2024): its first 12 characters are 0-9 or A-Z, each worth ASCII - 48 in
// the check-digit sums; the two check digits stay numeric.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace regua::domain {

// Who the client is in law: a CPF is a natural person (consumer rules such as the 2%
// fine cap apply), a CNPJ a company.
enum class PartyKind { kPerson, kCompany };

std::string_view toString(PartyKind kind);  // "person" / "company"

class Document {
 public:
  enum class Type { kCpf, kCnpj };

  // Parses "123.456.789-09", "12345678909", "12.ABC.345/01DE-35" (lower case accepted).
  // On failure returns nothing and, if `why` is given, sets it to a pt-BR reason.
  static std::optional<Document> parse(std::string_view text, std::string* why = nullptr);

  Type type() const { return type_; }
  PartyKind party() const { return type_ == Type::kCpf ? PartyKind::kPerson : PartyKind::kCompany; }
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
std::string completeCpf(std::string_view nineDigits);
std::string completeCnpj(std::string_view twelveChars);

}  // namespace regua::domain
