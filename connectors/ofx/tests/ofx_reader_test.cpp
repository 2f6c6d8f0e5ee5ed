// The OFX reader over LibOFX: a statement as Brazilian banks export it (OFX 1.02 SGML in
// Windows-1252), a published statement in another currency (the `ofx` npm package's
// test file, MIT), and statements broken the ways downloads break.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "ofx_reader.hpp"

namespace regua::ofx {
namespace {

// A statement of account 12345-6 at bank 0341 with `transactions` (STMTTRN elements).
std::string statement(const std::string& transactions, const std::string& currency = "BRL") {
  return "OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\nSECURITY:NONE\nENCODING:USASCII\nCHARSET:1252\nCOMPRESSION:NONE\n"
         "OLDFILEUID:NONE\nNEWFILEUID:NONE\n\n<OFX>\n<SIGNONMSGSRSV1><SONRS><STATUS><CODE>0<SEVERITY>INFO</STATUS>"
         "<DTSERVER>20261125120000[-3:BRT]<LANGUAGE>POR</SONRS></SIGNONMSGSRSV1>\n"
         "<BANKMSGSRSV1><STMTTRNRS><TRNUID>1<STATUS><CODE>0<SEVERITY>INFO</STATUS>\n"
         "<STMTRS><CURDEF>" + currency + "<BANKACCTFROM><BANKID>0341<ACCTID>12345-6<ACCTTYPE>CHECKING</BANKACCTFROM>\n"
         "<BANKTRANLIST><DTSTART>20261101<DTEND>20261125\n" + transactions +
         "</BANKTRANLIST>\n<LEDGERBAL><BALAMT>100.00<DTASOF>20261125</LEDGERBAL>\n</STMTRS></STMTTRNRS></BANKMSGSRSV1>\n</OFX>\n";
}

class Written {
 public:
  explicit Written(const std::string& bytes)
      : path_(std::filesystem::temp_directory_path() / ("regua-ofx-" + std::to_string(::getpid()) + "-" +
                                                       std::to_string(++count_) + ".ofx")) {
    std::ofstream(path_, std::ios::binary) << bytes;
  }
  ~Written() { std::filesystem::remove(path_); }
  std::string path() const { return path_.string(); }

 private:
  static inline int count_ = 0;
  std::filesystem::path path_;
};

std::string errorOf(const std::string& bytes) {
  Written file(bytes);
  try {
    readStatement(file.path(), "extrato.ofx");
  } catch (const OfxError& e) {
    return e.what();
  }
  return "(nenhum erro)";
}

// Windows-1252 bytes, as the bank's file has them.
std::string latin1(const std::string& utf8) {
  std::string out;
  for (std::size_t i = 0; i < utf8.size(); ++i) {
    const auto c = static_cast<unsigned char>(utf8[i]);
    if (c == 0xC3 && i + 1 < utf8.size()) {
      out += static_cast<char>(static_cast<unsigned char>(utf8[++i]) + 0x40);
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

TEST(OfxReader, ReadsCreditsAndDebitsInCentavosOnTheBanksDayWithNamesFromWindows1252) {
  Written file(latin1(statement(
      "<STMTTRN><TRNTYPE>CREDIT<DTPOSTED>20261124000000[-3:BRT]<TRNAMT>1838.40<FITID>202611240001"
      "<NAME>PIX RECEBIDO JOSÉ CONCEIÇÃO<MEMO>CPF 529.982.247-25</STMTTRN>\n"
      "<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20261124<TRNAMT>-12.90<FITID>202611240002<NAME>TARIFA</STMTTRN>\n"
      "<STMTTRN><TRNTYPE>CREDIT<DTPOSTED>20261125235959[-3:BRT]<TRNAMT>0.10<FITID>202611250001<NAME>TED</STMTTRN>\n")));
  const auto s = readStatement(file.path(), "extrato.ofx");
  EXPECT_EQ(s.currency, "BRL");
  EXPECT_NE(s.account.find("12345-6"), std::string::npos) << s.account;
  ASSERT_EQ(s.transactions.size(), 3u);
  const auto& pix = s.transactions[0];
  EXPECT_EQ(pix.fitid, "202611240001");
  EXPECT_EQ(pix.type, "CREDIT");
  EXPECT_EQ(pix.amount, Money::fromCentavos(183840));
  EXPECT_EQ(pix.posted, Date::fromYmd(2026, 11, 24));
  EXPECT_EQ(pix.name, "PIX RECEBIDO JOSÉ CONCEIÇÃO");
  EXPECT_EQ(s.transactions[1].amount, Money::fromCentavos(-1290));
  EXPECT_EQ(s.transactions[2].amount, Money::fromCentavos(10));
  EXPECT_EQ(s.transactions[2].posted, Date::fromYmd(2026, 11, 25)) << "23:59 in Brasília is still that day";
}

TEST(OfxReader, AStatementInAnotherCurrencyIsRefused) {
  const std::string path = REGUA_OFX_FIXTURES "/ofx-js-example1.ofx";
  try {
    readStatement(path, "example1.ofx");
    FAIL() << "read a statement in NZD";
  } catch (const OfxError& e) {
    EXPECT_EQ(std::string(e.what()), "example1.ofx: extrato em NZD; o Régua concilia só contas em reais (BRL): exporte o "
                                     "extrato da conta em reais");
  }
}

TEST(OfxReader, ABrokenHeaderACutFileAndNoStatementAreRefusedWithWhere) {
  EXPECT_EQ(errorOf("OFXHEADR:100\nDATA:OFXSGML\n<OFX>"),
            "extrato.ofx:1:1: cabeçalho OFX inválido: um extrato começa com OFXHEADER:100 (OFX 1.x) ou <?xml (OFX 2.x); "
            "exporte o extrato de novo no internet banking, em formato OFX");
  const std::string whole = statement("<STMTTRN><TRNTYPE>CREDIT<DTPOSTED>20261124<TRNAMT>10.00<FITID>1</STMTTRN>\n");
  const std::string cut = errorOf(whole.substr(0, whole.find("<LEDGERBAL>") + 20));
  EXPECT_EQ(cut.rfind("extrato.ofx:18:22: \"LEDGERBAL\" not finished but document ended; ", 0), 0u) << cut;
  EXPECT_NE(cut.find("o extrato está incompleto ou malformado: exporte-o de novo no internet banking"), std::string::npos)
      << cut;
  EXPECT_EQ(errorOf("OFXHEADER:100\nDATA:OFXSGML\n\n<OFX>\n<SIGNONMSGSRSV1><SONRS><STATUS><CODE>0<SEVERITY>INFO</STATUS>"
                    "<DTSERVER>20261125<LANGUAGE>POR</SONRS></SIGNONMSGSRSV1>\n</OFX>\n"),
            "extrato.ofx:1:1: o arquivo não tem extrato de conta (STMTRS); exporte o extrato da conta corrente");
}

}  // namespace
}  // namespace regua::ofx
