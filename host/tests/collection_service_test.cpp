// The collection service `regua serve` runs: when the scheduler runs what, and how a
// policy reload that fails leaves the policies in force working. Ticks are driven with
// explicit local times, so nothing here waits on the clock.
#include "services/collection_service.hpp"
#include "services/daily_cycle.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "calendar/business_calendar.hpp"
#include "config/diagnostics.hpp"
#include "plugin/plugin_registry.hpp"
#include "store/client_repository.hpp"
#include "store/receivable_repository.hpp"
#include "test_support.hpp"

namespace regua::services {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

const Date kMonday = Date::fromYmd(2026, 3, 2);

TEST(Schedule, RunsTheCycleOncePerDayAtOrAfterRunAt) {
  ScheduleState state;
  const auto t = Clock::now();
  EXPECT_FALSE(decide(state, {kMonday, 6 * 60 + 59}, t, 7 * 60, 60).cycle) << "before run_at";
  EXPECT_TRUE(decide(state, {kMonday, 7 * 60}, t, 7 * 60, 60).cycle);
  EXPECT_TRUE(decide(state, {kMonday, 15 * 60}, t, 7 * 60, 60).cycle) << "a host started late still runs the day";
  EXPECT_FALSE(decide(state, {kMonday, 23 * 60}, t, config::HostConfig::kNeverRun, 60).cycle) << "run_at: off";
  state.lastCycleDay = kMonday;
  EXPECT_FALSE(decide(state, {kMonday, 23 * 60}, t, 7 * 60, 60).cycle) << "never twice a day";
  EXPECT_FALSE(decide(state, {kMonday.plusDays(1), 6 * 60}, t, 7 * 60, 60).cycle);
  EXPECT_TRUE(decide(state, {kMonday.plusDays(1), 7 * 60}, t, 7 * 60, 60).cycle);
  EXPECT_TRUE(decide(state, {kMonday.plusDays(4), 8 * 60}, t, 7 * 60, 60).cycle) << "after days down";
}

TEST(Schedule, SyncsEveryIntervalAndAlwaysBeforeTheCycle) {
  ScheduleState state;
  const auto t = Clock::now();
  EXPECT_TRUE(decide(state, {kMonday, 60}, t, 7 * 60, 30).sync) << "the first tick syncs";
  state.lastSync = t;
  EXPECT_FALSE(decide(state, {kMonday, 60}, t + 29min, 7 * 60, 30).sync);
  EXPECT_TRUE(decide(state, {kMonday, 60}, t + 30min, 7 * 60, 30).sync);
  EXPECT_FALSE(decide(state, {kMonday, 60}, t + 300min, 7 * 60, 0).sync) << "0 = only before the cycle";
  EXPECT_TRUE(decide(state, {kMonday, 7 * 60}, t + 1min, 7 * 60, 0).sync) << "the cycle syncs first";
}

TEST(Schedule, DispatchesBetweenCyclesEveryFewMinutes) {
  ScheduleState state;
  state.lastCycleDay = kMonday;
  const auto t = Clock::now();
  EXPECT_TRUE(decide(state, {kMonday, 9 * 60}, t, 7 * 60, 60).dispatch);
  state.lastDispatch = t;
  EXPECT_FALSE(decide(state, {kMonday, 9 * 60}, t + std::chrono::minutes(kDispatchEveryMinutes - 1), 7 * 60, 60).dispatch);
  EXPECT_TRUE(decide(state, {kMonday, 9 * 60}, t + std::chrono::minutes(kDispatchEveryMinutes), 7 * 60, 60).dispatch);
}

// Stages one calendar day apart, so each day of the test fires exactly one of them.
std::string policy(const std::string& stages) {
  return "id: escritorio\ndefault: true\nchannel: email\nstages:\n" + stages;
}
std::string stage(const std::string& id, const std::string& at) {
  return "  - id: " + id + "\n    at: " + at + "\n    actions:\n      - action: remind\n";
}

class Service : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_.write("policies/escritorio.yaml", policy(stage("d1", "D+1") + stage("d2", "D+2") + stage("d3", "D+3")));
    config_ = config::loadHostConfig(dir_.write(
        "regua.yaml", "storage: {url: 'sqlite:regua.db'}\nengine: {run_at: '07:00', sync_every_minutes: 0}\n"
                      "plugins:\n  - path: " REGUA_FIXTURE_DIR "/fixture_recorder.so\n    config:\n      file: " +
                          (dir_.path() / "calls.tsv").string() + "\n"));
    calendar_.emplace();
    plugins_ = std::make_unique<plugin::PluginRegistry>(plugin::defaultPluginDir(),
                                                        plugin::HostEnvironment{&*calendar_, "", dir_.path().string()});
    plugins_->loadAll(config_);
    ASSERT_TRUE(plugins_->requiredFailures().empty());

    auto db = store::Database::open(config_.storageUrl);
    domain::Client client;
    client.source = "teste";
    client.externalId = "C1";
    client.name = "Maria da Silva";
    client.document = "529.982.247-25";
    client.contacts.push_back({"email", "maria@example.com", "Maria", "", true, false, ""});
    std::vector<domain::Client> clients{client};
    store::ClientRepository(*db).saveAll(clients);
    domain::Receivable r;
    r.source = "teste";
    r.externalId = "R1";
    r.clientExternalId = "C1";
    r.description = "Honorários";
    r.amount = Money::fromCentavos(10000);
    r.dueDate = kMonday;
    r.issueDate = kMonday.plusDays(-10);
    store::ReceivableRepository(*db).upsertAll({r});
  }
  // The stages the recorder saw, in order.
  std::vector<std::string> stagesCalled() const {
    std::vector<std::string> out;
    std::ifstream in(dir_.path() / "calls.tsv");
    for (std::string line; std::getline(in, line);) {
      const auto a = line.find('\t'), b = line.find('\t', a + 1), c = line.find('\t', b + 1);
      out.push_back(line.substr(b + 1, c - b - 1));
    }
    return out;
  }

  regua::testing::TempDir dir_;
  config::HostConfig config_;
  std::optional<calendar::BusinessCalendar> calendar_;
  std::unique_ptr<plugin::PluginRegistry> plugins_;
};

TEST_F(Service, APolicyReloadThatFailsKeepsTheOldOneWorking) {
  CollectionService service(config_, *calendar_, *plugins_, config_.storageUrl);
  service.tick({kMonday.plusDays(1), 10 * 60});
  ASSERT_EQ(stagesCalled(), std::vector<std::string>{"d1"});

  // The office breaks the file: a bad offset and an unknown key.
  dir_.write("policies/escritorio.yaml", policy(stage("d2", "D+2") + "  - id: novo\n    at: amanhã\n    acoes: []\n"));
  const std::string error = service.reloadPolicies();
  EXPECT_NE(error.find("escritorio.yaml:"), std::string::npos) << error;
  EXPECT_NE(error.find("amanhã"), std::string::npos) << error;
  EXPECT_EQ(service.status().reloadError, error);
  EXPECT_EQ(service.status().stages, 3u);

  // The next day's cycle runs under the policies still in force.
  service.tick({kMonday.plusDays(2), 10 * 60});
  EXPECT_EQ(stagesCalled(), (std::vector<std::string>{"d1", "d2"}));

  // Fixed: the new set replaces the old one and the error is cleared.
  dir_.write("policies/escritorio.yaml", policy(stage("d1", "D+1") + stage("d2", "D+2") + stage("tres", "D+3")));
  EXPECT_EQ(service.reloadPolicies(), "");
  EXPECT_EQ(service.status().reloadError, "");
  service.tick({kMonday.plusDays(3), 10 * 60});
  EXPECT_EQ(stagesCalled(), (std::vector<std::string>{"d1", "d2", "tres"}));
}

TEST_F(Service, TheDayRunsOnceEvenAcrossARestart) {
  {
    CollectionService service(config_, *calendar_, *plugins_, config_.storageUrl);
    service.tick({kMonday.plusDays(1), 6 * 60});
    EXPECT_TRUE(stagesCalled().empty()) << "before run_at nothing is planned";
    EXPECT_EQ(service.status().nextCycle, kMonday.plusDays(1).iso() + " 07:00");
    const auto t = Clock::now();
    service.tick({kMonday.plusDays(1), 7 * 60}, t);
    EXPECT_EQ(service.status().lastCycleDay, kMonday.plusDays(1).iso());
    EXPECT_EQ(service.status().nextCycle, kMonday.plusDays(2).iso() + " 07:00");
    EXPECT_TRUE(stagesCalled().empty()) << "planned at 07:00, the reminder waits for the 08:00 window";
    service.tick({kMonday.plusDays(1), 8 * 60}, t + 60min);
    EXPECT_EQ(stagesCalled(), std::vector<std::string>{"d1"}) << "a dispatch pass sends it once the window opens";
  }
  CollectionService restarted(config_, *calendar_, *plugins_, config_.storageUrl);
  restarted.tick({kMonday.plusDays(1), 9 * 60});
  EXPECT_EQ(stagesCalled(), std::vector<std::string>{"d1"});
  EXPECT_EQ(restarted.status().lastCycleDay, "") << "the day already ran before the restart";
  EXPECT_EQ(restarted.status().nextCycle, kMonday.plusDays(2).iso() + " 07:00");
}

TEST_F(Service, ADayRunFromTheCliIsRecordedAndServeDoesNotRunItAgain) {
  const auto policies = config::loadPolicies(config::policyFiles(config_.policiesDir), {});
  {
    auto db = store::Database::open(config_.storageUrl);
    DailyCycle cycle(*db, config_.storageUrl, config_, *calendar_, *plugins_);
    EXPECT_FALSE(cycle.lastDay());
    const auto report = cycle.run(policies, kMonday.plusDays(1), 10 * 60);
    ASSERT_TRUE(report);
    EXPECT_EQ(report->plan.created, 1u);
    EXPECT_EQ(report->sent.done, 1u);
    EXPECT_EQ(cycle.lastDay(), kMonday.plusDays(1));
  }
  EXPECT_EQ(stagesCalled(), std::vector<std::string>{"d1"});
  CollectionService service(config_, *calendar_, *plugins_, config_.storageUrl);
  service.tick({kMonday.plusDays(1), 10 * 60});
  EXPECT_EQ(service.status().lastCycleDay, "") << "the CLI already ran the day";
  EXPECT_EQ(service.status().nextCycle, kMonday.plusDays(2).iso() + " 07:00");
  EXPECT_EQ(stagesCalled(), std::vector<std::string>{"d1"});
}

TEST_F(Service, WaitsWhileAnotherProcessHoldsTheEngineAndRunsOnceItIsFree) {
  auto other = store::Database::open(config_.storageUrl);
  auto held = other->tryLockEngine();
  ASSERT_TRUE(held);
  EXPECT_FALSE(other->tryLockEngine()) << "the lock is exclusive, even within one process";
  CollectionService service(config_, *calendar_, *plugins_, config_.storageUrl);
  service.tick({kMonday.plusDays(1), 10 * 60});
  EXPECT_TRUE(stagesCalled().empty());
  EXPECT_EQ(service.status().lastCycleDay, "");
  held.reset();
  service.tick({kMonday.plusDays(1), 10 * 60});
  EXPECT_EQ(stagesCalled(), std::vector<std::string>{"d1"});
}

TEST_F(Service, RefusesToStartOnABrokenPolicy) {
  dir_.write("policies/escritorio.yaml", "id: x\nstages: nada\n");
  EXPECT_THROW(CollectionService(config_, *calendar_, *plugins_, config_.storageUrl), config::ConfigError);
}

}  // namespace
}  // namespace regua::services
