// The REST API's keys and the answers kept for Idempotency-Key. Only a hash of each key
// is stored (services/api_keys.hpp makes and checks it); the key itself never is.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/database.hpp"

namespace regua::store {

struct ApiKeyRecord {
  std::int64_t id = 0;
  std::string name, role, secretHash, createdAt;
  std::optional<std::string> revokedAt;  // UTC; nothing while the key works
};

// The first answer given to a request carrying an Idempotency-Key.
struct IdempotentAnswer {
  std::string requestHash;  // of method, path and body: the same key with another request is refused
  int status = 0;
  std::string body;
};

class ApiKeyRepository {
 public:
  explicit ApiKeyRepository(Database& db) : db_(db) {}
  // Throws StoreError kConflict when an active key already has `name`.
  std::int64_t insert(const std::string& name, const std::string& role, const std::string& secretHash);
  std::optional<ApiKeyRecord> find(std::int64_t id);
  std::vector<ApiKeyRecord> list();  // newest first, revoked ones too
  // Revokes the active key called `name`; false when there is none.
  bool revoke(const std::string& name);

  std::optional<IdempotentAnswer> answerFor(std::int64_t keyId, const std::string& idempotencyKey);
  // False when another request stored an answer for the same key first.
  bool keepAnswer(std::int64_t keyId, const std::string& idempotencyKey, const IdempotentAnswer& answer);

 private:
  std::vector<ApiKeyRecord> select(const std::string& condition, long param);
  Database& db_;
};

}  // namespace regua::store
