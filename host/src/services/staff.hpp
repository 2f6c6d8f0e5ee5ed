// The office's staff on the pages. `regua user create` adds a person with a role (the API
// key roles, but for people: admin, operador, leitura), `regua user password` sets the
// password, kept only as an Argon2id hash (libsodium). Signing in opens a session: a
// random cookie of which only a hash is stored, with its own CSRF token for every form.
// Five wrong passwords in a row lock the account for 15 minutes.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "services/api_keys.hpp"
#include "store/database.hpp"
#include "store/user_repository.hpp"

namespace regua::services {

inline constexpr int kSignInAttempts = 5;
inline constexpr int kLockoutMinutes = 15;
inline constexpr int kSessionHours = 12;
inline constexpr std::size_t kMinPasswordLength = 10;
inline constexpr std::string_view kStaffRoleNames = "admin, operador ou leitura";

// A user cannot be made or changed as asked; the message (pt-BR) says why and what to do.
class StaffError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Throws StaffError for a malformed e-mail, a role people cannot have, or a taken e-mail.
store::UserRecord createUser(store::Database& db, const std::string& email, const std::string& role);
// Throws StaffError for an unknown user or a password shorter than kMinPasswordLength.
// Lifts a lockout and ends the user's sessions.
void setPassword(store::Database& db, const std::string& email, const std::string& password);
std::vector<store::UserRecord> listUsers(store::Database& db);

struct StaffSession {
  std::int64_t userId = 0;
  std::string email;
  Role role = Role::kLeitura;
  std::string csrf;  // the token every form of this session carries
};

struct SignIn {
  enum class Outcome { kOk, kRefused, kLocked } outcome = Outcome::kRefused;
  std::string cookie;          // kOk: the session's cookie value (shown once, never stored)
  StaffSession session;        // kOk
  std::string lockedUntil;     // kLocked: when it opens again, office time ("02/12/2026 14:05")
};

// A wrong e-mail and a wrong password are refused alike (same answer, same slow hash).
SignIn signIn(store::Database& db, const std::string& email, const std::string& password);
// The session `cookie` opens, while it has not expired and its user exists.
std::optional<StaffSession> sessionFor(store::Database& db, const std::string& cookie);
void signOut(store::Database& db, const std::string& cookie);

// 32 random bytes, URL-safe base64: session cookies and the forms' CSRF tokens.
std::string randomToken();
// Compares two tokens in constant time.
bool sameToken(const std::string& expected, const std::string& presented);

}  // namespace regua::services
