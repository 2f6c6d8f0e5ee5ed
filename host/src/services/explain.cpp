#include "services/explain.hpp"

#include "services/client_lookup.hpp"

namespace regua::services {

ExplainResult explainReceivable(store::Database& db, const config::PolicySet& policies,
                                const calendar::BusinessCalendar& calendar, const config::HostConfig& config,
                                engine::AmountQuoter& quoter, const std::string& ref, Date asOf) {
  const std::vector<std::int64_t> ids = findReceivables(db, ref);
  ExplainResult result;
  result.matches = ids.size();
  if (ids.size() != 1) return result;
  engine::Cycle cycle(db, policies, calendar, config.city, config.profile, quoter);
  result.explanation = cycle.explain(ids.front(), asOf);
  if (!result.explanation) result.matches = 0;
  return result;
}

}  // namespace regua::services
