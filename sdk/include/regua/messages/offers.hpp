// The agreement offers a message lists ({{#ofertas}}), computed from the intent's
// negotiation terms (ABI 1.6) with regua/negotiation.hpp over the overdue items as
// quoted today: the same figures `regua agreement offers` shows for those items.
#pragma once

#include <string>
#include <vector>

#include <regua/negotiation.hpp>
#include <regua/plugin.hpp>

#include "regua/messages/open_items.hpp"
#include "regua/messages/template_files.hpp"

namespace regua::templates {

struct OfferList {
  std::vector<negotiation::Schedule> offers;  // empty: the policy offers none, or nothing is overdue
  Date validUntil;
  std::string problem;  // why there are none, for an action that needs them
};

// Offers for the overdue ones among `items` (already quoted on the intent's day).
OfferList offersFor(const Host& host, const Intent& intent, const std::vector<ItemView>& items);

// Sets `ofertas` (plano, a_vista, parcelas, entrada, valor_parcela, total, desconto,
// primeiro_vencimento), `tem_ofertas` and `ofertas_validas_ate` on `data`.
void setOffers(Data& data, const OfferList& offers);

inline constexpr const char* kOfferVariables =
    "tem_ofertas, ofertas_validas_ate, ofertas (plano, a_vista, parcelas, entrada, valor_parcela, total, desconto, "
    "primeiro_vencimento)";

// ------------------------------------------------------------------ definitions

inline OfferList offersFor(const Host& host, const Intent& intent, const std::vector<ItemView>& items) {
  OfferList out;
  const auto section = intent.negotiationSection();
  if (section.empty()) {
    out.problem = "a política " + std::string(intent.policyId()) + " não tem seção negotiation: não há ofertas de acordo";
    return out;
  }
  std::vector<std::string> errors;
  const negotiation::Terms terms = negotiation::parseTerms(section, errors);
  if (!errors.empty()) {
    out.problem = "seção negotiation da política " + std::string(intent.policyId()) + ": " + errors.front();
    return out;
  }
  negotiation::Debt debt;
  for (const auto& item : items) {
    if (item.daysLate <= 0) continue;
    debt.principal += item.updated - item.fine - item.interest + item.discount;
    debt.fine += item.fine;
    debt.interest += item.interest;
  }
  if (debt.total() <= Money()) {
    out.problem = "nada vencido nos títulos desta ação: não há o que negociar";
    return out;
  }
  const Date asOf = intent.asOf();
  const auto businessDay = [&](Date d) { return host.isBusinessDay(d) ? d : host.nextBusinessDay(d); };
  out.offers = negotiation::offers(debt, terms, host.addBusinessDays(asOf, terms.firstDueBusinessDays), businessDay);
  out.validUntil = asOf.plusDays(terms.validDays);
  return out;
}

inline void setOffers(Data& data, const OfferList& list) {
  Data offers{Data::type::list};
  for (const auto& o : list.offers) {
    Data offer;
    offer.set("plano", o.planText());
    offer.set("a_vista", flag(o.cash()));
    offer.set("parcelas", std::to_string(o.count));
    offer.set("entrada", optional(o.down > Money() ? o.down.toBrl() : ""));
    offer.set("valor_parcela", o.regular().toBrl());
    offer.set("total", o.total().toBrl());
    offer.set("desconto", optional(o.discount > Money() ? o.discount.toBrl() : ""));
    offer.set("primeiro_vencimento", o.installments.front().due.br());
    offers.push_back(offer);
  }
  data.set("ofertas", offers);
  data.set("tem_ofertas", flag(!list.offers.empty()));
  data.set("ofertas_validas_ate", list.offers.empty() ? std::string() : list.validUntil.br());
}

}  // namespace regua::templates
