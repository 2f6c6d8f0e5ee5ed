#include "common/json_text.hpp"

#include <algorithm>
#include <sstream>
#include <utility>
#include <vector>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Stringifier.h>

namespace regua {

namespace {

void appendValue(std::string& out, const Poco::Dynamic::Var& value);

void appendString(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  for (const char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += "\\u00";
          out += kHex[(c >> 4) & 0xF];
          out += kHex[c & 0xF];
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

void appendObject(std::string& out, const Poco::JSON::Object& object) {
  // Poco keeps the insertion order to itself; getNames() gives it, and the values are
  // found in the (sorted) map without copying them.
  std::vector<std::pair<const std::string*, const Poco::Dynamic::Var*>> sorted;
  for (auto it = object.begin(); it != object.end(); ++it) sorted.emplace_back(&it->first, &it->second);
  out += '{';
  bool first = true;
  for (const auto& name : object.getNames()) {
    const auto found = std::lower_bound(sorted.begin(), sorted.end(), name,
                                        [](const auto& entry, const std::string& key) { return *entry.first < key; });
    if (!first) out += ',';
    first = false;
    appendString(out, name);
    out += ':';
    appendValue(out, *found->second);
  }
  out += '}';
}

void appendArray(std::string& out, const Poco::JSON::Array& array) {
  out += '[';
  bool first = true;
  for (const auto& item : array) {
    if (!first) out += ',';
    first = false;
    appendValue(out, item);
  }
  out += ']';
}

void appendValue(std::string& out, const Poco::Dynamic::Var& value) {
  const auto& type = value.type();
  if (value.isEmpty()) {
    out += "null";
  } else if (type == typeid(Poco::JSON::Object::Ptr)) {
    const auto& object = value.extract<Poco::JSON::Object::Ptr>();
    if (object.isNull()) out += "null"; else appendObject(out, *object);
  } else if (type == typeid(Poco::JSON::Array::Ptr)) {
    const auto& array = value.extract<Poco::JSON::Array::Ptr>();
    if (array.isNull()) out += "null"; else appendArray(out, *array);
  } else if (type == typeid(Poco::JSON::Object)) {
    appendObject(out, value.extract<Poco::JSON::Object>());
  } else if (type == typeid(Poco::JSON::Array)) {
    appendArray(out, value.extract<Poco::JSON::Array>());
  } else if (type == typeid(std::string)) {
    appendString(out, value.extract<std::string>());
  } else if (value.isBoolean()) {
    out += value.extract<bool>() ? "true" : "false";
  } else if (value.isInteger()) {
    out += value.isSigned() ? std::to_string(value.convert<Poco::Int64>()) : std::to_string(value.convert<Poco::UInt64>());
  } else {  // anything rarer (a double, a char): Poco's own rendering
    std::ostringstream text;
    Poco::JSON::Stringifier::stringify(value, text);
    out += text.str();
  }
}

}  // namespace

std::string jsonText(const Poco::JSON::Object& object) {
  std::string out;  // no reserve: events are kept by the thousand, a spare 4 KiB each adds up
  appendObject(out, object);
  return out;
}

JsonWriter& JsonWriter::text(std::string_view name, std::string_view value) {
  key(name);
  appendString(out_, value);
  return *this;
}

JsonWriter& JsonWriter::number(std::string_view name, std::int64_t value) {
  key(name);
  out_ += std::to_string(value);
  return *this;
}

JsonWriter& JsonWriter::flag(std::string_view name, bool value) {
  key(name);
  out_ += value ? "true" : "false";
  return *this;
}

JsonWriter& JsonWriter::texts(std::string_view name, const std::vector<std::string>& values) {
  key(name);
  out_ += '[';
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out_ += ',';
    appendString(out_, values[i]);
  }
  out_ += ']';
  return *this;
}

JsonWriter& JsonWriter::beginObject(std::string_view name) {
  key(name);
  out_ += '{';
  first_ = true;
  return *this;
}

JsonWriter& JsonWriter::endObject() {
  out_ += '}';
  first_ = false;
  return *this;
}

std::string JsonWriter::finish() {
  out_ += '}';
  return std::move(out_);
}

void JsonWriter::key(std::string_view name) {
  if (!first_) out_ += ',';
  first_ = false;
  appendString(out_, name);
  out_ += ':';
}

}  // namespace regua
