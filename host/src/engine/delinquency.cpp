#include "engine/delinquency.hpp"

#include <algorithm>
#include <map>

#include "engine/facts_query.hpp"

namespace regua::engine {

std::string agingBucket(int daysLate) {
  if (daysLate <= 5) return "1-5";
  if (daysLate <= 30) return "6-30";
  if (daysLate <= 60) return "31-60";
  if (daysLate <= 90) return "61-90";
  return "90+";
}

std::vector<DelinquentClient> delinquents(store::Database& db, const PolicySet& policies,
                                          const calendar::BusinessCalendar& calendar, const std::string& city,
                                          AmountQuoter& quoter, Date asOf) {
  std::vector<DelinquentClient> out;
  std::map<long, std::size_t> byClient;
  int day = asOf.daysSinceEpoch();
  try {
    FactsRow row;
    soci::statement st(db.sql());
    st.alloc();
    st.prepare(std::string(kFactsSelect) +
               "WHERE r.status IN ('open', 'partially_paid') AND r.due_date < :as_of ORDER BY r.client_id, r.due_date");
    row.bind(st);
    st.exchange(soci::use(day));
    st.define_and_bind();
    st.execute(false);
    while (st.fetch()) {
      const long clientId = row.clientId;
      const ReceivableFacts facts = row.takeFacts();
      if (calendar.effectiveDueDate(facts.dueDate, city) >= asOf) continue;  // payable today without charges
      auto [at, inserted] = byClient.emplace(clientId, out.size());
      if (inserted) {
        DelinquentClient c;
        c.clientId = facts.clientExternalId;
        c.name = facts.clientName;
        c.responsible = facts.responsible;
        c.oldestDue = facts.dueDate;
        c.daysLate = asOf - facts.dueDate;
        c.bucket = agingBucket(c.daysLate);
        out.push_back(std::move(c));
      }
      auto& c = out[at->second];
      ++c.items;
      c.overdue += facts.open;
      const Policy* policy = policies.select(facts.policyId, facts.clientExternalId, facts.segment);
      c.updated += policy ? quoter.amountOn(facts, *policy, asOf) : facts.open;
    }
    std::string stage;
    long client = 0;
    soci::statement last = (db.sql().prepare << "SELECT stage_id FROM intents WHERE client_id = :client AND "
                                                "state = 'done' ORDER BY done_on DESC, id DESC LIMIT 1",
                            soci::use(client), soci::into(stage));
    for (const auto& [cid, index] : byClient) {
      client = cid;
      stage.clear();
      out[index].lastStage = last.execute(true) ? stage : "";
    }
  } catch (const std::exception&) {
    db.rethrowTranslated("relatório de inadimplência");
  }
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.oldestDue < b.oldestDue; });
  return out;
}

}  // namespace regua::engine
