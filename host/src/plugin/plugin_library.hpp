// Opening a plugin file and checking its descriptor against the host's ABI.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <regua/plugin_api.h>

#include "config/policy.hpp"

namespace boost::dll { class shared_library; }

namespace regua::plugin {

// A loaded shared library. Every instance created from it holds a copy, so the code an
// instance runs stays mapped while it lives; the host also keeps one per library until
// the end of shutdown, so no library is unloaded while the host runs.
using LibraryHandle = std::shared_ptr<const boost::dll::shared_library>;

// A plugin file the host refuses, or a plugin that failed to start. what() is one line:
// "<file or plugin>: <what is wrong>; <what to do>".
class PluginError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// What `plugins list` and /health show about a plugin.
struct PluginInfo {
  std::string name;
  std::string version;
  std::string description;
  std::uint16_t abiMajor = 0;
  std::uint16_t abiMinor = 0;       // the headers it was built with
  std::uint16_t requiresMinor = 0;  // the oldest host minor it needs
  std::uint32_t capabilities = 0;
  std::vector<std::string> actionNames;
  std::vector<std::uint32_t> actionFlags;  // REGUA_ACTION_*, one per action name
  std::vector<std::string> channelNames;

  std::string abi() const { return std::to_string(abiMajor) + "." + std::to_string(abiMinor); }
  std::string requiresHost() const { return std::to_string(abiMajor) + "." + std::to_string(requiresMinor); }
  // What the plugin declares `action` to be (nothing set when it does not offer it).
  config::ActionTraits traitsOf(std::string_view action) const;
  std::vector<std::string> capabilityNames() const;  // {"action", "quote", ...}
};

// A library whose descriptor passed every check.
struct PluginLibrary {
  std::filesystem::path file;
  LibraryHandle library;
  // The plugin's descriptor copied into the host's layout: fields past the size the
  // plugin declared are zero (an older minor's plugin simply lacks them).
  regua_plugin_descriptor descriptor{};
  PluginInfo info;
};

// Opens `file` (rtld_now | rtld_local, under the host's one loader lock), calls its
// entry function and validates the descriptor. Throws PluginError naming the file,
// the problem and the fix.
PluginLibrary openPluginLibrary(const std::filesystem::path& file);

// The host's loader lock: dlopen, entry calls and create() run under it.
std::mutex& loaderMutex();

}  // namespace regua::plugin
