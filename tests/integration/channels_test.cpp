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
#include <Poco/Net/ServerSocket.h>

#include <mutex>

#include <Poco/StreamCopier.h>

#include <regua/pix.hpp>

#include "office.hpp"

namespace regua::testing {
namespace {

std::uint16_t freePort() {
  Poco::Net::ServerSocket probe(Poco::Net::SocketAddress("127.0.0.1", 0));
  return probe.address().port();
}

// scripts/smtp-test-server on a free port, stopped with the test.
class SmtpServer {
 public:
  explicit SmtpServer(std::filesystem::path maildir, std::uint16_t port = freePort()) : dir_(std::move(maildir)), port_(port) {}
  ~SmtpServer() { stop(); }
  void start() {
    handle_ = std::make_unique<Poco::ProcessHandle>(Poco::Process::launch(
        REGUA_SOURCE_DIR "/scripts/smtp-test-server", {dir_.string(), std::to_string(port_)}, ".", nullptr, &out_, nullptr));
    Poco::PipeInputStream out(out_);
    std::string line;
    std::getline(out, line);  // "smtp: ouvindo em ..." once it accepts connections
    ASSERT_NE(line.find("ouvindo"), std::string::npos) << "the SMTP server did not start: " << line;
  }
  void stop() {
    if (!handle_) return;
    ::kill(handle_->id(), SIGTERM);
    handle_->wait();
    handle_.reset();
  }
  std::uint16_t port() const { return port_; }
  std::vector<std::filesystem::path> messages() const {
    std::vector<std::filesystem::path> out;
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(dir_ / "new", ec)) out.push_back(e.path());
    return out;
  }

 private:
  std::filesystem::path dir_;
  std::uint16_t port_;
  Poco::Pipe out_;
  std::unique_ptr<Poco::ProcessHandle> handle_;
};

// A message as Python's email package reads it: decoded headers and bodies.
Poco::JSON::Object::Ptr readMail(const std::filesystem::path& file) {
  const std::string script = R"(import email, email.policy, json, sys
m = email.message_from_binary_file(open(sys.argv[1], 'rb'), policy=email.policy.default)
print(json.dumps({'subject': m['subject'], 'from': m['from'], 'to': m['to'], 'message_id': m['message-id'],
                  'text': m.get_body(('plain',)).get_content(),
                  'html': (m.get_body(('html',)) or m.get_body(('plain',))).get_content()}))
)";
  const auto r = run("/usr/bin/python3", {"-c", script, file.string()});
  if (r.exitCode != 0) throw std::runtime_error("python could not read " + file.string() + ": " + r.err);
  return Poco::JSON::Parser().parse(r.out).extract<Poco::JSON::Object::Ptr>();
}

std::string plugins(const std::string& pixKey = "financeiro@escritorio.com.br") {
  return "  - path: " REGUA_PLUGIN_DIR "/regua_penalties.so\n"
         "  - path: " REGUA_PLUGIN_DIR "/regua_reminders.so\n"
         "    config:\n"
         "      templates_dir: " REGUA_SOURCE_DIR "/config/templates\n"
         "      office: {name: Escritório Teste & Cia, email: contato@escritorio.com.br, phone: (11) 4000-0000}\n"
         "      pix: {key: " + pixKey + ", name: Escritório Teste, city: São Paulo}\n";
}

std::string smtpConnector(std::uint16_t port) {
  return "  - path: " REGUA_PLUGIN_DIR "/regua_smtp.so\n    config: {host: 127.0.0.1, port: " + std::to_string(port) +
         ", from: cobranca@escritorio.com.br, from_name: Escritório Teste, timeout_seconds: 5, "
         "retry_after_seconds: 0}\n";
}

void withPenalties(const Office& office) {
  std::string policy = kPolicy;
  policy.insert(policy.find("stages:"), "penalties: {fine_percent: 2, interest_monthly_percent: 1}\n");
  office.dir().write("policies/teste.yaml", policy);
}

TEST(Smtp, RemindersArriveWithHeadersAmountsAndAPixCodeThatParses) {
  TempDir mail;
  SmtpServer server(mail.path());
  server.start();
  Office office(plugins(), "", smtpConnector(server.port()), false);
  withPenalties(office);
  ASSERT_EQ(office.regua({"sync"}).exitCode, 0);
  const auto day = office.runDay("2026-03-05");
  ASSERT_EQ(day.exitCode, 0) << day.err;
  EXPECT_TRUE(contains(day.out, "executadas (2 envios)")) << day.out;

  const auto files = server.messages();
  ASSERT_EQ(files.size(), 2u);
  bool sawMaria = false;
  for (const auto& file : files) {
    const auto m = readMail(file);
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
    std::string pixLine;
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);) {
      if (line.rfind("000201", 0) == 0) pixLine = line;
    }
    ASSERT_FALSE(pixLine.empty()) << text;
    const auto pix = regua::pix::parse(pixLine);  // throws on a bad length or CRC
    EXPECT_EQ(pix.amount, Money::fromCentavos(30630));
    EXPECT_EQ(pix.key, "financeiro@escritorio.com.br");
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

TEST(Smtp, AServerThatIsDownMakesIntentsRetryAndEachMessageGoesOnceWhenItIsBack) {
  TempDir mail;
  SmtpServer server(mail.path());  // not started yet
  Office office(plugins(), "", smtpConnector(server.port()), false);
  ASSERT_EQ(office.regua({"sync"}).exitCode, 0);
  const auto down = office.runDay("2026-03-05");
  EXPECT_EQ(down.exitCode, 0) << down.err;
  EXPECT_TRUE(contains(down.out, "0 executadas (0 envios)")) << down.out;
  EXPECT_TRUE(contains(down.out, "3 a tentar de novo")) << down.out;
  EXPECT_TRUE(contains(down.err, "indisponível")) << down.err;

  server.start();
  const auto back = office.runDay("2026-03-05");
  ASSERT_EQ(back.exitCode, 0) << back.err;
  EXPECT_TRUE(contains(back.out, "3 executadas (2 envios)")) << back.out;
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
  EXPECT_TRUE(contains(retry.out, "2 executadas (1 envios)")) << retry.out << retry.err;
  EXPECT_FALSE(contains(first.err, "recusado@example.com")) << "personal data stays out of the log";
  std::size_t whatsapp = 0;
  for (const auto& e : std::filesystem::directory_iterator(office.dir().path() / "saida/whatsapp")) {
    whatsapp += e.path().extension() == ".txt";
  }
  EXPECT_EQ(whatsapp, 1u);
  EXPECT_EQ(server.messages().size(), 1u) << "only Padaria's e-mail went by SMTP";
}

// A local HTTP receiver standing in for an SMS/WhatsApp provider: answers each POST
// with the next status of its script (the last one repeats) and keeps what it got.
class Receiver {
 public:
  explicit Receiver(std::vector<int> statuses) : statuses_(std::move(statuses)) {
    Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
    port_ = socket.address().port();
    server_ = std::make_unique<Poco::Net::HTTPServer>(new Factory(*this), socket, new Poco::Net::HTTPServerParams);
    server_->start();
  }
  ~Receiver() { server_->stopAll(true); }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/mensagens"; }
  struct Got {
    std::string body, idempotencyKey, authorization;
  };
  std::vector<Got> received() {
    std::lock_guard lock(mutex_);
    return got_;
  }

 private:
  struct Handler : Poco::Net::HTTPRequestHandler {
    explicit Handler(Receiver& r) : r(r) {}
    void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override {
      std::string body;
      Poco::StreamCopier::copyToString(request.stream(), body);
      int status = 0;
      {
        std::lock_guard lock(r.mutex_);
        r.got_.push_back({body, request.get("Idempotency-Key", ""), request.get("Authorization", "")});
        status = r.statuses_[std::min(r.got_.size(), r.statuses_.size()) - 1];
      }
      response.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
      response.send() << (status < 300 ? R"({"id": "prov-42"})" : R"({"erro": "numero invalido"})");
    }
    Receiver& r;
  };
  struct Factory : Poco::Net::HTTPRequestHandlerFactory {
    explicit Factory(Receiver& r) : r(r) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override { return new Handler(r); }
    Receiver& r;
  };
  std::vector<int> statuses_;
  std::mutex mutex_;
  std::vector<Got> got_;
  std::uint16_t port_ = 0;
  std::unique_ptr<Poco::Net::HTTPServer> server_;
};

// Maria has only a phone: the contact rules send her reminder as an SMS.
std::unique_ptr<Office> smsOffice(const Receiver& receiver) {
  auto office = std::make_unique<Office>(
      plugins(), "",
      "  - path: " REGUA_PLUGIN_DIR "/regua_webhook.so\n    config: {url: '" + receiver.url() +
          "', headers: {Authorization: Bearer segredo}, timeout_seconds: 5, retry_after_seconds: 0}\n",
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
  EXPECT_TRUE(contains(second.out, "1 executadas (1 envios)")) << second.out << second.err;
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

TEST(PolicyCheck, ATemplateWithAnUnknownVariableIsCaughtBeforeAnythingIsSent) {
  Office office(plugins(), "", "", false);
  office.dir().write("modelos/novo.email.subject.mustache", "Oi {{cliente}}");
  office.dir().write("modelos/novo.email.txt.mustache", "Total: {{total_atualisado}}");
  std::string yaml;
  {
    std::ifstream in(office.dir().path() / "regua.yaml");
    yaml.assign(std::istreambuf_iterator<char>(in), {});
  }
  yaml.replace(yaml.find(REGUA_SOURCE_DIR "/config/templates"), std::string(REGUA_SOURCE_DIR "/config/templates").size(),
               (office.dir().path() / "modelos").string());
  office.dir().write("regua.yaml", yaml);
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
