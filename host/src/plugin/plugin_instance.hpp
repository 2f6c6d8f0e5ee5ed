// One live plugin instance: created from a validated library with its configuration,
// destroyed exactly once. Holds the library's handle so its code stays mapped.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "plugin/host_services.hpp"
#include "plugin/plugin_library.hpp"

namespace regua::plugin {

class PluginInstance {
 public:
  // Calls the plugin's create() (under the loader lock) with `section` as its config.
  // Throws PluginError with the plugin's own message when it refuses the config or
  // fails; nothing is left allocated then.
  // `environment` defaults to national holidays only.
  PluginInstance(const PluginLibrary& library, const YAML::Node& section, const HostEnvironment& environment = {});
  ~PluginInstance();
  PluginInstance(const PluginInstance&) = delete;
  PluginInstance& operator=(const PluginInstance&) = delete;

  const PluginInfo& info() const { return info_; }
  const regua_plugin_descriptor& descriptor() const { return descriptor_; }
  regua_instance* raw() const { return raw_; }
  // Runs one intent through the action capability (which the plugin must have).
  // `result` is reset and sized here; strings in it are the plugin's, valid until the
  // next call into this instance.
  regua_status execute(const regua_intent& intent, regua_action_result& result);

  // The action's argument check (ABI 1.4, optional): "" when the plugin accepts them,
  // its reason when not, nothing when it has no check.
  std::optional<std::string> checkAction(std::string_view action, const std::vector<std::pair<std::string, std::string>>& args);
  // Whether `action` has the template `name` (ABI 1.8, optional): nothing when the
  // plugin cannot tell; else true, or false with the plugin's reason in lastError().
  std::optional<bool> hasTemplate(std::string_view action, std::string_view name);

  // The quote, source, channel and task_sink capabilities, same rules as execute().
  regua_status send(const regua_message& message, regua_delivery& delivery);
  regua_status upsertTask(const regua_task& task, regua_task_result& result);
  regua_status quote(const regua_quote_request& request, regua_quote& result);
  regua_status pull(std::string_view cursor, const regua_source_sink& sink, regua_source_result& result);
  regua_status onEvent(const regua_event& event);
  // The context the plugin's callbacks receive (the host may attach per-call state).
  regua_host_context* context() const { return context_.get(); }
  // The label regua.yaml gives this instance's entry (set by the registry).
  const std::string& label() const { return label_.empty() ? info_.name : label_; }
  void setLabel(std::string label) { label_ = std::move(label); }

  // The plugin's text for the last failed call on this instance.
  std::string lastError() const;

  // The ABI promises a plugin that one instance is never called from two threads at
  // once, and its result strings live until the next call: a caller holds this from
  // the call until it has read the result (the REST API's workers and the scheduler
  // share instances).
  std::unique_lock<std::recursive_mutex> exclusive() const { return std::unique_lock(callMutex_); }

  // Taken out of service while the host runs (a task sink whose credentials were
  // refused): callers skip it and /health shows the reason. Thread-safe.
  void disable(std::string reason);
  std::optional<std::string> disabledReason() const;

 private:
  LibraryHandle library_;  // keeps the code mapped until this instance is gone
  regua_plugin_descriptor descriptor_;
  PluginInfo info_;
  std::unique_ptr<regua_host_context> context_;  // outlives raw_, as the ABI promises
  regua_instance* raw_ = nullptr;
  std::string label_;
  mutable std::recursive_mutex callMutex_;
  mutable std::mutex disabledMutex_;
  std::optional<std::string> disabled_;
};

}  // namespace regua::plugin
