// What the engine's subcommands (run, explain, sync, report, policy check, generate)
// open before they work: regua.yaml, the calendar, the store (--store overrides
// storage.url), the plugins and the policies. Each step prints its own diagnostics.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "app/cli.hpp"
#include "calendar/business_calendar.hpp"
#include "config/host_config.hpp"
#include "engine/cycle.hpp"
#include "config/policy.hpp"
#include "plugin/plugin_registry.hpp"
#include "store/database.hpp"

namespace regua::app {

struct Workspace {
  config::HostConfig config;
  std::optional<calendar::BusinessCalendar> calendar;
  std::string storeUrl;
  std::unique_ptr<store::Database> db;
  std::unique_ptr<plugin::PluginRegistry> plugins;
  config::PolicySet policies;
  std::unique_ptr<engine::AmountQuoter> quoter;  // the quote plugin's, or what is open
};

struct WorkspaceNeeds {
  bool store = true;
  bool createStore = false;  // with `store`: a missing SQLite file is made (sync, generate, a real run)
  bool plugins = false;
  bool policies = false;
  bool policiesIfAny = false;  // with `policies`: no policy files is no error
};

// Fills `out` or returns the exit code to stop with.
std::optional<int> openWorkspace(const Invocation& invocation, WorkspaceNeeds needs, Workspace& out);

}  // namespace regua::app
