// The office's staff who sign in to the pages, and their sessions. Only a slow salted
// hash of each password and a hash of each session cookie are stored (services/staff.hpp
// makes and checks them).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/database.hpp"

namespace regua::store {

struct UserRecord {
  std::int64_t id = 0;
  std::string email, role, passwordHash;  // passwordHash "" until a password is set
  int failedAttempts = 0;
  std::optional<std::string> lockedUntil;  // UTC
  std::string createdAt;
};

struct SessionRecord {
  std::int64_t userId = 0;
  std::string csrf, expiresAt;  // expiresAt UTC
};

class UserRepository {
 public:
  explicit UserRepository(Database& db) : db_(db) {}
  // Throws StoreError kConflict when `email` is taken.
  std::int64_t insert(const std::string& email, const std::string& role);
  std::optional<UserRecord> findByEmail(const std::string& email);
  std::optional<UserRecord> find(std::int64_t id);
  std::vector<UserRecord> list();  // by e-mail
  // A new password also lifts a lockout and ends every session of the user.
  void setPassword(std::int64_t id, const std::string& passwordHash);
  // Counts a failed sign-in; from `lockAfter` failures on, the user stays locked until
  // `lockedUntil`. Returns the count.
  int recordFailure(std::int64_t id, int lockAfter, const std::string& lockedUntil);
  void clearFailures(std::int64_t id);

  void insertSession(const std::string& tokenHash, std::int64_t userId, const std::string& csrf,
                     const std::string& expiresAt);
  std::optional<SessionRecord> findSession(const std::string& tokenHash);
  void deleteSession(const std::string& tokenHash);

 private:
  std::vector<UserRecord> select(const std::string& condition, const std::string& param);
  Database& db_;
};

}  // namespace regua::store
