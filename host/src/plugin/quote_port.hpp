// The quote capability in host terms: what a receivable costs on a day under a policy's
// penalties (principal, fine, interest, discount).
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <regua/value.hpp>

namespace regua::plugin {

class PluginInstance;

struct QuoteInput {
  Money principal;
  Date dueDate, onDate;
  bool debtorIsPerson = true;
  std::optional<Date> issueDate, interestFrom;
  bool fineAssessed = false;
  std::vector<std::pair<std::string, std::string>> args;  // the policy's penalties (+ "city")
};
struct QuoteResult {
  Money principal, fine, interest, discount, total;
  Date effectiveDue;
  int daysLate = 0;
  std::string notes;  // pt-BR, "; "-separated
};

// Throws std::runtime_error with the plugin's reason when it refuses.
QuoteResult quoteWith(PluginInstance& plugin, const QuoteInput& input);

}  // namespace regua::plugin
