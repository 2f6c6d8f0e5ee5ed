// `regua quote`, `regua pix` and `regua boleto` as the finance staff run them: the real
// binary, the real penalties plugin through the quote ABI, config/regua.yaml's policy.
#include <gtest/gtest.h>

#include <fstream>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include "office.hpp"
#include "test_support.hpp"
#include "vectors.hpp"

namespace {

using regua::testing::RunResult;

RunResult regua(const std::vector<std::string>& args) { return regua::testing::run(REGUA_BINARY, args, REGUA_SOURCE_DIR); }

Poco::JSON::Object::Ptr json(const RunResult& r) {
  return Poco::JSON::Parser().parse(r.out).extract<Poco::JSON::Object::Ptr>();
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST(QuoteCli, PrintsTheUpdatedAmountInPortugueseAndAsJson) {
  const auto text = regua({"quote", "--amount", "1.000,00", "--due", "2026-01-15", "--on", "25/01/2026",
                           "--fine-percent", "2", "--interest-monthly-percent", "1"});
  ASSERT_EQ(text.exitCode, 0) << text.err;
  EXPECT_EQ(text.out.substr(0, text.out.find(':')), "R$ 1.023,33 em 25/01/2026") << text.out;

  const auto r = regua({"quote", "--amount", "1000.00", "--due", "2026-01-15", "--on", "2026-01-25", "--fine-percent",
                        "10", "--interest-monthly-percent", "1", "--json"});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  const auto q = json(r);
  EXPECT_EQ(q->getValue<long>("principal"), 100000);
  EXPECT_EQ(q->getValue<long>("fine"), 2000) << "capped at 2% for a person (the default), CDC art. 52 §1º";
  EXPECT_EQ(q->getValue<long>("interest"), 333);
  EXPECT_EQ(q->getValue<long>("discount"), 0);
  EXPECT_EQ(q->getValue<long>("total"), 102333);
  EXPECT_EQ(q->getValue<std::string>("effective_due"), "2026-01-15");
  EXPECT_EQ(q->getValue<int>("days_late"), 10);
  EXPECT_TRUE(contains(q->getArray("notes")->getElement<std::string>(0), "CDC art. 52")) << r.out;

  const auto company = json(regua({"quote", "--amount", "1000", "--due", "2026-01-15", "--on", "2026-01-25",
                                   "--fine-percent", "10", "--company", "--json"}));
  EXPECT_EQ(company->getValue<long>("fine"), 10000);
}

// Lei 7.089/1983 through the host's calendar: 24/01/2026 is a Saturday and 25/01 is São
// Paulo's anniversary (config/holidays), so the effective due date is Monday 26/01.
TEST(QuoteCli, UsesTheOfficeCalendarForTheEffectiveDueDate) {
  const auto q = json(regua({"quote", "--amount", "500", "--due", "2026-01-24", "--on", "2026-01-26", "--fine-percent",
                             "2", "--interest-monthly-percent", "1", "--city", "3550308", "--json"}));
  EXPECT_EQ(q->getValue<std::string>("effective_due"), "2026-01-26");
  EXPECT_EQ(q->getValue<long>("total"), 50000);
  const auto carnival = json(regua({"quote", "--amount", "500", "--due", "2026-02-16", "--on", "2026-02-18",
                                    "--fine-percent", "2", "--json"}));
  EXPECT_EQ(carnival->getValue<std::string>("effective_due"), "2026-02-18") << "Carnaval Monday and Tuesday";
}

TEST(QuoteCli, WithoutRatesItUsesTheDefaultPolicysPenalties) {
  const auto r = regua({"quote", "--amount", "1000", "--due", "2026-01-15", "--on", "2026-01-25", "--json"});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  const auto q = json(r);
  EXPECT_GT(q->getValue<long>("fine") + q->getValue<long>("interest"), 0) << r.out;
  EXPECT_TRUE(contains(q->getArray("notes")->getElement<std::string>(0), "encargos da política")) << r.out;
}

TEST(QuoteCli, BadInputIsRefusedWithTheReasonNeverAWrongNumber) {
  struct Case {
    std::vector<std::string> extra;
    std::string words;
  } cases[] = {
      {{"--amount", "0"}, "--amount deve ser maior que zero"},
      {{"--amount", "-10"}, "--amount deve ser maior que zero"},
      {{"--amount", "1,2,3"}, "valor inválido em --amount '1,2,3'"},
      {{"--amount", "100", "--fine-percent", "-1"}, "'fine_percent' deve ser um percentual de 0 a 100"},
      {{"--amount", "100", "--interest-monthly-percent", "101"}, "'interest_monthly_percent' deve ser um percentual"},
      {{"--amount", "100", "--discount-amount", "200,00", "--on", "2026-01-10"}, "o desconto (R$ 200,00) é maior que o valor"},
      {{"--amount", "100", "--issued", "2026-01-20", "--fine-percent", "2"}, "é anterior à emissão"},
  };
  for (const auto& c : cases) {
    std::vector<std::string> args = {"quote", "--due", "2026-01-15"};
    if (std::find(c.extra.begin(), c.extra.end(), "--on") == c.extra.end()) args.insert(args.end(), {"--on", "2026-01-18"});
    args.insert(args.end(), c.extra.begin(), c.extra.end());
    const auto r = regua(args);
    EXPECT_NE(r.exitCode, 0) << c.words;
    EXPECT_TRUE(r.out.empty()) << "no number printed for " << c.words << ": " << r.out;
    EXPECT_TRUE(contains(r.err, c.words)) << r.err;
  }
}

TEST(PixCli, MakesAPayloadThatParsesBackAndRefusesBadOnes) {
  const auto made = regua({"pix", "make", "--key", "+55 11 98765-4321", "--name", "Escritório São João", "--city",
                           "São Paulo", "--amount", "1.025,00", "--txid", "TIT1"});
  ASSERT_EQ(made.exitCode, 0) << made.err;
  std::string payload = made.out.substr(0, made.out.find('\n'));
  const auto parsed = regua({"pix", "parse", payload, "--json"});
  ASSERT_EQ(parsed.exitCode, 0) << parsed.err;
  const auto p = json(parsed);
  EXPECT_EQ(p->getValue<std::string>("key"), "+5511987654321");
  EXPECT_EQ(p->getValue<std::string>("key_type"), "telefone");
  EXPECT_EQ(p->getValue<long>("amount"), 102500);
  EXPECT_EQ(p->getValue<std::string>("name"), "ESCRITORIO SAO JOAO");
  EXPECT_EQ(p->getValue<std::string>("txid"), "TIT1");

  payload[payload.size() - 1] = payload.back() == '0' ? '1' : '0';
  const auto bad = regua({"pix", "parse", payload});
  EXPECT_EQ(bad.exitCode, 1);
  EXPECT_TRUE(contains(bad.err, "CRC não confere")) << bad.err;
  const auto key = regua({"pix", "make", "--key", "11987654321", "--name", "Ana", "--city", "Recife"});
  EXPECT_EQ(key.exitCode, 1);
  EXPECT_TRUE(contains(key.err, "não é CPF/CNPJ válido")) << key.err;
  const auto accents = regua({"pix", "make", "--key", "ana@exemplo.com", "--name", "´~^", "--city", "Recife"});
  EXPECT_EQ(accents.exitCode, 1);
  EXPECT_TRUE(contains(accents.err, "nome do recebedor vazio")) << accents.err;
}

TEST(PixCli, EveryPublicVectorIsJudgedRight) {
  for (const auto& v : regua::testing::readVectors("pix.tsv")) {
    const auto r = regua({"pix", "parse", v["payload"]});
    EXPECT_EQ(r.exitCode, v["valid"] == "1" ? 0 : 1) << "pix.tsv:" << v.line << " " << r.err;
  }
}

TEST(BoletoCli, EveryPublicVectorParsesFromTheTypedLine) {
  for (const auto& v : regua::testing::readVectors("boleto.tsv")) {
    const auto r = regua({"boleto", "parse", v["typed_line"], "--reference", v["due_date"], "--json"});
    ASSERT_EQ(r.exitCode, 0) << "boleto.tsv:" << v.line << " " << r.err;
    const auto b = json(r);
    EXPECT_EQ(b->getValue<std::string>("bank"), v["bank"]);
    EXPECT_EQ(b->getValue<long>("value"), std::stol(v["value_cents"]));
    EXPECT_EQ(b->getValue<std::string>("due_date"), v["due_date"]);
    EXPECT_EQ(b->getValue<std::string>("barcode"), v["barcode"]);
  }
}

TEST(BoletoCli, OneWrongDigitNamesTheFailingCheck) {
  std::string line = regua::testing::readVectors("boleto.tsv").at(1)["typed_line"];
  line[12] = line[12] == '9' ? '0' : static_cast<char>(line[12] + 1);  // inside field 2
  const auto r = regua({"boleto", "parse", line});
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_TRUE(contains(r.err, "dígito verificador do campo 2 não confere")) << r.err;
}

TEST(BoletoCli, MakeBuildsEveryPublicVectorFromBankDueDateAmountAndFreeField) {
  for (const auto& v : regua::testing::readVectors("boleto.tsv")) {
    const long cents = std::stol(v["value_cents"]);
    const std::string amount = std::to_string(cents / 100) + "." + (cents % 100 < 10 ? "0" : "") + std::to_string(cents % 100);
    const auto r = regua({"boleto", "make", "--bank", v["bank"], "--due", v["due_date"], "--amount", amount,
                          "--free-field", v["barcode"].substr(19), "--json"});
    ASSERT_EQ(r.exitCode, 0) << "boleto.tsv:" << v.line << " " << r.err;
    const auto b = json(r);
    EXPECT_EQ(b->getValue<std::string>("barcode"), v["barcode"]) << "boleto.tsv:" << v.line;
    EXPECT_EQ(b->getValue<std::string>("typed_line"), v["typed_line"]) << "boleto.tsv:" << v.line;
  }
  const auto shortField = regua({"boleto", "make", "--bank", "001", "--amount", "10,00", "--free-field", "123"});
  EXPECT_EQ(shortField.exitCode, 1);
  EXPECT_EQ(shortField.err, "regua: o campo livre tem 25 dígitos, veio 3\n");
}

TEST(BoletoCli, AnArrecadacaoCodeIsNamedForWhatItIs) {
  const auto r = regua({"boleto", "parse", "8" + std::string(43, '0')});
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_TRUE(contains(r.err, "é um código de arrecadação (contas de consumo, tributos), não um boleto bancário")) << r.err;
  EXPECT_FALSE(contains(r.err, "moeda")) << r.err;
}

TEST(PixCli, AmbiguousAmountsAreRefusedAndTheInfoKeepsTheOfficesText) {
  for (const char* amount : {"0.001", "10.500", "1,000"}) {
    const auto r = regua({"pix", "make", "--key", "ana@exemplo.com", "--name", "Ana", "--city", "Recife", "--amount", amount});
    EXPECT_EQ(r.exitCode, 64) << amount << ": " << r.out;
    EXPECT_TRUE(r.out.empty()) << r.out;
    EXPECT_TRUE(contains(r.err, std::string("valor inválido em --amount '") + amount + "'")) << r.err;
  }
  const auto made = regua({"pix", "make", "--key", "ana@exemplo.com", "--name", "Ana", "--city", "Recife", "--amount",
                           "10,50", "--info", "Pedido 123"});
  ASSERT_EQ(made.exitCode, 0) << made.err;
  const auto parsed = json(regua({"pix", "parse", made.out.substr(0, made.out.find('\n')), "--json"}));
  EXPECT_EQ(parsed->getValue<std::string>("info"), "Pedido 123");
  EXPECT_EQ(parsed->getValue<long>("amount"), 1050);
}

TEST(QuoteCli, ABillDueOnTheLastDayOfTheYearCarriesNoChargesOnTheNextBusinessDay) {
  // No bank serves the public on 31/12 (FEBRABAN); 01/01 is a holiday and 02-03/01/2027 a weekend.
  const auto onTime = regua({"quote", "--amount", "1.000,00", "--due", "2026-12-31", "--on", "2027-01-04",
                             "--fine-percent", "2", "--interest-monthly-percent", "1"});
  ASSERT_EQ(onTime.exitCode, 0) << onTime.err;
  EXPECT_EQ(onTime.out.rfind("R$ 1.000,00 em 04/01/2027", 0), 0u) << onTime.out;
  EXPECT_TRUE(contains(onTime.out, "vencimento em dia sem expediente bancário: pago sem encargos até 04/01/2027"))
      << onTime.out;
  const auto late = regua({"quote", "--amount", "1.000,00", "--due", "2026-12-31", "--on", "2027-01-05",
                           "--fine-percent", "2", "--interest-monthly-percent", "1"});
  EXPECT_EQ(late.out.rfind("R$ 1.021,67 em 05/01/2027", 0), 0u) << late.out;
}

// The shipped legal-rate table loads; with no rate in it, a policy asking for `interest:
// legal` is refused with where the rates come from; with a published rate, it is charged.
TEST(QuoteCli, TheShippedLegalRateTableLoadsAndAnEmptyOneRefusesLegalInterestWithTheSource) {
  for (const std::string file : {std::string(REGUA_SOURCE_DIR "/config/taxa-legal.csv"), std::string("taxa.csv")}) {
    regua::testing::Office office("  - path: " REGUA_PLUGIN_DIR "/regua_penalties.so\n    config: {legal_rates_file: " + file + "}\n", "",
                  "", false);
    std::ifstream shipped(REGUA_SOURCE_DIR "/config/taxa-legal.csv");
    office.dir().write("taxa.csv", std::string(std::istreambuf_iterator<char>(shipped), {}) + "2026-01;0,5\n");
    office.dir().write("policies/teste.yaml", regua::testing::kPolicy + "penalties: {interest: legal}\n");
    const auto r = office.regua({"quote", "--amount", "3.000,00", "--due", "2026-03-02", "--on", "2026-03-12"});
    if (file == "taxa.csv") {
      ASSERT_EQ(r.exitCode, 0) << r.err;
      EXPECT_EQ(r.out.rfind("R$ 3.005,00 em 12/03/2026", 0), 0u) << "3.000,00 × 0,5% × 10/30: " << r.out;
      EXPECT_TRUE(contains(r.out, "taxa legal de meses sem publicação tomada de 01/2026")) << r.out;
      continue;
    }
    EXPECT_EQ(r.exitCode, 78) << "a policy asking for legal interest without rates is refused: " << r.out;
    EXPECT_TRUE(contains(r.err, "copie as taxas que o Banco Central publica (página Taxa Legal)")) << r.err;
  }
}

}  // namespace
