// Who dispatches what when several hosts share one store. The host that plans a day (or
// starts a retry pass) opens a round: the clients, split into batches of ids. Every
// host then claims batches one at a time under a lease — on PostgreSQL with FOR UPDATE
// SKIP LOCKED, so claimers never wait on each other — renews the lease while it works
// and marks the batch done. A host that dies keeps its batch only until the lease ends;
// then another host claims it and finishes it, re-delivering what was claimed under the
// same dispatch keys. Also what each host says it is doing, for `regua status`.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <regua/value.hpp>

#include "common/utc_time.hpp"
#include "store/database.hpp"

namespace regua::store {

struct DispatchRound {
  std::int64_t id = 0;
  Date day;
  std::string kind;       // "cycle" (the day's plan) or "retry" (what came due since)
  std::string createdBy;  // the host that opened it
  bool finished = false;
};

struct DispatchBatch {
  std::int64_t round = 0;
  int seq = 0;
  std::int64_t firstClient = 0, lastClient = 0;  // client ids, both included
};

struct RoundProgress {
  int batches = 0, done = 0;
  int heldByOthers = 0;  // not done, leased to another host whose lease has not ended
};

// A host's own line: what it does now, the round and batch it works on.
struct HostActivity {
  std::string host;
  std::string doing;  // "planejando", "despachando", "esperando", "parado"...
  std::optional<std::int64_t> round;
  std::int64_t calls = 0;  // plugin calls this host made in that round
  std::string startedAt, updatedAt;
  std::optional<int> heldBatch;  // the batch it holds now, and until when
  std::int64_t heldFirstClient = 0, heldLastClient = 0;
  std::string heldUntil;
};

// The intents of one day by state, for the progress lines.
struct DayProgress {
  std::int64_t planned = 0, done = 0, waiting = 0, failed = 0, other = 0;
};

class DispatchRoundRepository {
 public:
  explicit DispatchRoundRepository(Database& db) : db_(db) {}

  // Opens a round for `day` over the clients from `firstClient` to `lastClient`, batches
  // of `clientsPerBatch` ids, in one transaction. Rounds finished more than a week ago
  // are forgotten.
  DispatchRound open(Date day, const std::string& kind, const std::string& host, std::int64_t firstClient,
                     std::int64_t lastClient, std::int64_t clientsPerBatch);
  // The client ids a round of `kind` spans: every client for a cycle (batches of ids are
  // cheap to pass over when empty), the clients with an intent due at `now` for a retry.
  // Nothing when there are none.
  std::optional<std::pair<std::int64_t, std::int64_t>> clientSpan(const std::string& kind, UtcTime now);
  // The oldest round not finished yet (of `day`, when given).
  std::optional<DispatchRound> unfinished(std::optional<Date> day = {});
  // The newest round of `kind` for `day`, finished or not.
  std::optional<DispatchRound> latest(Date day, const std::string& kind);
  // The lowest batch of `round` neither done nor leased (or whose lease ended), leased
  // to `host` until `until`. Its own transaction.
  std::optional<DispatchBatch> claim(std::int64_t round, const std::string& host, UtcTime now, UtcTime until);
  // Extends the lease; false when `host` holds it no more (it ended and another took it).
  bool renew(const DispatchBatch& batch, const std::string& host, UtcTime now, UtcTime until);
  // Done by `host`, which made `calls` plugin calls on it.
  void finish(const DispatchBatch& batch, const std::string& host, std::size_t calls);
  // Gives the lease back (a host stopping mid-batch): another host may claim it at once.
  void release(const DispatchBatch& batch, const std::string& host);
  // Gives back every lease of every open round. Only for a host that knows no other host
  // is alive: on SQLite the engine lock's holder is the one process that dispatches.
  void releaseAll();
  RoundProgress progress(std::int64_t round, const std::string& host, UtcTime now);
  // Marks the round finished when every batch is done; true then.
  bool finishIfDone(std::int64_t round);

  void setActivity(const std::string& host, const std::string& doing, std::optional<std::int64_t> round,
                   std::int64_t calls);
  // Every host that said something in the last `withinHours`, newest first.
  std::vector<HostActivity> activity(UtcTime now, int withinHours = 24);
  DayProgress dayProgress(Date day);

 private:
  Database& db_;
};

// "name:pid": this process among the hosts sharing the store.
std::string thisHost();

}  // namespace regua::store
