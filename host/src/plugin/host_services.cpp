#include "plugin/host_services.hpp"

#include <Poco/Logger.h>
#include <Poco/Message.h>

#include <regua/value.hpp>

#include "app/masking.hpp"

namespace regua::plugin {

namespace {

void flatten(const YAML::Node& node, const std::string& path, std::map<std::string, std::string>& out) {
  if (node.IsScalar()) {
    out[path] = node.Scalar();
  } else if (node.IsMap()) {
    for (const auto& entry : node) {
      const std::string key = entry.first.Scalar();
      flatten(entry.second, path.empty() ? key : path + "." + key, out);
    }
  } else if (node.IsSequence()) {
    for (std::size_t i = 0; i < node.size(); ++i) {
      flatten(node[i], path.empty() ? std::to_string(i) : path + "." + std::to_string(i), out);
    }
  }
}

void log(regua_host_context* ctx, regua_log_level level, regua_str message) {
  if (ctx == nullptr || ctx->logger == nullptr) return;
  try {
    const Poco::Message::Priority priority = level == REGUA_LOG_DEBUG     ? Poco::Message::PRIO_DEBUG
                                             : level == REGUA_LOG_INFO    ? Poco::Message::PRIO_INFORMATION
                                             : level == REGUA_LOG_WARNING ? Poco::Message::PRIO_WARNING
                                                                          : Poco::Message::PRIO_ERROR;
    if (!ctx->logger->is(priority)) return;  // masking costs more than the line is worth
    ctx->logger->log(Poco::Message(ctx->logger->name(), maskPersonalData(view(message)), priority));
  } catch (...) {  // a log line is never worth an exception across the ABI
  }
}

regua_str configText(regua_host_context* ctx) {
  return ctx == nullptr ? regua_str{"{}", 2} : abiStr(ctx->configText);
}

std::int32_t configGet(regua_host_context* ctx, regua_str path, regua_str* value) {
  if (ctx == nullptr || value == nullptr) return 0;
  const auto it = ctx->scalars.find(std::string(view(path)));
  if (it == ctx->scalars.end()) return 0;
  *value = abiStr(it->second);
  return 1;
}

constexpr regua_host_services kServices{
    sizeof(regua_host_services), REGUA_ABI_MAJOR, REGUA_ABI_MINOR, &log, &configText, &configGet,
};

}  // namespace

const regua_host_services& hostServices() { return kServices; }

std::unique_ptr<regua_host_context> makeHostContext(const std::string& pluginName, const YAML::Node& section) {
  auto ctx = std::make_unique<regua_host_context>();
  ctx->pluginName = pluginName;
  ctx->logger = &Poco::Logger::get("plugin." + pluginName);
  if (section && section.IsMap() && section.size() > 0) {
    YAML::Emitter emitter;
    emitter << section;
    ctx->configText = emitter.c_str();
    flatten(section, "", ctx->scalars);
  } else {
    ctx->configText = "{}";
  }
  return ctx;
}

}  // namespace regua::plugin
