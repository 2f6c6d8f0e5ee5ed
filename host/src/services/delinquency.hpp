// The delinquency report: per client in arrears, what is overdue, what it costs today,
// since when, and where the régua stands. Oldest debt first, the order collection
// experts recommend working in.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <regua/value.hpp>

#include "calendar/business_calendar.hpp"
#include "engine/cycle.hpp"
#include "store/database.hpp"

namespace regua::services {

struct DelinquentClient {
  std::int64_t clientKey = 0;  // internal id (the office pages link by it)
  std::string clientId;  // external id
  std::string name;
  std::string responsible;
  std::string segment;
  int items = 0;
  Money overdue;        // still owed on items past their effective due date
  Money updated;        // the same, with charges as of the report date
  Date oldestDue;
  int daysLate = 0;     // of the oldest item
  std::string bucket;   // "1-5", "6-30", "31-60", "61-90", "90+"
  std::string lastStage;  // the latest stage carried out for the client; "" = none
};

std::string agingBucket(int daysLate);
// The buckets in order: "1-5", "6-30", "31-60", "61-90", "90+".
const std::vector<std::string>& agingBuckets();

// Each receivable late on `asOf` (past its effective due date, still open), with what it
// costs that day (`quoter`). The report and the dashboard add these. kWhole hands every
// field of the facts, client by client; kPricingOnly only what prices an item (amounts,
// dates, policy, the client's id, external id, kind and segment), in storage order.
enum class OverdueDetail { kWhole, kPricingOnly };
void forEachOverdueItem(store::Database& db, const config::PolicySet& policies, const calendar::BusinessCalendar& calendar,
                        const std::string& city, engine::AmountQuoter& quoter, Date asOf, OverdueDetail detail,
                        const std::function<void(const domain::ReceivableFacts&, Money updated)>& take);

// Reads overdue receivables client by client; `quoter` prices each item as of `asOf`.
std::vector<DelinquentClient> delinquents(store::Database& db, const config::PolicySet& policies,
                                          const calendar::BusinessCalendar& calendar, const std::string& city,
                                          engine::AmountQuoter& quoter, Date asOf);

// The office pages' filters on the report; an empty field keeps every client.
struct DelinquentFilter {
  std::string responsible, segment, bucket;
};
std::vector<DelinquentClient> filtered(std::vector<DelinquentClient> rows, const DelinquentFilter& filter);

}  // namespace regua::services
