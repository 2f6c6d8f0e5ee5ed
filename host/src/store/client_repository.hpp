// Clients and their contacts, tags and important dates.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/client.hpp"
#include "store/database.hpp"

namespace regua::store {

class ClientRepository {
 public:
  explicit ClientRepository(Database& db) : db_(db) {}

  // Inserts or updates (by source + external id) one client with its contacts, tags and
  // dates; validates and normalizes the document and derives the kind from it. Sets
  // client.id. Throws StoreError: kInvalid (bad document, with the reason), kConflict
  // (another client has the document).
  void save(domain::Client& client);
  // All or nothing: the first bad client aborts the batch, naming its position.
  void saveAll(std::vector<domain::Client>& clients);

  std::optional<domain::Client> findById(std::int64_t id);
  std::optional<domain::Client> findByExternalId(const std::string& source, const std::string& externalId);
  // In whichever source has it (the first by id when several do).
  std::optional<domain::Client> findByExternalIdInAnySource(const std::string& externalId);
  // Accepts the document with or without punctuation.
  std::optional<domain::Client> findByDocument(const std::string& document);
  std::vector<std::int64_t> idsWithTag(const std::string& tag);

  // Adds to (or, negative, uses) the client's credit; never below zero.
  void addCredit(std::int64_t clientId, Money delta);
  // What the built-in actions change, leaving the rest of the client as it is. Throw
  // StoreError kNotFound when there is no such client.
  void pauseUntil(std::int64_t clientId, Date day);
  void addTag(std::int64_t clientId, const std::string& tag);

 private:
  class Writer;
  void touch(std::int64_t clientId, const std::string& update);
  // One client matching `condition` (a constant SQL fragment whose placeholders take
  // `params` in order); user data only ever travels as bound parameters.
  std::optional<domain::Client> findWhere(const std::string& condition, const std::vector<std::string>& params);
  Database& db_;
};

}  // namespace regua::store
