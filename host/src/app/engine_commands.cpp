// `regua policy check`, `regua run` and `regua explain`: the policy engine from the
// command line.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <iostream>
#include <sstream>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Stringifier.h>
#include <regua/utf8.hpp>

#include "app/cli.hpp"
#include "app/cli_values.hpp"
#include "app/workspace.hpp"
#include "common/clock_time.hpp"
#include "common/office_time.hpp"
#include "common/words.hpp"
#include "config/diagnostics.hpp"
#include "engine/policy_checks.hpp"
#include "services/client_history.hpp"
#include "services/collection_service.hpp"
#include "services/daily_cycle.hpp"
#include "services/dashboard.hpp"
#include "services/delinquency.hpp"
#include "services/demo_office.hpp"
#include "services/effectiveness.hpp"
#include "services/explain.hpp"
#include "services/json_views.hpp"
#include "services/preview_json.hpp"
#include "services/source_sync.hpp"

namespace regua::app {

namespace {

// The office's local time of day in minutes, or --at HH:MM.
std::optional<int> minuteOfDay(const Invocation& invocation) {
  if (auto at = invocation.option("--at")) {
    if (auto minute = parseClockMinutes(*at); minute && *minute < 24 * 60) return minute;
    std::cerr << "regua: hora inválida em --at '" << *at << "'; use HH:MM\n";
    return std::nullopt;
  }
  return services::localNow().minuteOfDay;
}

}  // namespace

int runPolicyCheck(const Invocation& invocation) {
  setupLogging("error");
  Workspace ws;
  if (auto code = openWorkspace(invocation, {.store = false, .plugins = true}, ws)) return *code;
  config::PolicyContext context = engine::pluginChecks(*ws.plugins, true);
  std::vector<std::filesystem::path> files(invocation.args.begin(), invocation.args.end());
  try {
    const auto policies = config::loadPolicies(files, context);
    std::size_t actions = 0;
    for (const auto& p : policies.policies()) {
      for (const auto& s : p.stages) actions += s.actions.size();
    }
    std::cout << files.size() << (files.size() == 1 ? " arquivo ok: " : " arquivos ok: ") << policies.policies().size()
              << (policies.policies().size() == 1 ? " política, " : " políticas, ") << policies.stageCount()
              << " estágios, " << actions << " ações\n";
    return kExitOk;
  } catch (const config::ConfigError& e) {
    std::cerr << e.what() << "\n";
    std::cerr << e.diagnostics().size() << (e.diagnostics().size() == 1 ? " erro\n" : " erros\n");
    return kExitFailure;
  }
}

namespace {

// The dry run: each intent the day would run, streamed as the cycle decides it (text
// columns or JSON items), so a large office's preview never sits in memory.
std::string describe(const services::ReviewDecision& d) {
  switch (d.kind) {
    case services::ReviewDecision::Kind::kBreakAgreement:
      return "quebrar o acordo #" + std::to_string(d.agreement->id) + " de " + d.clientName + ": " + d.reason;
    case services::ReviewDecision::Kind::kPromiseKept:
      return d.clientName + ": " + d.reason;
    case services::ReviewDecision::Kind::kPromiseBroken:
      return d.clientName + ": " + d.reason + "; a cobrança recomeça (estágio " + config::kPromiseBroken + ")";
  }
  return d.reason;
}

int printPreview(services::DailyCycle& cycle, const config::PolicySet& policies, Date asOf, bool json) {
  if (json) {  // the API's document (GET /api/v1/runs/{date}/preview)
    services::writePreviewJson(cycle, policies, asOf, {}, [](const std::string& chunk) {
      std::cout.write(chunk.data(), static_cast<std::streamsize>(chunk.size()));
      return true;
    });
    std::cout << "\n";
    return kExitOk;
  }
  const auto review = cycle.reviewAhead(policies, asOf);
  std::cout << "Simulação para " << asOf.br() << " (nada foi gravado)\n";
  if (!review.empty()) std::cout << "Antes da régua, a execução real vai:\n";
  for (const auto& d : review) std::cout << "  " << describe(d) << "\n";
  std::cout << column("CLIENTE", 30) << column("TÍTULO", 14) << column("ESTÁGIO", 16) << column("AÇÃO", 17)
            << column("CANAL", 10) << "VALOR HOJE\n";
  std::string lines;  // written in 64 KiB chunks
  auto flushLines = [&] {
    std::cout.write(lines.data(), static_cast<std::streamsize>(lines.size()));
    lines.clear();
  };
  auto list = [&](const engine::PlannedIntent& p) {
    if (p.intent.state != store::IntentState::kPending) return;
    lines += column(utf8::prefix(p.facts->clientName, 28), 30);
    lines += column(p.facts->receivableExternalId, 14);
    lines += column(p.intent.stageId, 16);
    lines += column(p.intent.action, 17);
    lines += column(p.intent.channel.empty() ? "-" : p.intent.channel, 10);
    lines += p.amountToday.toBrl();
    lines += '\n';
    if (lines.size() > (1 << 16)) flushLines();
  };
  const auto plan = cycle.preview(policies, asOf, list);
  flushLines();
  std::cout << plan.toRun << " ações a executar, " << plan.toSkip << " estágios a pular (catch-up); "
            << plan.receivables << " títulos em aberto de " << plan.clients << " clientes avaliados";
  if (plan.ungoverned > 0) std::cout << "; " << plan.ungoverned << " sem política";
  std::cout << "\n";
  return kExitOk;
}

void printCycleText(const services::CycleReport& r, bool hasTaskSinks) {
  for (const auto& line : services::describe(r, hasTaskSinks)) std::cout << line << "\n";
}

}  // namespace

int runEngineRun(const Invocation& invocation) {
  setupLogging("warning");
  const auto asOf = asOfOrReport(invocation);
  if (!asOf) return kExitUsage;
  const auto minute = minuteOfDay(invocation);
  if (!minute) return kExitUsage;
  const bool json = invocation.flag("--json");
  const bool dryRun = invocation.flag("--dry-run");
  Workspace ws;
  if (auto code = openWorkspace(invocation, {.store = true, .createStore = !dryRun, .plugins = true, .policies = true}, ws)) {
    return *code;
  }
  services::DailyCycle cycle(*ws.db, ws.storeUrl, ws.config, *ws.calendar, *ws.plugins);
  if (dryRun) return printPreview(cycle, ws.policies, *asOf, json);

  const auto report = cycle.run(ws.policies, *asOf, *minute);
  if (!report) {
    std::cerr << "regua: " << ws.db->engineLockHolder() << " está rodando a régua em " << ws.db->maskedUrl()
              << "; o SQLite admite um só processo escrevendo: espere ele terminar e rode de novo (a simulação "
                 "--dry-run funciona mesmo assim). Para vários hosts dividirem o dia, use PostgreSQL\n";
    return kExitFailure;
  }
  if (json) {
    services::toJson(*report)->stringify(std::cout, 2);
    std::cout << "\n";
  } else {
    printCycleText(*report, !ws.plugins->taskSinks().empty());
  }
  return report->sent.failed > 0 ? kExitFailure : kExitOk;
}

int runStatus(const Invocation& invocation) {
  setupLogging("warning");
  const auto asOf = asOfOrReport(invocation);
  if (!asOf) return kExitUsage;
  Workspace ws;
  if (auto code = openWorkspace(invocation, {.store = true}, ws)) return *code;
  const auto status = services::dispatchStatus(*ws.db, *asOf);
  if (invocation.flag("--json")) {
    services::toJson(status)->stringify(std::cout, 2);
    std::cout << "\n";
    return kExitOk;
  }
  for (const auto& line : services::describe(status)) std::cout << line << "\n";
  return kExitOk;
}

int runSync(const Invocation& invocation) {
  setupLogging("warning");
  Workspace ws;
  // Policies (when there are any) give the penalties that split each payment.
  if (auto code = openWorkspace(invocation,
                                {.store = true, .createStore = true, .plugins = true, .policies = true, .policiesIfAny = true},
                                ws)) {
    return *code;
  }
  const auto sources = ws.plugins->sources();
  if (sources.empty()) {
    std::cerr << "regua: nenhuma fonte configurada; acrescente um conector de origem (ex.: csv) em 'connectors' de "
              << ws.config.file.string() << "\n";
    return kExitConfig;
  }
  const auto round = services::syncSources(*ws.db, *ws.plugins, ws.policies.policies().empty() ? nullptr : &ws.policies,
                                           ws.config);
  int exit = kExitOk;
  for (const auto& report : round.sources) {
    if (report.ok) {
      std::cout << services::describe(report) << "\n";
    } else {
      std::cerr << "regua: " << services::describe(report) << "\nCorrija as linhas acima e rode 'regua sync' de novo.\n";
      exit = kExitFailure;
    }
  }
  for (const auto& file : round.folders) {
    if (file.refused || file.movedTo.empty()) {
      std::cerr << "regua: " << services::describe(file) << "\n";
      exit = kExitFailure;
    } else {
      std::cout << services::describe(file) << "\n";
    }
  }
  // Settlements closed tasks: the task tools heard of it, unless a run is going on (it will).
  if (round.tasks && !ws.plugins->taskSinks().empty()) std::cout << engine::describe(*round.tasks) << "\n";
  return exit;
}

namespace {
// A CSV field: quoted when it holds the separator, a quote or a line break.
std::string csvField(const std::string& value) {
  if (value.find_first_of(";\"\n\r") == std::string::npos) return value;
  std::string out = "\"";
  for (char c : value) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}
std::string decimal(Money m) {  // 1234,56 — what spreadsheets in pt-BR read as a number
  const auto c = m.centavos();
  return std::to_string(c / 100) + "," + (c % 100 < 10 ? "0" : "") + std::to_string(c % 100);
}
}  // namespace

int runReportDelinquents(const Invocation& invocation) {
  setupLogging("warning");
  const auto asOf = asOfOrReport(invocation);
  if (!asOf) return kExitUsage;
  Workspace ws;
  if (auto code = openWorkspace(invocation, {.store = true, .plugins = true, .policies = true}, ws)) return *code;
  const auto rows = services::delinquents(*ws.db, ws.policies, *ws.calendar, ws.config.city, *ws.quoter, *asOf);
  if (invocation.flag("--csv")) {
    std::cout << "cliente;nome;titulos;total_vencido;total_atualizado;vencimento_mais_antigo;dias_atraso;faixa;"
                 "ultimo_estagio;responsavel\n";
    for (const auto& r : rows) {
      std::cout << csvField(r.clientId) << ';' << csvField(r.name) << ';' << r.items << ';' << decimal(r.overdue) << ';'
                << decimal(r.updated) << ';' << r.oldestDue.br() << ';' << r.daysLate << ';' << r.bucket << ';'
                << csvField(r.lastStage) << ';' << csvField(r.responsible) << "\n";
    }
    return kExitOk;
  }
  std::cout << "Inadimplência em " << asOf->br() << " (mais antigos primeiro)\n";
  std::cout << column("CLIENTE", 30) << column("TÍT.", 5) << column("VENCIDO", 14) << column("ATUALIZADO", 14)
            << column("DESDE", 12) << column("DIAS", 6) << column("FAIXA", 7) << column("ÚLTIMO ESTÁGIO", 16)
            << "RESPONSÁVEL\n";
  Money overdue, updated;
  for (const auto& r : rows) {
    std::cout << column(utf8::prefix(r.name, 28), 30) << column(std::to_string(r.items), 5) << column(r.overdue.toBrl(), 14)
              << column(r.updated.toBrl(), 14) << column(r.oldestDue.br(), 12) << column(std::to_string(r.daysLate), 6)
              << column(r.bucket, 7) << column(r.lastStage.empty() ? "-" : r.lastStage, 16)
              << (r.responsible.empty() ? "-" : r.responsible) << "\n";
    overdue += r.overdue;
    updated += r.updated;
  }
  std::cout << rows.size() << " clientes em atraso; vencido " << overdue.toBrl() << ", atualizado " << updated.toBrl()
            << "\n";
  return kExitOk;
}

namespace {

std::string percentOf(int part, int whole) {
  if (whole == 0) return "-";
  const int tenths = (part * 1000 + whole / 2) / whole;
  return std::to_string(tenths / 10) + "," + std::to_string(tenths % 10) + "%";
}

std::string daysText(const std::optional<double>& days) {
  if (!days) return "-";
  const long tenths = std::lround(*days * 10);
  return std::to_string(tenths / 10) + (tenths % 10 != 0 ? "," + std::to_string(tenths % 10) : "");
}

}  // namespace

int runReportEffectiveness(const Invocation& invocation) {
  setupLogging("warning");
  const auto to = dateOrReport(invocation, "--to", services::localNow().day);
  if (!to) return kExitUsage;
  const auto from = dateOrReport(invocation, "--from", to->plusDays(-90));
  if (!from) return kExitUsage;
  if (*from > *to) {
    std::cerr << "regua: --from (" << from->br() << ") depois de --to (" << to->br() << ")\n";
    return kExitUsage;
  }
  Workspace ws;
  if (auto code = openWorkspace(invocation, {.store = true}, ws)) return *code;
  const auto report = services::effectiveness(*ws.db, *from, *to);
  if (invocation.flag("--csv")) {
    std::cout << "politica;estagio;canal;modelo;titulos;pagos_3_dias;pagos_7_dias;pagos_15_dias;pagos;mediana_dias\n";
    for (const auto& r : report.rows) {
      std::cout << csvField(r.policyId) << ';' << csvField(r.stageId) << ';' << r.channel << ';' << csvField(r.templateName)
                << ';' << r.receivables << ';' << r.paidWithin3 << ';' << r.paidWithin7 << ';' << r.paidWithin15 << ';'
                << r.paid << ';' << (r.medianDays ? daysText(r.medianDays) : "") << "\n";
    }
    return kExitOk;
  }
  std::cout << "Eficácia das mensagens enviadas de " << from->br() << " a " << to->br() << "\n";
  std::cout << column("ESTÁGIO", 22) << column("CANAL", 9) << column("MODELO", 18) << column("TÍTULOS", 9)
            << column("3 DIAS", 9) << column("7 DIAS", 9) << column("15 DIAS", 9) << column("PAGOS", 9) << "MEDIANA (DIAS)\n";
  for (const auto& r : report.rows) {
    std::cout << column(utf8::prefix(r.policyId + "/" + r.stageId, 21), 22) << column(r.channel, 9)
              << column(r.templateName.empty() ? "-" : utf8::prefix(r.templateName, 17), 18)
              << column(std::to_string(r.receivables), 9) << column(percentOf(r.paidWithin3, r.receivables), 9)
              << column(percentOf(r.paidWithin7, r.receivables), 9) << column(percentOf(r.paidWithin15, r.receivables), 9)
              << column(std::to_string(r.paid), 9) << daysText(r.medianDays) << "\n";
  }
  if (report.rows.empty()) std::cout << "Nenhuma mensagem enviada no período.\n";
  std::cout << "Como contamos: " << services::effectivenessMethod() << "\n";
  return kExitOk;
}

// The dashboard's numbers (services::dashboard): what the office page shows at the top.
int runReportDashboard(const Invocation& invocation) {
  setupLogging("warning");
  const auto asOf = dateOrReport(invocation, "--as-of", services::localNow().day);
  if (!asOf) return kExitUsage;
  std::optional<Date> from, to;
  for (auto [name, day] : {std::pair{"--from", &from}, std::pair{"--to", &to}}) {
    if (!invocation.option(name)) continue;
    *day = dateOrReport(invocation, name, *asOf);
    if (!*day) return kExitUsage;
  }
  Workspace ws;
  if (auto code = openWorkspace(invocation, {.store = true, .plugins = true, .policies = true}, ws)) return *code;
  services::Dashboard d;
  try {
    d = services::dashboard(*ws.db, ws.policies, *ws.calendar, ws.config.city, *ws.quoter, *asOf, from, to);
  } catch (const services::ServiceError& e) {
    std::cerr << "regua: " << e.what() << "\n";
    return kExitUsage;
  }
  if (invocation.flag("--json")) {
    services::toJson(d)->stringify(std::cout, 2);
    std::cout << "\n";
    return kExitOk;
  }
  std::cout << "Painel em " << d.asOf.br() << " (período de " << d.from.br() << " a " << d.to.br() << ")\n"
            << "Vencido: " << d.overdue.toBrl() << " em " << d.overdueItems << " títulos de " << d.overdueClients
            << " clientes; atualizado hoje: " << d.updated.toBrl() << "\n"
            << "Recebido no mês: " << d.receivedThisMonth.toBrl() << "\n"
            << "Inadimplência do período: " << d.delinquency.percent() << " (" << d.delinquency.part.toBrl() << " de "
            << d.delinquency.whole.toBrl() << ")\n"
            << "Recuperado: " << d.recovered.percent() << " (" << d.recovered.part.toBrl() << " de "
            << d.recovered.whole.toBrl() << ")\n"
            << "Faixas de atraso:";
  for (const auto& b : d.aging) std::cout << "  " << b.bucket << " dias: " << b.amount.toBrl() << " (" << b.items << ")";
  std::cout << "\nInadimplência mês a mês:";
  for (const auto& m : d.months) std::cout << "  " << (m.month < 10 ? "0" : "") << m.month << "/" << m.year << " " << m.delinquency.percent();
  std::cout << "\n" << services::delinquencyDefinition() << "\n" << services::recoveredDefinition() << "\n";
  return kExitOk;
}

// Demo and benchmark data: clients with valid documents and monthly receivables around
// the as-of date, some paid, some late, written through the store's bulk paths.
int runGenerate(const Invocation& invocation) {
  setupLogging("warning");
  auto count = [&](const char* name, long fallback) -> long {
    const auto text = invocation.option(name);
    if (!text) return fallback;
    if (text->empty() || text->size() > 9 || text->find_first_not_of("0123456789") != std::string::npos) return -1;
    return std::stol(*text);
  };
  const long clientCount = count("--clients", 1000), receivableCount = count("--receivables", 10000);
  if (clientCount <= 0 || receivableCount < 0) {
    std::cerr << "regua: --clients e --receivables são números inteiros (clientes > 0)\n";
    return kExitUsage;
  }
  const auto asOf = asOfOrReport(invocation);
  if (!asOf) return kExitUsage;
  Workspace ws;
  if (auto code = openWorkspace(invocation, {.store = true, .createStore = true}, ws)) return *code;
  const auto started = std::chrono::steady_clock::now();
  services::generateOffice(*ws.db, clientCount, receivableCount, *asOf, invocation.option("--source").value_or("gerado"));
  const auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::cout << "gerados " << clientCount << " clientes e " << receivableCount << " títulos em " << ws.db->maskedUrl()
            << " (" << static_cast<long>(seconds * 1000) << " ms)\n";
  return kExitOk;
}

int runExplain(const Invocation& invocation) {
  setupLogging("warning");
  const auto asOf = asOfOrReport(invocation);
  if (!asOf) return kExitUsage;
  Workspace ws;
  if (auto code = openWorkspace(invocation, {.store = true, .plugins = false, .policies = true}, ws)) return *code;
  const std::string& wanted = invocation.args.at(0);
  const auto result =
      services::explainReceivable(*ws.db, ws.policies, *ws.calendar, ws.config, *ws.quoter, wanted, *asOf);
  if (result.matches > 1) {
    std::cerr << "regua: há " << result.matches << " títulos com o id externo '" << wanted
              << "' (de fontes diferentes); use o id interno\n";
    return kExitUsage;
  }
  const auto& explained = result.explanation;
  if (!explained) {
    std::cerr << "regua: título '" << wanted << "' não encontrado; use o id do título na origem ou o id interno\n";
    return kExitFailure;
  }
  if (invocation.flag("--json")) {
    services::toJson(*explained, *asOf)->stringify(std::cout, 2);
    std::cout << "\n";
    return kExitOk;
  }
  const auto& f = explained->facts;
  const auto& e = explained->evaluation;
  std::cout << "Título " << f.receivableExternalId << " (id " << f.receivableId << ") de " << f.clientName << ": "
            << f.open.toBrl() << " em aberto de " << f.amount.toBrl() << ", vence " << f.dueDate.br()
            << " (efetivo " << e.effectiveDue.br() << "), " << domain::describe(explained->status) << "\n";
  if (e.policy == nullptr) {
    std::cout << "Nenhuma política se aplica: marque uma como 'default: true' ou inclua o segmento do cliente\n";
    return kExitOk;
  }
  std::cout << "Política " << e.policy->id << " (" << e.policy->file.filename().string() << "), em " << asOf->br()
            << ": " << counted(e.daysLate, "dia", "dias") << " de atraso\n";
  if (e.stages.empty()) {
    std::cout << "O título não está em cobrança (" << domain::describe(explained->status) << "): nada dispara\n";
  }
  bool supersededByCatchUp = false;
  std::size_t stageWidth = 14;
  for (const auto& d : e.stages) stageWidth = std::max(stageWidth, utf8::length(d.stage->id) + 2);
  for (const auto& d : e.stages) {
    std::cout << "  " << column(d.stage->id, stageWidth) << column(d.stage->offsetText(), 8) << column(d.day.br(), 12)
              << column(engine::toString(d.verdict), 15) << d.why << "\n";
    supersededByCatchUp = supersededByCatchUp || d.why.find("(catch-up)") != std::string::npos;
  }
  if (supersededByCatchUp) {
    std::cout << "Para um estágio disparar mesmo quando um posterior já venceu, marque-o 'catch_up: true'\n";
  }
  if (!explained->recorded.empty()) std::cout << "Ações registradas:\n";
  for (const auto& i : explained->recorded) {
    std::cout << "  " << column(i.stageId, stageWidth) << column(i.action, 16) << column(engine::describe(i.state), 30)
              << "em " << i.forDate.br() << " — " << (i.lastError.empty() ? i.reason : i.lastError) << "\n";
  }
  return kExitOk;
}

// The client's history, newest first: every message (channel, masked address, template,
// content hash, provider id), action, payment and failure — the office's evidence.
int runHistory(const Invocation& invocation) {
  setupLogging("warning");
  Workspace ws;
  if (auto code = openWorkspace(invocation, {.store = true}, ws)) return *code;
  const std::string& wanted = invocation.args.at(0);
  const auto history = services::clientHistory(*ws.db, wanted, invocation.option("--source"));
  if (!history) {
    std::cerr << "regua: cliente '" << wanted << "' não encontrado; use o id na origem (--source NOME) ou o id interno\n";
    return kExitFailure;
  }
  const auto& client = history->client;
  const auto& entries = history->entries;
  if (invocation.flag("--json")) {
    Poco::JSON::Array out;
    for (const auto& e : entries) out.add(services::toJson(e));
    out.stringify(std::cout, 2);
    std::cout << "\n";
    return kExitOk;
  }
  std::cout << "Histórico de " << client.name << " (mais recentes primeiro)\n";
  for (const auto& e : entries) {
    const auto at = parseUtc(e.at);
    std::cout << (at ? formatLocal(*at) : e.at) << "  " << column(services::describeKind(e.kind), 16)
              << column(e.actor, 12) << e.summary << "\n";
  }
  return kExitOk;
}

}  // namespace regua::app
