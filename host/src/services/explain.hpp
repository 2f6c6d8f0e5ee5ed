// What the régua does with one receivable on a day, stage by stage, and why — for
// `regua explain` and any other front end.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include <regua/value.hpp>

#include "calendar/business_calendar.hpp"
#include "config/host_config.hpp"
#include "config/policy.hpp"
#include "engine/cycle.hpp"
#include "store/database.hpp"

namespace regua::services {

struct ExplainResult {
  std::optional<engine::Cycle::Explanation> explanation;  // nothing: not found, or ambiguous
  std::size_t matches = 0;  // receivables `ref` names (more than one: ambiguous, use the internal id)
};

// `ref` is the receivable's id in its source, or the store's internal id.
ExplainResult explainReceivable(store::Database& db, const config::PolicySet& policies,
                                const calendar::BusinessCalendar& calendar, const config::HostConfig& config,
                                engine::AmountQuoter& quoter, const std::string& ref, Date asOf);

}  // namespace regua::services
