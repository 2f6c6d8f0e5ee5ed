// Several hosts on one PostgreSQL share a day: three `regua run` processes start at once,
// one plans and the others join its dispatch round, batch by batch. One of them is
// killed with SIGKILL at a different point in each trial; the survivors take its batch
// over when its lease ends. Afterwards every action was carried out by exactly one
// intent, and at most the calls of the wave in flight at the kill were repeated (under
// their ids).
#include <gtest/gtest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <map>
#include <set>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include "http_receiver.hpp"
#include "office.hpp"
#include "redmine.hpp"
#include "smtp_server.hpp"
#include "test_database.hpp"
#include "test_support.hpp"

namespace regua::testing {
namespace {

constexpr int kClients = 48;  // 12 batches of 4 clients; 96 actions, 96 calls

// A `regua run` in the background, its outputs in files.
class Host {
 public:
  Host(const Office& office, int index) : out_(office.dir().path() / ("host" + std::to_string(index) + ".out")) {
    const std::string config = (office.dir().path() / "regua.yaml").string();
    pid_ = ::fork();
    if (pid_ == 0) {
      (void)!::freopen(out_.c_str(), "w", stdout);
      (void)!::freopen((out_.string() + ".err").c_str(), "w", stderr);
      (void)!::chdir(office.dir().path().c_str());
      ::execl(REGUA_BINARY, REGUA_BINARY, "--config", config.c_str(), "run", "--as-of", "2026-03-05", "--at", "10:00",
              static_cast<char*>(nullptr));
      ::_exit(127);
    }
  }
  void kill() const { ::kill(pid_, SIGKILL); }
  // The exit code, or -1 when it was killed.
  int wait() const {
    int status = 0;
    ::waitpid(pid_, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  std::string output() const {
    std::ifstream in(out_);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }

 private:
  std::filesystem::path out_;
  pid_t pid_ = -1;
};

TEST(MultiHost, ThreeHostsShareTheDayAndOneKilledLosesNothingAndRepeatsNothing) {
  for (int trial = 0; trial < 3; ++trial) {
    SCOPED_TRACE("trial " + std::to_string(trial));
    TestDatabase db(store::Backend::kPostgres);
    Office office("      delay_ms: 20\n", "  lease_seconds: 5\n  batch_clients: 4\n");
    office.editConfig("url: sqlite:regua.db", "url: " + db.url());
    office.oneOverdueItemPerClient(kClients);
    ASSERT_EQ(office.regua({"sync"}).exitCode, 0);

    std::vector<std::unique_ptr<Host>> hosts;
    for (int i = 0; i < 3; ++i) hosts.push_back(std::make_unique<Host>(office, i));
    // A different point in each trial, and a different host: the planner or a joiner.
    const std::size_t killAt = 8 + static_cast<std::size_t>(trial) * 25;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (office.recorded().size() < killAt && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    const std::size_t victim = static_cast<std::size_t>(trial) % hosts.size();
    hosts[victim]->kill();
    const std::size_t atKill = office.recorded().size();
    ASSERT_LT(atKill, 2u * kClients) << "the day ended before the kill";
    std::string outputs;
    for (std::size_t i = 0; i < hosts.size(); ++i) {
      const int code = hosts[i]->wait();
      if (i != victim) EXPECT_EQ(code, 0) << hosts[i]->output();
      if (i != victim) outputs += hosts[i]->output();
    }

    // Whatever the kill left (a planner killed before its tasks were pushed), one more
    // run finishes; it must find nothing new to carry out twice.
    const auto last = office.runDay("2026-03-05");
    ASSERT_EQ(last.exitCode, 0) << last.err;

    const auto carriers = office.carriers();
    EXPECT_EQ(carriers.byItem.size(), 2u * kClients) << "every client's reminder and task, none lost";
    for (const auto& [item, ids] : carriers.byItem) EXPECT_EQ(ids.size(), 1u) << item.first << " " << item.second;
    // A wave holds at most one group per client of the batch (batch_clients: 4).
    EXPECT_LE(carriers.repeated, 4) << "only the wave in flight at the kill may be repeated";

    // The work was shared: a survivor said it joined, and more than one host made calls.
    const auto status = office.regua({"status", "--as-of", "2026-03-05", "--json"});
    ASSERT_EQ(status.exitCode, 0) << status.err;
    const auto json = Poco::JSON::Parser().parse(status.out).extract<Poco::JSON::Object::Ptr>();
    const auto hostLines = json->getArray("hosts");
    int working = 0;
    for (std::size_t i = 0; i < hostLines->size(); ++i) {
      if (hostLines->getObject(static_cast<unsigned>(i))->getValue<long>("calls") > 0) ++working;
    }
    EXPECT_GE(working, 2) << status.out;
    EXPECT_EQ(json->getObject("progress")->getValue<long>("done"), 2 * kClients) << status.out;
    EXPECT_EQ(json->getObject("progress")->getValue<long>("waiting"), 0) << status.out;
    // Only one host plans: of the two survivors, at least one joined.
    EXPECT_TRUE(contains(outputs, "juntou-se ao despacho")) << outputs;
  }
}

// The same with the real parts: reminders by e-mail to the SMTP test server and by SMS to
// an HTTP receiver, follow-up tasks into Redmine, five trials. The intents' final states
// are what a single host leaves: every reminder and task done, nothing waiting or failed.
class MultiHostTrial : public ::testing::TestWithParam<int> {};

TEST_P(MultiHostTrial, RealChannelsThreeHostsOneKilledEveryMessageOnceEveryTaskOnce) {
  constexpr int kRealClients = 12;  // odd ones by e-mail, even ones by SMS
  const int trial = GetParam();
  Redmine rm;
  const int ana = rm.createUser(rm.unique("ana"));
  const int bia = rm.createUser(rm.unique("bia"));
  {
    TestDatabase db(store::Backend::kPostgres);
    TempDir mail;
    SmtpServer smtp(mail.path(), {"--accept-delay", "0.1"});
    smtp.start();
    Receiver sms({200});
    const std::string project = rm.createProject();
    rm.addMember(project, ana);
    rm.addMember(project, bia);
    Office office(plugins() + kTasksPlugin, "  lease_seconds: 5\n  batch_clients: 2\n",
                  smtpConnector(smtp.port()) + "  - path: " REGUA_PLUGIN_DIR "/regua_webhook.so\n    config: {url: '" +
                      sms.url() + "', timeout_seconds: 5, retry_after_seconds: 0}\n" +
                      redmineConnector(rm, project, {rm.url(), rm.key(), rm.unique("ana")}),
                  false);
    office.editConfig("url: sqlite:regua.db", "url: " + db.url());
    std::string clients = "id;nome;documento;email;telefone\n", receivables = "id;cliente;valor;vencimento\n";
    for (int i = 1; i <= kRealClients; ++i) {
      const std::string id = std::to_string(i);
      clients += "K" + id + ";Cliente " + id + ";" + validCpf(i) + ";" +
                 (i % 2 == 1 ? "k" + id + "@example.com;" : ";+55 11 9" + std::to_string(87650000 + i)) + "\n";
      receivables += "T" + id + ";K" + id + ";80,00;02/03/2026\n";
    }
    office.dir().write("data/clientes.csv", clients);
    office.dir().write("data/titulos.csv", receivables);
    ASSERT_EQ(office.regua({"sync"}).exitCode, 0);

    std::vector<std::unique_ptr<Host>> hosts;
    for (int i = 0; i < 3; ++i) hosts.push_back(std::make_unique<Host>(office, i));
    const auto delivered = [&] { return smtp.messages().size() + sms.received().size(); };
    const std::size_t killAt = 1 + static_cast<std::size_t>(trial) * 2;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (delivered() < killAt && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    const std::size_t victim = static_cast<std::size_t>(trial) % hosts.size();
    hosts[victim]->kill();
    ASSERT_LT(delivered(), static_cast<std::size_t>(kRealClients)) << "the day ended before the kill";
    for (std::size_t i = 0; i < hosts.size(); ++i) {
      const int code = hosts[i]->wait();
      if (i != victim) EXPECT_EQ(code, 0) << hosts[i]->output();
    }
    const auto last = office.runDay("2026-03-05");  // pushes the tasks if the planner was the one killed
    ASSERT_EQ(last.exitCode, 0) << last.out << last.err;

    // Every message arrived; a repeat is only one of the wave in flight at the kill (at
    // most one group per client of the batch: batch_clients is 2), and it carries the same
    // Message-ID / Idempotency-Key as the first.
    std::map<std::string, int> mailsPerId, smsPerKey;
    for (const auto& m : smtp.messages()) ++mailsPerId[readMail(m)->getValue<std::string>("message_id")];
    for (const auto& s : sms.received()) ++smsPerKey[s.idempotencyKey];
    EXPECT_EQ(mailsPerId.size(), static_cast<std::size_t>(kRealClients / 2));
    EXPECT_EQ(smsPerKey.size(), static_cast<std::size_t>(kRealClients / 2));
    EXPECT_LE(smtp.messages().size() + sms.received().size(), static_cast<std::size_t>(kRealClients) + 2);
    // Every task exactly once in Redmine.
    std::map<std::string, int> issuesPerClient;
    const auto issues = rm.issues(project);
    for (std::size_t i = 0; i < issues->size(); ++i) {
      ++issuesPerClient[Redmine::field(issues->getObject(static_cast<unsigned>(i)), "Cliente (CPF/CNPJ)")];
    }
    for (int i = 1; i <= kRealClients; ++i) EXPECT_EQ(issuesPerClient[validCpf(i)], 1) << "client K" << i;
    EXPECT_EQ(issues->size(), static_cast<std::size_t>(kRealClients));
    const auto status = office.regua({"status", "--as-of", "2026-03-05", "--json"});
    ASSERT_EQ(status.exitCode, 0) << status.err;
    const auto progress =
        Poco::JSON::Parser().parse(status.out).extract<Poco::JSON::Object::Ptr>()->getObject("progress");
    EXPECT_EQ(progress->getValue<long>("planned"), 2 * kRealClients) << status.out;
    EXPECT_EQ(progress->getValue<long>("done"), 2 * kRealClients) << status.out;
  }
}

// Five trials, each its own test: a different host killed at a different point.
INSTANTIATE_TEST_SUITE_P(Trials, MultiHostTrial, ::testing::Range(0, 5));

// On SQLite a second host is refused with the reason (tested in engine_test); on
// PostgreSQL a host that comes after the day was dispatched joins a finished round and
// carries out nothing.
TEST(MultiHost, AHostJoiningAfterTheDayEndedDoesNothing) {
  TestDatabase db(store::Backend::kPostgres);
  Office office("      delay_ms: 300\n", "  lease_seconds: 5\n  batch_clients: 4\n");
  office.editConfig("url: sqlite:regua.db", "url: " + db.url());
  office.oneOverdueItemPerClient(4);
  ASSERT_EQ(office.regua({"sync"}).exitCode, 0);
  Host planner(office, 0);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (office.recorded().empty() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  // The planner holds the lock and its round's only batch: this host waits for it.
  const auto joiner = office.runDay("2026-03-05");
  EXPECT_EQ(planner.wait(), 0) << planner.output();
  ASSERT_EQ(joiner.exitCode, 0) << joiner.err;
  EXPECT_TRUE(contains(joiner.out, "este host juntou-se ao despacho: 0 lotes, 0 executadas")) << joiner.out;
  EXPECT_EQ(office.recorded().size(), 8u);
}

}  // namespace
}  // namespace regua::testing
