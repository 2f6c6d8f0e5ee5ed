// The REST API's keys: made once and shown once (`regua api-key create`), kept only as
// an Argon2id hash (libsodium), checked on every request. A key reads "rgk_<id>_<64 hex>":
// the id finds its row, the secret is checked against the hash.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "store/api_key_repository.hpp"
#include "store/database.hpp"

namespace regua::services {

// What a key may do (see http::Access for the routes each one reaches).
enum class Role { kAdmin, kOperador, kLeitura, kIntegracao };
std::optional<Role> roleFromName(std::string_view name);
std::string_view roleName(Role role);
inline constexpr std::string_view kRoleNames = "admin, operador, leitura ou integracao";

// A key cannot be made or revoked as asked; the message (pt-BR) says why and what to do.
class ApiKeyError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct NewApiKey {
  store::ApiKeyRecord record;
  std::string key;  // shown once; never stored
};

// Throws ApiKeyError for an empty name, an unknown role or a name an active key has.
NewApiKey createApiKey(store::Database& db, const std::string& name, const std::string& role);
std::vector<store::ApiKeyRecord> listApiKeys(store::Database& db);
// Throws ApiKeyError when no active key has `name`.
void revokeApiKey(store::Database& db, const std::string& name);

// Starts libsodium once; throws when it cannot.
void requireSodium();
// A slow, salted hash (Argon2id, libsodium's interactive limits) of an API key's secret
// or a person's password, and its check in constant time.
std::string slowHash(std::string_view secret);
bool slowHashMatches(const std::string& hash, std::string_view secret);

// A hex digest of `text` (BLAKE2b-256): how a repeated Idempotency-Key is compared with
// the request it first came with.
std::string digestHex(std::string_view text);

struct ApiCaller {
  std::int64_t keyId = 0;
  std::string name;
  Role role = Role::kLeitura;
};

// Checks presented keys. The Argon2id check is slow on purpose (tens of milliseconds),
// so a key that passed it is remembered as a keyed BLAKE2b digest for this process;
// revocation is still read from the store on every request. Thread-safe.
class ApiKeyVerifier {
 public:
  ApiKeyVerifier();
  enum class Outcome { kOk, kMalformed, kUnknown, kRevoked };
  Outcome verify(store::Database& db, std::string_view presented, ApiCaller& caller);
  // How many presented keys went through the slow hash so far.
  std::size_t slowChecks() const { return slowChecks_; }

 private:
  bool remembered(std::int64_t id, const std::string& digest);

  std::mutex mutex_;  // guards verified_
  std::map<std::int64_t, std::string> verified_;  // key id -> digest of its secret
  // One slow verification at a time: when a client opens 64 connections with a key the
  // process has not seen, the first verifies it and the rest find it remembered, instead
  // of 64 Argon2id runs (64 MiB each) starving the workers for seconds.
  std::mutex slowPath_;
  std::atomic<std::size_t> slowChecks_{0};
  std::string digestKey_;                         // random, per process
};

}  // namespace regua::services
