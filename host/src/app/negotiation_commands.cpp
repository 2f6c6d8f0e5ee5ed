// `regua agreement offers|propose|accept|cancel|list` and `regua promise`: the finance
// staff negotiating with a late client. The rules are services::NegotiationService's.
#include <iostream>
#include <sstream>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include "app/cli.hpp"
#include "app/cli_values.hpp"
#include "app/workspace.hpp"
#include "services/collection_service.hpp"
#include "services/json_views.hpp"
#include "services/negotiation_service.hpp"
#include "engine/plugin_quoter.hpp"
#include "store/client_repository.hpp"

namespace regua::app {

namespace {

// The service over an open workspace, with the charges of the penalties plugin.
struct Negotiation {
  Workspace ws;
  std::unique_ptr<domain::ChargeCalculator> charges;
  std::optional<services::NegotiationService> service;
};

std::optional<int> openNegotiation(const Invocation& invocation, Negotiation& out) {
  if (auto code = openWorkspace(invocation, {.store = true, .plugins = true, .policies = true}, out.ws)) return code;
  out.charges = engine::makeCharges(*out.ws.plugins, &out.ws.policies, *out.ws.db, out.ws.config.city);
  out.service.emplace(*out.ws.db, out.ws.policies, *out.ws.calendar, out.ws.config.city, *out.charges);
  return std::nullopt;
}

// --NAME DATE, or `fallback` (today) when absent; nothing (after saying why) when invalid.
std::optional<Date> dateOr(const Invocation& invocation, const char* name, Date fallback) {
  const auto text = invocation.option(name);
  if (!text) return fallback;
  auto date = parseUserDate(*text);
  if (!date) std::cerr << "regua: data inválida em " << name << " '" << *text << "'; use AAAA-MM-DD ou DD/MM/AAAA\n";
  return date;
}

std::optional<Money> moneyOr(const Invocation& invocation, const char* name) {
  const auto text = invocation.option(name);
  if (!text) return Money();
  auto money = Money::parse(*text, MoneyFormat::kText);
  if (!money || *money < Money()) {
    std::cerr << "regua: valor inválido em " << name << " '" << *text << "'; use 1000.00, 1000,00 ou 1.000,00\n";
    return std::nullopt;
  }
  return money;
}

std::optional<std::int64_t> agreementId(const std::string& text) {
  try {
    std::size_t used = 0;
    const long long id = std::stoll(text, &used);
    if (used == text.size() && id > 0) return id;
  } catch (const std::exception&) {
  }
  std::cerr << "regua: '" << text << "' não é o número de um acordo; veja-os com regua agreement list\n";
  return std::nullopt;
}

void printSchedule(const store::Agreement& a) {
  const int first = a.down > Money() ? 1 : 0;
  for (const auto& i : a.schedule) {
    const std::string label = i.down ? "entrada" : std::to_string(i.number - first) + "/" + std::to_string(a.installments);
    std::cout << "  " << column(label, 9) << column(i.dueDate.br(), 12) << i.amount.toBrl() << "\n";
  }
}

}  // namespace

int runAgreementOffers(const Invocation& invocation) {
  setupLogging("warning");
  const auto asOf = dateOr(invocation, "--as-of", services::localNow().day);
  if (!asOf) return kExitUsage;
  Negotiation n;
  if (auto code = openNegotiation(invocation, n)) return *code;
  const auto debt = n.service->debtOf(invocation.args[0], *asOf);
  const auto offers = n.service->offers(debt);
  if (invocation.flag("--json")) {
    services::toJson(debt, offers)->stringify(std::cout, 2);
    std::cout << "\n";
    return kExitOk;
  }
  std::cout << debt.client.name << " (" << debt.client.externalId << "), dívida vencida em " << asOf->br() << ":\n";
  for (const auto& line : debt.lines) {
    std::cout << "  " << column(line.receivable.externalId, 14) << "venc. " << column(line.receivable.dueDate.br(), 12)
              << column(std::to_string(line.daysLate) + " dias", 10) << line.total().toBrl() << "\n";
  }
  std::cout << "Total " << debt.debt.total().toBrl() << " (principal " << debt.debt.principal.toBrl() << ", multa "
            << debt.debt.fine.toBrl() << ", juros " << debt.debt.interest.toBrl() << ")\n";
  std::cout << "Ofertas (política " << debt.policy->id << ", válidas até "
            << asOf->plusDays(debt.terms.validDays).br() << "):\n";
  for (const auto& o : offers) {
    std::cout << "  " << column(o.planText(), 34);
    if (o.cash()) {
      std::cout << o.total().toBrl() << " em " << o.installments.front().due.br();
      if (o.discount > Money()) std::cout << " (desconto de " << o.discount.toBrl() << ")";
    } else {
      if (o.down > Money()) std::cout << "entrada " << o.down.toBrl() << " + ";
      std::cout << o.count << " x " << o.regular().toBrl() << " = " << o.total().toBrl() << ", 1ª em "
                << o.installments.front().due.br();
    }
    std::cout << "\n";
  }
  std::cout << "Para propor: regua agreement propose " << debt.client.externalId << " --installments N\n";
  return kExitOk;
}

int runAgreementPropose(const Invocation& invocation) {
  setupLogging("warning");
  services::ProposalRequest request;
  const auto asOf = dateOr(invocation, "--as-of", services::localNow().day);
  if (!asOf) return kExitUsage;
  request.asOf = *asOf;
  const auto count = invocation.option("--installments");
  try {
    std::size_t used = 0;
    request.installments = count ? std::stoi(*count, &used) : 0;
    if (!count || used != count->size()) throw std::invalid_argument("");
  } catch (const std::exception&) {
    std::cerr << "regua: falta --installments N (1 = à vista), veio '" << count.value_or("") << "'\n";
    return kExitUsage;
  }
  if (invocation.option("--down")) {
    const auto down = moneyOr(invocation, "--down");
    if (!down) return kExitUsage;
    request.down = *down;
  }
  if (invocation.option("--first-due")) {
    const auto first = dateOr(invocation, "--first-due", *asOf);
    if (!first) return kExitUsage;
    request.firstDue = *first;
  }
  request.approver = invocation.option("--approver").value_or("");
  Negotiation n;
  if (auto code = openNegotiation(invocation, n)) return *code;
  const auto a = n.service->propose(invocation.args[0], request);
  if (invocation.flag("--json")) {
    services::toJson(a, invocation.args[0], nullptr)->stringify(std::cout, 2);
    std::cout << "\n";
    return kExitOk;
  }
  std::cout << "Proposta do acordo #" << a.id << ": dívida " << a.debt.toBrl() << ", total " << a.total.toBrl();
  if (a.discount > Money()) std::cout << " (desconto de " << a.discount.toBrl() << ")";
  std::cout << ", válida até " << a.expiresOn.br() << "\n";
  printSchedule(a);
  if (!a.approvedBy.empty()) std::cout << "Acima dos limites (" << a.beyondLimits << "), aprovada por " << a.approvedBy << "\n";
  std::cout << "Para aceitar: regua agreement accept " << a.id << "\n";
  return kExitOk;
}

namespace {

// accept / cancel: ACORDO [--as-of DATA], one service call, one report.
template <class Change, class Report>
int changeAgreement(const Invocation& invocation, Change change, Report report) {
  setupLogging("warning");
  const auto id = agreementId(invocation.args[0]);
  const auto day = dateOr(invocation, "--as-of", services::localNow().day);
  if (!id || !day) return kExitUsage;
  Negotiation n;
  if (auto code = openNegotiation(invocation, n)) return *code;
  report(change(*n.service, *id, *day), *day);
  return kExitOk;
}

}  // namespace

int runAgreementAccept(const Invocation& invocation) {
  return changeAgreement(
      invocation, [](services::NegotiationService& s, std::int64_t id, Date day) { return s.accept(id, day, "cli"); },
      [](const store::Agreement& a, Date day) {
        std::cout << "Acordo #" << a.id << " aceito em " << day.br() << ": os títulos originais ficam negociados e a "
                  << "régua cobra as parcelas (política " << a.policyId << ")\n";
        printSchedule(a);
      });
}

int runAgreementCancel(const Invocation& invocation) {
  return changeAgreement(
      invocation, [](services::NegotiationService& s, std::int64_t id, Date day) { return s.cancel(id, day, "cli"); },
      [](const store::Agreement& a, Date) {
        std::cout << "Acordo #" << a.id << " " << services::agreementStatusText(a.status) << ": " << a.endReason << "\n";
      });
}

int runAgreementList(const Invocation& invocation) {
  setupLogging("warning");
  Negotiation n;
  if (auto code = openNegotiation(invocation, n)) return *code;
  store::ClientRepository clients(*n.ws.db);
  std::optional<std::int64_t> clientId;
  if (const auto ref = invocation.option("--client")) clientId = n.service->findClient(*ref).id;
  store::AgreementRepository agreements(*n.ws.db);
  const bool json = invocation.flag("--json");
  Poco::JSON::Array out;
  if (!json) {
    std::cout << column("ACORDO", 8) << column("CLIENTE", 14) << column("SITUAÇÃO", 11) << column("PLANO", 10)
              << column("TOTAL", 14) << column("PAGO", 14) << column("EM ABERTO", 14) << "DESDE\n";
  }
  for (const auto& listed : agreements.list(clientId)) {
    const auto a = *agreements.findById(listed.id);
    const auto progress = n.service->progress(a);
    const auto client = clients.findById(a.clientId);
    const std::string ref = client ? client->externalId : std::to_string(a.clientId);
    if (json) {
      out.add(services::toJson(a, ref, &progress));
      continue;
    }
    const std::string plan = (a.down > Money() ? "E+" : "") + std::to_string(a.installments) + "x";
    std::cout << column("#" + std::to_string(a.id), 8) << column(ref, 14) << column(services::agreementStatusText(a.status), 11)
              << column(plan, 10) << column(a.total.toBrl(), 14) << column(progress.paid.toBrl(), 14)
              << column(progress.open.toBrl(), 14) << (a.acceptedOn ? *a.acceptedOn : a.proposedOn).br();
    if (!a.endReason.empty()) std::cout << "  (" << a.endReason << ")";
    std::cout << "\n";
  }
  if (json) {
    out.stringify(std::cout, 2);
    std::cout << "\n";
  }
  return kExitOk;
}

int runPromise(const Invocation& invocation) {
  setupLogging("warning");
  const auto today = dateOr(invocation, "--as-of", services::localNow().day);
  if (!today) return kExitUsage;
  const auto untilText = invocation.option("--until");
  const auto until = untilText ? parseUserDate(*untilText) : std::nullopt;
  if (!until) {
    std::cerr << "regua: falta --until DATA válida (o dia prometido, AAAA-MM-DD ou DD/MM/AAAA)\n";
    return kExitUsage;
  }
  const auto amount = moneyOr(invocation, "--amount");
  if (!amount) return kExitUsage;
  Negotiation n;
  if (auto code = openNegotiation(invocation, n)) return *code;
  const auto p = n.service->promise(invocation.args[0], *until, *amount, *today, "cli");
  std::cout << "Promessa registrada: " << (p.amount > Money() ? p.amount.toBrl() + " " : std::string())
            << "até " << p.until.br() << ". A cobrança pausa até " << p.checkOn.br()
            << "; sem pagamento até lá, a régua dispara o estágio promise_broken.\n";
  return kExitOk;
}

}  // namespace regua::app
