// A Poco JSON document as compact text, written straight into a string: what every API
// answer and every event goes through. Poco's own stringify formats through an ostream, one converted
// value at a time, and took a fifth of a client page's time; this one keeps its output
// (keys in insertion order, strings escaped as RFC 8259 asks).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <Poco/JSON/Object.h>

namespace regua {

std::string jsonText(const Poco::JSON::Object& object);

// The same compact text written field by field, for paths that make small documents by
// the thousand (an event per settlement) and would build a Poco object only to flatten
// it. Fields come out in the order written.
class JsonWriter {
 public:
  JsonWriter& text(std::string_view name, std::string_view value);
  JsonWriter& number(std::string_view name, std::int64_t value);
  JsonWriter& flag(std::string_view name, bool value);
  JsonWriter& texts(std::string_view name, const std::vector<std::string>& values);
  JsonWriter& beginObject(std::string_view name);  // fields up to endObject() go inside it
  JsonWriter& endObject();
  std::string finish();  // the text, moved out: the writer is done

 private:
  void key(std::string_view name);
  std::string out_ = "{";
  bool first_ = true;
};

}  // namespace regua
