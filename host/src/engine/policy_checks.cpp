#include "engine/policy_checks.hpp"

#include "engine/plugin_quoter.hpp"
#include "plugin/plugin_instance.hpp"
#include "plugin/plugin_registry.hpp"

namespace regua::engine {

config::PolicyContext pluginChecks(plugin::PluginRegistry& plugins, bool checkActionNames) {
  config::PolicyContext context;
  if (checkActionNames) {
    context.knownActions = plugins.actionNames();
    context.knownActions.insert(config::builtinActions().begin(), config::builtinActions().end());
  }
  if (auto* quote = plugins.quoteProvider()) {
    context.checkPenalties = [quote](const std::vector<std::pair<std::string, std::string>>& penalties) -> std::string {
      plugin::QuoteInput probe;  // a bill a month late: every term is read
      probe.principal = Money::fromCentavos(100000);
      probe.dueDate = Date::fromYmd(2026, 1, 15);
      probe.onDate = Date::fromYmd(2026, 2, 15);
      probe.args = penalties;
      try {
        plugin::quoteWith(*quote, probe);
        return "";
      } catch (const std::exception& e) {
        return e.what();
      }
    };
  }
  context.checkAction = [&plugins](const std::string& action,
                                   const std::vector<std::pair<std::string, std::string>>& args)
                                       -> std::optional<std::string> {
    plugin::PluginInstance* handler = plugins.actionHandler(action);
    return handler != nullptr ? handler->checkAction(action, args) : std::nullopt;
  };
  context.checkTemplate = [&plugins](const std::string& action, const std::string& name) -> std::optional<std::string> {
    plugin::PluginInstance* handler = plugins.actionHandler(action);
    const auto found = handler != nullptr ? handler->hasTemplate(action, name) : std::nullopt;
    if (!found) return std::nullopt;
    if (*found) return "";
    const std::string why = handler->lastError();
    return why.empty() ? handler->label() + " não tem esse modelo" : why;
  };
  context.actionTraits = [&plugins](const std::string& action) {
    plugin::PluginInstance* handler = plugins.actionHandler(action);
    return handler != nullptr ? handler->info().traitsOf(action) : config::ActionTraits{};
  };
  return context;
}

}  // namespace regua::engine
