// Amounts today from the quote plugin (penalties): what a reminder, the dry run and
// the delinquency report show as "valor atualizado".
#pragma once

#include "domain/payment.hpp"
#include "engine/cycle.hpp"
#include "plugin/quote_port.hpp"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace regua::plugin { class PluginInstance; class PluginRegistry; }

namespace regua::engine {

// What the quote plugin is asked about a receivable on `day`, under `policy`.
struct OpenBalance {
  Money principalOpen;
  Date dueDate, issueDate, interestFrom;
  bool fineAssessed = false;
  bool debtorIsPerson = true;
};
plugin::QuoteInput quoteInputFor(const OpenBalance& balance, const config::Policy& policy, const std::string& city, Date day);

// Made for one report, request or run: the policies it prices with must outlive it (it
// remembers the last one's arguments by address).
class PluginQuoter : public AmountQuoter {
 public:
  PluginQuoter(plugin::PluginInstance& plugin, std::string city) : plugin_(plugin), city_(std::move(city)) {}
  // The quote's total; what is open when the plugin fails (logged once per run).
  Money amountOn(const domain::ReceivableFacts& facts, const config::Policy& policy, Date day) override;

 private:
  plugin::PluginInstance& plugin_;
  std::string city_;
  bool warned_ = false;
  plugin::QuoteInput input_;                       // the last item's, arguments included
  const config::Policy* inputPolicy_ = nullptr;    // whose arguments input_ holds
};

// What a payment pays besides the principal: the fine (once) and the interest accrued
// up to the payment day, by the penalties of the receivable's policy. Throws StoreError
// (kInvalid) when the plugin refuses, so the import that carried the payment stores
// nothing rather than a wrong split.
class PluginCharges : public domain::ChargeCalculator {
 public:
  PluginCharges(plugin::PluginInstance& plugin, const config::PolicySet& policies, store::Database& db, std::string city)
      : plugin_(plugin), policies_(policies), db_(db), city_(std::move(city)) {}
  domain::Charges chargesOn(const domain::Receivable& receivable, Date day) const override;

 private:
  // What picks a client's policy and rates. A calculator lives for one operation (a
  // sync, an import, a request), so each client is read once, not once per payment.
  struct ClientFacts {
    std::string externalId, segment;
    bool person = false;
  };
  const ClientFacts* clientFacts(std::int64_t clientId) const;

  plugin::PluginInstance& plugin_;
  const config::PolicySet& policies_;
  store::Database& db_;
  std::string city_;
  mutable std::unordered_map<std::int64_t, std::optional<ClientFacts>> clients_;
};

// The loaded quote plugin's amounts, or what is open when none is loaded.
std::unique_ptr<AmountQuoter> makeQuoter(plugin::PluginRegistry& plugins, const std::string& city);


// How payments are split: PluginCharges with a quote plugin and policies (null: none),
// else no charges.
std::unique_ptr<domain::ChargeCalculator> makeCharges(plugin::PluginRegistry& plugins, const config::PolicySet* policies,
                                                      store::Database& db, const std::string& city);

}  // namespace regua::engine
