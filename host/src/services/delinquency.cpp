#include "services/delinquency.hpp"

#include <algorithm>
#include <map>

#include "store/receivable_facts.hpp"

namespace regua::services {

std::string agingBucket(int daysLate) {
  if (daysLate <= 5) return "1-5";
  if (daysLate <= 30) return "6-30";
  if (daysLate <= 60) return "31-60";
  if (daysLate <= 90) return "61-90";
  return "90+";
}

const std::vector<std::string>& agingBuckets() {
  static const std::vector<std::string> names{"1-5", "6-30", "31-60", "61-90", "90+"};
  return names;
}

void forEachOverdueItem(store::Database& db, const config::PolicySet& policies, const calendar::BusinessCalendar& calendar,
                        const std::string& city, engine::AmountQuoter& quoter, Date asOf, OverdueDetail detail,
                        const std::function<void(const domain::ReceivableFacts&, Money updated)>& take) {
  std::map<Date, bool> lateByDueDate;  // a few hundred due dates for a million items
  const auto visit = [&](const domain::ReceivableFacts& f) {
    auto [late, fresh] = lateByDueDate.try_emplace(f.dueDate, false);
    if (fresh) late->second = calendar.effectiveDueDate(f.dueDate, city) < asOf;
    if (!late->second) return;  // payable today without charges
    const config::Policy* policy = policies.select(f.policyId, f.clientExternalId, f.segment);
    take(f, policy ? quoter.amountOn(f, *policy, asOf) : f.open);
  };
  store::ReceivableFactsRepository facts(db);
  if (detail == OverdueDetail::kPricingOnly) {
    facts.forEachDueBeforePricingOnly(asOf, visit);
  } else {
    facts.forEachDueBefore(asOf, [&](domain::ReceivableFacts&& f) { visit(f); });
  }
}

std::vector<DelinquentClient> delinquents(store::Database& db, const config::PolicySet& policies,
                                          const calendar::BusinessCalendar& calendar, const std::string& city,
                                          engine::AmountQuoter& quoter, Date asOf) {
  std::vector<DelinquentClient> out;
  std::map<std::int64_t, std::size_t> byClient;
  forEachOverdueItem(db, policies, calendar, city, quoter, asOf, OverdueDetail::kWhole,
                     [&](const domain::ReceivableFacts& f, Money updated) {
    auto [at, inserted] = byClient.emplace(f.clientId, out.size());
    if (inserted) {
      DelinquentClient c;
      c.clientKey = f.clientId;
      c.clientId = f.clientExternalId;
      c.name = f.clientName;
      c.responsible = f.responsible;
      c.segment = f.segment;
      c.oldestDue = f.dueDate;
      c.daysLate = asOf - f.dueDate;
      c.bucket = agingBucket(c.daysLate);
      out.push_back(std::move(c));
    }
    auto& c = out[at->second];
    ++c.items;
    c.overdue += f.open;
    c.updated += updated;
  });
  std::vector<std::int64_t> clients;
  for (const auto& [id, index] : byClient) clients.push_back(id);
  const auto lastStages = store::ReceivableFactsRepository(db).lastStageDone(clients);
  for (const auto& [id, index] : byClient) out[index].lastStage = lastStages.at(id);
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.oldestDue < b.oldestDue; });
  return out;
}

std::vector<DelinquentClient> filtered(std::vector<DelinquentClient> rows, const DelinquentFilter& filter) {
  const auto keep = [&](const DelinquentClient& c) {
    return (filter.responsible.empty() || c.responsible == filter.responsible) &&
           (filter.segment.empty() || c.segment == filter.segment) && (filter.bucket.empty() || c.bucket == filter.bucket);
  };
  rows.erase(std::remove_if(rows.begin(), rows.end(), [&](const auto& c) { return !keep(c); }), rows.end());
  return rows;
}

}  // namespace regua::services
