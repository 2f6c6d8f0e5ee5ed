// Intents: the outbox of actions the engine decided on. The unique key (receivable,
// stage, action) is enforced by the database, so an action is recorded at most once
// however many times, or from however many hosts, the engine runs.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <regua/value.hpp>

#include "store/database.hpp"

namespace regua::store {

struct IntentRecord {
  std::int64_t id = 0;
  std::string uniqueKey;
  std::int64_t clientId = 0;
  std::optional<std::int64_t> receivableId;
  std::string policyId, stageId, action, channel;
  std::string state = "pending";  // pending, done, failed, skipped, cancelled
  Date forDate;
  int attempts = 0;
  std::string nextAttemptAt;
  std::string lastError;
  std::string reason;
};

class IntentRepository {
 public:
  explicit IntentRepository(Database& db) : db_(db) {}
  // Records the intent unless one with its key exists. Returns true and sets intent.id
  // when it was created; false (and intent untouched) when the key was already taken.
  bool insertIfAbsent(IntentRecord& intent);
  std::optional<IntentRecord> findByKey(const std::string& uniqueKey);
  void updateState(std::int64_t id, const std::string& state, int attempts, const std::string& nextAttemptAt,
                   const std::string& lastError);
  std::vector<IntentRecord> listByState(const std::string& state);

 private:
  std::vector<IntentRecord> select(const std::string& condition, const std::string& param);
  Database& db_;
};

}  // namespace regua::store
