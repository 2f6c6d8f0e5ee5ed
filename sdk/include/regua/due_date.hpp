// When a bill stops being on time, for the host's calendar and for quote plugins alike,
// so the rule lives in one place. Header-only.
#ifndef REGUA_DUE_DATE_HPP
#define REGUA_DUE_DATE_HPP

#include "regua/value.hpp"

namespace regua {

// Bank branches open to the public on a business day, except on 31 December, when no
// bank serves the public (FEBRABAN's yearly calendar of bank holidays).
inline bool banksServeThePublic(Date day, bool businessDay) {
  return businessDay && !(day.month() == 12 && day.day() == 31);
}

// The last day a payment is on time without charges: the due date when banks serve the
// public that day, else the next day they do (Lei 7.089/1983). `isBusinessDay(Date)`
// is the office's calendar (national, state and city holidays).
template <class IsBusinessDay>
Date effectiveDueDate(Date due, const IsBusinessDay& isBusinessDay) {
  while (!banksServeThePublic(due, isBusinessDay(due))) due = due.plusDays(1);
  return due;
}

}  // namespace regua

#endif  // REGUA_DUE_DATE_HPP
