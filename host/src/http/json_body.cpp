#include "http/json_body.hpp"

#include <algorithm>

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
    problems.push_back({"", "JSON malformado: " + e.message() + "; confira aspas, vírgulas e chaves"});
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
