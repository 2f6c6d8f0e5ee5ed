// `regua reconcile list|match|ignore`: the office deciding what the bank credits Régua
// could not tie to a receivable were. The rules are services::Reconciliation's.
#include <cstdlib>
#include <iostream>

#include <Poco/JSON/Array.h>

#include "app/cli.hpp"
#include "app/cli_values.hpp"
#include "app/workspace.hpp"
#include "common/words.hpp"
#include "engine/plugin_quoter.hpp"
#include "services/collection_service.hpp"
#include "services/json_views.hpp"
#include "services/reconciliation.hpp"

namespace regua::app {

namespace {

// The queue over an open workspace, with the charges of the penalties plugin.
struct Queue {
  Workspace ws;
  std::unique_ptr<domain::ChargeCalculator> charges;
  std::optional<services::Reconciliation> service;
};

std::optional<int> openQueue(const Invocation& invocation, Queue& out) {
  if (auto code = openWorkspace(invocation, {.store = true, .plugins = true, .policies = true, .policiesIfAny = true},
                                out.ws)) {
    return code;
  }
  const auto* policies = out.ws.policies.policies().empty() ? nullptr : &out.ws.policies;
  out.charges = engine::makeCharges(*out.ws.plugins, policies, *out.ws.db, out.ws.config.city);
  out.service.emplace(*out.ws.db, *out.charges, services::localNow().day);
  return std::nullopt;
}

std::optional<std::int64_t> creditId(const std::string& text) {
  std::string digits = text.starts_with('#') ? text.substr(1) : text;
  try {
    std::size_t used = 0;
    const long long id = std::stoll(digits, &used);
    if (used == digits.size() && id > 0) return id;
  } catch (const std::exception&) {
  }
  std::cerr << "regua: '" << text << "' não é o número de um crédito; veja-os com regua reconcile list\n";
  return std::nullopt;
}

// Who decided, for the history: --by, else the system user.
std::string decidedBy(const Invocation& invocation) {
  if (auto by = invocation.option("--by")) return *by;
  const char* user = std::getenv("USER");
  return user != nullptr && *user != '\0' ? user : "cli";
}

void printCredit(const services::QueuedCredit& q) {
  const auto& c = q.credit;
  std::cout << "#" << c.id << "  " << column(c.paidDate.br(), 12) << column(c.amount.toBrl(), 14)
            << (c.payerName.empty() ? "" : c.payerName + "  ") << "(" << c.origin << ")\n";
  if (c.state != "open") {
    std::cout << "    " << c.decision << " (por " << c.decidedBy << ")\n";
    return;
  }
  std::cout << "    " << c.reason << "\n";
  for (const auto& k : q.candidates) {
    std::cout << "    pode ser: " << column(k.receivable, 14) << column(k.clientName, 28) << "venc. "
              << column(k.dueDate.br(), 12) << k.open.toBrl() << " (" << k.today.toBrl() << " com encargos)\n";
  }
}

int failed(const services::ServiceError& e) {
  std::cerr << "regua: " << e.what() << "\n";
  return kExitFailure;
}

}  // namespace

int runReconcileList(const Invocation& invocation) {
  setupLogging("warning");
  Queue q;
  if (auto code = openQueue(invocation, q)) return *code;
  const auto credits = q.service->list(invocation.flag("--all") ? "" : "open", 0, 10000);
  if (invocation.flag("--json")) {
    Poco::JSON::Array out;
    for (const auto& c : credits) out.add(services::toJson(c));
    out.stringify(std::cout, 2);
    std::cout << "\n";
    return kExitOk;
  }
  if (credits.empty()) {
    std::cout << "Nenhum crédito esperando conciliação.\n";
    return kExitOk;
  }
  for (const auto& c : credits) printCredit(c);
  return kExitOk;
}

int runReconcileMatch(const Invocation& invocation) {
  setupLogging("warning");
  const auto id = creditId(invocation.args.at(0));
  if (!id) return kExitUsage;
  Queue q;
  if (auto code = openQueue(invocation, q)) return *code;
  try {
    const std::vector<std::string> receivables(invocation.args.begin() + 1, invocation.args.end());
    const auto report = q.service->match(*id, receivables, decidedBy(invocation));
    std::cout << "Crédito #" << *id << " " << report.credit.decision << ": "
              << counted(report.payments.settled, "título quitado", "títulos quitados") << ", "
              << counted(report.payments.cancelledIntents, "ação pendente cancelada", "ações pendentes canceladas")
              << ", " << counted(report.payments.closedTasks, "tarefa encerrada", "tarefas encerradas") << "\n";
    return kExitOk;
  } catch (const services::ServiceError& e) {
    return failed(e);
  }
}

int runReconcileIgnore(const Invocation& invocation) {
  setupLogging("warning");
  const auto id = creditId(invocation.args.at(0));
  if (!id) return kExitUsage;
  Queue q;
  if (auto code = openQueue(invocation, q)) return *code;
  try {
    const auto credit = q.service->ignore(*id, invocation.option("--reason").value_or(""), decidedBy(invocation));
    std::cout << "Crédito #" << *id << " de " << credit.amount.toBrl() << " " << credit.decision << "\n";
    return kExitOk;
  } catch (const services::ServiceError& e) {
    return failed(e);
  }
}

}  // namespace regua::app
