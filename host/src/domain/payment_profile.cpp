#include "domain/payment_profile.hpp"

#include <algorithm>

namespace regua::domain {

std::string_view toString(PaymentProfileKind kind) {
  switch (kind) {
    case PaymentProfileKind::kPontual: return "pontual";
    case PaymentProfileKind::kOcasional: return "ocasional";
    case PaymentProfileKind::kRecorrente: return "recorrente";
  }
  return "pontual";
}

PaymentProfile computePaymentProfile(const std::vector<PaymentRecord>& records, Date asOf,
                                     const EffectiveDueDate& effectiveDueDate, const ProfileThresholds& thresholds) {
  // The same day a year earlier (29/02 falls back to 28/02).
  const Date yearAgo = Date::tryFromYmd(asOf.year() - 1, asOf.month(), asOf.day())
                           .value_or(Date::fromYmd(asOf.year() - 1, asOf.month(), 28));
  PaymentProfile p;
  long totalDaysLate = 0;
  int delays = 0;
  auto countDelay = [&](int daysLate) {
    ++delays;
    totalDaysLate += daysLate;
    p.maxDaysLate = std::max(p.maxDaysLate, daysLate);
  };

  std::vector<std::pair<Date, bool>> settlements;  // (settled on, on time), for the streak
  for (const auto& r : records) {
    const Date effectiveDue = effectiveDueDate(r.dueDate);
    if (!r.settledOn) {
      if (asOf > effectiveDue) {
        ++p.openOverdue;
        countDelay(asOf - r.dueDate);
      }
      continue;
    }
    const bool onTime = *r.settledOn <= effectiveDue;
    settlements.emplace_back(*r.settledOn, onTime);
    if (*r.settledOn <= yearAgo || *r.settledOn > asOf) continue;
    ++p.settledLast12Months;
    if (!onTime) {
      ++p.latePaymentsLast12Months;
      countDelay(*r.settledOn - r.dueDate);
    }
  }
  if (delays > 0) p.averageDaysLateTenths = static_cast<int>((totalDaysLate * 10 + delays / 2) / delays);

  std::sort(settlements.begin(), settlements.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  if (p.openOverdue == 0) {
    for (const auto& [day, onTime] : settlements) {
      if (day > asOf) continue;
      if (!onTime) break;
      ++p.onTimeStreak;
    }
  }
  const int counted = p.latePaymentsLast12Months + p.openOverdue;
  p.kind = counted >= thresholds.recorrenteFrom  ? PaymentProfileKind::kRecorrente
           : counted >= thresholds.ocasionalFrom ? PaymentProfileKind::kOcasional
                                                 : PaymentProfileKind::kPontual;
  return p;
}

}  // namespace regua::domain
