// Decides, for one receivable on one day, what each stage of its policy does: fire,
// be recorded as skipped (catch-up), wait, or not apply. Pure: the cycle feeds it
// facts read from the store, and `regua explain` prints its verdicts.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <regua/value.hpp>

#include "calendar/business_calendar.hpp"
#include "domain/document.hpp"
#include "domain/payment_profile.hpp"
#include "engine/policy.hpp"

namespace regua::engine {

// What the engine knows about an open receivable and its client.
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
  domain::PartyKind kind = domain::PartyKind::kPerson;
  std::string segment;
  std::string preferredChannel;
  std::string responsible;  // who in the office follows the client
  std::optional<Date> pausedUntil;
  std::vector<std::string> tags;  // filled when some condition uses tags
  // Filled when some condition uses the payment history.
  std::optional<domain::PaymentProfile> profile;
  // Whether the client has another overdue item or a late payment in 12 months.
  bool otherDelays = false;
};

// (stage id, action) pairs already recorded for the receivable under its policy;
// looked up by views, so checking a stage copies no strings.
struct FiredLess {
  using is_transparent = void;
  template <class A, class B>
  bool operator()(const A& a, const B& b) const {
    return std::pair<std::string_view, std::string_view>(a.first, a.second) <
           std::pair<std::string_view, std::string_view>(b.first, b.second);
  }
};
using FiredActions = std::set<std::pair<std::string, std::string>, FiredLess>;

enum class Verdict {
  kFire,           // new intents to record now
  kSkipCatchUp,    // due but superseded by a later stage: recorded as skipped
  kFired,          // already recorded on an earlier run
  kNotYet,         // its day has not come
  kNotApplicable,  // conditions do not hold (re-evaluated every day)
  kPaused,         // the client is paused
};

struct StageDecision {
  const Stage* stage = nullptr;
  Date day;  // the day the stage falls on for this receivable
  Verdict verdict = Verdict::kNotYet;
  std::string why;  // pt-BR, for explain and the intent's reason (kFire and kSkipCatchUp only, unless kEveryStage)
  std::vector<const ActionSpec*> actions;   // with kFire / kSkipCatchUp: those not recorded yet
};

struct Evaluation {
  const Policy* policy = nullptr;  // null when no policy governs the receivable
  int daysLate = 0;                // calendar days after the due date, 0 until the effective due date passes
  Date effectiveDue;
  std::vector<StageDecision> stages;  // in policy order
};

class Evaluator {
 public:
  Evaluator(const PolicySet& policies, const calendar::BusinessCalendar& calendar, std::string city)
      : policies_(policies), calendar_(calendar), city_(std::move(city)) {}

  // kActionable words only the decisions that become intents (the cycle evaluates
  // millions of stages); kEveryStage words them all, for `regua explain`.
  enum class Detail { kActionable, kEveryStage };
  Evaluation evaluate(const ReceivableFacts& facts, Date asOf, const FiredActions& fired,
                      Detail detail = Detail::kEveryStage) const;

  // The day a stage falls on for a due date.
  Date stageDay(const Stage& stage, Date dueDate) const;
  // How many days before its due date a receivable can need attention: receivables due
  // later than asOf + lead can be left unread.
  int maxLeadDays() const;

 private:
  // Empty when the conditions hold, else why not.
  std::string unmet(const Conditions& when, const ReceivableFacts& facts, int daysLate) const;

  const PolicySet& policies_;
  const calendar::BusinessCalendar& calendar_;
  std::string city_;
};

std::string_view toString(Verdict verdict);  // pt-BR: "dispara", "pulado", ...

}  // namespace regua::engine
