#include "engine/events.hpp"

#include "common/json_text.hpp"
#include "store/event_repository.hpp"

namespace regua::engine {

void emitEvent(store::Database& db, const std::string& type, std::optional<std::int64_t> clientId,
               const Poco::JSON::Object& data) {
  emitEvent(db, type, clientId, jsonText(data));
}

void emitEvent(store::Database& db, const std::string& type, std::optional<std::int64_t> clientId,
               const std::string& dataJson) {
  store::EventRepository(db).append(type, clientId, dataJson);
}

store::StoredEvent makeEvent(const std::string& type, std::optional<std::int64_t> clientId,
                             const Poco::JSON::Object& data) {
  return makeEvent(type, clientId, jsonText(data));
}

store::StoredEvent makeEvent(const std::string& type, std::optional<std::int64_t> clientId, std::string dataJson) {
  store::StoredEvent event;
  event.type = type;
  event.clientId = clientId;
  event.data = std::move(dataJson);
  return event;
}

Poco::JSON::Object::Ptr moneyJson(Money amount) {
  Poco::JSON::Object::Ptr out = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  out->set("centavos", amount.centavos());
  out->set("brl", amount.toBrl());
  return out;
}

void moneyField(JsonWriter& out, std::string_view name, Money amount) {
  out.beginObject(name).number("centavos", amount.centavos()).text("brl", amount.toBrl()).endObject();
}

}  // namespace regua::engine
