// Applying a payment to a receivable: accrued interest first, then the fine, then the
// principal (CC art. 354); what is left over becomes the client's credit, never lost.
#pragma once

#include <regua/value.hpp>

#include "domain/receivable.hpp"

namespace regua::domain {

// Charges that became due on a receivable by a given day and are not yet in its
// balance: interest on principalOpen since interestFrom, and the fine if it was not
// assessed yet. Computed by the penalties (quote) plugin; zero without one.
struct Charges {
  Money interest;
  Money fine;
};

class ChargeCalculator {
 public:
  virtual ~ChargeCalculator() = default;
  virtual Charges chargesOn(const Receivable& receivable, Date day) const = 0;
};

// No penalties configured: payments go to principal only.
class NoCharges : public ChargeCalculator {
 public:
  Charges chargesOn(const Receivable&, Date) const override { return {}; }
};

struct Allocation {
  Money toInterest, toFine, toPrincipal, toCredit;
  ReceivableStatus statusBefore = ReceivableStatus::kOpen;
  ReceivableStatus statusAfter = ReceivableStatus::kOpen;
};

// Applies `amount` paid on `paidOn` to `receivable` (updated in place) after adding
// `charges`. A receivable that no longer accepts payments (paid, cancelled, written
// off, negotiated) takes nothing: the whole amount becomes credit.
// Postcondition: toInterest + toFine + toPrincipal + toCredit == amount.
Allocation applyPayment(Receivable& receivable, Money amount, Date paidOn, const Charges& charges);

}  // namespace regua::domain
