#include "services/client_overview.hpp"

#include <algorithm>

#include "services/client_lookup.hpp"
#include "store/client_repository.hpp"
#include "store/receivable_facts.hpp"
#include "store/receivable_repository.hpp"

namespace regua::services {

namespace {

std::optional<ClientOverview> readOverview(store::Database& db, const config::PolicySet& policies,
                                           const calendar::BusinessCalendar& calendar,
                                           const config::HostConfig& config, engine::AmountQuoter& quoter,
                                           std::optional<domain::Client> client, Date asOf) {
  if (!client) return std::nullopt;
  ClientOverview out;
  out.client = std::move(*client);
  out.asOf = asOf;
  const std::int64_t id = out.client.id;

  for (auto& facts : store::ReceivableFactsRepository(db).openForClient(id)) {
    OpenItemToday item;
    item.effectiveDue = calendar.effectiveDueDate(facts.dueDate, config.city);
    item.daysLate = asOf > item.effectiveDue ? asOf - facts.dueDate : 0;
    const config::Policy* policy = policies.select(facts.policyId, facts.clientExternalId, facts.segment);
    // A bill not yet issued on the day is owed as it stands (no charges, no discount).
    const bool priced = policy != nullptr && asOf >= facts.issueDate;
    item.amountToday = priced ? quoter.amountOn(facts, *policy, asOf) : facts.open;
    out.openTotal += facts.open;
    out.todayTotal += item.amountToday;
    item.facts = std::move(facts);
    out.open.push_back(std::move(item));
  }

  const auto effectiveDue = [&](Date due) { return calendar.effectiveDueDate(due, config.city); };
  out.profile = domain::computePaymentProfile(store::ReceivableRepository(db).paymentRecords(id), asOf, effectiveDue,
                                              config.profile);
  out.stagesDone = store::IntentRepository(db).doneForClient(id);
  out.openTasks = store::TaskRepository(db).openForClient(id);
  store::AgreementRepository agreements(db);
  out.agreements = agreements.list(id);
  out.openPromise = agreements.openPromise(id);
  return out;
}

}  // namespace

std::optional<ClientOverview> clientOverview(store::Database& db, const config::PolicySet& policies,
                                             const calendar::BusinessCalendar& calendar,
                                             const config::HostConfig& config, engine::AmountQuoter& quoter,
                                             const std::string& ref, const std::optional<std::string>& source,
                                             Date asOf) {
  std::optional<ClientOverview> overview;
  // One snapshot: the open items, payments and stages shown agree with each other.
  db.readSnapshot([&] {
    overview = readOverview(db, policies, calendar, config, quoter, findClient(db, ref, source), asOf);
  });
  return overview;
}

std::optional<ClientOverview> clientOverview(store::Database& db, const config::PolicySet& policies,
                                             const calendar::BusinessCalendar& calendar,
                                             const config::HostConfig& config, engine::AmountQuoter& quoter,
                                             std::int64_t clientId, Date asOf) {
  std::optional<ClientOverview> overview;
  db.readSnapshot([&] {
    overview = readOverview(db, policies, calendar, config, quoter, store::ClientRepository(db).findById(clientId), asOf);
  });
  return overview;
}

}  // namespace regua::services
