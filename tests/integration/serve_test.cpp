// `regua serve` end to end: a real process on a free loopback port, real HTTP requests,
// real signals.
#include <signal.h>

#include <gtest/gtest.h>

#include <map>

#include "common/utc_time.hpp"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/StreamCopier.h>

#include <regua/plugin_api.h>
#include <regua/value.hpp>

#include "http_receiver.hpp"
#include "office.hpp"
#include "serve_process.hpp"
#include "test_support.hpp"

namespace {

using regua::testing::ServeProcess;
using regua::testing::TempDir;
const std::filesystem::path kFixtures = REGUA_FIXTURE_DIR;

// A regua.yaml in `dir` whose store is also in `dir`.
std::string configWith(const TempDir& dir, const std::string& entries) {
  return dir.write("regua.yaml", "storage: {url: 'sqlite:regua.db'}\nplugin_dirs: [" + kFixtures.string() + "]\n" +
                                     entries)
      .string();
}

std::size_t positionOf(const std::string& text, const std::string& needle) {
  const auto at = text.find(needle);
  EXPECT_NE(at, std::string::npos) << "missing '" << needle << "' in:\n" << text;
  return at;
}

TEST(Serve, HealthShowsVersionAbiAndAnOptionalFailureAsDisabled) {
  TempDir dir;
  ServeProcess serve(configWith(dir, R"(plugins:
  - name: fixture_good
  - name: fixture_wrong_major
    required: false
)"));
  ASSERT_NE(serve.port(), 0) << serve.waitExit() << serve.err();
  const auto [status, body] = serve.request("GET", "/health");
  ASSERT_EQ(status, 200) << body;
  const auto health = Poco::JSON::Parser().parse(body).extract<Poco::JSON::Object::Ptr>();
  EXPECT_EQ(health->getValue<std::string>("status"), "degraded");
  EXPECT_EQ(health->getValue<std::string>("version"), "0.1.0");
  EXPECT_EQ(health->getValue<std::string>("abi"), std::to_string(REGUA_ABI_MAJOR) + "." + std::to_string(REGUA_ABI_MINOR));
  const auto plugins = health->getArray("plugins");
  ASSERT_EQ(plugins->size(), 2u);
  EXPECT_EQ(plugins->getObject(0)->getValue<std::string>("state"), "loaded");
  const auto disabled = plugins->getObject(1);
  EXPECT_EQ(disabled->getValue<std::string>("state"), "disabled");
  EXPECT_NE(disabled->getValue<std::string>("reason").find("mas este host fala o ABI"), std::string::npos);
  EXPECT_EQ(serve.stop(SIGTERM), 0) << serve.err();
}

TEST(Serve, GarbageAndUnknownRequestsGetClearAnswersAndTheServerKeepsServing) {
  TempDir dir;
  ServeProcess serve(configWith(dir, "plugins: []\n"));
  ASSERT_NE(serve.port(), 0) << serve.waitExit() << serve.err();
  {
    Poco::Net::StreamSocket raw(Poco::Net::SocketAddress("127.0.0.1", serve.port()));
    const char bytes[] = "\x16\x03\x01 NOT HTTP AT ALL \xff\xfe\r\n\r\n";
    const std::string garbage(bytes, sizeof bytes - 1);
    raw.sendBytes(garbage.data(), static_cast<int>(garbage.size()));
    char buffer[256] = {};
    const int n = raw.receiveBytes(buffer, sizeof buffer - 1);
    EXPECT_NE(std::string(buffer, n > 0 ? n : 0).find("400 Bad Request"), std::string::npos);
  }
  auto [status, body] = serve.request("GET", "/nada");
  EXPECT_EQ(status, 404);
  EXPECT_NE(body.find("caminho desconhecido: /nada; tente GET /health"), std::string::npos) << body;
  std::tie(status, body) = serve.request("POST", "/health");
  EXPECT_EQ(status, 405);
  // CORS is off: a browser's preflight gets no Access-Control-* header.
  const auto preflight = serve.call("OPTIONS", "/api/v1/clients", "", {{"Origin", "https://outro.site"},
                                                                        {"Access-Control-Request-Method", "POST"}});
  EXPECT_EQ(preflight.status, 405);
  for (const auto& [name, value] : preflight.headers) EXPECT_EQ(name.rfind("Access-Control", 0), std::string::npos) << name;
  std::tie(status, body) = serve.request("GET", "/health?verbose=1");
  EXPECT_EQ(status, 200);
  EXPECT_NE(body.find("\"status\":\"ok\""), std::string::npos) << body;
  EXPECT_EQ(serve.stop(SIGINT), 0) << serve.err();
}

// Everything the server sends on `socket` until it closes it (or `patience` passes).
std::string readUntilClosed(Poco::Net::StreamSocket& socket, Poco::Timespan patience = Poco::Timespan(10, 0)) {
  socket.setReceiveTimeout(patience);
  std::string text;
  char buffer[4096];
  try {
    for (int n; (n = socket.receiveBytes(buffer, sizeof buffer)) > 0;) text.append(buffer, static_cast<std::size_t>(n));
  } catch (const Poco::Exception&) {  // reset or timeout: what arrived is the answer
  }
  return text;
}

Poco::Net::StreamSocket connectTo(std::uint16_t port) {
  return Poco::Net::StreamSocket(Poco::Net::SocketAddress("127.0.0.1", port));
}

TEST(Serve, IdleAndSlowClientsDoNotStopItFromAnsweringOthers) {
  TempDir dir;
  ServeProcess serve(configWith(dir, "plugins: []\n"));
  ASSERT_NE(serve.port(), 0) << serve.waitExit() << serve.err();
  // 300 clients that connect and say nothing, and 20 that send a header a byte at a time.
  std::vector<Poco::Net::StreamSocket> idle, slow;
  for (int i = 0; i < 300; ++i) idle.push_back(connectTo(serve.port()));
  const std::string partial = "GET /health HTTP/1.1\r\nHost: x\r\nX-Lento: ";
  for (int i = 0; i < 20; ++i) {
    slow.push_back(connectTo(serve.port()));
    slow.back().sendBytes(partial.data(), static_cast<int>(partial.size()));
  }
  for (int round = 0; round < 3; ++round) {
    for (auto& s : slow) s.sendBytes("a", 1);
    const auto [status, body] = serve.request("GET", "/health");
    EXPECT_EQ(status, 200) << body;
    std::this_thread::sleep_for(std::chrono::seconds(1));
  }
  // A header still incomplete 5 s after its first byte is refused and the connection closed.
  std::this_thread::sleep_for(std::chrono::seconds(3));
  const std::string answer = readUntilClosed(slow.front());
  EXPECT_NE(answer.find("408"), std::string::npos) << answer;
  EXPECT_NE(answer.find("o cabeçalho não chegou inteiro a tempo"), std::string::npos) << answer;
  EXPECT_EQ(serve.request("GET", "/health").first, 200);
  EXPECT_EQ(serve.stop(SIGTERM), 0) << serve.err();
}

TEST(Serve, OversizedHeadersAndBodiesAreRefusedBeforeTheyAreRead) {
  TempDir dir;
  ServeProcess serve(configWith(dir, "plugins: []\n"));
  ASSERT_NE(serve.port(), 0) << serve.waitExit() << serve.err();
  {
    auto socket = connectTo(serve.port());
    const std::string request = "GET /health HTTP/1.1\r\nHost: x\r\nX-Grande: " + std::string(20000, 'a') + "\r\n\r\n";
    socket.sendBytes(request.data(), static_cast<int>(request.size()));
    const std::string answer = readUntilClosed(socket);
    EXPECT_EQ(answer.rfind("HTTP/1.1 431", 0), 0u) << answer.substr(0, 200);
    EXPECT_NE(answer.find("application/problem+json"), std::string::npos);
    EXPECT_NE(answer.find("cabeçalho maior que 16 KiB"), std::string::npos) << answer;
  }
  {
    // The 100 MB body is announced, never sent: the answer comes from the header alone.
    auto socket = connectTo(serve.port());
    const std::string request = "POST /api/v1/receivables HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                                "Content-Length: 100000000\r\n\r\n[";
    socket.sendBytes(request.data(), static_cast<int>(request.size()));
    const std::string answer = readUntilClosed(socket);
    EXPECT_EQ(answer.rfind("HTTP/1.1 413", 0), 0u) << answer.substr(0, 200);
    EXPECT_NE(answer.find("corpo maior que 8 MiB; divida o lote em partes menores"), std::string::npos) << answer;
  }
  EXPECT_EQ(serve.request("GET", "/health").first, 200);
  EXPECT_EQ(serve.stop(SIGTERM), 0) << serve.err();
}

// http.tls: `serve` speaks HTTPS itself (a client that trusts the office's certificate
// gets /health and the API); a plain-HTTP client on that port is dropped and the server
// goes on serving.
TEST(Serve, ServesHttpsWithTheConfiguredCertificate) {
  TempDir dir;
  const auto certificate = regua::testing::selfSigned(dir.path());
  ServeProcess serve(configWith(dir, "plugins: []\nhttp:\n  tls: {certificate: " + certificate.cert.string() +
                                         ", key: " + certificate.key.string() + "}\n"));
  ASSERT_NE(serve.port(), 0) << serve.waitExit() << serve.err();
  std::string cookieHeader;
  auto https = [&](const std::string& path = "/health") {
    const Poco::Net::Context::Ptr trust = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "", "",
                                                                 certificate.cert.string(), Poco::Net::Context::VERIFY_RELAXED);
    Poco::Net::HTTPSClientSession session("localhost", serve.port(), trust);
    Poco::Net::HTTPRequest request("GET", path, Poco::Net::HTTPMessage::HTTP_1_1);
    session.sendRequest(request);
    Poco::Net::HTTPResponse response;
    std::string body;
    Poco::StreamCopier::copyToString(session.receiveResponse(response), body);
    cookieHeader = response.get("Set-Cookie", "");
    return std::pair(static_cast<int>(response.getStatus()), body);
  };
  auto [status, body] = https();
  EXPECT_EQ(status, 200) << body;
  EXPECT_NE(body.find("\"status\":\"ok\""), std::string::npos) << body;
  // Over HTTPS the pages' cookies are Secure: a browser never sends them in the clear.
  EXPECT_EQ(https("/entrar").first, 200);
  EXPECT_NE(cookieHeader.find("HttpOnly; SameSite=Strict"), std::string::npos) << cookieHeader;
  EXPECT_NE(cookieHeader.find("; Secure"), std::string::npos) << cookieHeader;
  {
    auto plain = connectTo(serve.port());
    const std::string request = "GET /health HTTP/1.1\r\nHost: x\r\n\r\n";
    plain.sendBytes(request.data(), static_cast<int>(request.size()));
    EXPECT_EQ(readUntilClosed(plain, Poco::Timespan(6, 0)).find("200 OK"), std::string::npos);
  }
  std::tie(status, body) = https();
  EXPECT_EQ(status, 200);
  EXPECT_EQ(serve.stop(SIGTERM), 0) << serve.err();
}

TEST(Serve, SigtermShutsDownInOrder) {
  TempDir dir;
  ServeProcess serve(configWith(dir, R"(plugins:
  - name: fixture_good
connectors:
  - name: fixture_c_plugin
)"));
  ASSERT_NE(serve.port(), 0) << serve.waitExit() << serve.err();
  EXPECT_EQ(serve.request("GET", "/health").first, 200);
  ASSERT_EQ(serve.stop(SIGTERM), 0) << serve.err();
  const std::string& log = serve.err();
  const auto http = positionOf(log, "desligando: parando o servidor HTTP");
  const auto connectors = positionOf(log, "desligando: parando 1 conector(es)");
  const auto plugins = positionOf(log, "desligando: destruindo 1 instância(s) de plugin");
  const auto pluginGone = positionOf(log, "plugin.br.regua.test.good: destruído");
  const auto libraries = positionOf(log, "desligando: liberando 2 biblioteca(s)");
  const auto done = positionOf(log, "regua.serve: desligado");
  EXPECT_LT(http, connectors);
  EXPECT_LT(connectors, plugins);
  EXPECT_LT(plugins, pluginGone);
  EXPECT_LT(pluginGone, libraries);
  EXPECT_LT(libraries, done);
}

TEST(Serve, RequiredPluginFailureStopsWithTheReason) {
  TempDir dir;
  ServeProcess serve(configWith(dir, R"(plugins:
  - name: fixture_good
  - name: fixture_create_throws
    required: true
)"));
  EXPECT_EQ(serve.port(), 0) << "must not serve";
  EXPECT_EQ(serve.waitExit(), 78);
  EXPECT_NE(serve.err().find("plugin obrigatório 'fixture_create_throws' não carregou: br.regua.test.create-throws: "
                             "falhou ao iniciar: banco interno do plugin indisponível"),
            std::string::npos)
      << serve.err();
  EXPECT_NE(serve.err().find("nada foi servido"), std::string::npos);
}

TEST(Serve, PortInUseIsExplained) {
  Poco::Net::ServerSocket taken(Poco::Net::SocketAddress("127.0.0.1", 0));
  TempDir dir;
  const auto config = dir.write("regua.yaml", "storage: {url: 'sqlite:regua.db'}\nhttp: {port: " +
                                                  std::to_string(taken.address().port()) + "}\n");
  const auto r = regua::testing::run(REGUA_BINARY, {"--config", config.string(), "serve"}, REGUA_SOURCE_DIR);
  EXPECT_EQ(r.exitCode, 78);
  EXPECT_NE(r.err.find("não consegui abrir 127.0.0.1:" + std::to_string(taken.address().port())), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("escolha outra porta com --port"), std::string::npos);
}

const std::string kTwoStages = R"(id: escritorio
default: true
stages:
  - id: lembrete
    at: D-5
    actions: [{action: remind}]
  - id: atraso
    at: D+3
    actions: [{action: remind}]
)";

Poco::JSON::Object::Ptr health(const ServeProcess& serve) {
  const auto [status, body] = serve.request("GET", "/health");
  EXPECT_EQ(status, 200) << body;
  return Poco::JSON::Parser().parse(body).extract<Poco::JSON::Object::Ptr>();
}

// Polls /health until `ready` holds (a signal is handled asynchronously), at most 10 s.
Poco::JSON::Object::Ptr healthWhen(const ServeProcess& serve,
                                   const std::function<bool(const Poco::JSON::Object::Ptr&)>& ready) {
  auto h = health(serve);
  for (int i = 0; i < 200 && !ready(h); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    h = health(serve);
  }
  return h;
}

TEST(Serve, SighupReloadsPoliciesAndABrokenReloadKeepsTheOldOnes) {
  TempDir dir;
  dir.write("policies/escritorio.yaml", kTwoStages);
  ServeProcess serve(configWith(dir, "plugins: []\n"));
  ASSERT_NE(serve.port(), 0) << serve.waitExit() << serve.err();
  auto h = health(serve);
  auto engine = h->getObject("engine");
  ASSERT_TRUE(engine->getValue<bool>("running")) << serve.err();
  EXPECT_EQ(engine->getObject("policies")->getValue<int>("stages"), 2);

  dir.write("policies/escritorio.yaml", kTwoStages + "  - id: quebrado\n    at: D+x\n    actions: [{action: remind}]\n");
  ::kill(serve.pid(), SIGHUP);
  h = healthWhen(serve, [](const auto& h) { return h->getObject("engine")->getObject("policies")->has("reload_error"); });
  auto policies = h->getObject("engine")->getObject("policies");
  ASSERT_TRUE(policies->has("reload_error")) << "the failed reload must show in /health";
  EXPECT_NE(policies->getValue<std::string>("reload_error").find("escritorio.yaml:11:9:"), std::string::npos)
      << policies->getValue<std::string>("reload_error");
  EXPECT_EQ(policies->getValue<int>("stages"), 2) << "the policies in force stay";
  EXPECT_EQ(h->getValue<std::string>("status"), "degraded");

  dir.write("policies/escritorio.yaml", kTwoStages + "  - id: formal\n    at: D+30\n    actions: [{action: remind}]\n");
  ::kill(serve.pid(), SIGHUP);
  h = healthWhen(serve, [](const auto& h) { return !h->getObject("engine")->getObject("policies")->has("reload_error"); });
  policies = h->getObject("engine")->getObject("policies");
  EXPECT_FALSE(policies->has("reload_error"));
  EXPECT_EQ(policies->getValue<int>("stages"), 3);
  EXPECT_EQ(h->getValue<std::string>("status"), "ok");

  ASSERT_EQ(serve.stop(SIGTERM), 0) << serve.err();
  EXPECT_NE(serve.err().find("recarga das políticas falhou; as anteriores"), std::string::npos) << serve.err();
  EXPECT_NE(serve.err().find("políticas recarregadas: 1 políticas, 3 estágios"), std::string::npos) << serve.err();
}

TEST(Serve, ABrokenPolicyAtStartStopsWithEveryProblem) {
  TempDir dir;
  dir.write("policies/escritorio.yaml", "id: x\ndefault: true\nstages:\n  - id: a\n    at: ontem\n    actions: []\n");
  ServeProcess serve(configWith(dir, "plugins: []\n"));
  EXPECT_EQ(serve.port(), 0) << "must not serve";
  EXPECT_EQ(serve.waitExit(), 78);
  EXPECT_NE(serve.err().find("escritorio.yaml:5:9:"), std::string::npos) << serve.err();
  EXPECT_NE(serve.err().find("corrija as políticas"), std::string::npos) << serve.err();
}

// The machine's today, as `regua serve` reads its clock.
regua::Date machineToday() {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  return regua::Date::fromYmd(local.tm_year + 1900, static_cast<unsigned>(local.tm_mon + 1),
                              static_cast<unsigned>(local.tm_mday));
}

TEST(Serve, ADispatchStuckInAPluginShowsInHealthAndSigtermStillEndsTheProcess) {
  regua::testing::Office office("      hang_on_client: C1\n", "  run_at: \"00:00\"\n  stuck_after_seconds: 1\n");
  // Due two days from today with a reminder three days before: whichever day (±1) the
  // server's clock says, the reminder is due and has not been sent.
  const regua::Date due = machineToday().plusDays(2);
  office.dir().write("data/titulos.csv", "id;cliente;descricao;valor;vencimento\nR1;C1;Honorários;100,00;" + due.br() +
                                             "\nR3;C2;Honorários;1.300,00;" + due.br() + "\n");
  office.dir().write("policies/teste.yaml",
                     "id: teste\ndefault: true\nchannel: email\nsending_window:\n  days: [dom, seg, ter, qua, qui, sex, sab]\n"
                     "  hours: 00:00-24:00\n  holidays: true\nstages:\n  - id: lembrete\n    at: D-3\n"
                     "    actions: [{action: remind}]\n");
  ServeProcess serve(office.dir().path() / "regua.yaml");
  ASSERT_NE(serve.port(), 0) << serve.waitExit() << serve.err();
  const auto h = healthWhen(serve, [](const auto& h) { return h->getObject("engine")->has("dispatch_stuck"); });
  if (!h->getObject("engine")->has("dispatch_stuck")) {
    serve.stop(SIGKILL);
    FAIL() << "no stuck call in /health within 10 s: " << serve.err();
  }
  EXPECT_EQ(h->getValue<std::string>("status"), "degraded");
  const auto stuck = h->getObject("engine")->getObject("dispatch_stuck");
  EXPECT_EQ(stuck->getValue<std::string>("plugin").find("br.regua.test.recorder"), 0u) << stuck->getValue<std::string>("plugin");
  EXPECT_EQ(stuck->getArray("intents")->size(), 1u);
  EXPECT_GE(stuck->getValue<long>("seconds"), 1);
  // This host's share of the day: the batch it holds while the call hangs, and until when.
  const auto engine = h->getObject("engine");
  EXPECT_NE(engine->getValue<std::string>("host").find(':'), std::string::npos) << "name:pid";
  ASSERT_TRUE(engine->isObject("dispatch_batch"));
  EXPECT_EQ(engine->getObject("dispatch_batch")->getValue<int>("seq"), 1);
  EXPECT_TRUE(regua::parseUtc(engine->getObject("dispatch_batch")->getValue<std::string>("lease_until")))
      << engine->getObject("dispatch_batch")->getValue<std::string>("lease_until");

  const auto stopping = std::chrono::steady_clock::now();
  EXPECT_EQ(serve.stop(SIGTERM), 1) << serve.err();
  EXPECT_LT(std::chrono::steady_clock::now() - stopping, std::chrono::seconds(10)) << "SIGTERM must end it within 10 s";
  EXPECT_NE(serve.err().find("desligando sem esperar: a régua está presa numa chamada ao plugin br.regua.test.recorder"),
            std::string::npos)
      << serve.err();

  // What was claimed stayed pending: the next run delivers that very intent.
  const auto calls = office.recorded();
  ASSERT_FALSE(calls.empty());
  const std::string hungIntent = calls.front().intentId;
  std::string config = office.dir().read("regua.yaml");
  config.erase(config.find("      hang_on_client: C1\n"), 25);
  office.dir().write("regua.yaml", config);
  const auto next = office.regua({"run", "--as-of", machineToday().iso()});
  EXPECT_EQ(next.exitCode, 0) << next.out << next.err;
  int c1 = 0;
  for (const auto& c : office.recorded()) c1 += c.intentId == hungIntent;
  EXPECT_EQ(c1, 2) << "the hung call and its re-delivery under the same intent";
}

// SIGTERM between two calls of a wave (groups claimed together, their attempts counted
// before the calls): the groups left uncalled get their attempt back, so a stop never
// brings a dead letter closer. With max_attempts 1 they would otherwise be given up
// unsent by the next run.
TEST(Serve, SigtermInTheMiddleOfAWaveGivesTheUncalledGroupsTheirAttemptBack) {
  // 5 ms calls make waves of about ten groups (a wave holds about 50 ms of calls); the
  // third call stops the host, inside the second wave.
  regua::testing::Office office("      delay_ms: 5\n      sigterm_after_calls: 3\n", "  run_at: \"00:00\"\n");
  office.editConfig("max_attempts: 3", "max_attempts: 1");
  office.oneOverdueItemPerClient(12);
  const regua::Date due = machineToday().plusDays(2);  // D-3 reminder due whichever day (±1) serve reads
  std::string receivables = "id;cliente;valor;vencimento\n";
  for (int i = 1; i <= 12; ++i) {
    receivables += "T" + std::to_string(i) + ";K" + std::to_string(i) + ";50,00;" + due.br() + "\n";
  }
  office.dir().write("data/titulos.csv", receivables);
  office.dir().write("policies/teste.yaml",
                     "id: teste\ndefault: true\nchannel: email\nsending_window:\n  days: [dom, seg, ter, qua, qui, sex, sab]\n"
                     "  hours: 00:00-24:00\n  holidays: true\nstages:\n  - id: lembrete\n    at: D-3\n"
                     "    actions: [{action: remind}]\n");
  ServeProcess serve(office.dir().path() / "regua.yaml");
  EXPECT_EQ(serve.waitExit(), 0) << serve.err();
  EXPECT_EQ(office.recorded().size(), 3u) << "stopped before the fourth call";
  ASSERT_NE(serve.err().find("parada pedida entre duas chamadas: "), std::string::npos) << "the stop fell inside a wave: " << serve.err();

  office.editConfig("      sigterm_after_calls: 3\n", "");
  const auto next = office.regua({"run", "--as-of", machineToday().iso()});
  EXPECT_EQ(next.exitCode, 0) << "nothing given up: " << next.out << next.err;
  std::map<std::string, int> reminders;  // receivable -> calls
  for (const auto& c : office.recorded()) ++reminders[c.items];
  EXPECT_EQ(reminders.size(), 12u) << "every client reminded, the ones left uncalled included";
  for (const auto& [item, n] : reminders) EXPECT_EQ(n, 1) << item << " reminded once";
}

}  // namespace
