#include "engine/events.hpp"

#include <sstream>

#include "store/event_repository.hpp"

namespace regua::engine {

void emitEvent(store::Database& db, const std::string& type, std::optional<std::int64_t> clientId,
               const Poco::JSON::Object& data) {
  std::ostringstream text;
  data.stringify(text);
  store::EventRepository(db).append(type, clientId, text.str());
}

Poco::JSON::Object::Ptr moneyJson(Money amount) {
  Poco::JSON::Object::Ptr out = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  out->set("centavos", amount.centavos());
  out->set("brl", amount.toBrl());
  return out;
}

}  // namespace regua::engine
