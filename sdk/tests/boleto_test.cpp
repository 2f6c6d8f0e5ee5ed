// Boleto barcode and typed line against ../shared/vectors/boleto.tsv and due_factor.tsv,
// with the FEBRABAN rules of DESIGN.md ("Payment instruments").
#include <regua/boleto.hpp>

#include <gtest/gtest.h>

#include <random>

#include "vectors.hpp"

namespace regua::boleto {
namespace {

Date iso(const std::string& text) { return *Date::parseIso(text); }

TEST(Boleto, PublicVectorsParseFromEitherFormAndConvert) {
  for (const auto& v : testing::readVectors("boleto.tsv")) {
    const Date due = iso(v["due_date"]);
    for (const std::string& code : {v["barcode"], v["typed_line"]}) {
      const Boleto b = parse(code, due.plusDays(30));
      EXPECT_EQ(b.barcode, v["barcode"]) << "boleto.tsv:" << v.line;
      EXPECT_EQ(b.typedLine, v["typed_line"]) << "boleto.tsv:" << v.line;
      EXPECT_EQ(b.bank, v["bank"]) << "boleto.tsv:" << v.line;
      EXPECT_EQ(b.value.centavos(), std::stoll(v["value_cents"])) << "boleto.tsv:" << v.line;
      ASSERT_TRUE(b.dueDate) << "boleto.tsv:" << v.line;
      EXPECT_EQ(*b.dueDate, due) << "boleto.tsv:" << v.line;
    }
  }
}

TEST(Boleto, BuildingFromTheFieldsGivesTheVectorsBack) {
  for (const auto& v : testing::readVectors("boleto.tsv")) {
    const Boleto b = build(v["bank"], iso(v["due_date"]), Money::fromCentavos(std::stoll(v["value_cents"])),
                           v["barcode"].substr(19));
    EXPECT_EQ(b.barcode, v["barcode"]) << "boleto.tsv:" << v.line;
    EXPECT_EQ(b.typedLine, v["typed_line"]) << "boleto.tsv:" << v.line;
  }
}

TEST(Boleto, DueFactorVectorsIncludingThe2025Restart) {
  for (const auto& v : testing::readVectors("due_factor.tsv")) {
    const Date due = iso(v["due_date"]);
    EXPECT_EQ(dueFactor(due), std::stoi(v["factor"])) << "due_factor.tsv:" << v.line;
    // Decoding picks the date nearest the reference: the same factor means 2000 or 2025.
    EXPECT_EQ(dueFromFactor(std::stoi(v["factor"]), due.plusDays(100)), due) << "due_factor.tsv:" << v.line;
  }
  EXPECT_EQ(dueFromFactor(1000, iso("2026-11-23")), iso("2025-02-22"));
  EXPECT_EQ(dueFromFactor(1000, iso("2001-01-01")), iso("2000-07-03"));
}

TEST(Boleto, EveryWrongDigitOfATypedLineIsCaught) {
  const auto rows = testing::readVectors("boleto.tsv");
  const std::string line = rows.at(0)["typed_line"];
  for (std::size_t i = 0; i < line.size(); ++i) {
    // The value and factor are covered by the general DV, the rest by field DVs.
    std::string bad = line;
    bad[i] = bad[i] == '9' ? '0' : static_cast<char>(bad[i] + 1);
    EXPECT_THROW(parse(bad, iso("2011-03-01")), Invalid) << "digit " << i + 1;
  }
  try {
    std::string bad = line;
    bad[2] = '5';
    parse(bad, iso("2011-03-01"));
  } catch (const Invalid& e) {
    EXPECT_NE(std::string(e.what()).find("dígito verificador do campo 1 não confere"), std::string::npos) << e.what();
  }
}

TEST(Boleto, ShapesItCannotReadAreExplained) {
  EXPECT_THROW(parse("123", iso("2026-01-01")), Invalid);
  EXPECT_THROW(parse(std::string(48, '8'), iso("2026-01-01")), Invalid);
  EXPECT_THROW(parse("0019x490000002952950000007777777000008765418", iso("2026-01-01")), Invalid);
  EXPECT_THROW(build("1", iso("2026-01-01"), Money::fromCentavos(1), std::string(25, '0')), Invalid);
  EXPECT_THROW(build("001", iso("2026-01-01"), Money::fromCentavos(1), "123"), Invalid);
}

TEST(Boleto, AMessageQuotesAWrongCharacterWhole) {
  try {
    parse("0019ã490000002952950000007777777000008765418", iso("2026-01-01"));
    FAIL() << "a letter is not a digit";
  } catch (const Invalid& e) {
    EXPECT_EQ(std::string(e.what()), "caractere inválido 'ã'; um boleto só tem dígitos (espaços e pontos são ignorados)");
  }
}

TEST(Boleto, RandomBoletosRoundTrip) {
  std::mt19937_64 random(11);
  for (int i = 0; i < 2000; ++i) {
    std::string free;
    for (int k = 0; k < 25; ++k) free += static_cast<char>('0' + random() % 10);
    const Date due = iso("2020-01-01").plusDays(static_cast<std::int32_t>(random() % 4000));
    const Money value = Money::fromCentavos(static_cast<std::int64_t>(random() % 10'000'000'000ULL));
    const Boleto built = build("341", due, value, free);
    const Boleto read = parse(built.typedLine, due);
    EXPECT_EQ(read.barcode, built.barcode);
    EXPECT_EQ(read.value, value);
    EXPECT_EQ(read.dueDate, due);
    EXPECT_EQ(read.freeField, free);
  }
}

}  // namespace
}  // namespace regua::boleto
