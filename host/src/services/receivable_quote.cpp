#include "services/receivable_quote.hpp"

#include "engine/plugin_quoter.hpp"
#include "plugin/plugin_registry.hpp"
#include "services/client_lookup.hpp"
#include "store/receivable_facts.hpp"

namespace regua::services {

ReceivableQuote quoteReceivable(store::Database& db, const config::PolicySet& policies,
                                const config::HostConfig& config, plugin::PluginRegistry& plugins,
                                const std::string& ref, Date day) {
  using Kind = ServiceError::Kind;
  const auto ids = findReceivables(db, ref);
  if (ids.size() > 1) {
    throw ServiceError(Kind::kAmbiguous, "há " + std::to_string(ids.size()) + " títulos com o id '" + ref +
                                           "' (de fontes diferentes); use o id interno");
  }
  const auto snapshot = ids.empty() ? std::nullopt : store::ReceivableFactsRepository(db).load(ids.front());
  if (!snapshot) throw ServiceError(Kind::kNotFound, "título '" + ref + "' não encontrado");
  if (snapshot->status != "open" && snapshot->status != "partially_paid") {
    throw ServiceError(Kind::kRefused, "o título '" + ref + "' não está em cobrança (" + snapshot->status +
                                             "): não há valor a pagar");
  }
  ReceivableQuote out = quoteOpenItem(snapshot->client.receivables.front(), policies, config, plugins, day);
  out.status = snapshot->status;
  return out;
}

ReceivableQuote quoteOpenItem(const domain::ReceivableFacts& facts, const config::PolicySet& policies,
                              const config::HostConfig& config, plugin::PluginRegistry& plugins, Date day) {
  using Kind = ServiceError::Kind;
  const std::string& ref = facts.receivableExternalId;
  ReceivableQuote out;
  out.facts = facts;
  out.status = "open";
  const auto& f = out.facts;
  const config::Policy* policy = policies.select(f.policyId, f.clientExternalId, f.segment);
  if (policy == nullptr) {
    throw ServiceError(Kind::kRefused, "nenhuma política cobra o título '" + ref +
                                             "': marque uma como 'default: true' para ter multa e juros");
  }
  auto* plugin = plugins.quoteProvider();
  if (plugin == nullptr) {
    throw ServiceError(Kind::kRefused, "nenhum plugin de encargos carregado; acrescente '- name: penalties' em "
                                         "'plugins' de regua.yaml");
  }
  if (day < f.issueDate) {
    throw ServiceError(Kind::kRefused, "o título '" + ref + "' só foi emitido em " + f.issueDate.br() +
                                             "; peça um valor a partir desse dia");
  }
  out.policyId = policy->id;
  const engine::OpenBalance balance{f.principalOpen, f.dueDate, f.issueDate, f.interestFrom, f.fineAssessed,
                                    f.kind == domain::PartyKind::kPerson};
  try {
    out.quote = plugin::quoteWith(*plugin, engine::quoteInputFor(balance, *policy, config.city, day));
  } catch (const std::runtime_error& e) {
    throw ServiceError(Kind::kRefused, std::string("o plugin de encargos recusou: ") + e.what());
  }
  out.earlierCharges = f.open - f.principalOpen;
  out.total = out.quote.total + out.earlierCharges;
  return out;
}

}  // namespace regua::services
