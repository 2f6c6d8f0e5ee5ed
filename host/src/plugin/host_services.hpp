// The host services table handed to every plugin instance, and the per-instance
// context its callbacks receive.
#pragma once

#include <deque>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include <regua/plugin_api.h>
#include <regua/value.hpp>

#include "plugin/call_session.hpp"

namespace Poco { class Logger; }
namespace regua::calendar { class BusinessCalendar; }

// Defined at global scope because the C ABI declares it there. Owned by the host's
// PluginInstance; plugins only ever see the pointer.
struct regua_host_context {
  std::string pluginName;
  std::string configText;                      // the section re-emitted as YAML
  std::map<std::string, std::string> scalars;  // dotted path -> scalar value
  Poco::Logger* logger = nullptr;
  const regua::calendar::BusinessCalendar* calendar = nullptr;  // owned by the host, outlives instances
  std::string city;                                             // the office's city (IBGE code)
  // The services of the call in progress (SessionScope), and what their answers point
  // to: valid until that call returns, as the ABI promises.
  regua::plugin::CallSession* session = nullptr;
  std::deque<std::string> callStrings;
  std::vector<regua_history_line> callLines;
};

namespace regua::plugin {

// Attaches `session` to an instance's context for one call into the plugin; what the
// callbacks handed out during the call is released when the scope ends.
class SessionScope {
 public:
  SessionScope(regua_host_context* context, CallSession& session);
  ~SessionScope();
  SessionScope(const SessionScope&) = delete;
  SessionScope& operator=(const SessionScope&) = delete;

 private:
  regua_host_context* context_;
};

// The one services table of this host (static storage, ABI REGUA_ABI_MAJOR.MINOR).
const regua_host_services& hostServices();

// What every instance of this host shares: the calendar and the office's city.
struct HostEnvironment {
  const calendar::BusinessCalendar* calendar = nullptr;  // must outlive every instance
  std::string city;
  std::string configDir;  // regua.yaml's directory: config_get("@config_dir")
  // More "@..." keys every instance reads beside its own section: regua.yaml's office
  // ("@office.name", "@pix.key"...).
  std::map<std::string, std::string> shared;
};

// Builds the context for one instance of `pluginName` with its YAML section.
std::unique_ptr<regua_host_context> makeHostContext(const std::string& pluginName, const YAML::Node& section,
                                                    const HostEnvironment& environment);

}  // namespace regua::plugin
