#include "domain/payment.hpp"

#include <algorithm>
#include <stdexcept>

namespace regua::domain {

std::string_view toString(ReceivableStatus status) {
  switch (status) {
    case ReceivableStatus::kOpen: return "open";
    case ReceivableStatus::kPartiallyPaid: return "partially_paid";
    case ReceivableStatus::kPaid: return "paid";
    case ReceivableStatus::kNegotiated: return "negotiated";
    case ReceivableStatus::kCancelled: return "cancelled";
    case ReceivableStatus::kWrittenOff: return "written_off";
  }
  return "open";
}

std::string_view describe(ReceivableStatus status) {
  switch (status) {
    case ReceivableStatus::kOpen: return "em aberto";
    case ReceivableStatus::kPartiallyPaid: return "parcialmente pago";
    case ReceivableStatus::kPaid: return "pago";
    case ReceivableStatus::kNegotiated: return "negociado";
    case ReceivableStatus::kCancelled: return "cancelado";
    case ReceivableStatus::kWrittenOff: return "baixado";
  }
  return "em aberto";
}

ReceivableStatus receivableStatusFromString(std::string_view name) {
  for (auto status : {ReceivableStatus::kOpen, ReceivableStatus::kPartiallyPaid, ReceivableStatus::kPaid,
                      ReceivableStatus::kNegotiated, ReceivableStatus::kCancelled, ReceivableStatus::kWrittenOff}) {
    if (toString(status) == name) return status;
  }
  throw std::invalid_argument("situação de título desconhecida: " + std::string(name));
}

bool isCollectible(ReceivableStatus status) {
  return status == ReceivableStatus::kOpen || status == ReceivableStatus::kPartiallyPaid;
}

Allocation applyPayment(Receivable& r, Money amount, Date paidOn, const Charges& charges) {
  if (amount <= Money()) throw std::invalid_argument("o valor do pagamento deve ser maior que zero");
  Allocation a;
  a.statusBefore = r.status;
  a.statusAfter = r.status;
  if (!isCollectible(r.status)) {
    a.toCredit = amount;
    return a;
  }
  r.interestOpen += charges.interest;
  if (!r.fineAssessed && charges.fine > Money()) {
    r.fineOpen += charges.fine;
    r.fineAssessed = true;
  }
  Money left = amount;
  auto take = [&left](Money& owed) {
    const Money paid = std::min(left, owed);
    owed -= paid;
    left -= paid;
    return paid;
  };
  a.toInterest = take(r.interestOpen);
  a.toFine = take(r.fineOpen);
  a.toPrincipal = take(r.principalOpen);
  a.toCredit = left;
  // The principal still owed accrues from the payment day on (never moves backwards).
  r.interestFrom = std::max(r.interestFrom, paidOn);
  if (r.totalOpen() == Money()) {
    r.status = ReceivableStatus::kPaid;
    r.settledOn = paidOn;
  } else {
    r.status = ReceivableStatus::kPartiallyPaid;
  }
  a.statusAfter = r.status;
  return a;
}

}  // namespace regua::domain
