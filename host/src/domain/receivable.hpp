// A receivable (título) and what is still owed on it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <regua/value.hpp>

namespace regua::domain {

enum class ReceivableStatus { kOpen, kPartiallyPaid, kPaid, kNegotiated, kCancelled, kWrittenOff };

std::string_view toString(ReceivableStatus status);  // the stored code: "open", "partially_paid", ...
std::string_view describe(ReceivableStatus status);  // what people read: "em aberto", "parcialmente pago", ...
// Throws std::invalid_argument for an unknown name.
ReceivableStatus receivableStatusFromString(std::string_view name);
// Open or partially paid: the régua still works on it.
bool isCollectible(ReceivableStatus status);

struct Receivable {
  std::int64_t id = 0;
  std::string source = "manual";
  std::string externalId;
  std::int64_t clientId = 0;
  std::string clientExternalId;  // with the source, identifies the client on import
  std::string description;
  Money amount;                  // original face value
  Date issueDate;
  Date dueDate;                  // original due date
  ReceivableStatus status = ReceivableStatus::kOpen;
  // What is still owed, split the way payments are applied (CC art. 354).
  Money principalOpen;
  Money interestOpen;            // accrued up to interestFrom and not yet paid
  Money fineOpen;                // assessed and not yet paid
  bool fineAssessed = false;     // a fine is charged once, ever
  Date interestFrom;             // remaining principal accrues interest from this day
  std::optional<Date> settledOn;
  std::string nossoNumero, boletoLine, pixTxid, policyId;

  Money totalOpen() const { return principalOpen + interestOpen + fineOpen; }
};

}  // namespace regua::domain
