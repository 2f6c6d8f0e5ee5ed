// `regua policy check`, `regua run` and `regua explain`: the policy engine from the
// command line.
#include <ctime>
#include <iostream>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include "app/cli.hpp"
#include "app/cli_values.hpp"
#include "app/workspace.hpp"
#include "config/diagnostics.hpp"
#include "engine/dispatcher.hpp"
#include "engine/source_sync.hpp"
#include "plugin/plugin_instance.hpp"
#include "store/receivable_repository.hpp"

namespace regua::app {

namespace {

// --as-of DATE (required by the engine's commands), or an exit code.
std::optional<Date> asOfOrReport(const Invocation& invocation) {
  const auto text = invocation.option("--as-of");
  if (!text) {
    std::cerr << "regua: falta --as-of DATA (o dia para o qual a régua roda, AAAA-MM-DD ou DD/MM/AAAA)\n";
    return std::nullopt;
  }
  auto date = parseUserDate(*text);
  if (!date) std::cerr << "regua: data inválida em --as-of '" << *text << "'; use AAAA-MM-DD ou DD/MM/AAAA\n";
  return date;
}

// The office's local time of day in minutes, or --at HH:MM.
std::optional<int> minuteOfDay(const Invocation& invocation) {
  if (auto at = invocation.option("--at")) {
    if (at->size() == 5 && (*at)[2] == ':' && std::isdigit(static_cast<unsigned char>((*at)[0])) &&
        std::isdigit(static_cast<unsigned char>((*at)[1])) && std::isdigit(static_cast<unsigned char>((*at)[3])) &&
        std::isdigit(static_cast<unsigned char>((*at)[4]))) {
      const int h = std::stoi(at->substr(0, 2)), m = std::stoi(at->substr(3, 2));
      if (h < 24 && m < 60) return h * 60 + m;
    }
    std::cerr << "regua: hora inválida em --at '" << *at << "'; use HH:MM\n";
    return std::nullopt;
  }
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  return local.tm_hour * 60 + local.tm_min;
}

}  // namespace

int runPolicyCheck(const Invocation& invocation) {
  setupLogging("error");
  Workspace ws;
  if (auto code = openWorkspace(invocation, {.store = false, .plugins = true}, ws)) return *code;
  engine::PolicyContext context;
  context.knownActions = ws.plugins->actionNames();
  context.knownActions.insert(engine::builtinActions().begin(), engine::builtinActions().end());
  context.templatesDir = ws.config.templatesDir;
  std::vector<std::filesystem::path> files(invocation.args.begin(), invocation.args.end());
  try {
    const auto policies = engine::loadPolicies(files, context);
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

int runEngineRun(const Invocation& invocation) {
  setupLogging("warning");
  const auto asOf = asOfOrReport(invocation);
  if (!asOf) return kExitUsage;
  const auto minute = minuteOfDay(invocation);
  if (!minute) return kExitUsage;
  const bool dryRun = invocation.flag("--dry-run"), json = invocation.flag("--json");
  Workspace ws;
  if (auto code = openWorkspace(invocation, {.store = true, .plugins = true, .policies = true}, ws)) return *code;

  engine::Cycle cycle(*ws.db, ws.policies, *ws.calendar, ws.config.city, ws.config.profile, *ws.quoter);
  Poco::JSON::Array listed;
  std::vector<std::string> lines;
  try {
    const auto plan = cycle.plan(*asOf, !dryRun, ws.storeUrl, [&](const engine::PlannedIntent& p) {
      if (!dryRun || p.intent.state != "pending") return;
      if (json) {
        Poco::JSON::Object item(Poco::JSON_PRESERVE_KEY_ORDER);
        item.set("client", p.facts->clientExternalId);
        item.set("client_name", p.facts->clientName);
        item.set("receivable", p.facts->receivableExternalId);
        item.set("due_date", p.facts->dueDate.iso());
        item.set("days_late", p.daysLate);
        item.set("policy", p.intent.policyId);
        item.set("stage", p.intent.stageId);
        item.set("action", p.intent.action);
        item.set("channel", p.intent.channel);
        item.set("amount_today", p.amountToday.centavos());
        item.set("reason", p.intent.reason);
        listed.add(item);
      } else {
        lines.push_back(column(p.facts->clientName.substr(0, 28), 30) + column(p.facts->receivableExternalId, 14) +
                        column(p.intent.stageId, 16) + column(p.intent.action, 14) +
                        column(p.intent.channel.empty() ? "-" : p.intent.channel, 10) + p.amountToday.toBrl());
      }
    });
    if (dryRun) {
      if (json) {
        Poco::JSON::Object out(Poco::JSON_PRESERVE_KEY_ORDER);
        out.set("as_of", asOf->iso());
        out.set("receivables", plan.receivables);
        out.set("intents", listed);
        out.set("skipped", plan.toSkip);
        out.stringify(std::cout, 2);
        std::cout << "\n";
      } else {
        std::cout << "Simulação para " << asOf->br() << " (nada foi gravado)\n";
        std::cout << column("CLIENTE", 30) << column("TÍTULO", 14) << column("ESTÁGIO", 16) << column("AÇÃO", 14)
                  << column("CANAL", 10) << "VALOR HOJE\n";
        for (const auto& line : lines) std::cout << line << "\n";
        std::cout << plan.toRun << " ações a executar, " << plan.toSkip << " estágios a pular (catch-up); "
                  << plan.receivables << " títulos em aberto de " << plan.clients << " clientes avaliados";
        if (plan.ungoverned > 0) std::cout << "; " << plan.ungoverned << " sem política";
        std::cout << "\n";
      }
      return kExitOk;
    }
    engine::Dispatcher dispatcher(*ws.db, ws.policies, *ws.calendar, ws.config.city, *ws.plugins);
    engine::DispatchOptions options;
    options.asOf = *asOf;
    options.minuteOfDay = *minute;
    options.maxAttempts = ws.config.maxAttempts;
    options.backoffSeconds = ws.config.backoffSeconds;
    const auto sent = dispatcher.run(options);
    if (json) {
      Poco::JSON::Object out(Poco::JSON_PRESERVE_KEY_ORDER);
      out.set("as_of", asOf->iso());
      out.set("created", plan.created);
      out.set("sent", sent.done);
      out.set("calls", sent.calls);
      out.set("waiting", sent.waiting);
      out.set("retrying", sent.retrying);
      out.set("failed", sent.failed);
      out.set("skipped", plan.toSkip);
      out.set("cancelled", sent.cancelled);
      out.stringify(std::cout, 2);
      std::cout << "\n";
    } else {
      std::cout << "Régua de " << asOf->br() << ": " << plan.created << " criadas, " << sent.done << " executadas ("
                << sent.calls << " envios), " << sent.waiting << " aguardando, " << sent.retrying
                << " a tentar de novo, " << sent.failed << " falharam, " << plan.toSkip << " puladas, "
                << sent.cancelled << " canceladas\n";
    }
    return sent.failed > 0 ? kExitFailure : kExitOk;
  } catch (const store::StoreError& e) {
    std::cerr << "regua: " << e.what() << "\n";
    return kExitFailure;
  }
}

int runSync(const Invocation& invocation) {
  setupLogging("warning");
  Workspace ws;
  if (auto code = openWorkspace(invocation, {.store = true, .plugins = true}, ws)) return *code;
  const auto sources = ws.plugins->sources();
  if (sources.empty()) {
    std::cerr << "regua: nenhuma fonte configurada; acrescente um conector de origem (ex.: csv) em 'connectors' de "
              << ws.config.file.string() << "\n";
    return kExitConfig;
  }
  // Payments are applied without charges until a quote plugin computes them (issue 5).
  domain::NoCharges charges;
  engine::SourceSync sync(*ws.db, charges);
  int exit = kExitOk;
  for (auto* source : sources) {
    const auto report = sync.run(*source);
    if (!report.ok) {
      std::cerr << "regua: fonte " << report.source << ": nada importado; " << report.errors.size()
                << (report.errors.size() == 1 ? " problema:\n" : " problemas:\n");
      for (const auto& e : report.errors) std::cerr << "  " << e << "\n";
      std::cerr << "Corrija as linhas acima e rode 'regua sync' de novo.\n";
      exit = kExitFailure;
      continue;
    }
    if (report.unchanged) {
      std::cout << "fonte " << report.source << ": nada novo desde a última sincronização\n";
      continue;
    }
    std::cout << "fonte " << report.source << ": " << report.clients << " clientes, " << report.receivables
              << " títulos, " << report.payments << " pagamentos novos (" << report.settled << " títulos quitados, "
              << report.cancelledIntents << " ações pendentes canceladas)\n";
  }
  return exit;
}

int runExplain(const Invocation& invocation) {
  setupLogging("warning");
  const auto asOf = asOfOrReport(invocation);
  if (!asOf) return kExitUsage;
  Workspace ws;
  if (auto code = openWorkspace(invocation, {.store = true, .plugins = false, .policies = true}, ws)) return *code;
  const std::string& wanted = invocation.args.at(0);
  try {
    store::ReceivableRepository receivables(*ws.db);
    std::vector<std::int64_t> ids = receivables.idsByExternalId(wanted);
    if (ids.empty() && wanted.find_first_not_of("0123456789") == std::string::npos && wanted.size() < 18) {
      ids.push_back(std::stoll(wanted));
    }
    if (ids.size() > 1) {
      std::cerr << "regua: há " << ids.size() << " títulos com o id externo '" << wanted
                << "' (de fontes diferentes); use o id interno\n";
      return kExitUsage;
    }
    engine::Cycle cycle(*ws.db, ws.policies, *ws.calendar, ws.config.city, ws.config.profile, *ws.quoter);
    const auto explained = ids.empty() ? std::nullopt : cycle.explain(ids.front(), *asOf);
    if (!explained) {
      std::cerr << "regua: título '" << wanted << "' não encontrado; use o id do título na origem ou o id interno\n";
      return kExitFailure;
    }
    const auto& f = explained->facts;
    const auto& e = explained->evaluation;
    std::cout << "Título " << f.receivableExternalId << " (id " << f.receivableId << ") de " << f.clientName << ": "
              << f.open.toBrl() << " em aberto de " << f.amount.toBrl() << ", vence " << f.dueDate.br()
              << " (efetivo " << e.effectiveDue.br() << "), situação " << explained->status << "\n";
    if (e.policy == nullptr) {
      std::cout << "Nenhuma política se aplica: marque uma como 'default: true' ou inclua o segmento do cliente\n";
      return kExitOk;
    }
    std::cout << "Política " << e.policy->id << " (" << e.policy->file.filename().string() << "), em " << asOf->br()
              << ": " << e.daysLate << " dias de atraso\n";
    if (e.stages.empty()) std::cout << "O título não está em cobrança (" << explained->status << "): nada dispara\n";
    for (const auto& d : e.stages) {
      std::cout << "  " << column(d.stage->id, 14) << column(d.stage->offsetText(), 12) << column(d.day.br(), 12)
                << column(engine::toString(d.verdict), 15) << d.why << "\n";
    }
    if (!explained->recorded.empty()) std::cout << "Registradas:\n";
    for (const auto& i : explained->recorded) {
      std::cout << "  " << column(i.stageId, 14) << column(i.action, 16) << column(i.state, 11)
                << "em " << i.forDate.br() << " — " << (i.lastError.empty() ? i.reason : i.lastError) << "\n";
    }
    return kExitOk;
  } catch (const store::StoreError& e) {
    std::cerr << "regua: " << e.what() << "\n";
    return kExitFailure;
  }
}

}  // namespace regua::app
