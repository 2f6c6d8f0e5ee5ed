// Reminders through real channels: the reminders plugin renders, the host routes, and a
// real SMTP server (aiosmtpd, scripts/smtp-test-server) or a real HTTP receiver gets
// the message. What arrives is read back with Python's own e-mail parser, so the MIME
// we write is checked by an implementation that is not ours.
#include <signal.h>

#include <gtest/gtest.h>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/SecureServerSocket.h>
#include <Poco/Net/ServerSocket.h>

#include <mutex>
#include <optional>

#include <Poco/StreamCopier.h>

#include <regua/pix.hpp>

#include "http_receiver.hpp"
#include "office.hpp"
#include "serve_process.hpp"
#include "smtp_server.hpp"

namespace regua::testing {
namespace {


void withPenalties(const Office& office) {
  std::string policy = kPolicy;
  policy.insert(policy.find("stages:"), "penalties: {fine_percent: 2, interest_monthly_percent: 1}\n");
  office.dir().write("policies/teste.yaml", policy);
}

// The PIX copia-e-cola line of a message's text ("" when there is none).
std::string pixLineOf(const std::string& text) {
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("000201", 0) == 0) return line;
  }
  return "";
}

// Syncs the office and runs 05/03/2026 (D+3 of the test receivables); true when the day ran.
bool syncAndRunTheDay(const Office& office) {
  const auto sync = office.regua({"sync"});
  EXPECT_EQ(sync.exitCode, 0) << sync.err;
  const auto day = office.runDay("2026-03-05");
  EXPECT_EQ(day.exitCode, 0) << day.out << day.err;
  return sync.exitCode == 0 && day.exitCode == 0;
}

TEST(Smtp, RemindersArriveWithHeadersAmountsAndAPixCodeThatParses) {
  TempDir mail;
  SmtpServer server(mail.path());
  server.start();
  Office office(plugins(), "", smtpConnector(server.port()), false);
  withPenalties(office);
  // regua.yaml's office is another: the plugin's own office and pix sections win over it.
  office.editConfig("storage:\n", "office: {name: Outro Escritório, city: Campinas, pix: {key: outro@central.com.br}}\n"
                                   "storage:\n");
  ASSERT_EQ(office.regua({"sync"}).exitCode, 0);
  const auto day = office.runDay("2026-03-05");
  ASSERT_EQ(day.exitCode, 0) << day.err;
  EXPECT_TRUE(contains(day.out, "3 executadas (2 mensagens, 0 outras ações)")) << day.out;

  const auto files = server.messages();
  ASSERT_EQ(files.size(), 2u);
  bool sawMaria = false;
  TempDir images;
  for (const auto& file : files) {
    const auto m = readMail(file, images.path());
    const std::string to = m->getValue<std::string>("to");
    EXPECT_EQ(m->getValue<std::string>("from"), "Escritório Teste <cobranca@escritorio.com.br>");
    EXPECT_TRUE(contains(m->getValue<std::string>("message_id"), "@escritorio.com.br>"));
    if (!contains(to, "maria@example.com")) continue;
    sawMaria = true;
    // D+3 on R$ 100,00 and R$ 200,00: fine 2% and interest 1% × 3/30 → R$ 306,30.
    EXPECT_EQ(m->getValue<std::string>("subject"), "Valores em aberto: R$ 306,30 — Escritório Teste & Cia");
    const std::string text = m->getValue<std::string>("text");
    EXPECT_TRUE(contains(text, "vencimento 02/03/2026, R$ 100,00 — hoje R$ 102,10")) << text;
    EXPECT_TRUE(contains(text, "R$ 200,00 — hoje R$ 204,20")) << text;
    EXPECT_TRUE(contains(m->getValue<std::string>("html"), "Escritório Teste &amp; Cia"));
    const std::string pixLine = pixLineOf(text);
    ASSERT_FALSE(pixLine.empty()) << text;
    const auto pix = regua::pix::parse(pixLine);  // throws on a bad length or CRC
    EXPECT_EQ(pix.amount, Money::fromCentavos(30630));
    EXPECT_EQ(pix.key, "financeiro@escritorio.com.br");
    // The same code as a QR image the HTML shows inline, which a real reader scans back.
    EXPECT_TRUE(contains(m->getValue<std::string>("html"), "src=\"cid:pix-qr\"")) << m->getValue<std::string>("html");
    const auto images = m->getArray("images");
    ASSERT_EQ(images->size(), 1u);
    const auto image = images->getObject(0);
    EXPECT_EQ(image->getValue<std::string>("content_id"), "<pix-qr>");
    EXPECT_EQ(image->getValue<std::string>("type"), "image/png");
    EXPECT_TRUE(image->getValue<bool>("related")) << "beside the HTML in multipart/related, not an attachment";
    const auto scanned = run("/usr/bin/zbarimg", {"--nodbus", "--raw", "-q", image->getValue<std::string>("file")});
    ASSERT_EQ(scanned.exitCode, 0) << scanned.err;
    EXPECT_EQ(scanned.out, pixLine + "\n");
  }
  EXPECT_TRUE(sawMaria);

  // The history keeps the evidence, with the address masked.
  const auto history = office.regua({"history", "C1"});
  EXPECT_TRUE(contains(history.out, "email para m***@example.com (modelo atraso): entregue")) << history.out;
  EXPECT_FALSE(contains(history.out, "maria@example.com"));
  const auto json = office.regua({"history", "C1", "--json"});
  EXPECT_TRUE(contains(json.out, "content_hash")) << json.out;

  // The same day again sends nothing more.
  ASSERT_EQ(office.runDay("2026-03-05").exitCode, 0);
  EXPECT_EQ(server.messages().size(), 2u);
}

// The office told once in regua.yaml: a reminders plugin with no office or pix section of
// its own signs with it and puts its PIX key in the code.
TEST(Smtp, TheOfficeOfReguaYamlSignsTheRemindersAndReceivesTheirPix) {
  TempDir mail;
  SmtpServer server(mail.path());
  server.start();
  Office office("  - path: " REGUA_PLUGIN_DIR "/regua_penalties.so\n"
                "  - path: " REGUA_PLUGIN_DIR "/regua_reminders.so\n"
                "    config: {templates_dir: " REGUA_SOURCE_DIR "/config/templates}\n",
                "", smtpConnector(server.port()), false);
  withPenalties(office);
  office.editConfig("storage:\n", "office:\n  name: Escritório Central\n  email: contato@central.com.br\n"
                                   "  city: Campinas\n  pix: {key: pix@central.com.br}\nstorage:\n");
  ASSERT_TRUE(syncAndRunTheDay(office));
  const auto files = server.messages();
  ASSERT_EQ(files.size(), 2u);
  TempDir images;
  for (const auto& file : files) {
    const auto m = readMail(file, images.path());
    EXPECT_TRUE(contains(m->getValue<std::string>("subject"), "— Escritório Central")) << m->getValue<std::string>("subject");
    const std::string pixLine = pixLineOf(m->getValue<std::string>("text"));
    ASSERT_FALSE(pixLine.empty()) << m->getValue<std::string>("text");
    const auto pix = regua::pix::parse(pixLine);
    EXPECT_EQ(pix.key, "pix@central.com.br");
    EXPECT_EQ(pix.name, "ESCRITORIO CENTRAL") << "the receiver's name defaults to the office's";
    EXPECT_EQ(pix.city, "CAMPINAS");
  }
}

// The office's regua.yaml with `from` replaced by `to` (the operator's fix).
void editConfig(const Office& office, const std::string& from, const std::string& to) {
  std::string yaml;
  {
    std::ifstream in(office.dir().path() / "regua.yaml");
    yaml.assign(std::istreambuf_iterator<char>(in), {});
  }
  const auto at = yaml.find(from);
  ASSERT_NE(at, std::string::npos) << from;
  office.dir().write("regua.yaml", yaml.replace(at, from.size(), to));
}

class SmtpOverTls : public ::testing::TestWithParam<std::string> {};

// Both TLS modes with a login, the certificate checked against ca_file and the host:
// delivered. Without ca_file the same server is not trusted, nor under a name its
// certificate does not carry, and a wrong password is refused: each disables the channel with the reason, the messages wait, and no
// client's address is blamed — once regua.yaml is fixed, each goes exactly once.
TEST_P(SmtpOverTls, LoginAndCertificateAreCheckedAndARefusalDisablesTheChannelNotTheAddress) {
  TempDir mail, certs;
  const auto certificate = selfSigned(certs.path());
  SmtpServer server(mail.path(), {"--tls", GetParam(), "--cert", certificate.cert.string(), "--key",
                                  certificate.key.string(), "--login", "cobranca:segredo"});
  server.start();
  // LOGIN (the default) over STARTTLS, PLAIN over SSL: the two mechanisms servers offer.
  const std::string secure =
      "security: " + GetParam() + (GetParam() == "ssl" ? ", auth: plain" : "") + ", user: cobranca, ";
  std::string connector = smtpConnector(server.port());
  connector.replace(connector.find("from:"), 0, secure + "password: errada, ");
  Office office(plugins(), "", connector, false);
  ASSERT_EQ(office.regua({"sync"}).exitCode, 0);

  // Not trusted: a self-signed certificate without ca_file.
  const auto untrusted = office.runDay("2026-03-05");
  EXPECT_EQ(untrusted.exitCode, 0) << untrusted.err;
  // Maria's message (2 intents) found the problem and will be retried; Padaria's waits
  // for the fix without spending an attempt (so do the 3 create_task: no tasks plugin here).
  EXPECT_TRUE(contains(untrusted.out, "0 executadas (0 mensagens, 0 outras ações), 4 aguardando, 2 a tentar de novo")) << untrusted.out;
  EXPECT_TRUE(contains(untrusted.err, "regua_smtp.so desativado: o certificado TLS de 127.0.0.1 não é confiável")) << untrusted.err;
  EXPECT_TRUE(contains(office.regua({"history", "C1"}).out, "falha temporária: o certificado TLS")) << "in the history too";

  // The right CA, but the server is reached by a name its certificate does not carry.
  editConfig(office, "max_attempts: 3", "max_attempts: 5");
  editConfig(office, "user: cobranca,", "user: cobranca, ca_file: " + certificate.cert.string() + ",");
  const auto otherName = office.runDay("2026-03-05");
  EXPECT_TRUE(contains(otherName.err, "desativado: o certificado TLS de 127.0.0.1 não é confiável")) << otherName.err;
  EXPECT_EQ(server.messages().size(), 0u);

  // Trusted under its own name, but the password is wrong.
  editConfig(office, "host: 127.0.0.1", "host: localhost");
  const auto refused = office.runDay("2026-03-05");
  EXPECT_TRUE(contains(refused.out, "0 executadas (0 mensagens, 0 outras ações)")) << refused.out;
  EXPECT_TRUE(contains(refused.err, "regua_smtp.so desativado: o servidor SMTP localhost recusou a conexão de cobranca")) << refused.err;
  EXPECT_EQ(server.messages().size(), 0u);

  // Fixed: every message goes, to the same addresses, once.
  editConfig(office, "password: errada", "password: segredo");
  const auto fixed = office.runDay("2026-03-05");
  ASSERT_EQ(fixed.exitCode, 0) << fixed.err;
  EXPECT_TRUE(contains(fixed.out, "3 executadas (2 mensagens, 0 outras ações)")) << fixed.out << fixed.err;
  ASSERT_EQ(server.messages().size(), 2u);
  bool sawMaria = false;
  for (const auto& file : server.messages()) sawMaria |= contains(readMail(file)->getValue<std::string>("to"), "maria@example.com");
  EXPECT_TRUE(sawMaria) << "Maria's address was not blamed for the office's settings";
  ASSERT_EQ(office.runDay("2026-03-05").exitCode, 0);
  EXPECT_EQ(server.messages().size(), 2u);
}

INSTANTIATE_TEST_SUITE_P(Modes, SmtpOverTls, ::testing::Values("starttls", "ssl"));

TEST(Smtp, AServerThatIsDownMakesIntentsRetryAndEachMessageGoesOnceWhenItIsBack) {
  TempDir mail;
  SmtpServer server(mail.path());  // not started yet
  Office office(plugins(), "", smtpConnector(server.port()), false);
  ASSERT_EQ(office.regua({"sync"}).exitCode, 0);
  const auto down = office.runDay("2026-03-05");
  EXPECT_EQ(down.exitCode, 0) << down.err;
  EXPECT_TRUE(contains(down.out, "0 executadas (0 mensagens, 0 outras ações)")) << down.out;
  EXPECT_TRUE(contains(down.out, "3 a tentar de novo")) << down.out;
  EXPECT_TRUE(contains(down.err, "indisponível")) << down.err;

  server.start();
  const auto back = office.runDay("2026-03-05");
  ASSERT_EQ(back.exitCode, 0) << back.err;
  EXPECT_TRUE(contains(back.out, "3 executadas (2 mensagens, 0 outras ações)")) << back.out;
  ASSERT_EQ(office.runDay("2026-03-05").exitCode, 0);
  EXPECT_EQ(server.messages().size(), 2u) << "each message exactly once";
}

TEST(Smtp, ARefusedRecipientIsRecordedWithTheReasonAndTheRetryFallsBackToAnotherChannel) {
  TempDir mail;
  SmtpServer server(mail.path());
  server.start();
  Office office(plugins(), "", smtpConnector(server.port()) +
                                   "  - path: " REGUA_PLUGIN_DIR "/regua_file.so\n    config: {dir: saida}\n",
                false);
  office.dir().write("data/clientes.csv",
                     "id;nome;documento;email;whatsapp\n"
                     "C1;Maria da Silva;529.982.247-25;recusado@example.com;+55 11 98765-4321\n"
                     "C2;Padaria Boa Ltda;11.222.333/0001-81;financeiro@padaria.example;\n");
  ASSERT_EQ(office.regua({"sync"}).exitCode, 0);
  const auto first = office.runDay("2026-03-05");
  EXPECT_TRUE(contains(first.out, "2 a tentar de novo")) << first.out << first.err;  // R1 and R2, one message
  const auto history = office.regua({"history", "C1"});
  EXPECT_TRUE(contains(history.out, "recusada: servidor SMTP recusou")) << history.out;
  EXPECT_TRUE(contains(history.out, "550")) << history.out;

  // The address is not used again: the retry goes by WhatsApp (the file channel here).
  const auto retry = office.runDay("2026-03-05");
  EXPECT_TRUE(contains(retry.out, "2 executadas (1 mensagem, 0 outras ações)")) << retry.out << retry.err;
  EXPECT_FALSE(contains(first.err, "recusado@example.com")) << "personal data stays out of the log";
  std::size_t whatsapp = 0;
  for (const auto& e : std::filesystem::directory_iterator(office.dir().path() / "saida/whatsapp")) {
    whatsapp += e.path().extension() == ".txt";
  }
  EXPECT_EQ(whatsapp, 1u);
  EXPECT_EQ(server.messages().size(), 1u) << "only Padaria's e-mail went by SMTP";
}

// The one window the store cannot close: the server accepted the message and the host
// died before recording it. The next run sends it again — once, with the same
// Message-ID, so the copy can be told apart — and records one delivery.
TEST(Smtp, ACrashBetweenAcceptAndRecordResendsOnceWithTheSameMessageId) {
  TempDir mail;
  SmtpServer server(mail.path(), {"--accept-delay", "3"});
  server.start();
  Office office(plugins(), "", smtpConnector(server.port()), false);
  office.dir().write("data/clientes.csv", "id;nome;documento;email\nC1;Maria da Silva;529.982.247-25;maria@example.com\n");
  office.dir().write("data/titulos.csv", "id;cliente;valor;vencimento\nR1;C1;100,00;02/03/2026\n");
  ASSERT_EQ(office.regua({"sync"}).exitCode, 0);
  const std::vector<std::string> args{"--config", (office.dir().path() / "regua.yaml").string(), "run", "--as-of",
                                      "2026-03-05", "--at", "10:00"};
  Poco::ProcessHandle killed = Poco::Process::launch(REGUA_BINARY, args, office.dir().path().string(), nullptr, nullptr, nullptr);
  for (int i = 0; i < 200 && server.messages().empty(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  ASSERT_EQ(server.messages().size(), 1u) << "the server stored the message and has not answered 250 yet";
  ::kill(killed.id(), SIGKILL);
  killed.wait();

  const auto again = office.runDay("2026-03-05");
  EXPECT_TRUE(contains(again.out, "1 executada (1 mensagem, 0 outras ações)")) << again.out << again.err;
  const auto mails = server.messages();
  ASSERT_EQ(mails.size(), 2u) << "resent once";
  EXPECT_EQ(readMail(mails[0])->getValue<std::string>("message_id"), readMail(mails[1])->getValue<std::string>("message_id"));
  EXPECT_EQ(office.runDay("2026-03-06").exitCode, 0);
  EXPECT_EQ(server.messages().size(), 2u) << "recorded now: never again";
}

// Maria has only a phone: the contact rules send her reminder as an SMS. `more`: more
// keys of the webhook's config.
std::unique_ptr<Office> smsOffice(const Receiver& receiver, const std::string& url = "", const std::string& more = "") {
  auto office = std::make_unique<Office>(
      plugins(), "",
      "  - path: " REGUA_PLUGIN_DIR "/regua_webhook.so\n    config: {url: '" + (url.empty() ? receiver.url() : url) +
          "', headers: {Authorization: Bearer segredo}, timeout_seconds: 5, retry_after_seconds: 0" + more + "}\n",
      false);
  office->dir().write("data/clientes.csv", "id;nome;documento;telefone\nC1;Maria da Silva;529.982.247-25;+55 11 98765-4321\n");
  office->dir().write("data/titulos.csv", "id;cliente;valor;vencimento\nR1;C1;100,00;02/03/2026\n");
  return office;
}

TEST(Webhook, AProviderAnswering500Then200DeliversOnce) {
  Receiver receiver({500, 200});
  auto office = smsOffice(receiver);
  ASSERT_EQ(office->regua({"sync"}).exitCode, 0);
  const auto first = office->runDay("2026-03-05");
  EXPECT_TRUE(contains(first.out, "1 a tentar de novo")) << first.out << first.err;
  const auto second = office->runDay("2026-03-05");
  EXPECT_TRUE(contains(second.out, "1 executada (1 mensagem, 0 outras ações)")) << second.out << second.err;
  ASSERT_EQ(office->runDay("2026-03-05").exitCode, 0);
  const auto got = receiver.received();
  ASSERT_EQ(got.size(), 2u) << "one failed attempt, one delivery, nothing after";
  EXPECT_EQ(got[0].idempotencyKey, got[1].idempotencyKey) << "the provider can tell it is the same message";
  EXPECT_EQ(got[1].authorization, "Bearer segredo");
  const auto body = Poco::JSON::Parser().parse(got[1].body).extract<Poco::JSON::Object::Ptr>();
  EXPECT_EQ(body->getValue<std::string>("channel"), "sms");
  EXPECT_EQ(body->getValue<std::string>("to"), "+55 11 98765-4321");
  EXPECT_TRUE(contains(body->getValue<std::string>("text"), "R$ 100,00")) << got[1].body;
  EXPECT_TRUE(contains(office->regua({"history", "C1"}).out, "entregue, id prov-42"));
}

TEST(Webhook, AProviderAnswering400FailsAndIsNotAskedAgain) {
  Receiver receiver({400});
  auto office = smsOffice(receiver);
  ASSERT_EQ(office->regua({"sync"}).exitCode, 0);
  for (int run = 0; run < 3; ++run) office->runDay("2026-03-05");
  EXPECT_EQ(receiver.received().size(), 1u) << "a 4xx is not retried";
  const auto history = office->regua({"history", "C1"});
  EXPECT_TRUE(contains(history.out, "recusada: provedor 127.0.0.1 recusou (400)")) << history.out;
  EXPECT_TRUE(contains(history.out, "desistida após 3 tentativas")) << history.out;
}

TEST(Webhook, ARefusedTokenDisablesTheChannelAndTheNumberIsNotBlamed) {
  Receiver receiver({401, 200});
  auto office = smsOffice(receiver);
  ASSERT_EQ(office->regua({"sync"}).exitCode, 0);
  const auto refused = office->runDay("2026-03-05");
  EXPECT_TRUE(contains(refused.err, "desativado: provedor 127.0.0.1 recusou a url ou as credenciais (401)"))
      << refused.err;
  EXPECT_TRUE(contains(refused.out, "1 a tentar de novo")) << refused.out;
  // The next run (the token fixed, the provider now says 200) sends to the same number.
  const auto fixed = office->runDay("2026-03-05");
  EXPECT_TRUE(contains(fixed.out, "1 executada (1 mensagem, 0 outras ações)")) << fixed.out << fixed.err;
  const auto got = receiver.received();
  ASSERT_EQ(got.size(), 2u);
  EXPECT_TRUE(contains(got[1].body, R"("to":"+55 11 98765-4321")")) << got[1].body;
}

// The provider refuses Maria's number (400): the retry goes by e-mail, and no later stage
// posts to that number again.
TEST(Webhook, ANumberTheProviderRefusesFallsBackToEmailAndIsNeverUsedAgain) {
  Receiver receiver({400});
  TempDir mail;
  SmtpServer smtp(mail.path());
  smtp.start();
  Office office(plugins(), "",
                "  - path: " REGUA_PLUGIN_DIR "/regua_webhook.so\n    config: {url: '" + receiver.url() +
                    "', timeout_seconds: 5, retry_after_seconds: 0}\n" + smtpConnector(smtp.port()),
                false);
  office.dir().write("data/clientes.csv",
                     "id;nome;documento;email;telefone\nC1;Maria da Silva;529.982.247-25;maria@example.com;+55 11 98765-4321\n");
  office.dir().write("data/titulos.csv", "id;cliente;valor;vencimento\nR1;C1;100,00;02/03/2026\n");
  office.dir().write("policies/teste.yaml", R"(id: teste
default: true
channel: sms
stages:
  - id: atraso
    at: D+3
    actions: [{action: remind}]
  - id: atraso-10
    at: D+10
    actions: [{action: remind}]
)");
  ASSERT_EQ(office.regua({"sync"}).exitCode, 0);
  const auto refused = office.runDay("2026-03-05");
  EXPECT_TRUE(contains(refused.out, "1 a tentar de novo")) << refused.out << refused.err;
  ASSERT_EQ(receiver.received().size(), 1u);
  const auto retry = office.runDay("2026-03-05");
  EXPECT_TRUE(contains(retry.out, "1 executada (1 mensagem, 0 outras ações)")) << retry.out << retry.err;
  EXPECT_EQ(smtp.messages().size(), 1u) << "the retry fell back to e-mail";
  const auto later = office.runDay("2026-03-12");
  EXPECT_TRUE(contains(later.out, "1 executada (1 mensagem, 0 outras ações)")) << later.out << later.err;
  EXPECT_EQ(receiver.received().size(), 1u) << "the refused number is never posted to again";
  EXPECT_EQ(smtp.messages().size(), 2u);
}

// A channel plugin's own fault (a plain exception, ABI 1.8) is retried like any failure
// and blames no address: once the channel works, the same number gets the message.
// Maria has only a phone, so her reminder goes by SMS through the faulty channel.
std::unique_ptr<Office> faultyChannelOffice(const std::string& fail) {
  auto office = std::make_unique<Office>(
      plugins(), "", "  - path: " REGUA_FIXTURE_DIR "/fixture_faulty_channel.so\n    config: {fail: " + fail + "}\n",
      false);
  office->dir().write("data/clientes.csv", "id;nome;documento;telefone\nC1;Maria da Silva;529.982.247-25;+55 11 98765-4321\n");
  office->dir().write("data/titulos.csv", "id;cliente;valor;vencimento\nR1;C1;100,00;02/03/2026\n");
  return office;
}

TEST(ChannelFault, ARetriedFaultLeavesTheClientsAddressUsable) {
  const auto owned = faultyChannelOffice("fault");
  const Office& office = *owned;
  ASSERT_EQ(office.regua({"sync"}).exitCode, 0);
  const auto faulty = office.runDay("2026-03-05");
  EXPECT_TRUE(contains(faulty.out, "1 a tentar de novo")) << faulty.out << faulty.err;
  const auto history = office.regua({"history", "C1"});
  EXPECT_TRUE(contains(history.out, "falha temporária: falha do conector")) << history.out;
  EXPECT_TRUE(contains(history.out, "erro interno do conector de teste")) << history.out;
  EXPECT_FALSE(contains(history.out, "recusada")) << history.out;

  // The connector is fixed (the file channel here): the retry reaches the same number.
  editConfig(office, REGUA_FIXTURE_DIR "/fixture_faulty_channel.so\n    config: {fail: fault}",
             REGUA_PLUGIN_DIR "/regua_file.so\n    config: {dir: saida}");
  const auto fixed = office.runDay("2026-03-05");
  EXPECT_TRUE(contains(fixed.out, "1 executada (1 mensagem, 0 outras ações)")) << fixed.out << fixed.err;
  std::string sent;
  for (const auto& e : std::filesystem::directory_iterator(office.dir().path() / "saida/sms")) {
    if (e.path().extension() != ".txt") continue;
    std::ifstream in(e.path());
    sent.append(std::istreambuf_iterator<char>(in), {});
  }
  EXPECT_TRUE(contains(sent, "+55 11 98765-4321")) << sent;
}

// A stage that sends the formal notice and opens the negativação task: the task waits for
// the notice, and says "enviado" only when it went out.
const std::string kNoticePolicy = R"(id: teste
default: true
channel: sms
sending_window: {days: [dom, seg, ter, qua, qui, sex, sab], hours: "00:00-24:00", holidays: true}
stages:
  - id: aviso-formal
    at: D+3
    actions:
      - action: remind
      - action: create_task
        type: negativacao
)";

std::string tasksPlugin() {
  return "  - path: " REGUA_PLUGIN_DIR "/regua_tasks.so\n    config:\n      templates_dir: " REGUA_SOURCE_DIR
         "/config/templates\n      default_responsible: ana@escritorio.com.br\n";
}

TEST(StageMessage, ATaskThatSpeaksOfTheNoticeWaitsForItAndSaysWhenItWasNotDelivered) {
  const auto owned = faultyChannelOffice("fault");
  const Office& office = *owned;
  editConfig(office, "plugins:\n", "plugins:\n" + tasksPlugin());
  office.dir().write("policies/teste.yaml", kNoticePolicy);
  ASSERT_EQ(office.regua({"sync"}).exitCode, 0);
  const auto first = office.runDay("2026-03-05");
  EXPECT_TRUE(contains(first.out, "1 a tentar de novo")) << first.out << first.err;
  EXPECT_FALSE(contains(office.regua({"history", "C1"}).out, "tarefa #")) << "no task before the notice went out";
  office.runDay("2026-03-05");
  const auto third = office.runDay("2026-03-05");  // max_attempts: 3, the notice is given up
  EXPECT_TRUE(contains(third.out, "1 falhou")) << third.out;
  const auto history = office.regua({"history", "C1"});
  EXPECT_TRUE(contains(history.out, "Aviso formal NÃO entregue a Maria da Silva: rever contato antes de negativar"))
      << history.out;
  EXPECT_FALSE(contains(history.out, "Aviso formal enviado")) << history.out;
}

TEST(StageMessage, ADeliveredNoticeOpensTheTaskInTheSameRun) {
  const auto owned = faultyChannelOffice("fault");
  const Office& office = *owned;
  editConfig(office, "plugins:\n", "plugins:\n" + tasksPlugin());
  editConfig(office, REGUA_FIXTURE_DIR "/fixture_faulty_channel.so\n    config: {fail: fault}",
             REGUA_PLUGIN_DIR "/regua_file.so\n    config: {dir: saida}");
  office.dir().write("policies/teste.yaml", kNoticePolicy);
  ASSERT_EQ(office.regua({"sync"}).exitCode, 0);
  const auto day = office.runDay("2026-03-05");
  EXPECT_TRUE(contains(day.out, "2 executadas (1 mensagem, 1 outra ação)")) << day.out << day.err;
  EXPECT_TRUE(contains(office.regua({"history", "C1"}).out, "Aviso formal enviado a Maria da Silva: decidir negativação"));
}

// A recipient the channel refuses (regua::Refused) bounces on that channel only.
TEST(ChannelFault, ARefusedRecipientIsRecordedAsRefused) {
  const auto office = faultyChannelOffice("refuse");
  ASSERT_EQ(office->regua({"sync"}).exitCode, 0);
  office->runDay("2026-03-05");
  const auto history = office->regua({"history", "C1"});
  EXPECT_TRUE(contains(history.out, "recusada: número recusado pelo teste")) << history.out;
}

// HTTPS to a provider with a private CA: trusted through ca_file under the name in its
// certificate; without ca_file the channel is disabled, and nothing was sent.
TEST(Webhook, HttpsChecksTheProvidersCertificate) {
  TempDir certs;
  const auto certificate = selfSigned(certs.path());
  Receiver receiver({200}, certificate);
  auto untrusted = smsOffice(receiver, receiver.url("localhost"));
  ASSERT_EQ(untrusted->regua({"sync"}).exitCode, 0);
  const auto refused = untrusted->runDay("2026-03-05");
  EXPECT_TRUE(contains(refused.err, "desativado: o certificado TLS de localhost não é confiável")) << refused.err;
  EXPECT_EQ(receiver.received().size(), 0u);

  auto trusted = smsOffice(receiver, receiver.url("localhost"), ", ca_file: " + certificate.cert.string());
  ASSERT_EQ(trusted->regua({"sync"}).exitCode, 0);
  const auto sent = trusted->runDay("2026-03-05");
  EXPECT_TRUE(contains(sent.out, "1 executada (1 mensagem, 0 outras ações)")) << sent.out << sent.err;
  ASSERT_EQ(receiver.received().size(), 1u);
  EXPECT_EQ(receiver.received()[0].authorization, "Bearer segredo");
}

// Maria paid R$ 40,00 of R1 before its reminder: the e-mail says so beside the item.
TEST(FileChannel, AReminderSaysHowMuchOfAPartlyPaidItemWasAlreadyPaid) {
  Office office(plugins(), "", "  - path: " REGUA_PLUGIN_DIR "/regua_file.so\n    config: {dir: saida}\n", false);
  office.dir().write("data/clientes.csv", "id;nome;documento;email\nC1;Maria da Silva;529.982.247-25;maria@example.com\n");
  office.dir().write("data/titulos.csv", "id;cliente;descricao;valor;vencimento\nR1;C1;Honorários 02/2026;100,00;02/03/2026\n");
  office.dir().write("data/pagamentos.csv", "id;titulo;valor;data\nP1;R1;40,00;04/03/2026\n");
  ASSERT_EQ(office.regua({"sync"}).exitCode, 0);
  const auto day = office.runDay("2026-03-05");
  ASSERT_EQ(day.exitCode, 0) << day.out << day.err;
  std::vector<std::filesystem::path> mails;
  for (const auto& e : std::filesystem::directory_iterator(office.dir().path() / "saida/email/new")) mails.push_back(e.path());
  ASSERT_EQ(mails.size(), 1u);
  const std::string text = readMail(mails[0])->getValue<std::string>("text");
  EXPECT_TRUE(contains(text, "Honorários 02/2026: vencimento 02/03/2026, R$ 100,00 (já pago R$ 40,00)")) << text;
}

TEST(FileChannel, TheSampleOfficesDayGoesToAFolderAnyMailClientReads) {
  Office office(plugins(), "", "  - path: " REGUA_PLUGIN_DIR "/regua_file.so\n    config: {dir: saida, from: c@e.com.br}\n",
                false);
  ASSERT_EQ(office.regua({"sync"}).exitCode, 0);
  ASSERT_EQ(office.runDay("2026-03-05").exitCode, 0);
  std::vector<std::filesystem::path> mails;
  for (const auto& e : std::filesystem::directory_iterator(office.dir().path() / "saida/email/new")) mails.push_back(e.path());
  ASSERT_EQ(mails.size(), 2u);
  for (const auto& m : mails) EXPECT_TRUE(contains(readMail(m)->getValue<std::string>("subject"), "Valores em aberto"));
  ASSERT_EQ(office.runDay("2026-03-05").exitCode, 0);
  std::size_t again = 0;
  for (const auto& e : std::filesystem::directory_iterator(office.dir().path() / "saida/email/new")) again += !e.path().empty();
  EXPECT_EQ(again, 2u);
}

// Effectiveness: the D+3 reminder of 05/03 reached R1, R2 (Maria, one e-mail) and R3
// (Padaria). R1 is settled on 07/03 (2 days after), R3 on 15/03 (10 days), R2 stays open:
// 3 receivables, 1 paid within 3 and 7 days, 2 within 15, median (2 + 10) / 2 = 6 days.
// The CLI and GET /api/v1/reports/effectiveness say the same.
TEST(Effectiveness, EachMessageCountsTheReceivablesItReachedAndHowSoonTheyWerePaid) {
  Office office(plugins(), "", "  - path: " REGUA_PLUGIN_DIR "/regua_file.so\n    config: {dir: saida}\n", false);
  withPenalties(office);
  ASSERT_EQ(office.regua({"sync"}).exitCode, 0);
  ASSERT_EQ(office.runDay("2026-03-05").exitCode, 0);
  // Paid in full with a little over (the excess is a credit): each is settled that day.
  office.dir().write("data/pagamentos.csv", "id;titulo;valor;data\nP1;R1;150,00;07/03/2026\nP3;R3;1.400,00;15/03/2026\n");
  const auto synced = office.regua({"sync"});
  ASSERT_EQ(synced.exitCode, 0) << synced.err;

  const auto csv = office.regua({"report", "effectiveness", "--from", "2026-03-01", "--to", "2026-03-31", "--csv"});
  ASSERT_EQ(csv.exitCode, 0) << csv.err;
  EXPECT_EQ(csv.out,
            "politica;estagio;canal;modelo;titulos;pagos_3_dias;pagos_7_dias;pagos_15_dias;pagos;mediana_dias\n"
            "teste;atraso;email;atraso;3;1;1;2;2;6\n");
  const auto text = office.regua({"report", "effectiveness", "--from", "01/03/2026", "--to", "31/03/2026"});
  EXPECT_TRUE(contains(text.out, "33,3%")) << text.out;
  EXPECT_TRUE(contains(text.out, "Como contamos:")) << text.out;
  const auto before = office.regua({"report", "effectiveness", "--from", "2026-03-06", "--to", "2026-03-31", "--csv"});
  EXPECT_EQ(before.out, "politica;estagio;canal;modelo;titulos;pagos_3_dias;pagos_7_dias;pagos_15_dias;pagos;mediana_dias\n")
      << "a message before the period does not count";
  EXPECT_EQ(office.regua({"report", "effectiveness", "--from", "2026-04-01", "--to", "2026-03-01"}).exitCode, 64);

  const auto key = regua::testing::bearerFrom(office.regua({"api-key", "create", "--name", "r", "--role", "leitura"}).out);
  ServeProcess serve(office.dir().path() / "regua.yaml");
  ASSERT_NE(serve.port(), 0) << serve.waitExit() << serve.err();
  const auto answer = serve.call("GET", "/api/v1/reports/effectiveness?from=2026-03-01&to=2026-03-31", "",
                                 {{"Authorization", key}});
  ASSERT_EQ(answer.status, 200) << answer.body;
  const auto row = Poco::JSON::Parser().parse(answer.body).extract<Poco::JSON::Object::Ptr>()->getArray("items")->getObject(0);
  EXPECT_EQ(row->getValue<int>("receivables"), 3);
  EXPECT_EQ(row->getValue<int>("paid_within_15_days"), 2);
  EXPECT_EQ(row->getValue<double>("median_days_to_payment"), 6.0);
  EXPECT_EQ(serve.call("GET", "/api/v1/reports/effectiveness?from=2026-04-01&to=2026-03-01", "", {{"Authorization", key}}).status,
            400);
}

TEST(PolicyCheck, ATemplateWithAnUnknownVariableIsCaughtBeforeAnythingIsSent) {
  Office office(plugins(), "", "", false);
  office.dir().write("modelos/novo.email.subject.mustache", "Oi {{cliente}}");
  office.dir().write("modelos/novo.email.txt.mustache", "Total: {{total_atualisado}}");
  editConfig(office, REGUA_SOURCE_DIR "/config/templates", (office.dir().path() / "modelos").string());
  std::string policy = kPolicy;
  policy.replace(policy.find("      - action: remind\n      - action: create_task"), 23,
                 "      - action: remind\n        template: novo\n");
  const auto file = office.dir().write("policies/teste.yaml", policy);
  const auto check = office.regua({"policy", "check", file.string()});
  EXPECT_EQ(check.exitCode, 1);
  EXPECT_TRUE(contains(check.err, "novo.email.txt.mustache: variável desconhecida 'total_atualisado'")) << check.err;
}

}  // namespace
}  // namespace regua::testing
