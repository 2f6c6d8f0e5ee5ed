#include "plugin/plugin_library.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <system_error>

#include <boost/dll/shared_library.hpp>

#include <regua/plugin.hpp>

namespace regua::plugin {

namespace {

constexpr const char* kCapabilityNames[] = {"action", "quote", "source", "channel", "task_sink", "listener"};

// Size of each capability table as of ABI 1.0. A table may be larger (a newer minor
// appended fields) but never smaller. These numbers are fixed forever: the action table
// ended before `check` (1.4); the others have not grown yet.
constexpr std::uint32_t kActionTable_1_0 = offsetof(regua_action_table, check);
constexpr std::uint32_t kQuoteTable_1_0 = sizeof(regua_quote_table);
constexpr std::uint32_t kSourceTable_1_0 = sizeof(regua_source_table);
constexpr std::uint32_t kChannelTable_1_0 = sizeof(regua_channel_table);
constexpr std::uint32_t kTaskSinkTable_1_0 = sizeof(regua_task_sink_table);
constexpr std::uint32_t kListenerTable_1_0 = sizeof(regua_listener_table);

const std::string kHostAbi = std::to_string(REGUA_ABI_MAJOR) + "." + std::to_string(REGUA_ABI_MINOR);

[[noreturn]] void refuse(const std::filesystem::path& file, const std::string& problem, const std::string& fix) {
  throw PluginError(file.string() + ": " + problem + "; " + fix);
}

// Boost wraps dlerror() in its own words; keep only the loader's message.
std::string loaderMessage(const std::string& boostText) {
  const std::string marker = "system message: ";
  const auto begin = boostText.find(marker);
  if (begin == std::string::npos) return boostText;
  const auto end = boostText.rfind("):");
  const auto from = begin + marker.size();
  return boostText.substr(from, end != std::string::npos && end > from ? end - from : std::string::npos);
}

// Before 1.8 a plugin could not say which of its actions send messages; the host knew
// the first-party ones by name. Plugins built for 1.8 or later declare it themselves.
std::uint32_t legacyActionFlags(const std::string& action) {
  const bool message = action == "remind" || action == "offer_agreement";
  return message ? REGUA_ACTION_SENDS_MESSAGE | REGUA_ACTION_ONE_CALL_PER_CLIENT : 0;
}

// One REGUA_ACTION_* per action name: the table's (1.8), else the legacy guess.
std::vector<std::uint32_t> actionFlags(const regua_action_table& table, const std::vector<std::string>& names,
                                       std::uint16_t builtMinor) {
  std::vector<std::uint32_t> flags;
  const std::uint32_t* declared = builtMinor >= 8 ? declaredField(table, &regua_action_table::action_flags) : nullptr;
  for (std::size_t i = 0; i < names.size(); ++i) {
    flags.push_back(builtMinor >= 8 ? (declared != nullptr ? declared[i] : 0u) : legacyActionFlags(names[i]));
  }
  return flags;
}

std::vector<std::string> nameList(const char* const* names) {
  std::vector<std::string> out;
  for (std::size_t i = 0; names != nullptr && names[i] != nullptr && i < 256; ++i) out.emplace_back(names[i]);
  return out;
}

// Copies the plugin's descriptor into the host's layout, reading only what it declared.
regua_plugin_descriptor copyDeclared(const regua_plugin_descriptor& declared) {
  regua_plugin_descriptor copy{};
  std::memcpy(&copy, &declared, std::min<std::size_t>(declared.struct_size, sizeof copy));
  copy.struct_size = std::min<std::uint32_t>(declared.struct_size, sizeof copy);
  return copy;
}

// Every capability table starts with its uint32_t struct_size (pointer-interconvertible).
void checkTable(const std::filesystem::path& file, const char* capability, const void* table,
                std::uint32_t minimumSize) {
  if (table == nullptr) {
    refuse(file, std::string("declara a capacidade ") + capability + " mas não traz a tabela de funções",
           "preencha o ponteiro da tabela ou tire a flag; com REGUA_PLUGIN() do SDK isso é automático");
  }
  const std::uint32_t declaredSize = *static_cast<const std::uint32_t*>(table);
  if (declaredSize < minimumSize) {
    refuse(file, std::string("tabela ") + capability + " com " + std::to_string(declaredSize) +
                     " bytes, menor que os " + std::to_string(minimumSize) + " do ABI " + kHostAbi,
           "recompile o plugin com o SDK " + std::to_string(REGUA_ABI_MAJOR) + ".x");
  }
}

void validate(const std::filesystem::path& file, const regua_plugin_descriptor& d) {
  const std::string pluginAbi = std::to_string(d.abi_major) + "." + std::to_string(d.abi_minor);
  if (d.abi_major != REGUA_ABI_MAJOR) {
    refuse(file, "feito para o ABI " + pluginAbi + ", mas este host fala o ABI " + kHostAbi,
           d.abi_major > REGUA_ABI_MAJOR
               ? "use um Régua que fale o ABI " + std::to_string(d.abi_major) + ".x ou recompile o plugin com o SDK " +
                     std::to_string(REGUA_ABI_MAJOR) + ".x"
               : "recompile o plugin com o SDK " + std::to_string(REGUA_ABI_MAJOR) + ".x (find_package(ReguaSDK " +
                     std::to_string(REGUA_ABI_MAJOR) + "))");
  }
  if (d.abi_minor > REGUA_ABI_MINOR) {
    refuse(file, "precisa de um host com ABI " + pluginAbi + " ou mais novo, e este host fala o ABI " + kHostAbi,
           "atualize o Régua, ou recompile o plugin com REGUA_PLUGIN_REQUIRES(" + std::to_string(REGUA_ABI_MAJOR) +
               ", " + std::to_string(REGUA_ABI_MINOR) + ") se ele não usa nada mais novo");
  }
  if (d.struct_size < REGUA_DESCRIPTOR_MIN_SIZE) {
    refuse(file, "descritor com " + std::to_string(d.struct_size) + " bytes, menor que o mínimo de " +
                     std::to_string(REGUA_DESCRIPTOR_MIN_SIZE) + " do ABI " + kHostAbi,
           "preencha struct_size com sizeof(regua_plugin_descriptor)");
  }
  const std::string name = d.name ? d.name : "";
  if (!isValidPluginName(name)) {
    refuse(file, "nome '" + name + "' inválido",
           "use DNS reverso em minúsculas, como br.exemplo.meu-plugin");
  }
  if (d.version == nullptr || *d.version == '\0') {
    refuse(file, "plugin " + name + " sem versão", "preencha o campo version, por exemplo \"1.0.0\"");
  }
  if (d.create == nullptr || d.destroy == nullptr || d.last_error == nullptr) {
    refuse(file, "plugin " + name + " sem create, destroy ou last_error",
           "as três funções são obrigatórias; REGUA_PLUGIN() do SDK as gera");
  }
  if (d.capabilities == 0 || (d.capabilities & ~REGUA_CAP_ALL) != 0) {
    refuse(file, "plugin " + name + " com capacidades inválidas (0x" + [&] {
             char hex[16];
             std::snprintf(hex, sizeof hex, "%x", d.capabilities);
             return std::string(hex);
           }() + ")",
           "declare ao menos uma das REGUA_CAP_* conhecidas pelo ABI " + kHostAbi);
  }
  struct TableCheck {
    std::uint32_t flag;
    const char* capability;
    const void* table;
    std::uint32_t minimumSize;
  };
  const TableCheck tables[] = {
      {REGUA_CAP_ACTION, "action", d.action, kActionTable_1_0},
      {REGUA_CAP_QUOTE, "quote", d.quote, kQuoteTable_1_0},
      {REGUA_CAP_SOURCE, "source", d.source, kSourceTable_1_0},
      {REGUA_CAP_CHANNEL, "channel", d.channel, kChannelTable_1_0},
      {REGUA_CAP_TASK_SINK, "task_sink", d.task_sink, kTaskSinkTable_1_0},
      {REGUA_CAP_LISTENER, "listener", d.listener, kListenerTable_1_0},
  };
  for (const auto& t : tables) {
    if ((d.capabilities & t.flag) != 0) {
      checkTable(file, t.capability, t.table, t.minimumSize);
    } else if (t.table != nullptr) {
      refuse(file, std::string("traz a tabela ") + t.capability + " sem declarar a capacidade",
             "ligue a flag REGUA_CAP_* correspondente ou deixe o ponteiro NULL");
    }
  }
  if ((d.capabilities & REGUA_CAP_ACTION) && nameList(d.action->action_names).empty()) {
    refuse(file, "plugin " + name + " tem a capacidade action sem nenhum nome de ação",
           "liste as ações em action_names (kActionNames no SDK C++), terminando com NULL");
  }
}

}  // namespace

config::ActionTraits PluginInfo::traitsOf(std::string_view action) const {
  for (std::size_t i = 0; i < actionNames.size() && i < actionFlags.size(); ++i) {
    if (actionNames[i] == action) {
      return {(actionFlags[i] & REGUA_ACTION_SENDS_MESSAGE) != 0, (actionFlags[i] & REGUA_ACTION_ONE_CALL_PER_CLIENT) != 0};
    }
  }
  return {};
}

std::vector<std::string> PluginInfo::capabilityNames() const {
  std::vector<std::string> out;
  for (std::size_t bit = 0; bit < std::size(kCapabilityNames); ++bit) {
    if (capabilities & (1u << bit)) out.emplace_back(kCapabilityNames[bit]);
  }
  return out;
}

std::mutex& loaderMutex() {
  static std::mutex mutex;
  return mutex;
}

PluginLibrary openPluginLibrary(const std::filesystem::path& file) {
  std::error_code ec;
  if (!std::filesystem::exists(file, ec)) {
    refuse(file, "arquivo não encontrado", "confira 'path' ou 'plugin_dirs' em regua.yaml e se o plugin foi compilado");
  }
  if (!std::filesystem::is_regular_file(file, ec)) {
    refuse(file, "não é um arquivo comum", "aponte para o arquivo .so do plugin");
  }

  std::lock_guard lock(loaderMutex());
  PluginLibrary out;
  out.file = file;
  try {
    namespace mode = boost::dll::load_mode;
    out.library = std::make_shared<const boost::dll::shared_library>(file, mode::rtld_now | mode::rtld_local);
  } catch (const std::exception& e) {
    refuse(file, "não é uma biblioteca compartilhada carregável (" + loaderMessage(e.what()) + ")",
           "compile o plugin como MODULE com regua_add_plugin() do SDK e confira as dependências com ldd");
  }
  if (!out.library->has(REGUA_PLUGIN_ENTRY_SYMBOL)) {
    refuse(file, std::string("não exporta o símbolo ") + REGUA_PLUGIN_ENTRY_SYMBOL,
           "exporte o plugin com REGUA_PLUGIN(...) de <regua/plugin.hpp> ou defina a função com REGUA_EXPORT");
  }
  auto& entry = out.library->get<const regua_plugin_descriptor*()>(REGUA_PLUGIN_ENTRY_SYMBOL);
  const regua_plugin_descriptor* declared = entry();
  if (declared == nullptr) {
    refuse(file, std::string(REGUA_PLUGIN_ENTRY_SYMBOL) + " devolveu NULL",
           "devolva um ponteiro para um regua_plugin_descriptor estático");
  }
  // Check the versions before trusting any other field: a different major may have
  // a different layout after them.
  if (declared->struct_size < offsetof(regua_plugin_descriptor, name)) {
    refuse(file, "descritor com " + std::to_string(declared->struct_size) + " bytes, pequeno demais",
           "preencha struct_size com sizeof(regua_plugin_descriptor)");
  }
  out.descriptor = copyDeclared(*declared);
  validate(file, out.descriptor);

  const auto& d = out.descriptor;
  out.info.name = d.name;
  out.info.version = d.version;
  out.info.description = d.description ? d.description : "";
  out.info.abiMajor = d.abi_major;
  out.info.requiresMinor = d.abi_minor;
  out.info.abiMinor = std::max(d.abi_minor, d.built_minor);  // absent before 1.8: the same as abi_minor
  out.info.capabilities = d.capabilities;
  if (d.action) {
    out.info.actionNames = nameList(d.action->action_names);
    out.info.actionFlags = actionFlags(*d.action, out.info.actionNames, out.info.abiMinor);
  }
  if (d.channel) out.info.channelNames = nameList(d.channel->channel_names);
  return out;
}

}  // namespace regua::plugin
