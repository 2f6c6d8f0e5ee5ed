// Agreements (acordos) and promises to pay as stored. The rules — when a proposal may be
// accepted, what a break reinstates — are services::NegotiationService's; this layer only
// reads and writes rows, inside the caller's transaction when there is one.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <regua/value.hpp>

#include "store/database.hpp"

namespace regua::store {

// A receivable an agreement replaces, with what was owed on it when proposed.
struct AgreementItem {
  std::int64_t receivableId = 0;
  Money principal, fine, interest;
  Money total() const { return principal + fine + interest; }
};

struct AgreementInstallment {
  int number = 0;
  bool down = false;
  Date dueDate;
  Money amount, interest;
  std::int64_t receivableId = 0;  // once accepted: the receivable that collects it
};

struct Agreement {
  std::int64_t id = 0;
  std::int64_t clientId = 0;
  std::string status = "proposed";  // proposed, active, completed, broken, cancelled
  int installments = 1;             // after the down payment
  std::string rate = "none";        // none, simple, price
  std::int64_t monthlyPpm = 0;
  Money debt, discount, down, total;
  std::string policyId;             // governs the installments
  int breakAfterDays = 30;
  Date proposedOn, expiresOn;
  std::optional<Date> acceptedOn, endedOn;
  std::string approvedBy, beyondLimits, endReason;
  std::vector<AgreementItem> items;                // oldest due first
  std::vector<AgreementInstallment> schedule;      // by number
};

struct Promise {
  std::int64_t id = 0;
  std::int64_t clientId = 0;
  Date madeOn, until, checkOn;  // checkOn: the business day after `until`
  Money amount;                 // zero: any payment keeps it
  std::string status = "open";  // open, kept, broken, replaced
};

class AgreementRepository {
 public:
  explicit AgreementRepository(Database& db) : db_(db) {}

  // Stores a proposal with its items and schedule; sets agreement.id.
  void insert(Agreement& agreement);
  std::optional<Agreement> findById(std::int64_t id);
  // Every agreement (of one client when given), newest first, without items and schedule.
  std::vector<Agreement> list(std::optional<std::int64_t> clientId);
  std::vector<std::int64_t> activeIds();
  std::optional<std::int64_t> activeForClient(std::int64_t clientId);
  // The active agreement `receivableId` belongs to: one of its installments, or a
  // receivable it replaced.
  std::optional<std::int64_t> activeFor(std::int64_t receivableId);
  // The same for each receivable the subquery `ids` returns (a staged batch):
  // receivable -> agreement, only those that have one.
  std::map<std::int64_t, std::int64_t> activeForIdsIn(const std::string& ids);
  void updateStatus(const Agreement& agreement);
  void linkInstallment(std::int64_t agreementId, int number, std::int64_t receivableId);

  // Promises to pay.
  void insertPromise(Promise& promise);
  std::optional<Promise> openPromise(std::int64_t clientId);
  // Open promises whose check day is before `day`.
  std::vector<Promise> promisesDue(Date day);
  void resolvePromise(std::int64_t id, const std::string& status, Date on);
  // What the client paid between two days, inclusive.
  Money paidBetween(std::int64_t clientId, Date from, Date to);

 private:
  std::vector<Agreement> select(const std::string& condition, long param);

  Database& db_;
};

}  // namespace regua::store
