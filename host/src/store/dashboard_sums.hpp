// The sums the office dashboard is drawn from: what fell due per day, what was paid per
// day, and the principal paid per (due day, payment day). Aggregated in SQL over the
// indexes of schema v15, so the dashboard reads days, not a million rows.
#pragma once

#include <regua/value.hpp>

#include <vector>

#include "store/database.hpp"

namespace regua::store {

struct DayAmount {
  Date day;
  Money amount;
};

struct PrincipalPaid {
  Date due, paid;
  Money principal;
};

// What the dashboard's numbers were read from, as of now: the last change (and the last
// row) of receivables, clients and payments. Equal stamps, equal numbers.
struct ChangeStamp {
  std::string receivablesChanged, clientsChanged;  // UTC, second resolution; "" when empty
  long long lastReceivable = 0, lastClient = 0, lastPayment = 0;
  bool operator==(const ChangeStamp&) const = default;
};

class DashboardSums {
 public:
  ChangeStamp stamp();
  explicit DashboardSums(Database& db) : db_(db) {}
  // Receivables (any status but cancelled) by their due date, from `from` to `to`.
  std::vector<DayAmount> dueByDay(Date from, Date to);
  // Payments by the day they were made, from `from` to `to`.
  std::vector<DayAmount> receivedByDay(Date from, Date to);
  // The principal paid on receivables due from `from` to `to` (not cancelled), by due
  // day and payment day.
  std::vector<PrincipalPaid> principalPaid(Date from, Date to);

 private:
  std::vector<DayAmount> byDay(const std::string& sql, Date from, Date to, const char* what);
  Database& db_;
};

}  // namespace regua::store
