// Negotiation, the host's side: the offers a client's policy allows for what is overdue,
// proposals, agreements (accept, cancel, break) and promises to pay. The arithmetic is
// regua/negotiation.hpp, the same the negotiation plugin lists in its messages; what is
// owed comes from the penalties plugin (ChargeCalculator), charges from the original
// due dates. Payments to installments are applied by store::PaymentRepository.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <regua/negotiation.hpp>
#include <regua/value.hpp>

#include "calendar/business_calendar.hpp"
#include "domain/client.hpp"
#include "domain/payment.hpp"
#include "domain/receivable.hpp"
#include "config/policy.hpp"
#include "store/agreement_repository.hpp"
#include "store/database.hpp"

namespace regua::services {

// What the office asked for cannot be done; the message (pt-BR) says why and what to do.
class NegotiationError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// One overdue receivable as owed on a day.
struct DebtLine {
  domain::Receivable receivable;
  Money fine, interest;  // stored and accrued up to the day
  int daysLate = 0;
  Money total() const { return receivable.principalOpen + fine + interest; }
};

// A client's overdue debt on a day, under the policy that negotiates it.
struct ClientDebt {
  domain::Client client;
  const config::Policy* policy = nullptr;
  negotiation::Terms terms;
  Date asOf, firstDue;
  std::vector<DebtLine> lines;  // oldest due first
  negotiation::Debt debt;
};

struct ProposalRequest {
  int installments = 1;
  std::optional<Money> down;
  std::optional<Date> firstDue;
  std::string approver;  // needed beyond the policy's limits; recorded in the history
  Date asOf;
  std::string actor = "cli";
};

// One thing the daily check will do: break an agreement, or settle a promise.
struct ReviewDecision {
  enum class Kind { kBreakAgreement, kPromiseKept, kPromiseBroken } kind = Kind::kBreakAgreement;
  std::int64_t clientId = 0;
  std::string clientName;
  std::optional<store::Agreement> agreement;  // kBreakAgreement
  std::optional<store::Promise> promise;      // the promise kinds
  Money paid;                                 // the promise kinds: paid since it was made
  std::string reason;                         // pt-BR, what people read
};

// What review() did on a day.
struct NegotiationReview {
  std::size_t agreementsBroken = 0, promisesKept = 0, promisesBroken = 0, intentsCreated = 0;
};

class NegotiationService {
 public:
  NegotiationService(store::Database& db, const config::PolicySet& policies, const calendar::BusinessCalendar& calendar,
                     std::string city, const domain::ChargeCalculator& charges);

  // `clientRef`: the client's external id or CPF/CNPJ. Throws NegotiationError: an
  // unknown client, nothing overdue, a policy without a `negotiation` section.
  ClientDebt debtOf(const std::string& clientRef, Date asOf);
  // The same for a client already found (a client's page names it by its internal id).
  ClientDebt debtOf(domain::Client client, Date asOf);
  std::vector<negotiation::Schedule> offers(const ClientDebt& debt) const;

  // Stores a proposal for the client's overdue debt. Throws NegotiationError beyond the
  // policy's limits without an approver, or when the client already has an agreement.
  store::Agreement propose(const std::string& clientRef, const ProposalRequest& request);
  store::Agreement propose(const ClientDebt& debt, const ProposalRequest& request);
  // Accepting replaces the original receivables by the installments (receivables under
  // the agreement's policy). Throws NegotiationError for an expired, cancelled or stale
  // proposal.
  store::Agreement accept(std::int64_t agreementId, Date day, const std::string& actor);
  // A proposal is withdrawn; an active agreement ends as if broken (the debt returns).
  store::Agreement cancel(std::int64_t agreementId, Date day, const std::string& actor);

  store::Promise promise(const std::string& clientRef, Date until, Money amount, Date today, const std::string& actor);
  store::Promise promise(domain::Client client, Date until, Money amount, Date today, const std::string& actor);

  // The daily check, before the régua runs: breaks agreements with an installment more
  // than break_after_days late, and settles promises whose day has passed (a broken
  // one fires the policy's promise_broken stage).
  NegotiationReview review(Date asOf);
  // What review() will do on `asOf`, in that order, changing nothing: the dry run shows it.
  std::vector<ReviewDecision> reviewDecisions(Date asOf);

  // The figures for `regua agreement list/accept`: installments paid and still owed.
  struct Progress {
    Money paid, open;
    int installmentsPaid = 0;
  };
  Progress progress(const store::Agreement& agreement);

  // The client `clientRef` names (services::findClient); NegotiationError when none.
  domain::Client findClient(const std::string& clientRef);

 private:
  negotiation::BusinessDay businessDay() const;
  // Inside a transaction: reinstates what the agreement replaced. Returns the summary.
  std::string breakAgreement(store::Agreement& agreement, Date day, const std::string& reason,
                             const std::string& actor);
  std::size_t firePromiseBroken(const store::Promise& promise, Date day);

  store::Database& db_;
  const config::PolicySet& policies_;
  const calendar::BusinessCalendar& calendar_;
  std::string city_;
  const domain::ChargeCalculator& charges_;
};

// "ativo", "proposto", ... for people.
std::string agreementStatusText(const std::string& status);

}  // namespace regua::services
