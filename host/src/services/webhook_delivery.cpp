#include "services/webhook_delivery.hpp"

#include "services/signing.hpp"

#include <algorithm>
#include <sstream>

#include <sodium.h>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Logger.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/NullStream.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>

#include "common/masking.hpp"
#include "common/version.hpp"
#include "store/client_repository.hpp"
#include "store/event_repository.hpp"
#include "store/settings_repository.hpp"

namespace regua::services {

namespace {

constexpr std::size_t kEnqueueBatch = 5000, kDeliverBatch = 200;
constexpr int kMaxBackoffSeconds = 15 * 60;

Poco::Logger& logger() { return Poco::Logger::get("regua.webhooks"); }

std::string disabledKey(const config::WebhookConfig& w) { return "webhook." + w.name + ".disabled"; }
std::string cursorKey(const config::WebhookConfig& w) { return "webhook." + w.name + ".cursor"; }

// The body a receiver gets: the event with its client named the office's way.
std::string eventBody(store::Database& db, const store::StoredEvent& event) {
  Poco::JSON::Object body(Poco::JSON_PRESERVE_KEY_ORDER);
  body.set("id", event.publicId());
  body.set("type", event.type);
  body.set("created_at", event.occurredAt);
  if (const auto client = event.clientId ? store::ClientRepository(db).findById(*event.clientId) : std::nullopt) {
    Poco::JSON::Object::Ptr who = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    who->set("id", client->externalId);
    who->set("source", client->source);
    who->set("name", client->name);
    body.set("client", who);
  } else {
    body.set("client", Poco::Dynamic::Var());
  }
  body.set("data", Poco::JSON::Parser().parse(event.data));
  std::ostringstream text;
  body.stringify(text);
  return text.str();
}

struct Attempt {
  int status = 0;     // the HTTP status; 0 when none came back
  std::string error;  // pt-BR, without the secret
};

Attempt post(const config::WebhookConfig& webhook, const store::StoredEvent& event, const std::string& body,
             long long timestamp) {
  Attempt out;
  try {
    const Poco::URI uri(webhook.url);
    std::unique_ptr<Poco::Net::HTTPClientSession> session;
    if (uri.getScheme() == "https") {
      static const Poco::Net::Context::Ptr context =
          new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "", Poco::Net::Context::VERIFY_RELAXED, 9, true);
      session = std::make_unique<Poco::Net::HTTPSClientSession>(uri.getHost(), uri.getPort(), context);
    } else {
      session = std::make_unique<Poco::Net::HTTPClientSession>(uri.getHost(), uri.getPort());
    }
    session->setTimeout(Poco::Timespan(webhook.timeoutSeconds, 0));
    Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_POST, uri.getPathAndQuery().empty() ? "/" : uri.getPathAndQuery(),
                                   Poco::Net::HTTPMessage::HTTP_1_1);
    request.setContentType("application/json; charset=utf-8");
    request.setContentLength(static_cast<std::streamsize>(body.size()));
    request.set("User-Agent", std::string("Regua/") + kVersion);
    request.set("X-Regua-Event-Id", event.publicId());
    request.set("X-Regua-Event-Type", event.type);
    request.set("Idempotency-Key", event.publicId());
    request.set("X-Regua-Signature", signatureHeader(webhook.secret, timestamp, body));
    session->sendRequest(request) << body;
    Poco::Net::HTTPResponse response;
    Poco::NullOutputStream ignored;
    Poco::StreamCopier::copyStream(session->receiveResponse(response), ignored);
    out.status = response.getStatus();
    if (out.status < 200 || out.status >= 300) out.error = "o receptor respondeu " + std::to_string(out.status);
  } catch (const Poco::Exception& e) {
    out.error = "sem resposta do receptor: " + e.displayText();
  }
  return out;
}

int backoff(int attempts, int first) {
  long long seconds = first;
  for (int i = 1; i < attempts && seconds < kMaxBackoffSeconds; ++i) seconds *= 2;
  return static_cast<int>(std::min<long long>(std::max(seconds, 1LL), kMaxBackoffSeconds));
}

}  // namespace

std::vector<WebhookStatus> webhookStatuses(store::Database& db, const std::vector<config::WebhookConfig>& webhooks) {
  std::vector<WebhookStatus> out;
  store::SettingsRepository settings(db);
  store::EventRepository events(db);
  for (const auto& w : webhooks) {
    WebhookStatus s{w.name, w.url};
    const auto reason = settings.get(disabledKey(w));
    s.disabled = reason.has_value();
    s.reason = reason.value_or("");
    s.pending = events.pending(w.name);
    out.push_back(std::move(s));
  }
  return out;
}

bool enableWebhook(store::Database& db, const config::WebhookConfig& webhook) {
  return store::SettingsRepository(db).remove(disabledKey(webhook));
}

std::string signatureHeader(const std::string& secret, long long timestamp, const std::string& body) {
  return "t=" + std::to_string(timestamp) + ",v1=" + toHex(hmacSha256(secret, std::to_string(timestamp) + "." + body));
}

WebhookDelivery::WebhookDelivery(const std::vector<config::WebhookConfig>& webhooks, std::string storeUrl)
    : webhooks_(webhooks), storeUrl_(std::move(storeUrl)) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium não inicializou");
  for (const auto& w : webhooks_) status_.push_back({w.name, w.url});
}

WebhookDelivery::~WebhookDelivery() { stop(); }

store::Database& WebhookDelivery::database() {
  return store::Database::keepOpen(db_, storeUrl_);
}

std::size_t WebhookDelivery::deliverDue(UtcTime now) {
  std::size_t delivered = 0;
  for (const auto& webhook : webhooks_) {
    try {
      delivered += deliverTo(webhook, now);
    } catch (const std::exception& e) {  // the store is down: the next pass tries again
      logger().error("webhook %s: %s", webhook.name, std::string(e.what()));
    }
  }
  return delivered;
}

std::size_t WebhookDelivery::deliverTo(const config::WebhookConfig& webhook, UtcTime now) {
  auto& db = database();
  store::SettingsRepository settings(db);
  store::EventRepository events(db);
  const auto disabled = settings.get(disabledKey(webhook));
  std::size_t delivered = 0;
  std::string lastError;
  if (!disabled) {
    // New events to queue: a webhook seen for the first time starts after the last one.
    const auto cursor = settings.get(cursorKey(webhook));
    std::int64_t after = cursor ? std::stoll(*cursor) : events.lastEventId();
    for (std::int64_t next = after;; after = next) {
      next = events.enqueue(webhook.name, after, [&](const std::string& type) { return webhook.wants(type); }, kEnqueueBatch);
      if (next == after) break;
    }
    if (!cursor || std::to_string(after) != *cursor) settings.set(cursorKey(webhook), std::to_string(after));

    for (const auto& d : events.due(webhook.name, now, kDeliverBatch)) {
      if (stopping_ && thread_.joinable()) break;
      const std::string body = eventBody(db, d.event);
      const auto sent = post(webhook, d.event, body, std::chrono::duration_cast<std::chrono::seconds>(
                                                         std::chrono::system_clock::now().time_since_epoch())
                                                         .count());
      if (sent.error.empty()) {
        events.delivered(webhook.name, d.event.id);
        ++delivered;
        continue;
      }
      lastError = sent.error;
      if (sent.status == 410) {
        const std::string reason = "o receptor respondeu 410 (Gone) ao evento " + d.event.publicId() + " em " +
                                   store::Database::nowUtc() + "; corrija a URL em regua.yaml e reative-o com "
                                   "regua webhooks enable " + webhook.name;
        settings.set(disabledKey(webhook), reason);
        logger().error("webhook %s desativado: %s", webhook.name, reason);
        break;
      }
      const int attempts = d.attempts + 1;
      events.retryLater(webhook.name, d.event.id, attempts,
                        now + std::chrono::seconds(backoff(attempts, webhook.backoffSeconds)), sent.error);
      logger().warning("webhook %s: %s %s não entregue (tentativa %d): %s", webhook.name, d.event.publicId(),
                       d.event.type, attempts, maskPersonalData(sent.error));
    }
  }
  const auto current = webhookStatuses(db, {webhook}).front();
  std::lock_guard lock(mutex_);
  for (auto& s : status_) {
    if (s.name != webhook.name) continue;
    const std::string previousError = s.lastError;
    s = current;
    s.lastError = delivered > 0 || !lastError.empty() ? lastError : previousError;
  }
  return delivered;
}

void WebhookDelivery::start(std::chrono::milliseconds period) {
  if (webhooks_.empty() || thread_.joinable()) return;
  thread_ = std::thread([this, period] {
    while (!stopping_) {
      deliverDue(utcNow());
      std::unique_lock lock(wakeMutex_);
      wake_.wait_for(lock, period, [this] { return stopping_.load(); });
    }
  });
}

void WebhookDelivery::stop() {
  stopping_ = true;
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

std::vector<WebhookStatus> WebhookDelivery::status() const {
  std::lock_guard lock(mutex_);
  return status_;
}

}  // namespace regua::services
