// The API's JSON writer: Poco's document, same text, written faster.
#include <gtest/gtest.h>

#include <sstream>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include "common/json_text.hpp"

namespace regua {
namespace {

Poco::JSON::Object::Ptr sample() {
  Poco::JSON::Object::Ptr body = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  body->set("zeta", "primeiro na ordem em que foi posto");
  body->set("name", "Padaria \"Boa\" \\ São Paulo\n\tfim\x01");
  body->set("centavos", -150000);
  body->set("count", static_cast<unsigned>(3));
  body->set("paid", true);
  body->set("missing", Poco::Dynamic::Var());
  Poco::JSON::Array::Ptr items = new Poco::JSON::Array;
  Poco::JSON::Object::Ptr item = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  item->set("b", 1);
  item->set("a", Poco::JSON::Array::Ptr(new Poco::JSON::Array));
  items->add(item);
  items->add("texto");
  items->add(false);
  body->set("items", items);
  body->set("empty", Poco::JSON::Object::Ptr(new Poco::JSON::Object));
  return body;
}

TEST(JsonText, WritesTheDocumentInInsertionOrderWithRfc8259Escapes) {
  EXPECT_EQ(jsonText(*sample()),
            R"({"zeta":"primeiro na ordem em que foi posto","name":"Padaria \"Boa\" \\ São Paulo\n\tfim\u0001",)"
            R"("centavos":-150000,"count":3,"paid":true,"missing":null,"items":[{"b":1,"a":[]},"texto",false],)"
            R"("empty":{}})");
}

TEST(JsonText, IsTheTextPocoWrites) {
  std::ostringstream poco;
  sample()->stringify(poco);
  EXPECT_EQ(jsonText(*sample()), poco.str());
}

// Field by field, the writer gives the text jsonText gives for the same Poco document.
TEST(JsonWriter, WritesWhatJsonTextWritesForTheSameFields) {
  Poco::JSON::Object::Ptr amount = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  amount->set("centavos", -150000);
  amount->set("brl", "-R$ 1.500,00");
  Poco::JSON::Object document(Poco::JSON_PRESERVE_KEY_ORDER);
  document.set("zeta", "Padaria \"Boa\" \\ São Paulo\n\tfim\x01");
  document.set("amount", amount);
  document.set("empty", Poco::JSON::Object::Ptr(new Poco::JSON::Object));
  document.set("paid", false);
  document.set("count", 3);
  Poco::JSON::Array::Ptr items = new Poco::JSON::Array;
  items->add("T1");
  items->add("a \"b\"");
  document.set("items", items);
  document.set("none", Poco::JSON::Array::Ptr(new Poco::JSON::Array));

  JsonWriter written;
  written.text("zeta", "Padaria \"Boa\" \\ São Paulo\n\tfim\x01");
  written.beginObject("amount").number("centavos", -150000).text("brl", "-R$ 1.500,00").endObject();
  written.beginObject("empty").endObject().flag("paid", false).number("count", 3);
  written.texts("items", {"T1", "a \"b\""}).texts("none", {});
  EXPECT_EQ(written.finish(), jsonText(document));
  EXPECT_EQ(JsonWriter().finish(), "{}");
}

}  // namespace
}  // namespace regua
