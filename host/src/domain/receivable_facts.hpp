#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <regua/value.hpp>

#include "domain/document.hpp"
#include "domain/payment_profile.hpp"

namespace regua::domain {

// What the policy engine knows about an open receivable and its client: one row of the
// store's open-receivables stream, completed with the client's tags and profile.
struct ReceivableFacts {
  std::int64_t receivableId = 0;
  std::string receivableExternalId;
  std::string description;
  Money amount;    // original face value
  Money open;      // principal, interest and fine still owed
  Money principalOpen;
  Date issueDate;
  Date interestFrom;  // the principal accrues interest from here (moves with partial payments)
  bool fineAssessed = false;
  Date dueDate;
  std::string policyId;  // the receivable's own policy; empty = chosen by client
  std::int64_t clientId = 0;
  std::string clientExternalId;
  std::string clientName;
  PartyKind kind = PartyKind::kPerson;
  std::string segment;
  std::string preferredChannel;
  std::string responsible;  // who in the office follows the client
  std::optional<Date> pausedUntil;
  std::vector<std::string> tags;  // filled when some condition uses tags
  // Filled when some condition uses the payment history.
  std::optional<PaymentProfile> profile;
  // Whether the client has another overdue item or a late payment in 12 months.
  bool otherDelays = false;
};

}  // namespace regua::domain
