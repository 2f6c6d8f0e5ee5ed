#include "engine/plugin_quoter.hpp"

#include <vector>

#include <Poco/Logger.h>

#include "plugin/plugin_instance.hpp"
#include "plugin/plugin_registry.hpp"
#include "store/client_repository.hpp"

namespace regua::engine {

plugin::QuoteInput quoteInputFor(const OpenBalance& b, const config::Policy& policy, const std::string& city, Date day) {
  plugin::QuoteInput input;
  input.principal = b.principalOpen;
  input.dueDate = b.dueDate;
  input.onDate = day;
  input.debtorIsPerson = b.debtorIsPerson;
  input.issueDate = b.issueDate;
  input.interestFrom = b.interestFrom;
  input.fineAssessed = b.fineAssessed;
  input.args = policy.penalties;
  if (!city.empty()) input.args.emplace_back("city", city);
  return input;
}

Money PluginQuoter::amountOn(const domain::ReceivableFacts& facts, const config::Policy& policy, Date day) {
  // A report prices a million items under a handful of policies: the policy's arguments
  // are copied when the policy changes, not for every item.
  if (inputPolicy_ != &policy) {
    input_ = quoteInputFor({}, policy, city_, day);
    inputPolicy_ = &policy;
  }
  input_.principal = facts.principalOpen;
  input_.dueDate = facts.dueDate;
  input_.onDate = day;
  input_.debtorIsPerson = facts.kind == domain::PartyKind::kPerson;
  input_.issueDate = facts.issueDate;
  input_.interestFrom = facts.interestFrom;
  input_.fineAssessed = facts.fineAssessed;
  try {
    const auto quote = plugin::quoteWith(plugin_, input_);
    // Charges accrued before (and still owed) come on top of today's.
    return quote.total + (facts.open - facts.principalOpen);
  } catch (const std::exception& e) {
    if (!warned_) {
      warned_ = true;
      Poco::Logger::get("regua.engine")
          .warning("%s: cálculo de encargos falhou (%s); mostrando o valor em aberto sem encargos", plugin_.label(),
                   std::string(e.what()));
    }
    return facts.open;
  }
}

const PluginCharges::ClientFacts* PluginCharges::clientFacts(std::int64_t clientId) const {
  auto [at, added] = clients_.try_emplace(clientId);
  if (added) {
    if (const auto c = store::ClientRepository(db_).findById(clientId)) {
      at->second = ClientFacts{c->externalId, c->segment, c->kind == domain::PartyKind::kPerson};
    }
  }
  return at->second ? &*at->second : nullptr;
}

domain::Charges PluginCharges::chargesOn(const domain::Receivable& r, Date day) const {
  // Up to the due date nothing is late, and an advance may even precede the issue date
  // (which the penalties plugin refuses to price).
  if (day <= r.dueDate) return {};
  const ClientFacts* client = clientFacts(r.clientId);
  const config::Policy* policy = client ? policies_.select(r.policyId, client->externalId, client->segment) : nullptr;
  if (policy == nullptr) return {};  // no régua governs it: no charges agreed
  const plugin::QuoteInput input = quoteInputFor({r.principalOpen, r.dueDate, r.issueDate, r.interestFrom, r.fineAssessed,
                                          client->person},
                                         *policy, city_, day);
  try {
    const auto quote = plugin::quoteWith(plugin_, input);
    return {quote.interest, quote.fine};
  } catch (const std::exception& e) {
    throw store::StoreError(store::StoreError::Kind::kInvalid,
                            "pagamento do título " + r.externalId + ": encargos da política " + policy->id +
                                " recusados pelo plugin " + plugin_.label() + ": " + e.what());
  }
}

std::unique_ptr<AmountQuoter> makeQuoter(plugin::PluginRegistry& plugins, const std::string& city) {
  if (auto* quote = plugins.quoteProvider()) return std::make_unique<PluginQuoter>(*quote, city);
  return std::make_unique<OpenAmount>();
}

std::unique_ptr<domain::ChargeCalculator> makeCharges(plugin::PluginRegistry& plugins, const config::PolicySet* policies,
                                                      store::Database& db, const std::string& city) {
  auto* quote = plugins.quoteProvider();
  if (quote == nullptr || policies == nullptr) return std::make_unique<domain::NoCharges>();
  return std::make_unique<PluginCharges>(*quote, *policies, db, city);
}

}  // namespace regua::engine
