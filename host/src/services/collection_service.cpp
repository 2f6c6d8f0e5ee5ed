#include "services/collection_service.hpp"

#include <ctime>
#include <utility>

#include <Poco/Logger.h>

#include "common/clock_time.hpp"
#include "config/diagnostics.hpp"
#include "engine/dispatcher.hpp"
#include "store/dispatch_rounds.hpp"
#include "engine/plugin_quoter.hpp"
#include "engine/policy_checks.hpp"
#include "engine/task_push.hpp"
#include "plugin/plugin_registry.hpp"
#include "services/daily_cycle.hpp"
#include "services/source_sync.hpp"

namespace regua::services {

namespace {

Poco::Logger& logger() { return Poco::Logger::get("regua.engine"); }

}  // namespace

ScheduleDecision decide(const ScheduleState& state, LocalTime now, std::chrono::steady_clock::time_point monotonic,
                        int runAtMinute, int syncEveryMinutes) {
  using std::chrono::minutes;
  ScheduleDecision d;
  // At or after run_at, today's cycle runs unless it already did: a host started late
  // (or restarted after a crash) still runs the day; the evaluator's catch-up covers
  // days the host was down.
  d.cycle = runAtMinute >= 0 && now.minuteOfDay >= runAtMinute && (!state.lastCycleDay || *state.lastCycleDay < now.day);
  d.sync = d.cycle || (syncEveryMinutes > 0 &&
                       (!state.lastSync || monotonic - *state.lastSync >= minutes(syncEveryMinutes)));
  d.dispatch = !d.cycle && (!state.lastDispatch || monotonic - *state.lastDispatch >= minutes(kDispatchEveryMinutes));
  return d;
}

LocalTime localNow() {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  return {Date::fromYmd(local.tm_year + 1900, static_cast<unsigned>(local.tm_mon + 1), static_cast<unsigned>(local.tm_mday)),
          local.tm_hour * 60 + local.tm_min};
}

CollectionService::CollectionService(const config::HostConfig& config, const calendar::BusinessCalendar& calendar,
                                     plugin::PluginRegistry& plugins, std::string storeUrl)
    : config_(config), calendar_(calendar), plugins_(plugins), storeUrl_(std::move(storeUrl)) {
  const auto files = config::policyFiles(config_.policiesDir);
  if (files.empty()) {
    throw config::ConfigError({{config_.policiesDir.string(), 0, 0,
                                "nenhuma política (*.yaml) nesta pasta; crie uma (veja config/policies/default.yaml)"}});
  }
  policies_ = std::make_shared<const config::PolicySet>(config::loadPolicies(files, policyContext()));
  status_.policies = policies_->policies().size();
  status_.stages = policies_->stageCount();
  status_.policiesLoadedAt = store::Database::nowUtc();
}

CollectionService::~CollectionService() { stop(); }

config::PolicyContext CollectionService::policyContext() const { return engine::pluginChecks(plugins_, false); }

std::string CollectionService::reloadPolicies() {
  const auto files = config::policyFiles(config_.policiesDir);
  std::string error;
  try {
    if (files.empty()) {
      throw config::ConfigError({{config_.policiesDir.string(), 0, 0, "nenhuma política (*.yaml) nesta pasta"}});
    }
    auto fresh = std::make_shared<const config::PolicySet>(config::loadPolicies(files, policyContext()));
    std::lock_guard lock(mutex_);
    policies_ = std::move(fresh);
    status_.policies = policies_->policies().size();
    status_.stages = policies_->stageCount();
    status_.policiesLoadedAt = store::Database::nowUtc();
    status_.reloadError.clear();
    logger().information("políticas recarregadas: %z políticas, %z estágios", status_.policies, status_.stages);
    return "";
  } catch (const config::ConfigError& e) {
    error = e.what();
  }
  std::lock_guard lock(mutex_);
  status_.reloadError = error;
  logger().error("recarga das políticas falhou; as anteriores (%s) continuam valendo:\n%s", status_.policiesLoadedAt,
                 error);
  return error;
}

std::shared_ptr<const config::PolicySet> CollectionService::policies() const {
  std::lock_guard lock(mutex_);
  return policies_;
}

ServiceStatus CollectionService::status() const {
  ServiceStatus out;
  {
    std::lock_guard lock(mutex_);
    out = status_;
  }
  out.host = store::thisHost();
  out.batch = watch_.batch();
  if (auto call = watch_.current()) {
    const auto running = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - call->since);
    if (running.count() >= config_.stuckAfterSeconds) {
      out.stuckCall = std::move(call);
      out.stuckSeconds = static_cast<long>(running.count());
    }
  }
  return out;
}

store::Database& CollectionService::database() {
  return store::Database::keepOpen(db_, storeUrl_);
}

void CollectionService::tick(LocalTime now, std::chrono::steady_clock::time_point monotonic) {
  try {
    if (!schedule_.lastCycleDay) {
      schedule_.lastCycleDay = DailyCycle(database(), storeUrl_, config_, calendar_, plugins_).lastDay();
    }
    const auto d = decide(schedule_, now, monotonic, config_.runAtMinute, config_.syncEveryMinutes);
    if (d.sync) {
      runSync();
      schedule_.lastSync = monotonic;
    }
    if (d.cycle && runCycle(now)) {
      schedule_.lastCycleDay = now.day;
      schedule_.lastDispatch = monotonic;
    } else if (d.dispatch) {
      runDispatch(now);
      schedule_.lastDispatch = monotonic;
    }
  } catch (const store::StoreError& e) {
    // The store is down or busy: say so and try again on the next tick; a new
    // connection then, in case this one broke.
    logger().error("régua: %s; nova tentativa em instantes", std::string(e.what()));
    db_.reset();
  } catch (const std::exception& e) {
    logger().error("régua: falha inesperada (%s); nova tentativa em instantes", std::string(e.what()));
  }
  const Date next = schedule_.lastCycleDay && *schedule_.lastCycleDay >= now.day ? now.day.plusDays(1) : now.day;
  std::lock_guard lock(mutex_);
  status_.nextCycle = config_.runAtMinute < 0 ? "nunca (engine.run_at: off)" : next.iso() + " " + clockText(config_.runAtMinute);
}

void CollectionService::runSync() {
  if (plugins_.sources().empty()) return;
  const auto policies = this->policies();
  const auto round = syncSources(database(), plugins_, policies.get(), config_, [this] { return !stopRequested(); });
  std::string result;
  for (const auto& report : round.sources) {
    const std::string line = describe(report);
    if (report.ok) {
      logger().information("%s", line);
    } else {
      logger().error("%s", line);
    }
    result += (result.empty() ? "" : "; ") + line.substr(0, line.find('\n'));
  }
  for (const auto& file : round.folders) {
    const std::string line = describe(file);
    if (file.refused || file.movedTo.empty()) {
      logger().error("%s", line);
    } else {
      logger().information("%s", line);
    }
  }
  if (round.tasks) logPush(*round.tasks);
  std::lock_guard lock(mutex_);
  status_.lastSyncAt = store::Database::nowUtc();
  status_.lastSyncResult = result;
}

void CollectionService::pushTasks(store::Database& db) {
  logPush(engine::TaskPusher(db, plugins_, config_.backoffSeconds).push([this] { return !stopRequested(); }));
}

void CollectionService::logPush(const engine::PushSummary& pushed) {
  if (pushed.pushed + pushed.waiting + pushed.refused + pushed.disabled > 0) {
    logger().information("%s", engine::describe(pushed));
  }
}

bool CollectionService::stopRequested() {
  std::lock_guard lock(stopMutex_);
  return stopping_;
}

bool CollectionService::runCycle(LocalTime now) {
  const auto policies = this->policies();  // this cycle's set, whatever a reload does meanwhile
  const auto report = DailyCycle(database(), storeUrl_, config_, calendar_, plugins_, &watch_)
                          .run(*policies, now.day, now.minuteOfDay, [this] { return !stopRequested(); });
  if (!report) {
    logger().warning("régua de %s adiada: outro processo (regua run ou serve) está rodando a régua neste banco",
                     now.day.br());
    return false;
  }
  const auto lines = describe(*report, !plugins_.taskSinks().empty());
  for (const auto& line : lines) {
    line.rfind("Atenção: ", 0) == 0 ? logger().warning(line) : logger().information(line);
  }
  std::lock_guard guard(mutex_);
  status_.lastCycleDay = now.day.iso();
  status_.lastCycleResult = lines.front();
  return true;
}

void CollectionService::runDispatch(LocalTime now) {
  auto& db = database();
  // The lock's holder opens rounds and pushes the tasks; on PostgreSQL the others help
  // with the round it opened. SQLite has one writer: the holder does it all.
  const auto lock = db.tryLockEngine();
  if (!lock && db.backend() == store::Backend::kSqlite) return;
  const auto dispatched = DailyCycle(db, storeUrl_, config_, calendar_, plugins_, &watch_)
                              .dispatchDue(*policies(), now.day, now.minuteOfDay, lock != nullptr,
                                           [this] { return !stopRequested(); });
  const auto sent = dispatched.value_or(engine::DispatchSummary{});
  if (sent.calls + sent.failed + sent.retrying + sent.cancelled > 0) {
    logger().information("despacho: %z executadas (%z mensagens, %z outras ações), %z a tentar de novo, %z falharam, "
                         "%z canceladas",
                         sent.done, sent.messages, sent.calls - sent.messages, sent.retrying, sent.failed, sent.cancelled);
  }
  if (lock) pushTasks(db);  // what the actions opened, and what waited for a task tool that was down
}

void CollectionService::requestReload() {
  {
    std::lock_guard lock(stopMutex_);
    reloadRequested_ = true;
  }
  stopSignal_.notify_all();
}

void CollectionService::start(std::chrono::milliseconds period) {
  thread_ = std::thread([this, period] {
    std::unique_lock lock(stopMutex_);
    while (!stopping_) {
      const bool reload = std::exchange(reloadRequested_, false);
      lock.unlock();
      if (reload) reloadPolicies();  // logs the outcome; a failure keeps the set in force
      tick(localNow());
      lock.lock();
      stopSignal_.wait_for(lock, period, [this] { return stopping_ || reloadRequested_; });
    }
    finished_ = true;
    stopSignal_.notify_all();
  });
}

bool CollectionService::stop(std::chrono::milliseconds patience) {
  std::unique_lock lock(stopMutex_);
  stopping_ = true;
  stopSignal_.notify_all();
  if (!thread_.joinable()) return true;
  if (!stopSignal_.wait_for(lock, patience, [this] { return finished_; })) {
    thread_.detach();  // stuck in a plugin; the process ends around it
    return false;
  }
  lock.unlock();
  thread_.join();
  return true;
}

}  // namespace regua::services
