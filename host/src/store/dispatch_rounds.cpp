#include "store/dispatch_rounds.hpp"

#include <unistd.h>

#include <chrono>

namespace regua::store {

std::string thisHost() {
  char name[256] = {};
  ::gethostname(name, sizeof name - 1);
  return std::string(name) + ":" + std::to_string(::getpid());
}

DispatchRound DispatchRoundRepository::open(Date day, const std::string& kind, const std::string& host,
                                            std::int64_t firstClient, std::int64_t lastClient,
                                            std::int64_t clientsPerBatch) {
  DispatchRound round{0, day, kind, host, false};
  const std::string now = Database::nowUtc();
  const std::string weekAgo = formatUtc(utcNow() - std::chrono::hours(24 * 7));
  const int dayNumber = day.daysSinceEpoch();
  try {
    db_.transaction([&] {
      db_.run("DELETE FROM dispatch_rounds WHERE finished_at < :cutoff", soci::use(weekAgo));
      long id = 0;
      db_.run("INSERT INTO dispatch_rounds (day, kind, created_by, created_at) VALUES (:day, :kind, :host, :now) "
              "RETURNING id",
              soci::use(dayNumber), soci::use(kind), soci::use(host), soci::use(now), soci::into(id));
      round.id = id;
      std::vector<long> rounds, firsts, lasts;
      std::vector<int> seqs;
      for (std::int64_t first = firstClient; first <= lastClient; first += clientsPerBatch) {
        rounds.push_back(id);
        seqs.push_back(static_cast<int>(seqs.size()) + 1);
        firsts.push_back(static_cast<long>(first));
        lasts.push_back(static_cast<long>(std::min(lastClient, first + clientsPerBatch - 1)));
      }
      if (seqs.empty()) return;
      db_.run("INSERT INTO dispatch_batches (round_id, seq, first_client, last_client) "
              "VALUES (:round, :seq, :first, :last)",
              soci::use(rounds), soci::use(seqs), soci::use(firsts), soci::use(lasts));
    });
  } catch (const StoreError&) {
    throw;
  } catch (const std::exception&) {
    db_.rethrowTranslated("rodada de despacho de " + day.br());
  }
  return round;
}

std::optional<std::pair<std::int64_t, std::int64_t>> DispatchRoundRepository::clientSpan(const std::string& kind,
                                                                                      UtcTime now) {
  long first = 0, last = 0;
  soci::indicator firstInd = soci::i_null, lastInd = soci::i_null;
  const std::string at = formatUtc(now);
  try {
    if (kind == "cycle") {
      db_.run("SELECT MIN(id), MAX(id) FROM clients", soci::into(first, firstInd), soci::into(last, lastInd));
    } else {
      db_.run("SELECT MIN(client_id), MAX(client_id) FROM intents WHERE state = 'pending' AND next_attempt_at <= :now",
              soci::into(first, firstInd), soci::into(last, lastInd), soci::use(at));
    }
  } catch (const std::exception&) {
    db_.rethrowTranslated("clientes da rodada de despacho");
  }
  if (firstInd != soci::i_ok || lastInd != soci::i_ok) return std::nullopt;
  return std::pair<std::int64_t, std::int64_t>(first, last);
}

std::optional<DispatchRound> DispatchRoundRepository::latest(Date day, const std::string& kind) {
  long id = 0;
  const int dayNumber = day.daysSinceEpoch();
  DispatchRound round{0, day, kind, "", false};
  std::string finishedAt;
  soci::indicator finishedInd = soci::i_null;
  try {
    if (!db_.run("SELECT id, created_by, finished_at FROM dispatch_rounds WHERE day = :day AND kind = :kind "
                 "ORDER BY id DESC LIMIT 1",
                 soci::into(id), soci::into(round.createdBy), soci::into(finishedAt, finishedInd), soci::use(dayNumber),
                 soci::use(kind))) {
      return std::nullopt;
    }
  } catch (const std::exception&) {
    db_.rethrowTranslated("rodadas de despacho");
  }
  round.id = id;
  round.finished = finishedInd == soci::i_ok;
  return round;
}

std::optional<DispatchRound> DispatchRoundRepository::unfinished(std::optional<Date> day) {
  long id = 0;
  int dayNumber = day ? day->daysSinceEpoch() : 0;
  const int anyDay = day ? 0 : 1;
  DispatchRound round;
  try {
    if (!db_.run("SELECT id, day, kind, created_by FROM dispatch_rounds WHERE finished_at IS NULL "
                 "AND (day = :day OR 1 = :any) ORDER BY id LIMIT 1",
                 soci::into(id), soci::into(dayNumber), soci::into(round.kind), soci::into(round.createdBy),
                 soci::use(dayNumber), soci::use(anyDay))) {
      return std::nullopt;
    }
  } catch (const std::exception&) {
    db_.rethrowTranslated("rodadas de despacho");
  }
  round.id = id;
  round.day = Date::fromDaysSinceEpoch(dayNumber);
  return round;
}

std::optional<DispatchBatch> DispatchRoundRepository::claim(std::int64_t round, const std::string& host, UtcTime now,
                                                            UtcTime until) {
  // SKIP LOCKED: a batch another host is claiming this instant is passed over, not
  // waited for. The condition is on the locked row itself, so PostgreSQL checks it
  // again on the row as the other host left it.
  const std::string pick = std::string(
      "SELECT seq, first_client, last_client FROM dispatch_batches WHERE round_id = :round AND done_at IS NULL "
      "AND claimed_until < :now ORDER BY seq LIMIT 1") + (db_.backend() == Backend::kPostgres ? " FOR UPDATE SKIP LOCKED" : "");
  const long roundId = static_cast<long>(round);
  const std::string at = formatUtc(now), leaseEnd = formatUtc(until);
  std::optional<DispatchBatch> claimed;
  db_.transaction([&] {
    DispatchBatch batch;
    batch.round = round;
    long first = 0, last = 0;
    if (!db_.run(pick, soci::into(batch.seq), soci::into(first), soci::into(last), soci::use(roundId), soci::use(at))) {
      return;
    }
    batch.firstClient = first;
    batch.lastClient = last;
    db_.run("UPDATE dispatch_batches SET claimed_by = :host, claimed_until = :until WHERE round_id = :round AND seq = :seq",
            soci::use(host), soci::use(leaseEnd), soci::use(roundId), soci::use(batch.seq));
    claimed = batch;
  });
  return claimed;
}

bool DispatchRoundRepository::renew(const DispatchBatch& batch, const std::string& host, UtcTime now, UtcTime until) {
  const long roundId = static_cast<long>(batch.round);
  const std::string at = formatUtc(now), leaseEnd = formatUtc(until);
  try {
    auto st = db_.statement(
        "UPDATE dispatch_batches SET claimed_until = :until WHERE round_id = :round AND seq = :seq "
        "AND claimed_by = :host AND claimed_until >= :now AND done_at IS NULL",
        soci::use(leaseEnd), soci::use(roundId), soci::use(batch.seq), soci::use(host), soci::use(at));
    st.execute(true);
    return st.affectedRows() == 1;
  } catch (const std::exception&) {
    db_.rethrowTranslated("lote " + std::to_string(batch.seq) + " da rodada " + std::to_string(batch.round));
  }
}

void DispatchRoundRepository::finish(const DispatchBatch& batch, const std::string& host, std::size_t calls) {
  const long roundId = static_cast<long>(batch.round);
  const int callCount = static_cast<int>(calls);
  const std::string now = Database::nowUtc();
  try {
    db_.run("UPDATE dispatch_batches SET done_at = :now, done_by = :host, calls = :calls, claimed_until = '' "
            "WHERE round_id = :round AND seq = :seq AND claimed_by = :host2",
            soci::use(now), soci::use(host), soci::use(callCount), soci::use(roundId), soci::use(batch.seq),
            soci::use(host));
  } catch (const std::exception&) {
    db_.rethrowTranslated("lote " + std::to_string(batch.seq) + " da rodada " + std::to_string(batch.round));
  }
}

void DispatchRoundRepository::release(const DispatchBatch& batch, const std::string& host) {
  const long roundId = static_cast<long>(batch.round);
  try {
    db_.run("UPDATE dispatch_batches SET claimed_until = '' WHERE round_id = :round AND seq = :seq "
            "AND claimed_by = :host AND done_at IS NULL",
            soci::use(roundId), soci::use(batch.seq), soci::use(host));
  } catch (const std::exception&) {
    db_.rethrowTranslated("lote " + std::to_string(batch.seq) + " da rodada " + std::to_string(batch.round));
  }
}

void DispatchRoundRepository::releaseAll() {
  try {
    db_.run("UPDATE dispatch_batches SET claimed_until = '' WHERE done_at IS NULL AND claimed_until <> ''");
  } catch (const std::exception&) {
    db_.rethrowTranslated("lotes de despacho");
  }
}

RoundProgress DispatchRoundRepository::progress(std::int64_t round, const std::string& host, UtcTime now) {
  RoundProgress p;
  const long roundId = static_cast<long>(round);
  const std::string at = formatUtc(now);
  try {
    db_.run("SELECT COUNT(*), "
            "COALESCE(SUM(CASE WHEN done_at IS NOT NULL THEN 1 ELSE 0 END), 0), "
            "COALESCE(SUM(CASE WHEN done_at IS NULL AND claimed_by <> :host AND claimed_until >= :now "
            "THEN 1 ELSE 0 END), 0) FROM dispatch_batches WHERE round_id = :round",
            soci::into(p.batches), soci::into(p.done), soci::into(p.heldByOthers), soci::use(host), soci::use(at),
            soci::use(roundId));
  } catch (const std::exception&) {
    db_.rethrowTranslated("rodada " + std::to_string(round));
  }
  return p;
}

bool DispatchRoundRepository::finishIfDone(std::int64_t round) {
  const long roundId = static_cast<long>(round);
  const std::string now = Database::nowUtc();
  try {
    auto st = db_.statement(
        "UPDATE dispatch_rounds SET finished_at = :now WHERE id = :round AND finished_at IS NULL AND NOT EXISTS "
        "(SELECT 1 FROM dispatch_batches WHERE round_id = :round2 AND done_at IS NULL)",
        soci::use(now), soci::use(roundId), soci::use(roundId));
    st.execute(true);
    if (st.affectedRows() == 1) return true;
    int open = 0;
    db_.run("SELECT COUNT(*) FROM dispatch_rounds WHERE id = :round AND finished_at IS NULL", soci::into(open),
            soci::use(roundId));
    return open == 0;
  } catch (const std::exception&) {
    db_.rethrowTranslated("rodada " + std::to_string(round));
  }
}

void DispatchRoundRepository::setActivity(const std::string& host, const std::string& doing,
                                          std::optional<std::int64_t> round, std::int64_t calls) {
  const std::string now = Database::nowUtc();
  long roundId = round ? static_cast<long>(*round) : 0;
  soci::indicator roundInd = round ? soci::i_ok : soci::i_null;
  long callCount = static_cast<long>(calls);
  try {
    db_.run("INSERT INTO host_activity (host, doing, round_id, calls, started_at, updated_at) "
            "VALUES (:host, :doing, :round, :calls, :now, :now2) ON CONFLICT (host) DO UPDATE SET "
            "doing = excluded.doing, round_id = excluded.round_id, calls = excluded.calls, "
            "updated_at = excluded.updated_at",
            soci::use(host), soci::use(doing), soci::use(roundId, roundInd), soci::use(callCount), soci::use(now),
            soci::use(now));
  } catch (const std::exception&) {
    db_.rethrowTranslated("atividade do host " + host);
  }
}

std::vector<HostActivity> DispatchRoundRepository::activity(UtcTime now, int withinHours) {
  std::vector<HostActivity> out;
  const std::string since = formatUtc(now - std::chrono::hours(withinHours)), at = formatUtc(now);
  HostActivity a;
  long round = 0, calls = 0, first = 0, last = 0;
  int seq = 0;
  soci::indicator roundInd = soci::i_null, seqInd = soci::i_null, firstInd = soci::i_null, lastInd = soci::i_null,
                  untilInd = soci::i_null;
  try {
    auto st = db_.statement(
        "SELECT h.host, h.doing, h.round_id, h.calls, h.started_at, h.updated_at, b.seq, b.first_client, "
        "b.last_client, b.claimed_until FROM host_activity h LEFT JOIN dispatch_batches b ON b.round_id = h.round_id "
        "AND b.claimed_by = h.host AND b.done_at IS NULL AND b.claimed_until >= :now "
        "WHERE h.updated_at >= :since ORDER BY h.updated_at DESC, h.host",
        soci::into(a.host), soci::into(a.doing), soci::into(round, roundInd), soci::into(calls),
        soci::into(a.startedAt), soci::into(a.updatedAt), soci::into(seq, seqInd), soci::into(first, firstInd),
        soci::into(last, lastInd), soci::into(a.heldUntil, untilInd), soci::use(at), soci::use(since));
    st.execute();
    while (st.fetch()) {
      HostActivity row = a;
      row.round = roundInd == soci::i_ok ? std::optional<std::int64_t>(round) : std::nullopt;
      row.calls = calls;
      if (seqInd == soci::i_ok) {
        row.heldBatch = seq;
        row.heldFirstClient = first;
        row.heldLastClient = last;
      } else {
        row.heldUntil.clear();
      }
      out.push_back(std::move(row));
    }
  } catch (const std::exception&) {
    db_.rethrowTranslated("atividade dos hosts");
  }
  return out;
}

DayProgress DispatchRoundRepository::dayProgress(Date day) {
  DayProgress p;
  const int dayNumber = day.daysSinceEpoch();
  std::string state;
  long count = 0;
  try {
    auto st = db_.statement("SELECT state, COUNT(*) FROM intents WHERE for_date = :day GROUP BY state",
                            soci::into(state), soci::into(count), soci::use(dayNumber));
    st.execute();
    while (st.fetch()) {
      p.planned += count;
      if (state == "done") {
        p.done = count;
      } else if (state == "pending") {
        p.waiting = count;
      } else if (state == "failed") {
        p.failed = count;
      } else {
        p.other += count;
      }
    }
  } catch (const std::exception&) {
    db_.rethrowTranslated("progresso de " + day.br());
  }
  return p;
}

}  // namespace regua::store
