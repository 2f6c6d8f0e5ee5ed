// The CNAB 240 retorno reader: on a retorno Santander's system produced (published in
// node-boleto's examples, MIT), and on files the test writes field by field at the columns
// of FEBRABAN's layout, whole and then broken in the ways files arrive broken.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "cnab240.hpp"
#include "fixed_width.hpp"
#include "cnab_retorno.hpp"

namespace regua::cnab {
namespace {

using testing::cnab240::join;
using testing::cnab240::retorno;
using testing::cnab240::Title;

std::string errorOf(const std::string& text) {
  try {
    readCnab240(text, "retorno.ret", "febraban");
  } catch (const CnabError& e) {
    return e.what();
  }
  return "(nenhum erro)";
}

const std::vector<Title> kTwo = {
    {"06", "00012345", "C008-202611", 185640, 190080, 4440, 250, "24112026", "25112026"},
    {"02", "00012346", "C009-202612", 95010, 0, 0, 0, "", ""},
};

TEST(Cnab240, ReadsSettlementsWithChargesFeesAndDatesAndOtherMovements) {
  const auto file = readCnab240(join(retorno(kTwo)), "retorno.ret", "febraban");
  EXPECT_EQ(file.bank, "001");
  EXPECT_EQ(file.companyName, "ESCRITORIO CONTABIL EXEMPLO");
  EXPECT_EQ(file.sequence, 42);
  EXPECT_EQ(file.generatedOn, Date::fromYmd(2026, 11, 24));
  ASSERT_EQ(file.titles.size(), 2u);
  const auto& paid = file.titles[0];
  EXPECT_TRUE(paid.settlement);
  EXPECT_EQ(paid.line, 3);
  EXPECT_EQ(paid.nossoNumero, "00012345");
  EXPECT_EQ(paid.documentNumber, "C008-202611");
  EXPECT_EQ(paid.dueDate, Date::fromYmd(2026, 11, 20));
  EXPECT_EQ(paid.faceValue, Money::fromCentavos(185640));
  EXPECT_EQ(paid.paid, Money::fromCentavos(190080));
  EXPECT_EQ(paid.charges, Money::fromCentavos(4440));
  EXPECT_EQ(paid.bankFee, Money::fromCentavos(250));
  EXPECT_EQ(paid.credited, Money::fromCentavos(189830));
  EXPECT_EQ(paid.occurredOn, Date::fromYmd(2026, 11, 24));
  EXPECT_EQ(paid.creditedOn, Date::fromYmd(2026, 11, 25));
  EXPECT_EQ(paid.payerDocument, "00052998224725");
  EXPECT_EQ(paid.payerName, "ANA LIMA");
  const auto& confirmed = file.titles[1];
  EXPECT_FALSE(confirmed.settlement);
  EXPECT_EQ(confirmed.movementText, "entrada confirmada");
  EXPECT_FALSE(confirmed.occurredOn);
  EXPECT_EQ(movementName("99"), "movimento 99");
}

TEST(Cnab240, LinesThatLostTheirTrailingSpacesAreReadAsTheyWere) {
  auto lines = retorno(kTwo);
  for (auto& l : lines) l.erase(l.find_last_not_of(' ') + 1);
  EXPECT_EQ(readCnab240(join(lines, "\n"), "retorno.ret", "febraban").titles.size(), 2u);
}

TEST(Cnab240, TrailerCountsThatDoNotMatchSayTheFileIsIncomplete) {
  auto lines = retorno(kTwo);
  lines.erase(lines.begin() + 3);  // the first title's U... and the T after it has no U
  EXPECT_EQ(errorOf(join(lines)), "retorno.ret:4:14: segmento T sem o segmento U do título da linha 3");
  lines = retorno(kTwo);
  lines.erase(lines.begin() + 3, lines.begin() + 5);  // U of one title, T of the next: a U of another title
  EXPECT_EQ(errorOf(join(lines)),
            "retorno.ret:4:16: movimento 02 no segmento U e 06 no segmento T da linha 3; o arquivo está inconsistente");
  lines = retorno(kTwo);
  lines.erase(lines.begin() + 2, lines.begin() + 4);  // one whole title dropped
  EXPECT_NE(errorOf(join(lines)).find("retorno.ret:5:18: o trailer do lote declara 6 registros e o lote da linha 2 tem 4"),
            std::string::npos)
      << errorOf(join(lines));
  lines = retorno(kTwo);
  lines.pop_back();
  EXPECT_NE(errorOf(join(lines)).find("termina sem o trailer de arquivo"), std::string::npos);
}

TEST(Cnab240, WhatIsNotARetornoIsRefusedWithItsPlace) {
  auto lines = retorno(kTwo);
  lines[0][142] = '1';  // remessa
  EXPECT_NE(errorOf(join(lines)).find("retorno.ret:1:143: o código do arquivo é '1', não 2 (retorno)"), std::string::npos);
  lines = retorno(kTwo);
  lines[3].replace(77, 3, "1A0");  // inside "valor pago"
  EXPECT_EQ(errorOf(join(lines)).find("retorno.ret:4:79: valor pago (colunas 78-92) deveria ter só algarismos"), 0u)
      << errorOf(join(lines));
  lines = retorno(kTwo);
  lines[3].replace(137, 8, "31022026");
  EXPECT_NE(errorOf(join(lines)).find("retorno.ret:4:138: data da ocorrência (colunas 138-145) '31022026' não é uma data"),
            std::string::npos);
  lines = retorno(kTwo);
  lines[2] += "X";
  EXPECT_NE(errorOf(join(lines)).find("retorno.ret:3:241: linha com 241 caracteres, o layout tem 240"), std::string::npos);
  EXPECT_NE(errorOf("id;nome\n").find("retorno.ret:1:8: o primeiro registro deve ser o header de arquivo"),
            std::string::npos)
      << errorOf("id;nome\n");
  EXPECT_NE(errorOf("").find("arquivo vazio"), std::string::npos);
}

TEST(Cnab240, ReadsTheRetornoSantandersSystemWroteWithSantandersColumns) {
  std::ifstream in(REGUA_CNAB_FIXTURES "/santander-retorno.txt", std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  const auto file = readCnab240(text.str(), "santander-retorno.txt");
  EXPECT_EQ(file.bank, "033");
  EXPECT_EQ(file.layout, "033");
  EXPECT_EQ(file.layoutVersion, "040");
  EXPECT_EQ(file.bankName, "BANCO SANTANDER (BRASIL) S/A");
  EXPECT_EQ(file.generatedOn, Date::fromYmd(2014, 3, 6));
  ASSERT_EQ(file.titles.size(), 2u);
  EXPECT_EQ(file.titles[0].movement, "17");
  EXPECT_TRUE(file.titles[0].settlement);
  EXPECT_EQ(file.titles[0].movementText, "liquidação após baixa ou sem registro");
  EXPECT_EQ(file.titles[0].nossoNumero, "0000000000221");
  EXPECT_EQ(file.titles[0].dueDate, Date::fromYmd(2014, 3, 6));
  EXPECT_EQ(file.titles[0].faceValue, Money::fromCentavos(300));
  EXPECT_EQ(file.titles[0].paid, Money::fromCentavos(300));
  EXPECT_EQ(file.titles[1].nossoNumero, "0000000000230");
  EXPECT_EQ(file.titles[1].faceValue, Money::fromCentavos(350));
  EXPECT_EQ(file.titles[1].paid, Money::fromCentavos(325));
  EXPECT_EQ(file.titles[1].occurredOn, Date::fromYmd(2014, 3, 6));
  EXPECT_EQ(file.titles[1].creditedOn, Date::fromYmd(2014, 3, 7));
  // Read with FEBRABAN's columns, its segment T is not a title: the layout matters.
  EXPECT_THROW(readCnab240(text.str(), "santander-retorno.txt", "febraban"), CnabError);
}

TEST(Cnab240, ABankWithoutALayoutIsRefusedSayingWhatToDo) {
  const auto text = join(retorno(kTwo));
  try {
    readCnab240(text, "retorno.ret");
    FAIL() << "read a bank with no layout";
  } catch (const CnabError& e) {
    EXPECT_EQ(std::string(e.what()),
              "retorno.ret:1:1: banco 001 sem layout CNAB 240 cadastrado (os cadastrados são febraban, 033); se o "
              "manual do banco segue as colunas da FEBRABAN, use o layout febraban (layout: febraban no regua.yaml, ou "
              "regua import --bank febraban)");
  }
  EXPECT_THROW(readCnab240(text, "retorno.ret", "itau"), CnabError);
}

}  // namespace
}  // namespace regua::cnab
