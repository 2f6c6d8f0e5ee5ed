// Recording payments: each one is applied to its receivable (interest, fine, principal,
// then credit), stored with its allocation and written to the history, atomically.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/payment.hpp"
#include "store/database.hpp"

namespace regua::store {

struct PaymentInput {
  std::string source = "manual";
  std::string externalId;            // a repeat of (source, externalId) is not applied twice
  std::int64_t receivableId = 0;     // or, when 0:
  std::string receivableExternalId;  // the receivable with this id in the same source
  Money amount;
  Date paidDate;
  std::optional<Date> creditDate;    // defaults to paidDate
  std::string method;                // "pix", "boleto", ...
};

struct RecordedPayment {
  std::int64_t paymentId = 0;
  std::int64_t receivableId = 0;
  domain::Allocation allocation;
  bool alreadyRecorded = false;  // the same payment had been recorded before; nothing changed
};

class PaymentRepository {
 public:
  explicit PaymentRepository(Database& db) : db_(db) {}

  // Applies and stores one payment. Throws StoreError: kMissingReference when the
  // receivable does not exist, kInvalid for a non-positive amount.
  RecordedPayment record(const PaymentInput& payment, const domain::ChargeCalculator& charges);

  struct StoredPayment {
    std::int64_t id = 0;
    Money amount, toInterest, toFine, toPrincipal, toCredit;
    Date paidDate;
  };
  std::vector<StoredPayment> listForReceivable(std::int64_t receivableId);

 private:
  Database& db_;
};

}  // namespace regua::store
