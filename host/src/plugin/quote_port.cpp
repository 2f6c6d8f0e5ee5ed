#include "plugin/quote_port.hpp"

#include <stdexcept>

#include "plugin/abi_values.hpp"
#include "plugin/plugin_instance.hpp"

namespace regua::plugin {

QuoteResult quoteWith(PluginInstance& plugin, const QuoteInput& input) {
  const auto args = abiPairs(input.args);
  regua_quote_request request{};
  request.struct_size = sizeof request;
  request.principal = input.principal.toAbi();
  request.due_date = input.dueDate.toAbi();
  request.on_date = input.onDate.toAbi();
  request.debtor_is_person = input.debtorIsPerson ? 1 : 0;
  request.args = args.empty() ? nullptr : args.data();
  request.args_count = args.size();
  request.issue_date = input.issueDate ? input.issueDate->toAbi() : 0;
  request.interest_from = input.interestFrom ? input.interestFrom->toAbi() : 0;
  request.fine_assessed = input.fineAssessed ? 1 : 0;
  regua_quote quote{};
  const auto hold = plugin.exclusive();
  if (plugin.quote(request, quote) != REGUA_OK) throw std::runtime_error(plugin.lastError());
  return {Money::fromAbi(quote.principal), Money::fromAbi(quote.fine), Money::fromAbi(quote.interest),
          Money::fromAbi(quote.discount), Money::fromAbi(quote.total), Date::fromAbi(quote.effective_due),
          quote.days_late, std::string(view(quote.notes))};
}

}  // namespace regua::plugin
