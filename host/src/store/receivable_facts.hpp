// The policy engine's reads of receivables (the daily cycle, explain, the delinquency
// report): each receivable with what is owed on it and its client. The cycle streams them
// one client at a time, so a million receivables never sit in memory together.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <regua/value.hpp>

#include "domain/payment_profile.hpp"
#include "domain/receivable_facts.hpp"
#include "store/database.hpp"

namespace regua::store {

// An intent already recorded for a receivable: (policy, stage, action).
struct RecordedAction {
  std::string policyId, stageId, action;
};

// One client's open receivables and what the policies may ask about the client.
struct ClientOpenItems {
  std::vector<domain::ReceivableFacts> receivables;  // due-date order; tags and profile not filled
  std::vector<std::string> tags;                     // when the stream was asked for them
  std::vector<domain::PaymentRecord> records;        // every live receivable's due and settlement, when asked
  std::map<std::int64_t, std::vector<RecordedAction>> recorded;  // receivable id -> its recorded intents
};

class OpenReceivableStream {
 public:
  struct Options {
    Date dueUpTo;          // receivables due after this day are left out
    bool tags = false;     // fill ClientOpenItems::tags
    bool history = false;  // fill ClientOpenItems::records
  };
  // Reads through `db`'s session, which the stream keeps busy until it is destroyed:
  // whoever writes meanwhile uses another connection.
  OpenReceivableStream(Database& db, const Options& options);
  ~OpenReceivableStream();
  OpenReceivableStream(const OpenReceivableStream&) = delete;
  OpenReceivableStream& operator=(const OpenReceivableStream&) = delete;

  // The next client with open receivables, in client id order; false at the end.
  // Throws StoreError.
  bool next(ClientOpenItems& out);

 private:
  struct Cursors;
  Database& db_;
  std::unique_ptr<Cursors> cursors_;
};

class ReceivableFactsRepository {
 public:
  explicit ReceivableFactsRepository(Database& db) : db_(db) {}

  // One receivable whatever its status, with its tags, payment records and recorded
  // intents; nothing when it does not exist.
  struct Snapshot {
    std::string status;  // "open", "paid", ...
    ClientOpenItems client;  // the receivable is client.receivables.front()
  };
  std::optional<Snapshot> load(std::int64_t receivableId);

  // Every receivable still open and due before `before`, by client then due date.
  void forEachDueBefore(Date before, const std::function<void(domain::ReceivableFacts&&)>& take);
  // The same receivables with only what prices them filled (amounts, dates, policy, the
  // client's id, external id, kind and segment), in storage order: the dashboard's pass
  // over every overdue item. One facts object is reused from row to row.
  void forEachDueBeforePricingOnly(Date before, const std::function<void(const domain::ReceivableFacts&)>& take);
  // Receivables still open, due before `before`, whose receivable.overdue event has not
  // gone out yet (the daily cycle decides which are late by law and announces them), with
  // ids in (afterId, upToId]: read a window at a time, memory stays flat at any size.
  std::vector<domain::ReceivableFacts> overdueUnannounced(Date before, std::int64_t afterId, std::int64_t upToId);
  std::int64_t lastReceivableId();
  void markOverdueAnnounced(std::int64_t receivableId);
  // A client's receivables still open, by due date (tags and profile not filled).
  std::vector<domain::ReceivableFacts> openForClient(std::int64_t clientId);

  // The stage of each client's latest action carried out ("" when none).
  std::map<std::int64_t, std::string> lastStageDone(const std::vector<std::int64_t>& clientIds);

 private:
  // `condition` goes after the status filter, with its ORDER BY; `params` fill its
  // placeholders in order.
  void forEachOpen(const std::string& condition, const std::vector<long>& params, const std::string& context,
                   const std::function<void(domain::ReceivableFacts&&)>& take);
  Database& db_;
};

}  // namespace regua::store
