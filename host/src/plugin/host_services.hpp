// The host services table handed to every plugin instance, and the per-instance
// context its callbacks receive.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <yaml-cpp/yaml.h>

#include <string_view>

#include <regua/plugin_api.h>
#include <regua/value.hpp>

namespace Poco { class Logger; }
namespace regua::calendar { class BusinessCalendar; }
namespace regua::services { class SourceCollector; }
namespace regua::plugin { class ItemQuotes; class MessageSender; class TaskDesk; }

// Defined at global scope because the C ABI declares it there. Owned by the host's
// PluginInstance; plugins only ever see the pointer.
struct regua_host_context {
  std::string pluginName;
  std::string configText;                      // the section re-emitted as YAML
  std::map<std::string, std::string> scalars;  // dotted path -> scalar value
  Poco::Logger* logger = nullptr;
  const regua::calendar::BusinessCalendar* calendar = nullptr;  // owned by the host, outlives instances
  std::string city;                                             // the office's city (IBGE code)
  regua::services::SourceCollector* collector = nullptr;          // set during a source pull only
  regua::plugin::ItemQuotes* quotes = nullptr;                  // set during an action call only
  regua::plugin::MessageSender* messages = nullptr;             // set during an action call only
  regua::plugin::TaskDesk* tasks = nullptr;                     // set during an action call only
};

namespace regua::plugin {

// Answers quote_item for the intent an action plugin is executing; the dispatcher
// attaches one to the instance's context for the duration of the call.
class ItemQuotes {
 public:
  virtual ~ItemQuotes() = default;
  // Fills `out` (notes must outlive the call) or returns REGUA_ERROR.
  virtual regua_status quote(std::string_view receivableId, Date on, regua_quote& out) = 0;
};

// Answers send_message for the action being executed; the dispatcher attaches one for
// the duration of the call.
class MessageSender {
 public:
  virtual ~MessageSender() = default;
  // Fills `out` (strings must outlive the call) and returns the delivery's status.
  virtual regua_status send(const regua_message& message, regua_send_result& out) = 0;
};

// Answers upsert_task, task_load and recent_history for the client of the action being
// executed; the dispatcher attaches one for the duration of the call.
class TaskDesk {
 public:
  virtual ~TaskDesk() = default;
  // Fills `out` (strings must outlive the call) and returns the status.
  virtual regua_status upsert(const regua_task_request& request, regua_task_receipt& out) = 0;
  virtual std::pair<std::int64_t, std::int64_t> load(std::string_view responsible) = 0;  // open, assigned
  // Newest first; the lines must outlive the call.
  virtual const std::vector<regua_history_line>& recent(std::uint32_t max) = 0;
};

// The one services table of this host (static storage, ABI REGUA_ABI_MAJOR.MINOR).
const regua_host_services& hostServices();

// What every instance of this host shares: the calendar and the office's city.
struct HostEnvironment {
  const calendar::BusinessCalendar* calendar = nullptr;  // must outlive every instance
  std::string city;
  std::string configDir;  // regua.yaml's directory: config_get("@config_dir")
};

// Builds the context for one instance of `pluginName` with its YAML section.
std::unique_ptr<regua_host_context> makeHostContext(const std::string& pluginName, const YAML::Node& section,
                                                    const HostEnvironment& environment);

}  // namespace regua::plugin
