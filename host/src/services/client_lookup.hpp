// How every front end names a client: its id in the source system (in one source, or in
// any), its CPF/CNPJ with or without punctuation, or the store's internal id.
#pragma once

#include <optional>
#include <string>

#include "domain/client.hpp"
#include "store/database.hpp"

namespace regua::services {

// The client `ref` names, tried in the order above; nothing when none matches.
std::optional<domain::Client> findClient(store::Database& db, const std::string& ref,
                                         const std::optional<std::string>& source = std::nullopt);

}  // namespace regua::services
