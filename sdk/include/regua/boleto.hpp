// Boleto bancário (FEBRABAN): the 44-digit barcode and the 47-digit typed line
// (linha digitável). Parses and validates either one, converts between them and builds
// both from bank, due date, value and the 25-digit free field. Header-only, for the
// host's `regua boleto` and for plugins that print a boleto line in a reminder.
//
//   barcode      BBB 9 D FFFF VVVVVVVVVV LLLLLLLLLLLLLLLLLLLLLLLLL
//                bank, currency (9 = real), general DV (mod 11), due-date factor,
//                value in centavos, free field (the bank's own layout)
//   typed line   BBB9L.LLLLX LLLLL.LLLLLY LLLLL.LLLLLZ D FFFFVVVVVVVVVV
//                three fields with mod-10 DVs (X, Y, Z), the general DV, factor + value
#ifndef REGUA_BOLETO_HPP
#define REGUA_BOLETO_HPP

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "regua/utf8.hpp"
#include "regua/value.hpp"

namespace regua::boleto {

// A boleto code that fails a check; the message (pt-BR) names the check and the digits.
class Invalid : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

struct Boleto {
  std::string bank;              // 3 digits (FEBRABAN code)
  int factor = 0;                // due-date factor; 0 = no due date
  std::optional<Date> dueDate;   // resolved from the factor
  Money value;                   // 0 = "valor a ser informado"
  std::string freeField;         // 25 digits
  std::string barcode;           // 44 digits
  std::string typedLine;         // 47 digits, no punctuation
};

// Mod 10 (typed-line fields): weights 2, 1, 2, ... from the right, digits of each
// product summed; DV = (10 - sum mod 10) mod 10.
inline int mod10(std::string_view digits) {
  int sum = 0, weight = 2;
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    int product = (*it - '0') * weight;
    sum += product / 10 + product % 10;
    weight = weight == 2 ? 1 : 2;
  }
  return (10 - sum % 10) % 10;
}

// Mod 11 (the barcode's general DV): weights 2..9 from the right, repeating;
// DV = 11 - sum mod 11, and 1 when that gives 0, 10 or 11.
inline int mod11(std::string_view digits) {
  int sum = 0, weight = 2;
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    sum += (*it - '0') * weight;
    weight = weight == 9 ? 2 : weight + 1;
  }
  const int dv = 11 - sum % 11;
  return (dv == 0 || dv == 10 || dv == 11) ? 1 : dv;
}

// The due-date factor counts days from 1997-10-07 and restarted at 1000 on
// 2025-02-22 (day 10000): factor = ((days - 1000) mod 9000) + 1000.
inline const Date kFactorBase = Date::fromYmd(1997, 10, 7);

inline int dueFactor(Date due) {
  const int days = due - kFactorBase;
  if (days < 1000) throw Invalid("vencimento " + due.br() + " anterior a 03/07/2000, que o fator não representa");
  return (days - 1000) % 9000 + 1000;
}

// The date a factor stands for: of the dates every 9000 days that share it, the one
// nearest `reference` (ties go to the later one).
inline Date dueFromFactor(int factor, Date reference) {
  if (factor < 1000 || factor > 9999) throw Invalid("fator de vencimento " + std::to_string(factor) + " fora de 1000..9999");
  // Factor f first stood for day f after the base, then again every 9000 days.
  Date best = kFactorBase.plusDays(factor);
  for (Date candidate = best; candidate - reference <= 9000; candidate = candidate.plusDays(9000)) {
    const int distance = std::abs(candidate - reference), bestDistance = std::abs(best - reference);
    if (distance < bestDistance || (distance == bestDistance && candidate > best)) best = candidate;
  }
  return best;
}

namespace detail {

inline std::string digitsOnly(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c >= '0' && c <= '9') {
      out += c;
    } else if (c != ' ' && c != '.' && c != '-') {
      throw Invalid("caractere inválido '" + std::string(utf8::excerpt(text, i, 1)) +
                    "'; um boleto só tem dígitos (espaços e pontos são ignorados)");
    }
  }
  return out;
}

inline std::string padded(std::int64_t value, std::size_t width) {
  std::string text = std::to_string(value);
  return std::string(width > text.size() ? width - text.size() : 0, '0') + text;
}

inline std::string typedFromBarcode(const std::string& b) {
  std::string f1 = b.substr(0, 4) + b.substr(19, 5), f2 = b.substr(24, 10), f3 = b.substr(34, 10);
  f1 += static_cast<char>('0' + mod10(f1));
  f2 += static_cast<char>('0' + mod10(f2));
  f3 += static_cast<char>('0' + mod10(f3));
  return f1 + f2 + f3 + b.substr(4, 1) + b.substr(5, 14);
}

inline Boleto fromBarcode(const std::string& b, Date reference) {
  if (b[0] == '8') {
    throw Invalid("começa com 8: é um código de arrecadação (contas de consumo, tributos), não um boleto bancário; "
                  "o Régua lê só boletos de cobrança");
  }
  if (b[3] != '9') throw Invalid(std::string("moeda '") + b[3] + "' no código; boletos em real usam 9");
  const int general = mod11(b.substr(0, 4) + b.substr(5));
  if (b[4] - '0' != general) {
    throw Invalid(std::string("dígito verificador geral não confere: está ") + b[4] + ", o cálculo (módulo 11) dá " +
                  std::to_string(general));
  }
  Boleto out;
  out.bank = b.substr(0, 3);
  out.factor = std::stoi(b.substr(5, 4));
  if (out.factor != 0) out.dueDate = dueFromFactor(out.factor, reference);
  out.value = Money::fromCentavos(std::stoll(b.substr(9, 10)));
  out.freeField = b.substr(19, 25);
  out.barcode = b;
  out.typedLine = typedFromBarcode(b);
  return out;
}

}  // namespace detail

// Parses a 44-digit barcode or a 47-digit typed line (spaces and dots ignored),
// checking every DV. Throws Invalid with the failing check.
inline Boleto parse(std::string_view code, Date reference) {
  const std::string d = detail::digitsOnly(code);
  if (d.size() == 44) return detail::fromBarcode(d, reference);
  if (d.size() == 47) {
    const struct { std::size_t from, length; const char* name; } fields[] = {
        {0, 9, "campo 1"}, {10, 10, "campo 2"}, {21, 10, "campo 3"}};
    const std::size_t dvAt[] = {9, 20, 31};
    for (int i = 0; i < 3; ++i) {
      const int expected = mod10(std::string_view(d).substr(fields[i].from, fields[i].length));
      if (d[dvAt[i]] - '0' != expected) {
        throw Invalid(std::string("dígito verificador do ") + fields[i].name + " não confere: está " + d[dvAt[i]] +
                      ", o cálculo (módulo 10) dá " + std::to_string(expected) + "; confira os dígitos digitados");
      }
    }
    const std::string barcode = d.substr(0, 4) + d.substr(32, 1) + d.substr(33, 14) + d.substr(4, 5) + d.substr(10, 10) +
                                d.substr(21, 10);
    return detail::fromBarcode(barcode, reference);
  }
  if (d.size() == 48) throw Invalid("48 dígitos é uma conta de arrecadação (concessionárias, tributos), não um boleto bancário");
  throw Invalid("tem " + std::to_string(d.size()) + " dígitos; o código de barras tem 44 e a linha digitável 47");
}

// Builds barcode and typed line. `bank` is 3 digits, `freeField` 25; no due date
// gives factor 0. Throws Invalid for anything out of shape.
inline Boleto build(std::string_view bank, std::optional<Date> due, Money value, std::string_view freeField) {
  const std::string b = detail::digitsOnly(bank), free = detail::digitsOnly(freeField);
  if (b.size() != 3) throw Invalid("o banco tem 3 dígitos (código FEBRABAN), veio '" + std::string(bank) + "'");
  if (free.size() != 25) throw Invalid("o campo livre tem 25 dígitos, veio " + std::to_string(free.size()));
  if (value < Money() || value.centavos() > 9'999'999'999) throw Invalid("valor fora de 0 a R$ 99.999.999,99");
  const std::string body = b + "9" + detail::padded(due ? dueFactor(*due) : 0, 4) + detail::padded(value.centavos(), 10) + free;
  const std::string barcode = body.substr(0, 4) + std::to_string(mod11(body)) + body.substr(4);
  return detail::fromBarcode(barcode, due.value_or(Date::fromYmd(2025, 2, 22)));
}

// "00190.00009 07777.777009 00087.654182 6 49000000295295": how people read it.
inline std::string formatTypedLine(std::string_view d) {
  if (d.size() != 47) return std::string(d);
  return std::string(d.substr(0, 5)) + "." + std::string(d.substr(5, 5)) + " " + std::string(d.substr(10, 5)) + "." +
         std::string(d.substr(15, 6)) + " " + std::string(d.substr(21, 5)) + "." + std::string(d.substr(26, 6)) + " " +
         std::string(d.substr(32, 1)) + " " + std::string(d.substr(33));
}

}  // namespace regua::boleto

#endif  // REGUA_BOLETO_HPP
