// Amounts today from the quote plugin (penalties): what a reminder, the dry run and
// the delinquency report show as "valor atualizado".
#pragma once

#include "engine/cycle.hpp"

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace regua::plugin { class PluginInstance; class PluginRegistry; }

namespace regua::engine {

// One quote asked of a quote plugin, in host terms.
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
QuoteResult quoteWith(plugin::PluginInstance& plugin, const QuoteInput& input);

class PluginQuoter : public AmountQuoter {
 public:
  PluginQuoter(plugin::PluginInstance& plugin, std::string city) : plugin_(plugin), city_(std::move(city)) {}
  // The quote's total; what is open when the plugin fails (logged once per run).
  Money amountOn(const ReceivableFacts& facts, const Policy& policy, Date day) override;

 private:
  plugin::PluginInstance& plugin_;
  std::string city_;
  bool warned_ = false;
};

// The loaded quote plugin's amounts, or what is open when none is loaded.
std::unique_ptr<AmountQuoter> makeQuoter(plugin::PluginRegistry& plugins, const std::string& city);

}  // namespace regua::engine
