#include "app/workspace.hpp"

#include <iostream>

#include "app/host_setup.hpp"
#include "config/diagnostics.hpp"
#include "engine/plugin_quoter.hpp"
#include "engine/policy_checks.hpp"

namespace regua::app {

std::optional<int> openWorkspace(const Invocation& invocation, WorkspaceNeeds needs, Workspace& out) {
  // Without a store, plugins or policies there is nothing to take from regua.yaml; with
  // any of them a missing file is an error, never a silent run with no plugins.
  auto config = loadConfigOrReport(invocation, !(needs.store || needs.plugins || needs.policies));
  if (!config) return kExitConfig;
  out.config = std::move(*config);
  out.calendar = loadCalendarOrReport(out.config);
  if (!out.calendar) return kExitConfig;
  out.storeUrl = invocation.option("--store").value_or(out.config.storageUrl);
  if (needs.store) out.db = store::Database::open(out.storeUrl, {.createIfMissing = needs.createStore});
  if (needs.plugins) {
    out.plugins = std::make_unique<plugin::PluginRegistry>(plugin::defaultPluginDir(),
                                                           plugin::hostEnvironment(out.config, *out.calendar));
    out.plugins->loadAll(out.config);
    if (auto failures = out.plugins->requiredFailures(); !failures.empty()) {
      for (const auto* f : failures) std::cerr << "regua: plugin obrigatório " << f->label << ": " << f->reason << "\n";
      return kExitConfig;
    }
    out.quoter = engine::makeQuoter(*out.plugins, out.config.city);
  }
  if (!out.quoter) out.quoter = std::make_unique<engine::OpenAmount>();
  if (needs.policies) {
    const auto files = config::policyFiles(out.config.policiesDir);
    if (files.empty() && needs.policiesIfAny) return std::nullopt;
    if (files.empty()) {
      std::cerr << "regua: nenhuma política em " << out.config.policiesDir.string()
                << "; crie um arquivo .yaml de régua (veja config/policies/default.yaml)\n";
      return kExitConfig;
    }
    try {
      // Actions are checked where they run (the dispatcher waits for a missing plugin);
      // `regua policy check` checks them up front.
      config::PolicyContext context;
      if (out.plugins) context = engine::pluginChecks(*out.plugins, false);
      out.policies = config::loadPolicies(files, context);
    } catch (const config::ConfigError& e) {
      std::cerr << e.what() << "\n";
      return kExitConfig;
    }
  }
  return std::nullopt;
}

}  // namespace regua::app
