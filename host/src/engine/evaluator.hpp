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
#include "domain/receivable_facts.hpp"
#include "config/policy.hpp"
#include "store/intent_repository.hpp"

namespace regua::engine {

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
  const config::Stage* stage = nullptr;
  Date day;  // the day the stage falls on for this receivable
  Verdict verdict = Verdict::kNotYet;
  std::string why;  // pt-BR, for explain and the intent's reason (kFire and kSkipCatchUp only, unless kEveryStage)
  std::vector<const config::ActionSpec*> actions;   // with kFire / kSkipCatchUp: those not recorded yet
};

struct Evaluation {
  const config::Policy* policy = nullptr;  // null when no policy governs the receivable
  int daysLate = 0;                // calendar days after the due date, 0 until the effective due date passes
  Date effectiveDue;               // the due date, or the next business day when it falls on none (Lei 7.089/1983)
  Date lastFreeDay;                // effectiveDue plus the policy's grace days: late only after it
  std::vector<StageDecision> stages;  // in policy order
};

class Evaluator {
 public:
  Evaluator(const config::PolicySet& policies, const calendar::BusinessCalendar& calendar, std::string city)
      : policies_(policies), calendar_(calendar), city_(std::move(city)) {}

  // kActionable words only the decisions that become intents (the cycle evaluates
  // millions of stages); kEveryStage words them all, for `regua explain`.
  enum class Detail { kActionable, kEveryStage };
  Evaluation evaluate(const domain::ReceivableFacts& facts, Date asOf, const FiredActions& fired,
                      Detail detail = Detail::kEveryStage) const;

  // The day a stage's offset points at for a due date: D0 is the effective due date (the
  // day the bill can still be paid without charges), D+n counts from the due date in
  // calendar days or from the effective due date in business days, D-n from the due date.
  Date stageDay(const config::Stage& stage, Date dueDate) const;
  // How many days before its due date a receivable can need attention: receivables due
  // later than asOf + lead can be left unread.
  int maxLeadDays() const;

 private:
  // The day the stage fires: its offset's day, and for a stage after the due date not
  // before the receivable is late by law (after lastFreeDay).
  Date fireDay(const config::Stage& stage, Date dueDate, const Evaluation& e) const;
  // Which timing rule moved or placed the stage, in words for `explain` ("" for none).
  std::string timingRule(const config::Stage& stage, Date dueDate, const Evaluation& e) const;
  // Empty when the conditions hold, else why not.
  std::string unmet(const config::Conditions& when, const domain::ReceivableFacts& facts, int daysLate) const;

  const config::PolicySet& policies_;
  const calendar::BusinessCalendar& calendar_;
  std::string city_;
};

std::string_view toString(Verdict verdict);  // pt-BR: "dispara", "pulado", ...
std::string_view describe(store::IntentState state);  // pt-BR: "executada", "pendente", ...

}  // namespace regua::engine
