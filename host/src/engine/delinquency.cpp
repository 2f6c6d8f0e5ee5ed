#include "engine/delinquency.hpp"

#include <algorithm>
#include <map>

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
  long id = 0, clientId = 0, open = 0, amount = 0;
  int due = 0, day = asOf.daysSinceEpoch();
  std::string clientExt, name, responsible, kind, segment, policyId;
  try {
    soci::statement st =
        (db.sql().prepare << "SELECT r.id, r.client_id, r.principal_open + r.interest_open + r.fine_open, r.amount, "
                             "r.due_date, r.policy_id, c.external_id, c.name, c.responsible, c.kind, c.segment "
                             "FROM receivables r JOIN clients c ON c.id = r.client_id "
                             "WHERE r.status IN ('open', 'partially_paid') AND r.due_date < :as_of "
                             "ORDER BY r.client_id, r.due_date",
         soci::into(id), soci::into(clientId), soci::into(open), soci::into(amount), soci::into(due),
         soci::into(policyId), soci::into(clientExt), soci::into(name), soci::into(responsible), soci::into(kind),
         soci::into(segment), soci::use(day));
    st.execute();
    while (st.fetch()) {
      const Date dueDate = Date::fromDaysSinceEpoch(due);
      if (calendar.effectiveDueDate(dueDate, city) >= asOf) continue;  // payable today without charges
      auto [at, inserted] = byClient.emplace(clientId, out.size());
      if (inserted) {
        DelinquentClient c;
        c.clientId = clientExt;
        c.name = name;
        c.responsible = responsible;
        c.oldestDue = dueDate;
        c.daysLate = asOf - dueDate;
        c.bucket = agingBucket(c.daysLate);
        out.push_back(std::move(c));
      }
      auto& c = out[at->second];
      ReceivableFacts facts;
      facts.receivableId = id;
      facts.open = Money::fromCentavos(open);
      facts.amount = Money::fromCentavos(amount);
      facts.dueDate = dueDate;
      facts.kind = kind == "company" ? domain::PartyKind::kCompany : domain::PartyKind::kPerson;
      ++c.items;
      c.overdue += facts.open;
      const Policy* policy = policies.select(policyId, clientExt, segment);
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
