#include "store/intent_repository.hpp"

#include <cstdio>
#include <optional>

#include "store/sqlite_statement.hpp"
#include "store/staged_rows.hpp"

namespace regua::store {

namespace {
constexpr const char* kInsert =
    "INSERT INTO intents (unique_key, client_id, receivable_id, policy_id, stage_id, action, channel, state, "
    "for_date, reason, created_at, updated_at) ";
}  // namespace

std::string_view toString(IntentState state) {
  switch (state) {
    case IntentState::kPending: return "pending";
    case IntentState::kDone: return "done";
    case IntentState::kFailed: return "failed";
    case IntentState::kSkipped: return "skipped";
    case IntentState::kCancelled: return "cancelled";
  }
  return "pending";
}

namespace {

IntentState stateFrom(std::string_view text) {
  for (auto state : {IntentState::kDone, IntentState::kFailed, IntentState::kSkipped, IntentState::kCancelled}) {
    if (text == toString(state)) return state;
  }
  return IntentState::kPending;
}

}  // namespace

std::string intentKey(std::int64_t receivableId, const std::string& policyId, const std::string& stageId,
                      const std::string& action) {
  char id[24];
  std::snprintf(id, sizeof id, "r%019lld/", static_cast<long long>(receivableId));
  return id + policyId + "/" + stageId + "/" + action;
}

bool IntentRepository::insertIfAbsent(IntentRecord& i) {
  long client = i.clientId, receivable = i.receivableId.value_or(0), id = 0;
  soci::indicator receivableInd = i.receivableId ? soci::i_ok : soci::i_null;
  soci::indicator idInd = soci::i_null;
  int forDate = i.forDate.daysSinceEpoch();
  const std::string now = Database::nowUtc();
  const std::string state(toString(i.state));
  bool inserted = false;
  try {
    inserted = db_.run(std::string(kInsert) +
                "VALUES (:key, :client_id, :receivable_id, :policy_id, :stage_id, :action, :channel, :state, "
                ":for_date, :reason, :now, :now2) ON CONFLICT (unique_key) DO NOTHING RETURNING id",
            soci::use(i.uniqueKey), soci::use(client), soci::use(receivable, receivableInd), soci::use(i.policyId),
            soci::use(i.stageId), soci::use(i.action), soci::use(i.channel), soci::use(state), soci::use(forDate),
            soci::use(i.reason), soci::use(now), soci::use(now), soci::into(id, idInd));
  } catch (const std::exception&) {
    db_.rethrowTranslated("intent " + i.uniqueKey, "o cliente ou o título indicado não existe");
  }
  if (!inserted || idInd != soci::i_ok) return false;
  i.id = id;
  return true;
}

// The engine writes one intent per stage action of every open receivable on its day:
// on SQLite the rows go through the C API (SOCI formats every value as text there);
// PostgreSQL gets one statement prepared for the whole batch.
std::size_t IntentRepository::insertAll(const std::vector<IntentRecord>& intents) {
  if (intents.empty()) return 0;
  const std::string now = Database::nowUtc();
  std::size_t inserted = 0;
  try {
    if (db_.backend() == Backend::kSqlite) {
      // Many rows per statement: SQLite opens the table's and indexes' cursors and
      // checks the foreign keys' tables once per statement, not once per row.
      constexpr std::size_t kRowsPerStatement = 64;
      auto sqlFor = [&](std::size_t rows) {
        std::string sql = std::string(kInsert) + "VALUES ";
        for (std::size_t r = 0; r < rows; ++r) {
          sql += r == 0 ? "(" : ", (";
          for (int c = 0; c < 11; ++c) sql += (c == 0 ? "?" : ", ?");
          sql += ", ?)";
        }
        return sql + " ON CONFLICT (unique_key) DO NOTHING";
      };
      SqliteStatement full(db_, sqlFor(kRowsPerStatement));
      for (std::size_t first = 0; first < intents.size(); first += kRowsPerStatement) {
        const std::size_t rows = std::min(kRowsPerStatement, intents.size() - first);
        std::optional<SqliteStatement> partial;  // the last, shorter chunk
        if (rows < kRowsPerStatement) partial.emplace(db_, sqlFor(rows));
        SqliteStatement& insert = partial ? *partial : full;
        for (std::size_t r = 0; r < rows; ++r) {
          const auto& i = intents[first + r];
          const int at = static_cast<int>(r * 12);
          insert.bind(at + 1, i.uniqueKey);
          insert.bind(at + 2, i.clientId);
          i.receivableId ? insert.bind(at + 3, *i.receivableId) : insert.bindNull(at + 3);
          insert.bind(at + 4, i.policyId);
          insert.bind(at + 5, i.stageId);
          insert.bind(at + 6, i.action);
          insert.bind(at + 7, i.channel);
          insert.bind(at + 8, toString(i.state));  // a literal: valid until execute()
          insert.bind(at + 9, std::int64_t{i.forDate.daysSinceEpoch()});
          insert.bind(at + 10, i.reason);
          insert.bind(at + 11, now);
          insert.bind(at + 12, now);
        }
        inserted += static_cast<std::size_t>(insert.execute());
      }
      return inserted;
    }
    IntentRecord row;
    long client = 0, receivable = 0;
    soci::indicator receivableInd = soci::i_null;
    int day = 0;
    std::string state;
    auto insert =
        db_.statement(std::string(kInsert) +
                          "VALUES (:key, :client, :receivable, :policy, :stage, :action, :channel, :state, "
                          ":day, :reason, :now, :now2) ON CONFLICT (unique_key) DO NOTHING",
                      soci::use(row.uniqueKey), soci::use(client), soci::use(receivable, receivableInd),
                      soci::use(row.policyId), soci::use(row.stageId), soci::use(row.action), soci::use(row.channel),
                      soci::use(state), soci::use(day), soci::use(row.reason), soci::use(now), soci::use(now));
    for (const auto& i : intents) {
      row = i;
      client = i.clientId;
      receivable = i.receivableId.value_or(0);
      receivableInd = i.receivableId ? soci::i_ok : soci::i_null;
      day = i.forDate.daysSinceEpoch();
      state = toString(i.state);
      insert.execute(true);
      inserted += static_cast<std::size_t>(insert.affectedRows());
    }
    return inserted;
  } catch (const std::exception&) {
    db_.rethrowTranslated("gravando intents", "o cliente ou o título da intent não existe");
  }
}

template <class... Params>
std::vector<IntentRecord> IntentRepository::select(const std::string& condition, const std::string& order,
                                                   const Params&... params) {
  std::vector<IntentRecord> out;
  IntentRecord i;
  long id = 0, client = 0, receivable = 0;
  soci::indicator receivableInd = soci::i_ok, doneInd = soci::i_ok;
  int forDate = 0, doneOn = 0;
  std::string state, nextAttempt;
  try {
    auto kept = db_.unboundStatement(
        "SELECT id, unique_key, client_id, receivable_id, policy_id, stage_id, action, channel, state, for_date, "
        "attempts, next_attempt_at, last_error, reason, dispatch_key, done_on, external_ref FROM intents WHERE " +
        condition + " ORDER BY " + order);
    auto& st = kept.soci();
    st.exchange(soci::into(id));
    st.exchange(soci::into(i.uniqueKey));
    st.exchange(soci::into(client));
    st.exchange(soci::into(receivable, receivableInd));
    st.exchange(soci::into(i.policyId));
    st.exchange(soci::into(i.stageId));
    st.exchange(soci::into(i.action));
    st.exchange(soci::into(i.channel));
    st.exchange(soci::into(state));
    st.exchange(soci::into(forDate));
    st.exchange(soci::into(i.attempts));
    st.exchange(soci::into(nextAttempt));
    st.exchange(soci::into(i.lastError));
    st.exchange(soci::into(i.reason));
    st.exchange(soci::into(i.dispatchKey));
    st.exchange(soci::into(doneOn, doneInd));
    st.exchange(soci::into(i.externalRef));
    (st.exchange(soci::use(params)), ...);
    st.define_and_bind();
    st.execute(false);
    while (st.fetch()) {
      i.id = id;
      i.clientId = client;
      i.receivableId = receivableInd == soci::i_ok ? std::optional<std::int64_t>(receivable) : std::nullopt;
      i.state = stateFrom(state);
      i.nextAttemptAt = attemptFromColumn(nextAttempt);
      i.forDate = Date::fromDaysSinceEpoch(forDate);
      i.doneOn = doneInd == soci::i_ok ? std::optional<Date>(Date::fromDaysSinceEpoch(doneOn)) : std::nullopt;
      out.push_back(i);
    }
  } catch (const std::exception&) {
    db_.rethrowTranslated("lendo intents");
  }
  return out;
}

std::optional<IntentRecord> IntentRepository::findByKey(const std::string& uniqueKey) {
  auto found = select("unique_key = :key", "id", uniqueKey);
  if (found.empty()) return std::nullopt;
  return found.front();
}

std::vector<IntentRecord> IntentRepository::listByState(IntentState state) {
  return select("state = :state", "id", std::string(toString(state)));
}

std::vector<IntentRecord> IntentRepository::listForReceivable(std::int64_t receivableId) {
  // Through intents_client: the receivable's client narrows the search (schema v3).
  return select("(client_id, receivable_id) IN (SELECT client_id, id FROM receivables WHERE id = :id)", "id",
                static_cast<long>(receivableId));
}

std::vector<IntentRecord> IntentRepository::doneForClient(std::int64_t clientId) {
  return select("client_id = :id AND state = 'done'", "done_on DESC, id DESC", static_cast<long>(clientId));
}

std::vector<IntentRecord> IntentRepository::dueAfterClient(UtcTime now, std::int64_t afterClient,
                                                         std::int64_t lastClient, std::size_t rows) {
  const std::string at = formatUtc(now);
  const long after = static_cast<long>(afterClient), last = static_cast<long>(lastClient);
  const int limit = static_cast<int>(rows);
  auto out = select("state = 'pending' AND next_attempt_at <= :now AND client_id > :after AND client_id <= :last",
                    "client_id, id LIMIT :n", at, after, last, limit);
  if (out.size() == rows) {  // the last client may go on past the limit: it comes whole
    const long last = static_cast<long>(out.back().clientId), lastId = static_cast<long>(out.back().id);
    auto rest = select("state = 'pending' AND next_attempt_at <= :now AND client_id = :client AND id > :id", "id", at,
                       last, lastId);
    out.insert(out.end(), std::make_move_iterator(rest.begin()), std::make_move_iterator(rest.end()));
  }
  return out;
}

void IntentRepository::updateState(std::int64_t id, IntentState newState, int attempts,
                                   std::optional<UtcTime> next, const std::string& lastError) {
  long intentId = id;
  const std::string now = Database::nowUtc();
  const std::string state(toString(newState)), nextAttemptAt = attemptColumn(next);
  try {
    db_.run(
        "UPDATE intents SET state = :state, attempts = :attempts, next_attempt_at = :next, "
        "last_error = :error, updated_at = :now WHERE id = :id",
        soci::use(state), soci::use(attempts), soci::use(nextAttemptAt), soci::use(lastError), soci::use(now),
        soci::use(intentId));
  } catch (const std::exception&) {
    db_.rethrowTranslated("intent " + std::to_string(id));
  }
}

void IntentRepository::assignDispatchKey(const std::vector<std::int64_t>& ids, const std::string& key,
                                         const std::string& channel) {
  const std::string now = Database::nowUtc(), idList = db_.idsParameter(ids);
  try {
    db_.run("UPDATE intents SET dispatch_key = :key, channel = :channel, updated_at = :now WHERE " + db_.columnInIds("id"),
            soci::use(key), soci::use(channel), soci::use(now), soci::use(idList));
  } catch (const std::exception&) {
    db_.rethrowTranslated("despacho " + key);
  }
}

void IntentRepository::countAttempt(const std::vector<std::int64_t>& ids) {
  changeAttempts(ids, "attempts + 1", "contando tentativa");
}

void IntentRepository::takeBackAttempt(const std::vector<std::int64_t>& ids) {
  changeAttempts(ids, "CASE WHEN attempts > 0 THEN attempts - 1 ELSE 0 END", "devolvendo tentativa não feita");
}

void IntentRepository::changeAttempts(const std::vector<std::int64_t>& ids, const char* newCount,
                                      const std::string& context) {
  const std::string now = Database::nowUtc(), idList = db_.idsParameter(ids);
  try {
    db_.run(std::string("UPDATE intents SET attempts = ") + newCount + ", updated_at = :now WHERE " + db_.columnInIds("id"),
            soci::use(now), soci::use(idList));
  } catch (const std::exception&) {
    db_.rethrowTranslated(context);
  }
}

void IntentRepository::markDone(const std::vector<std::int64_t>& ids, Date doneOn, const std::string& externalRef,
                                const std::string& note) {
  const int day = doneOn.daysSinceEpoch();
  const std::string now = Database::nowUtc(), idList = db_.idsParameter(ids);
  try {
    db_.run("UPDATE intents SET state = 'done', done_on = :day, external_ref = :ref, last_error = :note, updated_at = :now "
            "WHERE " + db_.columnInIds("id"),
            soci::use(day), soci::use(externalRef), soci::use(note), soci::use(now), soci::use(idList));
  } catch (const std::exception&) {
    db_.rethrowTranslated("concluindo intents");
  }
}

std::size_t IntentRepository::cancelPendingForReceivable(std::int64_t receivableId, const std::string& why) {
  return cancelPendingForReceivables({receivableId}, why);
}

std::size_t IntentRepository::cancelPendingForReceivables(const std::vector<std::int64_t>& receivableIds,
                                                          const std::string& why) {
  if (receivableIds.empty()) return 0;
  const std::string now = Database::nowUtc();
  try {
    stageIds(db_, "cancelled_receivables", receivableIds);
    auto st = db_.statement(
        "UPDATE intents SET state = 'cancelled', last_error = :why, "
        "updated_at = :now WHERE state = 'pending' AND (client_id, receivable_id) IN "
        "(SELECT client_id, id FROM receivables WHERE id IN (SELECT id FROM cancelled_receivables))",
        soci::use(why), soci::use(now));
    st.execute(true);
    return static_cast<std::size_t>(st.affectedRows());
  } catch (const std::exception&) {
    db_.rethrowTranslated(receivableIds.size() == 1 ? "cancelando intents do título " + std::to_string(receivableIds.front())
                                                    : "cancelando intents de " + std::to_string(receivableIds.size()) +
                                                          " títulos");
  }
}

std::optional<IntentState> IntentRepository::stageMessageState(std::int64_t clientId, const std::string& stageId) {
  long client = clientId;
  int pending = 0, done = 0, failed = 0;
  try {
    db_.run(
        "SELECT COUNT(CASE WHEN state = 'pending' THEN 1 END), COUNT(CASE WHEN state = 'done' THEN 1 END), "
        "COUNT(CASE WHEN state = 'failed' THEN 1 END) FROM intents "
        "WHERE client_id = :client AND stage_id = :stage AND channel <> ''",
        soci::use(client), soci::use(stageId), soci::into(pending), soci::into(done), soci::into(failed));
  } catch (const std::exception&) {
    db_.rethrowTranslated("lendo as mensagens do estágio " + stageId);
  }
  if (pending > 0) return IntentState::kPending;
  if (done > 0) return IntentState::kDone;
  if (failed > 0) return IntentState::kFailed;
  return std::nullopt;
}

bool IntentRepository::messagedOn(std::int64_t clientId, const std::string& channel, Date day) {
  long client = clientId;
  int on = day.daysSinceEpoch(), count = 0;
  try {
    db_.run(
        "SELECT COUNT(*) FROM intents WHERE client_id = :client AND channel = :channel AND state = 'done' "
        "AND done_on = :day",
        soci::use(client), soci::use(channel), soci::use(on), soci::into(count));
  } catch (const std::exception&) {
    db_.rethrowTranslated("lendo mensagens do cliente " + std::to_string(clientId));
  }
  return count > 0;
}

std::vector<Date> IntentRepository::messageDaysSince(std::int64_t clientId, Date from) {
  std::vector<Date> out;
  long client = clientId;
  int day = from.daysSinceEpoch(), done = 0;
  try {
    auto st = db_.statement(
        "SELECT MIN(done_on) FROM intents WHERE client_id = :client AND "
        "channel <> '' AND state = 'done' AND done_on >= :from "
        "GROUP BY dispatch_key ORDER BY 1",
        soci::use(client), soci::use(day), soci::into(done));
    st.execute();
    while (st.fetch()) out.push_back(Date::fromDaysSinceEpoch(done));
  } catch (const std::exception&) {
    db_.rethrowTranslated("lendo mensagens do cliente " + std::to_string(clientId));
  }
  return out;
}

}  // namespace regua::store
