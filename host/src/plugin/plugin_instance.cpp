#include "plugin/plugin_instance.hpp"

#include <cstddef>
#include <mutex>

#include <regua/plugin.hpp>

namespace regua::plugin {

PluginInstance::PluginInstance(const PluginLibrary& library, const YAML::Node& section,
                               const HostEnvironment& environment)
    : library_(library.library),
      descriptor_(library.descriptor),
      info_(library.info),
      context_(makeHostContext(library.info.name, section, environment)) {
  std::lock_guard lock(loaderMutex());
  regua_instance* created = nullptr;
  const regua_status status = descriptor_.create(&hostServices(), context_.get(), &created);
  if (status == REGUA_OK && created != nullptr) {
    raw_ = created;
    return;
  }
  const char* text = descriptor_.last_error(nullptr);
  const std::string why = (text != nullptr && *text != '\0') ? text : "sem mensagem";
  if (status == REGUA_ERROR_CONFIG) {
    throw PluginError(info_.name + ": recusou a configuração: " + why +
                      "; corrija a seção 'config' deste plugin em regua.yaml");
  }
  throw PluginError(info_.name + ": falhou ao iniciar: " + why +
                    (status == REGUA_OK ? " (create devolveu OK sem instância)" : "") +
                    "; veja o log do plugin e avise o autor se persistir");
}

PluginInstance::~PluginInstance() {
  if (raw_ != nullptr) descriptor_.destroy(raw_);
}

regua_status PluginInstance::execute(const regua_intent& intent, regua_action_result& result) {
  if (descriptor_.action == nullptr) {
    throw PluginError(info_.name + ": não tem a capacidade action; confira o nome da ação na política");
  }
  result = regua_action_result{};
  result.struct_size = sizeof result;
  return descriptor_.action->execute(raw_, &intent, &result);
}

std::optional<std::string> PluginInstance::checkAction(std::string_view action,
                                        const std::vector<std::pair<std::string, std::string>>& args) {
  const auto hold = exclusive();
  const auto* table = descriptor_.action;
  // A table from before ABI 1.4 ends before `check`: never read past its size.
  if (table == nullptr || table->struct_size < offsetof(regua_action_table, check) + sizeof(table->check) ||
      table->check == nullptr) {
    return std::nullopt;
  }
  std::vector<regua_kv> kv;
  for (const auto& [key, value] : args) kv.push_back({abiStr(key), abiStr(value)});
  if (table->check(raw_, abiStr(action), kv.empty() ? nullptr : kv.data(), kv.size()) == REGUA_OK) return "";
  return lastError();
}

std::optional<bool> PluginInstance::hasTemplate(std::string_view action, std::string_view name) {
  const auto hold = exclusive();
  const auto* table = descriptor_.action;
  const auto answer = table != nullptr ? declaredField(*table, &regua_action_table::has_template) : nullptr;
  if (answer == nullptr) return std::nullopt;
  return answer(raw_, abiStr(action), abiStr(name)) == REGUA_OK;
}

regua_status PluginInstance::send(const regua_message& message, regua_delivery& delivery) {
  if (descriptor_.channel == nullptr) throw PluginError(info_.name + ": não tem a capacidade channel");
  delivery = regua_delivery{};
  delivery.struct_size = sizeof delivery;
  return descriptor_.channel->send(raw_, &message, &delivery);
}

regua_status PluginInstance::onEvent(const regua_event& event) {
  if (descriptor_.listener == nullptr) throw PluginError(info_.name + ": não tem a capacidade listener");
  return descriptor_.listener->on_event(raw_, &event);
}

regua_status PluginInstance::upsertTask(const regua_task& task, regua_task_result& result) {
  if (descriptor_.task_sink == nullptr) throw PluginError(info_.name + ": não tem a capacidade task_sink");
  result = regua_task_result{};
  result.struct_size = sizeof result;
  return descriptor_.task_sink->upsert(raw_, &task, &result);
}

void PluginInstance::disable(std::string reason) {
  std::lock_guard lock(disabledMutex_);
  disabled_ = std::move(reason);
}

std::optional<std::string> PluginInstance::disabledReason() const {
  std::lock_guard lock(disabledMutex_);
  return disabled_;
}

regua_status PluginInstance::quote(const regua_quote_request& request, regua_quote& result) {
  if (descriptor_.quote == nullptr) throw PluginError(info_.name + ": não tem a capacidade quote");
  result = regua_quote{};
  result.struct_size = sizeof result;
  return descriptor_.quote->quote(raw_, &request, &result);
}

regua_status PluginInstance::pull(std::string_view cursor, const regua_source_sink& sink,
                                  regua_source_result& result) {
  if (descriptor_.source == nullptr) throw PluginError(info_.name + ": não tem a capacidade source");
  result = regua_source_result{};
  result.struct_size = sizeof result;
  return descriptor_.source->pull(raw_, regua_str{cursor.data(), cursor.size()}, &sink, &result);
}

std::string PluginInstance::lastError() const {
  const char* text = descriptor_.last_error(raw_);
  return text != nullptr ? text : "";
}

}  // namespace regua::plugin
