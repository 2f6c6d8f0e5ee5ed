#include "common/masking.hpp"

#include <gtest/gtest.h>

namespace regua {
namespace {

TEST(Masking, EmailKeepsFirstLetterAndDomain) {
  EXPECT_EQ(maskPersonalData("enviado para ana.souza@exemplo.com.br ok"), "enviado para a***@exemplo.com.br ok");
}

TEST(Masking, CpfWithAndWithoutPunctuationKeepsTheMiddleDigits) {
  EXPECT_EQ(maskPersonalData("cpf 123.456.789-09"), "cpf ***.456.789-**");
  EXPECT_EQ(maskPersonalData("cpf 12345678909."), "cpf ***456789**.");
}

TEST(Masking, PhonesKeepTheLastFourDigits) {
  EXPECT_EQ(maskPersonalData("tel +55 11 98765-4321"), "tel +** ** *****-4321");
  EXPECT_EQ(maskPersonalData("tel (11) 3456-7890"), "tel (**) ****-7890");
}

TEST(Masking, CompanyDataDatesAmountsAndBoletoLinesStay) {
  const std::string text =
      "CNPJ 12.345.678/0001-95 vence 2026-01-25 R$ 1.234,56 linha 34191790010104351004791020150008291070026000";
  EXPECT_EQ(maskPersonalData(text), text);
}

}  // namespace
}  // namespace regua
