// Intents: the outbox of actions the engine decided on. The unique key (receivable,
// policy, stage, action) is enforced by the database, so an action is recorded at most
// once however many times, or from however many hosts, the engine runs.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <regua/value.hpp>

#include "common/utc_time.hpp"
#include "store/database.hpp"

namespace regua::store {

// An intent's life: pending until it is carried out (done), given up on after its
// attempts (failed: the dead letter) or made moot by a payment (cancelled); a stage the
// engine passed over after downtime is recorded as skipped from the start.
enum class IntentState { kPending, kDone, kFailed, kSkipped, kCancelled };
// The store's words: "pending", "done", "failed", "skipped", "cancelled".
std::string_view toString(IntentState state);

struct IntentRecord {
  std::int64_t id = 0;
  std::string uniqueKey;
  std::int64_t clientId = 0;
  std::optional<std::int64_t> receivableId;
  std::string policyId, stageId, action, channel;
  IntentState state = IntentState::kPending;
  Date forDate;                          // the day the engine decided it
  int attempts = 0;
  std::optional<UtcTime> nextAttemptAt;  // nothing = as soon as possible
  std::string lastError;
  std::string reason;             // why the engine decided it (pt-BR)
  std::string dispatchKey;        // set when claimed for a dispatch; "" before
  std::optional<Date> doneOn;     // the day the action ran
  std::string externalRef;        // what the plugin returned (message id, ...)
};

// "r<receivable>/<policy>/<stage>/<action>": the key that makes a stage action fire
// at most once per receivable, ever. The receivable id has 19 digits (zero-padded), so
// the keys sort as the ids do: the plan, which records them in that order, appends to
// the unique index instead of writing all over it.
std::string intentKey(std::int64_t receivableId, const std::string& policyId, const std::string& stageId,
                      const std::string& action);

class IntentRepository {
 public:
  explicit IntentRepository(Database& db) : db_(db) {}
  // Records the intent unless one with its key exists. Returns true and sets intent.id
  // when it was created; false (and intent untouched) when the key was already taken.
  bool insertIfAbsent(IntentRecord& intent);
  // Records many intents; those whose key exists are left as they are. Returns how
  // many were new. Call inside a transaction: it is one statement per row.
  std::size_t insertAll(const std::vector<IntentRecord>& intents);

  std::optional<IntentRecord> findByKey(const std::string& uniqueKey);
  std::vector<IntentRecord> listByState(IntentState state);
  std::vector<IntentRecord> listForReceivable(std::int64_t receivableId);
  // The actions carried out for a client, newest first.
  std::vector<IntentRecord> doneForClient(std::int64_t clientId);
  // Pending intents whose next attempt is due at `now`, by client then id, a batch at a
  // time: about `rows` intents of the clients after `afterClient` up to `lastClient`,
  // always every due intent of each client in the batch. Empty at the end.
  std::vector<IntentRecord> dueAfterClient(UtcTime now, std::int64_t afterClient, std::int64_t lastClient,
                                           std::size_t rows);

  void updateState(std::int64_t id, IntentState state, int attempts, std::optional<UtcTime> nextAttemptAt,
                   const std::string& lastError);
  // Claims intents for one dispatch: they share `key` from now on, also after a crash,
  // and `channel`, where the contact rules sent them ("" for actions that are not messages).
  void assignDispatchKey(const std::vector<std::int64_t>& ids, const std::string& key, const std::string& channel);
  // Spends one attempt on each, before the plugin is called: a call that never returns
  // (the host crashed in it) has still been tried.
  void countAttempt(const std::vector<std::int64_t>& ids);
  // Gives back the attempt counted for a claim whose call never started (a stop between
  // the calls of a wave): a stop is not a failure, and must not bring a dead letter closer.
  void takeBackAttempt(const std::vector<std::int64_t>& ids);
  void markDone(const std::vector<std::int64_t>& ids, Date doneOn, const std::string& externalRef,
                const std::string& note);
  // Pending intents of a receivable that was settled or negotiated: cancelled with why.
  std::size_t cancelPendingForReceivable(std::int64_t receivableId, const std::string& why);
  std::size_t cancelPendingForReceivables(const std::vector<std::int64_t>& receivableIds, const std::string& why);
  // The days of the collection messages (intents with a channel) done for a client on
  // or after `from`, one per dispatch, oldest first.
  std::vector<Date> messageDaysSince(std::int64_t clientId, Date from);
  // Whether a message went out to the client on `channel` on `day`.
  bool messagedOn(std::int64_t clientId, const std::string& channel, Date day);
  // What became of the messages a stage sent the client: pending while any waits, else
  // done when any went out, else failed when any was given up; nothing when the stage
  // has no message for the client (or they were all skipped or cancelled).
  std::optional<IntentState> stageMessageState(std::int64_t clientId, const std::string& stageId);

 private:
  // `condition` and `order` are constant SQL; values travel only as bound `params`.
  template <class... Params>
  std::vector<IntentRecord> select(const std::string& condition, const std::string& order, const Params&... params);
  // `newCount` is constant SQL over the column `attempts`.
  void changeAttempts(const std::vector<std::int64_t>& ids, const char* newCount, const std::string& context);
  Database& db_;
};

}  // namespace regua::store
