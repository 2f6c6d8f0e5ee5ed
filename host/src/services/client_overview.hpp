// One client as the office asks about it: what is open with today's amount, how the
// client pays, which stages the régua carried out, open tasks, agreements and the
// promise to pay. GET /api/v1/clients/{id} and `regua client show` print it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "calendar/business_calendar.hpp"
#include "config/host_config.hpp"
#include "config/policy.hpp"
#include "domain/client.hpp"
#include "domain/payment_profile.hpp"
#include "domain/receivable_facts.hpp"
#include "engine/cycle.hpp"
#include "store/agreement_repository.hpp"
#include "store/database.hpp"
#include "store/intent_repository.hpp"
#include "store/task_repository.hpp"

namespace regua::services {

struct OpenItemToday {
  domain::ReceivableFacts facts;
  Date effectiveDue;
  int daysLate = 0;      // 0 until the effective due date has passed
  Money amountToday;     // what is open plus charges as of the day (the quote plugin's)
};

struct ClientOverview {
  domain::Client client;
  Date asOf;
  std::vector<OpenItemToday> open;   // due-date order
  Money openTotal, todayTotal;
  domain::PaymentProfile profile;
  std::vector<store::IntentRecord> stagesDone;  // actions carried out, newest first
  std::vector<store::TaskRecord> openTasks;
  std::vector<store::Agreement> agreements;     // newest first
  std::optional<store::Promise> openPromise;
};

// The client `ref` names (see findClient) as of `asOf`; nothing when none matches.
std::optional<ClientOverview> clientOverview(store::Database& db, const config::PolicySet& policies,
                                             const calendar::BusinessCalendar& calendar,
                                             const config::HostConfig& config, engine::AmountQuoter& quoter,
                                             const std::string& ref, const std::optional<std::string>& source,
                                             Date asOf);
// The same for a client known by its internal id (the office pages link by it).
std::optional<ClientOverview> clientOverview(store::Database& db, const config::PolicySet& policies,
                                             const calendar::BusinessCalendar& calendar,
                                             const config::HostConfig& config, engine::AmountQuoter& quoter,
                                             std::int64_t clientId, Date asOf);

}  // namespace regua::services
