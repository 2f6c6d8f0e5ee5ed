// The reconciliation queue: bank credits Régua could not tie to one receivable by itself
// (an unknown nosso número, a statement's credit that fits several), each with the
// receivables that could be it. A person matches a credit to one or more receivables —
// it is then recorded as every source's payment is (services::SourceSync::settle) — or
// ignores it (a transfer between the office's own accounts). Every decision goes to the
// history with who made it. The CLI (`regua reconcile`) and the API call this.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "domain/payment.hpp"
#include "services/service_error.hpp"
#include "services/source_sync.hpp"
#include "store/bank_repository.hpp"
#include "store/database.hpp"

namespace regua::services {

struct CreditCandidate {
  std::int64_t receivableId = 0;
  std::string receivable, client;  // the office's ids
  std::string clientName;
  Date dueDate;
  Money open, today;  // what it owes, and with the charges of the credit's day
};

struct QueuedCredit {
  store::BankCredit credit;
  std::vector<CreditCandidate> candidates;  // for an open credit; best guesses first
};

struct MatchReport {
  store::BankCredit credit;
  SyncReport payments;  // what recording it did (payments, settled, cancelled, closed)
};

class Reconciliation {
 public:
  Reconciliation(store::Database& db, const domain::ChargeCalculator& charges, Date today)
      : db_(db), charges_(charges), today_(today) {}

  // `state`: "open" (waiting), "matched", "ignored", or "" for all; in id order after `afterId`.
  std::vector<QueuedCredit> list(const std::string& state, std::int64_t afterId = 0, int limit = 100);
  // Records the credit as payment of `receivables` (office or internal ids), in order:
  // each takes what it owes on the credit's day and the last takes the rest (beyond what
  // it owes, the client's credit). One transaction. Throws ServiceError: the credit or a
  // receivable not found, a receivable named twice, the credit already decided.
  MatchReport match(std::int64_t creditId, const std::vector<std::string>& receivables, const std::string& who);
  // Leaves the credit out for good, with the reason. Throws ServiceError as match does.
  store::BankCredit ignore(std::int64_t creditId, const std::string& reason, const std::string& who);

 private:
  store::BankCredit openCredit(std::int64_t creditId);
  std::vector<CreditCandidate> candidatesFor(const store::BankCredit& credit);

  store::Database& db_;
  const domain::ChargeCalculator& charges_;
  Date today_;
};

}  // namespace regua::services
