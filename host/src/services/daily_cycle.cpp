#include "services/daily_cycle.hpp"

#include <Poco/JSON/Object.h>

#include "engine/contact_rules.hpp"
#include "engine/events.hpp"
#include "engine/plugin_quoter.hpp"
#include "engine/task_service.hpp"
#include "plugin/plugin_registry.hpp"
#include "common/words.hpp"
#include <thread>

#include "services/client_link.hpp"
#include "store/client_repository.hpp"
#include "store/dispatch_rounds.hpp"
#include "store/receivable_facts.hpp"
#include "store/settings_repository.hpp"
#include "store/task_repository.hpp"

namespace regua::services {

namespace {

constexpr const char* kLastCycleKey = "engine.last_cycle_day";
// How often a host waiting for another's plan looks again.
constexpr auto kWaitForPlan = std::chrono::milliseconds(500);

std::chrono::milliseconds since(std::chrono::steady_clock::time_point from) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - from);
}

}  // namespace

DailyCycle::DailyCycle(store::Database& db, std::string readUrl, const config::HostConfig& config,
                       const calendar::BusinessCalendar& calendar, plugin::PluginRegistry& plugins,
                       engine::CallWatch* watch)
    : db_(db), readUrl_(std::move(readUrl)), config_(config), calendar_(calendar), plugins_(plugins), watch_(watch) {}

std::optional<CycleReport> DailyCycle::run(const config::PolicySet& policies, Date day, int minuteOfDay,
                                           const std::function<bool()>& keepGoing, IfLocked ifLocked) {
  if (const auto lock = db_.tryLockEngine()) return lead(policies, day, minuteOfDay, keepGoing);
  // SQLite has one writer: there is nothing to share.
  if (db_.backend() == store::Backend::kSqlite || ifLocked == IfLocked::kRefuse) return std::nullopt;
  return join(policies, day, minuteOfDay, keepGoing);
}

// Under the engine lock: first the round a host that died left unfinished (a batch is
// never in two open rounds), then review, plan, announce, open the day's round and
// dispatch it with whoever joins, escalate and push the tasks.
CycleReport DailyCycle::lead(const config::PolicySet& policies, Date day, int minuteOfDay,
                             const std::function<bool()>& keepGoing) {
  store::DispatchRoundRepository rounds(db_);
  const std::string host = store::thisHost();
  // On SQLite the lock's holder is the only dispatcher: a lease still held is a dead
  // process's, not worth waiting for.
  if (db_.backend() == store::Backend::kSqlite) rounds.releaseAll();
  CycleReport report;
  report.day = day;
  if (const auto left = rounds.unfinished()) report.sent = dispatchRound(policies, day, minuteOfDay, left->id, keepGoing);
  rounds.setActivity(host, "planejando", std::nullopt, 0);
  // Agreements too late and promises past their day change what the régua collects.
  const auto charges = engine::makeCharges(plugins_, &policies, db_, config_.city);
  report.reviewed = NegotiationService(db_, policies, calendar_, config_.city, *charges).review(day);

  auto started = std::chrono::steady_clock::now();
  const auto quoter = engine::makeQuoter(plugins_, config_.city);
  engine::Cycle cycle(db_, policies, calendar_, config_.city, config_.profile, *quoter);
  report.plan = cycle.plan(day, true, readUrl_, {});
  report.planTime = since(started);

  announceOverdue(policies, day);

  started = std::chrono::steady_clock::now();
  if (const auto span = rounds.clientSpan("cycle", utcNow())) {
    const auto round = rounds.open(day, "cycle", host, span->first, span->second, config_.batchClients);
    report.sent += dispatchRound(policies, day, minuteOfDay, round.id, keepGoing);
  }
  report.dispatchTime = since(started);

  started = std::chrono::steady_clock::now();
  report.tasksEscalated = engine::TaskService(db_).escalate(day, calendar_, config_.city);
  report.tasks = engine::TaskPusher(db_, plugins_, config_.backoffSeconds).push(keepGoing);
  report.tasksWithoutResponsible = static_cast<std::size_t>(store::TaskRepository(db_).load("").first);
  report.pushTime = since(started);

  store::SettingsRepository(db_).set(kLastCycleKey, day.iso());
  rounds.setActivity(host, "parado", std::nullopt, static_cast<std::int64_t>(report.sent.calls));
  return report;
}

// Another host holds the engine lock: wait for its round of `day` and dispatch beside
// it, helping with any other round left open meanwhile. Should the lock come free before
// (the planner died, or was only syncing), this host leads instead.
std::optional<CycleReport> DailyCycle::join(const config::PolicySet& policies, Date day, int minuteOfDay,
                                            const std::function<bool()>& keepGoing) {
  store::DispatchRoundRepository rounds(db_);
  const std::string host = store::thisHost();
  CycleReport report;
  report.day = day;
  report.joined = true;
  while (!keepGoing || keepGoing()) {
    if (const auto lock = db_.tryLockEngine()) return lead(policies, day, minuteOfDay, keepGoing);
    if (const auto dayRound = rounds.latest(day, "cycle")) {
      report.plannedBy = dayRound->createdBy;
      const auto started = std::chrono::steady_clock::now();
      if (!dayRound->finished) report.sent += dispatchRound(policies, day, minuteOfDay, dayRound->id, keepGoing);
      report.dispatchTime = since(started);
      return report;
    }
    if (const auto open = rounds.unfinished()) {
      report.sent += dispatchRound(policies, day, minuteOfDay, open->id, keepGoing);
      continue;
    }
    rounds.setActivity(host, "esperando o plano de " + day.br(), std::nullopt, 0);
    std::this_thread::sleep_for(kWaitForPlan);
  }
  return std::nullopt;
}

std::optional<engine::DispatchSummary> DailyCycle::dispatchDue(const config::PolicySet& policies, Date day,
                                                               int minuteOfDay, bool leads,
                                                               const std::function<bool()>& keepGoing) {
  store::DispatchRoundRepository rounds(db_);
  if (leads && db_.backend() == store::Backend::kSqlite) rounds.releaseAll();  // see lead()
  auto round = rounds.unfinished();
  if (!round && leads) {
    if (const auto span = rounds.clientSpan("retry", utcNow())) {
      round = rounds.open(day, "retry", store::thisHost(), span->first, span->second, config_.batchClients);
    }
  }
  if (!round) return std::nullopt;
  return dispatchRound(policies, day, minuteOfDay, round->id, keepGoing);
}

engine::DispatchSummary DailyCycle::dispatchRound(const config::PolicySet& policies, Date day, int minuteOfDay,
                                                  std::int64_t round, const std::function<bool()>& keepGoing) {
  engine::Dispatcher dispatcher(db_, policies, calendar_, config_.city, plugins_);
  auto options = engine::dispatchOptionsFor(config_, day, minuteOfDay);
  if (config_.clientPage.enabled()) {
    options.paymentLink = [links = ClientLinks(config_.clientPage)](std::int64_t clientId, Date on) {
      return links.url(clientId, on);
    };
  }
  options.watch = watch_;
  options.round = round;
  return dispatcher.run(options, keepGoing);
}

// receivable.overdue, once per receivable, on the first run after it became late by law
// (after its effective due date plus the policy's grace days): a window of ids at a time,
// one transaction each.
void DailyCycle::announceOverdue(const config::PolicySet& policies, Date day) {
  constexpr std::int64_t kWindow = 20000;
  store::ReceivableFactsRepository facts(db_);
  const std::int64_t last = facts.lastReceivableId();
  for (std::int64_t after = 0; after < last; after += kWindow) {
    const auto candidates = facts.overdueUnannounced(day, after, after + kWindow);
    if (candidates.empty()) continue;
    db_.transaction([&] {
      for (const auto& f : candidates) {
        const config::Policy* policy = policies.select(f.policyId, f.clientExternalId, f.segment);
        const Date effective = calendar_.effectiveDueDate(f.dueDate, config_.city);
        if (day <= effective.plusDays(policy != nullptr ? policy->graceDays : 0)) continue;
        Poco::JSON::Object data(Poco::JSON_PRESERVE_KEY_ORDER);
        data.set("receivable", f.receivableExternalId);
        data.set("due_date", f.dueDate.iso());
        data.set("effective_due_date", effective.iso());
        data.set("open", engine::moneyJson(f.open));
        data.set("days_late", day - f.dueDate);
        engine::emitEvent(db_, "receivable.overdue", f.clientId, data);
        facts.markOverdueAnnounced(f.receivableId);
      }
    });
  }
}

std::vector<std::string> describe(const CycleReport& r, bool hasTaskSinks) {
  std::vector<std::string> lines;
  const auto& sent = r.sent;
  if (r.joined) {
    lines.push_back("Régua de " + r.day.br() + " planejada por " + r.plannedBy + "; este host juntou-se ao despacho: " +
                    counted(sent.batches, "lote", "lotes") + ", " + counted(sent.done, "executada", "executadas") + " (" +
                    counted(sent.messages, "mensagem", "mensagens") + ", " +
                    counted(sent.calls - sent.messages, "outra ação", "outras ações") + "), " +
                    std::to_string(sent.retrying) + " a tentar de novo, " + counted(sent.failed, "falhou", "falharam") +
                    ", " + counted(sent.cancelled, "cancelada", "canceladas"));
    return lines;
  }
  lines.push_back("Régua de " + r.day.br() + ": " + counted(r.plan.created, "criada", "criadas") + ", " +
                  counted(sent.done, "executada", "executadas") + " (" +
                  counted(sent.messages, "mensagem", "mensagens") + ", " +
                  counted(sent.calls - sent.messages, "outra ação", "outras ações") + "), " +
                  std::to_string(sent.waiting) + " aguardando, " + std::to_string(sent.retrying) + " a tentar de novo, " +
                  counted(sent.failed, "falhou", "falharam") + ", " + counted(r.plan.toSkip, "pulada", "puladas") + ", " +
                  counted(sent.cancelled, "cancelada", "canceladas"));
  const auto& n = r.reviewed;
  if (n.agreementsBroken + n.promisesKept + n.promisesBroken > 0) {
    lines.push_back("Negociação: " + counted(n.agreementsBroken, "acordo quebrado", "acordos quebrados") + ", " +
                    counted(n.promisesKept, "promessa cumprida", "promessas cumpridas") + ", " +
                    counted(n.promisesBroken, "não cumprida", "não cumpridas"));
  }
  if (hasTaskSinks || r.tasksEscalated > 0) {
    lines.push_back(engine::describe(r.tasks) +
                    (r.tasksEscalated > 0 ? ", " + counted(r.tasksEscalated, "escalada", "escaladas") : ""));
  }
  if (r.tasksWithoutResponsible > 0) {
    lines.push_back("Atenção: " + counted(r.tasksWithoutResponsible, "tarefa aberta", "tarefas abertas") +
                    " sem responsável; defina o responsável dos clientes ou default_responsible do plugin tasks "
                    "em regua.yaml");
  }
  return lines;
}

engine::PlanSummary DailyCycle::preview(const config::PolicySet& policies, Date day,
                                        const std::function<void(const engine::PlannedIntent&)>& onIntent) {
  const auto quoter = engine::makeQuoter(plugins_, config_.city);
  engine::Cycle cycle(db_, policies, calendar_, config_.city, config_.profile, *quoter);
  store::ClientRepository clients(db_);
  std::optional<domain::Client> client;  // the plan streams client by client: one is enough
  auto withChannel = [&](const engine::PlannedIntent& planned) {
    if (planned.intent.channel.empty() || planned.intent.state != store::IntentState::kPending) return onIntent(planned);
    if (!client || client->id != planned.intent.clientId) client = clients.findById(planned.intent.clientId);
    if (!client) return onIntent(planned);
    engine::PlannedIntent resolved = planned;
    resolved.intent.channel =
        engine::chooseContact(*client, planned.intent.channel, policies.byId(planned.intent.policyId), plugins_).channel;
    onIntent(resolved);
  };
  return cycle.plan(day, false, readUrl_, withChannel);
}

std::vector<ReviewDecision> DailyCycle::reviewAhead(const config::PolicySet& policies, Date day) {
  const auto charges = engine::makeCharges(plugins_, &policies, db_, config_.city);
  return NegotiationService(db_, policies, calendar_, config_.city, *charges).reviewDecisions(day);
}

std::optional<Date> DailyCycle::lastDay() {
  const auto day = store::SettingsRepository(db_).get(kLastCycleKey);
  if (!day) return std::nullopt;
  return Date::parse(*day);
}

}  // namespace regua::services
