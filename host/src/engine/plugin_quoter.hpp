// Amounts today from the quote plugin (penalties): what a reminder, the dry run and
// the delinquency report show as "valor atualizado".
#pragma once

#include "engine/cycle.hpp"

#include <memory>

namespace regua::plugin { class PluginInstance; class PluginRegistry; }

namespace regua::engine {

class PluginQuoter : public AmountQuoter {
 public:
  explicit PluginQuoter(plugin::PluginInstance& plugin) : plugin_(plugin) {}
  // The quote's total; what is open when the plugin fails (logged once per run).
  Money amountOn(const ReceivableFacts& facts, const Policy& policy, Date day) override;

 private:
  plugin::PluginInstance& plugin_;
  bool warned_ = false;
};

// The loaded quote plugin's amounts, or what is open when none is loaded.
std::unique_ptr<AmountQuoter> makeQuoter(plugin::PluginRegistry& plugins);

}  // namespace regua::engine
