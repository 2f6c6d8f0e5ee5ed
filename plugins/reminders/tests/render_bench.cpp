// Messages rendered per second: the e-mail (subject, text, HTML) of a client with three
// open items, and the PIX QR code image each e-mail carries.
// Run: build/release/bin/regua_reminders_bench
#include <benchmark/benchmark.h>

#include <regua/messages/message_templates.hpp>
#include <regua/pix_qr.hpp>

namespace {

using namespace regua;

void BM_RenderEmail(benchmark::State& state) {
  messages::TemplateSet set(REGUA_TEMPLATES_DIR);
  messages::MessageView v;
  v.clientName = "Maria da Silva";
  v.office = {"Escritório Exemplo", "contato@exemplo.com.br", "(11) 4000-0000", "São Paulo"};
  v.asOf = Date::fromYmd(2026, 3, 12);
  for (int i = 0; i < 3; ++i) {
    v.items.push_back({"Honorários", Date::fromYmd(2026, 2, 2 + i), Money::fromCentavos(100000),
                       Money::fromCentavos(102333), Money::fromCentavos(2000), Money::fromCentavos(333), Money(), 10, "", Money()});
  }
  v.pixCode = "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR";
  for (auto _ : state) {
    benchmark::DoNotOptimize(set.render("atraso", "email", messages::toData(v)));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_RenderEmail);

// A dynamic-looking payload of the size a reminder's code has (key, amount, txid, CRC).
void BM_PixQrPng(benchmark::State& state) {
  const std::string payload =
      "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-426655440000520400005303986540"
      "71856.405802BR5918Escritorio Exemplo6009Sao Paulo62290525C0080202611202611230001630445D2";
  for (auto _ : state) {
    benchmark::DoNotOptimize(pix::qrPng(pix::qrModules(payload), 6, 4));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_PixQrPng);

}  // namespace
