// `regua client show`: one client on one screen — what is open with today's amount, how
// the client pays, what the régua did, tasks, agreements and the promise to pay. The
// same service and JSON as GET /api/v1/clients/{id}. `regua link`: the address of the
// client's own page (services::ClientLinks).
#include <iostream>

#include "app/cli.hpp"
#include "app/cli_values.hpp"
#include "app/workspace.hpp"
#include "common/words.hpp"
#include "services/client_actions.hpp"
#include "services/client_link.hpp"
#include "services/client_lookup.hpp"
#include "services/client_overview.hpp"
#include "services/json_views.hpp"
#include "services/receivable_cancel.hpp"

namespace regua::app {

namespace {

void printOverview(const services::ClientOverview& o) {
  std::cout << o.client.name << " (" << o.client.externalId << ", " << o.client.source << ") em " << o.asOf.br() << "\n";
  std::cout << "Em aberto: " << o.openTotal.toBrl() << "; atualizado hoje: " << o.todayTotal.toBrl() << " ("
            << counted(o.open.size(), "título", "títulos") << ")\n";
  for (const auto& item : o.open) {
    std::cout << "  " << column(item.facts.receivableExternalId, 16) << "vence " << item.facts.dueDate.br() << "  "
              << column(item.daysLate > 0 ? counted(static_cast<std::size_t>(item.daysLate), "dia", "dias") + " de atraso"
                                          : std::string("em dia"),
                        20)
              << item.facts.open.toBrl() << " -> " << item.amountToday.toBrl() << "\n";
  }
  std::cout << "Perfil de pagamento: " << domain::toString(o.profile.kind) << " ("
            << counted(static_cast<std::size_t>(o.profile.latePaymentsLast12Months), "pagamento atrasado",
                       "pagamentos atrasados")
            << " em 12 meses, " << counted(static_cast<std::size_t>(o.profile.openOverdue), "título vencido", "títulos vencidos")
            << " em aberto)\n";
  std::cout << "Estágios executados: " << o.stagesDone.size() << "; tarefas abertas: " << o.openTasks.size()
            << "; acordos: " << o.agreements.size();
  if (o.openPromise) std::cout << "; promessa de pagamento até " << o.openPromise->until.br();
  std::cout << "\n";
}

// The client the command's first argument names; nothing (after saying so) when none.
std::optional<domain::Client> namedClient(const Invocation& invocation, Workspace& ws) {
  const std::string& wanted = invocation.args.at(0);
  auto client = services::findClient(*ws.db, wanted, invocation.option("--source"));
  if (!client) {
    std::cerr << "regua: cliente '" << wanted << "' não encontrado; use o id na origem (--source NOME), o CPF/CNPJ ou o "
              << "id interno\n";
  }
  return client;
}

}  // namespace

int runClientShow(const Invocation& invocation) {
  setupLogging("warning");
  const auto asOf = asOfOrReport(invocation);
  if (!asOf) return kExitUsage;
  Workspace ws;
  if (auto code = openWorkspace(invocation, {.store = true, .plugins = true, .policies = true, .policiesIfAny = true}, ws)) {
    return *code;
  }
  const std::string& wanted = invocation.args.at(0);
  const auto overview = services::clientOverview(*ws.db, ws.policies, *ws.calendar, ws.config, *ws.quoter, wanted,
                                                 invocation.option("--source"), *asOf);
  if (!overview) {
    std::cerr << "regua: cliente '" << wanted << "' não encontrado; use o id na origem (--source NOME), o CPF/CNPJ ou o "
              << "id interno\n";
    return kExitFailure;
  }
  if (invocation.flag("--json")) {
    services::toJson(*overview)->stringify(std::cout, 2);
    std::cout << "\n";
  } else {
    printOverview(*overview);
  }
  return kExitOk;
}

int runClientLink(const Invocation& invocation) {
  setupLogging("warning");
  const auto day = asOfOrReport(invocation);
  if (!day) return kExitUsage;
  Workspace ws;
  if (auto code = openWorkspace(invocation, {.store = true}, ws)) return *code;
  const auto client = namedClient(invocation, ws);
  if (!client) return kExitFailure;
  try {
    const services::ClientLinks links(ws.config.clientPage);
    std::cout << "Página de " << client->name << " (" << client->externalId << "), válida de " << day->br() << " a "
              << links.lastDay(*day).br() << ":\n"
              << links.url(client->id, *day) << "\n";
    return kExitOk;
  } catch (const services::ServiceError& e) {
    std::cerr << "regua: " << e.what() << "\n";
    return kExitFailure;
  }
}

int runClientPause(const Invocation& invocation) {
  setupLogging("warning");
  const auto today = asOfOrReport(invocation);
  if (!today) return kExitUsage;
  const auto untilText = invocation.option("--until");
  const auto until = untilText ? parseUserDate(*untilText) : std::nullopt;
  if (!until) {
    std::cerr << "regua: falta --until DATA válida (o último dia da pausa, AAAA-MM-DD ou DD/MM/AAAA)\n";
    return kExitUsage;
  }
  Workspace ws;
  if (auto code = openWorkspace(invocation, {.store = true}, ws)) return *code;
  const auto client = namedClient(invocation, ws);
  if (!client) return kExitFailure;
  try {
    services::pauseClient(*ws.db, *client, *until, invocation.option("--reason").value_or(""), "cli", *today);
    std::cout << "Cobrança de " << client->name << " pausada até " << until->br() << "; volta em "
              << until->plusDays(1).br() << ".\n";
    return kExitOk;
  } catch (const services::ServiceError& e) {
    std::cerr << "regua: " << e.what() << "\n";
    return kExitFailure;
  }
}

int runClientNote(const Invocation& invocation) {
  setupLogging("warning");
  Workspace ws;
  if (auto code = openWorkspace(invocation, {.store = true}, ws)) return *code;
  const auto client = namedClient(invocation, ws);
  if (!client) return kExitFailure;
  try {
    services::addCallNote(*ws.db, *client, invocation.option("--text").value_or(""), "cli");
    std::cout << "Nota registrada no histórico de " << client->name << ".\n";
    return kExitOk;
  } catch (const services::ServiceError& e) {
    std::cerr << "regua: " << e.what() << "\n";
    return kExitFailure;
  }
}

int runReceivableCancel(const Invocation& invocation) {
  setupLogging("warning");
  const auto day = asOfOrReport(invocation);
  if (!day) return kExitUsage;
  Workspace ws;
  if (auto code = openWorkspace(invocation, {.store = true}, ws)) return *code;
  try {
    const auto report = services::cancelReceivable(*ws.db, invocation.args.at(0), invocation.option("--reason").value_or(""),
                                                   "cli", *day);
    std::cout << "Título " << report.receivable.externalId << " cancelado: "
              << counted(report.cancelledActions, "ação pendente cancelada", "ações pendentes canceladas") << ", "
              << counted(report.closedTasks, "tarefa encerrada", "tarefas encerradas") << "\n";
    return kExitOk;
  } catch (const services::ServiceError& e) {
    std::cerr << "regua: " << e.what() << "\n";
    return kExitFailure;
  }
}

}  // namespace regua::app
