// Events out: the outbox every change writes its event to, in the change's own
// transaction, and each webhook's deliveries of the events it subscribes to. The event
// id ("evt_<n>") is stable: a receiver drops a repeat by it.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/utc_time.hpp"
#include "store/database.hpp"

namespace regua::store {

struct StoredEvent {
  std::int64_t id = 0;
  std::string type;                     // "payment.received", "stage.fired", ...
  std::optional<std::int64_t> clientId;
  std::string occurredAt;               // UTC
  std::string data;                     // a JSON object
  std::string publicId() const { return "evt_" + std::to_string(id); }
};

struct Delivery {
  StoredEvent event;
  int attempts = 0;
};

class EventRepository {
 public:
  explicit EventRepository(Database& db) : db_(db) {}

  // Appends an event; call inside the transaction of the change that caused it.
  std::int64_t append(const std::string& type, std::optional<std::int64_t> clientId, const std::string& data);
  // Appends a batch in order, set-wise (ids and data as above).
  void appendAll(const std::vector<StoredEvent>& events);
  std::int64_t lastEventId();

  // Queues for `webhook` the events after `afterEventId` that `wants` (by type), up to
  // `limit` events read; returns the last event id read (the webhook's new cursor).
  std::int64_t enqueue(const std::string& webhook, std::int64_t afterEventId,
                       const std::function<bool(const std::string&)>& wants, std::size_t limit);
  // The deliveries due at `now`, oldest first, at most one per client: a client's next
  // event waits until the one before it was delivered.
  std::vector<Delivery> due(const std::string& webhook, UtcTime now, std::size_t limit);
  void delivered(const std::string& webhook, std::int64_t eventId);
  void retryLater(const std::string& webhook, std::int64_t eventId, int attempts, UtcTime next, const std::string& error);
  std::size_t pending(const std::string& webhook);

 private:
  Database& db_;
};

}  // namespace regua::store
