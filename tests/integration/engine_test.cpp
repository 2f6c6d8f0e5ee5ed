// The policy engine end to end, as an office runs it: the real `regua` binary, the CSV
// connector, a policy in YAML and a recording action plugin standing in for reminders
// and tasks (each call it receives is one line in a file).
#include <gtest/gtest.h>

#include <signal.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

#include <sqlite3.h>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include "office.hpp"
#include "test_support.hpp"

namespace regua::testing {
namespace {


TEST(Engine, RunsTheDayMergingPerClientAndChannelAndTheSameDayAgainDoesNothing) {
  Office office;
  ASSERT_EQ(office.regua({"sync"}).exitCode, 0);
  const auto first = office.runDay("2026-03-05");
  ASSERT_EQ(first.exitCode, 0) << first.err;
  // 3 receivables × (remind + create_task) at D+3, merged into one call per client for
  // each action; the pre-due reminder is recorded skipped.
  EXPECT_TRUE(contains(first.out, "6 criadas, 6 executadas (2 mensagens, 2 outras ações)")) << first.out;
  EXPECT_TRUE(contains(first.out, "3 puladas")) << first.out;

  auto calls = office.recorded();
  ASSERT_EQ(calls.size(), 4u);
  std::map<std::string, std::string> reminds;  // items -> channel
  std::set<std::string> tasks;                 // items
  for (const auto& c : calls) {
    EXPECT_EQ(c.stage, "atraso");
    if (c.action == "remind") reminds[c.items] = c.channel;
    if (c.action == "create_task") tasks.insert(c.items);
  }
  EXPECT_EQ(tasks, (std::set<std::string>{"R1,R2", "R3"}));
  // One message per client and channel, listing every open item.
  ASSERT_EQ(reminds.size(), 2u);
  EXPECT_EQ(reminds.count("R1,R2"), 1u);
  EXPECT_EQ(reminds.count("R3"), 1u);
  EXPECT_EQ(reminds["R1,R2"], "email");

  const auto again = office.runDay("2026-03-05");
  ASSERT_EQ(again.exitCode, 0) << again.err;
  EXPECT_TRUE(contains(again.out, "0 criadas, 0 executadas")) << again.out;
  EXPECT_EQ(office.recorded().size(), 4u) << "the same day run twice must send nothing new";
}

// Names are written into the JSON as the office typed them, quotes and all.
TEST(Engine, DryRunJsonEscapesWhatTheOfficeTyped) {
  Office office;
  office.dir().write("data/clientes.csv", "id;nome;documento;email\n"
                                          "C1;Maria da Silva;529.982.247-25;maria@example.com\n"
                                          "C2;\"Padaria \"\"Boa\"\" \\ Ltda\";11.222.333/0001-81;financeiro@padaria.example\n");
  ASSERT_EQ(office.regua({"sync"}).exitCode, 0);
  const auto dry = office.regua({"run", "--as-of", "05/03/2026", "--dry-run", "--json"});
  ASSERT_EQ(dry.exitCode, 0) << dry.err;
  const auto json = Poco::JSON::Parser().parse(dry.out).extract<Poco::JSON::Object::Ptr>();
  std::set<std::string> names;
  const auto intents = json->getArray("items");
  for (std::size_t i = 0; i < intents->size(); ++i) {
    names.insert(intents->getObject(static_cast<unsigned>(i))->getValue<std::string>("client_name"));
  }
  EXPECT_EQ(names.count("Padaria \"Boa\" \\ Ltda"), 1u) << dry.out;
}

TEST(Engine, DryRunListsWhatWouldHappenAndWritesNothing) {
  Office office;
  ASSERT_EQ(office.regua({"sync"}).exitCode, 0);
  const auto dry = office.regua({"run", "--as-of", "05/03/2026", "--dry-run", "--json"});
  ASSERT_EQ(dry.exitCode, 0) << dry.err;
  const auto json = Poco::JSON::Parser().parse(dry.out).extract<Poco::JSON::Object::Ptr>();
  EXPECT_EQ(json->getValue<std::string>("date"), "2026-03-05");
  EXPECT_EQ(json->getValue<int>("receivables"), 3);
  EXPECT_EQ(json->getValue<int>("to_skip"), 3) << "the pre-due reminders";
  EXPECT_EQ(json->getValue<int>("to_run"), 6);
  EXPECT_TRUE(json->isNull("next_cursor"));
  const auto intents = json->getArray("items");
  ASSERT_EQ(intents->size(), 6u) << dry.out;  // 3 × (remind + create_task) at D+3
  std::set<std::string> seen;
  for (std::size_t i = 0; i < intents->size(); ++i) {
    const auto item = intents->getObject(static_cast<unsigned>(i));
    EXPECT_EQ(item->getValue<std::string>("stage"), "atraso");
    EXPECT_EQ(item->getValue<int>("days_late"), 3);
    seen.insert(item->getValue<std::string>("receivable") + "/" + item->getValue<std::string>("action"));
    if (item->getValue<std::string>("receivable") == "R3") {
      EXPECT_EQ(item->getObject("amount_today")->getValue<long>("centavos"), 130000);
      EXPECT_EQ(item->getObject("amount_today")->getValue<std::string>("brl"), "R$ 1.300,00");
    }
  }
  EXPECT_EQ(seen.size(), 6u);
  EXPECT_EQ(seen.count("R3/create_task"), 1u);
  EXPECT_TRUE(office.recorded().empty());
  const auto explained = office.regua({"explain", "R1", "--as-of", "2026-03-05"});
  ASSERT_EQ(explained.exitCode, 0) << explained.err;
  EXPECT_FALSE(contains(explained.out, "Registradas")) << "a dry run must record nothing:\n" << explained.out;
  EXPECT_TRUE(contains(explained.out, "dispara")) << explained.out;
}

TEST(Engine, CatchUpFiresTheLatestDueStageAndTheEarlierStaySkipped) {
  Office office;
  ASSERT_EQ(office.regua({"sync"}).exitCode, 0);
  const auto late = office.runDay("2026-03-16");  // D+14: the host was down since before D+3
  ASSERT_EQ(late.exitCode, 0) << late.err;
  const auto calls = office.recorded();
  ASSERT_EQ(calls.size(), 2u);  // one reminder per client, none for D+3
  for (const auto& c : calls) EXPECT_EQ(c.stage, "atraso-10");
  const auto explained = office.regua({"explain", "R1", "--as-of", "2026-03-16"});
  EXPECT_TRUE(contains(explained.out, "superado pelo estágio atraso-10")) << explained.out;
  // Nothing stored for them: the recorded atraso-10 is what keeps them skipped.
  sqlite3* store = nullptr;
  ASSERT_EQ(sqlite3_open((office.dir().path() / "regua.db").c_str(), &store), SQLITE_OK);
  sqlite3_stmt* count = nullptr;
  sqlite3_prepare_v2(store, "SELECT count(*) FROM intents WHERE stage_id <> 'atraso-10'", -1, &count, nullptr);
  ASSERT_EQ(sqlite3_step(count), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int(count, 0), 0) << "intent rows for the skipped stages";
  sqlite3_finalize(count);
  sqlite3_close(store);
  // Counted once, on the run that fired past them; never sent on a later day.
  EXPECT_TRUE(contains(late.out, "puladas")) << late.out;
  EXPECT_FALSE(contains(late.out, " 0 puladas")) << late.out;
  const auto next = office.runDay("2026-03-17");
  ASSERT_EQ(next.exitCode, 0) << next.err;
  EXPECT_TRUE(contains(next.out, "0 criadas, 0 executadas")) << next.out;
  EXPECT_TRUE(contains(next.out, " 0 puladas")) << next.out;
  EXPECT_EQ(office.recorded().size(), 2u);
  EXPECT_TRUE(contains(office.regua({"explain", "R1", "--as-of", "2026-03-17"}).out, "superado pelo estágio atraso-10"));
}

TEST(Engine, MessagesWaitForTheSendingWindow) {
  Office office;
  ASSERT_EQ(office.regua({"sync"}).exitCode, 0);
  const auto evening = office.runDay("2026-03-05", "20:30");
  ASSERT_EQ(evening.exitCode, 0) << evening.err;
  // The reminders wait for office hours, and the stage's tasks wait for its reminders.
  EXPECT_TRUE(contains(evening.out, "0 executadas (0 mensagens, 0 outras ações), 6 aguardando")) << evening.out;
  EXPECT_TRUE(office.recorded().empty());
  const auto saturday = office.runDay("2026-03-07", "10:00");
  EXPECT_TRUE(contains(saturday.out, "6 aguardando")) << saturday.out;
  const auto monday = office.runDay("2026-03-09", "09:00");
  EXPECT_TRUE(contains(monday.out, "6 executadas (2 mensagens, 2 outras ações)")) << monday.out;
  EXPECT_EQ(office.recorded().size(), 4u);
}

// Message limits: a stage every day, but at most one message every 2 days and 3 in any
// 7 days. The extra reminders wait (they are neither lost nor doubled) and go with the
// next one the limits allow.
TEST(Engine, MessageLimitsSpaceTheRemindersOfAClient) {
  Office office;
  office.dir().write("data/clientes.csv", "id;nome;documento;email\nC2;Padaria Boa Ltda;11.222.333/0001-81;f@padaria.example\n");
  office.dir().write("data/titulos.csv", "id;cliente;descricao;valor;vencimento\nR3;C2;Honorários;1.300,00;02/03/2026\n");
  std::string policy =
      "id: teste\ndefault: true\nchannel: email\nsending_window: {days: [dom, seg, ter, qua, qui, sex, sab]}\n"
      "limits:\n  min_gap_days: 2\n  max_per_week: 3\nstages:\n";
  for (int d = 1; d <= 9; ++d) {
    policy += "  - id: d" + std::to_string(d) + "\n    at: D+" + std::to_string(d) + "\n    actions:\n      - action: remind\n";
  }
  office.dir().write("policies/teste.yaml", policy);
  ASSERT_EQ(office.regua({"sync"}).exitCode, 0);
  std::vector<int> sentOn;  // days of March with a message
  std::map<int, std::string> output;
  for (int day = 3; day <= 11; ++day) {
    const auto before = office.recorded().size();
    const auto r = office.runDay("2026-03-" + std::string(day < 10 ? "0" : "") + std::to_string(day));
    ASSERT_EQ(r.exitCode, 0) << r.err;
    if (office.recorded().size() > before) sentOn.push_back(day);
    output[day] = r.out + office.regua({"explain", "R3", "--as-of", "2026-03-11"}).out;  // explain gives the why
  }
  // 04: one day after 03; 09: 03, 05 and 07 are within 7 days; 10: only 05 and 07 are.
  EXPECT_EQ(sentOn, (std::vector<int>{3, 5, 7, 10}));
  EXPECT_TRUE(contains(output[4], "intervalo mínimo de 2 dias entre mensagens (última em 03/03/2026)")) << output[4];
  EXPECT_TRUE(contains(output[9], "limite de 3 mensagens em 7 dias atingido")) << output[9];
  // The waiting stages go along with the next message, merged into it.
  EXPECT_TRUE(contains(output[5], "2 executadas (1 mensagem, 0 outras ações)")) << output[5];
  EXPECT_TRUE(contains(output[10], "3 executadas (1 mensagem, 0 outras ações)")) << output[10];
  EXPECT_TRUE(contains(output[11], "0 executadas (0 mensagens, 0 outras ações), 1 aguardando")) << output[11];
}

// CC art. 354 with the real penalties plugin: a late payment of the face value pays the
// interest and the fine first, so the receivable stays open for what is left, and the
// updated amount charges interest on that rest from the payment day only.
TEST(Engine, ALatePaymentPaysChargesFirstAndTheRestStaysOpen) {
  Office office("  - path: " REGUA_PLUGIN_DIR "/regua_penalties.so\n");
  std::string policy = kPolicy;
  policy.insert(policy.find("stages:"), "penalties: {fine_percent: 2, interest_monthly_percent: 1}\n");
  office.dir().write("policies/teste.yaml", policy);
  // R1 (R$ 100,00, Maria, a person) due Monday 02/03/2026, paid in full face value 10 days late.
  office.dir().write("data/pagamentos.csv", "id;titulo;valor;data\nP1;R1;100,00;12/03/2026\n");
  const auto sync = office.regua({"sync"});
  ASSERT_EQ(sync.exitCode, 0) << sync.err;
  EXPECT_TRUE(contains(sync.out, "pagamentos: 1 novo")) << sync.out;
  EXPECT_FALSE(contains(sync.out, "quitado")) << "R$ 2,33 stays open: " << sync.out;
  // Interest 100,00 × 1% × 10/30 = 0,33 and fine 2,00 come first: R$ 2,33 stays open.
  const auto explained = office.regua({"explain", "R1", "--as-of", "2026-03-12"});
  ASSERT_EQ(explained.exitCode, 0) << explained.err;
  EXPECT_TRUE(contains(explained.out, "R$ 2,33 em aberto de R$ 100,00")) << explained.out;
  EXPECT_TRUE(contains(explained.out, "(efetivo 02/03/2026), parcialmente pago")) << explained.out;
  // Thirty days later the rest owes 2,33 × 1% × 30/30 = 0,02 more, and no second fine.
  const auto dry = office.regua({"run", "--as-of", "2026-04-11", "--dry-run", "--json"});
  ASSERT_EQ(dry.exitCode, 0) << dry.err;
  const auto intents = Poco::JSON::Parser().parse(dry.out).extract<Poco::JSON::Object::Ptr>()->getArray("items");
  bool sawR1 = false;
  for (std::size_t i = 0; i < intents->size(); ++i) {
    const auto item = intents->getObject(static_cast<unsigned>(i));
    if (item->getValue<std::string>("receivable") != "R1") continue;
    sawR1 = true;
    EXPECT_EQ(item->getObject("amount_today")->getValue<long>("centavos"), 235);
  }
  EXPECT_TRUE(sawR1) << dry.out;
}

// The host services table's quote_item: an action plugin asks for each item's updated
// amount, priced by the penalties plugin under the item's policy.
TEST(Engine, ActionPluginsGetTheUpdatedAmountOfEachItemFromTheHost) {
  Office office("      quote: true\n  - path: " REGUA_PLUGIN_DIR "/regua_penalties.so\n");
  std::string policy = kPolicy;
  policy.insert(policy.find("stages:"), "penalties: {fine_percent: 2, interest_monthly_percent: 1}\n");
  office.dir().write("policies/teste.yaml", policy);
  ASSERT_EQ(office.regua({"sync"}).exitCode, 0);
  ASSERT_EQ(office.runDay("2026-03-05").exitCode, 0);
  std::set<std::string> quoted;
  for (const auto& c : office.recorded()) {
    if (c.action == "remind") quoted.insert(c.quotes);
  }
  // 3 days late: fine 2% + interest 1% × 3/30 on 100,00, 200,00 and 1.300,00.
  EXPECT_EQ(quoted, (std::set<std::string>{"R1=10210,R2=20420", "R3=132730"}));
}

TEST(Engine, DelinquencyReportListsClientsOldestFirstWithUpdatedTotals) {
  Office office("  - path: " REGUA_PLUGIN_DIR "/regua_penalties.so\n");
  std::string policy = kPolicy;
  policy.insert(policy.find("stages:"), "penalties: {fine_percent: 2, interest_monthly_percent: 1}\n");
  office.dir().write("policies/teste.yaml", policy);
  // C2's bill is older: due 20/02/2026.
  office.dir().write("data/titulos.csv", kReceivables + "R4;C2;Honorários 01/2026;500,00;20/02/2026\n");
  ASSERT_EQ(office.regua({"sync"}).exitCode, 0);
  ASSERT_EQ(office.runDay("2026-03-05").exitCode, 0);
  const auto csv = office.regua({"report", "delinquents", "--as-of", "2026-03-12", "--csv"});
  ASSERT_EQ(csv.exitCode, 0) << csv.err;
  std::istringstream lines(csv.out);
  std::string header, first, second, extra;
  std::getline(lines, header);
  std::getline(lines, first);
  std::getline(lines, second);
  EXPECT_FALSE(std::getline(lines, extra)) << csv.out;
  EXPECT_EQ(header, "cliente;nome;titulos;total_vencido;total_atualizado;vencimento_mais_antigo;dias_atraso;faixa;"
                    "ultimo_estagio;responsavel");
  // C2 (a company): 1.300,00 + 26,00 fine + 4,33 interest (10 days), and 500,00 + 10,00 +
  // 3,33 (20 days): 1.843,66 updated; oldest 20/02, 20 days, bucket 6-30, last stage atraso.
  EXPECT_EQ(first, "C2;Padaria Boa Ltda;2;1800,00;1843,66;20/02/2026;20;6-30;atraso;") << csv.out;
  // C1 (a person): 300,00 + 6,00 + 1,00.
  EXPECT_EQ(second, "C1;Maria da Silva;2;300,00;307,00;02/03/2026;10;6-30;atraso;") << csv.out;
  const auto text = office.regua({"report", "delinquents", "--as-of", "2026-03-12"});
  EXPECT_TRUE(contains(text.out, "2 clientes em atraso; vencido R$ 2.100,00, atualizado R$ 2.150,66")) << text.out;
}

TEST(Engine, ASettlementCancelsPendingActions) {
  Office office;
  ASSERT_EQ(office.regua({"sync"}).exitCode, 0);
  ASSERT_EQ(office.runDay("2026-03-05", "20:30").exitCode, 0);  // reminders wait
  office.dir().write("data/pagamentos.csv", "id;titulo;valor;data\nP1;R3;1.300,00;06/03/2026\n");
  const auto sync = office.regua({"sync"});
  ASSERT_EQ(sync.exitCode, 0) << sync.err;
  EXPECT_TRUE(contains(sync.out, "pagamentos: 1 novo (1 título quitado, 2 ações pendentes canceladas)")) << "R3's reminder and task: " << sync.out;
  const auto monday = office.runDay("2026-03-09", "09:00");
  for (const auto& c : office.recorded()) {
    if (c.action == "remind") {
      EXPECT_EQ(c.items, "R1,R2") << "paid means stop: no reminder for R3";
    }
  }
}

TEST(Engine, AThrowingPluginIsRetriedThenDeadLetteredAndTheCycleGoesOn) {
  Office office("      fail: always\n");
  office.dir().write("policies/teste.yaml", kPolicy + "  - id: marca\n    at: D+2\n    catch_up: true\n"
                                                     "    actions:\n      - action: flag\n        tag: atrasado\n");
  ASSERT_EQ(office.regua({"sync"}).exitCode, 0);
  const auto first = office.runDay("2026-03-05");
  EXPECT_EQ(first.exitCode, 0) << first.err;
  // The reminders fail; the stage's tasks wait for them; the host's own flag (a stage
  // without a message) goes through.
  EXPECT_TRUE(contains(first.out, "3 executadas (0 mensagens, 2 outras ações), 3 aguardando, 3 a tentar de novo"))
      << first.out;
  EXPECT_EQ(office.runDay("2026-03-05").exitCode, 0);
  const auto third = office.runDay("2026-03-05");
  EXPECT_EQ(third.exitCode, 1) << "dead letters make the run fail";
  // The reminders are given up; then the tasks go, hearing the notice was not delivered.
  EXPECT_TRUE(contains(third.out, "3 a tentar de novo, 3 falharam")) << third.out;
  office.runDay("2026-03-05");
  const auto fifth = office.runDay("2026-03-05");
  EXPECT_TRUE(contains(fifth.out, "3 falharam")) << fifth.out;
  EXPECT_EQ(office.recorded().size(), 12u);  // 4 calls × 3 attempts, then no more
  const auto sixth = office.runDay("2026-03-05");
  EXPECT_TRUE(contains(sixth.out, "0 executadas")) << sixth.out;
  EXPECT_EQ(office.recorded().size(), 12u);
  const auto explained = office.regua({"explain", "R1", "--as-of", "2026-03-05"});
  EXPECT_TRUE(contains(explained.out, "desistida após as tentativas")) << explained.out;
  EXPECT_TRUE(contains(explained.out, "falha pedida pelo teste")) << explained.out;
}

TEST(Engine, KilledInTheMiddleOfDispatchEveryActionRunsAtMostOnceAndNoneIsLost) {
  Office office("      delay_ms: 150\n");
  office.oneOverdueItemPerClient(20);
  ASSERT_EQ(office.regua({"sync"}).exitCode, 0);

  const auto config = (office.dir().path() / "regua.yaml").string();
  Poco::ProcessHandle handle = Poco::Process::launch(
      REGUA_BINARY, {"--config", config, "run", "--as-of", "2026-03-05", "--at", "10:00"}, office.dir().path().string());
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (office.recorded().size() < 6 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ::kill(handle.id(), SIGKILL);
  handle.wait();
  const auto before = office.recorded().size();
  ASSERT_GE(before, 6u);
  ASSERT_LT(before, 40u) << "the run finished before it could be killed";

  office.editConfig("      delay_ms: 150\n", "");
  const auto resumed = office.runDay("2026-03-05");
  ASSERT_EQ(resumed.exitCode, 0) << resumed.err;

  // Every (item, action) was carried by exactly one intent id (no second, different
  // delivery); at most the one call in flight at the kill was repeated, under its id —
  // calls of 150 ms go one to a wave (waves hold about 50 ms of calls).
  const auto carriers = office.carriers();
  EXPECT_EQ(carriers.byItem.size(), 40u) << "20 receivables × (remind + create_task), none lost";
  for (const auto& [item, ids] : carriers.byItem) EXPECT_EQ(ids.size(), 1u) << item.first << " " << item.second;
  EXPECT_LE(carriers.repeated, 1);
  const auto again = office.runDay("2026-03-05");
  EXPECT_TRUE(contains(again.out, "0 criadas, 0 executadas")) << again.out;
}

TEST(Engine, TwoRunsAtOnceOnSqliteTheSecondIsRefusedAndNothingIsSentTwice) {
  Office office("      delay_ms: 300\n");
  ASSERT_EQ(office.regua({"sync"}).exitCode, 0);
  const auto config = (office.dir().path() / "regua.yaml").string();
  Poco::Pipe out, err;
  Poco::ProcessHandle first = Poco::Process::launch(
      REGUA_BINARY, {"--config", config, "run", "--as-of", "2026-03-05", "--at", "10:00"}, office.dir().path().string(),
      nullptr, &out, &err);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (office.recorded().empty() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_FALSE(office.recorded().empty()) << "the first run never reached the plugin";
  const auto second = office.runDay("2026-03-05");
  EXPECT_EQ(second.exitCode, 1);
  EXPECT_TRUE(contains(second.err, "está rodando a régua")) << second.err;
  EXPECT_TRUE(contains(second.err, "o SQLite admite um só processo escrevendo")) << second.err;
  EXPECT_TRUE(contains(second.err, "use PostgreSQL")) << second.err;
  EXPECT_EQ(first.wait(), 0);
  EXPECT_EQ(office.recorded().size(), 4u) << "one run's calls, none doubled";
  EXPECT_TRUE(contains(office.regua({"run", "--as-of", "2026-03-05", "--dry-run"}).out, "0 ações a executar"));
}

TEST(Engine, AnEditedOrReorderedStageStaysFired) {
  Office office;
  ASSERT_EQ(office.regua({"sync"}).exitCode, 0);
  ASSERT_EQ(office.runDay("2026-03-05").exitCode, 0);
  ASSERT_EQ(office.recorded().size(), 4u);
  // Move `atraso` to D+2 and add a stage before it: nothing repeats, nothing goes out of order.
  std::string edited = kPolicy;
  edited.replace(edited.find("at: D+3"), 7, "at: D+2");
  edited += "  - id: novo\n    at: D+1\n    actions:\n      - action: remind\n";
  office.dir().write("policies/teste.yaml", edited);
  const auto next = office.runDay("2026-03-06");
  ASSERT_EQ(next.exitCode, 0) << next.err;
  EXPECT_TRUE(contains(next.out, "0 executadas")) << next.out;
  EXPECT_EQ(office.recorded().size(), 4u);
}

TEST(Engine, ABrokenCsvImportsNothingAndListsEveryBadLine) {
  Office office;
  office.dir().write("data/titulos.csv",
                     "id;cliente;descricao;valor;vencimento\n"
                     "R1;C1;ok;100,00;02/03/2026\n"
                     "R2;C1;valor ruim;12,3,4;02/03/2026\n"
                     "R3;C2;data ruim;10,00;31/02/2026\n"
                     "R4;C1;colunas a menos;10,00\n");
  const auto sync = office.regua({"sync"});
  EXPECT_EQ(sync.exitCode, 1);
  EXPECT_TRUE(contains(sync.err, "titulos.csv:3: 'valor' inválido '12,3,4'")) << sync.err;
  EXPECT_TRUE(contains(sync.err, "titulos.csv:4: 'vencimento' inválido '31/02/2026'")) << sync.err;
  EXPECT_TRUE(contains(sync.err, "titulos.csv:5: 4 colunas, o cabeçalho tem 5")) << sync.err;
  const auto dry = office.regua({"run", "--as-of", "2026-03-05", "--dry-run"});
  EXPECT_TRUE(contains(dry.out, "0 títulos em aberto de 0 clientes")) << dry.out;

  // Records the connector parsed but the host refuses are reported with their line too.
  office.dir().write("data/titulos.csv", kReceivables + "R9;C7;cliente que não existe;10,00;02/03/2026\n");
  office.dir().write("data/clientes.csv", kClients + "C3;CPF errado;111.111.111-11;\n");
  const auto refused = office.regua({"sync"});
  EXPECT_EQ(refused.exitCode, 1);
  EXPECT_TRUE(contains(refused.err, "clientes.csv:4: documento inválido")) << refused.err;
  EXPECT_TRUE(contains(refused.err, "titulos.csv:5: o cliente 'C7' não existe")) << refused.err;
  EXPECT_TRUE(contains(office.regua({"run", "--as-of", "2026-03-05", "--dry-run"}).out, "0 títulos em aberto"));

  office.dir().write("data/titulos.csv", kReceivables);
  office.dir().write("data/clientes.csv", kClients);
  const auto fixed = office.regua({"sync"});
  EXPECT_EQ(fixed.exitCode, 0) << fixed.err;
  EXPECT_TRUE(contains(fixed.out, "clientes: 2 novos, 0 alterados, 0 sem mudança; títulos: 3 novos")) << fixed.out;
}

TEST(PolicyCheck, ReportsEveryErrorWithFileLineAndColumn) {
  Office office;
  const auto bad = office.dir().write("ruim.yaml", R"(id: ruim
default: true
prazo: 3
stages:
  - id: a
    at: D+x
    actions:
      - action: remind
  - id: b
    at: D+5
    when:
      days_late:
        min: 10
        max: 2
    actions:
      - action: telefonar
  - id: c
    at: D+30
    when:
      days_late: {max: 10}
    actions:
      - action: remind
        template: nao_existe
)");
  const auto result = office.regua({"policy", "check", bad.string()});
  EXPECT_EQ(result.exitCode, 1);
  const std::string f = bad.string();
  EXPECT_TRUE(contains(result.err, f + ":3:1: chave desconhecida 'prazo'")) << result.err;
  EXPECT_TRUE(contains(result.err, "as permitidas são id, name, default")) << result.err;
  EXPECT_TRUE(contains(result.err, f + ":6:9: 'at' inválido 'D+x'")) << result.err;
  EXPECT_TRUE(contains(result.err, f + ":13:9: condição impossível: 'days_late.min' maior")) << result.err;
  EXPECT_TRUE(contains(result.err, f + ":16:17: ação desconhecida 'telefonar'")) << result.err;
  EXPECT_TRUE(contains(result.err, f + ":20:18: condição impossível: o estágio D+30")) << result.err;
  EXPECT_TRUE(contains(result.err, f + ":23:19: modelo desconhecido 'nao_existe'")) << result.err;

  const auto good = office.regua({"policy", "check", (office.dir().path() / "policies/teste.yaml").string()});
  EXPECT_EQ(good.exitCode, 0) << good.err;
  EXPECT_TRUE(contains(good.out, "1 arquivo ok: 1 política, 3 estágios, 4 ações")) << good.out;

  // The shipped default policy is valid once plugins offering its actions are loaded
  // and the shipped templates are there.
  std::filesystem::copy(REGUA_SOURCE_DIR "/config/templates", office.dir().path() / "templates");
  const auto shipped = office.regua({"policy", "check", REGUA_SOURCE_DIR "/config/policies/default.yaml",
                                     REGUA_SOURCE_DIR "/config/policies/acordo.yaml"});
  EXPECT_EQ(shipped.exitCode, 0) << shipped.err;
}

// A policy checked alone finds the policy it names for agreements in its own folder;
// a name that is nowhere is an error naming the folder.
TEST(PolicyCheck, AReferenceToAnotherPolicyIsResolvedAgainstTheFolder) {
  Office office;
  std::filesystem::copy(REGUA_SOURCE_DIR "/config/templates", office.dir().path() / "templates");
  const auto alone = office.regua({"policy", "check", REGUA_SOURCE_DIR "/config/policies/default.yaml"});
  EXPECT_EQ(alone.exitCode, 0) << alone.err;

  std::string policy = kPolicy;
  policy.insert(policy.find("stages:"), "negotiation:\n  policy: parcelas\n  plans: [{up_to: 3, rate: none}]\n");
  const auto file = office.dir().write("policies/teste.yaml", policy);
  const auto missing = office.regua({"policy", "check", file.string()});
  EXPECT_EQ(missing.exitCode, 1);
  EXPECT_TRUE(contains(missing.err, "a política 'parcelas' (das parcelas dos acordos) não existe em " +
                                        (office.dir().path() / "policies").string()))
      << missing.err;
  office.dir().write("policies/parcelas.yaml", "id: parcelas\napplies_to: {agreements: true}\nstages:\n"
                                                "  - id: parcela\n    at: D+1\n    actions:\n      - action: remind\n");
  const auto found = office.regua({"policy", "check", file.string()});
  EXPECT_EQ(found.exitCode, 0) << found.err;
}

// The host's own actions check their arguments when the policy loads: a typo is an
// error with its place, never a dead letter on the day it fires.
TEST(PolicyCheck, BuiltinActionArgumentsAreCheckedWithTheirPlace) {
  Office office;
  const auto bad = office.dir().write("policies/ruim.yaml", R"(id: ruim
default: true
stages:
  - id: pausa
    at: D+3
    actions:
      - {action: pause, days: trinta}
  - id: marca
    at: D+5
    actions:
      - {action: flag, etiqueta: vip}
)");
  const auto result = office.regua({"policy", "check", bad.string()});
  EXPECT_EQ(result.exitCode, 1);
  const std::string f = bad.string();
  EXPECT_TRUE(contains(result.err, f + ":7:31: 'days' deve ser um inteiro entre 1 e 3650, veio 'trinta'")) << result.err;
  EXPECT_TRUE(contains(result.err, f + ":11:34: a ação 'flag' não tem o argumento 'etiqueta'; use 'tag'")) << result.err;

  office.dir().write("policies/ruim.yaml", R"(id: ruim
default: true
stages:
  - id: pausa
    at: D+3
    actions:
      - {action: pause, days: 15}
      - {action: flag, tag: vip}
)");
  const auto good = office.regua({"policy", "check", bad.string()});
  EXPECT_EQ(good.exitCode, 0) << good.err;
}

// The quote plugin judges the penalties section when policies load: a typo is an error
// with its place, in `policy check` and in `run`, never a wrong amount later.
TEST(PolicyCheck, PenaltiesTheQuotePluginRefusesAreErrorsWithTheirPlace) {
  Office office("  - path: " REGUA_PLUGIN_DIR "/regua_penalties.so\n");
  std::string policy = kPolicy;
  policy.insert(policy.find("stages:"), "penalties:\n  multa: 2\n");
  const auto file = office.dir().write("policies/teste.yaml", policy);
  const auto check = office.regua({"policy", "check", file.string()});
  EXPECT_EQ(check.exitCode, 1);
  EXPECT_TRUE(contains(check.err, file.string() + ":8:3: penalties recusado pelo plugin de encargos: chave desconhecida "
                                                  "'multa'")) << check.err;
  // Payments are split by the penalties, so sync refuses too, as does the day's run.
  for (const auto& args : {std::vector<std::string>{"sync"}, std::vector<std::string>{"run", "--as-of", "2026-03-05"}}) {
    const auto r = office.regua(args);
    EXPECT_EQ(r.exitCode, 78) << args.front();
    EXPECT_TRUE(contains(r.err, "chave desconhecida 'multa'")) << r.err;
  }
  EXPECT_TRUE(office.recorded().empty());

}

TEST(Engine, TasksWithoutAResponsibleAreCountedOncePerRunNotLoggedPerClient) {
  const std::string tasksPlugin = "  - path: " REGUA_PLUGIN_DIR "/regua_tasks.so\n    config:\n      templates_dir: "
                                  REGUA_SOURCE_DIR "/config/templates\n";
  Office office(tasksPlugin, "", "", false);  // clients with no responsible, no default_responsible
  ASSERT_EQ(office.regua({"sync"}).exitCode, 0);
  const auto day = office.runDay("2026-03-05");
  ASSERT_EQ(day.exitCode, 0) << day.out << day.err;
  EXPECT_TRUE(contains(day.out, "Atenção: 2 tarefas abertas sem responsável; defina o responsável dos clientes ou "
                                "default_responsible do plugin tasks em regua.yaml"))
      << day.out;
  EXPECT_FALSE(contains(day.err, "sem responsável")) << "no line per client: " << day.err;
  const auto json = office.regua({"run", "--as-of", "2026-03-06", "--json"});
  EXPECT_TRUE(contains(json.out, "\"tasks_without_responsible\": 2")) << json.out;
}

TEST(Engine, APluginThatCrashesTheHostSpendsItsAttemptsAndTheRestOfTheDayIsDelivered) {
  Office office("      crash_on_client: C1\n");  // max_attempts: 3
  ASSERT_EQ(office.regua({"sync"}).exitCode, 0);
  int crashes = 0;
  RunResult day;
  for (int run = 0; run < 6; ++run) {
    day = office.runDay("2026-03-05");
    if (day.exitCode == 0 || day.exitCode == 1) break;
    ++crashes;
  }
  EXPECT_EQ(crashes, 3) << "each crash spends one of the 3 attempts; the 4th run gives up on C1's reminder";
  EXPECT_EQ(day.exitCode, 1) << "a dead letter: " << day.out << day.err;
  EXPECT_TRUE(contains(day.out, "2 falharam")) << "R1 and R2, in one message: " << day.out;
  int c1Reminders = 0, c2Reminders = 0;
  for (const auto& c : office.recorded()) {
    if (c.action != "remind") continue;
    (contains(c.items, "R3") ? c2Reminders : c1Reminders) += 1;
  }
  EXPECT_EQ(c1Reminders, 3) << "called once per attempt, never a 4th time";
  EXPECT_EQ(c2Reminders, 1) << "the other client's reminder went out";
  const auto history = office.regua({"history", "C1"});
  EXPECT_TRUE(contains(history.out, "desistida após 3 tentativas: a chamada ao plugin não terminou em nenhuma das "
                                    "tentativas (o processo caiu durante ela)"))
      << history.out;
}

// Maria has only a phone: the WhatsApp reminder of one receivable and the SMS reminder of
// another both reach her by SMS, so they are one message, led by the most severe stage.
TEST(Engine, OneClientGetsOneMessageADayPerChannelListingEveryItem) {
  Office office;
  office.dir().write("data/clientes.csv", "id;nome;documento;telefone\nC1;Maria da Silva;529.982.247-25;+55 11 98765-4321\n");
  office.dir().write("data/titulos.csv", "id;cliente;valor;vencimento\nR1;C1;100,00;02/03/2026\nR2;C1;200,00;23/02/2026\n");
  office.dir().write("policies/teste.yaml", R"(id: teste
default: true
limits: {min_gap_days: 0}
stages:
  - id: atraso
    at: D+3
    actions: [{action: remind, channel: whatsapp}]
  - id: atraso-10
    at: D+10
    actions: [{action: remind, channel: sms}]
)");
  ASSERT_EQ(office.regua({"sync"}).exitCode, 0);
  // The dry run shows the channel the contact rules will pick, not the planned one.
  const auto preview = office.regua({"run", "--as-of", "2026-03-05", "--dry-run"});
  EXPECT_FALSE(contains(preview.out, "whatsapp")) << preview.out;
  EXPECT_TRUE(contains(preview.out, "atraso          remind           sms")) << preview.out;
  const auto day = office.runDay("2026-03-05");
  ASSERT_EQ(day.exitCode, 0) << day.out << day.err;
  const auto calls = office.recorded();
  ASSERT_EQ(calls.size(), 1u) << day.out;
  EXPECT_EQ(calls[0].channel, "sms");
  EXPECT_EQ(calls[0].stage, "atraso-10") << "the most severe stage leads";
  EXPECT_TRUE(contains(calls[0].items, "R1") && contains(calls[0].items, "R2")) << calls[0].items;
}

// Two message actions for one client on one channel and day: the most severe goes today,
// the other on the next day (one message per channel and day).
TEST(Engine, WhenOnlyOneMessageMayGoTodayItIsTheMostSevere) {
  Office office;
  office.dir().write("data/titulos.csv", "id;cliente;valor;vencimento\nR1;C1;100,00;02/03/2026\nR2;C1;200,00;23/02/2026\n");
  office.dir().write("policies/teste.yaml", R"(id: teste
default: true
stages:
  - id: atraso
    at: D+3
    actions: [{action: remind}]
  - id: oferta
    at: D+10
    actions: [{action: offer_agreement}]
)");
  ASSERT_EQ(office.regua({"sync"}).exitCode, 0);
  const auto day = office.runDay("2026-03-05");
  ASSERT_EQ(day.exitCode, 0) << day.out << day.err;
  auto calls = office.recorded();
  ASSERT_EQ(calls.size(), 1u) << day.out;
  EXPECT_EQ(calls[0].action, "offer_agreement");
  EXPECT_TRUE(contains(day.out, "1 aguardando")) << day.out;
  const auto history = office.regua({"explain", "R1", "--as-of", "2026-03-05"});
  EXPECT_TRUE(contains(history.out, "já recebeu uma mensagem por email hoje")) << history.out;
  office.runDay("2026-03-06");
  calls = office.recorded();
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[1].action, "remind");
}

}  // namespace
}  // namespace regua::testing
