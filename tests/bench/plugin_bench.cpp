// Costs at the plugin boundary: opening and validating a plugin, one action call
// through the C ABI (with the C++ wrapper on the plugin side), and masking a log line.
// Run with scripts/bench (release build).
#include <benchmark/benchmark.h>

#include <Poco/Logger.h>
#include <Poco/NullChannel.h>

#include <regua/value.hpp>

#include "common/masking.hpp"
#include "plugin/plugin_instance.hpp"
#include "plugin/plugin_library.hpp"

namespace {

using regua::plugin::openPluginLibrary;
using regua::plugin::PluginInstance;

void silenceLogs() {
  Poco::Logger::root().setChannel(new Poco::NullChannel);
  Poco::Logger::setChannel("", new Poco::NullChannel);
}

// dlopen + entry + descriptor checks + dlclose, every iteration.
void BM_OpenAndValidatePlugin(benchmark::State& state) {
  for (auto _ : state) {
    auto library = openPluginLibrary(REGUA_HELLO_PLUGIN);
    benchmark::DoNotOptimize(library.descriptor.capabilities);
  }
}
BENCHMARK(BM_OpenAndValidatePlugin);

// One `hello` intent with N items through PluginInstance::execute.
void BM_ExecuteActionThroughAbi(benchmark::State& state) {
  silenceLogs();
  const auto library = openPluginLibrary(REGUA_HELLO_PLUGIN);
  PluginInstance instance(library, YAML::Load("max_items: 1000000"));
  std::vector<regua_receivable_ref> items(static_cast<std::size_t>(state.range(0)));
  for (std::size_t i = 0; i < items.size(); ++i) {
    items[i] = {regua::abiStr("r"), regua::abiStr("honorários"), 150000 + static_cast<regua_money>(i), 20000};
  }
  regua_intent intent{};
  intent.struct_size = sizeof intent;
  intent.intent_id = regua::abiStr("intent-1");
  intent.action = regua::abiStr("hello");
  intent.client_name = regua::abiStr("Padaria Pão Quente Ltda");
  intent.items = items.data();
  intent.items_count = items.size();
  regua_action_result result{};
  for (auto _ : state) {
    if (instance.execute(intent, result) != REGUA_OK) state.SkipWithError("execute failed");
    benchmark::DoNotOptimize(result.external_ref.size);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ExecuteActionThroughAbi)->Arg(1)->Arg(16)->Arg(256);

// Every plugin log line goes through the masker.
void BM_MaskLogLine(benchmark::State& state) {
  const std::string line =
      "lembrete enviado para maria.silva@exemplo.com.br, cpf 123.456.789-09, tel (11) 98765-4321, "
      "2 títulos, R$ 1.234,56 em 25/01/2026";
  for (auto _ : state) benchmark::DoNotOptimize(regua::maskPersonalData(line));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * line.size()));
}
BENCHMARK(BM_MaskLogLine);

// The common case: a line with amounts and dates but no personal data.
void BM_MaskLogLineWithoutPersonalData(benchmark::State& state) {
  const std::string line = "lembrete enviado: 2 títulos, R$ 1.234,56 em 25/01/2026, estágio D+3";
  for (auto _ : state) benchmark::DoNotOptimize(regua::maskPersonalData(line));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * line.size()));
}
BENCHMARK(BM_MaskLogLineWithoutPersonalData);

}  // namespace
