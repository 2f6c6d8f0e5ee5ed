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
  // A bank's settlement says what it collected: those charges are recorded instead of
  // Régua's quote (the history says by how much they differ), and a discount or rebate
  // it granted closes what is left of the receivable up to that amount.
  struct BankSettlement {
    Money charges, discount, fee;
  };
  std::optional<BankSettlement> bank;
};

struct RecordedPayment {
  std::int64_t receivableId = 0;   // the receivable that took it (the first, when split)
  std::int64_t clientId = 0;       // its client
  std::string receivableExternalId;  // its id in its source
  domain::Allocation allocation;   // summed over the parts when split
  bool alreadyRecorded = false;    // the same payment had been recorded before; nothing changed
  std::vector<std::int64_t> settled;  // receivables it left with nothing to collect
  std::int64_t agreementId = 0;    // went to this agreement's installments
  bool agreementCompleted = false; // and paid its last one
};

class PaymentRepository {
 public:
  explicit PaymentRepository(Database& db) : db_(db) {}

  // Applies and stores one payment. A payment for a receivable under an active
  // agreement (one it replaced, or one of its installments) goes to the agreement's
  // open installments, oldest first, one stored part per installment ("ID", "ID#2",
  // ...); paying the last one settles the receivables the agreement replaced. Throws
  // StoreError: kMissingReference when the receivable does not exist, kInvalid for a
  // non-positive amount.
  RecordedPayment record(const PaymentInput& payment, const domain::ChargeCalculator& charges);
  // The same for a batch, in order and in one transaction, with a fixed number of
  // statements per batch rather than several per payment: what it needs is read
  // set-wise, the payments are applied in memory (a second payment of one receivable
  // sees the first) and what they changed is written set-wise. A batch that touches an
  // agreement is recorded one payment at a time. A repeat within the batch is
  // "already recorded", like a repeat of a stored one.
  std::vector<RecordedPayment> recordAll(const std::vector<PaymentInput>& payments,
                                         const domain::ChargeCalculator& charges);

  struct StoredPayment {
    std::int64_t id = 0;
    Money amount, toInterest, toFine, toPrincipal, toCredit;
    Date paidDate;
  };
  std::vector<StoredPayment> listForReceivable(std::int64_t receivableId);

 private:
  struct Writes;
  struct Loaded;
  Loaded load(const std::vector<PaymentInput>& batch);
  RecordedPayment recordOne(const PaymentInput& payment, const domain::ChargeCalculator& charges);
  RecordedPayment apply(const PaymentInput& p, const std::string& externalId, domain::Receivable& receivable,
                        Money amount, const domain::ChargeCalculator& charges, const std::string& note, Writes& writes);
  std::string settleByBank(domain::Receivable& receivable, domain::Allocation& allocation,
                           const PaymentInput& payment, Money quotedCharges);
  RecordedPayment applyToAgreement(const PaymentInput& p, domain::Receivable& named, std::int64_t agreementId,
                                   const domain::ChargeCalculator& charges, Writes& writes);
  void write(const Writes& writes);

  Database& db_;
};

}  // namespace regua::store
