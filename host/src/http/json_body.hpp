// Reads a JSON request body strictly, collecting every problem as a JSON Pointer and a
// pt-BR detail instead of stopping at the first: unknown fields are refused (naming the
// allowed ones), money is integer centavos (150.00 and "1.500,00" are refused, saying
// so), dates are real ISO 8601 calendar dates.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <regua/value.hpp>

#include "http/problem.hpp"

namespace regua::http {

// The body as a JSON object; nothing (with the problem in `problems`) when it is not one.
Poco::JSON::Object::Ptr parseObject(const std::string& body, std::vector<FieldProblem>& problems);

class JsonFields {
 public:
  // Reads fields of `object`, found at `pointer` ("" for the body, "/clients/3").
  JsonFields(const Poco::JSON::Object& object, std::string pointer, std::vector<FieldProblem>& problems)
      : object_(object), pointer_(std::move(pointer)), problems_(problems) {}

  // Every field outside `allowed` is a problem.
  void allowOnly(std::initializer_list<std::string_view> allowed);
  std::optional<std::string> text(const std::string& name, bool required);
  std::optional<Money> centavos(const std::string& name, bool required);
  std::optional<Date> date(const std::string& name, bool required);
  std::optional<long> integer(const std::string& name, bool required, long min, long max);
  std::optional<bool> boolean(const std::string& name);
  std::vector<std::string> texts(const std::string& name);
  Poco::JSON::Object::Ptr object(const std::string& name, bool required);
  // The array `name`, each item an object; a problem when it holds more than `maxItems`.
  Poco::JSON::Array::Ptr array(const std::string& name, bool required, std::size_t maxItems);

  // The fields of `child`, found at field `name` of this object (or item `name` of its list).
  JsonFields nested(const std::string& name, const Poco::JSON::Object& child) const {
    return JsonFields(child, at(name), problems_);
  }

  std::string at(const std::string& name) const { return pointer_ + "/" + name; }
  void problem(const std::string& name, std::string detail) { problems_.push_back({at(name), std::move(detail)}); }

 private:
  bool present(const std::string& name, bool required);

  const Poco::JSON::Object& object_;
  std::string pointer_;
  std::vector<FieldProblem>& problems_;
};

// "1.234" -> "1.234 itens": how many items a batch may have, said in pt-BR.
inline constexpr std::size_t kMaxBatchItems = 10'000;

}  // namespace regua::http
