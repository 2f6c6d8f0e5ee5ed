// Writing events to the outbox (store::EventRepository), the one way every layer above
// the store does it: inside the transaction of the change, with the event's data as a
// JSON object. Types: payment.received, receivable.overdue, stage.fired, message.sent,
// message.failed, task.opened, task.closed, agreement.accepted, agreement.broken,
// promise.broken (DESIGN.md, "Events out").
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <Poco/JSON/Object.h>

#include <regua/value.hpp>

#include "common/json_text.hpp"
#include "store/database.hpp"
#include "store/event_repository.hpp"

namespace regua::engine {

void emitEvent(store::Database& db, const std::string& type, std::optional<std::int64_t> clientId,
               const Poco::JSON::Object& data);
void emitEvent(store::Database& db, const std::string& type, std::optional<std::int64_t> clientId,
               const std::string& dataJson);
// The same event, for a batch written with store::EventRepository::appendAll.
store::StoredEvent makeEvent(const std::string& type, std::optional<std::int64_t> clientId,
                             const Poco::JSON::Object& data);
// The same with the data already written as JSON text (by a JsonWriter).
store::StoredEvent makeEvent(const std::string& type, std::optional<std::int64_t> clientId, std::string dataJson);

// {"centavos": N, "brl": "R$ ..."}, as the REST API writes money.
Poco::JSON::Object::Ptr moneyJson(Money amount);
void moneyField(JsonWriter& out, std::string_view name, Money amount);

}  // namespace regua::engine
