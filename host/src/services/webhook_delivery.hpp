// Delivering the outbox's events to the configured webhooks: at least once, in order per
// client, each POST signed as Stripe does (X-Regua-Signature: t=UNIX,v1=HMAC-SHA256 of
// "t.body" with the webhook's secret) and carrying a stable event id. A receiver that
// answers 2xx has it; any other answer, a timeout or a refused connection is retried with
// backoff, for as long as it takes; 410 Gone disables the webhook (/health says so).
// A webhook added to regua.yaml starts with the events after it first ran.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "common/utc_time.hpp"
#include "config/host_config.hpp"
#include "store/database.hpp"

namespace regua::services {

struct WebhookStatus {
  std::string name, url;
  bool disabled = false;
  std::string reason;      // why it was disabled
  std::size_t pending = 0;
  std::string lastError;   // the last failed attempt's, "" after a success
};

// Where each webhook stands, from the store: disabled (and why) and events waiting.
std::vector<WebhookStatus> webhookStatuses(store::Database& db, const std::vector<config::WebhookConfig>& webhooks);
// Puts a webhook disabled by a 410 back in service (after its URL was fixed); what it
// missed meanwhile stays queued and goes out. False when it was not disabled.
bool enableWebhook(store::Database& db, const config::WebhookConfig& webhook);

// "t=1733000000,v1=<hex>": what a receiver recomputes to trust a delivery.
std::string signatureHeader(const std::string& secret, long long timestamp, const std::string& body);

class WebhookDelivery {
 public:
  WebhookDelivery(const std::vector<config::WebhookConfig>& webhooks, std::string storeUrl);
  ~WebhookDelivery();

  // One pass on the calling thread: queue new events, deliver what is due at `now`.
  // Returns how many were delivered.
  std::size_t deliverDue(UtcTime now);
  // A pass every `period` on a thread of its own until stop().
  void start(std::chrono::milliseconds period = std::chrono::seconds(1));
  void stop();
  std::vector<WebhookStatus> status() const;

 private:
  std::size_t deliverTo(const config::WebhookConfig& webhook, UtcTime now);
  store::Database& database();

  const std::vector<config::WebhookConfig>& webhooks_;
  std::string storeUrl_;
  std::unique_ptr<store::Database> db_;  // the delivery thread's own connection
  mutable std::mutex mutex_;             // guards status_
  std::vector<WebhookStatus> status_;
  std::thread thread_;
  std::mutex wakeMutex_;
  std::condition_variable wake_;
  std::atomic<bool> stopping_{false};
};

}  // namespace regua::services
