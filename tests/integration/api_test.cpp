// The REST API end to end: a real `regua serve` on a free loopback port, keys made with
// `regua api-key create`, requests as an office's system sends them.
#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <soci/postgresql/soci-postgresql.h>

#include "cnab_retorno.hpp"
#include "office.hpp"
#include "store/database.hpp"
#include "serve_process.hpp"
#include "test_database.hpp"
#include "test_support.hpp"

namespace {

using regua::testing::ServeProcess;
using regua::testing::TempDir;
using Answer = ServeProcess::Answer;

Poco::JSON::Object::Ptr parse(const std::string& body) {
  return Poco::JSON::Parser().parse(body).extract<Poco::JSON::Object::Ptr>();
}

// The JSON Pointers a problem+json answer names, in order.
std::vector<std::string> pointers(const Answer& answer) {
  std::vector<std::string> out;
  const auto errors = parse(answer.body)->getArray("errors");
  for (std::size_t i = 0; errors && i < errors->size(); ++i) {
    out.push_back(errors->getObject(static_cast<unsigned>(i))->getValue<std::string>("pointer"));
  }
  return out;
}

std::string detailAt(const Answer& answer, const std::string& pointer) {
  const auto errors = parse(answer.body)->getArray("errors");
  for (std::size_t i = 0; errors && i < errors->size(); ++i) {
    const auto e = errors->getObject(static_cast<unsigned>(i));
    if (e->getValue<std::string>("pointer") == pointer) return e->getValue<std::string>("detail");
  }
  return "(no error at " + pointer + " in " + answer.body + ")";
}

const std::string kClientAna = R"({"id": "C1", "name": "Ana Lima", "document": "529.982.247-25", "email": "ana@exemplo.com.br"})";

// An office with no policy yet: the API stores what its systems push.
class Api : public ::testing::Test {
 protected:
  void SetUp() override {
    config_ = dir_.write("regua.yaml", "storage: {url: 'sqlite:regua.db'}\nplugins: []\n");
    for (const char* role : {"admin", "operador", "leitura", "integracao"}) keys_[role] = createKey(role, role);
    serve_ = std::make_unique<ServeProcess>(config_);
    ASSERT_NE(serve_->port(), 0) << serve_->waitExit() << serve_->err();
  }

  std::string createKey(const std::string& name, const std::string& role) {
    const auto made = regua("api-key", {"create", "--name", name, "--role", role});
    EXPECT_EQ(made.exitCode, 0) << made.err;
    return regua::testing::bearerFrom(made.out).substr(7);  // the key alone
  }
  regua::testing::RunResult regua(const std::string& command, std::vector<std::string> args) {
    args.insert(args.begin(), {"--config", config_.string(), command});
    return regua::testing::run(REGUA_BINARY, args);
  }
  Answer post(const std::string& path, const std::string& body, const std::string& role = "integracao",
              std::vector<std::pair<std::string, std::string>> headers = {}) {
    headers.emplace_back("Authorization", "Bearer " + keys_.at(role));
    return serve_->call("POST", path, body, headers);
  }

  TempDir dir_;
  std::filesystem::path config_;
  std::map<std::string, std::string> keys_;
  std::unique_ptr<ServeProcess> serve_;
};

TEST_F(Api, EveryCallNeedsAKeyOfARoleThatMayDoIt) {
  const std::string batch = R"({"clients": [)" + kClientAna + "]}";
  auto answer = serve_->call("POST", "/api/v1/clients", batch);
  EXPECT_EQ(answer.status, 401);
  EXPECT_EQ(answer.contentType, "application/problem+json; charset=utf-8");
  EXPECT_EQ(answer.headers["WWW-Authenticate"], "Bearer realm=\"regua\"");
  EXPECT_NE(parse(answer.body)->getValue<std::string>("detail").find("regua api-key create"), std::string::npos);

  answer = serve_->call("POST", "/api/v1/clients", batch, {{"Authorization", "Bearer rgk_1_" + std::string(64, '0')}});
  EXPECT_EQ(answer.status, 401) << "a key whose secret does not match";
  answer = serve_->call("POST", "/api/v1/clients", batch, {{"Authorization", "Basic dXNlcjpwYXNz"}});
  EXPECT_EQ(answer.status, 401);

  answer = post("/api/v1/clients", batch, "leitura");
  EXPECT_EQ(answer.status, 403) << answer.body;
  EXPECT_NE(answer.body.find("a chave 'leitura' (papel leitura) não pode usar POST /api/v1/clients"), std::string::npos);
  EXPECT_EQ(post("/api/v1/clients", batch, "operador").status, 403);

  EXPECT_EQ(post("/api/v1/clients", batch, "integracao").status, 200);
  EXPECT_EQ(post("/api/v1/clients", batch, "admin").status, 200);

  // Revoked from the CLI while the server runs: refused from the next request on.
  EXPECT_EQ(regua("api-key", {"revoke", "integracao"}).exitCode, 0);
  answer = post("/api/v1/clients", batch, "integracao");
  EXPECT_EQ(answer.status, 401);
  EXPECT_NE(answer.body.find("revogada"), std::string::npos) << answer.body;

  // One log line per request with the key's name; never the key, never the CPF.
  EXPECT_EQ(serve_->stop(SIGTERM), 0);
  const std::string& log = serve_->err();
  EXPECT_NE(log.find("POST /api/v1/clients 200"), std::string::npos) << log;
  EXPECT_NE(log.find("chave=admin"), std::string::npos) << log;
  for (const auto& [role, key] : keys_) EXPECT_EQ(log.find(key.substr(4)), std::string::npos) << role;
  // Ana's CPF, 529.982.247-25, in any spelling: a bare "529" is also found in a port or a
  // timestamp of the log.
  for (const char* piece : {"529.982", "982.247", "5299822", "9822472"}) {
    EXPECT_EQ(log.find(piece), std::string::npos) << piece << "\n" << log;
  }
}

TEST_F(Api, ABatchIsStoredWholeOrNotAtAllAndEveryBadFieldIsNamed) {
  ASSERT_EQ(post("/api/v1/clients", R"({"clients": [)" + kClientAna + "]}").status, 200);
  const auto refused = post("/api/v1/receivables", R"({"receivables": [
    {"id": "T1", "client_id": "C1", "amount": 150000, "due_date": "2026-12-10"},
    {"id": "T2", "client_id": "C1", "amount": 1500.00, "due_date": "2026-12-10"},
    {"id": "T3", "client_id": "C1", "amount": "1.500,00", "due_date": "2026-02-30"},
    {"id": "T4", "client_id": "C1", "amount": 100, "due_date": "2026-12-10", "valor": 1},
    {"id": 5, "client_id": "C1", "amount": 100, "due_date": "10/12/2026"}
  ]})");
  ASSERT_EQ(refused.status, 422) << refused.body;
  EXPECT_EQ(refused.contentType, "application/problem+json; charset=utf-8");
  EXPECT_EQ(pointers(refused),
            (std::vector<std::string>{"/receivables/1/amount", "/receivables/2/amount", "/receivables/2/due_date",
                                      "/receivables/3/valor", "/receivables/4/id", "/receivables/4/due_date"}));
  EXPECT_NE(detailAt(refused, "/receivables/1/amount").find("R$ 1.500,00 é 150000"), std::string::npos);
  EXPECT_NE(detailAt(refused, "/receivables/3/valor").find("os aceitos são: id, client_id, description, amount"),
            std::string::npos);
  EXPECT_NE(detailAt(refused, "/receivables/2/due_date").find("AAAA-MM-DD"), std::string::npos);

  // What the store refuses is named the same way: a client that does not exist, an id
  // twice in one batch. Nothing of either batch was stored: T1 is new afterwards.
  const auto unknown = post("/api/v1/receivables", R"({"receivables": [
    {"id": "T1", "client_id": "C1", "amount": 150000, "due_date": "2026-12-10"},
    {"id": "T1", "client_id": "C1", "amount": 150000, "due_date": "2026-12-10"},
    {"id": "T9", "client_id": "C404", "amount": 100, "due_date": "2026-12-10"}
  ]})");
  ASSERT_EQ(unknown.status, 422) << unknown.body;
  EXPECT_EQ(pointers(unknown), (std::vector<std::string>{"/receivables/1/id", "/receivables/2/client_id"}));
  EXPECT_NE(detailAt(unknown, "/receivables/2/client_id").find("o cliente 'C404' não existe"), std::string::npos);
  const auto stored = post("/api/v1/receivables",
                           R"({"receivables": [{"id": "T1", "client_id": "C1", "amount": 150000, "due_date": "2026-12-10"}]})");
  ASSERT_EQ(stored.status, 200) << stored.body;
  EXPECT_EQ(parse(stored.body)->getObject("receivables")->getValue<int>("added"), 1);
  // The same again is idempotent by the office's id.
  const auto again = post("/api/v1/receivables",
                          R"({"receivables": [{"id": "T1", "client_id": "C1", "amount": 150000, "due_date": "2026-12-10"}]})");
  EXPECT_EQ(parse(again.body)->getObject("receivables")->getValue<int>("unchanged"), 1) << again.body;
}

TEST_F(Api, MalformedOrOversizedBodiesAreRefusedAndTheServerKeepsServing) {
  auto answer = post("/api/v1/clients", R"({"clients": [{"id": "C1",)");
  EXPECT_EQ(answer.status, 400);
  EXPECT_NE(answer.body.find("JSON malformado na linha 1, coluna 26"), std::string::npos) << answer.body;
  answer = post("/api/v1/clients", "{\"clients\": [\n  {\"id\": \"Ç1\",, \"name\": \"X\"}]}");
  EXPECT_EQ(answer.status, 400);
  EXPECT_NE(answer.body.find("JSON malformado na linha 2, coluna 15"), std::string::npos) << answer.body;
  answer = post("/api/v1/clients", R"({"clients": [{"amount": 1.5e}]})");
  EXPECT_NE(answer.body.find("JSON malformado na linha 1, coluna 29"), std::string::npos) << answer.body;
  answer = post("/api/v1/clients", "[1, 2]");
  EXPECT_EQ(answer.status, 400);
  EXPECT_NE(answer.body.find("o corpo deve ser um objeto JSON, veio lista"), std::string::npos) << answer.body;
  answer = post("/api/v1/clients", R"({"clientes": []})");
  EXPECT_EQ(answer.status, 422);
  EXPECT_EQ(pointers(answer), (std::vector<std::string>{"/clientes", "/clients"}));

  std::string big = R"({"receivables": [)";
  for (int i = 0; i <= 10'000; ++i) {
    big += (i ? "," : "") + std::string(R"({"id": "T)") + std::to_string(i) +
           R"(", "client_id": "C1", "amount": 100, "due_date": "2026-12-10"})";
  }
  big += "]}";
  answer = post("/api/v1/receivables", big);
  EXPECT_EQ(answer.status, 422);
  EXPECT_NE(detailAt(answer, "/receivables").find("lote com 10001 itens; o máximo é 10000"), std::string::npos);
  EXPECT_EQ(serve_->request("GET", "/health").first, 200);
}

// Another writer holds the SQLite file past the busy timeout: 503 with Retry-After, the
// batch not stored, and the same batch goes in once the file is free.
TEST_F(Api, AStoreThatCannotTakeTheBatchNowAnswers503) {
  const std::string batch = R"({"clients": [)" + kClientAna + "]}";
  {
    const auto other = regua::store::Database::open("sqlite:" + (dir_.path() / "regua.db").string());
    other->sql() << "BEGIN EXCLUSIVE";
    const auto busy = post("/api/v1/clients", batch);
    EXPECT_EQ(busy.status, 503) << busy.body;
    EXPECT_EQ(busy.headers.count("Retry-After"), 1u);
    EXPECT_NE(parse(busy.body)->getValue<std::string>("detail").find("tente de novo"), std::string::npos) << busy.body;
    other->sql() << "ROLLBACK";
  }
  const auto stored = post("/api/v1/clients", batch);
  ASSERT_EQ(stored.status, 200) << stored.body;
  EXPECT_EQ(parse(stored.body)->getObject("clients")->getValue<int>("added"), 1);
}

TEST_F(Api, ARetriedPostWithTheSameIdempotencyKeyGetsTheFirstAnswer) {
  const std::string batch = R"({"clients": [)" + kClientAna + "]}";
  const auto first = post("/api/v1/clients", batch, "integracao", {{"Idempotency-Key", "lote-2026-12-01-a"}});
  ASSERT_EQ(first.status, 200) << first.body;
  const auto retried = post("/api/v1/clients", batch, "integracao", {{"Idempotency-Key", "lote-2026-12-01-a"}});
  EXPECT_EQ(retried.status, 200);
  EXPECT_EQ(retried.body, first.body) << "the first answer (added: 1), not a second run (unchanged: 1)";
  ASSERT_EQ(retried.headers.count("Idempotent-Replayed"), 1u);
  EXPECT_EQ(retried.headers.at("Idempotent-Replayed"), "true");
  const auto other = post("/api/v1/clients", R"({"clients": []})", "integracao", {{"Idempotency-Key", "lote-2026-12-01-a"}});
  EXPECT_EQ(other.status, 422);
  EXPECT_NE(other.body.find("já foi usada com outra requisição"), std::string::npos) << other.body;
  // Without the header the same batch runs again.
  EXPECT_NE(post("/api/v1/clients", batch).body, first.body);
}

TEST_F(Api, APaymentSettlesTheReceivableAsASyncedOneDoes) {
  ASSERT_EQ(post("/api/v1/clients", R"({"clients": [)" + kClientAna + "]}").status, 200);
  ASSERT_EQ(post("/api/v1/receivables",
                 R"({"receivables": [{"id": "T1", "client_id": "C1", "amount": 150000, "issue_date": "2026-01-05", "due_date": "2026-01-10"}]})")
                .status,
            200);
  const std::string payment = R"({"payments": [{"id": "P1", "receivable_id": "T1", "amount": 150000, "paid_date": "2026-01-10"}]})";
  EXPECT_EQ(post("/api/v1/payments", payment, "leitura").status, 403);
  const auto paid = post("/api/v1/payments", payment, "operador");
  ASSERT_EQ(paid.status, 200) << paid.body;
  const auto report = parse(paid.body);
  EXPECT_EQ(report->getObject("payments")->getValue<int>("recorded"), 1);
  EXPECT_EQ(report->getValue<int>("settled"), 1);
  const auto history = regua("history", {"C1", "--source", "api"});
  EXPECT_NE(history.out.find("R$ 1.500,00"), std::string::npos) << history.out << history.err;
  const auto future = post("/api/v1/payments",
                           R"({"payments": [{"id": "P2", "receivable_id": "T1", "amount": 1, "paid_date": "2099-01-10"}]})");
  EXPECT_EQ(future.status, 422);
  EXPECT_EQ(pointers(future), (std::vector<std::string>{"/payments/0/paid_date"}));
}

TEST_F(Api, APaymentMayNameTheBoletoByItsNossoNumero) {
  ASSERT_EQ(post("/api/v1/clients", R"({"clients": [)" + kClientAna + "]}").status, 200);
  ASSERT_EQ(post("/api/v1/receivables",
                 R"({"receivables": [{"id": "T1", "client_id": "C1", "amount": 150000, "due_date": "2026-01-10", "nosso_numero": "00012345"},)"
                 R"( {"id": "T2", "client_id": "C1", "amount": 150000, "due_date": "2026-02-10", "nosso_numero": "00012346"},)"
                 R"( {"id": "T3", "client_id": "C1", "amount": 150000, "due_date": "2026-03-10", "nosso_numero": "00012346"}]})")
                .status,
            200);
  const auto neither = post("/api/v1/payments", R"({"payments": [{"id": "P3", "amount": 150000, "paid_date": "2026-01-10"}]})");
  EXPECT_EQ(neither.status, 422) << neither.body;
  EXPECT_EQ(pointers(neither), (std::vector<std::string>{"/payments/0/receivable_id"})) << neither.body;
  const auto unknown = post("/api/v1/payments",
                            R"({"payments": [{"id": "P1", "nosso_numero": "00099999", "amount": 150000, "paid_date": "2026-01-10"},)"
                            R"( {"id": "P2", "nosso_numero": "00012346", "amount": 150000, "paid_date": "2026-01-10"}]})");
  EXPECT_EQ(unknown.status, 422) << unknown.body;
  EXPECT_EQ(pointers(unknown), (std::vector<std::string>{"/payments/0/nosso_numero", "/payments/1/nosso_numero"}))
      << unknown.body;
  EXPECT_NE(detailAt(unknown, "/payments/0/nosso_numero").find("não é de nenhum título"), std::string::npos);
  EXPECT_NE(detailAt(unknown, "/payments/1/nosso_numero").find("está em 2 títulos"), std::string::npos);
  const auto paid = post("/api/v1/payments",
                         R"({"payments": [{"id": "P1", "nosso_numero": "00012345", "amount": 150000, "paid_date": "2026-01-10"}]})");
  ASSERT_EQ(paid.status, 200) << paid.body;
  EXPECT_EQ(parse(paid.body)->getValue<int>("settled"), 1);
}

// The test office with the penalties plugin and 2% fine, 1% a month interest, synced.
// `serve` does not run today's cycle here: the tests run the days they need.
std::unique_ptr<regua::testing::Office> officeWithPenalties() {
  auto office = std::make_unique<regua::testing::Office>("  - path: " REGUA_PLUGIN_DIR "/regua_penalties.so\n",
                                                         "  run_at: \"off\"\n");
  std::string policy = regua::testing::kPolicy;
  policy.insert(policy.find("stages:"), "penalties: {fine_percent: 2, interest_monthly_percent: 1}\n");
  office->dir().write("policies/teste.yaml", policy);
  EXPECT_EQ(office->regua({"sync"}).exitCode, 0);
  return office;
}

// Two bank credits Régua could not place: a reader lists them with their candidates;
// an operator matches one to Maria's R1 and ignores the other, and the history keeps
// which key decided. A decided credit cannot be decided again.
TEST(ApiReconciliation, TheQueueIsListedMatchedAndIgnoredByWhoMayDecide) {
  regua::testing::Office office("", "", "  - path: " REGUA_PLUGIN_DIR "/regua_cnab.so\n    config: {file: banco.ret, layout: febraban}\n");
  namespace cnab = regua::testing::cnab240;
  office.dir().write("banco.ret", cnab::join(cnab::retorno({{"06", "777", "", 10000, 10000, 0, 0, "04032026", "05032026"},
                                                            {"06", "778", "", 500000, 500000, 0, 0, "04032026", "05032026"}})));
  const auto synced = office.regua({"sync"});
  ASSERT_EQ(synced.exitCode, 0) << synced.err;
  const auto reader = office.regua({"api-key", "create", "--name", "painel", "--role", "leitura"});
  const auto operador = office.regua({"api-key", "create", "--name", "financeiro", "--role", "operador"});
  ServeProcess serve(office.dir().path() / "regua.yaml");
  ASSERT_NE(serve.port(), 0) << serve.waitExit() << serve.err();
  const std::vector<std::pair<std::string, std::string>> read = {{"Authorization", regua::testing::bearerFrom(reader.out)}},
                                                         operate = {{"Authorization", regua::testing::bearerFrom(operador.out)}};

  const auto queue = serve.call("GET", "/api/v1/reconciliation", "", read);
  ASSERT_EQ(queue.status, 200) << queue.body;
  const auto items = parse(queue.body)->getArray("items");
  ASSERT_EQ(items->size(), 2u) << queue.body;
  const auto first = items->getObject(0);
  EXPECT_EQ(first->getValue<std::string>("reason"), "nenhum título tem o nosso número 777");
  ASSERT_EQ(first->getArray("candidates")->size(), 1u) << "R1 is the one open receivable of R$ 100,00";
  EXPECT_EQ(first->getArray("candidates")->getObject(0)->getValue<std::string>("receivable"), "R1");

  EXPECT_EQ(serve.call("POST", "/api/v1/reconciliation/1/match", R"({"receivables": ["R1"]})", read).status, 403);
  const auto empty = serve.call("POST", "/api/v1/reconciliation/1/match", R"({"receivables": []})", operate);
  EXPECT_EQ(empty.status, 422);
  EXPECT_NE(empty.body.find("/receivables"), std::string::npos) << empty.body;
  const auto matched = serve.call("POST", "/api/v1/reconciliation/1/match", R"({"receivables": ["R1"]})", operate);
  ASSERT_EQ(matched.status, 200) << matched.body;
  EXPECT_EQ(parse(matched.body)->getValue<int>("settled"), 1);
  const auto ignored = serve.call("POST", "/api/v1/reconciliation/2/ignore", R"({"reason": "transferência entre contas"})", operate);
  ASSERT_EQ(ignored.status, 200) << ignored.body;
  EXPECT_EQ(parse(ignored.body)->getValue<std::string>("decided_by"), "api:financeiro");
  const auto again = serve.call("POST", "/api/v1/reconciliation/2/match", R"({"receivables": ["R2"]})", operate);
  EXPECT_EQ(again.status, 422);
  EXPECT_NE(again.body.find("já foi ignorado por api:financeiro"), std::string::npos) << again.body;
  EXPECT_EQ(serve.call("POST", "/api/v1/reconciliation/99/ignore", "", operate).status, 404);
  EXPECT_EQ(serve.call("GET", "/api/v1/reconciliation?state=talvez", "", read).status, 400);

  const auto all = parse(serve.call("GET", "/api/v1/reconciliation?state=all", "", read).body)->getArray("items");
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ(all->getObject(0)->getValue<std::string>("state"), "matched");
  EXPECT_EQ(all->getObject(1)->getValue<std::string>("state"), "ignored");
  EXPECT_EQ(parse(serve.call("GET", "/api/v1/reconciliation", "", read).body)->getArray("items")->size(), 0u);
  const auto history = office.regua({"history", "C1"}).out;
  EXPECT_NE(history.find("crédito #1 de R$ 100,00 em 04/03/2026 (banco.ret:3) associado a R1 por api:financeiro"),
            std::string::npos)
      << history;
}

// One client on one screen: the API's amounts today are the dry run's (one core), and
// the stages the régua carried out are listed.
TEST(ApiReads, AClientWithTodaysAmountsStagesAndProfile) {
  auto owned = officeWithPenalties();
  auto& office = *owned;
  const auto run = office.runDay("2026-02-27", "10:00");  // D-3: lembrete
  ASSERT_EQ(run.exitCode, 0) << run.err;
  const auto dry = office.regua({"run", "--as-of", "2026-03-12", "--dry-run", "--json"});
  ASSERT_EQ(dry.exitCode, 0) << dry.err;
  std::map<std::string, long> dryAmounts;
  const auto intents = parse(dry.out)->getArray("items");
  for (std::size_t i = 0; i < intents->size(); ++i) {
    const auto item = intents->getObject(static_cast<unsigned>(i));
    dryAmounts[item->getValue<std::string>("receivable")] =
        item->getObject("amount_today")->getValue<long>("centavos");
  }
  const auto made = office.regua({"api-key", "create", "--name", "painel", "--role", "leitura"});
  ASSERT_EQ(made.exitCode, 0) << made.err;
  ServeProcess serve(office.dir().path() / "regua.yaml");
  ASSERT_NE(serve.port(), 0) << serve.waitExit() << serve.err();
  const std::vector<std::pair<std::string, std::string>> auth = {{"Authorization", regua::testing::bearerFrom(made.out)}};

  const auto answer = serve.call("GET", "/api/v1/clients/C1?on=2026-03-12", "", auth);
  ASSERT_EQ(answer.status, 200) << answer.body;
  const auto client = parse(answer.body);
  EXPECT_EQ(client->getObject("client")->getValue<std::string>("name"), "Maria da Silva");
  const auto items = client->getArray("open_items");
  ASSERT_EQ(items->size(), 2u);
  long total = 0;
  for (std::size_t i = 0; i < items->size(); ++i) {
    const auto item = items->getObject(static_cast<unsigned>(i));
    const auto id = item->getValue<std::string>("id");
    const long today = item->getObject("amount_today")->getValue<long>("centavos");
    ASSERT_EQ(dryAmounts.count(id), 1u) << id << " " << dry.out;
    EXPECT_EQ(today, dryAmounts[id]) << id;
    EXPECT_GT(today, item->getObject("open")->getValue<long>("centavos")) << "fine and interest after 10 days";
    EXPECT_EQ(item->getValue<int>("days_late"), 10);
    total += today;
  }
  EXPECT_EQ(client->getObject("total_today")->getValue<long>("centavos"), total);
  EXPECT_EQ(client->getObject("payment_profile")->getValue<std::string>("kind"), "ocasional");
  const auto stages = client->getArray("stages_done");
  ASSERT_GE(stages->size(), 1u) << answer.body;
  EXPECT_EQ(stages->getObject(0)->getValue<std::string>("stage"), "lembrete");

  // The CLI prints the same document.
  const auto cli = office.regua({"client", "show", "C1", "--as-of", "2026-03-12", "--json"});
  ASSERT_EQ(cli.exitCode, 0) << cli.err;
  std::ostringstream fromCli, fromApi;
  parse(cli.out)->stringify(fromCli);
  client->stringify(fromApi);
  EXPECT_EQ(fromCli.str(), fromApi.str());

  // By CPF too; an unknown client and a bad date are explained.
  EXPECT_EQ(serve.call("GET", "/api/v1/clients/529.982.247-25?on=2026-03-12", "", auth).status, 200);
  const auto missing = serve.call("GET", "/api/v1/clients/C404", "", auth);
  EXPECT_EQ(missing.status, 404);
  EXPECT_NE(missing.body.find("cliente 'C404' não encontrado"), std::string::npos) << missing.body;
  const auto badDay = serve.call("GET", "/api/v1/clients/C1?on=2026-02-30", "", auth);
  EXPECT_EQ(badDay.status, 400);
  EXPECT_EQ(serve.call("GET", "/api/v1/clients/C1").status, 401);
}

// The reads an office's systems make, on the test office after a run: a receivable's
// stages (the CLI's explain), its quote, the history a page at a time, the reports.
TEST(ApiReads, ReceivableQuoteHistoryReportsAndTasks) {
  auto owned = officeWithPenalties();
  auto& office = *owned;
  ASSERT_EQ(office.runDay("2026-02-27", "10:00").exitCode, 0);
  ASSERT_EQ(office.runDay("2026-03-05", "10:00").exitCode, 0);
  const auto made = office.regua({"api-key", "create", "--name", "painel", "--role", "leitura"});
  ServeProcess serve(office.dir().path() / "regua.yaml");
  ASSERT_NE(serve.port(), 0) << serve.waitExit() << serve.err();
  const std::vector<std::pair<std::string, std::string>> auth = {{"Authorization", regua::testing::bearerFrom(made.out)}};
  auto get = [&](const std::string& path) { return serve.call("GET", path, "", auth); };

  const auto explained = get("/api/v1/receivables/R1?on=2026-03-12");
  ASSERT_EQ(explained.status, 200) << explained.body;
  const auto cli = office.regua({"explain", "R1", "--as-of", "2026-03-12", "--json"});
  std::ostringstream fromCli, fromApi;
  parse(cli.out)->stringify(fromCli);
  parse(explained.body)->stringify(fromApi);
  EXPECT_EQ(fromApi.str(), fromCli.str());
  EXPECT_EQ(get("/api/v1/receivables/R404").status, 404);

  const auto quoted = get("/api/v1/quote?receivable=R1&on=2026-03-12");
  ASSERT_EQ(quoted.status, 200) << quoted.body;
  const auto q = parse(quoted.body);
  const long fine = q->getObject("fine")->getValue<long>("centavos");
  const long interest = q->getObject("interest")->getValue<long>("centavos");
  EXPECT_EQ(fine, 200) << "2% of R$ 100,00";
  EXPECT_GT(interest, 0);
  EXPECT_EQ(q->getObject("total")->getValue<long>("centavos"), 10000 + fine + interest);
  const auto overview = parse(get("/api/v1/clients/C1?on=2026-03-12").body);
  const auto items = overview->getArray("open_items");
  for (std::size_t i = 0; i < items->size(); ++i) {
    const auto item = items->getObject(static_cast<unsigned>(i));
    if (item->getValue<std::string>("id") != "R1") continue;
    EXPECT_EQ(item->getObject("amount_today")->getValue<long>("centavos"),
              q->getObject("total")->getValue<long>("centavos"));
  }
  EXPECT_EQ(get("/api/v1/quote?on=2026-03-12").status, 400);

  // The history a page at a time, newest first, every entry once.
  std::vector<long> ids;
  std::string cursor;
  for (int pages = 0; pages < 20; ++pages) {
    const auto page = get("/api/v1/clients/C1/history?limit=2" + (cursor.empty() ? "" : "&cursor=" + cursor));
    ASSERT_EQ(page.status, 200) << page.body;
    const auto body = parse(page.body);
    const auto list = body->getArray("items");
    for (std::size_t i = 0; i < list->size(); ++i) ids.push_back(list->getObject(static_cast<unsigned>(i))->getValue<long>("id"));
    if (body->isNull("next_cursor")) break;
    cursor = body->getValue<std::string>("next_cursor");
  }
  ASSERT_GE(ids.size(), 3u) << "two reminders and a task action at least";
  for (std::size_t i = 1; i < ids.size(); ++i) EXPECT_LT(ids[i], ids[i - 1]);
  EXPECT_EQ(get("/api/v1/clients/C1/history?limit=0").status, 400);
  EXPECT_EQ(get("/api/v1/clients/C1/history?cursor=abc").status, 400);

  const auto report = parse(get("/api/v1/reports/delinquents?on=2026-03-12").body);
  EXPECT_EQ(report->getArray("items")->size(), 2u);
  const auto firstPage = parse(get("/api/v1/reports/delinquents?on=2026-03-12&limit=1").body);
  ASSERT_EQ(firstPage->getArray("items")->size(), 1u);
  const auto secondPage =
      parse(get("/api/v1/reports/delinquents?on=2026-03-12&limit=1&cursor=" + firstPage->getValue<std::string>("next_cursor")).body);
  ASSERT_EQ(secondPage->getArray("items")->size(), 1u);
  EXPECT_TRUE(secondPage->isNull("next_cursor"));
  EXPECT_NE(firstPage->getArray("items")->getObject(0)->getValue<std::string>("client"),
            secondPage->getArray("items")->getObject(0)->getValue<std::string>("client"));
  const auto aging = parse(get("/api/v1/reports/aging?on=2026-03-12").body);
  const auto buckets = aging->getArray("buckets");
  ASSERT_EQ(buckets->size(), 5u);
  EXPECT_EQ(buckets->getObject(1)->getValue<std::string>("bucket"), "6-30");
  EXPECT_EQ(buckets->getObject(1)->getValue<int>("clients"), 2);
  EXPECT_EQ(buckets->getObject(1)->getObject("overdue")->getValue<long>("centavos"), 160000);
  EXPECT_EQ(get("/api/v1/tasks?open=true").status, 200);
  EXPECT_EQ(get("/api/v1/tasks?open=talvez").status, 400);
}

// The day's cycle through the API: sync, the dry run a page at a time, the real run,
// and a 409 naming who holds the engine while another process runs it.
TEST(ApiRuns, SyncPreviewRunAndTheLockHeldElsewhere) {
  using regua::testing::Office;
  // serve's own scheduler stays out of the way: no periodic sync, no daily run.
  Office office("", "  run_at: \"off\"\n  sync_every_minutes: 0\n");
  const auto made = office.regua({"api-key", "create", "--name", "operacao", "--role", "admin"});
  ServeProcess serve(office.dir().path() / "regua.yaml");
  ASSERT_NE(serve.port(), 0) << serve.waitExit() << serve.err();
  const std::vector<std::pair<std::string, std::string>> auth = {{"Authorization", regua::testing::bearerFrom(made.out)}};

  const auto synced = serve.call("POST", "/api/v1/sync", "", auth);
  ASSERT_EQ(synced.status, 200) << synced.body;
  const auto sources = parse(synced.body)->getArray("sources");
  ASSERT_EQ(sources->size(), 1u);
  EXPECT_EQ(sources->getObject(0)->getObject("receivables")->getValue<int>("added"), 3);

  // D+3 of the three receivables: two reminders, one task per client... a page of 2.
  const auto first = serve.call("GET", "/api/v1/runs/2026-03-05/preview?limit=2", "", auth);
  ASSERT_EQ(first.status, 200) << first.body;
  const auto page = parse(first.body);
  const int toRun = page->getValue<int>("to_run");
  EXPECT_GT(toRun, 2);
  EXPECT_EQ(page->getArray("items")->size(), 2u);
  const auto rest = serve.call("GET", "/api/v1/runs/2026-03-05/preview?limit=100&cursor=" +
                                          page->getValue<std::string>("next_cursor"), "", auth);
  EXPECT_EQ(static_cast<int>(parse(rest.body)->getArray("items")->size()), toRun - 2);
  // Without limit or cursor, the whole day streams as it is planned.
  const auto whole = serve.call("GET", "/api/v1/runs/2026-03-05/preview", "", auth);
  ASSERT_EQ(whole.status, 200) << whole.body;
  EXPECT_EQ(whole.headers.count("Content-Length"), 0u);
  EXPECT_EQ(whole.headers.at("Transfer-Encoding"), "chunked");
  EXPECT_EQ(static_cast<int>(parse(whole.body)->getArray("items")->size()), toRun);
  EXPECT_TRUE(parse(whole.body)->isNull("next_cursor"));
  const auto cli = office.regua({"run", "--as-of", "2026-03-05", "--dry-run", "--json"});
  EXPECT_EQ(cli.out, whole.body + "\n") << "regua run --dry-run --json prints the API's document";
  EXPECT_EQ(serve.call("GET", "/api/v1/runs/2026-02-30/preview", "", auth).status, 400);
  EXPECT_TRUE(office.recorded().empty()) << "a preview carries nothing out";

  {
    // Another process holds the engine: the API says who, and runs nothing.
    const auto lockPath = office.dir().path() / "regua.db.engine-lock";
    const int fd = ::open(lockPath.c_str(), O_RDWR | O_CREAT, 0600);
    ASSERT_GE(fd, 0);
    ASSERT_EQ(::flock(fd, LOCK_EX | LOCK_NB), 0);
    // A live process (this one): a dead one's name would not count as a holder.
    const std::string holder = "processo " + std::to_string(::getpid()) + " em outro-host desde 2026-03-05T13:00:00Z";
    ASSERT_EQ(::ftruncate(fd, 0), 0);
    ASSERT_EQ(::write(fd, holder.data(), holder.size()), static_cast<ssize_t>(holder.size()));
    const auto busy = serve.call("POST", "/api/v1/runs", R"({"date": "2026-03-05", "at": "10:00"})", auth);
    EXPECT_EQ(busy.status, 409);
    EXPECT_NE(busy.body.find(holder), std::string::npos) << busy.body;
    ::close(fd);
  }
  const auto ran = serve.call("POST", "/api/v1/runs", R"({"date": "2026-03-05", "at": "10:00"})", auth);
  ASSERT_EQ(ran.status, 200) << ran.body;
  EXPECT_EQ(parse(ran.body)->getValue<int>("created"), toRun);
  EXPECT_FALSE(office.recorded().empty());
  // Who did it and how far the day got: the document regua status --json prints.
  const auto status = serve.call("GET", "/api/v1/status?on=2026-03-05", "", auth);
  ASSERT_EQ(status.status, 200) << status.body;
  const auto progress = parse(status.body)->getObject("progress");
  EXPECT_EQ(progress->getValue<int>("planned"), toRun);
  EXPECT_EQ(progress->getValue<int>("done"), parse(ran.body)->getValue<int>("sent"));
  EXPECT_EQ(parse(status.body)->getArray("hosts")->size(), 1u) << status.body;
  const auto cliStatus = parse(office.regua({"status", "--as-of", "2026-03-05", "--json"}).out);
  EXPECT_EQ(cliStatus->getObject("progress")->getValue<int>("done"), progress->getValue<int>("done"));
  EXPECT_EQ(serve.call("GET", "/api/v1/status?on=2026-02-30", "", auth).status, 400);
  const auto badBody = serve.call("POST", "/api/v1/runs", R"({"date": "2026-03-05", "at": "25:00", "x": 1})", auth);
  EXPECT_EQ(badBody.status, 422);
  EXPECT_EQ(pointers(badBody), (std::vector<std::string>{"/x", "/at"}));
}

// An operator negotiates through the API what the CLI negotiates: offers, a proposal
// (a read-only key may not), accepting it, a promise, a cancelled receivable.
TEST(ApiNegotiation, OffersProposeAcceptPromiseAndCancel) {
  using namespace regua::testing;
  Office office("  - path: " REGUA_PLUGIN_DIR "/regua_penalties.so\n", "  run_at: \"off\"\n  sync_every_minutes: 0\n");
  office.dir().write("policies/teste.yaml", kNegotiationPolicy);
  office.dir().write("policies/acordo.yaml", kAgreementPolicy);
  ASSERT_EQ(office.regua({"sync"}).exitCode, 0);
  auto keyFor = [&](const std::string& role) {
    return bearerFrom(office.regua({"api-key", "create", "--name", role, "--role", role}).out);
  };
  const std::vector<std::pair<std::string, std::string>> operador = {{"Authorization", keyFor("operador")}};
  const std::vector<std::pair<std::string, std::string>> leitura = {{"Authorization", keyFor("leitura")}};
  ServeProcess serve(office.dir().path() / "regua.yaml");
  ASSERT_NE(serve.port(), 0) << serve.waitExit() << serve.err();

  const auto offers = serve.call("GET", "/api/v1/clients/C2/offers?on=2026-03-20", "", leitura);
  ASSERT_EQ(offers.status, 200) << offers.body;
  const auto cli = office.regua({"agreement", "offers", "C2", "--as-of", "2026-03-20", "--json"});
  std::ostringstream fromCli, fromApi;
  parse(cli.out)->stringify(fromCli);
  parse(offers.body)->stringify(fromApi);
  EXPECT_EQ(fromApi.str(), fromCli.str());

  const std::string proposal = R"({"installments": 3, "on": "2026-03-20"})";
  EXPECT_EQ(serve.call("POST", "/api/v1/clients/C2/agreements", proposal, leitura).status, 403);
  const auto tooMany = serve.call("POST", "/api/v1/clients/C2/agreements", R"({"installments": 12, "on": "2026-03-20"})", operador);
  EXPECT_EQ(tooMany.status, 422);
  EXPECT_NE(tooMany.body.find("a política permite até 6"), std::string::npos) << tooMany.body;
  const auto proposed = serve.call("POST", "/api/v1/clients/C2/agreements", proposal, operador);
  ASSERT_EQ(proposed.status, 201) << proposed.body;
  const auto agreement = parse(proposed.body);
  EXPECT_EQ(agreement->getValue<std::string>("status"), "proposed");
  const std::string id = std::to_string(agreement->getValue<long>("id"));
  const auto accepted = serve.call("POST", "/api/v1/agreements/" + id + "/accept", R"({"on": "2026-03-20"})", operador);
  ASSERT_EQ(accepted.status, 200) << accepted.body;
  EXPECT_EQ(parse(accepted.body)->getValue<std::string>("status"), "active");
  EXPECT_EQ(serve.call("POST", "/api/v1/agreements/999/accept", "", operador).status, 422);
  EXPECT_EQ(serve.call("POST", "/api/v1/agreements/abc/accept", "", operador).status, 404);
  const auto history = office.regua({"history", "C2"});
  EXPECT_NE(history.out.find("api:operador"), std::string::npos) << history.out;

  const auto promised = serve.call("POST", "/api/v1/clients/C1/promises", R"({"until": "2026-03-10", "amount": 30000, "on": "2026-03-05"})", operador);
  ASSERT_EQ(promised.status, 201) << promised.body;
  EXPECT_EQ(parse(promised.body)->getValue<std::string>("check_on"), "2026-03-11");
  EXPECT_EQ(serve.call("POST", "/api/v1/clients/C1/promises", R"({"amount": 1.5})", operador).status, 422);

  const auto cancelled = serve.call("POST", "/api/v1/receivables/R2/cancel", R"({"reason": "emitido em duplicidade"})", operador);
  ASSERT_EQ(cancelled.status, 200) << cancelled.body;
  EXPECT_EQ(parse(cancelled.body)->getValue<std::string>("status"), "cancelled");
  const auto again = serve.call("POST", "/api/v1/receivables/R2/cancel", "", operador);
  EXPECT_EQ(again.status, 422);
  EXPECT_NE(again.body.find("já está cancelado"), std::string::npos) << again.body;
  const auto overview = parse(serve.call("GET", "/api/v1/clients/C1?on=2026-03-05", "", leitura).body);
  EXPECT_EQ(overview->getArray("open_items")->size(), 1u) << "R2 is no longer collected";
  EXPECT_FALSE(overview->isNull("open_promise"));
}

}  // namespace

// A PostgreSQL restart, a failover or a DBA's pg_terminate_backend drops the workers'
// connections: the request that meets a dropped one gets 503 and may be retried, and
// the worker opens a new connection for the next, without restarting serve.
TEST(ApiOnPostgres, ConnectionsTheServerDroppedAreOpenedAgain) {
  regua::testing::TestDatabase database(regua::store::Backend::kPostgres);
  TempDir dir;
  const auto config = dir.write("regua.yaml", "storage: {url: '" + database.url() +
                                                  "'}\nplugins: []\nhttp: {workers: 2}\n");
  const auto made = regua::testing::run(REGUA_BINARY, {"--config", config.string(), "api-key", "create", "--name",
                                                       "erp", "--role", "admin"});
  ASSERT_EQ(made.exitCode, 0) << made.err;
  const std::vector<std::pair<std::string, std::string>> auth{{"Authorization", regua::testing::bearerFrom(made.out)}};
  ServeProcess serve(config);
  ASSERT_NE(serve.port(), 0) << serve.waitExit() << serve.err();
  ASSERT_EQ(serve.call("POST", "/api/v1/clients", R"({"clients": [)" + kClientAna + "]}", auth).status, 200);
  for (int i = 0; i < 4; ++i) ASSERT_EQ(serve.call("GET", "/api/v1/clients/C1", "", auth).status, 200);

  soci::session admin(soci::postgresql, regua::store::postgresConninfo(database.url()));
  admin << "SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity "
           "WHERE datname = current_database() AND pid <> pg_backend_pid()";

  int refused = 0;
  Answer answer;
  for (int attempt = 0; attempt < 6; ++attempt) {
    answer = serve.call("GET", "/api/v1/clients/C1", "", auth);
    if (answer.status == 200) break;
    ++refused;
    EXPECT_EQ(answer.status, 503) << answer.body;
    EXPECT_EQ(answer.headers.count("Retry-After"), 1u);
    EXPECT_NE(answer.body.find("tente de novo"), std::string::npos) << answer.body;
  }
  EXPECT_EQ(answer.status, 200) << "serve never opened a new connection: " << answer.body;
  EXPECT_LE(refused, 2) << "at most one refusal per worker whose connection was dropped";
  for (int i = 0; i < 4; ++i) EXPECT_EQ(serve.call("GET", "/api/v1/clients/C1", "", auth).status, 200);
  EXPECT_EQ(serve.call("POST", "/api/v1/clients", R"({"clients": [)" + kClientAna + "]}", auth).status, 200);
}
