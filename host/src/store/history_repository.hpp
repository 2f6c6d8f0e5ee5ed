// The history: every message, note, negotiation and status change, append-only (the
// database refuses updates and deletes). It is the office's evidence before protest
// or negativação.
#pragma once

#include <limits>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/database.hpp"

namespace regua::store {

struct HistoryEntry {
  std::int64_t id = 0;
  std::string at;  // UTC timestamp; set by append() when empty
  std::optional<std::int64_t> clientId;
  std::optional<std::int64_t> receivableId;
  std::string kind;     // "payment", "message", "status", "note", ...
  std::string actor;    // who or what: a user, a plugin name, a source
  std::string summary;  // one pt-BR line
  std::string details;  // optional JSON
};

class HistoryRepository {
 public:
  explicit HistoryRepository(Database& db) : db_(db) {}
  // Appends and sets entry.id (and entry.at when empty).
  void append(HistoryEntry& entry);
  // Appends a one-line entry about a client, now.
  void append(std::int64_t clientId, const std::string& kind, const std::string& actor, const std::string& summary);
  // Appends a batch in order, set-wise (ids are not read back; `at` defaults to now).
  void appendAll(const std::vector<HistoryEntry>& entries);
  // Newest first.
  // Newest first, the `limit` entries older than entry `beforeId` (paging backwards).
  std::vector<HistoryEntry> listForClient(std::int64_t clientId, int limit = 100,
                                          std::int64_t beforeId = std::numeric_limits<std::int64_t>::max());

 private:
  Database& db_;
};

}  // namespace regua::store
