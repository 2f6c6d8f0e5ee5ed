#include "http/json_body.hpp"

#include <algorithm>
#include <cctype>
#include <string_view>

#include <Poco/JSON/JSONException.h>
#include <Poco/JSON/Parser.h>

namespace regua::http {

namespace {

std::string kindOf(const Poco::Dynamic::Var& value) {
  if (value.isEmpty()) return "null";
  if (value.type() == typeid(Poco::JSON::Object::Ptr)) return "objeto";
  if (value.type() == typeid(Poco::JSON::Array::Ptr)) return "lista";
  if (value.isString()) return "texto";
  if (value.isBoolean()) return "booleano";
  if (value.isInteger()) return "número inteiro";
  if (value.isNumeric()) return "número com casas decimais";
  return "valor";
}

// Walks a JSON text by its grammar (RFC 8259) only to find where it first breaks it:
// Poco's parser says what is wrong but not where, and a person fixing a request body
// needs the line and the column.
class SyntaxLocator {
 public:
  explicit SyntaxLocator(std::string_view text) : text_(text) {}

  // "linha 2, coluna 7" for the first byte that breaks the grammar; empty when none does.
  std::string firstError() {
    if (value(0)) {
      skipSpace();
      if (at_ == text_.size()) return "";
    }
    int line = 1, column = 1;
    for (std::size_t i = 0; i < at_ && i < text_.size(); ++i) {
      if (text_[i] == '\n') {
        ++line;
        column = 1;
      } else if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) {  // count characters, not UTF-8 bytes
        ++column;
      }
    }
    return "linha " + std::to_string(line) + ", coluna " + std::to_string(column);
  }

 private:
  static constexpr int kMaxDepth = 512;

  bool more() const { return at_ < text_.size(); }
  char peek() const { return more() ? text_[at_] : '\0'; }
  bool take(char c) {
    if (peek() != c || !more()) return false;
    ++at_;
    return true;
  }
  void skipSpace() {
    while (more() && (peek() == ' ' || peek() == '\t' || peek() == '\n' || peek() == '\r')) ++at_;
  }
  bool digits() {
    const std::size_t from = at_;
    while (more() && peek() >= '0' && peek() <= '9') ++at_;
    return at_ > from;
  }

  bool value(int depth) {
    skipSpace();
    if (depth > kMaxDepth) return false;
    switch (peek()) {
      case '{': return members(depth, '}', true);
      case '[': return members(depth, ']', false);
      case '"': return string();
      case 't': return literal("true");
      case 'f': return literal("false");
      case 'n': return literal("null");
      default: return number();
    }
  }
  // An object's "name": value pairs or an array's values, up to `close`.
  bool members(int depth, char close, bool named) {
    ++at_;
    skipSpace();
    if (take(close)) return true;
    while (true) {
      if (named) {
        skipSpace();
        if (!string()) return false;
        skipSpace();
        if (!take(':')) return false;
      }
      if (!value(depth + 1)) return false;
      skipSpace();
      if (take(close)) return true;
      if (!take(',')) return false;
    }
  }
  bool string() {
    if (!take('"')) return false;
    while (more()) {
      const auto c = static_cast<unsigned char>(text_[at_]);
      if (c == '"') return take('"');
      if (c < 0x20) return false;
      ++at_;
      if (c != '\\') continue;
      if (peek() == 'u') {
        ++at_;
        for (int i = 0; i < 4; ++i, ++at_) {
          if (!std::isxdigit(static_cast<unsigned char>(peek()))) return false;
        }
      } else if (std::string_view("\"\\/bfnrt").find(peek()) == std::string_view::npos || !more()) {
        return false;
      } else {
        ++at_;
      }
    }
    return false;
  }
  bool number() {
    take('-');
    if (!take('0') && !digits()) return false;
    if (take('.') && !digits()) return false;
    if (peek() == 'e' || peek() == 'E') {
      ++at_;
      if (!take('+')) take('-');
      if (!digits()) return false;
    }
    return true;
  }
  bool literal(std::string_view word) {
    for (const char c : word) {
      if (!take(c)) return false;
    }
    return true;
  }

  std::string_view text_;
  std::size_t at_ = 0;
};

}  // namespace

Poco::JSON::Object::Ptr parseObject(const std::string& body, std::vector<FieldProblem>& problems) {
  if (body.empty()) {
    problems.push_back({"", "o corpo está vazio; envie um objeto JSON"});
    return nullptr;
  }
  try {
    Poco::JSON::Parser parser;
    const auto value = parser.parse(body);
    if (value.type() != typeid(Poco::JSON::Object::Ptr)) {
      problems.push_back({"", "o corpo deve ser um objeto JSON, veio " + kindOf(value)});
      return nullptr;
    }
    return value.extract<Poco::JSON::Object::Ptr>();
  } catch (const Poco::Exception& e) {
    const std::string where = SyntaxLocator(body).firstError();
    problems.push_back({"", "JSON malformado" + (where.empty() ? "" : " na " + where) + ": " + e.message() +
                                "; confira aspas, vírgulas e chaves"});
    return nullptr;
  }
}

void JsonFields::allowOnly(std::initializer_list<std::string_view> allowed) {
  for (const auto& [name, value] : object_) {
    if (std::find(allowed.begin(), allowed.end(), name) != allowed.end()) continue;
    std::string list;
    for (const auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
    problem(name, "campo desconhecido '" + name + "'; os aceitos são: " + list);
  }
}

bool JsonFields::present(const std::string& name, bool required) {
  if (object_.has(name) && !object_.isNull(name)) return true;
  if (required) problem(name, "campo obrigatório ausente");
  return false;
}

std::optional<std::string> JsonFields::text(const std::string& name, bool required) {
  if (!present(name, required)) return std::nullopt;
  const auto value = object_.get(name);
  if (!value.isString()) {
    problem(name, "deve ser texto, veio " + kindOf(value));
    return std::nullopt;
  }
  auto out = value.extract<std::string>();
  if (required && out.empty()) {
    problem(name, "não pode ser vazio");
    return std::nullopt;
  }
  return out;
}

std::optional<Money> JsonFields::centavos(const std::string& name, bool required) {
  if (!present(name, required)) return std::nullopt;
  const auto value = object_.get(name);
  if (value.isInteger() && !value.isBoolean()) return Money::fromCentavos(value.convert<Poco::Int64>());
  if (value.isNumeric() && !value.isBoolean()) {
    problem(name, "valor em centavos, número inteiro: R$ 1.500,00 é 150000 (veio " + value.convert<std::string>() + ")");
  } else if (value.isString()) {
    problem(name, "valor em centavos, número inteiro sem aspas: R$ 1.500,00 é 150000 (veio \"" +
                      value.extract<std::string>() + "\")");
  } else {
    problem(name, "valor em centavos, número inteiro; veio " + kindOf(value));
  }
  return std::nullopt;
}

std::optional<Date> JsonFields::date(const std::string& name, bool required) {
  const auto raw = text(name, required);
  if (!raw) return std::nullopt;
  const auto parsed = Date::parseIso(*raw);
  if (!parsed) problem(name, "data inválida '" + *raw + "'; use AAAA-MM-DD com um dia que existe");
  return parsed;
}

std::optional<long> JsonFields::integer(const std::string& name, bool required, long min, long max) {
  if (!present(name, required)) return std::nullopt;
  const auto value = object_.get(name);
  if (!value.isInteger() || value.isBoolean()) {
    problem(name, "deve ser um número inteiro, veio " + kindOf(value));
    return std::nullopt;
  }
  const auto n = value.convert<Poco::Int64>();
  if (n < min || n > max) {
    problem(name, "deve estar entre " + std::to_string(min) + " e " + std::to_string(max));
    return std::nullopt;
  }
  return static_cast<long>(n);
}

std::optional<bool> JsonFields::boolean(const std::string& name) {
  if (!present(name, false)) return std::nullopt;
  const auto value = object_.get(name);
  if (!value.isBoolean()) {
    problem(name, "deve ser true ou false, veio " + kindOf(value));
    return std::nullopt;
  }
  return value.extract<bool>();
}

std::vector<std::string> JsonFields::texts(const std::string& name) {
  std::vector<std::string> out;
  if (!present(name, false)) return out;
  const auto array = object_.getArray(name);
  if (!array) {
    problem(name, "deve ser uma lista de textos");
    return out;
  }
  for (std::size_t i = 0; i < array->size(); ++i) {
    const auto item = array->get(static_cast<unsigned>(i));
    if (!item.isString()) {
      problems_.push_back({at(name) + "/" + std::to_string(i), "deve ser texto, veio " + kindOf(item)});
      continue;
    }
    out.push_back(item.extract<std::string>());
  }
  return out;
}

Poco::JSON::Object::Ptr JsonFields::object(const std::string& name, bool required) {
  if (!present(name, required)) return nullptr;
  auto found = object_.getObject(name);
  if (!found) problem(name, "deve ser um objeto, veio " + kindOf(object_.get(name)));
  return found;
}

Poco::JSON::Array::Ptr JsonFields::array(const std::string& name, bool required, std::size_t maxItems) {
  if (!present(name, required)) return nullptr;
  auto found = object_.getArray(name);
  if (!found) {
    problem(name, "deve ser uma lista, veio " + kindOf(object_.get(name)));
    return nullptr;
  }
  if (found->size() > maxItems) {
    problem(name, "lote com " + std::to_string(found->size()) + " itens; o máximo é " + std::to_string(maxItems) +
                      " por requisição: divida-o");
    return nullptr;
  }
  return found;
}

}  // namespace regua::http
