// The daily cycle's first half: stream every open receivable, evaluate its policy for
// the as-of day and record the resulting intents (the outbox) — or, in a dry run, only
// report them. The dispatcher carries the recorded intents out.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "calendar/business_calendar.hpp"
#include "domain/payment_profile.hpp"
#include "domain/receivable.hpp"
#include "engine/evaluator.hpp"
#include "config/policy.hpp"
#include "store/database.hpp"
#include "store/intent_repository.hpp"

namespace regua::engine {

// What a receivable costs the client today (principal + fine + interest - discount).
// The host asks the quote plugin when one is loaded; see QuotingAmounts.
class AmountQuoter {
 public:
  virtual ~AmountQuoter() = default;
  virtual Money amountOn(const domain::ReceivableFacts& facts, const config::Policy& policy, Date day) = 0;
};

// Without a quote plugin: what is still open, no charges added.
class OpenAmount : public AmountQuoter {
 public:
  Money amountOn(const domain::ReceivableFacts& facts, const config::Policy&, Date) override { return facts.open; }
};

// One intent the cycle decided on, as the dry run lists it.
struct PlannedIntent {
  store::IntentRecord intent;     // kPending: what the day runs
  const domain::ReceivableFacts* facts;   // valid during the callback only
  Money amountToday;              // filled for pending intents
  int daysLate = 0;
};

struct PlanSummary {
  std::size_t clients = 0;
  std::size_t receivables = 0;   // open receivables evaluated
  std::size_t toRun = 0;         // pending intents decided
  std::size_t toSkip = 0;        // catch-up skips, counted when a later stage fires (not stored)
  std::size_t created = 0;       // pending intents newly recorded (a real run)
  std::size_t ungoverned = 0;    // receivables no policy applies to
  std::size_t written = 0;       // intent rows handed to the store (a real run)
  double writeSeconds = 0;       // spent writing them, for the benchmark figures
};

class Cycle {
 public:
  Cycle(store::Database& db, const config::PolicySet& policies, const calendar::BusinessCalendar& calendar, std::string city,
        domain::ProfileThresholds thresholds, AmountQuoter& quoter);

  // Evaluates every open receivable due up to asOf + the policies' longest lead, in
  // client order, without loading them all. Calls onIntent (when given) for each intent
  // decided, with the amount today priced for the pending ones; without `write` (a dry
  // run) only for the pending ones, the skipped being only counted.
  // With `write`, records the intents (pending and skipped) in batches, each in one
  // transaction; an intent whose key exists is left as it is. The stream reads through
  // its own connection to `readUrl`, so the writes do not disturb it.
  PlanSummary plan(Date asOf, bool write, const std::string& readUrl,
                   const std::function<void(const PlannedIntent&)>& onIntent);

  // The facts and verdicts for one receivable, for `regua explain`; nothing when it
  // does not exist.
  struct Explanation {
    domain::ReceivableFacts facts;
    domain::ReceivableStatus status = domain::ReceivableStatus::kOpen;
    Evaluation evaluation;
    std::vector<store::IntentRecord> recorded;
  };
  std::optional<Explanation> explain(std::int64_t receivableId, Date asOf);

 private:
  Evaluation notCollected(const config::Policy* policy, Date dueDate) const;
  static void describeRecorded(Evaluation& e, const std::vector<store::IntentRecord>& recorded);

  store::Database& db_;
  const config::PolicySet& policies_;
  const calendar::BusinessCalendar& calendar_;
  std::string city_;
  domain::ProfileThresholds thresholds_;
  AmountQuoter& quoter_;
  Evaluator evaluator_;
  domain::EffectiveDueDate effectiveDue_;
};

// The channel a message action uses for a client: the action's own, else the client's
// preferred one, else the policy's default. "" for actions that send nothing.
std::string channelFor(const config::ActionSpec& action, const domain::ReceivableFacts& facts, const config::Policy& policy);

}  // namespace regua::engine
