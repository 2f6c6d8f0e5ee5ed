#include "services/api_keys.hpp"

#include <array>

#include <sodium.h>

namespace regua::services {

namespace {

constexpr std::string_view kPrefix = "rgk_";
constexpr std::size_t kSecretBytes = 32;

std::string toHex(const unsigned char* bytes, std::size_t size) {
  std::string hex(size * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), bytes, size);
  hex.pop_back();
  return hex;
}

// "rgk_<id>_<hex>" -> id and secret; nothing when it does not have that shape.
std::optional<std::pair<std::int64_t, std::string_view>> splitKey(std::string_view key) {
  if (key.substr(0, kPrefix.size()) != kPrefix) return std::nullopt;
  key.remove_prefix(kPrefix.size());
  const auto underscore = key.find('_');
  if (underscore == 0 || underscore == std::string_view::npos || underscore > 18) return std::nullopt;
  std::int64_t id = 0;
  for (char c : key.substr(0, underscore)) {
    if (c < '0' || c > '9') return std::nullopt;
    id = id * 10 + (c - '0');
  }
  const auto secret = key.substr(underscore + 1);
  if (secret.size() != kSecretBytes * 2) return std::nullopt;
  return std::pair(id, secret);
}

}  // namespace

void requireSodium() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium não inicializou");
}

std::string slowHash(std::string_view secret) {
  requireSodium();
  char hash[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(hash, secret.data(), secret.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
    throw std::runtime_error("sem memória para o hash lento (Argon2id)");
  }
  return hash;
}

bool slowHashMatches(const std::string& hash, std::string_view secret) {
  requireSodium();
  return crypto_pwhash_str_verify(hash.c_str(), secret.data(), secret.size()) == 0;
}

std::string digestHex(std::string_view text) {
  requireSodium();
  unsigned char digest[crypto_generichash_BYTES];
  crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(text.data()), text.size(), nullptr, 0);
  return toHex(digest, sizeof digest);
}

std::optional<Role> roleFromName(std::string_view name) {
  if (name == "admin") return Role::kAdmin;
  if (name == "operador") return Role::kOperador;
  if (name == "leitura") return Role::kLeitura;
  if (name == "integracao") return Role::kIntegracao;
  return std::nullopt;
}

std::string_view roleName(Role role) {
  switch (role) {
    case Role::kAdmin: return "admin";
    case Role::kOperador: return "operador";
    case Role::kLeitura: return "leitura";
    case Role::kIntegracao: return "integracao";
  }
  return "?";
}

NewApiKey createApiKey(store::Database& db, const std::string& name, const std::string& role) {
  requireSodium();
  if (name.empty()) throw ApiKeyError("falta o nome da chave (--name), por exemplo o sistema que vai usá-la");
  if (!roleFromName(role)) {
    throw ApiKeyError("papel '" + role + "' desconhecido; use " + std::string(kRoleNames));
  }
  store::ApiKeyRepository keys(db);
  for (const auto& k : keys.list()) {
    if (k.name == name && !k.revokedAt) {
      throw ApiKeyError("já existe uma chave ativa chamada '" + name + "'; revogue-a (regua api-key revoke " + name +
                        ") ou escolha outro nome");
    }
  }
  std::array<unsigned char, kSecretBytes> secretBytes{};
  randombytes_buf(secretBytes.data(), secretBytes.size());
  const std::string secret = toHex(secretBytes.data(), secretBytes.size());
  NewApiKey made;
  made.record.id = keys.insert(name, role, slowHash(secret));
  made.record.name = name;
  made.record.role = role;
  made.key = std::string(kPrefix) + std::to_string(made.record.id) + "_" + secret;
  sodium_memzero(secretBytes.data(), secretBytes.size());
  return made;
}

std::vector<store::ApiKeyRecord> listApiKeys(store::Database& db) { return store::ApiKeyRepository(db).list(); }

void revokeApiKey(store::Database& db, const std::string& name) {
  if (!store::ApiKeyRepository(db).revoke(name)) {
    throw ApiKeyError("nenhuma chave ativa chamada '" + name + "'; veja as chaves com regua api-key list");
  }
}

ApiKeyVerifier::ApiKeyVerifier() {
  requireSodium();
  digestKey_.resize(crypto_generichash_KEYBYTES);
  randombytes_buf(digestKey_.data(), digestKey_.size());
}

bool ApiKeyVerifier::remembered(std::int64_t id, const std::string& digest) {
  std::lock_guard lock(mutex_);
  const auto it = verified_.find(id);
  return it != verified_.end() && sodium_memcmp(it->second.data(), digest.data(), digest.size()) == 0;
}

ApiKeyVerifier::Outcome ApiKeyVerifier::verify(store::Database& db, std::string_view presented, ApiCaller& caller) {
  const auto parts = splitKey(presented);
  if (!parts) return Outcome::kMalformed;
  const auto& [id, secret] = *parts;
  const auto record = store::ApiKeyRepository(db).find(id);
  if (!record) return Outcome::kUnknown;
  if (record->revokedAt) return Outcome::kRevoked;

  std::string digest(crypto_generichash_BYTES, '\0');
  crypto_generichash(reinterpret_cast<unsigned char*>(digest.data()), digest.size(),
                     reinterpret_cast<const unsigned char*>(secret.data()), secret.size(),
                     reinterpret_cast<const unsigned char*>(digestKey_.data()), digestKey_.size());
  if (!remembered(id, digest)) {
    std::lock_guard slow(slowPath_);
    if (!remembered(id, digest)) {  // another worker may have verified it while this one waited
      ++slowChecks_;
      if (!slowHashMatches(record->secretHash, secret)) return Outcome::kUnknown;
      std::lock_guard lock(mutex_);
      verified_[id] = digest;
    }
  }
  caller.keyId = id;
  caller.name = record->name;
  caller.role = *roleFromName(record->role);
  return Outcome::kOk;
}

}  // namespace regua::services
