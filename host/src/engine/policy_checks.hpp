// What policy loading asks the loaded plugins (`regua policy check`, run, sync, serve):
// the quote plugin judges each `penalties` section, an action plugin its actions'
// arguments (a template that does not exist or uses an unknown variable), and the
// actions must be ones some plugin offers. Each problem becomes FILE:LINE:COL.
#pragma once

#include "config/policy.hpp"

namespace regua::plugin { class PluginRegistry; }

namespace regua::engine {

// `checkActionNames`: refuse actions no loaded plugin offers (policy check); the engine
// itself lets such intents wait for the plugin instead.
config::PolicyContext pluginChecks(plugin::PluginRegistry& plugins, bool checkActionNames);

}  // namespace regua::engine
