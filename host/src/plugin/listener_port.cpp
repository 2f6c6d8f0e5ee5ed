#include "plugin/listener_port.hpp"

#include "plugin/abi_values.hpp"
#include "plugin/plugin_instance.hpp"

namespace regua::plugin {

std::optional<std::string> notify(PluginInstance& listener, const DomainEvent& event) {
  regua_event raw{};
  raw.struct_size = sizeof raw;
  raw.type = abiStr(event.type);
  raw.subject_id = abiStr(event.subjectId);
  raw.payload_json = abiStr(event.payloadJson);
  raw.date = event.date.toAbi();
  try {
    const auto hold = listener.exclusive();
    if (listener.onEvent(raw) == REGUA_OK) return std::nullopt;
    return listener.lastError();
  } catch (const std::exception& e) {
    return e.what();
  }
}

}  // namespace regua::plugin
