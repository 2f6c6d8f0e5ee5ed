#include "engine/cycle.hpp"

#include <algorithm>
#include <chrono>
#include <memory>
#include <optional>
#include <vector>

#include "store/receivable_facts.hpp"

namespace regua::engine {

namespace {

constexpr std::size_t kWriteBatch = 5000;

FiredActions firedUnder(const store::ClientOpenItems& client, std::int64_t receivableId, const std::string& policyId) {
  FiredActions fired;
  auto it = client.recorded.find(receivableId);
  if (it == client.recorded.end()) return fired;
  for (const auto& r : it->second) {
    if (r.policyId == policyId) fired.emplace(r.stageId, r.action);
  }
  return fired;
}

}  // namespace

std::string channelFor(const config::ActionSpec& action, const domain::ReceivableFacts& facts, const config::Policy& policy) {
  if (!action.channel.empty()) return action.channel;
  if (!action.traits.sendsMessage) return {};
  return config::isMessageChannel(facts.preferredChannel) ? facts.preferredChannel : policy.defaultChannel;
}

Cycle::Cycle(store::Database& db, const config::PolicySet& policies, const calendar::BusinessCalendar& calendar,
             std::string city, domain::ProfileThresholds thresholds, AmountQuoter& quoter)
    : db_(db),
      policies_(policies),
      calendar_(calendar),
      city_(std::move(city)),
      thresholds_(thresholds),
      quoter_(quoter),
      evaluator_(policies, calendar, city_),
      effectiveDue_([this](Date due) { return calendar_.effectiveDueDate(due, city_); }) {}

namespace {

// Fills what the conditions need from the client's context: tags, the payment profile
// and whether this receivable is the client's first delay.
void complete(domain::ReceivableFacts& f, const store::ClientOpenItems& context, bool needHistory, Date asOf,
              const std::optional<domain::PaymentProfile>& profile, const calendar::BusinessCalendar& calendar,
              const std::string& city) {
  f.tags = context.tags;
  if (!needHistory || !profile) return;
  f.profile = profile;
  // A repeat: a late payment in 12 months, or an item overdue since before this one.
  bool earlierOverdue = false;
  for (const auto& r : context.records) {
    if (!r.settledOn && r.dueDate < f.dueDate && calendar.effectiveDueDate(r.dueDate, city) < asOf) {
      earlierOverdue = true;
      break;
    }
  }
  f.otherDelays = profile->latePaymentsLast12Months > 0 || earlierOverdue;
}

}  // namespace

PlanSummary Cycle::plan(Date asOf, bool write, const std::string& readUrl,
                        const std::function<void(const PlannedIntent&)>& onIntent) {
  bool needTags = false, needHistory = false;
  for (const auto& policy : policies_.policies()) {
    for (const auto& stage : policy.stages) {
      needTags = needTags || stage.when.usesTags();
      needHistory = needHistory || stage.when.usesHistory();
    }
  }
  std::unique_ptr<store::Database> ownReader;
  if (write) ownReader = store::Database::open(readUrl);
  store::Database& reader = write ? *ownReader : db_;
  store::IntentRepository intents(db_);

  PlanSummary summary;
  std::vector<store::IntentRecord> pendingWrite;
  auto flush = [&] {
    if (pendingWrite.empty()) return;
    const auto started = std::chrono::steady_clock::now();
    db_.transaction([&] { summary.created += intents.insertAll(pendingWrite); });
    summary.written += pendingWrite.size();
    summary.writeSeconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    pendingWrite.clear();
  };

  store::OpenReceivableStream stream(reader, {.dueUpTo = asOf.plusDays(evaluator_.maxLeadDays()),
                                             .tags = needTags,
                                             .history = needHistory});
  store::ClientOpenItems client;
  while (stream.next(client)) {
    std::optional<domain::PaymentProfile> profile;
    if (needHistory) profile = domain::computePaymentProfile(client.records, asOf, effectiveDue_, thresholds_);
    ++summary.clients;
    for (auto& facts : client.receivables) {
      ++summary.receivables;
      complete(facts, client, needHistory, asOf, profile, calendar_, city_);
      const config::Policy* policy = policies_.select(facts.policyId, facts.clientExternalId, facts.segment);
      if (policy == nullptr) {
        ++summary.ungoverned;
        continue;
      }
      const Evaluation evaluation = evaluator_.evaluate(facts, asOf, firedUnder(client, facts.receivableId, policy->id),
                                                        Evaluator::Detail::kActionable);
      // Priced once per receivable and only for a listener: a real run does not pay a
      // quote per intent.
      std::optional<Money> amountToday;
      // Catch-up skips are not stored: once the stage that supersedes them is recorded,
      // the evaluator skips them again on every later day. They are counted on the run
      // that fires past them, so a day reports each skip once.
      const bool firesToday = std::any_of(evaluation.stages.begin(), evaluation.stages.end(),
                                          [](const auto& d) { return d.verdict == Verdict::kFire; });
      for (const auto& decision : evaluation.stages) {
        if (decision.verdict == Verdict::kSkipCatchUp && firesToday) summary.toSkip += decision.actions.size();
        if (decision.verdict != Verdict::kFire) continue;
        for (const config::ActionSpec* action : decision.actions) {
          PlannedIntent planned;
          auto& intent = planned.intent;
          if (write) intent.uniqueKey = store::intentKey(facts.receivableId, policy->id, decision.stage->id, action->name);
          intent.clientId = facts.clientId;
          intent.receivableId = facts.receivableId;
          intent.policyId = policy->id;
          intent.stageId = decision.stage->id;
          intent.action = action->name;
          intent.channel = channelFor(*action, facts, *policy);
          intent.state = store::IntentState::kPending;
          intent.forDate = asOf;
          intent.reason = decision.why;
          planned.facts = &facts;
          planned.daysLate = evaluation.daysLate;
          if (onIntent) {
            if (!amountToday) amountToday = quoter_.amountOn(facts, *policy, asOf);
            planned.amountToday = *amountToday;
            onIntent(planned);
          }
          ++summary.toRun;
          if (write) pendingWrite.push_back(std::move(intent));
        }
      }
      if (pendingWrite.size() >= kWriteBatch) flush();
    }
  }
  flush();
  return summary;
}

Evaluation Cycle::notCollected(const config::Policy* policy, Date dueDate) const {
  Evaluation e;
  e.policy = policy;
  e.effectiveDue = e.lastFreeDay = calendar_.effectiveDueDate(dueDate, city_);
  return e;
}

// A stage recorded on an earlier run says what became of it: sent, skipped, still
// waiting or given up — not just "already fired".
void Cycle::describeRecorded(Evaluation& e, const std::vector<store::IntentRecord>& recorded) {
  for (auto& d : e.stages) {
    if (d.verdict != Verdict::kFired) continue;
    std::string why;
    for (const auto& i : recorded) {
      if (i.stageId != d.stage->id) continue;
      why += (why.empty() ? "" : "; ") + i.action + " " + std::string(describe(i.state)) + " (" +
             (i.doneOn ? *i.doneOn : i.forDate).br() + ")";
    }
    if (!why.empty()) d.why = why;
  }
}

std::optional<Cycle::Explanation> Cycle::explain(std::int64_t receivableId, Date asOf) {
  auto snapshot = store::ReceivableFactsRepository(db_).load(receivableId);
  if (!snapshot) return std::nullopt;
  Explanation out;
  out.status = domain::receivableStatusFromString(snapshot->status);
  out.facts = std::move(snapshot->client.receivables.front());
  out.recorded = store::IntentRepository(db_).listForReceivable(receivableId);
  const auto& client = snapshot->client;
  const auto profile = domain::computePaymentProfile(client.records, asOf, effectiveDue_, thresholds_);
  complete(out.facts, client, true, asOf, profile, calendar_, city_);

  const config::Policy* policy = policies_.select(out.facts.policyId, out.facts.clientExternalId, out.facts.segment);
  const bool collectible = domain::isCollectible(out.status);
  out.evaluation = collectible ? evaluator_.evaluate(out.facts, asOf,
                                                     policy ? firedUnder(client, receivableId, policy->id) : FiredActions{})
                               : notCollected(policy, out.facts.dueDate);
  describeRecorded(out.evaluation, out.recorded);
  return out;
}

}  // namespace regua::engine
