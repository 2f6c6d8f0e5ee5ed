// What a client sees on its own page (/c/TOKEN) on a day: each open item with today's
// amount part by part, each part's rule in plain words, the boleto line when there is
// one, and a PIX code for each item and for the total. http/ only lays it out.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "calendar/business_calendar.hpp"
#include "config/host_config.hpp"
#include "config/policy.hpp"
#include "store/agreement_repository.hpp"
#include "store/database.hpp"

namespace regua::plugin { class PluginRegistry; }

namespace regua::services {

// One line of an item's amount: "Multa", R$ 36,00, "cobrada uma única vez ...".
struct AmountPart {
  std::string label;
  Money amount;
  std::string rule;  // pt-BR, plain words
  bool subtracts = false;
};

struct PageItem {
  std::string id;  // the office's id of the receivable
  std::string description;
  Date dueDate, effectiveDue;
  int daysLate = 0;
  std::vector<AmountPart> parts;
  Money total;
  std::string boletoLine;  // the typed line; "" when the office has none
  std::string pix;         // copia-e-cola for this item; "" when client_page.pix is not set
  std::string notes;       // the quote plugin's remarks, "; "-separated
};

// An installment offer the policy allows without an approver; choosing it on the page
// stores a proposal the office confirms (regua agreement accept).
struct PageOffer {
  std::string plan;  // "à vista", "3x sem juros", ...
  int installments = 1;
  Money down, regular, total, discount;
  Date firstDue;
};

struct ClientPage {
  std::string clientName;
  Date day;
  std::vector<PageItem> items;  // due-date order
  Money total;
  std::string totalPix;  // one code for everything; "" with fewer than two items or no PIX
  std::vector<PageOffer> offers;  // none while a proposal waits or an agreement runs
  std::string agreementNote;      // pt-BR: the proposal that waits, or the agreement that runs
};

// Throws ServiceError (kNotFound) when the client is gone. A bill issued after `day` is
// left out; one the quote cannot price (no policy, no quote plugin) shows what is open.
ClientPage clientPage(store::Database& db, const config::PolicySet& policies, const calendar::BusinessCalendar& calendar,
                      const config::HostConfig& config, plugin::PluginRegistry& plugins, std::int64_t clientId,
                      Date day);

// The items and their PIX codes alone, without the offers (a QR image needs no more).
ClientPage clientItems(store::Database& db, const config::PolicySet& policies, const config::HostConfig& config,
                       plugin::PluginRegistry& plugins, std::int64_t clientId, Date day);

// The client chose the offer of `installments` after `down` on its page: a proposal is
// stored for the office to confirm, as `regua agreement propose` would store it. Throws
// NegotiationError when that offer is not among today's (the page was stale or altered)
// or something is under negotiation already.
store::Agreement proposeFromPage(store::Database& db, const config::PolicySet& policies,
                                 const calendar::BusinessCalendar& calendar, const config::HostConfig& config,
                                 plugin::PluginRegistry& plugins, std::int64_t clientId, Date day, int installments,
                                 Money down);

// The PIX code for `amount` under client_page.pix, with a txid made from `reference`.
std::string pixFor(const config::ClientPageConfig& page, Money amount, const std::string& reference);

}  // namespace regua::services
