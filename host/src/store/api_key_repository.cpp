#include "store/api_key_repository.hpp"

namespace regua::store {

std::int64_t ApiKeyRepository::insert(const std::string& name, const std::string& role, const std::string& secretHash) {
  const std::string now = Database::nowUtc();
  long id = 0;
  try {
    db_.run(
        "INSERT INTO api_keys (name, role, secret_hash, created_at) VALUES (:name, :role, :hash, :now) "
        "RETURNING id",
        soci::use(name), soci::use(role), soci::use(secretHash), soci::use(now), soci::into(id));
  } catch (const std::exception&) {
    db_.rethrowTranslated("chave " + name);
  }
  return id;
}

std::vector<ApiKeyRecord> ApiKeyRepository::select(const std::string& condition, long param) {
  std::vector<ApiKeyRecord> out;
  ApiKeyRecord r;
  long id = 0;
  std::string revoked;
  soci::indicator revokedInd = soci::i_null;
  try {
    auto st = db_.statement("SELECT id, name, role, secret_hash, created_at, revoked_at FROM api_keys " + condition,
                            soci::into(id), soci::into(r.name), soci::into(r.role), soci::into(r.secretHash),
                            soci::into(r.createdAt), soci::into(revoked, revokedInd), soci::use(param));
    st.execute();
    while (st.fetch()) {
      r.id = id;
      r.revokedAt = revokedInd == soci::i_ok ? std::optional(revoked) : std::nullopt;
      out.push_back(r);
    }
  } catch (const std::exception&) {
    db_.rethrowTranslated("chaves de acesso");
  }
  return out;
}

std::optional<ApiKeyRecord> ApiKeyRepository::find(std::int64_t id) {
  auto found = select("WHERE id = :id", static_cast<long>(id));
  if (found.empty()) return std::nullopt;
  return found.front();
}

std::vector<ApiKeyRecord> ApiKeyRepository::list() { return select("WHERE id > :none ORDER BY id DESC", 0); }

bool ApiKeyRepository::revoke(const std::string& name) {
  const std::string now = Database::nowUtc();
  try {
    auto st = db_.statement("UPDATE api_keys SET revoked_at = :now WHERE name = :name AND revoked_at IS NULL",
                            soci::use(now), soci::use(name));
    st.execute(true);
    return st.affectedRows() > 0;
  } catch (const std::exception&) {
    db_.rethrowTranslated("chave " + name);
  }
}

std::optional<IdempotentAnswer> ApiKeyRepository::answerFor(std::int64_t keyId, const std::string& idempotencyKey) {
  try {
    const long long key = keyId;
    IdempotentAnswer answer;
    soci::indicator ind = soci::i_null;
    const bool found = db_.run("SELECT request_hash, status, body FROM idempotent_answers WHERE key_id = :k AND idempotency_key = :i",
            soci::into(answer.requestHash, ind), soci::into(answer.status), soci::into(answer.body), soci::use(key),
            soci::use(idempotencyKey));
    if (!found || ind != soci::i_ok) return std::nullopt;
    return answer;
  } catch (const std::exception&) {
    db_.rethrowTranslated("Idempotency-Key " + idempotencyKey);
  }
}

bool ApiKeyRepository::keepAnswer(std::int64_t keyId, const std::string& idempotencyKey, const IdempotentAnswer& answer) {
  const std::string now = Database::nowUtc();
  try {
    const long long key = keyId;
    auto st = db_.statement(
        "INSERT INTO idempotent_answers (key_id, idempotency_key, request_hash, "
        "status, body, created_at) VALUES (:k, :i, :h, :s, :b, :now) "
        "ON CONFLICT DO NOTHING",
        soci::use(key), soci::use(idempotencyKey), soci::use(answer.requestHash), soci::use(answer.status),
        soci::use(answer.body), soci::use(now));
    st.execute(true);
    return st.affectedRows() > 0;
  } catch (const std::exception&) {
    db_.rethrowTranslated("Idempotency-Key " + idempotencyKey);
  }
}

}  // namespace regua::store
