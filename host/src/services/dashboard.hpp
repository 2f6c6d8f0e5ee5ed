// The office dashboard's numbers: what is overdue today and what it costs, what came in
// this month, the delinquency and recovery rates of a period, the aging buckets, the
// delinquency rate month by month and the month's flow. One service answers the page,
// `regua report dashboard` and GET /api/v1/reports/dashboard.
#pragma once

#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <regua/value.hpp>

#include "calendar/business_calendar.hpp"
#include "engine/cycle.hpp"
#include "store/dashboard_sums.hpp"
#include "store/database.hpp"

namespace regua::services {

// A share of money: part ÷ whole, in hundredths of a percent (no floating point).
struct Rate {
  Money part, whole;
  std::optional<long long> basisPoints() const;  // nothing when whole is zero
  std::string percent() const;                    // "12,34%"; "—" when whole is zero
};

struct BucketTotal {
  std::string bucket;  // "1-5", "6-30", "31-60", "61-90", "90+" (days late)
  int items = 0;
  Money amount;        // still owed (before today's charges)
};

struct MonthRate {
  int year = 0;
  unsigned month = 0;
  Rate delinquency;  // as Dashboard::delinquency, for that month
};

struct DayFlow {
  Date day;
  Money due, received;
};

struct Dashboard {
  Date asOf, from, to;
  int overdueItems = 0, overdueClients = 0;
  Money overdue;            // still owed on items past their effective due date
  Money updated;            // the same with the charges as of asOf (regua report delinquents' total)
  Money receivedThisMonth;  // payments from the 1st of asOf's month to asOf
  Rate delinquency;         // see delinquencyDefinition()
  Rate recovered;           // see recoveredDefinition()
  std::vector<BucketTotal> aging;  // the five buckets, in order
  std::vector<MonthRate> months;   // the 12 months up to asOf's, oldest first
  std::vector<DayFlow> monthDays;  // each day of asOf's month
};

// The period defaults to the 1st of asOf's month up to asOf. Throws ServiceError (422)
// when from > to.
Dashboard dashboard(store::Database& db, const config::PolicySet& policies, const calendar::BusinessCalendar& calendar,
                    const std::string& city, engine::AmountQuoter& quoter, Date asOf, std::optional<Date> from,
                    std::optional<Date> to);

// Keeps `regua serve`'s last dashboards (a few periods) while nothing they were read from
// has changed: receivables, clients and payments (store::ChangeStamp), the policies in
// force, the day. A million receivables take seconds to price; a repeat view is a stamp
// query. A result read while the store was written in the same second is not kept (the
// stamp has one-second resolution). Thread-safe.
class DashboardCache {
 public:
  Dashboard get(store::Database& db, const std::shared_ptr<const config::PolicySet>& policies,
                const calendar::BusinessCalendar& calendar, const std::string& city, engine::AmountQuoter& quoter,
                Date asOf, std::optional<Date> from, std::optional<Date> to);
  // The day and the time (UTC) of the last numbers kept; nothing before the first.
  std::optional<std::pair<Date, std::string>> latest();

 private:
  struct Entry {
    std::string computedAt;  // UTC
    Date asOf;
    std::optional<Date> from, to;
    store::ChangeStamp stamp;
    std::shared_ptr<const config::PolicySet> policies;  // held: its address is part of the key
    Dashboard numbers;
  };
  static constexpr std::size_t kKept = 8;
  std::mutex mutex_;
  std::deque<Entry> entries_;  // newest first
};

// How each rate is counted, in words (pt-BR): shown on the page and by the CLI.
std::string delinquencyDefinition();
std::string recoveredDefinition();

}  // namespace regua::services
