// The shipped pt-BR templates and the template checks `regua policy check` relies on.
#include <regua/messages/message_templates.hpp>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace regua::messages {
namespace {

MessageView office(const std::string& officeName = "Escritório Silva & Souza") {
  MessageView v;
  v.clientName = "Maria da Silva";
  v.office = {officeName, "contato@silva.com.br", "(11) 4000-0000", "São Paulo"};
  v.asOf = Date::fromYmd(2026, 3, 12);
  v.items.push_back({"Honorários 02/2026", Date::fromYmd(2026, 3, 2), Money::fromCentavos(100000),
                     Money::fromCentavos(102333), Money::fromCentavos(2000), Money::fromCentavos(333), Money(), 10,
                     "00190000090777777700900087654182649000000295295", Money()});
  v.items.push_back({"Honorários <extra>", Date::fromYmd(2026, 3, 20), Money::fromCentavos(5000),
                     Money::fromCentavos(5000), Money(), Money(), Money(), 0, "", Money()});
  v.pixCode = "00020126580014br.gov.bcb.pix";
  return v;
}

TEST(Templates, EveryShippedTemplateRendersOnEveryChannelWithKnownVariablesOnly) {
  TemplateSet set(REGUA_TEMPLATES_DIR);
  for (const char* name : {"lembrete", "vence-hoje", "primeiro-atraso", "atraso", "aviso-formal", "pagamento-recebido",
                           "aniversario", "aniversario-cliente"}) {
    EXPECT_TRUE(set.check(name).empty()) << name << ": " << set.check(name).front();
    for (const char* channel : {"email", "sms", "whatsapp"}) {
      const auto r = set.render(name, channel, toData(office()));
      EXPECT_FALSE(r.text.empty()) << name << "/" << channel;
    }
  }
}

TEST(Templates, AnEmailCarriesTheUpdatedAmountsBoletoAndPixInPortugueseFormat) {
  TemplateSet set(REGUA_TEMPLATES_DIR);
  const auto r = set.render("atraso", "email", toData(office()));
  EXPECT_EQ(r.subject, "Valores em aberto: R$ 1.073,33 — Escritório Silva & Souza");
  EXPECT_NE(r.text.find("Honorários 02/2026: vencimento 02/03/2026, R$ 1.000,00 — hoje R$ 1.023,33 (10 dias de atraso"),
            std::string::npos)
      << r.text;
  EXPECT_NE(r.text.find("Linha digitável do boleto: 00190000090777777700900087654182649000000295295"), std::string::npos);
  EXPECT_NE(r.text.find("00020126580014br.gov.bcb.pix"), std::string::npos);
  EXPECT_NE(r.text.find("Honorários <extra>"), std::string::npos) << "plain text is not HTML-escaped";
  EXPECT_EQ(r.text.find("&amp;"), std::string::npos);
  EXPECT_NE(r.html.find("Honorários &lt;extra&gt;"), std::string::npos) << "HTML is escaped";
  EXPECT_NE(r.html.find("Silva &amp; Souza"), std::string::npos);
}

TEST(Templates, APartiallyPaidItemSaysHowMuchWasAlreadyPaid) {
  TemplateSet set(REGUA_TEMPLATES_DIR);
  auto view = office();
  view.items[0].paid = Money::fromCentavos(30000);
  const auto r = set.render("atraso", "email", toData(view));
  EXPECT_NE(r.text.find("Honorários 02/2026: vencimento 02/03/2026, R$ 1.000,00 (já pago R$ 300,00) — hoje"),
            std::string::npos)
      << r.text;
  EXPECT_NE(r.html.find("já pago R$ 300,00"), std::string::npos) << r.html;
  EXPECT_EQ(r.text.find("Honorários <extra>: vencimento 20/03/2026, R$ 50,00 (já pago"), std::string::npos)
      << "nothing said about an item nobody paid";
}

TEST(Templates, TheFormalNoticeCitesThePriorNoticeRule) {
  TemplateSet set(REGUA_TEMPLATES_DIR);
  EXPECT_NE(set.render("aviso-formal", "email", toData(office())).text.find("art. 43, § 2º"), std::string::npos);
  EXPECT_NE(set.render("primeiro-atraso", "email", toData(office())).text.find("Pode ter sido um esquecimento"),
            std::string::npos);
}

class Scratch : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("regua-tpl-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  void write(const std::string& file, const std::string& text) { std::ofstream(dir_ / file) << text; }
  std::filesystem::path dir_;
};

TEST_F(Scratch, AnUnknownVariableOrBrokenSyntaxIsReportedWithTheFile) {
  write("x.email.subject.mustache", "Oi {{cliente}}");
  write("x.email.txt.mustache", "{{#itens}}{{valor_atualizadu}}{{/itens}} {{totl}}");
  write("x.sms.mustache", "{{#itens}}sem fim");
  TemplateSet set(dir_.string());
  const auto problems = set.check("x");
  ASSERT_EQ(problems.size(), 3u);
  EXPECT_EQ(problems[0], "x.email.txt.mustache: variável desconhecida 'valor_atualizadu'");
  EXPECT_EQ(problems[1], "x.email.txt.mustache: variável desconhecida 'totl'");
  EXPECT_NE(problems[2].find("x.sms.mustache"), std::string::npos) << problems[2];
  EXPECT_EQ(set.check("nada").size(), 1u);
}

TEST_F(Scratch, WhatsappFallsBackToTheSmsTemplate) {
  write("y.sms.mustache", "curto {{total_atualizado}}");
  TemplateSet set(dir_.string());
  EXPECT_EQ(set.render("y", "whatsapp", toData(office())).text, "curto R$ 1.073,33");
}

}  // namespace
}  // namespace regua::messages
