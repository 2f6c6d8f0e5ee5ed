// How every front end names a client: its id in the source system (in one source, or in
// any), its CPF/CNPJ with or without punctuation, or the store's internal id.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/client.hpp"
#include "store/database.hpp"

namespace regua::services {

// The client `ref` names, tried in the order above; nothing when none matches.
std::optional<domain::Client> findClient(store::Database& db, const std::string& ref,
                                         const std::optional<std::string>& source = std::nullopt);

// The receivables `ref` names: its id in its source (one per source that has it), else
// the store's internal id. More than one means the caller must ask for the internal id.
std::vector<std::int64_t> findReceivables(store::Database& db, const std::string& ref);

}  // namespace regua::services
