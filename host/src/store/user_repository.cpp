#include "store/user_repository.hpp"

namespace regua::store {

std::int64_t UserRepository::insert(const std::string& email, const std::string& role) {
  const std::string now = Database::nowUtc();
  long id = 0;
  try {
    db_.run("INSERT INTO users (email, role, created_at) VALUES (:email, :role, :now) RETURNING id", soci::use(email),
            soci::use(role), soci::use(now), soci::into(id));
  } catch (const std::exception&) {
    db_.rethrowTranslated("usuário " + email);
  }
  return id;
}

std::vector<UserRecord> UserRepository::select(const std::string& condition, const std::string& param) {
  std::vector<UserRecord> out;
  UserRecord r;
  long id = 0;
  std::string locked;
  soci::indicator lockedInd = soci::i_null;
  try {
    auto st = db_.statement(
        "SELECT id, email, role, password_hash, failed_attempts, locked_until, created_at FROM users " + condition,
        soci::into(id), soci::into(r.email), soci::into(r.role), soci::into(r.passwordHash),
        soci::into(r.failedAttempts), soci::into(locked, lockedInd), soci::into(r.createdAt), soci::use(param));
    st.execute();
    while (st.fetch()) {
      r.id = id;
      r.lockedUntil = lockedInd == soci::i_ok ? std::optional(locked) : std::nullopt;
      out.push_back(r);
    }
  } catch (const std::exception&) {
    db_.rethrowTranslated("usuários");
  }
  return out;
}

std::optional<UserRecord> UserRepository::findByEmail(const std::string& email) {
  auto found = select("WHERE email = :email", email);
  if (found.empty()) return std::nullopt;
  return found.front();
}

std::optional<UserRecord> UserRepository::find(std::int64_t id) {
  auto found = select("WHERE id = CAST(:id AS BIGINT)", std::to_string(id));
  if (found.empty()) return std::nullopt;
  return found.front();
}

std::vector<UserRecord> UserRepository::list() { return select("WHERE email <> :none ORDER BY email", ""); }

void UserRepository::setPassword(std::int64_t id, const std::string& passwordHash) {
  const long userId = static_cast<long>(id);
  db_.transaction([&] {
    db_.run("UPDATE users SET password_hash = :hash, failed_attempts = 0, locked_until = NULL WHERE id = :id",
            soci::use(passwordHash), soci::use(userId));
    db_.run("DELETE FROM web_sessions WHERE user_id = :id", soci::use(userId));
  });
}

int UserRepository::recordFailure(std::int64_t id, int lockAfter, const std::string& lockedUntil) {
  const long userId = static_cast<long>(id);
  int failures = 0;
  db_.transaction([&] {
    db_.run("UPDATE users SET failed_attempts = failed_attempts + 1 WHERE id = :id", soci::use(userId));
    db_.run("SELECT failed_attempts FROM users WHERE id = :id", soci::use(userId), soci::into(failures));
    if (failures >= lockAfter) {
      db_.run("UPDATE users SET locked_until = :until WHERE id = :id", soci::use(lockedUntil), soci::use(userId));
    }
  });
  return failures;
}

void UserRepository::clearFailures(std::int64_t id) {
  const long userId = static_cast<long>(id);
  db_.run("UPDATE users SET failed_attempts = 0, locked_until = NULL WHERE id = :id", soci::use(userId));
}

void UserRepository::insertSession(const std::string& tokenHash, std::int64_t userId, const std::string& csrf,
                                   const std::string& expiresAt) {
  const long user = static_cast<long>(userId);
  const std::string now = Database::nowUtc();
  db_.run(
      "INSERT INTO web_sessions (token_hash, user_id, csrf, created_at, expires_at) "
      "VALUES (:hash, :user, :csrf, :now, :expires)",
      soci::use(tokenHash), soci::use(user), soci::use(csrf), soci::use(now), soci::use(expiresAt));
}

std::optional<SessionRecord> UserRepository::findSession(const std::string& tokenHash) {
  SessionRecord r;
  long user = 0;
  if (!db_.run("SELECT user_id, csrf, expires_at FROM web_sessions WHERE token_hash = :hash", soci::use(tokenHash),
               soci::into(user), soci::into(r.csrf), soci::into(r.expiresAt))) {
    return std::nullopt;
  }
  r.userId = user;
  return r;
}

void UserRepository::deleteSession(const std::string& tokenHash) {
  db_.run("DELETE FROM web_sessions WHERE token_hash = :hash", soci::use(tokenHash));
}

}  // namespace regua::store
