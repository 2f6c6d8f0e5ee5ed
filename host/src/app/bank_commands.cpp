// `regua import FILE`: a bank file into the store; `regua reconcile list|match|ignore`:
// the office deciding what the bank credits Régua could not tie to a receivable were.
// The rules are services::importBankFile's and services::Reconciliation's.
#include <cstdlib>
#include <iostream>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include "app/cli.hpp"
#include "app/cli_values.hpp"
#include "app/workspace.hpp"
#include "common/office_time.hpp"
#include "common/utc_time.hpp"
#include "common/words.hpp"
#include "engine/plugin_quoter.hpp"
#include "services/collection_service.hpp"
#include "services/bank_import.hpp"
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

void printImport(const services::ImportReport& r, bool dryRun) {
  const auto& s = r.sync;
  std::cout << (dryRun ? "Simulação (nada foi gravado): " : "") << r.name << " (" << r.format << ")\n";
  if (!s.paymentLines.empty()) std::cout << "Pagamentos:\n";
  for (const auto& p : s.paymentLines) {
    std::cout << "  " << column(p.receivable, 14) << column(p.amount.toBrl(), 14) << "pago em " << p.paidDate.br()
              << ", encargos " << p.charges.toBrl() << ", crédito em " << p.creditDate.br()
              << (p.settled ? ", quitado" : ", ainda em aberto") << (p.how.empty() ? "" : " (por " + p.how + ")")
              << "\n";
  }
  if (!s.occurrenceLines.empty()) std::cout << "Ocorrências no histórico:\n";
  for (const auto& line : s.occurrenceLines) std::cout << "  " << line << "\n";
  if (!s.queuedCredits.empty()) std::cout << "Na fila de conciliação (regua reconcile list):\n";
  for (const auto& c : s.queuedCredits) {
    std::cout << "  " << (dryRun ? "" : "#" + std::to_string(c.id) + " ") << c.amount.toBrl() << " em "
              << c.paidDate.br() << " (" << c.origin << "): " << c.reason << "\n";
  }
  std::cout << services::describe(s) << "\n";
}

int failed(const services::ServiceError& e) {
  std::cerr << "regua: " << e.what() << "\n";
  return kExitFailure;
}

}  // namespace

int runImport(const Invocation& invocation) {
  setupLogging("warning");
  services::ImportRequest request;
  request.file = invocation.args.at(0);
  request.format = invocation.option("--format").value_or("");
  request.layout = invocation.option("--bank").value_or("");
  request.dryRun = invocation.flag("--dry-run");
  if (!request.format.empty() && request.format != "cnab240" && request.format != "cnab400" && request.format != "ofx") {
    std::cerr << "regua: --format '" << request.format << "' desconhecido; use cnab240, cnab400 ou ofx\n";
    return kExitUsage;
  }
  Queue q;
  if (auto code = openQueue(invocation, q)) return *code;
  const plugin::HostEnvironment environment = plugin::hostEnvironment(q.ws.config, *q.ws.calendar);
  try {
    const auto report = services::importBankFile(*q.ws.db, q.ws.config, environment, *q.charges, request);
    if (report.earlier) {
      const auto at = parseUtc(report.earlier->importedAt);
      std::cout << report.name << ": este conteúdo já foi importado em "
                << (at ? formatLocal(*at) : report.earlier->importedAt) << " (como " << report.earlier->name
                << "); nada a fazer\n";
      return kExitOk;
    }
    if (!report.sync.ok) {
      std::cerr << "regua: " << services::describe(report.sync) << "\nNada foi importado; corrija o arquivo (ou peça "
                << "outro ao banco) e importe de novo.\n";
      return kExitFailure;
    }
    if (invocation.flag("--json")) {
      Poco::JSON::Object out(Poco::JSON_PRESERVE_KEY_ORDER);
      out.set("file", report.name);
      out.set("format", report.format);
      out.set("sha256", report.sha256);
      out.set("dry_run", request.dryRun);
      Poco::JSON::Array::Ptr payments = new Poco::JSON::Array, occurrences = new Poco::JSON::Array,
                             queued = new Poco::JSON::Array;
      for (const auto& p : report.sync.paymentLines) payments->add(services::toJson(p));
      for (const auto& o : report.sync.occurrenceLines) occurrences->add(o);
      for (const auto& c : report.sync.queuedCredits) queued->add(services::toJson(services::QueuedCredit{c, {}}));
      out.set("payments", payments);
      out.set("occurrences", occurrences);
      out.set("queued", queued);
      out.set("summary", services::describe(report.sync));
      out.stringify(std::cout, 2);
      std::cout << "\n";
      return kExitOk;
    }
    printImport(report, request.dryRun);
    return kExitOk;
  } catch (const services::ServiceError& e) {
    return failed(e);
  }
}

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
