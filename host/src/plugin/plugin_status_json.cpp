#include "plugin/plugin_status_json.hpp"

#include <Poco/JSON/Object.h>

namespace regua::plugin {

namespace {
Poco::JSON::Array::Ptr toArray(const std::vector<std::string>& items) {
  Poco::JSON::Array::Ptr array = new Poco::JSON::Array;
  for (const auto& item : items) array->add(item);
  return array;
}
}  // namespace

Poco::JSON::Array::Ptr statusesToJson(const std::vector<PluginStatus>& statuses) {
  Poco::JSON::Array::Ptr out = new Poco::JSON::Array;
  for (const auto& s : statuses) {
    Poco::JSON::Object::Ptr item = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    item->set("name", s.info ? s.info->name : s.label);
    item->set("label", s.label);
    item->set("kind", s.kind == config::ExtensionKind::kConnector ? "connector" : "plugin");
    item->set("file", s.file.string());
    item->set("version", s.info ? s.info->version : "");
    item->set("abi", s.info ? s.info->abi() : "");
    item->set("requires_host", s.info ? s.info->requiresHost() : "");
    item->set("capabilities", toArray(s.info ? s.info->capabilityNames() : std::vector<std::string>{}));
    item->set("actions", toArray(s.info ? s.info->actionNames : std::vector<std::string>{}));
    item->set("channels", toArray(s.info ? s.info->channelNames : std::vector<std::string>{}));
    item->set("required", s.required);
    item->set("state", s.loaded ? "loaded" : "disabled");
    if (!s.loaded) item->set("reason", s.reason);
    out->add(item);
  }
  return out;
}

}  // namespace regua::plugin
