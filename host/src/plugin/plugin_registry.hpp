// Loads every plugin and connector regua.yaml names, keeps what loaded, records why
// the rest did not, and tears everything down in order.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <set>
#include <string_view>
#include <string>
#include <vector>

#include "config/host_config.hpp"
#include "plugin/plugin_instance.hpp"
#include "plugin/plugin_library.hpp"

namespace regua::plugin {

// What the host knows about one configured extension, loaded or not.
struct PluginStatus {
  std::string label;  // the entry's name or file name in regua.yaml
  config::ExtensionKind kind = config::ExtensionKind::kPlugin;
  bool required = false;
  std::filesystem::path file;      // resolved file ("" when it could not be found)
  std::optional<PluginInfo> info;  // present once the library passed its checks
  bool loaded = false;
  std::string reason;  // why it is disabled: one line, with the fix
  PluginInstance* instance = nullptr;  // when loaded; owned by the registry
};

// What regua.yaml gives every instance: the calendar, the office's city, the config
// folder, and the office ("@office.*", "@pix.*", only the fields that are set).
HostEnvironment hostEnvironment(const config::HostConfig& config, const calendar::BusinessCalendar& calendar);

class PluginRegistry {
 public:
  // `builtinDir` is the host's own plugin directory, searched after config.pluginDirs;
  // `environment` is what every instance shares (its calendar must outlive the registry).
  explicit PluginRegistry(std::filesystem::path builtinDir, HostEnvironment environment = {});
  ~PluginRegistry();
  PluginRegistry(const PluginRegistry&) = delete;
  PluginRegistry& operator=(const PluginRegistry&) = delete;

  // Loads and creates every entry in order. A failing entry is disabled with its
  // reason and logged; it never stops the others. Call once, before serving: the
  // statuses are read without locks afterwards.
  void loadAll(const config::HostConfig& config);

  const std::vector<PluginStatus>& statuses() const { return statuses_; }
  // The statuses now: an instance disabled while running (PluginInstance::disable)
  // shows as disabled with its reason. What /health reports.
  std::vector<PluginStatus> currentStatuses() const;
  // Required entries that failed; `serve` refuses to start when there is any.
  std::vector<const PluginStatus*> requiredFailures() const;
  bool allLoaded() const;

  // The loaded instance that handles `action` (the first in config order), or null.
  PluginInstance* actionHandler(std::string_view action) const;
  // Every action name some loaded instance handles.
  std::set<std::string> actionNames() const;
  // The first loaded instance with the quote capability, or null.
  PluginInstance* quoteProvider() const;
  // The loaded instance that delivers on `channel` ("email", ...), the first in config order.
  PluginInstance* channelHandler(std::string_view channel) const;
  // Loaded instances with the source capability, in config order.
  std::vector<PluginInstance*> sources() const;
  // Loaded instances with the task_sink capability, in config order, disabled ones too
  // (callers skip those: PluginInstance::disabledReason).
  std::vector<PluginInstance*> taskSinks() const;
  // Loaded instances with the listener capability, in config order.
  std::vector<PluginInstance*> listeners() const;

  // What every instance shares (calendar, city, config folder).
  const HostEnvironment& environment() const { return environment_; }
  // Where an entry given by name is looked for, in order.
  std::vector<std::filesystem::path> searchDirs(const config::HostConfig& config) const;

  // Connectors first, then plugin instances (each in reverse creation order), then the
  // libraries. Idempotent; the destructor calls it.
  void shutdown();

 private:
  std::optional<std::filesystem::path> resolve(const config::ExtensionEntry& entry,
                                               const config::HostConfig& config) const;
  void load(const config::ExtensionEntry& entry, const config::HostConfig& config);

  std::filesystem::path builtinDir_;
  HostEnvironment environment_;
  std::vector<PluginStatus> statuses_;
  std::vector<std::unique_ptr<PluginInstance>> connectors_;
  std::vector<std::unique_ptr<PluginInstance>> plugins_;
  std::vector<PluginInstance*> all() const;  // plugins, then connectors, in config order
  std::vector<LibraryHandle> libraries_;  // every library ever opened, released last
};

// <directory of the running executable>/../lib/regua/plugins
std::filesystem::path defaultPluginDir();

}  // namespace regua::plugin
