#include "engine/outcome_recorder.hpp"

#include <algorithm>
#include <Poco/Logger.h>

#include "common/json_text.hpp"
#include "common/masking.hpp"
#include "common/words.hpp"
#include "engine/dispatcher.hpp"
#include "engine/events.hpp"

namespace regua::engine {

namespace {

constexpr std::size_t kWaitingBatch = 5000;

Poco::Logger& logger() { return Poco::Logger::get("regua.dispatcher"); }

// The history entry's details: a JSON object, whatever text the plugin returned.
std::string dispatchDetails(const std::string& key, const std::string& externalRef) {
  return JsonWriter().text("dispatch", key).text("external_ref", externalRef).finish();
}

}  // namespace

std::string describeGroup(const DispatchGroup& group, const store::IntentRecord& leader) {
  return leader.action + (leader.channel.empty() ? "" : " por " + leader.channel) + " (" + leader.stageId + ", " +
         counted(group.members.size(), "título", "títulos") + ")";
}

OutcomeRecorder::OutcomeRecorder(store::Database& db, const DispatchOptions& options, UtcTime now,
                                 DispatchSummary& summary, ReceivableLookup receivable)
    : db_(db), intents_(db), history_(db), options_(options), now_(now), summary_(summary),
      receivable_(std::move(receivable)) {}

// stage.fired and message.sent for a group carried out; message.failed (or, for an
// action that sends nothing, nothing) for one given up on. In the outcome's transaction.
void OutcomeRecorder::emitOutcome(const DispatchGroup& group, const store::IntentRecord& leader,
                                  const std::string& providerId, const std::string& error) {
  if (!error.empty() && leader.channel.empty()) return;
  JsonWriter data;
  data.text("policy", leader.policyId).text("stage", leader.stageId).text("action", leader.action);
  data.text("channel", leader.channel).text("day", options_.asOf.iso()).texts("receivables", receivableRefs(group));
  if (!error.empty()) {
    data.number("attempts", group.members.front().attempts).text("error", maskPersonalData(error));
    emitEvent(db_, "message.failed", leader.clientId, data.finish());
    return;
  }
  if (leader.channel.empty()) {
    emitEvent(db_, "stage.fired", leader.clientId, data.finish());
    return;
  }
  emitEvent(db_, "stage.fired", leader.clientId, JsonWriter(data).finish());
  emitEvent(db_, "message.sent", leader.clientId, data.text("provider_id", providerId).finish());
}

// The office's ids of the group's receivables.
std::vector<std::string> OutcomeRecorder::receivableRefs(const DispatchGroup& group) {
  std::vector<std::string> out;
  for (const auto& m : group.members) {
    if (!m.receivableId) continue;
    const domain::Receivable* r = receivable_(*m.receivableId);
    if (r && std::find(out.begin(), out.end(), r->externalId) == out.end()) out.push_back(r->externalId);
  }
  return out;
}

OutcomeRecorder::~OutcomeRecorder() {
  try {
    flushWaiting();
  } catch (...) {  // the run already failed; the reasons are only advice
  }
}

void OutcomeRecorder::cancelled(const store::IntentRecord& intent, const std::string& why) {
  db_.transaction([&] { intents_.updateState(intent.id, store::IntentState::kCancelled, intent.attempts, std::nullopt, why); });
  ++summary_.cancelled;
}

void OutcomeRecorder::waiting(const DispatchGroup& group, const std::string& why) {
  for (const auto& m : group.members) waiting_.emplace_back(m, why);
  summary_.waiting += group.members.size();
  if (waiting_.size() >= kWaitingBatch) flushWaiting();
}

void OutcomeRecorder::flushWaiting() {
  if (waiting_.empty()) return;
  db_.transaction([&] {
    for (const auto& [m, why] : waiting_) {
      intents_.updateState(m.id, store::IntentState::kPending, m.attempts, m.nextAttemptAt, why);
    }
  });
  waiting_.clear();
}

void OutcomeRecorder::done(const DispatchGroup& group, const store::IntentRecord& leader, const std::string& actor,
                           const plugin::ActionOutcome& outcome) {
  db_.transaction([&] {
    intents_.markDone(group.ids(), options_.asOf, outcome.externalRef, outcome.message);
    store::HistoryEntry entry;
    entry.clientId = leader.clientId;
    entry.receivableId = group.members.size() == 1 ? group.members.front().receivableId : std::nullopt;
    entry.kind = "action";  // the message itself is recorded by send_message
    entry.actor = actor;
    entry.summary = describeGroup(group, leader) + (outcome.message.empty() ? "" : ": " + outcome.message);
    entry.details = dispatchDetails(group.key, outcome.externalRef);
    history_.append(entry);
    emitOutcome(group, leader, outcome.externalRef, "");
  });
  ++summary_.calls;
  if (!leader.channel.empty()) ++summary_.messages;
  summary_.done += group.members.size();
}

void OutcomeRecorder::failed(const DispatchGroup& group, const store::IntentRecord& leader, const std::string& actor,
                             const plugin::ActionOutcome& outcome) {
  const auto& members = group.members;
  // Counted when the group was claimed (see Dispatcher): this failure is that attempt.
  const int attempts =
      std::max_element(members.begin(), members.end(), [](const auto& a, const auto& b) { return a.attempts < b.attempts; })
          ->attempts;
  const bool dead = attempts >= options_.maxAttempts;
  const std::string error = (outcome.status == plugin::CallStatus::kRetry ? "temporária: " : "") + outcome.message;
  const std::string what = describeGroup(group, leader);
  db_.transaction([&] {
    const std::optional<UtcTime> next =
        dead ? std::nullopt
             : std::optional<UtcTime>(now_ + std::chrono::seconds(backoffSeconds(attempts, options_.backoffSeconds,
                                                                                  outcome.retryAfterSeconds)));
    for (const auto& m : members) {
      intents_.updateState(m.id, dead ? store::IntentState::kFailed : store::IntentState::kPending, attempts, next, error);
    }
    if (dead) {
      store::HistoryEntry entry;
      entry.clientId = leader.clientId;
      entry.kind = "dead_letter";
      entry.actor = actor;
      entry.summary = what + " desistida após " + std::to_string(attempts) + " tentativas: " + error;
      history_.append(entry);
      emitOutcome(group, leader, "", error);
    }
  });
  (dead ? summary_.failed : summary_.retrying) += members.size();
  const std::string line = actor + ": " + what + " falhou (tentativa " + std::to_string(attempts) + " de " +
                           std::to_string(options_.maxAttempts) + "): " + error;
  dead ? logger().error(maskPersonalData(line)) : logger().warning(maskPersonalData(line));
}

}  // namespace regua::engine
