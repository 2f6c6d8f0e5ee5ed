// CPF and CNPJ against the public vectors in ../shared/vectors/documents.tsv (read at
// run time: they come from outside this project) plus the rules' edge cases.
#include "domain/document.hpp"

#include <gtest/gtest.h>

#include "vectors.hpp"

namespace regua::domain {
namespace {

TEST(Document, PublicVectors) {
  const auto vectors = testing::readVectors("documents.tsv");
  ASSERT_GE(vectors.size(), 13u);
  for (const auto& v : vectors) {
    std::string why;
    const auto parsed = Document::parse(v["number"], &why);
    EXPECT_EQ(parsed.has_value(), v["valid"] == "1") << "documents.tsv:" << v.line << " " << v["number"] << " " << why;
    if (parsed) {
      EXPECT_EQ(parsed->type(), v["kind"] == "cpf" ? Document::Type::kCpf : Document::Type::kCnpj) << v["number"];
      EXPECT_EQ(parsed->normalized(), v["number"]);
    } else {
      EXPECT_FALSE(why.empty()) << v["number"];
    }
  }
}

// A statement's memo or a customer's notes: the first valid number, written any way.
TEST(Document, FoundInFreeTextWhenOneIsValid) {
  EXPECT_EQ(findDocument("PIX RECEBIDO 11.222.333/0001-81 PADARIA")->normalized(), "11222333000181");
  EXPECT_EQ(findDocument("CPF 529.982.247-25")->normalized(), "52998224725");
  EXPECT_EQ(findDocument("DOC 52998224725 ref 11222333000181")->normalized(), "52998224725");
  EXPECT_FALSE(findDocument("TED 0341 12345 6"));
  EXPECT_FALSE(findDocument("conta 529.982.247-26")) << "wrong check digits";
}

TEST(Document, AcceptsPunctuationAndLowerCaseLetters) {
  const auto cpf = Document::parse("111.444.777-35");
  ASSERT_TRUE(cpf);
  EXPECT_EQ(cpf->formatted(), "111.444.777-35");
  EXPECT_EQ(cpf->masked(), "***.444.777-**");
  EXPECT_TRUE(cpf->isPerson());
  const auto cnpj = Document::parse("12.abc.345/01de-35");
  ASSERT_TRUE(cnpj);
  EXPECT_EQ(cnpj->normalized(), "12ABC34501DE35");
  EXPECT_EQ(cnpj->formatted(), "12.ABC.345/01DE-35");
  EXPECT_FALSE(cnpj->isPerson());
  EXPECT_EQ(Document::parse("11.222.333/0001-81")->formatted(), "11.222.333/0001-81");
}

TEST(Document, ReasonsSayWhatIsWrong) {
  auto reason = [](const char* text) {
    std::string why;
    EXPECT_FALSE(Document::parse(text, &why)) << text;
    return why;
  };
  EXPECT_EQ(reason(""), "documento vazio");
  EXPECT_EQ(reason("111.444.777-36"), "dígitos verificadores não conferem: esperado 35, veio 36");
  EXPECT_EQ(reason("444.444.444-44"), "CPF com todos os dígitos iguais não existe");
  EXPECT_EQ(reason("00000000000000"), "CNPJ com a raiz e a ordem formadas por um só caractere repetido não existe");
  EXPECT_EQ(reason("1114447773"), "tem 10 caracteres; um CPF tem 11 dígitos e um CNPJ tem 14 caracteres (sem contar . - /)");
  EXPECT_EQ(reason("111444777AB"), "CPF só tem dígitos; letras só existem no CNPJ alfanumérico (14 caracteres)");
  EXPECT_EQ(reason("12ABC34501DE9B"), "os dois dígitos verificadores do CNPJ são numéricos");
  EXPECT_EQ(reason("111*444"), "caractere inválido '*' na posição 4; use dígitos, letras (CNPJ alfanumérico) e . - /");
  // A message never splits a character: the whole 'ã', at the position a person counts.
  EXPECT_EQ(reason("não é chave"), "caractere inválido 'ã' na posição 2; use dígitos, letras (CNPJ alfanumérico) e . - /");
  EXPECT_EQ(reason("ção1"), "caractere inválido 'ç' na posição 1; use dígitos, letras (CNPJ alfanumérico) e . - /");
}

}  // namespace
}  // namespace regua::domain
