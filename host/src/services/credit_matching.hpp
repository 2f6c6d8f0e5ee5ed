// Which receivable a bank's credit pays. The one room for the rule, used by every bank
// source as it syncs and by the reconciliation queue when it lists candidates:
//   1. the boleto the bank names: its nosso número, else the office's "seu número";
//   2. a PIX charge's txid;
//   3. when the bank names nothing (a statement's credit): an open receivable due in the
//      window whose face value or updated amount on the payment day is exactly the
//      credit, of the client whose document the payer has — or, without a document,
//      whose name is the payer's. Anything less certain waits for a person.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "domain/payment.hpp"
#include "store/database.hpp"

namespace regua::services {

// What a bank says about one credit.
struct CreditFacts {
  Money amount;
  Date paidDate;
  std::string nossoNumero, seuNumero, reference, payerDocument, payerName;
};

struct CreditMatch {
  std::vector<std::int64_t> receivables;  // matched: the one; otherwise the candidates
  std::string how;                        // matched: how it was found, pt-BR
  std::string reason;                     // otherwise: why it waits, pt-BR
  bool matched() const { return reason.empty() && receivables.size() == 1; }
};

class CreditMatcher {
 public:
  // Receivables due up to this many days before the payment, or after it, are candidates.
  static constexpr int kDaysDueBefore = 180, kDaysDueAfter = 60;

  CreditMatcher(store::Database& db, const domain::ChargeCalculator& charges) : db_(db), charges_(charges) {}
  CreditMatch match(const CreditFacts& credit);

 private:
  CreditMatch byAmount(const CreditFacts& credit);
  bool owes(std::int64_t receivableId, const CreditFacts& credit);

  store::Database& db_;
  const domain::ChargeCalculator& charges_;
};

}  // namespace regua::services
