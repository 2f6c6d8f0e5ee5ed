#include "services/explain.hpp"

#include "store/receivable_repository.hpp"

namespace regua::services {

ExplainResult explainReceivable(store::Database& db, const config::PolicySet& policies,
                                const calendar::BusinessCalendar& calendar, const config::HostConfig& config,
                                engine::AmountQuoter& quoter, const std::string& ref, Date asOf) {
  std::vector<std::int64_t> ids = store::ReceivableRepository(db).idsByExternalId(ref);
  if (ids.empty() && !ref.empty() && ref.find_first_not_of("0123456789") == std::string::npos && ref.size() < 18) {
    ids.push_back(std::stoll(ref));
  }
  ExplainResult result;
  result.matches = ids.size();
  if (ids.size() != 1) return result;
  engine::Cycle cycle(db, policies, calendar, config.city, config.profile, quoter);
  result.explanation = cycle.explain(ids.front(), asOf);
  if (!result.explanation) result.matches = 0;
  return result;
}

}  // namespace regua::services
