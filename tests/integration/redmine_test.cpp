// Follow-up tasks end to end against a real Redmine (scripts/redmine-test-server, started
// by scripts/test): the real `regua` binary, the tasks plugin and the redmine connector,
// read back over Redmine's REST API.
#include <gtest/gtest.h>

#include <Poco/Net/ServerSocket.h>

#include "office.hpp"
#include "redmine.hpp"
#include "serve_process.hpp"

namespace regua::testing {
namespace {

const std::string kTaskPolicy = R"(id: tarefas
default: true
stages:
  - id: atraso
    at: D+3
    actions:
      - action: create_task
        type: cobranca
        due_in: 2
  - id: atraso-10
    at: D+10
    actions:
      - action: create_task
        type: cobranca
)";

// C1's responsible has a Redmine user (through `assignees`); C2's has none.
const std::string kClientsWithResponsibles =
    "id;nome;documento;email;responsavel\n"
    "C1;Maria da Silva;529.982.247-25;maria@example.com;ana@escritorio.com.br\n"
    "C2;Padaria Boa Ltda;11.222.333/0001-81;financeiro@padaria.example;zeca@escritorio.com.br\n";

// An office whose régua opens tasks, with Redmine as the task sink.
class TaskOffice {
 public:
  TaskOffice(const Redmine& rm, const std::string& project, const RedmineAccess& setup)
      : office_(kTasksPlugin, "", redmineConnector(rm, project, setup), false) {
    office_.dir().write("data/clientes.csv", kClientsWithResponsibles);
    office_.dir().write("policies/teste.yaml", kTaskPolicy);
  }
  Office& operator*() { return office_; }
  Office* operator->() { return &office_; }

 private:
  Office office_;
};

TEST(Redmine, OneIssuePerClientAndTypeAssignedUpdatedAndClosedWhenPaid) {
  Redmine rm;
  const std::string project = rm.createProject();
  const int ana = rm.createUser(rm.unique("ana"));
  const int bia = rm.createUser(rm.unique("bia"));
  rm.addMember(project, ana);
  rm.addMember(project, bia);
  TaskOffice office(rm, project, {rm.url(), rm.key(), rm.unique("ana")});
  ASSERT_EQ(office->regua({"sync"}).exitCode, 0);

  const auto first = office->runDay("2026-03-05");
  ASSERT_EQ(first.exitCode, 0) << first.out << first.err;
  EXPECT_TRUE(contains(first.out, "tarefas: 2 enviadas, 0 aguardando o destino, 0 recusadas")) << first.out;
  ASSERT_EQ(rm.issues(project)->size(), 2u);

  int count = 0;
  const auto maria = issueFor(rm, project, "52998224725", &count);
  ASSERT_TRUE(maria);
  EXPECT_EQ(count, 1);
  EXPECT_EQ(maria->getObject("assigned_to")->getValue<int>("id"), ana);
  EXPECT_EQ(maria->getObject("tracker")->getValue<std::string>("name"), "Cobrança");
  EXPECT_EQ(Redmine::field(maria, "Tipo de tarefa"), "cobranca");
  EXPECT_EQ(maria->getValue<std::string>("due_date"), "2026-03-09") << "2 business days after Thursday 05/03";
  EXPECT_EQ(maria->getValue<std::string>("start_date"), "2026-03-05");
  const std::string description = maria->getValue<std::string>("description");
  EXPECT_TRUE(contains(maria->getValue<std::string>("subject"), "Cobrar Maria da Silva: 2 título(s) em atraso, R$ 300,00"))
      << maria->getValue<std::string>("subject");
  EXPECT_TRUE(contains(description, "529.982.247-25")) << description;
  EXPECT_TRUE(contains(description, "Honorários extra: vencido em 02/03/2026, R$ 200,00")) << description;

  // C2's responsible has no Redmine user: the default assignee, and the history says so.
  const auto padaria = issueFor(rm, project, "11222333000181");
  ASSERT_TRUE(padaria);
  EXPECT_EQ(padaria->getObject("assigned_to")->getValue<int>("id"), bia);
  const auto history = office->regua({"history", "C2"});
  EXPECT_TRUE(contains(history.out, "responsável 'zeca@escritorio.com.br' sem usuário no Redmine")) << history.out;
  EXPECT_TRUE(contains(history.out, "atribuída a " + rm.unique("bia") + " (default_assignee)")) << history.out;

  // Ten days late: the same tasks get a journal entry, no second issue.
  const auto second = office->runDay("2026-03-12");
  ASSERT_EQ(second.exitCode, 0) << second.out << second.err;
  EXPECT_EQ(rm.issues(project)->size(), 2u);
  const auto again = rm.issue(maria->getValue<int>("id"));
  EXPECT_TRUE(contains(Redmine::journals(again), "Estágio atraso-10 em 12/03/2026: 2 título(s)"))
      << Redmine::journals(again);

  // Paid means stop: the padaria pays, its task closes in Redmine with a comment.
  office->dir().write("data/pagamentos.csv", "id;titulo;valor;data\nP1;R3;1.300,00;12/03/2026\n");
  const auto sync = office->regua({"sync"});
  ASSERT_EQ(sync.exitCode, 0) << sync.err;
  EXPECT_TRUE(contains(sync.out, "1 tarefa encerrada")) << sync.out;
  EXPECT_TRUE(contains(sync.out, "tarefas: 1 enviada")) << sync.out;
  const auto closed = rm.issue(padaria->getValue<int>("id"));
  EXPECT_TRUE(closed->getObject("status")->getValue<bool>("is_closed")) << closed->getObject("status")->getValue<std::string>("name");
  EXPECT_TRUE(contains(Redmine::journals(closed), "título R3 pago em 12/03/2026")) << Redmine::journals(closed);

  const auto list = office->regua({"tasks", "list"});
  EXPECT_TRUE(contains(list.out, "br.regua.redmine #" + std::to_string(maria->getValue<int>("id")))) << list.out;
  EXPECT_TRUE(contains(list.out, "encerrada")) << list.out;
  EXPECT_TRUE(contains(office->regua({"tasks", "list", "--open"}).out, "Maria da Silva"));
  EXPECT_FALSE(contains(office->regua({"tasks", "list", "--open"}).out, "Padaria Boa"));
}

TEST(Redmine, DownTasksWaitThenArePushedOnceWithoutADuplicateIssue) {
  Redmine rm;
  const std::string project = rm.createProject();
  const int ana = rm.createUser(rm.unique("ana"));
  rm.addMember(project, ana);
  rm.addMember(project, rm.createUser(rm.unique("bia")));
  std::uint16_t closedPort = 0;
  {
    Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
    closedPort = socket.address().port();
  }
  const RedmineAccess down{"http://127.0.0.1:" + std::to_string(closedPort), rm.key(), rm.unique("ana")};
  TaskOffice office(rm, project, down);
  ASSERT_EQ(office->regua({"sync"}).exitCode, 0);
  const auto run = office->runDay("2026-03-05");
  ASSERT_EQ(run.exitCode, 0) << run.out << run.err;
  EXPECT_TRUE(contains(run.out, "tarefas: 0 enviadas, 2 aguardando o destino")) << run.out;
  const auto waiting = office->regua({"tasks", "list"});
  EXPECT_TRUE(contains(waiting.out, "br.regua.redmine: aguardando (Redmine em 127.0.0.1:")) << waiting.out;

  // An earlier push reached Redmine just before the host died, without recording the id.
  const auto earlier = rm.call("POST", "/issues.json",
                               R"({"issue":{"project_id":")" + project + R"(","tracker_id":)" +
                                   std::to_string(rm.idOf("trackers", "Cobrança")) +
                                   R"(,"subject":"Cobrar Maria da Silva","custom_fields":[{"id":)" +
                                   std::to_string(rm.idOf("custom_fields", "Cliente (CPF/CNPJ)")) +
                                   R"(,"value":"52998224725"},{"id":)" +
                                   std::to_string(rm.idOf("custom_fields", "Tipo de tarefa")) +
                                   R"(,"value":"cobranca"}]}})");
  const int earlierId = earlier.body->getObject("issue")->getValue<int>("id");

  // Redmine is back.
  office->dir().write("regua.yaml", [&] {
    std::ifstream in(office->dir().path() / "regua.yaml");
    std::stringstream text;
    text << in.rdbuf();
    std::string yaml = text.str();
    yaml.replace(yaml.find(down.url), down.url.size(), rm.url());
    return yaml;
  }());
  const auto push = office->regua({"tasks", "push"});
  ASSERT_EQ(push.exitCode, 0) << push.out << push.err;
  EXPECT_TRUE(contains(push.out, "tarefas: 2 enviadas")) << push.out;
  int count = 0;
  const auto maria = issueFor(rm, project, "52998224725", &count);
  EXPECT_EQ(count, 1) << "the issue the lost push made is found and reused, not doubled";
  EXPECT_EQ(maria->getValue<int>("id"), earlierId);
  EXPECT_EQ(maria->getObject("assigned_to")->getValue<int>("id"), ana);
  EXPECT_EQ(rm.issues(project)->size(), 2u);
  EXPECT_TRUE(contains(office->regua({"tasks", "push"}).out, "tarefas: 0 enviadas")) << "nothing is pushed twice";
}

TEST(Redmine, ARefusalIsRecordedNothingIsLostAndARetryAfterTheFixGoesThrough) {
  Redmine rm;
  const std::string project = rm.createProject();
  const int carlos = rm.createUser(rm.unique("carlos"));  // not a member of the project
  rm.addMember(project, rm.createUser(rm.unique("bia")));
  TaskOffice office(rm, project, {rm.url(), rm.key(), rm.unique("carlos")});
  ASSERT_EQ(office->regua({"sync"}).exitCode, 0);
  const auto run = office->runDay("2026-03-05");
  EXPECT_TRUE(contains(run.out, "tarefas: 1 enviada, 0 aguardando o destino, 1 recusada")) << run.out << run.err;
  EXPECT_TRUE(contains(run.err, "br.regua.redmine recusou a tarefa #1 (cobranca): o Redmine recusou (422")) << run.err;
  const auto history = office->regua({"history", "C1"});
  EXPECT_TRUE(contains(history.out, "tarefa recusada")) << history.out;
  EXPECT_TRUE(contains(history.out, "o Redmine recusou (422 em POST /issues.json)")) << history.out;
  EXPECT_TRUE(contains(office->regua({"tasks", "list", "--open"}).out, "recusada")) << "kept locally";

  // Pushing again changes nothing until the office fixes Redmine and asks for a retry.
  EXPECT_TRUE(contains(office->regua({"tasks", "push"}).out, "tarefas: 0 enviadas"));
  rm.addMember(project, carlos);
  const auto retry = office->regua({"tasks", "push", "--retry-refused"});
  ASSERT_EQ(retry.exitCode, 0) << retry.out << retry.err;
  EXPECT_TRUE(contains(retry.out, "tarefas: 1 enviada")) << retry.out;
  const auto maria = issueFor(rm, project, "52998224725");
  ASSERT_TRUE(maria);
  EXPECT_EQ(maria->getObject("assigned_to")->getValue<int>("id"), carlos);
}

TEST(Redmine, AWrongApiKeyDisablesTheConnectorWithTheReasonAndHealthShowsIt) {
  Redmine rm;
  const std::string project = rm.createProject();
  TaskOffice office(rm, project, {rm.url(), "chave-errada-0000", rm.unique("ana")});
  const auto plugins = office->regua({"plugins", "list"});
  EXPECT_TRUE(contains(plugins.out, "recusou a chave da API (401")) << plugins.out;

  ServeProcess serve(office->dir().path() / "regua.yaml");
  ASSERT_NE(serve.port(), 0) << serve.waitExit() << serve.err();
  const auto [status, body] = serve.request("GET", "/health");
  EXPECT_EQ(status, 200);
  EXPECT_TRUE(contains(body, "\"status\" : \"degraded\"") || contains(body, "\"status\":\"degraded\"")) << body;
  EXPECT_TRUE(contains(body, "recusou a chave da API (401")) << body;
  EXPECT_EQ(serve.stop(SIGTERM), 0) << serve.err();

  // The régua still runs; the tasks wait in the store.
  ASSERT_EQ(office->regua({"sync"}).exitCode, 0);
  ASSERT_EQ(office->runDay("2026-03-05").exitCode, 0);
  EXPECT_TRUE(contains(office->regua({"tasks", "list", "--open"}).out, "Padaria Boa Ltda"));
  EXPECT_EQ(rm.issues(project)->size(), 0u);
}

TEST(Redmine, AKeyRefusedWhilePushingDisablesTheSinkForTheRestOfTheRun) {
  Redmine rm;
  const std::string project = rm.createProject(/*isPublic=*/false);
  std::string outsiderKey;
  rm.createUser(rm.unique("robo"), &outsiderKey);  // a valid key that cannot see the project
  ASSERT_FALSE(outsiderKey.empty());
  TaskOffice office(rm, project, {rm.url(), outsiderKey, rm.unique("ana")});
  EXPECT_FALSE(contains(office->regua({"plugins", "list"}).out, "desativado")) << "the key itself is valid";
  ASSERT_EQ(office->regua({"sync"}).exitCode, 0);
  const auto run = office->runDay("2026-03-05");
  EXPECT_TRUE(contains(run.out, "1 destino desativado")) << run.out << run.err;
  EXPECT_TRUE(contains(run.err, "br.regua.redmine desativado:")) << run.err;
  const auto push = office->regua({"tasks", "push"});
  EXPECT_EQ(push.exitCode, 1);
  EXPECT_TRUE(contains(push.err, "desativado")) << push.err;
  EXPECT_TRUE(contains(office->regua({"tasks", "list", "--open"}).out, "Maria da Silva")) << "nothing lost locally";
  EXPECT_EQ(rm.issues(project)->size(), 0u);
}

}  // namespace
}  // namespace regua::testing
