// How many quotes one core computes: the engine prices every open receivable for the
// dry run and the delinquency report. Run: build/release/bin/regua_penalties_bench
#include <benchmark/benchmark.h>

#include "penalties.hpp"

namespace {

using namespace regua;

void BM_QuoteLate(benchmark::State& state) {
  const auto terms = penalties::parseTerms({{"fine_percent", "2"}, {"interest_monthly_percent", "1"}});
  penalties::Request r;
  r.principal = Money::fromCentavos(123457);
  r.dueDate = Date::fromYmd(2026, 1, 15);
  r.effectiveDue = r.dueDate;
  r.debtorIsPerson = true;
  int offset = 0;
  for (auto _ : state) {
    r.onDate = r.dueDate.plusDays(1 + (offset++ & 255));
    benchmark::DoNotOptimize(penalties::compute(terms, r));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_QuoteLate);

void BM_QuoteOnTimeWithDiscount(benchmark::State& state) {
  const auto terms = penalties::parseTerms({{"discount_percent", "5"}, {"fine_percent", "2"}});
  penalties::Request r;
  r.principal = Money::fromCentavos(99990);
  r.dueDate = Date::fromYmd(2026, 1, 15);
  r.effectiveDue = r.dueDate;
  r.onDate = Date::fromYmd(2026, 1, 10);
  for (auto _ : state) benchmark::DoNotOptimize(penalties::compute(terms, r));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_QuoteOnTimeWithDiscount);

}  // namespace
