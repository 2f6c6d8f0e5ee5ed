#include "engine/plugin_quoter.hpp"

#include <vector>

#include <Poco/Logger.h>

#include "plugin/plugin_instance.hpp"
#include "plugin/plugin_registry.hpp"

namespace regua::engine {

Money PluginQuoter::amountOn(const ReceivableFacts& facts, const Policy& policy, Date day) {
  std::vector<regua_kv> args;
  for (const auto& [key, value] : policy.penalties) args.push_back({abiStr(key), abiStr(value)});
  const std::string id = std::to_string(facts.receivableId);
  regua_quote_request request{};
  request.struct_size = sizeof request;
  request.receivable_id = abiStr(id);
  request.principal = facts.open.toAbi();
  request.due_date = facts.dueDate.toAbi();
  request.on_date = day.toAbi();
  request.debtor_is_person = facts.kind == domain::PartyKind::kPerson ? 1 : 0;
  request.args = args.empty() ? nullptr : args.data();
  request.args_count = args.size();
  regua_quote quote{};
  if (plugin_.quote(request, quote) == REGUA_OK) return Money::fromAbi(quote.total);
  if (!warned_) {
    warned_ = true;
    Poco::Logger::get("regua.engine")
        .warning("%s: cálculo de encargos falhou (%s); mostrando o valor em aberto sem encargos", plugin_.label(),
                 plugin_.lastError());
  }
  return facts.open;
}

std::unique_ptr<AmountQuoter> makeQuoter(plugin::PluginRegistry& plugins) {
  if (auto* quote = plugins.quoteProvider()) return std::make_unique<PluginQuoter>(*quote);
  return std::make_unique<OpenAmount>();
}

}  // namespace regua::engine
