// `regua plugins list` and `regua plugins check`.
#include <iostream>
#include <system_error>

#include <Poco/JSON/Array.h>

#include "app/cli.hpp"
#include "app/cli_values.hpp"
#include "app/host_setup.hpp"
#include "config/diagnostics.hpp"
#include "config/host_config.hpp"
#include "plugin/plugin_instance.hpp"
#include "plugin/plugin_registry.hpp"
#include "plugin/plugin_status_json.hpp"

namespace regua::app {

namespace {

std::string join(const std::vector<std::string>& items, const char* separator) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : separator) + item;
  return out;
}

void printTable(const std::vector<plugin::PluginStatus>& statuses) {
  if (statuses.empty()) {
    std::cout << "Nenhum plugin ou conector configurado (veja 'plugins:' em regua.yaml).\n";
    return;
  }
  std::cout << column("NOME", 30) << column("TIPO", 10) << column("VERSÃO", 10) << column("ABI", 6)
            << column("CAPACIDADES", 22) << "ESTADO\n";
  for (const auto& s : statuses) {
    const std::string capabilities = s.info ? join(s.info->capabilityNames(), ",") : "-";
    std::cout << column(s.info ? s.info->name : s.label, 30)
              << column(s.kind == config::ExtensionKind::kConnector ? "conector" : "plugin", 10)
              << column(s.info ? s.info->version : "-", 10) << column(s.info ? s.info->abi() : "-", 6)
              << column(capabilities, 22) << (s.loaded ? "carregado" : "desativado")
              << (s.required ? " (obrigatório)" : "") << "\n";
    if (!s.loaded) std::cout << "    motivo: " << s.reason << "\n";
  }
}

}  // namespace

int runPluginsList(const Invocation& invocation) {
  setupLogging("fatal");  // the table already says what failed and why
  auto config = loadConfigOrReport(invocation, false);
  if (!config) return kExitConfig;
  const auto calendar = loadCalendarOrReport(*config);
  if (!calendar) return kExitConfig;
  plugin::PluginRegistry registry(plugin::defaultPluginDir(), {&*calendar, config->city, config->file.parent_path().string()});
  registry.loadAll(*config);
  if (invocation.flag("--json")) {
    plugin::statusesToJson(registry.statuses())->stringify(std::cout, 2);
    std::cout << "\n";
  } else {
    printTable(registry.statuses());
  }
  return kExitOk;
}

int runPluginsCheck(const Invocation& invocation) {
  setupLogging("warning");
  const std::filesystem::path file = invocation.args.at(0);
  auto config = loadConfigOrReport(invocation, true);
  if (!config) return kExitConfig;
  const auto calendar = loadCalendarOrReport(*config);
  if (!calendar) return kExitConfig;
  try {
    const plugin::PluginLibrary library = plugin::openPluginLibrary(file);
    // Use the plugin's own section when regua.yaml configures this file or this name.
    YAML::Node section;
    std::error_code ec;
    for (const auto& entry : config->extensions) {
      const bool sameFile = entry.path && std::filesystem::equivalent(*entry.path, file, ec);
      if (sameFile || entry.name == library.info.name) section = entry.section;
    }
    plugin::PluginInstance instance(library, section, {&*calendar, config->city, config->file.parent_path().string()});
    const auto& info = library.info;
    std::cout << "ok: " << file.string() << ": " << info.name << " " << info.version << " (ABI " << info.abi();
    if (info.requiresMinor < info.abiMinor) std::cout << ", roda em host " << info.requiresHost() << " ou mais novo";
    std::cout << "; capacidades: " << join(info.capabilityNames(), ", ");
    if (!info.actionNames.empty()) std::cout << "; ações: " << join(info.actionNames, ", ");
    if (!info.channelNames.empty()) std::cout << "; canais: " << join(info.channelNames, ", ");
    std::cout << ")\n";
    return kExitOk;
  } catch (const plugin::PluginError& e) {
    std::cerr << "regua: " << e.what() << "\n";
    return kExitPluginRefused;
  }
}

}  // namespace regua::app
