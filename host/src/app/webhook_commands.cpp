// `regua webhooks list|enable|deliver`: where each webhook of regua.yaml stands, putting
// one disabled by a 410 back in service, and delivering the waiting events now (what
// `regua serve` does every second, for offices that run the régua from cron).
#include <iostream>

#include <Poco/JSON/Array.h>

#include "app/cli.hpp"
#include "app/workspace.hpp"
#include "common/utc_time.hpp"
#include "common/words.hpp"
#include "services/json_views.hpp"
#include "services/webhook_delivery.hpp"

namespace regua::app {

namespace {

// The webhooks of regua.yaml, or the exit code after saying there are none.
std::optional<int> requireWebhooks(const Workspace& ws) {
  if (!ws.config.webhooks.empty()) return std::nullopt;
  std::cerr << "regua: nenhum webhook em " << ws.config.file.string() << "; veja 'webhooks' no README\n";
  return kExitConfig;
}

}  // namespace

int runWebhooksList(const Invocation& invocation) {
  setupLogging("warning");
  Workspace ws;
  if (auto code = openWorkspace(invocation, {.store = true}, ws)) return *code;
  if (auto code = requireWebhooks(ws)) return *code;
  const auto statuses = services::webhookStatuses(*ws.db, ws.config.webhooks);
  if (invocation.flag("--json")) {
    Poco::JSON::Array out;
    for (const auto& s : statuses) out.add(services::toJson(s));
    out.stringify(std::cout, 2);
    std::cout << "\n";
    return kExitOk;
  }
  for (const auto& s : statuses) {
    std::cout << s.name << "  " << s.url << "  " << (s.disabled ? "desativado" : "ativo") << ", "
              << counted(s.pending, "evento aguardando", "eventos aguardando") << "\n";
    if (s.disabled) std::cout << "  " << s.reason << "\n";
  }
  return kExitOk;
}

int runWebhooksEnable(const Invocation& invocation) {
  setupLogging("warning");
  Workspace ws;
  if (auto code = openWorkspace(invocation, {.store = true}, ws)) return *code;
  if (auto code = requireWebhooks(ws)) return *code;
  const std::string& name = invocation.args.at(0);
  for (const auto& w : ws.config.webhooks) {
    if (w.name != name) continue;
    if (!services::enableWebhook(*ws.db, w)) {
      std::cout << "o webhook " << name << " já estava ativo\n";
      return kExitOk;
    }
    std::cout << "webhook " << name << " reativado: os eventos que esperavam saem na próxima passada\n";
    return kExitOk;
  }
  std::cerr << "regua: nenhum webhook chamado '" << name << "' em " << ws.config.file.string()
            << "; veja os nomes com regua webhooks list\n";
  return kExitUsage;
}

int runWebhooksDeliver(const Invocation& invocation) {
  setupLogging("information");
  Workspace ws;
  if (auto code = openWorkspace(invocation, {.store = true}, ws)) return *code;
  if (auto code = requireWebhooks(ws)) return *code;
  services::WebhookDelivery delivery(ws.config.webhooks, ws.storeUrl);
  const std::size_t delivered = delivery.deliverDue(utcNow());
  std::cout << counted(delivered, "evento entregue", "eventos entregues") << "\n";
  bool waiting = false;
  for (const auto& s : delivery.status()) {
    waiting = waiting || s.pending > 0 || s.disabled;
    if (s.pending > 0 || s.disabled) {
      std::cout << s.name << ": " << (s.disabled ? "desativado; " : "")
                << counted(s.pending, "evento aguardando", "eventos aguardando")
                << (s.lastError.empty() ? "" : " (" + s.lastError + ")") << "\n";
    }
  }
  return waiting ? kExitFailure : kExitOk;
}

}  // namespace regua::app
