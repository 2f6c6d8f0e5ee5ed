// Checks an HTTP answer against the OpenAPI document the server serves: the operation
// must document the status, and the body must match the response's schema. A subset
// of JSON Schema — what host/src/http/openapi.yaml uses: $ref, type, properties,
// required, additionalProperties, items, enum, oneOf, allOf, minimum, minLength, maxItems,
// format: date.
#pragma once

#include <string>
#include <vector>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <regua/value.hpp>

namespace regua::testing {

class OpenApiContract {
 public:
  explicit OpenApiContract(const std::string& documentJson)
      : document_(Poco::JSON::Parser().parse(documentJson).extract<Poco::JSON::Object::Ptr>()) {}

  // What is wrong with this answer; empty when it matches. Paths the document does not
  // have are not checked (a 404 for an unknown path is a test of its own).
  std::vector<std::string> violations(const std::string& method, const std::string& target, int status,
                                      const std::string& contentType, const std::string& body) const {
    std::vector<std::string> out;
    const std::string path = target.substr(0, target.find('?'));
    const auto item = pathItem(path);
    if (!item) return out;
    std::string lower;
    for (char c : method) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower == "head") lower = "get";
    const std::string where = method + " " + path + " " + std::to_string(status);
    const auto operation = item->getObject(lower);
    if (!operation) {
      if (status != 405) out.push_back(where + ": the document has no " + method + " here");
      return out;
    }
    auto response = operation->getObject("responses")->getObject(std::to_string(status));
    if (!response) {
      out.push_back(where + ": status not documented");
      return out;
    }
    response = resolve(response);
    const std::string mediaType = contentType.substr(0, contentType.find(';'));
    const auto content = response->getObject("content");
    if (!content) return out;
    const auto media = content->getObject(mediaType);
    if (!media) {
      out.push_back(where + ": content type " + mediaType + " not documented");
      return out;
    }
    const auto schema = media->getObject("schema");
    if (!schema || method == "HEAD") return out;
    Poco::Dynamic::Var value;
    try {
      value = Poco::JSON::Parser().parse(body);
    } catch (const Poco::Exception& e) {
      out.push_back(where + ": body is not JSON: " + e.message());
      return out;
    }
    check(schema, value, where + " body", out);
    return out;
  }

 private:
  Poco::JSON::Object::Ptr pathItem(const std::string& path) const {
    const auto paths = document_->getObject("paths");
    const auto parts = split(path);
    for (const auto& [pattern, item] : *paths) {
      const auto segments = split(pattern);
      if (segments.size() != parts.size()) continue;
      bool same = true;
      for (std::size_t i = 0; i < parts.size() && same; ++i) {
        same = segments[i] == parts[i] || (segments[i].front() == '{' && !parts[i].empty());
      }
      if (same) return item.extract<Poco::JSON::Object::Ptr>();
    }
    return nullptr;
  }

  static std::vector<std::string> split(const std::string& path) {
    std::vector<std::string> out;
    for (std::size_t start = 1; start <= path.size();) {
      auto end = path.find('/', start);
      if (end == std::string::npos) end = path.size();
      out.push_back(path.substr(start, end - start));
      start = end + 1;
    }
    return out;
  }

  Poco::JSON::Object::Ptr resolve(Poco::JSON::Object::Ptr node) const {
    while (node && node->has("$ref")) {
      const auto ref = node->getValue<std::string>("$ref");  // "#/components/schemas/X"
      Poco::JSON::Object::Ptr at = document_;
      for (const auto& part : split(ref.substr(1))) at = at->getObject(part);
      node = at;
    }
    return node;
  }

  static std::string typeOf(const Poco::Dynamic::Var& v) {
    if (v.isEmpty()) return "null";
    if (v.type() == typeid(Poco::JSON::Object::Ptr)) return "object";
    if (v.type() == typeid(Poco::JSON::Array::Ptr)) return "array";
    if (v.isString()) return "string";
    if (v.isBoolean()) return "boolean";
    if (v.isInteger()) return "integer";
    if (v.isNumeric()) return "number";
    return "?";
  }

  static bool typeMatches(const Poco::Dynamic::Var& declared, const std::string& actual) {
    auto one = [&](const std::string& t) { return t == actual || (t == "number" && actual == "integer"); };
    if (declared.isString()) return one(declared.extract<std::string>());
    const auto list = declared.extract<Poco::JSON::Array::Ptr>();
    for (std::size_t i = 0; i < list->size(); ++i) {
      if (one(list->getElement<std::string>(static_cast<unsigned>(i)))) return true;
    }
    return false;
  }

  void check(Poco::JSON::Object::Ptr schema, const Poco::Dynamic::Var& value, const std::string& at,
             std::vector<std::string>& out) const {
    schema = resolve(schema);
    if (const auto parts = schema->getArray("allOf")) {
      for (std::size_t i = 0; i < parts->size(); ++i) check(parts->getObject(static_cast<unsigned>(i)), value, at, out);
      return;
    }
    if (const auto options = schema->getArray("oneOf")) {
      std::size_t matching = 0;
      for (std::size_t i = 0; i < options->size(); ++i) {
        std::vector<std::string> tried;
        check(options->getObject(static_cast<unsigned>(i)), value, at, tried);
        matching += tried.empty();
      }
      if (matching != 1) out.push_back(at + ": matches " + std::to_string(matching) + " of the oneOf schemas, not 1");
      return;
    }
    const std::string actual = typeOf(value);
    if (schema->has("type") && !typeMatches(schema->get("type"), actual)) {
      out.push_back(at + ": is " + actual + ", the schema says " + schema->get("type").toString());
      return;
    }
    if (schema->has("enum")) {
      const auto options = schema->getArray("enum");
      bool found = false;
      for (std::size_t i = 0; i < options->size() && !found; ++i) {
        found = options->get(static_cast<unsigned>(i)).toString() == value.toString();
      }
      if (!found) out.push_back(at + ": '" + value.toString() + "' is not in the enum");
    }
    if (actual == "integer" || actual == "number") {
      if (schema->has("minimum") && value.convert<double>() < schema->getValue<double>("minimum")) {
        out.push_back(at + ": below the minimum");
      }
    }
    if (actual == "string") {
      const auto text = value.extract<std::string>();
      if (schema->has("minLength") && text.size() < schema->getValue<std::size_t>("minLength")) {
        out.push_back(at + ": shorter than minLength");
      }
      if (schema->has("format") && schema->getValue<std::string>("format") == "date" && !Date::parseIso(text)) {
        out.push_back(at + ": '" + text + "' is not an ISO date");
      }
    }
    if (actual == "array") {
      const auto array = value.extract<Poco::JSON::Array::Ptr>();
      if (schema->has("maxItems") && array->size() > schema->getValue<std::size_t>("maxItems")) {
        out.push_back(at + ": more items than maxItems");
      }
      if (const auto items = schema->getObject("items")) {
        for (std::size_t i = 0; i < array->size(); ++i) {
          check(items, array->get(static_cast<unsigned>(i)), at + "/" + std::to_string(i), out);
        }
      }
    }
    if (actual == "object") checkObject(schema, value.extract<Poco::JSON::Object::Ptr>(), at, out);
  }

  void checkObject(const Poco::JSON::Object::Ptr& schema, const Poco::JSON::Object::Ptr& object, const std::string& at,
                   std::vector<std::string>& out) const {
    if (const auto required = schema->getArray("required")) {
      for (std::size_t i = 0; i < required->size(); ++i) {
        const auto name = required->getElement<std::string>(static_cast<unsigned>(i));
        if (!object->has(name)) out.push_back(at + ": missing required '" + name + "'");
      }
    }
    const auto properties = schema->getObject("properties");
    for (const auto& [name, value] : *object) {
      if (properties && properties->has(name)) {
        check(properties->getObject(name), value, at + "/" + name, out);
      } else if (schema->has("additionalProperties")) {
        const auto extra = schema->get("additionalProperties");
        if (extra.isBoolean()) {
          if (!extra.extract<bool>()) out.push_back(at + ": property '" + name + "' is not in the schema");
        } else {
          check(extra.extract<Poco::JSON::Object::Ptr>(), value, at + "/" + name, out);
        }
      }
    }
  }

  Poco::JSON::Object::Ptr document_;
};

}  // namespace regua::testing
