// The agreement offers a message lists ({{#ofertas}}), computed from the intent's
// negotiation terms (ABI 1.6) with regua/negotiation.hpp over the overdue items as
// quoted today: the same figures `regua agreement offers` shows for those items.
#pragma once

#include <string>
#include <vector>

#include <regua/negotiation.hpp>
#include <regua/plugin.hpp>

#include "open_items.hpp"
#include "template_files.hpp"

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

}  // namespace regua::templates
