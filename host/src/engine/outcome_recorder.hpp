// The dispatcher's bookkeeping: what became of each group, in the outbox and in the
// client's history, and the run's counts. A success marks the intents done with the
// history entry in one transaction; a failure is retried with exponential backoff and
// dead-lettered after the configured attempts; a waiting group only gets its reason,
// written in batches.
#pragma once

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "common/utc_time.hpp"
#include "domain/receivable.hpp"
#include "engine/dispatch_groups.hpp"
#include "plugin/action_port.hpp"
#include "store/database.hpp"
#include "store/history_repository.hpp"
#include "store/intent_repository.hpp"

namespace regua::engine {

struct DispatchOptions;
struct DispatchSummary;

class OutcomeRecorder {
 public:
  // The dispatcher's receivables, read once per batch; null when gone.
  using ReceivableLookup = std::function<const domain::Receivable*(std::int64_t id)>;

  OutcomeRecorder(store::Database& db, const DispatchOptions& options, UtcTime now, DispatchSummary& summary,
                  ReceivableLookup receivable);
  ~OutcomeRecorder();  // writes what still waits

  // The receivable was settled or removed meanwhile: paid means stop.
  void cancelled(const store::IntentRecord& intent, const std::string& why);
  // Held back by a gate: the reason is recorded, the attempts are not spent.
  void waiting(const DispatchGroup& group, const std::string& why);
  void done(const DispatchGroup& group, const store::IntentRecord& leader, const std::string& actor,
            const plugin::ActionOutcome& outcome);
  void failed(const DispatchGroup& group, const store::IntentRecord& leader, const std::string& actor,
              const plugin::ActionOutcome& outcome);
  // Writes the waiting reasons gathered so far.
  void flushWaiting();

 private:
  void emitOutcome(const DispatchGroup& group, const store::IntentRecord& leader, const std::string& providerId,
                   const std::string& error);
  std::vector<std::string> receivableRefs(const DispatchGroup& group);

  store::Database& db_;
  store::IntentRepository intents_;
  store::HistoryRepository history_;
  const DispatchOptions& options_;
  UtcTime now_;
  DispatchSummary& summary_;
  ReceivableLookup receivable_;
  std::vector<std::pair<store::IntentRecord, std::string>> waiting_;
};

// "remind por email (atraso, 2 título(s))": how the log and the history name a group.
std::string describeGroup(const DispatchGroup& group, const store::IntentRecord& leader);

}  // namespace regua::engine
