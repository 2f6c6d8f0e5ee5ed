// `regua sync` from CSV exports as offices really send them: repeated lines, Excel's
// Windows-1252, control characters, one bad client with everything that hangs on it,
// payments dated in the future — each refused with where and what to do, nothing
// stored from a refused pull; and a summary that says what was new, changed or the same.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <fstream>
#include <sstream>
#include <string>

#include "office.hpp"
#include "test_database.hpp"

namespace regua::testing {
namespace {

TEST(Sync, TheSameIdTwiceInOneExportIsRefusedNamingBothLines) {
  Office office;
  office.dir().write("data/titulos.csv", kReceivables + "R1;C1;Honorários 02/2026 (corrigido);150,00;02/03/2026\n");
  const auto r = office.regua({"sync"});
  EXPECT_EQ(r.exitCode, 1) << r.out;
  EXPECT_TRUE(contains(r.err, "titulos.csv:5: id 'R1' repetido (também em titulos.csv:2); deixe uma linha só")) << r.err;
  EXPECT_FALSE(contains(office.regua({"report", "delinquents", "--as-of", "2026-03-20"}).out, "Maria"))
      << "nothing of the refused pull is stored";
}

TEST(Sync, AWindows1252ExportIsRefusedWithTheFixOrReadWithTheEncodingSetting) {
  Office office;
  office.dir().write("data/clientes.csv", "id;nome;documento;email\nC1;Jo\xE3o Concei\xE7\xE3o;529.982.247-25;joao@example.com\n"
                                          "C2;Padaria Boa Ltda;11.222.333/0001-81;financeiro@padaria.example\n");
  const auto refused = office.regua({"sync"});
  EXPECT_EQ(refused.exitCode, 1);
  EXPECT_TRUE(contains(refused.err, "clientes.csv:2: o texto não está em UTF-8 (byte 0xE3)")) << refused.err;
  EXPECT_TRUE(contains(refused.err, "encoding: windows-1252")) << refused.err;

  std::string config = office.dir().read("regua.yaml");
  config.replace(config.find("      dir: data\n"), 16, "      dir: data\n      encoding: windows-1252\n");
  office.dir().write("regua.yaml", config);
  const auto read = office.regua({"sync"});
  ASSERT_EQ(read.exitCode, 0) << read.err;
  EXPECT_TRUE(contains(office.regua({"history", "C1"}).out, "Histórico de João Conceição")) << "stored as UTF-8";
}

TEST(Sync, ControlCharactersNulBytesAndRunawayFieldsAreRefused) {
  Office office;
  office.dir().write("data/clientes.csv", "id;nome;documento;email\nC1;Maria\x01 da Silva;529.982.247-25;maria@example.com\n"
                                          "C2;" + std::string(1200, 'P') + ";11.222.333/0001-81;financeiro@padaria.example\n");
  auto r = office.regua({"sync"});
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_TRUE(contains(r.err, "clientes.csv:2: 'nome' tem um caractere de controle (0x01)")) << r.err;
  EXPECT_TRUE(contains(r.err, "clientes.csv:3: 'nome' tem 1200 bytes; o máximo é 1000")) << r.err;
  office.dir().write("data/clientes.csv", std::string("i\0d;nome\n", 9));
  r = office.regua({"sync"});
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_TRUE(contains(r.err, "clientes.csv:1: o arquivo tem bytes nulos — parece UTF-16")) << r.err;
}

TEST(Sync, OneBadClientIsReportedOnceNotOncePerRecordThatHangsOnIt) {
  Office office;
  office.dir().write("data/clientes.csv", "id;nome;documento;email\nC1;Maria da Silva;529.982.247-25;maria@example.com\n"
                                          "C2;Padaria Boa Ltda;11.222.333/0001-00;financeiro@padaria.example\n");
  office.dir().write("data/pagamentos.csv", "id;titulo;valor;data\nP1;R3;100,00;05/03/2026\n");
  const auto r = office.regua({"sync"});
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_TRUE(contains(r.err, "clientes.csv:3: documento inválido")) << r.err;
  EXPECT_TRUE(contains(r.err, "(e 2 registros dele ficaram de fora: corrija esta linha primeiro)")) << r.err;
  EXPECT_FALSE(contains(r.err, "não existe")) << "no cascade of 'não existe' lines: " << r.err;
  EXPECT_TRUE(contains(r.err, "1 problema:")) << r.err;
}

TEST(Sync, APaymentDatedAfterTodayIsRefused) {
  Office office;
  office.dir().write("data/pagamentos.csv", "id;titulo;valor;data\nP1;R1;100,00;31/12/2999\n");
  const auto r = office.regua({"sync"});
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_TRUE(contains(r.err, "pagamentos.csv:2: a data do pagamento (31/12/2999) é posterior a hoje")) << r.err;
}

TEST(Sync, TheSummarySaysWhatWasNewChangedAndUnchanged) {
  Office office;
  auto r = office.regua({"sync"});
  EXPECT_TRUE(contains(r.out, "clientes: 2 novos, 0 alterados, 0 sem mudança; títulos: 3 novos, 0 alterados, "
                              "0 sem mudança; pagamentos: 0 novos"))
      << r.out;
  office.dir().write("data/titulos.csv", "id;cliente;descricao;valor;vencimento\n"
                                         "R1;C1;Honorários 02/2026;120,00;02/03/2026\n"
                                         "R2;C1;Honorários extra;200,00;02/03/2026\n"
                                         "R3;C2;Honorários 02/2026;1.300,00;02/03/2026\n"
                                         "R4;C2;Honorários 03/2026;1.300,00;02/04/2026\n");
  office.dir().write("data/pagamentos.csv", "id;titulo;valor;data\nP1;R2;200,00;03/03/2026\n");
  r = office.regua({"sync"});
  EXPECT_TRUE(contains(r.out, "clientes: 0 novos, 0 alterados, 2 sem mudança; títulos: 1 novo, 1 alterado, "
                              "2 sem mudança; pagamentos: 1 novo (1 título quitado, 0 ações pendentes canceladas)"))
      << r.out;
}

// A bank's retorno knows the boleto, not the office's id: a payment may name the
// receivable by its nosso número, whatever source brought the receivable.
class SyncOn : public ::testing::TestWithParam<store::Backend> {
 protected:
  RunResult regua(std::vector<std::string> args) {
    args.insert(args.end(), {"--store", database_.url()});
    return office_.regua(args);
  }
  Office office_;
  TestDatabase database_{GetParam()};
};

TEST_P(SyncOn, APaymentNamingTheBoletosNossoNumeroSettlesIt) {
  office_.dir().write("data/titulos.csv", "id;cliente;descricao;valor;vencimento;nosso_numero\n"
                                          "R1;C1;Honorários 02/2026;100,00;02/03/2026;00012345\n"
                                          "R2;C1;Honorários extra;200,00;02/03/2026;00012346\n"
                                          "R3;C2;Honorários 02/2026;1.300,00;02/03/2026;\n");
  ASSERT_EQ(regua({"sync"}).exitCode, 0);
  office_.dir().write("data/pagamentos.csv", "id;titulo;nosso_numero;valor;data\n"
                                             "P1;;00099999;100,00;02/03/2026\n"
                                             "P3;;00012345;100,00;02/03/2026\n");
  auto r = regua({"sync"});
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_TRUE(contains(r.err, "pagamentos.csv:2: o nosso número 00099999 não é de nenhum título; confira se o boleto "
                              "foi importado"))
      << r.err;
  office_.dir().write("data/pagamentos.csv", "id;titulo;nosso_numero;valor;data\nP2;;;100,00;02/03/2026\n");
  r = regua({"sync"});
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_TRUE(contains(r.err, "pagamentos.csv:2: 'titulo' e 'nosso_numero' vazios; informe um dos dois")) << r.err;
  EXPECT_TRUE(contains(regua({"client", "show", "C1", "--as-of", "2026-03-02"}).out, "R1")) << "nothing stored";

  office_.dir().write("data/pagamentos.csv", "id;titulo;nosso_numero;valor;data\nP3;;00012345;100,00;02/03/2026\n");
  r = regua({"sync"});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "pagamentos: 1 novo (1 título quitado")) << r.out;
  const auto shown = regua({"client", "show", "C1", "--as-of", "2026-03-02"});
  EXPECT_FALSE(contains(shown.out, "R1 ")) << shown.out;
  EXPECT_TRUE(contains(shown.out, "R2")) << shown.out;
}

// The retorno Santander's system wrote (connectors/cnab/tests/fixtures): two boletos paid
// on 06/03/2014, R$ 3,00 in full and R$ 3,25 of R$ 3,50.
TEST_P(SyncOn, ABanksRetornoSettlesTheBoletosItNamesAndTheSameFileAgainChangesNothing) {
  Office office("", "", "  - path: " REGUA_PLUGIN_DIR "/regua_cnab.so\n    config:\n      file: retornos/banco.ret\n");
  office.dir().write("data/titulos.csv", "id;cliente;descricao;valor;vencimento;nosso_numero\n"
                                         "R1;C1;Boleto 221;3,00;06/03/2014;0000000000221\n"
                                         "R2;C1;Boleto 230;3,50;06/03/2014;0000000000230\n"
                                         "R3;C2;Honorários 02/2026;1.300,00;02/03/2026;\n");
  std::ifstream sample(REGUA_SOURCE_DIR "/connectors/cnab/tests/fixtures/santander-retorno.txt", std::ios::binary);
  std::stringstream bytes;
  bytes << sample.rdbuf();
  office.dir().write("retornos/banco.ret", bytes.str());
  auto run = [&](std::vector<std::string> args) {
    args.insert(args.end(), {"--store", database_.url()});
    return office.regua(args);
  };
  auto r = run({"sync"});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  // R2 (R$ 3,50) was settled for R$ 3,25: the bank granted the rest, which closes it.
  EXPECT_TRUE(contains(r.out, "pagamentos: 2 novos (2 títulos quitados")) << r.out;
  const auto shown = run({"client", "show", "C1", "--as-of", "2014-03-06"});
  EXPECT_TRUE(contains(shown.out, "Em aberto: R$ 0,00")) << shown.out;
  const auto history = run({"history", "C1"});
  EXPECT_TRUE(contains(history.out, "pagamento de R$ 3,25 em 06/03/2014 no título R2")) << history.out;
  EXPECT_TRUE(contains(history.out, "desconto/abatimento de R$ 0,25 concedido no banco")) << history.out;

  office.dir().write("retornos/banco.ret", bytes.str() + "\n");  // rewritten: read again
  r = run({"sync"});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "pagamentos: 0 novos, 2 já registrados")) << r.out;

  office.dir().write("retornos/banco.ret", bytes.str().substr(0, bytes.str().size() - 300));  // cut short
  r = run({"sync"});
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_TRUE(contains(r.err, "nada importado")) << r.err;
  EXPECT_TRUE(contains(r.err, "banco.ret:7:1: o arquivo termina sem o trailer de arquivo")) << r.err;
}

// An office's GnuCash book, written by GnuCash itself (its Python bindings): customers
// with posted invoices, the invoices with their due dates, the payment GnuCash applied;
// a draft invoice is no receivable. A book left open in GnuCash and one of another
// GnuCash version are refused with what to do, storing nothing.
TEST_P(SyncOn, AGnuCashBookBringsItsCustomersPostedInvoicesAndPayments) {
  office_.dir().write("data/clientes.csv", "id;nome;documento\n");  // the book is this office's only source
  office_.dir().write("data/titulos.csv", "id;cliente;valor;vencimento\n");
  std::string yaml = office_.dir().read("regua.yaml");
  yaml.replace(yaml.find("engine:"), 0, "  - path: " REGUA_PLUGIN_DIR "/regua_gnucash.so\n    config: {book: livro.gnucash}\n");
  office_.dir().write("regua.yaml", yaml);
  const auto spec = office_.dir().write("livro.json", R"({"customers": [
    {"id": "000001", "name": "Maria da Silva", "email": "maria@example.com", "notes": "CPF 529.982.247-25"},
    {"id": "000002", "name": "Padaria Boa Ltda", "email": "financeiro@padaria.example", "notes": "CNPJ 11.222.333/0001-81"},
    {"id": "000003", "name": "Sem Faturas", "notes": ""}],
   "invoices": [
    {"id": "NF-1", "customer": "000001", "description": "Honorários 02/2026", "amount": 10000, "posted": "2026-02-20", "due": "2026-03-02"},
    {"id": "NF-2", "customer": "000001", "description": "Honorários extra", "amount": 20000, "posted": "2026-02-20", "due": "2026-03-09"},
    {"id": "NF-3", "customer": "000002", "description": "Honorários 02/2026", "amount": 130000, "posted": "2026-02-20", "due": "2026-03-02"},
    {"id": "NF-4", "customer": "000002", "description": "Rascunho", "amount": 5000, "posted": "2026-02-21", "due": "2026-03-05", "post": false}],
   "payments": [{"customer": "000001", "amount": 4000, "date": "2026-03-04"}]})");
  const auto book = office_.dir().path() / "livro.gnucash";
  const auto made = run("bash", {REGUA_SOURCE_DIR "/scripts/gnucash-book", book.string(), spec.string()}, "");
  ASSERT_EQ(made.exitCode, 0) << made.err;

  auto r = regua({"sync"});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "fonte regua_gnucash.so: clientes: 2 novos, 0 alterados, 0 sem mudança; títulos: 3 novos, 0 "
                              "alterados, 0 sem mudança; pagamentos: 1 novo")) << r.out;
  const auto maria = regua({"client", "show", "000001", "--as-of", "2026-03-05", "--json"});
  ASSERT_EQ(maria.exitCode, 0) << maria.err;
  EXPECT_TRUE(contains(maria.out, R"("description": "Honorários 02/2026")")) << maria.out;
  EXPECT_TRUE(contains(maria.out, R"("brl": "R$ 60,00")")) << "R$ 40,00 of NF-1 paid in GnuCash: " << maria.out;
  EXPECT_TRUE(contains(maria.out, R"("due_date": "2026-03-09")")) << maria.out;
  EXPECT_FALSE(contains(regua({"client", "show", "000002", "--as-of", "2026-03-05"}).out, "NF-4")) << "a draft";

  // GnuCash still has the book open: its row in gnclock.
  ASSERT_EQ(run("bash", {REGUA_SOURCE_DIR "/scripts/gnucash-book", book.string(), "--lock"}, "").exitCode, 0);
  r = regua({"sync"});
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_TRUE(contains(r.err, "livro.gnucash: o livro está aberto no GnuCash em ")) << r.err;
  EXPECT_TRUE(contains(r.err, "feche-o no GnuCash (ou aguarde) e sincronize de novo")) << r.err;

  // A book a future GnuCash rewrote: its invoices table in another layout.
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(book.c_str(), &raw), SQLITE_OK);
  sqlite3_exec(raw, "DELETE FROM gnclock; UPDATE versions SET table_version = 5 WHERE table_name = 'invoices'", nullptr,
               nullptr, nullptr);
  sqlite3_close(raw);
  r = regua({"sync"});
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_TRUE(contains(r.err, "livro.gnucash: livro de outra versão do GnuCash (tabela invoices na versão 5; este "
                              "conector lê a 4, a dos livros do GnuCash 4.13 do Debian 12)")) << r.err;
}

INSTANTIATE_TEST_SUITE_P(Backends, SyncOn, ::testing::Values(store::Backend::kSqlite, store::Backend::kPostgres),
                         [](const auto& info) { return info.param == store::Backend::kSqlite ? "SQLite" : "PostgreSQL"; });

}  // namespace
}  // namespace regua::testing
