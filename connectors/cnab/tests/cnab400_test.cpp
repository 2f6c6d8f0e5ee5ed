// The CNAB 400 retorno reader on retornos the banks' systems produced (Bradesco's and
// Caixa's, published in node-boleto 2.3.0's tests, MIT), and on those files broken in the
// ways files arrive broken.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "cnab400.hpp"
#include "fixed_width.hpp"

namespace regua::cnab {
namespace {

std::string fixture(const std::string& name) {
  std::ifstream in(REGUA_CNAB_FIXTURES "/" + name, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string errorOf(const std::string& text, const std::string& name = "retorno.ret") {
  try {
    readCnab400(text, name);
  } catch (const CnabError& e) {
    return e.what();
  }
  return "(nenhum erro)";
}

TEST(Cnab400, ReadsBradescosRetornoWithItsColumns) {
  const auto file = readCnab400(fixture("bradesco-retorno.txt"), "bradesco-retorno.txt");
  EXPECT_EQ(file.bank, "237");
  EXPECT_EQ(file.bankName, "BRADESCO");
  EXPECT_EQ(file.companyName, "PAGAR.ME PAGAMENTOS S.A.");
  EXPECT_EQ(file.generatedOn, Date::fromYmd(2016, 5, 20));
  ASSERT_EQ(file.titles.size(), 1u);
  const auto& t = file.titles[0];
  EXPECT_EQ(t.line, 2);
  EXPECT_EQ(t.movement, "06");
  EXPECT_EQ(t.movementText, "liquidação");
  EXPECT_TRUE(t.settlement);
  EXPECT_EQ(t.nossoNumero, "000000000060");
  EXPECT_EQ(t.faceValue, Money::fromCentavos(1500));
  EXPECT_EQ(t.paid, Money::fromCentavos(100));
  EXPECT_EQ(t.charges, Money::fromCentavos(500));
  EXPECT_EQ(t.iof, Money::fromCentavos(200));
  EXPECT_EQ(t.rebate, Money::fromCentavos(300));
  EXPECT_EQ(t.discount, Money::fromCentavos(400));
  EXPECT_EQ(t.occurredOn, Date::fromYmd(2016, 5, 20));
  EXPECT_EQ(t.creditedOn, Date::fromYmd(2016, 5, 21));
}

TEST(Cnab400, ReadsCaixasRetornoWithMultaApartAndItsOwnCodes) {
  const auto file = readCnab400(fixture("caixa-retorno.txt"), "caixa-retorno.txt");
  EXPECT_EQ(file.bank, "104");
  ASSERT_EQ(file.titles.size(), 3u);
  const auto& paid = file.titles[0];
  EXPECT_EQ(paid.movementText, "liquidação");
  EXPECT_TRUE(paid.settlement);
  EXPECT_EQ(paid.nossoNumero, "000000073110483");
  EXPECT_EQ(paid.documentNumber, "73110483");
  EXPECT_EQ(paid.dueDate, Date::fromYmd(2021, 2, 8));
  EXPECT_EQ(paid.faceValue, Money::fromCentavos(113));
  EXPECT_EQ(paid.paid, Money::fromCentavos(113));
  EXPECT_EQ(paid.bankFee, Money::fromCentavos(115));
  EXPECT_EQ(paid.occurredOn, Date::fromYmd(2021, 2, 1));
  EXPECT_EQ(paid.creditedOn, Date::fromYmd(2021, 2, 2));
  EXPECT_FALSE(file.titles[1].settlement);
  EXPECT_EQ(file.titles[1].movementText, "entrada confirmada");
  EXPECT_FALSE(file.titles[2].settlement);
  EXPECT_EQ(file.titles[2].movementText, "movimento 34");
}

TEST(Cnab400, LfEndingsAndLostTrailingSpacesReadTheSame) {
  std::string text = fixture("caixa-retorno.txt"), stripped;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    line.erase(line.find_last_not_of(" \r") + 1);
    stripped += line + "\n";
  }
  EXPECT_EQ(readCnab400(stripped, "caixa-retorno.txt").titles.size(), 3u);
}

TEST(Cnab400, ALinePastedFromAnotherFileBreaksTheRecordNumbers) {
  // node-boleto's Bradesco sample as published: its third line came from another retorno.
  EXPECT_EQ(errorOf(fixture("bradesco-retorno-linha-colada.txt"), "colado.ret"),
            "colado.ret:3:395: registro número 152328 onde deveria estar o 3; falta, sobra ou veio de outro arquivo "
            "uma linha — peça ao banco um novo retorno");
}

TEST(Cnab400, WhatIsNotARetornoOfAKnownBankIsRefusedWithItsPlace) {
  const std::string good = fixture("caixa-retorno.txt");
  std::string text = good;
  text[1] = '1';
  EXPECT_NE(errorOf(text).find("retorno.ret:1:2: o header diz '1', não 2 (retorno)"), std::string::npos) << errorOf(text);
  text = good;
  text.replace(76, 3, "341");
  EXPECT_EQ(errorOf(text).find("retorno.ret:1:77: banco 341 sem layout CNAB 400 cadastrado (os cadastrados são 237 "
                               "Bradesco, 104 Caixa)"),
            0u)
      << errorOf(text);
  text = good.substr(0, good.rfind("9201104"));  // the trailer cut off
  EXPECT_NE(errorOf(text).find("retorno.ret:4:1: o arquivo termina sem o trailer"), std::string::npos) << errorOf(text);
  text = good;
  text.replace(402 + 253, 3, "1X3");  // inside the first title's valor pago
  EXPECT_EQ(errorOf(text).find("retorno.ret:2:255: valor pago (colunas 254-266) deveria ter só algarismos"), 0u)
      << errorOf(text);
  EXPECT_NE(errorOf("").find("arquivo vazio"), std::string::npos);
}

}  // namespace
}  // namespace regua::cnab
