#include "store/intent_repository.hpp"

namespace regua::store {

bool IntentRepository::insertIfAbsent(IntentRecord& i) {
  long client = i.clientId, receivable = i.receivableId.value_or(0), id = 0;
  soci::indicator receivableInd = i.receivableId ? soci::i_ok : soci::i_null;
  soci::indicator idInd = soci::i_null;
  int forDate = i.forDate.daysSinceEpoch();
  const std::string now = Database::nowUtc();
  try {
    db_.sql() << "INSERT INTO intents (unique_key, client_id, receivable_id, policy_id, stage_id, action, channel, "
                 "state, for_date, reason, created_at, updated_at) VALUES (:key, :client_id, :receivable_id, "
                 ":policy_id, :stage_id, :action, :channel, :state, :for_date, :reason, :now, :now2) "
                 "ON CONFLICT (unique_key) DO NOTHING RETURNING id",
        soci::use(i.uniqueKey), soci::use(client), soci::use(receivable, receivableInd), soci::use(i.policyId),
        soci::use(i.stageId), soci::use(i.action), soci::use(i.channel), soci::use(i.state), soci::use(forDate),
        soci::use(i.reason), soci::use(now), soci::use(now), soci::into(id, idInd);
  } catch (const std::exception&) {
    db_.rethrowTranslated("intent " + i.uniqueKey, "o cliente ou o título indicado não existe");
  }
  if (!db_.sql().got_data() || idInd != soci::i_ok) return false;
  i.id = id;
  return true;
}

std::vector<IntentRecord> IntentRepository::select(const std::string& condition, const std::string& param) {
  std::vector<IntentRecord> out;
  IntentRecord i;
  long id = 0, client = 0, receivable = 0;
  soci::indicator receivableInd = soci::i_ok;
  int forDate = 0;
  try {
    soci::statement st =
        (db_.sql().prepare << "SELECT id, unique_key, client_id, receivable_id, policy_id, stage_id, action, channel, "
                              "state, for_date, attempts, next_attempt_at, last_error, reason FROM intents WHERE "
                           << condition << " ORDER BY id",
         soci::into(id), soci::into(i.uniqueKey), soci::into(client), soci::into(receivable, receivableInd),
         soci::into(i.policyId), soci::into(i.stageId), soci::into(i.action), soci::into(i.channel),
         soci::into(i.state), soci::into(forDate), soci::into(i.attempts), soci::into(i.nextAttemptAt),
         soci::into(i.lastError), soci::into(i.reason), soci::use(param));
    st.execute();
    while (st.fetch()) {
      i.id = id;
      i.clientId = client;
      i.receivableId = receivableInd == soci::i_ok ? std::optional<std::int64_t>(receivable) : std::nullopt;
      i.forDate = Date::fromDaysSinceEpoch(forDate);
      out.push_back(i);
    }
  } catch (const std::exception&) {
    db_.rethrowTranslated("lendo intents");
  }
  return out;
}

std::optional<IntentRecord> IntentRepository::findByKey(const std::string& uniqueKey) {
  auto found = select("unique_key = :key", uniqueKey);
  if (found.empty()) return std::nullopt;
  return found.front();
}

std::vector<IntentRecord> IntentRepository::listByState(const std::string& state) {
  return select("state = :state", state);
}

void IntentRepository::updateState(std::int64_t id, const std::string& state, int attempts,
                                   const std::string& nextAttemptAt, const std::string& lastError) {
  long intentId = id;
  const std::string now = Database::nowUtc();
  try {
    db_.sql() << "UPDATE intents SET state = :state, attempts = :attempts, next_attempt_at = :next, "
                 "last_error = :error, updated_at = :now WHERE id = :id",
        soci::use(state), soci::use(attempts), soci::use(nextAttemptAt), soci::use(lastError), soci::use(now),
        soci::use(intentId);
  } catch (const std::exception&) {
    db_.rethrowTranslated("intent " + std::to_string(id));
  }
}

}  // namespace regua::store
