#include "services/daily_cycle.hpp"

#include "engine/plugin_quoter.hpp"
#include "engine/task_service.hpp"
#include "plugin/plugin_registry.hpp"
#include "store/settings_repository.hpp"

namespace regua::services {

namespace {

constexpr const char* kLastCycleKey = "engine.last_cycle_day";

std::chrono::milliseconds since(std::chrono::steady_clock::time_point from) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - from);
}

}  // namespace

DailyCycle::DailyCycle(store::Database& db, std::string readUrl, const config::HostConfig& config,
                       const calendar::BusinessCalendar& calendar, plugin::PluginRegistry& plugins)
    : db_(db), readUrl_(std::move(readUrl)), config_(config), calendar_(calendar), plugins_(plugins) {}

std::optional<CycleReport> DailyCycle::run(const config::PolicySet& policies, Date day, int minuteOfDay,
                                           const std::function<bool()>& keepGoing) {
  const auto lock = db_.tryLockEngine();
  if (!lock) return std::nullopt;
  CycleReport report;
  report.day = day;
  // Agreements too late and promises past their day change what the régua collects.
  const auto charges = engine::makeCharges(plugins_, &policies, db_, config_.city);
  report.reviewed = NegotiationService(db_, policies, calendar_, config_.city, *charges).review(day);

  auto started = std::chrono::steady_clock::now();
  const auto quoter = engine::makeQuoter(plugins_, config_.city);
  engine::Cycle cycle(db_, policies, calendar_, config_.city, config_.profile, *quoter);
  report.plan = cycle.plan(day, true, readUrl_, {});
  report.planTime = since(started);

  started = std::chrono::steady_clock::now();
  engine::Dispatcher dispatcher(db_, policies, calendar_, config_.city, plugins_);
  report.sent = dispatcher.run(engine::dispatchOptionsFor(config_, day, minuteOfDay), keepGoing);
  report.dispatchTime = since(started);

  started = std::chrono::steady_clock::now();
  report.tasksEscalated = engine::TaskService(db_).escalate(day, calendar_, config_.city);
  report.tasks = engine::TaskPusher(db_, plugins_, config_.backoffSeconds).push(keepGoing);
  report.pushTime = since(started);

  store::SettingsRepository(db_).set(kLastCycleKey, day.iso());
  return report;
}

engine::PlanSummary DailyCycle::preview(const config::PolicySet& policies, Date day,
                                        const std::function<void(const engine::PlannedIntent&)>& onIntent) {
  const auto quoter = engine::makeQuoter(plugins_, config_.city);
  engine::Cycle cycle(db_, policies, calendar_, config_.city, config_.profile, *quoter);
  return cycle.plan(day, false, readUrl_, onIntent);
}

std::optional<Date> DailyCycle::lastDay() {
  const auto day = store::SettingsRepository(db_).get(kLastCycleKey);
  if (!day) return std::nullopt;
  return Date::parse(*day);
}

}  // namespace regua::services
