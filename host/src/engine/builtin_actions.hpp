// The actions the host carries out itself on the client record: `pause` (no collection
// for N days) and `flag` (a tag the office filters on). Their arguments were checked
// when the policy loaded (config::ActionSpec::pauseDays, flagTag).
#pragma once

#include <cstdint>
#include <string>

#include <regua/value.hpp>

#include "config/policy.hpp"
#include "store/database.hpp"

namespace regua::engine {

// Applies `action` ("pause" or "flag") to the client in one transaction, touching only
// what the action changes, and returns the note for the history. `spec` is the policy's
// (null when the policy was edited since: the defaults apply). Throws store::StoreError
// (kNotFound) when the client no longer exists.
std::string runBuiltinAction(store::Database& db, const std::string& action, const config::ActionSpec* spec,
                             std::int64_t clientId, Date asOf);

}  // namespace regua::engine
