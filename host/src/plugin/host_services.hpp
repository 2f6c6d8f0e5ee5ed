// The host services table handed to every plugin instance, and the per-instance
// context its callbacks receive.
#pragma once

#include <map>
#include <memory>
#include <string>

#include <yaml-cpp/yaml.h>

#include <regua/plugin_api.h>

namespace Poco { class Logger; }

// Defined at global scope because the C ABI declares it there. Owned by the host's
// PluginInstance; plugins only ever see the pointer.
struct regua_host_context {
  std::string pluginName;
  std::string configText;                      // the section re-emitted as YAML
  std::map<std::string, std::string> scalars;  // dotted path -> scalar value
  Poco::Logger* logger = nullptr;
};

namespace regua::plugin {

// The one services table of this host (static storage, ABI REGUA_ABI_MAJOR.MINOR).
const regua_host_services& hostServices();

// Builds the context for one instance of `pluginName` with its YAML section.
std::unique_ptr<regua_host_context> makeHostContext(const std::string& pluginName, const YAML::Node& section);

}  // namespace regua::plugin
