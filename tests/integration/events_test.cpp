// Events out, end to end: `regua serve` writes what happened to the outbox and delivers
// it to a real HTTP receiver on loopback — signed (checked here with OpenSSL's HMAC, not
// the implementation that signed it), in order per client, again and again until the
// receiver takes it, and never to a receiver that answered 410.
#include <signal.h>

#include <algorithm>
#include <set>

#include <gtest/gtest.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include "http_receiver.hpp"
#include "office.hpp"
#include "serve_process.hpp"

namespace regua::testing {
namespace {

const std::string kSecret = "segredo-do-escritorio-0123456789";

Poco::JSON::Object::Ptr parse(const std::string& body) {
  return Poco::JSON::Parser().parse(body).extract<Poco::JSON::Object::Ptr>();
}

// What a receiver does with X-Regua-Signature: recompute HMAC-SHA256("t.body").
bool signedWith(const std::string& secret, const std::string& header, const std::string& body) {
  const auto t = header.find("t="), v1 = header.find(",v1=");
  if (t != 0 || v1 == std::string::npos) return false;
  const std::string timestamp = header.substr(2, v1 - 2);
  const std::string message = timestamp + "." + body;
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()), reinterpret_cast<const unsigned char*>(message.data()),
       message.size(), mac, &size);
  std::string hex;
  char byte[3];
  for (unsigned i = 0; i < size; ++i) {
    std::snprintf(byte, sizeof byte, "%02x", mac[i]);
    hex += byte;
  }
  return header.substr(v1 + 4) == hex;
}

// The office of office.hpp, its scheduler out of the way (the API drives the day), with
// one webhook for every event at `url`.
std::unique_ptr<Office> officeWithWebhook(const std::string& url) {
  auto office = std::make_unique<Office>("", "  run_at: \"off\"\n  sync_every_minutes: 0\n");
  const std::string yaml = office->dir().read("regua.yaml");
  office->dir().write("regua.yaml", yaml + "webhooks:\n  - name: erp\n    url: " + url + "\n    secret: " + kSecret +
                                        "\n    events: ['*']\n    backoff_seconds: 1\n    timeout_seconds: 2\n");
  return office;
}

// Syncs the office through the API; the name its CSV source goes by.
std::string syncedSource(const ServeProcess& serve, const std::vector<std::pair<std::string, std::string>>& auth) {
  const auto synced = serve.call("POST", "/api/v1/sync", "", auth);
  EXPECT_EQ(synced.status, 200) << synced.body;
  return parse(synced.body)->getArray("sources")->getObject(0)->getValue<std::string>("source");
}

std::string adminKey(const Office& office) {
  return bearerFrom(office.regua({"api-key", "create", "--name", "operacao", "--role", "admin"}).out);
}

TEST(Events, AReceiverThatWasDownGetsEverythingSignedInOrderPerClient) {
  const std::uint16_t port = freePort();
  auto office = officeWithWebhook("http://127.0.0.1:" + std::to_string(port) + "/eventos");
  const std::vector<std::pair<std::string, std::string>> auth = {{"Authorization", adminKey(*office)}};
  ServeProcess serve(office->dir().path() / "regua.yaml");
  ASSERT_NE(serve.port(), 0) << serve.waitExit() << serve.err();

  // While the receiver is down the day happens: D+3 of every receivable, then a payment.
  const std::string source = syncedSource(serve, auth);
  const auto ran = serve.call("POST", "/api/v1/runs", R"({"date": "2026-03-05", "at": "10:00"})", auth);
  ASSERT_EQ(ran.status, 200) << ran.body;
  const auto paid = serve.call("POST", "/api/v1/payments?source=" + source,
                               R"({"payments": [{"id": "P1", "receivable_id": "R1", "amount": 10000, "paid_date": "2026-03-05"}]})", auth);
  ASSERT_EQ(paid.status, 200) << paid.body;
  std::this_thread::sleep_for(std::chrono::seconds(2));  // a few refused attempts
  auto health = parse(serve.request("GET", "/health").second);
  const auto hook = health->getArray("webhooks")->getObject(0);
  EXPECT_EQ(hook->getValue<std::string>("state"), "active");
  const auto pending = hook->getValue<std::size_t>("pending");
  EXPECT_GE(pending, 6u) << "3 receivable.overdue, stage.fired, message.sent, payment.received at least";
  EXPECT_NE(hook->getValue<std::string>("last_error").find("sem resposta do receptor"), std::string::npos);

  Receiver receiver({200}, std::nullopt, port);  // it comes back
  const auto got = receiver.waitFor(pending);
  ASSERT_EQ(got.size(), pending) << serve.err();
  std::map<std::string, std::vector<long>> idsByClient;
  std::set<std::string> types, ids;
  for (const auto& g : got) {
    EXPECT_TRUE(signedWith(kSecret, g.headers.at("X-Regua-Signature"), g.body)) << g.headers.at("X-Regua-Signature");
    EXPECT_FALSE(signedWith("outro-segredo-qualquer-000", g.headers.at("X-Regua-Signature"), g.body));
    const auto event = parse(g.body);
    const std::string id = event->getValue<std::string>("id");
    EXPECT_EQ(g.headers.at("X-Regua-Event-Id"), id);
    EXPECT_EQ(g.idempotencyKey, id);
    EXPECT_TRUE(ids.insert(id).second) << "delivered twice: " << id;
    types.insert(event->getValue<std::string>("type"));
    const std::string client = event->isNull("client") ? "-" : event->getObject("client")->getValue<std::string>("id");
    idsByClient[client].push_back(std::stol(id.substr(4)));
  }
  for (const auto& [client, list] : idsByClient) {
    EXPECT_TRUE(std::is_sorted(list.begin(), list.end())) << "out of order for " << client;
  }
  for (const char* type : {"receivable.overdue", "stage.fired", "message.sent", "payment.received"}) {
    EXPECT_EQ(types.count(type), 1u) << type;
  }
  health = parse(serve.request("GET", "/health").second);
  EXPECT_EQ(health->getArray("webhooks")->getObject(0)->getValue<std::size_t>("pending"), 0u);
  EXPECT_EQ(health->getValue<std::string>("status"), "ok");
  EXPECT_EQ(serve.stop(SIGTERM), 0) << serve.err();
  EXPECT_EQ(serve.err().find(kSecret), std::string::npos) << "the secret never reaches the log";
}

TEST(Events, AReceiverAnswering500IsRetriedAnd410DisablesTheWebhook) {
  Receiver receiver({500, 200, 410});
  auto office = officeWithWebhook(receiver.url());
  const std::vector<std::pair<std::string, std::string>> auth = {{"Authorization", adminKey(*office)}};
  ServeProcess serve(office->dir().path() / "regua.yaml");
  ASSERT_NE(serve.port(), 0) << serve.waitExit() << serve.err();
  const std::string source = syncedSource(serve, auth);
  const auto paid = serve.call("POST", "/api/v1/payments?source=" + source,
                               R"({"payments": [{"id": "P1", "receivable_id": "R1", "amount": 10000, "paid_date": "2026-03-05"}]})", auth);
  ASSERT_EQ(paid.status, 200) << paid.body;
  auto got = receiver.waitFor(2);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].body, got[1].body) << "the same event, again, after the 500";
  EXPECT_EQ(parse(got[1].body)->getValue<std::string>("type"), "payment.received");

  // The next event gets 410: the webhook is disabled, and /health says so.
  const auto second = serve.call("POST", "/api/v1/payments?source=" + source,
                                 R"({"payments": [{"id": "P2", "receivable_id": "R3", "amount": 100, "paid_date": "2026-03-05"}]})", auth);
  ASSERT_EQ(second.status, 200) << second.body;
  got = receiver.waitFor(3);
  ASSERT_EQ(got.size(), 3u);
  Poco::JSON::Object::Ptr health;
  for (int i = 0; i < 50; ++i) {
    health = parse(serve.request("GET", "/health").second);
    if (health->getArray("webhooks")->getObject(0)->getValue<std::string>("state") == "disabled") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  const auto hook = health->getArray("webhooks")->getObject(0);
  EXPECT_EQ(hook->getValue<std::string>("state"), "disabled");
  EXPECT_NE(hook->getValue<std::string>("reason").find("410"), std::string::npos);
  EXPECT_EQ(health->getValue<std::string>("status"), "degraded");
  std::this_thread::sleep_for(std::chrono::seconds(2));
  EXPECT_EQ(receiver.received().size(), 3u) << "nothing more goes to a receiver that said 410";
  EXPECT_EQ(serve.stop(SIGTERM), 0) << serve.err();

  // The office fixes the URL and puts the webhook back; the refused event goes out.
  auto listed = office->regua({"webhooks", "list"});
  EXPECT_NE(listed.out.find("erp  " + receiver.url() + "  desativado, 1 evento aguardando"), std::string::npos)
      << listed.out << listed.err;
  Receiver fixed({200});
  std::string yaml = office->dir().read("regua.yaml");
  yaml.replace(yaml.find(receiver.url()), receiver.url().size(), fixed.url());
  office->dir().write("regua.yaml", yaml);
  EXPECT_EQ(office->regua({"webhooks", "enable", "erp"}).exitCode, 0);
  const auto delivered = office->regua({"webhooks", "deliver"});
  EXPECT_EQ(delivered.exitCode, 0) << delivered.out << delivered.err;
  EXPECT_NE(delivered.out.find("1 evento entregue"), std::string::npos) << delivered.out;
  ASSERT_EQ(fixed.received().size(), 1u);
  EXPECT_EQ(fixed.received()[0].headers.at("X-Regua-Event-Id"), got[2].headers.at("X-Regua-Event-Id"));
  EXPECT_EQ(office->regua({"webhooks", "enable", "nenhum"}).exitCode, 64);
}

// A receiver that does not answer within timeout_seconds is tried again: the event
// arrives twice (the receiver drops the repeat by its id), never zero times.
TEST(Events, AReceiverThatTimesOutIsTriedAgain) {
  Receiver receiver({Receiver::kHang, 200});
  auto office = officeWithWebhook(receiver.url());
  std::string yaml = office->dir().read("regua.yaml");
  yaml.replace(yaml.find("timeout_seconds: 2"), 18, "timeout_seconds: 1");
  office->dir().write("regua.yaml", yaml);
  const std::vector<std::pair<std::string, std::string>> auth = {{"Authorization", adminKey(*office)}};
  ServeProcess serve(office->dir().path() / "regua.yaml");
  ASSERT_NE(serve.port(), 0) << serve.waitExit() << serve.err();
  const std::string source = syncedSource(serve, auth);
  ASSERT_EQ(serve.call("POST", "/api/v1/payments?source=" + source,
                       R"({"payments": [{"id": "P1", "receivable_id": "R1", "amount": 10000, "paid_date": "2026-03-05"}]})", auth)
                .status,
            200);
  const auto got = receiver.waitFor(2);
  ASSERT_EQ(got.size(), 2u) << serve.err();
  EXPECT_EQ(got[0].headers.at("X-Regua-Event-Id"), got[1].headers.at("X-Regua-Event-Id"));
  EXPECT_EQ(serve.stop(SIGTERM), 0) << serve.err();
  EXPECT_NE(serve.err().find("não entregue (tentativa 1)"), std::string::npos) << serve.err();
}

}  // namespace
}  // namespace regua::testing
