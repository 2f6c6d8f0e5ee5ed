// The JSON shape of plugin statuses, shared by `regua plugins list --json` and /health.
#pragma once

#include <vector>

#include <Poco/JSON/Array.h>

#include "plugin/plugin_registry.hpp"

namespace regua::plugin {

// [{"name", "label", "kind", "version", "abi", "capabilities", "actions", "channels",
//   "required", "state": "loaded"|"disabled", "reason"}]
Poco::JSON::Array::Ptr statusesToJson(const std::vector<PluginStatus>& statuses);

}  // namespace regua::plugin
