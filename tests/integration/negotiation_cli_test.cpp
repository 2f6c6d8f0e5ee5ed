// Negotiating from the command line, end to end, on SQLite and PostgreSQL: the real
// `regua` binary, the real penalties plugin, the CSV source. An office sees the offers
// for a late client, proposes, accepts, watches the installments go through the régua,
// and sees a broken agreement reinstate the debt — with the money adding up.
#include <gtest/gtest.h>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <regua/value.hpp>

#include "office.hpp"
#include "test_database.hpp"

namespace regua::testing {
namespace {

Poco::JSON::Object::Ptr json(const std::string& text) {
  return Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
}
// Money in the JSON the CLI and the API share: {"centavos": N, "brl": "R$ ..."}.
std::int64_t cents(const Poco::JSON::Object::Ptr& o, const std::string& key) {
  return o->getObject(key)->getValue<std::int64_t>("centavos");
}
// Interest at 1 % a month pro rata die, rounded half up (the penalties plugin's rule).
std::int64_t interest(std::int64_t principal, int days) { return (principal * days * 2 + 3000) / 6000; }

class NegotiationCli : public ::testing::TestWithParam<store::Backend> {
 protected:
  void SetUp() override {
    database_ = std::make_unique<TestDatabase>(GetParam());
    office_.dir().write("policies/teste.yaml", kNegotiationPolicy);
    office_.dir().write("policies/acordo.yaml", kAgreementPolicy);
  }
  RunResult regua(std::vector<std::string> args) {
    args.push_back("--store");
    args.push_back(database_->url());
    return office_.regua(args);
  }

  Office office_{"  - path: " REGUA_PLUGIN_DIR "/regua_penalties.so\n"};
  std::unique_ptr<TestDatabase> database_;
};

TEST_P(NegotiationCli, OffersProposeAcceptInstallmentsThroughTheReguaAndABreakReinstatesTheDebt) {
  ASSERT_EQ(regua({"sync"}).exitCode, 0);
  // C2 (a company) owes R3, R$ 1.300,00 due Monday 02/03/2026; on 20/03, 18 days late.
  auto offers = regua({"agreement", "offers", "C2", "--as-of", "2026-03-20", "--json"});
  ASSERT_EQ(offers.exitCode, 0) << offers.err;
  const auto debt = json(offers.out);
  EXPECT_EQ(cents(debt, "principal"), 130000);
  EXPECT_EQ(cents(debt, "fine"), 2600);                      // 2 %, once
  EXPECT_EQ(cents(debt, "interest"), interest(130000, 18));  // 780
  const std::int64_t owed = 130000 + 2600 + interest(130000, 18);
  EXPECT_EQ(cents(debt, "total"), owed);
  const auto list = debt->getArray("offers");
  ASSERT_EQ(list->size(), 3u);
  EXPECT_EQ(cents(list->getObject(0), "total"), owed - (2600 + 780) / 2);  // à vista, half the charges off

  // Beyond the limits: refused, nothing stored.
  const auto tooMany = regua({"agreement", "propose", "C2", "--installments", "12", "--as-of", "2026-03-20"});
  EXPECT_EQ(tooMany.exitCode, 1);
  EXPECT_TRUE(contains(tooMany.err, "12 parcelas: a política permite até 6")) << tooMany.err;
  EXPECT_TRUE(contains(tooMany.err, "--approver")) << tooMany.err;
  // Nothing overdue for C1 before its due date.
  EXPECT_TRUE(contains(regua({"agreement", "offers", "C1", "--as-of", "2026-03-02"}).err, "não tem nada vencido"));

  const auto proposed = regua({"agreement", "propose", "C2", "--installments", "3", "--as-of", "2026-03-20", "--json"});
  ASSERT_EQ(proposed.exitCode, 0) << proposed.err;
  const auto agreement = json(proposed.out);
  const std::string id = std::to_string(agreement->getValue<int>("id"));
  EXPECT_EQ(cents(agreement, "total"), owed);
  const auto schedule = agreement->getArray("schedule");
  ASSERT_EQ(schedule->size(), 3u);
  EXPECT_EQ(schedule->getObject(0)->getValue<std::string>("due_date"), "2026-03-25");  // 3 business days
  const std::int64_t first = cents(schedule->getObject(0), "amount");
  EXPECT_EQ(first, owed / 3);

  const auto accepted = regua({"agreement", "accept", id, "--as-of", "2026-03-20"});
  ASSERT_EQ(accepted.exitCode, 0) << accepted.err;
  EXPECT_EQ(regua({"agreement", "accept", id, "--as-of", "2026-03-20"}).exitCode, 1);  // not twice

  // The régua now collects the installment, not R3.
  ASSERT_EQ(regua({"run", "--as-of", "2026-03-23", "--at", "10:00"}).exitCode, 0);
  bool installmentReminded = false;
  for (const auto& call : office_.recorded()) {
    EXPECT_FALSE(contains(call.items, "R3")) << call.items;
    installmentReminded = installmentReminded || (call.stage == "parcela-lembrete" && contains(call.items, "acordo-"));
  }
  EXPECT_TRUE(installmentReminded);

  // The client pays the first installment naming the original bill: it goes to the
  // agreement's oldest installment.
  office_.dir().write("data/pagamentos.csv", "id;titulo;valor;data\nP1;R3;" + regua::Money::fromCentavos(first).toBrl().substr(3) +
                                                 ";25/03/2026\n");
  ASSERT_EQ(regua({"sync"}).exitCode, 0);
  auto listed = regua({"agreement", "list", "--client", "C2", "--json"});
  ASSERT_EQ(listed.exitCode, 0) << listed.err;
  auto row = Poco::JSON::Parser().parse(listed.out).extract<Poco::JSON::Array::Ptr>()->getObject(0);
  EXPECT_EQ(row->getValue<std::string>("status"), "active");
  EXPECT_EQ(cents(row, "paid"), first);
  EXPECT_EQ(row->getValue<int>("installments_paid"), 1);

  // Installment 2 (due 27/04) is 31 days late on 28/05: the agreement breaks — and the
  // dry run says so first, as the real run will do it.
  const auto preview = regua({"run", "--as-of", "2026-05-28", "--dry-run"});
  EXPECT_TRUE(contains(preview.out, "Antes da régua, a execução real vai:\n  quebrar o acordo #" + id +
                                        " de Padaria Boa Ltda: a parcela 2 venceu em 27/04/2026"))
      << preview.out;
  const auto broken = regua({"run", "--as-of", "2026-05-28", "--at", "10:00"});
  EXPECT_TRUE(contains(broken.out, "Negociação: 1 acordo quebrado, 0 promessas cumpridas")) << broken.out << broken.err;
  listed = regua({"agreement", "list", "--json"});
  row = Poco::JSON::Parser().parse(listed.out).extract<Poco::JSON::Array::Ptr>()->getObject(0);
  EXPECT_EQ(row->getValue<std::string>("status"), "broken");

  // What was paid plus what is reinstated equals what was owed plus the charges the
  // contract allows: the payment of 25/03 pays interest since 02/03 (23 days), the
  // fine, then principal; the rest of the principal accrues from 25/03 (64 days).
  const std::int64_t toInterest = interest(130000, 23), toPrincipal = first - toInterest - 2600;
  const std::int64_t left = 130000 - toPrincipal;
  const auto reinstated = json(regua({"agreement", "offers", "C2", "--as-of", "2026-05-28", "--json"}).out);
  EXPECT_EQ(cents(reinstated, "principal"), left);
  EXPECT_EQ(cents(reinstated, "fine"), 0);
  EXPECT_EQ(cents(reinstated, "interest"), interest(left, 64));
  EXPECT_EQ(first + cents(reinstated, "total"), 130000 + 2600 + toInterest + interest(left, 64));
  const auto history = regua({"history", "C2"});
  EXPECT_TRUE(contains(history.out, "quebrado: a parcela 2 venceu em 27/04/2026")) << history.out;
}

TEST_P(NegotiationCli, APromiseToPayPausesTheClientAndABrokenOneFiresItsStage) {
  ASSERT_EQ(regua({"sync"}).exitCode, 0);
  const auto promised = regua({"promise", "C2", "--until", "2026-03-06", "--amount", "1.300,00", "--as-of", "2026-03-04"});
  ASSERT_EQ(promised.exitCode, 0) << promised.err;
  EXPECT_TRUE(contains(promised.out, "pausa até 09/03/2026")) << promised.out;
  ASSERT_EQ(regua({"run", "--as-of", "2026-03-05", "--at", "10:00"}).exitCode, 0);  // D+3 for R3, paused
  for (const auto& call : office_.recorded()) EXPECT_FALSE(contains(call.items, "R3"));
  const auto preview = regua({"run", "--as-of", "2026-03-10", "--dry-run", "--json"});
  EXPECT_TRUE(contains(preview.out, "\"kind\":\"promise.broken\"")) << preview.out;
  EXPECT_TRUE(contains(preview.out, "promessa de pagamento até 06/03/2026 não cumprida")) << preview.out;
  ASSERT_EQ(regua({"run", "--as-of", "2026-03-10", "--at", "10:00"}).exitCode, 0);
  // The promise's stage merges with R3's own D+3 reminder: one message, R3 listed once.
  bool reminded = false;
  for (const auto& call : office_.recorded()) reminded = reminded || (call.action == "remind" && call.items == "R3");
  EXPECT_TRUE(reminded);
  const auto explained = regua({"explain", "R3", "--as-of", "2026-03-10"});
  EXPECT_TRUE(contains(explained.out, "promessa-quebrada")) << explained.out;
  EXPECT_TRUE(contains(regua({"history", "C2"}).out, "promessa de pagamento até 06/03/2026 não cumprida"));
  EXPECT_EQ(regua({"promise", "C2", "--until", "2026-03-01", "--as-of", "2026-03-10"}).exitCode, 1);  // in the past
}

// The office's system may know the installments Régua created and name one in a payment.
TEST_P(NegotiationCli, AnExportedPaymentMayNameAnAgreementInstallment) {
  ASSERT_EQ(regua({"sync"}).exitCode, 0);
  const auto proposed = regua({"agreement", "propose", "C2", "--installments", "3", "--as-of", "2026-03-20", "--json"});
  ASSERT_EQ(proposed.exitCode, 0) << proposed.err;
  const auto agreement = json(proposed.out);
  const std::string id = std::to_string(agreement->getValue<int>("id"));
  const std::int64_t first = cents(agreement->getArray("schedule")->getObject(0), "amount");
  ASSERT_EQ(regua({"agreement", "accept", id, "--as-of", "2026-03-20"}).exitCode, 0);
  office_.dir().write("data/pagamentos.csv", "id;titulo;valor;data\nP1;acordo-" + id + "-1;" +
                                                 regua::Money::fromCentavos(first).toBrl().substr(3) + ";25/03/2026\n");
  const auto synced = regua({"sync"});
  ASSERT_EQ(synced.exitCode, 0) << synced.out << synced.err;
  EXPECT_TRUE(contains(synced.out, "pagamentos: 1 novo (1 título quitado")) << synced.out;
  const auto row = Poco::JSON::Parser().parse(regua({"agreement", "list", "--client", "C2", "--json"}).out)
                       .extract<Poco::JSON::Array::Ptr>()->getObject(0);
  EXPECT_EQ(row->getValue<int>("installments_paid"), 1);
  EXPECT_EQ(cents(row, "paid"), first);
}

INSTANTIATE_TEST_SUITE_P(Backends, NegotiationCli, ::testing::Values(store::Backend::kSqlite, store::Backend::kPostgres),
                         [](const auto& info) { return info.param == store::Backend::kSqlite ? "SQLite" : "PostgreSQL"; });

}  // namespace
}  // namespace regua::testing
