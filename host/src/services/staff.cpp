#include "services/staff.hpp"

#include <chrono>

#include <sodium.h>

#include "common/office_time.hpp"
#include "common/utc_time.hpp"

namespace regua::services {

namespace {

// The hash checked when the e-mail is unknown, so that answer takes as long as a wrong
// password and does not tell who has an account.
const std::string& decoyHash() {
  static const std::string hash = slowHash(randomToken());
  return hash;
}

bool validEmail(const std::string& email) {
  const auto at = email.find('@');
  return at != std::string::npos && at > 0 && email.find('@', at + 1) == std::string::npos &&
         email.find('.', at) != std::string::npos && email.back() != '.' && email.size() <= 254 &&
         email.find_first_of(" \t\r\n<>,;\"") == std::string::npos;
}

std::string lowercase(std::string text) {
  for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

}  // namespace

std::string randomToken() {
  requireSodium();
  unsigned char bytes[32];
  randombytes_buf(bytes, sizeof bytes);
  char text[sodium_base64_ENCODED_LEN(sizeof bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  sodium_bin2base64(text, sizeof text, bytes, sizeof bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return text;
}

bool sameToken(const std::string& expected, const std::string& presented) {
  return !expected.empty() && expected.size() == presented.size() &&
         sodium_memcmp(expected.data(), presented.data(), expected.size()) == 0;
}

store::UserRecord createUser(store::Database& db, const std::string& emailGiven, const std::string& role) {
  const std::string email = lowercase(emailGiven);
  if (!validEmail(email)) throw StaffError("e-mail inválido: '" + emailGiven + "'; use o e-mail da pessoa (nome@dominio)");
  const auto parsed = roleFromName(role);
  if (!parsed || *parsed == Role::kIntegracao) {
    throw StaffError("papel '" + role + "' não vale para pessoas; use " + std::string(kStaffRoleNames));
  }
  store::UserRepository users(db);
  if (users.findByEmail(email)) throw StaffError("já existe um usuário " + email + "; troque a senha com regua user password");
  store::UserRecord made;
  made.id = users.insert(email, role);
  made.email = email;
  made.role = role;
  return made;
}

void setPassword(store::Database& db, const std::string& emailGiven, const std::string& password) {
  store::UserRepository users(db);
  const auto user = users.findByEmail(lowercase(emailGiven));
  if (!user) throw StaffError("não há usuário " + emailGiven + "; crie-o com regua user create --email E --role PAPEL");
  if (password.size() < kMinPasswordLength) {
    throw StaffError("a senha precisa de pelo menos " + std::to_string(kMinPasswordLength) + " caracteres");
  }
  users.setPassword(user->id, slowHash(password));
}

std::vector<store::UserRecord> listUsers(store::Database& db) { return store::UserRepository(db).list(); }

SignIn signIn(store::Database& db, const std::string& emailGiven, const std::string& password) {
  SignIn result;
  store::UserRepository users(db);
  const auto user = users.findByEmail(lowercase(emailGiven));
  const auto now = utcNow();
  if (user && user->lockedUntil) {
    if (parseUtc(*user->lockedUntil).value_or(now) > now) {
      result.outcome = SignIn::Outcome::kLocked;
      result.lockedUntil = formatLocal(*parseUtc(*user->lockedUntil));
      return result;
    }
    users.clearFailures(user->id);  // the lock ran out: five more tries
  }
  const std::string& hash = user && !user->passwordHash.empty() ? user->passwordHash : decoyHash();
  const bool matches = slowHashMatches(hash, password);
  if (!user || user->passwordHash.empty()) return result;
  if (!matches) {
    const auto until = now + std::chrono::minutes(kLockoutMinutes);
    if (users.recordFailure(user->id, kSignInAttempts, formatUtc(until)) >= kSignInAttempts) {
      result.outcome = SignIn::Outcome::kLocked;
      result.lockedUntil = formatLocal(until);
    }
    return result;
  }
  users.clearFailures(user->id);
  result.outcome = SignIn::Outcome::kOk;
  result.cookie = randomToken();
  result.session = {user->id, user->email, *roleFromName(user->role), randomToken()};
  users.insertSession(digestHex(result.cookie), user->id, result.session.csrf,
                      formatUtc(now + std::chrono::hours(kSessionHours)));
  return result;
}

std::optional<StaffSession> sessionFor(store::Database& db, const std::string& cookie) {
  if (cookie.empty() || cookie.size() > 100) return std::nullopt;
  store::UserRepository users(db);
  const std::string key = digestHex(cookie);
  const auto session = users.findSession(key);
  if (!session) return std::nullopt;
  if (parseUtc(session->expiresAt).value_or(UtcTime{}) <= utcNow()) {
    users.deleteSession(key);
    return std::nullopt;
  }
  const auto user = users.find(session->userId);
  if (!user) return std::nullopt;
  return StaffSession{user->id, user->email, *roleFromName(user->role), session->csrf};
}

void signOut(store::Database& db, const std::string& cookie) {
  if (!cookie.empty()) store::UserRepository(db).deleteSession(digestHex(cookie));
}

}  // namespace regua::services
