#include "store/event_repository.hpp"

#include "store/staged_rows.hpp"

namespace regua::store {

std::int64_t EventRepository::append(const std::string& type, std::optional<std::int64_t> clientId,
                                     const std::string& data) {
  const std::string now = Database::nowUtc();
  long client = clientId.value_or(0), id = 0;
  soci::indicator clientInd = clientId ? soci::i_ok : soci::i_null;
  try {
    db_.run(
        "INSERT INTO events (type, client_id, occurred_at, data) VALUES (:type, :client, :at, :data) "
        "RETURNING id",
        soci::use(type), soci::use(client, clientInd), soci::use(now), soci::use(data), soci::into(id));
  } catch (const std::exception&) {
    db_.rethrowTranslated("evento " + type);
  }
  return id;
}

void EventRepository::appendAll(const std::vector<StoredEvent>& events) {
  if (events.empty()) return;
  const std::string now = Database::nowUtc();
  try {
    StagedRows staged(db_, "events_staging",
                      {"seq BIGINT", "type TEXT", "client_id BIGINT", "occurred_at TEXT", "data TEXT"});
    std::int64_t seq = 0;
    for (const auto& e : events) {
      staged.add(seq++).add(e.type).add(e.clientId).add(e.occurredAt.empty() ? now : e.occurredAt).add(e.data);
      staged.endRow();
    }
    staged.finish();
    db_.run(
        "INSERT INTO events (type, client_id, occurred_at, data) "
        "SELECT type, client_id, occurred_at, data FROM events_staging ORDER BY seq");
  } catch (const std::exception&) {
    db_.rethrowTranslated("eventos (" + std::to_string(events.size()) + ")");
  }
}

std::int64_t EventRepository::lastEventId() {
  long id = 0;
  soci::indicator ind = soci::i_null;
  try {
    db_.run("SELECT MAX(id) FROM events", soci::into(id, ind));
  } catch (const std::exception&) {
    db_.rethrowTranslated("eventos");
  }
  return ind == soci::i_ok ? id : 0;
}

std::int64_t EventRepository::enqueue(const std::string& webhook, std::int64_t afterEventId,
                                      const std::function<bool(const std::string&)>& wants, std::size_t limit) {
  std::int64_t last = afterEventId;
  try {
    long after = afterEventId, rows = static_cast<long>(limit), id = 0, client = 0;
    std::string type;
    soci::indicator clientInd = soci::i_null;
    std::vector<std::pair<long, long>> wanted;  // event, client
    auto st = db_.statement("SELECT id, type, client_id FROM events WHERE id > :after ORDER BY id LIMIT :rows",
                            soci::use(after), soci::use(rows), soci::into(id), soci::into(type),
                            soci::into(client, clientInd));
    st.execute();
    while (st.fetch()) {
      last = id;
      if (wants(type)) wanted.emplace_back(id, clientInd == soci::i_ok ? client : 0);
    }
    db_.transaction([&] {
      for (const auto& [event, owner] : wanted) {
        db_.run(
            "INSERT INTO webhook_deliveries (webhook, event_id, client_id) VALUES (:w, :e, :c) ON CONFLICT DO NOTHING",
            soci::use(webhook), soci::use(event), soci::use(owner));
      }
    });
  } catch (const StoreError&) {
    throw;
  } catch (const std::exception&) {
    db_.rethrowTranslated("entregas do webhook " + webhook);
  }
  return last;
}

std::vector<Delivery> EventRepository::due(const std::string& webhook, UtcTime now, std::size_t limit) {
  std::vector<Delivery> out;
  const std::string at = formatUtc(now);
  try {
    Delivery d;
    long id = 0, client = 0, rows = static_cast<long>(limit);
    int attempts = 0;
    soci::indicator clientInd = soci::i_null;
    auto st = db_.statement(
        "SELECT e.id, e.type, e.client_id, e.occurred_at, e.data, d.attempts "
        "FROM webhook_deliveries d JOIN events e ON e.id = d.event_id "
        "WHERE d.webhook = :w AND d.state = 'pending' "
        "AND (d.next_attempt_at IS NULL OR d.next_attempt_at <= :now) "
        "AND d.event_id = (SELECT MIN(o.event_id) FROM webhook_deliveries o WHERE o.webhook = d.webhook "
        "AND o.client_id = d.client_id AND o.state = 'pending') "
        "ORDER BY d.event_id LIMIT :rows",
        soci::use(webhook), soci::use(at), soci::use(rows), soci::into(id), soci::into(d.event.type),
        soci::into(client, clientInd), soci::into(d.event.occurredAt), soci::into(d.event.data), soci::into(attempts));
    st.execute();
    while (st.fetch()) {
      d.event.id = id;
      d.event.clientId = clientInd == soci::i_ok ? std::optional<std::int64_t>(client) : std::nullopt;
      d.attempts = attempts;
      out.push_back(d);
    }
  } catch (const std::exception&) {
    db_.rethrowTranslated("entregas do webhook " + webhook);
  }
  return out;
}

void EventRepository::delivered(const std::string& webhook, std::int64_t eventId) {
  const std::string now = Database::nowUtc();
  const long event = eventId;
  try {
    db_.run(
        "UPDATE webhook_deliveries SET state = 'delivered', delivered_at = :now, attempts = attempts + 1, "
        "last_error = '' WHERE webhook = :w AND event_id = :e",
        soci::use(now), soci::use(webhook), soci::use(event));
  } catch (const std::exception&) {
    db_.rethrowTranslated("entrega do evento evt_" + std::to_string(eventId));
  }
}

void EventRepository::retryLater(const std::string& webhook, std::int64_t eventId, int attempts, UtcTime next,
                                 const std::string& error) {
  const std::string at = formatUtc(next);
  const long event = eventId;
  try {
    db_.run(
        "UPDATE webhook_deliveries SET attempts = :a, next_attempt_at = :next, last_error = :error "
        "WHERE webhook = :w AND event_id = :e",
        soci::use(attempts), soci::use(at), soci::use(error), soci::use(webhook), soci::use(event));
  } catch (const std::exception&) {
    db_.rethrowTranslated("entrega do evento evt_" + std::to_string(eventId));
  }
}

std::size_t EventRepository::pending(const std::string& webhook) {
  long count = 0;
  try {
    db_.run("SELECT COUNT(*) FROM webhook_deliveries WHERE webhook = :w AND state = 'pending'", soci::use(webhook),
            soci::into(count));
  } catch (const std::exception&) {
    db_.rethrowTranslated("entregas do webhook " + webhook);
  }
  return static_cast<std::size_t>(count);
}

}  // namespace regua::store
