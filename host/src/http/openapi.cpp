#include "http/openapi.hpp"

#include <sstream>
#include <string_view>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/NumberParser.h>
#include <yaml-cpp/yaml.h>

namespace regua::http {

extern const std::string_view kOpenApiYaml;

namespace {

// A plain (unquoted) YAML scalar as JSON would type it; quoted ones stay text.
Poco::Dynamic::Var scalarValue(const YAML::Node& node) {
  const std::string& text = node.Scalar();
  if (node.Tag() == "!") return text;
  if (text == "true") return true;
  if (text == "false") return false;
  if (text == "null" || text == "~") return Poco::Dynamic::Var();
  Poco::Int64 integer = 0;
  if (Poco::NumberParser::tryParse64(text, integer)) return integer;
  double real = 0;
  if (text.find_first_not_of("0123456789.-+eE") == std::string::npos && Poco::NumberParser::tryParseFloat(text, real)) {
    return real;
  }
  return text;
}

Poco::Dynamic::Var toJson(const YAML::Node& node) {
  if (node.IsMap()) {
    Poco::JSON::Object::Ptr object = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    for (const auto& entry : node) object->set(entry.first.Scalar(), toJson(entry.second));
    return object;
  }
  if (node.IsSequence()) {
    Poco::JSON::Array::Ptr array = new Poco::JSON::Array;
    for (const auto& item : node) array->add(toJson(item));
    return array;
  }
  if (node.IsScalar()) return scalarValue(node);
  return Poco::Dynamic::Var();
}

}  // namespace

const std::string& openApiJson() {
  static const std::string json = [] {
    const auto document = toJson(YAML::Load(std::string(kOpenApiYaml)));
    std::ostringstream text;
    document.extract<Poco::JSON::Object::Ptr>()->stringify(text);
    return text.str();
  }();
  return json;
}

}  // namespace regua::http
