// A client's history, newest first: every message (channel, masked address, template,
// content hash, provider id), action, payment and failure — the office's evidence.
#pragma once

#include <limits>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/client.hpp"
#include "store/database.hpp"
#include "store/history_repository.hpp"

namespace regua::services {

struct ClientHistory {
  domain::Client client;
  std::vector<store::HistoryEntry> entries;  // newest first
};

// The history of the client `ref` names (see findClient); nothing when none matches.
// `beforeId` pages backwards: only entries older than that one.
std::optional<ClientHistory> clientHistory(store::Database& db, const std::string& ref,
                                           const std::optional<std::string>& source, int limit = 1000,
                                           std::int64_t beforeId = std::numeric_limits<std::int64_t>::max());

// The newest `limit` entries of the client with internal id `clientId`.
std::vector<store::HistoryEntry> historyOf(store::Database& db, std::int64_t clientId, int limit);

// What an entry's kind (a stored code: "message", "dead_letter") is called in pt-BR.
std::string_view describeKind(std::string_view kind);

}  // namespace regua::services
