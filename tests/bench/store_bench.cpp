// Bulk upsert into the store: 100,000 clients and 1,000,000 receivables (10 each), in
// batches of 50,000 per transaction, as a source sync would deliver them. SQLite always;
// PostgreSQL when REGUA_BENCH_PG_URL names a database the benchmark may fill
// (scripts/bench starts a throwaway one). One iteration each: the figure is rows/s.
#include <benchmark/benchmark.h>

#include <cstdlib>

#include "store/client_repository.hpp"
#include "store/database.hpp"
#include "store/receivable_repository.hpp"
#include "test_support.hpp"

namespace {

using namespace regua;

constexpr int kClients = 100'000;
constexpr int kReceivablesPerClient = 10;
constexpr int kBatch = 50'000;

// A valid CPF for any 9-digit base (check digits computed like Document does).
std::string cpfFor(int n) {
  std::string base = std::to_string(100000000 + n);
  auto digit = [](const std::string& s, int weight) {
    int sum = 0;
    for (char c : s) sum += (c - '0') * weight--;
    const int r = sum % 11;
    return static_cast<char>('0' + (r < 2 ? 0 : 11 - r));
  };
  base += digit(base, 10);
  base += digit(base, 11);
  return base;
}

void fill(benchmark::State& state, const std::string& url) {
  auto db = store::Database::open(url);
  store::ClientRepository clients(*db);
  store::ReceivableRepository receivables(*db);
  std::vector<domain::Client> clientBatch;
  std::vector<domain::Receivable> batch;
  const Date firstDue = Date::fromYmd(2026, 1, 10);
  double clientSeconds = 0, receivableSeconds = 0;

  // Only the store calls are timed; generating the rows is not what is measured.
  auto timed = [](double& seconds, auto&& call) {
    const auto start = std::chrono::steady_clock::now();
    call();
    seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  };
  for (auto _ : state) {
    for (int i = 0; i < kClients; ++i) {
      domain::Client c;
      c.source = "bench";
      c.externalId = "C" + std::to_string(i);
      c.name = "Cliente " + std::to_string(i);
      c.document = cpfFor(i);
      c.contacts = {{"email", "c" + std::to_string(i) + "@exemplo.com.br", "", "", true, false, ""}};
      clientBatch.push_back(std::move(c));
      if (clientBatch.size() == kBatch / 10 || i + 1 == kClients) {
        timed(clientSeconds, [&] { clients.saveAll(clientBatch); });
        clientBatch.clear();
      }
    }
    for (int i = 0; i < kClients * kReceivablesPerClient; ++i) {
      domain::Receivable r;
      r.source = "bench";
      r.externalId = "R" + std::to_string(i);
      r.clientExternalId = "C" + std::to_string(i / kReceivablesPerClient);
      r.description = "Honorários contábeis";
      r.amount = Money::fromCentavos(50000 + i % 100000);
      r.issueDate = firstDue.plusDays(i % kReceivablesPerClient * 30 - 10);
      r.dueDate = firstDue.plusDays(i % kReceivablesPerClient * 30);
      batch.push_back(std::move(r));
      if (batch.size() == kBatch || i + 1 == kClients * kReceivablesPerClient) {
        timed(receivableSeconds, [&] { receivables.upsertAll(batch); });
        batch.clear();
      }
    }
  }
  if (receivables.count() != kClients * kReceivablesPerClient) state.SkipWithError("row count does not match");
  state.counters["clients/s"] = kClients / clientSeconds;
  state.counters["receivables/s"] = kClients * kReceivablesPerClient / receivableSeconds;
  state.counters["receivables_s"] = receivableSeconds;
}

void BM_BulkUpsertSqlite(benchmark::State& state) {
  regua::testing::TempDir dir;
  fill(state, "sqlite:" + (dir.path() / "bench.db").string());
}
BENCHMARK(BM_BulkUpsertSqlite)->Iterations(1)->Unit(benchmark::kSecond)->UseRealTime();

void BM_BulkUpsertPostgres(benchmark::State& state) {
  const char* url = std::getenv("REGUA_BENCH_PG_URL");
  if (url == nullptr || *url == '\0') {
    state.SkipWithError("REGUA_BENCH_PG_URL not set (scripts/bench starts a throwaway PostgreSQL)");
    for (auto _ : state) {
    }
    return;
  }
  fill(state, url);
}
BENCHMARK(BM_BulkUpsertPostgres)->Iterations(1)->Unit(benchmark::kSecond)->UseRealTime();

}  // namespace
