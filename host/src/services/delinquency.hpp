// The delinquency report: per client in arrears, what is overdue, what it costs today,
// since when, and where the régua stands. Oldest debt first, the order collection
// experts recommend working in.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <regua/value.hpp>

#include "calendar/business_calendar.hpp"
#include "engine/cycle.hpp"
#include "store/database.hpp"

namespace regua::services {

struct DelinquentClient {
  std::string clientId;  // external id
  std::string name;
  std::string responsible;
  int items = 0;
  Money overdue;        // still owed on items past their effective due date
  Money updated;        // the same, with charges as of the report date
  Date oldestDue;
  int daysLate = 0;     // of the oldest item
  std::string bucket;   // "1-5", "6-30", "31-60", "61-90", "90+"
  std::string lastStage;  // the latest stage carried out for the client; "" = none
};

std::string agingBucket(int daysLate);

// Reads overdue receivables client by client; `quoter` prices each item as of `asOf`.
std::vector<DelinquentClient> delinquents(store::Database& db, const config::PolicySet& policies,
                                          const calendar::BusinessCalendar& calendar, const std::string& city,
                                          engine::AmountQuoter& quoter, Date asOf);

}  // namespace regua::services
