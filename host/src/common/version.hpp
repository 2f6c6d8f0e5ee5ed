// The host's version and the plugin ABI it speaks.
#pragma once

#include <string>

#include <regua/plugin_api.h>

#include "regua_version.h"  // generated: REGUA_VERSION

namespace regua {

inline constexpr const char* kVersion = REGUA_VERSION;

inline std::string abiVersion() {
  return std::to_string(REGUA_ABI_MAJOR) + "." + std::to_string(REGUA_ABI_MINOR);
}

}  // namespace regua
