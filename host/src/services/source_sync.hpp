// `regua sync`: pulls every configured source (CSV, accounting systems, bank files)
// into the store. One pull is all or nothing: every record is validated first (the
// source's own checks, then the host's: documents, references, amounts), every problem
// is reported with where it came from, and only a clean pull is committed, in one
// transaction with the source's new cursor.
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "config/host_config.hpp"
#include "config/policy.hpp"
#include "domain/payment.hpp"
#include "engine/task_push.hpp"
#include "plugin/call_session.hpp"
#include "store/bank_repository.hpp"
#include "store/database.hpp"
#include "store/event_repository.hpp"
#include "store/payment_repository.hpp"
#include "store/receivable_repository.hpp"

namespace regua::plugin { class PluginInstance; class PluginRegistry; }

namespace regua::services {

// One field of one record a pull or a push refused.
struct RecordProblem {
  std::size_t line = 0;  // its line in SyncReport::errors
  std::string where;     // the record's origin ("clientes.csv:4", "/clients/3")
  std::string field;     // the API's name for it ("document", "due_date"); "" for the whole record
  std::string detail;    // pt-BR: what is wrong and what to do
};

// Records a front end pushes (the REST API) instead of a source plugin's pull; `origin`
// says where each came from.
struct PushedRecords {
  std::vector<plugin::SourceClient> clients;
  std::vector<plugin::SourceReceivable> receivables;
  std::vector<plugin::SourcePayment> payments;
};

// A payment as `regua import` lists it.
struct PaymentLine {
  std::string receivable;  // the office's id
  Money amount, charges;   // paid; juros and multa the bank says it collected
  Date paidDate, creditDate;
  std::string how;         // how a bank credit found its receivable ("" when named)
  bool settled = false;    // it left the receivable with nothing to collect
};

// Records of one kind in a pull: new to the store, changed, or as the store had them.
using SyncCounts = store::ReceivableRepository::UpsertCounts;

struct SyncReport {
  std::string source;  // the entry's label in regua.yaml
  bool ok = false;
  bool unchanged = false;  // the source had nothing new since its cursor
  SyncCounts clients, receivables;
  std::size_t payments = 0, paymentsKnown = 0;  // new, and already recorded before
  std::size_t settled = 0;                // receivables the payments settled
  std::size_t cancelledIntents = 0;       // pending actions cancelled by those settlements
  std::size_t closedTasks = 0;            // follow-up tasks with nothing left to collect
  std::size_t queued = 0, queuedKnown = 0;          // bank credits sent to the reconciliation queue
  std::size_t occurrences = 0, occurrencesKnown = 0;  // bank occurrences written to the history
  std::vector<PaymentLine> paymentLines;  // the new payments, in the source's order
  std::vector<store::BankCredit> queuedCredits;  // each new credit in the queue, with why
  std::vector<std::string> occurrenceLines;  // each new occurrence: receivable, what
  std::vector<std::string> errors;        // one line each: where, what, what to do
  std::vector<RecordProblem> problems;    // the same, field by field
};

// pt-BR, for the CLI and the log: one line when it worked or had nothing new; on a
// refused pull, a first line and then one indented line per problem.
std::string describe(const SyncReport& report);

class SourceSync {
 public:
  // `today` is the office's: a payment dated after it is refused.
  SourceSync(store::Database& db, const domain::ChargeCalculator& charges, Date today)
      : db_(db), charges_(charges), today_(today) {}
  SyncReport run(plugin::PluginInstance& source);
  // One pull of everything the source has (no cursor kept: a bank file handed to
  // `regua import`), committed with `alsoCommit` in one transaction — or, with `dryRun`,
  // checked and applied to the store and then rolled back, so the report says what a
  // real import would do.
  SyncReport importOnce(plugin::PluginInstance& source, bool dryRun, const std::function<void()>& alsoCommit);
  // The same checks and commit for records pushed into `source`: all or nothing. Throws
  // StoreError (kBusy, kConnection) when the store cannot take it now.
  SyncReport push(const std::string& source, const PushedRecords& records);
  // One payment, in the caller's transaction, as every source's: applied and stored,
  // payment.received emitted, and a receivable it settles has its pending actions
  // cancelled and its tasks closed. Counted in `report`; nothing when it was recorded
  // before. `how`: how a bank credit found its receivable.
  std::optional<PaymentLine> settle(const store::PaymentInput& payment, const std::string& how, SyncReport& report);
  // The same for a batch, in order (store::PaymentRepository::recordAll): the events,
  // cancellations and task notes are written set-wise too. One line per payment,
  // empty for one recorded before; `how` has one entry per payment.
  std::vector<std::optional<PaymentLine>> settleAll(const std::vector<store::PaymentInput>& payments,
                                                    const std::vector<std::string>& how, SyncReport& report);

 private:
  void commit(class SourceCollector& collected, SyncReport& report);
  store::StoredEvent paymentReceived(const store::PaymentInput& payment, const store::RecordedPayment& recorded);

  store::Database& db_;
  const domain::ChargeCalculator& charges_;
  Date today_;
};

// A file found in a bank folder (services/bank_folder.hpp) and what became of it.
struct FolderFile {
  std::filesystem::path file;     // where it was found
  std::filesystem::path movedTo;  // empty: it stayed (the store could not take it now)
  bool refused = false;
  std::string summary;            // describe() of what it did, or why it was refused
};

// The same for a file of a bank folder: what it did and where it went.
std::string describe(const FolderFile& file);

struct SyncRound {
  std::vector<SyncReport> sources;  // one per configured source, in order
  std::vector<FolderFile> folders;  // each file found in the bank folders, in name order
  std::optional<engine::PushSummary> tasks;  // nothing while a cycle runs (it pushes them)
};

// `regua sync` and the scheduler's sync: every source, payments split by the policies'
// penalties (none without policies), then the task tools hear what the settlements
// closed — under the engine lock, so two hosts never create the same task twice.
SyncRound syncSources(store::Database& db, plugin::PluginRegistry& plugins, const config::PolicySet* policies,
                      const config::HostConfig& config, const std::function<bool()>& keepGoing = {});

}  // namespace regua::services
