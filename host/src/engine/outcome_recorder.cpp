#include "engine/outcome_recorder.hpp"

#include <algorithm>
#include <sstream>

#include <Poco/JSON/Object.h>
#include <Poco/Logger.h>

#include "common/words.hpp"
#include "common/masking.hpp"
#include "engine/dispatcher.hpp"
#include "engine/events.hpp"
#include "store/receivable_repository.hpp"

namespace regua::engine {

namespace {

constexpr std::size_t kWaitingBatch = 5000;

Poco::Logger& logger() { return Poco::Logger::get("regua.dispatcher"); }

// The history entry's details: a JSON object, whatever text the plugin returned.
std::string dispatchDetails(const std::string& key, const std::string& externalRef) {
  Poco::JSON::Object details(Poco::JSON_PRESERVE_KEY_ORDER);
  details.set("dispatch", key);
  details.set("external_ref", externalRef);
  std::ostringstream json;
  details.stringify(json);
  return json.str();
}

}  // namespace

std::string describeGroup(const DispatchGroup& group, const store::IntentRecord& leader) {
  return leader.action + (leader.channel.empty() ? "" : " por " + leader.channel) + " (" + leader.stageId + ", " +
         counted(group.members.size(), "título", "títulos") + ")";
}

OutcomeRecorder::OutcomeRecorder(store::Database& db, const DispatchOptions& options, UtcTime now,
                                 DispatchSummary& summary)
    : db_(db), intents_(db), history_(db), options_(options), now_(now), summary_(summary) {}

// stage.fired and message.sent for a group carried out; message.failed (or, for an
// action that sends nothing, nothing) for one given up on. In the outcome's transaction.
void OutcomeRecorder::emitOutcome(const DispatchGroup& group, const store::IntentRecord& leader,
                                  const std::string& providerId, const std::string& error) {
  Poco::JSON::Object data(Poco::JSON_PRESERVE_KEY_ORDER);
  data.set("policy", leader.policyId);
  data.set("stage", leader.stageId);
  data.set("action", leader.action);
  data.set("channel", leader.channel);
  data.set("day", options_.asOf.iso());
  Poco::JSON::Array::Ptr receivables = new Poco::JSON::Array;
  for (const auto& external : receivableRefs(group)) receivables->add(external);
  data.set("receivables", receivables);
  if (!error.empty()) {
    if (leader.channel.empty()) return;
    data.set("attempts", group.members.front().attempts);
    data.set("error", maskPersonalData(error));
    emitEvent(db_, "message.failed", leader.clientId, data);
    return;
  }
  emitEvent(db_, "stage.fired", leader.clientId, data);
  if (leader.channel.empty()) return;
  data.set("provider_id", providerId);
  emitEvent(db_, "message.sent", leader.clientId, data);
}

// The office's ids of the group's receivables.
std::vector<std::string> OutcomeRecorder::receivableRefs(const DispatchGroup& group) {
  std::vector<std::string> out;
  store::ReceivableRepository receivables(db_);
  for (const auto& m : group.members) {
    if (!m.receivableId) continue;
    const auto r = receivables.findById(*m.receivableId);
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
