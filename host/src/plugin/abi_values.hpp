// Translation helpers between the host's values and the C ABI's, for the ports and the
// host services (internal to plugin/).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include <regua/plugin_api.h>
#include <regua/value.hpp>

#include "plugin/call_session.hpp"

namespace regua::plugin {

inline CallStatus callStatus(regua_status status) {
  switch (status) {
    case REGUA_OK: return CallStatus::kOk;
    case REGUA_RETRY: return CallStatus::kRetry;
    case REGUA_ERROR_CONFIG: return CallStatus::kConfigRefused;
    case REGUA_REFUSED: return CallStatus::kRefused;
    default: return CallStatus::kFailed;
  }
}

inline regua_status abiStatus(CallStatus status) {
  switch (status) {
    case CallStatus::kOk: return REGUA_OK;
    case CallStatus::kRetry: return REGUA_RETRY;
    case CallStatus::kConfigRefused: return REGUA_ERROR_CONFIG;
    case CallStatus::kRefused:  // to an action: its message's address was refused
    case CallStatus::kFailed: break;
  }
  return REGUA_ERROR;
}

// Views of `pairs`, valid while `pairs` is.
inline std::vector<regua_kv> abiPairs(const std::vector<std::pair<std::string, std::string>>& pairs) {
  std::vector<regua_kv> out;
  out.reserve(pairs.size());
  for (const auto& [key, value] : pairs) out.push_back({abiStr(key), abiStr(value)});
  return out;
}

inline std::optional<Date> optionalDate(regua_date date) {
  return date == 0 ? std::nullopt : std::optional<Date>(Date::fromAbi(date));
}

}  // namespace regua::plugin
