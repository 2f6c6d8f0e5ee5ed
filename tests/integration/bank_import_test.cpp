// A bank's retorno reaching the sample office (config/ as shipped, on SQLite and on
// PostgreSQL): five settlements, one rejected entry and one boleto Régua never issued.
// Afterwards the dry run no longer lists what was paid, the tasks about it are closed,
// the rejection is in the client's history and the unknown credit waits in the
// reconciliation queue until someone decides; the same file again changes nothing.
#include <gtest/gtest.h>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <map>
#include <string>
#include <vector>

#include "cnab_retorno.hpp"
#include "office.hpp"
#include "test_database.hpp"
#include "test_support.hpp"

namespace regua::testing {
namespace {

class SampleOffice : public ::testing::TestWithParam<store::Backend> {
 protected:
  SampleOffice() {
    std::filesystem::copy(REGUA_SOURCE_DIR "/config", dir_.path() / "config", std::filesystem::copy_options::recursive);
    std::string yaml = dir_.read("config/regua.yaml");
    const std::string connectors = "connectors:\n";
    yaml.replace(yaml.find(connectors), connectors.size(),
                 connectors + "  - name: cnab\n    config: {file: ../retornos/banco.ret, layout: febraban}\n");
    dir_.write("config/regua.yaml", yaml);
  }
  RunResult regua(std::vector<std::string> args) {
    args.insert(args.begin(), {"--config", (dir_.path() / "config/regua.yaml").string()});
    args.insert(args.end(), {"--store", database_.url()});
    return run(REGUA_BINARY, args, dir_.path().string());
  }
  // What the client's page says each open item owes: {id: {open, amount on the day}}.
  std::map<std::string, std::pair<long long, long long>> openItems(const std::string& client, const std::string& day) {
    const auto shown = regua({"client", "show", client, "--as-of", day, "--json"});
    const auto page = Poco::JSON::Parser().parse(shown.out).extract<Poco::JSON::Object::Ptr>();
    std::map<std::string, std::pair<long long, long long>> out;
    for (const auto& item : *page->getArray("open_items")) {
      const auto o = item.extract<Poco::JSON::Object::Ptr>();
      out[o->getValue<std::string>("id")] = {o->getObject("open")->getValue<long long>("centavos"),
                                             o->getObject("amount_today")->getValue<long long>("centavos")};
    }
    return out;
  }

  TempDir dir_;
  TestDatabase database_{GetParam()};
};

TEST_P(SampleOffice, ARetornoSettlesWhatWasPaidRecordsTheRejectionAndQueuesTheUnknownBoleto) {
  dir_.write("retornos/banco.ret", testing::cnab240::join(testing::cnab240::retorno({})));  // a day with nothing
  const auto first = regua({"sync"});
  ASSERT_EQ(first.exitCode, 0) << first.err;
  ASSERT_EQ(regua({"run", "--as-of", "2026-11-23", "--at", "10:00"}).exitCode, 0);
  const auto before = regua({"run", "--dry-run", "--as-of", "2026-11-24"});
  ASSERT_TRUE(contains(before.out, "C008-202611") && contains(before.out, "C030-202611")) << before.out;
  ASSERT_TRUE(contains(regua({"tasks", "list", "--open"}).out, "Farmácia Vida Plena"));

  // Everything C008 owes that is due, and C030's November: paid on 24/11 with what the
  // bank charged (for C030 R$ 1,00 more than Régua's quote).
  std::vector<testing::cnab240::Title> titles;
  auto items = openItems("C008", "2026-11-24");
  items.erase("C008-202612");  // not due yet
  items["C030-202611"] = openItems("C030", "2026-11-24").at("C030-202611");
  ASSERT_EQ(items.size(), 5u);
  long long nosso = 1000;
  for (const auto& [id, owed] : items) {
    const long long extra = id == "C030-202611" ? 100 : 0;
    const long long charges = owed.second - owed.first + extra;
    titles.push_back({"06", std::to_string(++nosso), id, owed.first, owed.second + extra, charges, 250, "24112026",
                      "25112026"});
  }
  titles.push_back({"03", "2000", "C048-202612", 22000, 0, 0, 0, "24112026", "", "0812"});  // entrada rejeitada
  titles.push_back({"06", "99999999", "", 12345, 12345, 0, 250, "24112026", "25112026"});    // not a boleto of ours
  const std::string file = testing::cnab240::join(testing::cnab240::retorno(titles));
  dir_.write("retornos/banco.ret", file);

  auto synced = regua({"sync"});
  ASSERT_EQ(synced.exitCode, 0) << synced.err;
  EXPECT_TRUE(contains(synced.out, "fonte cnab: clientes: 0 novos, 0 alterados, 0 sem mudança; títulos: 0 novos, 0 "
                                   "alterados, 0 sem mudança; pagamentos: 5 novos; fila de conciliação: 1 crédito "
                                   "novo; ocorrências do banco: 1 nova (5 títulos quitados"))
      << synced.out;

  const auto after = regua({"run", "--dry-run", "--as-of", "2026-11-24"});
  EXPECT_FALSE(contains(after.out, "C008-")) << after.out;
  EXPECT_FALSE(contains(after.out, "C030-202611")) << after.out;
  EXPECT_TRUE(contains(after.out, "C048-202611")) << "a rejected entry is no payment: " << after.out;
  EXPECT_FALSE(contains(regua({"tasks", "list", "--open"}).out, "Farmácia Vida Plena"));

  EXPECT_TRUE(contains(regua({"history", "C048"}).out, "banco, 24/11/2026: entrada rejeitada (motivos 0812) (movimento 03)"));
  const auto c030 = regua({"history", "C030"}).out;
  EXPECT_TRUE(contains(c030, "no título C030-202611")) << c030;
  EXPECT_TRUE(contains(c030, "(R$ 1,00 a mais)")) << c030;
  EXPECT_TRUE(contains(c030, "tarifa do banco R$ 2,50")) << c030;

  const auto queue = regua({"reconcile", "list"});
  EXPECT_TRUE(contains(queue.out, "#1  24/11/2026  R$ 123,45")) << queue.out;
  EXPECT_TRUE(contains(queue.out, "nenhum título tem o nosso número 99999999")) << queue.out;

  // The same file again, rewritten (so the source reads it): nothing changes.
  dir_.write("retornos/banco.ret", file + "\r\n");
  synced = regua({"sync"});
  ASSERT_EQ(synced.exitCode, 0) << synced.err;
  EXPECT_TRUE(contains(synced.out, "pagamentos: 0 novos, 5 já registrados; fila de conciliação: 0 créditos novos, 1 já "
                                   "conhecidos; ocorrências do banco: 0 novas, 1 já registradas"))
      << synced.out;

  // The office finds out: part of C008's December, paid before it was even issued.
  const auto matched = regua({"reconcile", "match", "1", "C008-202612", "--by", "ana@escritorio.com.br"});
  ASSERT_EQ(matched.exitCode, 0) << matched.err;
  EXPECT_TRUE(contains(matched.out, "Crédito #1 associado a C008-202612")) << matched.out;
  EXPECT_EQ(openItems("C008", "2026-11-24").at("C008-202612").first, 180000 - 12345);
  const auto c008 = regua({"history", "C008"}).out;
  EXPECT_TRUE(contains(c008, "crédito #1 de R$ 123,45 em 24/11/2026 (banco.ret:15) associado a C008-202612 por "
                             "ana@escritorio.com.br"))
      << c008;
  EXPECT_EQ(regua({"reconcile", "list"}).out, "Nenhum crédito esperando conciliação.\n");
  const auto twice = regua({"reconcile", "ignore", "1"});
  EXPECT_EQ(twice.exitCode, 1);
  EXPECT_TRUE(contains(twice.err, "já foi associado por ana@escritorio.com.br")) << twice.err;
}

// `regua import FILE`: what a retorno would do first (nothing stored), then the import,
// once per content; a file of another format, a garbage file and a cut one are refused
// with what and where, storing nothing, and the good file still imports afterwards.
TEST(Import, ARetornoIsImportedOnceAfterADryRunThatStoresNothing) {
  Office office;
  office.dir().write("data/titulos.csv", "id;cliente;descricao;valor;vencimento;nosso_numero\n"
                                         "R1;C1;Honorários 02/2026;100,00;02/03/2026;00012345\n"
                                         "R2;C1;Honorários extra;200,00;02/03/2026;00012346\n");
  ASSERT_EQ(office.regua({"sync"}).exitCode, 0);
  namespace cnab = testing::cnab240;
  const std::string file = cnab::join(cnab::retorno({{"06", "00012345", "", 10000, 10000, 0, 0, "04032026", "05032026"},
                                                     {"03", "00012346", "", 20000, 0, 0, 0, "04032026", "", "0812"},
                                                     {"06", "555", "", 4200, 4200, 0, 0, "04032026", "05032026"}}));
  const auto path = office.dir().write("banco.ret", file).string();

  auto r = office.regua({"import", path, "--dry-run", "--bank", "febraban"});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "Simulação (nada foi gravado): banco.ret (cnab240)")) << r.out;
  EXPECT_TRUE(contains(r.out, "R1            R$ 100,00     pago em 04/03/2026, encargos R$ 0,00, crédito em 05/03/2026, "
                              "quitado (por o nosso número 00012345)")) << r.out;
  EXPECT_TRUE(contains(r.out, "título R2, 04/03/2026: entrada rejeitada (motivos 0812) (banco.ret:5)")) << r.out;
  EXPECT_TRUE(contains(r.out, "  R$ 42,00 em 04/03/2026 (banco.ret:7): nenhum título tem o nosso número 555")) << r.out;
  EXPECT_EQ(office.regua({"reconcile", "list"}).out, "Nenhum crédito esperando conciliação.\n");
  EXPECT_TRUE(contains(office.regua({"client", "show", "C1", "--as-of", "2026-03-04"}).out, "R1")) << "still open";

  r = office.regua({"import", path, "--bank", "febraban"});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "  #1 R$ 42,00 em 04/03/2026")) << r.out;
  EXPECT_TRUE(contains(r.out, "pagamentos: 1 novo; fila de conciliação: 1 crédito novo; ocorrências do banco: 1 nova "
                              "(1 título quitado")) << r.out;
  r = office.regua({"import", path});  // the content is known before any layout is needed
  EXPECT_EQ(r.exitCode, 0);
  EXPECT_TRUE(contains(r.out, "banco.ret: este conteúdo já foi importado em ")) << r.out;
  EXPECT_TRUE(contains(r.out, "; nada a fazer")) << r.out;

  // Refused, nothing stored; the next good file imports.
  r = office.regua({"import", path, "--format", "cnab400"});
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_TRUE(contains(r.err, "banco.ret: pedido como CNAB 400, mas o conteúdo é CNAB 240")) << r.err;
  r = office.regua({"import", office.dir().write("planilha.csv", "id;valor\n1;2\n").string()});
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_TRUE(contains(r.err, "planilha.csv:1:1: não parece um retorno CNAB")) << r.err;
  const std::string second = cnab::join(cnab::retorno({{"06", "00012346", "", 20000, 20000, 0, 0, "05032026", "06032026"}},
                                                      "05032026"));
  r = office.regua({"import", office.dir().write("cortado.ret", second.substr(0, second.size() - 300)).string(), "--bank", "febraban"});
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_TRUE(contains(r.err, "cortado.ret:5:1: o arquivo termina sem o trailer de arquivo")) << r.err;
  EXPECT_TRUE(contains(office.regua({"client", "show", "C1", "--as-of", "2026-03-05"}).out, "R2"));
  r = office.regua({"import", office.dir().write("dia5.ret", second).string(), "--json", "--bank", "febraban"});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  const auto json = Poco::JSON::Parser().parse(r.out).extract<Poco::JSON::Object::Ptr>();
  ASSERT_EQ(json->getArray("payments")->size(), 1u) << r.out;
  EXPECT_EQ(json->getArray("payments")->getObject(0)->getValue<std::string>("receivable"), "R2");
  EXPECT_TRUE(json->getArray("payments")->getObject(0)->getValue<bool>("settled"));

  // The boleto the queue waited for is imported; the bank's next file repeats the credit:
  // found now, it is recorded and leaves the queue.
  office.dir().write("data/titulos.csv", "id;cliente;descricao;valor;vencimento;nosso_numero\n"
                                         "R1;C1;Honorários 02/2026;100,00;02/03/2026;00012345\n"
                                         "R2;C1;Honorários extra;200,00;02/03/2026;00012346\n"
                                         "R3;C2;Honorários 02/2026;1.300,00;02/03/2026;555\n");
  ASSERT_EQ(office.regua({"sync"}).exitCode, 0);
  const std::string again = cnab::join(cnab::retorno({{"06", "555", "", 4200, 4200, 0, 0, "04032026", "05032026"}}, "06032026"));
  r = office.regua({"import", office.dir().write("dia6.ret", again).string(), "--bank", "febraban"});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "R3            R$ 42,00")) << r.out;
  EXPECT_TRUE(contains(office.regua({"reconcile", "list", "--all"}).out, "associado ao título R3 na importação (por regua)"));
}

// A statement written by an independent OFX library (the `ofx` npm package, driven by
// scripts/ofx-statement): Maria's PIX carries her CPF, the bakery's TED its name, both
// with a receivable's exact amount, so both settle; a stranger's PIX of R1's amount waits
// in the queue with R1 as its candidate; the bank's fee (a debit) is no receivable's.
TEST(Import, AStatementSettlesTheCreditsThatFitOneReceivableAndQueuesTheRest) {
  Office office;
  ASSERT_EQ(office.regua({"sync"}).exitCode, 0);
  const auto spec = office.dir().write("extrato.json", R"({"account": "12345-6", "generated": "20260305",
    "from": "20260301", "transactions": [
    {"type": "CREDIT", "posted": "20260304", "amount": "200.00", "fitid": "A1", "name": "PIX RECEBIDO MARIA DA SILVA",
     "memo": "CPF 529.982.247-25"},
    {"type": "CREDIT", "posted": "20260304", "amount": "1300.00", "fitid": "A2", "name": "TED PADARIA BOA LTDA"},
    {"type": "CREDIT", "posted": "20260305", "amount": "100.00", "fitid": "A3", "name": "PIX RECEBIDO JOSÉ ESTRANHO"},
    {"type": "DEBIT", "posted": "20260305", "amount": "-12.90", "fitid": "A4", "name": "TARIFA PACOTE"}]})");
  const auto statement = office.dir().path() / "extrato.ofx";
  const auto made = run("bash", {REGUA_SOURCE_DIR "/scripts/ofx-statement", statement.string(), spec.string()}, "");
  ASSERT_EQ(made.exitCode, 0) << made.err;

  auto r = office.regua({"import", statement.string()});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "extrato.ofx (ofx)")) << r.out;
  EXPECT_TRUE(contains(r.out, "R2            R$ 200,00     pago em 04/03/2026, encargos R$ 0,00, crédito em 04/03/2026, "
                              "quitado (por o valor exato de R$ 200,00 e o documento do pagador)")) << r.out;
  EXPECT_TRUE(contains(r.out, "R3            R$ 1.300,00   pago em 04/03/2026, encargos R$ 0,00, crédito em 04/03/2026, "
                              "quitado (por o valor exato de R$ 1.300,00 e o nome do pagador)")) << r.out;
  EXPECT_TRUE(contains(r.out, "#1 R$ 100,00 em 05/03/2026 (extrato.ofx, FITID A3): 1 título aberto vale R$ 100,00, mas o "
                              "pagador (PIX RECEBIDO JOSÉ ESTRANHO) não é o cliente; confira e escolha")) << r.out;
  EXPECT_TRUE(contains(r.out, "pagamentos: 2 novos; fila de conciliação: 1 crédito novo (2 títulos quitados")) << r.out;
  const auto queue = office.regua({"reconcile", "list"});
  EXPECT_TRUE(contains(queue.out, "pode ser: R1")) << queue.out;
  EXPECT_TRUE(contains(office.regua({"import", statement.string()}).out, "este conteúdo já foi importado")) ;
}

// A folder the bank's files land in: `regua sync` imports each new one and moves it to
// processados/; a cut file goes to rejeitados/ with the reason beside it, and the good
// ones still import; the same content under another name changes nothing.
TEST(BankFolder, EachNewFileIsImportedAndMovedAndARefusedOneGoesToRejeitadosWithItsReason) {
  Office office("", "", "  - path: " REGUA_PLUGIN_DIR "/regua_cnab.so\n    config: {dir: retornos, layout: febraban}\n");
  office.dir().write("data/titulos.csv", "id;cliente;descricao;valor;vencimento;nosso_numero\n"
                                         "R1;C1;Honorários 02/2026;100,00;02/03/2026;00012345\n"
                                         "R2;C1;Honorários extra;200,00;02/03/2026;00012346\n");
  namespace cnab = testing::cnab240;
  const std::string paid = cnab::join(cnab::retorno({{"06", "00012345", "", 10000, 10000, 0, 0, "04032026", "05032026"}}));
  const std::string cut = cnab::join(cnab::retorno({{"06", "00012346", "", 20000, 20000, 0, 0, "04032026", "05032026"}}));
  office.dir().write("retornos/a.ret", paid);
  office.dir().write("retornos/b.ret", cut.substr(0, cut.size() - 300));
  auto r = office.regua({"sync"});
  EXPECT_EQ(r.exitCode, 1) << "a refused file needs someone";
  EXPECT_TRUE(contains(r.out, "a.ret: fonte cnab: ")) << r.out;
  EXPECT_TRUE(contains(r.out, "(1 título quitado, 0 ações pendentes canceladas); movido para processados/a.ret")) << r.out;
  EXPECT_TRUE(contains(r.err, "b.ret recusado, movido para rejeitados/b.ret (o motivo está em rejeitados/b.ret.erro): "
                              "fonte cnab: nada importado")) << r.err;
  const auto& dir = office.dir();
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "retornos/a.ret"));
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "retornos/processados/a.ret"));
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "retornos/rejeitados/b.ret"));
  EXPECT_TRUE(contains(dir.read("retornos/rejeitados/b.ret.erro"), "b.ret:5:1: o arquivo termina sem o trailer de arquivo"));
  EXPECT_TRUE(contains(office.regua({"client", "show", "C1", "--as-of", "2026-03-04"}).out, "R2")) << "nothing of b";

  office.dir().write("retornos/a-de-novo.ret", paid);
  r = office.regua({"sync"});
  EXPECT_EQ(r.exitCode, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "a-de-novo.ret: conteúdo já importado em ")) << r.out;
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "retornos/processados/a-de-novo.ret"));
}

INSTANTIATE_TEST_SUITE_P(Backends, SampleOffice, ::testing::Values(store::Backend::kSqlite, store::Backend::kPostgres),
                         [](const auto& info) { return info.param == store::Backend::kSqlite ? "SQLite" : "PostgreSQL"; });

}  // namespace
}  // namespace regua::testing
