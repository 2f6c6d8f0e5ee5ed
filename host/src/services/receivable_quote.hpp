// What a stored receivable costs on a day, part by part: principal, fine, interest and
// discount under its policy's penalties, as the quote plugin computes them, plus the
// charges already assessed and still unpaid. GET /api/v1/quote answers with it.
#pragma once

#include <string>

#include "config/host_config.hpp"
#include "config/policy.hpp"
#include "domain/receivable_facts.hpp"
#include "plugin/quote_port.hpp"
#include "services/service_error.hpp"
#include "store/database.hpp"

namespace regua::plugin { class PluginRegistry; }

namespace regua::services {

struct ReceivableQuote {
  domain::ReceivableFacts facts;
  std::string status;         // the stored code: "open", "paid", ...
  std::string policyId;
  plugin::QuoteResult quote;  // on the principal still open, from its due date
  Money earlierCharges;       // fine and interest assessed before and still unpaid
  Money total;                // quote.total + earlierCharges
};

// Throws ServiceError: no receivable or several by that id, one no longer collectible, no
// policy or no quote plugin, or the plugin refused (its reason).
ReceivableQuote quoteReceivable(store::Database& db, const config::PolicySet& policies,
                                const config::HostConfig& config, plugin::PluginRegistry& plugins,
                                const std::string& ref, Date day);

// The same for an open item already read (a client's page quotes each of its items).
// Throws ServiceError (kRefused) as above: no policy, no quote plugin, not yet issued.
ReceivableQuote quoteOpenItem(const domain::ReceivableFacts& facts, const config::PolicySet& policies,
                              const config::HostConfig& config, plugin::PluginRegistry& plugins, Date day);

}  // namespace regua::services
