// What an operator records about a client besides promises and agreements: a pause of
// the collection (with the reason) and a note of a call. Both go to the client's history
// with who did it. `regua client pause|note`, POST /api/v1/clients/{id}/pause|notes and
// the office's client screen call these.
#pragma once

#include <string>

#include <regua/value.hpp>

#include "domain/client.hpp"
#include "store/database.hpp"

namespace regua::services {

inline constexpr std::size_t kMaxNoteLength = 2000;

// No collection action for the client up to `until`, inclusive.
// Throws ServiceError (kRefused) for a day not after `today` or an empty reason.
Date pauseClient(store::Database& db, const domain::Client& client, Date until, const std::string& reason,
                 const std::string& actor, Date today);
// Throws ServiceError (kRefused) for an empty note or one above kMaxNoteLength characters.
void addCallNote(store::Database& db, const domain::Client& client, const std::string& text, const std::string& actor);

}  // namespace regua::services
