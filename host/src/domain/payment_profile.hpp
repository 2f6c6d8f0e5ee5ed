// How a client pays, for policy conditions: late payments in the last 12 months,
// average and maximum days late, the on-time streak and a profile.
#pragma once

#include <functional>
#include <optional>
#include <string_view>
#include <vector>

#include <regua/value.hpp>

namespace regua::domain {

enum class PaymentProfileKind { kPontual, kOcasional, kRecorrente };
std::string_view toString(PaymentProfileKind kind);  // "pontual", "ocasional", "recorrente"

// From regua.yaml `payment_profile:` — delays ("atrasos") in the last 12 months at which
// a client becomes `ocasional` and `recorrente`.
struct ProfileThresholds {
  int ocasionalFrom = 1;
  int recorrenteFrom = 3;
};

// A receivable of the client as the profile sees it.
struct PaymentRecord {
  Date dueDate;
  std::optional<Date> settledOn;  // nothing while it is still open
};

struct PaymentProfile {
  int settledLast12Months = 0;
  int latePaymentsLast12Months = 0;  // settled after the effective due date
  int openOverdue = 0;               // still open past the effective due date today
  int averageDaysLateTenths = 0;     // over the delays counted above, in tenths of a day
  int maxDaysLate = 0;
  int onTimeStreak = 0;              // latest settlements on time, in a row (0 while overdue)
  PaymentProfileKind kind = PaymentProfileKind::kPontual;
};

// The last day a payment of a bill due on `due` is on time: `due` itself or the next
// business day (Lei 7.089/1983). The business calendar provides it.
using EffectiveDueDate = std::function<Date(Date due)>;

// Days late count calendar days from the original due date, and a payment up to the
// effective due date is on time. A delay is a late settlement in the 12 months up to
// `asOf` or an item overdue on `asOf`.
PaymentProfile computePaymentProfile(const std::vector<PaymentRecord>& records, Date asOf,
                                     const EffectiveDueDate& effectiveDueDate, const ProfileThresholds& thresholds);

}  // namespace regua::domain
