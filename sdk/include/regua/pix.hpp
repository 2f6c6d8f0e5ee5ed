// PIX BR Code ("copia e cola", EMV MPM as the Banco Central's manual profiles it):
// builds static payloads and parses/validates any payload. Header-only, for the host's
// `regua pix` and for plugins that put an updated PIX code in a reminder.
//
//   00 "01"  26 {00 "br.gov.bcb.pix", 01 key, 02 info}  52 "0000"  53 "986"
//   54 amount  58 "BR"  59 name (≤ 25)  60 city (≤ 15)  62 {05 txid}  63 CRC-16
//
// The CRC is CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF) over everything up to and
// including "6304", written as 4 upper-case hex digits.
#ifndef REGUA_PIX_HPP
#define REGUA_PIX_HPP

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "regua/document.hpp"
#include "regua/utf8.hpp"
#include "regua/value.hpp"

namespace regua::pix {

// A payload or a key that is wrong; the message (pt-BR) says what and where.
class Invalid : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

inline std::uint16_t crc16(std::string_view data) {
  std::uint16_t crc = 0xFFFF;
  for (unsigned char byte : data) {
    crc ^= static_cast<std::uint16_t>(byte << 8);
    for (int bit = 0; bit < 8; ++bit) crc = (crc & 0x8000) ? static_cast<std::uint16_t>((crc << 1) ^ 0x1021) : static_cast<std::uint16_t>(crc << 1);
  }
  return crc;
}

inline std::string crcHex(std::uint16_t crc) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  return {kHex[crc >> 12], kHex[(crc >> 8) & 0xF], kHex[(crc >> 4) & 0xF], kHex[crc & 0xF]};
}

enum class KeyType { kCpf, kCnpj, kEmail, kPhone, kRandom };

inline std::string_view toString(KeyType type) {
  switch (type) {
    case KeyType::kCpf: return "cpf";
    case KeyType::kCnpj: return "cnpj";
    case KeyType::kEmail: return "email";
    case KeyType::kPhone: return "telefone";
    case KeyType::kRandom: return "aleatoria";
  }
  return "?";
}

struct Key {
  KeyType type;
  std::string value;  // as it goes in the payload: digits, +55..., lower-case e-mail or EVP
};

// Recognises and normalises a key: a CPF or CNPJ (punctuation allowed, check digits
// verified), an e-mail, a phone as +55 with area code, or a random key (EVP, a UUID).
// Throws Invalid saying which shape was expected.
inline Key parseKey(std::string_view text) {
  std::string t(text);
  while (!t.empty() && t.back() == ' ') t.pop_back();
  while (!t.empty() && t.front() == ' ') t.erase(0, 1);
  if (t.empty()) throw Invalid("chave PIX vazia");
  if (t.find('@') != std::string::npos) {
    const auto at = t.find('@');
    if (at == 0 || at + 1 >= t.size() || t.find('@', at + 1) != std::string::npos ||
        t.find('.', at) == std::string::npos || t.find(' ') != std::string::npos || t.size() > 77) {
      throw Invalid("chave e-mail inválida '" + t + "'; use nome@dominio.com.br (até 77 caracteres)");
    }
    for (char& c : t) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    return {KeyType::kEmail, t};
  }
  if (t[0] == '+') {
    std::string digits;
    for (char c : t.substr(1)) {
      if (c >= '0' && c <= '9') digits += c;
      else if (c != ' ' && c != '-' && c != '(' && c != ')') throw Invalid("chave telefone inválida '" + t + "'");
    }
    if (digits.rfind("55", 0) != 0 || digits.size() < 12 || digits.size() > 13) {
      throw Invalid("chave telefone inválida '" + t + "'; use +55, o DDD e o número (ex.: +5511987654321)");
    }
    return {KeyType::kPhone, "+" + digits};
  }
  const bool uuidShape = t.size() == 36 && t[8] == '-' && t[13] == '-' && t[18] == '-' && t[23] == '-';
  if (uuidShape) {
    for (std::size_t i = 0; i < t.size(); ++i) {
      char& c = t[i];
      if (c == '-' && (i == 8 || i == 13 || i == 18 || i == 23)) continue;
      if (c >= 'A' && c <= 'F') c = static_cast<char>(c - 'A' + 'a');
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) throw Invalid("chave aleatória inválida '" + std::string(text) + "'; é um UUID de 36 caracteres hexadecimais");
    }
    return {KeyType::kRandom, t};
  }
  std::string why;
  if (auto document = Document::parse(t, &why)) {
    return {document->type() == Document::Type::kCpf ? KeyType::kCpf : KeyType::kCnpj, document->normalized()};
  }
  throw Invalid("chave PIX '" + t + "' não é CPF/CNPJ válido (" + why +
                "), e-mail, telefone +55 nem chave aleatória (UUID)");
}

enum class LetterCase { kKeep, kUpper };

// Printable ASCII without accents, which is all a BR Code field can carry ("ans"):
// "São João" becomes "Sao Joao", or "SAO JOAO" with kUpper (how banks print receivers'
// names and cities). Characters with no ASCII form, control characters and loose accent
// marks (` ^ ~ ´ ¨) are dropped; everything else the office wrote is kept.
inline std::string plainAscii(std::string_view utf8, LetterCase letterCase) {
  const bool upper = letterCase == LetterCase::kUpper;
  auto cased = [upper](char c) { return upper && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; };
  static constexpr std::string_view kFrom[] = {"á", "à", "â", "ã", "ä", "é", "è", "ê", "ë", "í", "ì", "î", "ï", "ó", "ò",
                                               "ô", "õ", "ö", "ú", "ù", "û", "ü", "ç", "ñ", "Á", "À", "Â", "Ã", "Ä", "É",
                                               "È", "Ê", "Ë", "Í", "Ì", "Î", "Ï", "Ó", "Ò", "Ô", "Õ", "Ö", "Ú", "Ù", "Û",
                                               "Ü", "Ç", "Ñ"};
  static constexpr char kTo[] = "aaaaaeeeeiiiiooooouuuucnAAAAAEEEEIIIIOOOOOUUUUCN";
  std::string out;
  for (std::size_t i = 0; i < utf8.size();) {
    const unsigned char c = static_cast<unsigned char>(utf8[i]);
    if (c < 0x80) {
      const bool looseAccent = c == '`' || c == '^' || c == '~';
      if (c >= 0x20 && c != 0x7F && !looseAccent) out += cased(static_cast<char>(c));
      ++i;
      continue;
    }
    const std::size_t length = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    const std::string_view symbol = utf8.substr(i, length);
    for (std::size_t k = 0; k < std::size(kFrom); ++k) {
      if (symbol == kFrom[k]) out += cased(kTo[k]);
    }
    i += length;
  }
  // Spaces left at either end or doubled by a dropped character carry nothing.
  std::string squeezed;
  for (char ch : out) {
    if (ch == ' ' && (squeezed.empty() || squeezed.back() == ' ')) continue;
    squeezed += ch;
  }
  while (!squeezed.empty() && squeezed.back() == ' ') squeezed.pop_back();
  return squeezed;
}

// What a static charge carries.
struct Charge {
  std::string key;                // any form parseKey() accepts
  std::string name;               // the receiver; accents removed, upper-case, cut to 25
  std::string city;               // accents removed, upper-case, cut to 15
  std::optional<Money> amount;    // none: the payer types it
  std::string txid;               // ≤ 25 letters and digits; "" = "***"
  std::string info;               // free text shown to the payer (field 26/02), case kept
};

namespace detail {

inline std::string field(std::string_view id, std::string_view value) {
  if (value.size() > 99) throw Invalid("campo " + std::string(id) + " passa de 99 caracteres");
  const std::string length = (value.size() < 10 ? "0" : "") + std::to_string(value.size());
  return std::string(id) + length + std::string(value);
}

inline std::string amountText(Money amount) {
  const auto c = amount.centavos();
  return std::to_string(c / 100) + "." + (c % 100 < 10 ? "0" : "") + std::to_string(c % 100);
}

}  // namespace detail

// A txid (field 62/05: letters and digits only, at most 25) that names what the charge is
// for: "RG" and the letters and digits of `reference` (an intent id, a receivable id).
inline std::string txidFor(std::string_view reference) {
  std::string out = "RG";
  for (char c : reference) {
    if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) out += c;
  }
  return out.substr(0, 25);
}

// Builds the payload of a static charge. Throws Invalid for a bad key, an empty name
// or city (after removing accents), an amount ≤ 0, or a txid that is not alphanumeric.
inline std::string build(const Charge& charge) {
  const Key key = parseKey(charge.key);
  const std::string name = plainAscii(charge.name, LetterCase::kUpper).substr(0, 25);
  const std::string city = plainAscii(charge.city, LetterCase::kUpper).substr(0, 15);
  auto hasLetter = [](const std::string& text) {
    for (char c : text) {
      if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
    }
    return false;
  };
  if (!hasLetter(name)) throw Invalid("nome do recebedor vazio depois de tirar acentos e símbolos; use letras");
  if (!hasLetter(city)) throw Invalid("cidade do recebedor vazia depois de tirar acentos e símbolos; use letras");
  std::string txid = charge.txid.empty() ? "***" : charge.txid;
  if (charge.txid.size() > 25) throw Invalid("txid tem " + std::to_string(charge.txid.size()) + " caracteres; o máximo é 25");
  for (char c : charge.txid) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
      throw Invalid(std::string("txid só aceita letras e dígitos, veio '") + c + "'");
    }
  }
  std::string account = detail::field("00", "br.gov.bcb.pix") + detail::field("01", key.value);
  if (!charge.info.empty()) {
    // GUI, key and info share field 26's 99 characters.
    const std::string info = plainAscii(charge.info, LetterCase::kKeep);
    const std::size_t room = account.size() + 4 < 99 ? 99 - account.size() - 4 : 0;
    if (!info.empty() && room > 0) account += detail::field("02", info.substr(0, room));
  }
  std::string payload = detail::field("00", "01") + detail::field("26", account) + detail::field("52", "0000") +
                        detail::field("53", "986");
  if (charge.amount) {
    if (*charge.amount <= Money()) throw Invalid("o valor do PIX deve ser maior que zero");
    payload += detail::field("54", detail::amountText(*charge.amount));
  }
  payload += detail::field("58", "BR") + detail::field("59", name) + detail::field("60", city) +
             detail::field("62", detail::field("05", txid)) + "6304";
  return payload + crcHex(crc16(payload));
}

// What a payload says.
struct Payload {
  std::string key;                // static: the key (26/01)
  std::string url;                // dynamic: the location (26/25)
  std::string info;               // 26/02
  std::optional<Money> amount;    // 54
  std::string name, city, txid;   // 59, 60, 62/05
  std::string crc;                // 63
};

namespace detail {

struct Tlv {
  std::string id, value;
};

// Splits `text` into TLV fields; `where` names the enclosing field in messages.
inline std::vector<Tlv> fields(std::string_view text, const std::string& where) {
  std::vector<Tlv> out;
  std::size_t at = 0;
  while (at < text.size()) {
    const std::string position = " na posição " + std::to_string(utf8::column(text, at));
    if (text.size() - at < 4) {
      throw Invalid(where + ": sobram '" + std::string(utf8::excerpt(text, at, 4)) + "' soltos" + position);
    }
    const std::string head(text.substr(at, 4));
    if (head.find_first_not_of("0123456789") != std::string::npos) {
      throw Invalid(where + ": esperava 2 dígitos de campo e 2 de comprimento, veio '" +
                    std::string(utf8::excerpt(text, at, 4)) + "'" + position);
    }
    const std::string id = head.substr(0, 2), length = head.substr(2, 2);
    const std::size_t n = std::stoul(length);
    if (at + 4 + n > text.size()) {
      throw Invalid(where + ": o campo " + id + " declara " + std::to_string(n) + " caracteres mas só há " +
                    std::to_string(text.size() - at - 4));
    }
    out.push_back({id, std::string(text.substr(at + 4, n))});
    at += 4 + n;
  }
  return out;
}

}  // namespace detail

// Validates a payload: the CRC, every TLV length, the mandatory fields and their fixed
// values. Throws Invalid with the first problem.
inline Payload parse(std::string_view text) {
  if (text.size() < 8 || text.substr(text.size() - 8, 4) != "6304") {
    throw Invalid("o código não termina com o CRC (campo 63, \"6304\" e 4 dígitos hexadecimais)");
  }
  const std::string_view body = text.substr(0, text.size() - 4);
  Payload out;
  out.crc = std::string(text.substr(text.size() - 4));
  const std::string expected = crcHex(crc16(body));
  std::string given = out.crc;
  for (char& c : given) c = (c >= 'a' && c <= 'f') ? static_cast<char>(c - 'a' + 'A') : c;
  if (given != expected) throw Invalid("CRC não confere: o código diz " + out.crc + ", o conteúdo dá " + expected);

  const auto top = detail::fields(body.substr(0, body.size() - 4), "código");
  if (top.empty() || top.front().id != "00" || top.front().value != "01") {
    throw Invalid("o código deve começar com o campo 00 = 01 (formato do payload)");
  }
  bool account = false, category = false, currency = false, country = false;
  for (const auto& f : top) {
    if (f.id == "26") {
      std::string gui;
      for (const auto& sub : detail::fields(f.value, "campo 26")) {
        if (sub.id == "00") gui = sub.value;
        if (sub.id == "01") out.key = sub.value;
        if (sub.id == "02") out.info = sub.value;
        if (sub.id == "25") out.url = sub.value;
      }
      std::string lower = gui;
      for (char& c : lower) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
      if (lower != "br.gov.bcb.pix") throw Invalid("campo 26 sem o identificador br.gov.bcb.pix (veio '" + gui + "')");
      if (out.key.empty() && out.url.empty()) throw Invalid("campo 26 sem chave (01) nem URL (25)");
      if (!out.key.empty()) parseKey(out.key);
      account = true;
    } else if (f.id == "52") {
      category = true;
    } else if (f.id == "53") {
      if (f.value != "986") throw Invalid("moeda '" + f.value + "' no campo 53; PIX é em real (986)");
      currency = true;
    } else if (f.id == "54") {
      auto amount = Money::parse(f.value, MoneyFormat::kBrCode);
      if (!amount || *amount <= Money()) {
        throw Invalid("valor '" + f.value + "' inválido no campo 54: o BR Code usa ponto decimal, até duas casas e "
                      "nenhum separador de milhar (ex.: 1000.00 ou 123.45)");
      }
      out.amount = amount;
    } else if (f.id == "58") {
      if (f.value != "BR") throw Invalid("país '" + f.value + "' no campo 58; deve ser BR");
      country = true;
    } else if (f.id == "59") {
      out.name = f.value;
    } else if (f.id == "60") {
      out.city = f.value;
    } else if (f.id == "62") {
      for (const auto& sub : detail::fields(f.value, "campo 62")) {
        if (sub.id == "05") out.txid = sub.value;
      }
    }
  }
  if (!account) throw Invalid("falta o campo 26 (conta PIX do recebedor)");
  if (!category) throw Invalid("falta o campo 52 (categoria do comerciante)");
  if (!currency) throw Invalid("falta o campo 53 (moeda)");
  if (!country) throw Invalid("falta o campo 58 (país)");
  if (out.name.empty() || out.name.size() > 25) throw Invalid("nome do recebedor (campo 59) ausente ou com mais de 25 caracteres");
  if (out.city.empty() || out.city.size() > 15) throw Invalid("cidade (campo 60) ausente ou com mais de 15 caracteres");
  return out;
}

}  // namespace regua::pix

#endif  // REGUA_PIX_HPP
