// PIX BR Code against the public payloads in ../shared/vectors/pix.tsv and the layout
// rules of DESIGN.md ("Payment instruments").
#include <regua/pix.hpp>

#include <gtest/gtest.h>

#include <random>

#include "vectors.hpp"

namespace regua::pix {
namespace {

TEST(Pix, PublicVectorsParseOrAreRejected) {
  for (const auto& v : testing::readVectors("pix.tsv")) {
    const std::string& payload = v["payload"];
    if (v["valid"] == "1") {
      EXPECT_NO_THROW(parse(payload)) << "pix.tsv:" << v.line;
    } else {
      EXPECT_THROW(parse(payload), Invalid) << "pix.tsv:" << v.line;
    }
  }
}

TEST(Pix, TheManualExampleReadsBackEveryField) {
  const auto rows = testing::readVectors("pix.tsv");
  const auto p = parse(rows.at(0)["payload"]);
  EXPECT_EQ(p.key, "123e4567-e12b-12d1-a456-426655440000");
  EXPECT_EQ(p.name, "Fulano de Tal");
  EXPECT_EQ(p.city, "BRASILIA");
  EXPECT_EQ(p.txid, "***");
  EXPECT_FALSE(p.amount);
  const auto withAmount = parse(rows.at(1)["payload"]);
  EXPECT_EQ(withAmount.amount, Money::fromCentavos(1000));
  EXPECT_EQ(withAmount.info, "Pedido 123");
}

TEST(Pix, TheBadVectorsSayWhatIsWrong) {
  const auto rows = testing::readVectors("pix.tsv");
  for (const auto& v : rows) {
    if (v["valid"] == "1") continue;
    try {
      parse(v["payload"]);
      FAIL() << "pix.tsv:" << v.line << " accepted";
    } catch (const Invalid& e) {
      const std::string why = e.what();
      EXPECT_TRUE(why.find("campo 62 declara 8 caracteres mas só há 7") != std::string::npos ||
                  why.find("CRC não confere") != std::string::npos)
          << why;
    }
  }
}

TEST(Pix, BuildsWhatItParsesWithAValidCrc) {
  Charge c;
  c.key = "529.982.247-25";
  c.name = "José da Conceição Ltda";
  c.city = "São João del-Rei";
  c.amount = Money::fromCentavos(123456);
  c.txid = "TIT2026001";
  c.info = "Honorários 11/2026";
  const std::string payload = build(c);
  const auto p = parse(payload);
  EXPECT_EQ(p.key, "52998224725");
  EXPECT_EQ(p.name, "JOSE DA CONCEICAO LTDA");
  EXPECT_EQ(p.city, "SAO JOAO DEL-RE") << "cut to 15 characters";
  EXPECT_EQ(p.amount, Money::fromCentavos(123456));
  EXPECT_EQ(p.txid, "TIT2026001");
  EXPECT_EQ(p.info, "Honorarios 11/2026") << "the office's text, only the accent removed";
  EXPECT_NE(payload.find("54071234.56"), std::string::npos) << payload;
  EXPECT_EQ(payload.substr(payload.size() - 8, 4), "6304");
}

// A payload whose field 54 is `amount`, with a right CRC: only the amount can be wrong.
std::string payloadWithAmount(const std::string& amount) {
  const std::string account = detail::field("00", "br.gov.bcb.pix") + detail::field("01", "52998224725");
  const std::string body = detail::field("00", "01") + detail::field("26", account) + detail::field("52", "0000") +
                           detail::field("53", "986") + detail::field("54", amount) + detail::field("58", "BR") +
                           detail::field("59", "ESCRITORIO") + detail::field("60", "SAO PAULO") +
                           detail::field("62", detail::field("05", "***")) + "6304";
  return body + crcHex(crc16(body));
}

TEST(Pix, AnAmountWithAThousandsSeparatorOrThreeDecimalsIsInvalid) {
  EXPECT_EQ(parse(payloadWithAmount("1000.00")).amount, Money::fromCentavos(100000));
  EXPECT_EQ(parse(payloadWithAmount("12.5")).amount, Money::fromCentavos(1250));
  for (const std::string bad : {"1.000", "12.345", "100.000", "10,00", "0.00"}) {
    try {
      parse(payloadWithAmount(bad));
      ADD_FAILURE() << bad << " accepted";
    } catch (const Invalid& e) {
      EXPECT_NE(std::string(e.what()).find("valor '" + bad + "' inválido no campo 54"), std::string::npos) << e.what();
    }
  }
}

TEST(Pix, InfoKeepsTheOfficesTextAndDropsOnlyWhatABrCodeCannotCarry) {
  Charge c{"52998224725", "Escritório", "São Paulo", Money::fromCentavos(100), "", "Pedido 123 — ação nº 7\t"};
  EXPECT_EQ(parse(build(c)).info, "Pedido 123 acao n 7");
}

TEST(Pix, AMessageNeverSplitsACharacter) {
  for (const std::string payload : {std::string("000201aço00"), std::string("000201aç"), std::string("0002010102ção")}) {
    try {
      parse(payload);
      ADD_FAILURE() << payload;
    } catch (const Invalid& e) {
      const std::string why = e.what();
      for (std::size_t at = 0; at < why.size();) {  // every character whole: a lead byte, then its continuations
        const unsigned char c = static_cast<unsigned char>(why[at]);
        const std::size_t length = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
        ASSERT_NE(length, 0u) << "a stray continuation byte at " << at << " in: " << why;
        for (std::size_t k = 1; k < length; ++k) ASSERT_EQ(static_cast<unsigned char>(why[at + k]) & 0xC0, 0x80) << why;
        at += length;
      }
    }
  }
}

TEST(Pix, RoundTripsRandomAmountsAndKeys) {
  std::mt19937_64 random(7);
  const char* keys[] = {"11.222.333/0001-81", "financeiro@escritorio.com.br", "+55 (11) 98765-4321",
                        "123E4567-E12B-12D1-A456-426655440000"};
  for (int i = 0; i < 2000; ++i) {
    Charge c{keys[i % 4], "Escritório Contábil", "Belo Horizonte", Money::fromCentavos(1 + static_cast<std::int64_t>(random() % 1'000'000'000)), "", ""};
    const auto p = parse(build(c));
    EXPECT_EQ(p.amount, c.amount);
    EXPECT_EQ(p.txid, "***");
  }
}

TEST(Pix, KeysOfTheWrongShapeAreRefusedWithTheReason) {
  EXPECT_EQ(parseKey("+55 11 98765-4321").value, "+5511987654321");
  EXPECT_EQ(parseKey("Financeiro@Exemplo.com.br").type, KeyType::kEmail);
  for (const char* bad : {"529.982.247-24", "11987654321", "+1 555 0100", "fulano@", "123e4567-e12b-12d1-a456-42665544000g", ""}) {
    EXPECT_THROW(parseKey(bad), Invalid) << bad;
  }
  try {
    parseKey("529.982.247-24");
  } catch (const Invalid& e) {
    EXPECT_NE(std::string(e.what()).find("dígitos verificadores"), std::string::npos) << e.what();
  }
}

TEST(Pix, ANameThatIsOnlyAccentsOrSymbolsIsRefused) {
  Charge c{"financeiro@exemplo.com.br", "´`^~ ¨", "Recife", std::nullopt, "", ""};
  try {
    build(c);
    FAIL() << "accepted an empty name";
  } catch (const Invalid& e) {
    EXPECT_NE(std::string(e.what()).find("nome do recebedor vazio"), std::string::npos) << e.what();
  }
  c.name = "Ana";
  c.txid = "com espaço";
  EXPECT_THROW(build(c), Invalid);
  c.txid = "";
  c.amount = Money();
  EXPECT_THROW(build(c), Invalid) << "a zero amount is no charge";
}

TEST(Pix, AnyFlippedCharacterBreaksTheCrc) {
  const std::string good = build({"financeiro@exemplo.com.br", "Ana", "Recife", Money::fromCentavos(5000), "", ""});
  for (std::size_t i = 0; i + 4 < good.size(); ++i) {
    std::string bad = good;
    bad[i] = bad[i] == 'X' ? 'Y' : 'X';
    EXPECT_THROW(parse(bad), Invalid) << "position " << i;
  }
}

}  // namespace
}  // namespace regua::pix
