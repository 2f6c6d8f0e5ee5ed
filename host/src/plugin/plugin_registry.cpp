#include "plugin/plugin_registry.hpp"

#include <system_error>

#include <Poco/Logger.h>

namespace regua::plugin {

namespace {
Poco::Logger& logger() { return Poco::Logger::get("regua.plugins"); }
}  // namespace

std::filesystem::path defaultPluginDir() {
  std::error_code ec;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return "lib/regua/plugins";
  return (exe.parent_path() / ".." / "lib" / "regua" / "plugins").lexically_normal();
}

HostEnvironment hostEnvironment(const config::HostConfig& config, const calendar::BusinessCalendar& calendar) {
  HostEnvironment out{&calendar, config.city, config.file.parent_path().string(), {}};
  const config::OfficeConfig& office = config.office;
  for (const auto& [key, value] : {std::pair<const char*, const std::string&>{"@office.name", office.name},
                                   {"@office.email", office.email},
                                   {"@office.phone", office.phone},
                                   {"@office.city", office.city},
                                   {"@pix.key", office.pixKey},
                                   {"@pix.name", office.pixName},
                                   {"@pix.city", office.pixCity}}) {
    if (!value.empty()) out.shared.emplace(key, value);
  }
  return out;
}

PluginRegistry::PluginRegistry(std::filesystem::path builtinDir, HostEnvironment environment)
    : builtinDir_(std::move(builtinDir)), environment_(std::move(environment)) {}

PluginRegistry::~PluginRegistry() { shutdown(); }

std::vector<std::filesystem::path> PluginRegistry::searchDirs(const config::HostConfig& config) const {
  auto dirs = config.pluginDirs;
  dirs.push_back(builtinDir_);
  return dirs;
}

std::optional<std::filesystem::path> PluginRegistry::resolve(const config::ExtensionEntry& entry,
                                                             const config::HostConfig& config) const {
  if (entry.path) return *entry.path;
  std::error_code ec;
  for (const auto& dir : searchDirs(config)) {
    for (const auto& candidate : {dir / ("regua_" + entry.name + ".so"), dir / (entry.name + ".so")}) {
      if (std::filesystem::exists(candidate, ec)) return candidate;
    }
  }
  return std::nullopt;
}

std::vector<PluginInstance*> PluginRegistry::all() const {
  std::vector<PluginInstance*> out;
  for (const auto& p : plugins_) out.push_back(p.get());
  for (const auto& c : connectors_) out.push_back(c.get());
  return out;
}

PluginInstance* PluginRegistry::actionHandler(std::string_view action) const {
  for (auto* instance : all()) {
    const auto* table = instance->descriptor().action;
    for (auto* name = table != nullptr ? table->action_names : nullptr; name != nullptr && *name != nullptr; ++name) {
      if (action == *name) return instance;
    }
  }
  return nullptr;
}

PluginInstance* PluginRegistry::channelHandler(std::string_view channel) const {
  for (auto* instance : all()) {
    const auto* table = instance->descriptor().channel;
    for (auto* name = table != nullptr ? table->channel_names : nullptr; name != nullptr && *name != nullptr; ++name) {
      if (channel == *name) return instance;
    }
  }
  return nullptr;
}

std::set<std::string> PluginRegistry::actionNames() const {
  std::set<std::string> names;
  for (auto* instance : all()) {
    const auto* table = instance->descriptor().action;
    for (auto* name = table != nullptr ? table->action_names : nullptr; name != nullptr && *name != nullptr; ++name) {
      names.insert(*name);
    }
  }
  return names;
}

PluginInstance* PluginRegistry::quoteProvider() const {
  for (auto* instance : all()) {
    if (instance->descriptor().quote != nullptr) return instance;
  }
  return nullptr;
}

std::vector<PluginInstance*> PluginRegistry::sources() const {
  std::vector<PluginInstance*> out;
  for (auto* instance : all()) {
    if (instance->descriptor().source != nullptr) out.push_back(instance);
  }
  return out;
}

std::vector<PluginInstance*> PluginRegistry::taskSinks() const {
  std::vector<PluginInstance*> out;
  for (auto* instance : all()) {
    if (instance->descriptor().task_sink != nullptr) out.push_back(instance);
  }
  return out;
}

std::vector<PluginInstance*> PluginRegistry::listeners() const {
  std::vector<PluginInstance*> out;
  for (auto* instance : all()) {
    if (instance->descriptor().listener != nullptr) out.push_back(instance);
  }
  return out;
}

void PluginRegistry::loadAll(const config::HostConfig& config) {
  for (const auto& entry : config.extensions) load(entry, config);
}

void PluginRegistry::load(const config::ExtensionEntry& entry, const config::HostConfig& config) {
  PluginStatus status;
  status.label = entry.label();
  status.kind = entry.kind;
  status.required = entry.required;
  const std::string where = config.file.string() + ":" + std::to_string(entry.line);
  try {
    const auto file = resolve(entry, config);
    if (!file) {
      std::string dirs;
      for (const auto& dir : searchDirs(config)) dirs += (dirs.empty() ? "" : ", ") + dir.string();
      throw PluginError(entry.name + ": plugin não encontrado (procurado regua_" + entry.name + ".so e " +
                        entry.name + ".so em " + dirs + "); compile-o, ajuste 'plugin_dirs' ou use 'path'");
    }
    status.file = *file;
    PluginLibrary library = openPluginLibrary(*file);
    libraries_.push_back(library.library);
    status.info = library.info;
    for (const auto& other : statuses_) {
      if (other.loaded && other.info && other.info->name == library.info.name) {
        throw PluginError(file->string() + ": o nome " + library.info.name + " já foi carregado de " +
                          other.file.string() + "; deixe só uma das duas entradas em regua.yaml");
      }
    }
    auto instance = std::make_unique<PluginInstance>(library, entry.section, environment_);
    instance->setLabel(entry.label());
    status.instance = instance.get();
    (entry.kind == config::ExtensionKind::kConnector ? connectors_ : plugins_).push_back(std::move(instance));
    status.loaded = true;
    logger().information("%s: carregado %s %s (ABI %s) de %s", where, library.info.name, library.info.version,
                         library.info.abi(), file->string());
  } catch (const std::exception& e) {
    status.reason = e.what();
    const std::string line = where + ": " + status.label + (entry.required ? " (obrigatório)" : "") +
                             " desativado: " + status.reason;
    entry.required ? logger().error(line) : logger().warning(line);
  }
  statuses_.push_back(std::move(status));
}

std::vector<const PluginStatus*> PluginRegistry::requiredFailures() const {
  std::vector<const PluginStatus*> out;
  for (const auto& s : statuses_) {
    if (s.required && !s.loaded) out.push_back(&s);
  }
  return out;
}

std::vector<PluginStatus> PluginRegistry::currentStatuses() const {
  std::vector<PluginStatus> out = statuses_;
  for (auto& s : out) {
    if (s.instance == nullptr) continue;
    if (auto reason = s.instance->disabledReason()) {
      s.loaded = false;
      s.reason = *reason;
    }
  }
  return out;
}

bool PluginRegistry::allLoaded() const {
  for (const auto& s : currentStatuses()) {
    if (!s.loaded) return false;
  }
  return true;
}

void PluginRegistry::shutdown() {
  if (connectors_.empty() && plugins_.empty() && libraries_.empty()) return;
  auto destroyInReverse = [](std::vector<std::unique_ptr<PluginInstance>>& instances) {
    while (!instances.empty()) instances.pop_back();
  };
  logger().information("desligando: parando %z conector(es)", connectors_.size());
  destroyInReverse(connectors_);
  logger().information("desligando: destruindo %z instância(s) de plugin", plugins_.size());
  destroyInReverse(plugins_);
  logger().information("desligando: liberando %z biblioteca(s)", libraries_.size());
  libraries_.clear();
}

}  // namespace regua::plugin
