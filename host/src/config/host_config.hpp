// config/regua.yaml: what the host loads and how it serves. Loading validates the
// whole file and throws ConfigError listing every problem with file:line:column.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "common/office_time.hpp"
#include "domain/payment_profile.hpp"

namespace regua::config {

// Connectors are plugins too; the kind only decides the shutdown order and where
// `plugins list` shows them.
enum class ExtensionKind { kPlugin, kConnector };

// One entry of `plugins:` or `connectors:`.
struct ExtensionEntry {
  ExtensionKind kind = ExtensionKind::kPlugin;
  std::string name;                           // as written; "" when only a path was given
  std::optional<std::filesystem::path> path;  // absolute, resolved against the config file
  bool required = false;                      // a failure stops `regua serve`
  YAML::Node section;                         // the plugin's own `config:` (null when absent)
  int line = 0;                               // where the entry starts, for messages

  // "hello" or the file name: how messages refer to the entry.
  std::string label() const;
};

// The events Régua sends to webhooks (DESIGN.md, "Events out").
inline const std::vector<std::string> kEventTypes = {
    "payment.received", "receivable.overdue", "stage.fired",        "message.sent",      "message.failed",
    "task.opened",      "task.closed",        "agreement.accepted", "agreement.broken",  "promise.broken"};

// webhooks: where events go. The secret signs each delivery (HMAC-SHA256) and is never
// logged.
struct WebhookConfig {
  std::string name;                 // default: the URL; keys the webhook's state in the store
  std::string url;                  // http:// or https://
  std::string secret;               // at least 16 characters
  std::vector<std::string> events;  // subscribed types; "*" = all
  int timeoutSeconds = 10;          // per delivery
  int backoffSeconds = 10;          // first retry delay, doubled per attempt up to 15 min
  bool wants(const std::string& type) const;
};

// office: who collects, told once. The plugins get it as the defaults of their own
// `office.*` and `pix.*` keys (the host's config keys "@office.name", "@pix.key"...), and
// the client page as its PIX receiver, so an e-mail's PIX code and the page's agree.
struct OfficeConfig {
  std::string name, email, phone, city;  // city as people read it ("São Paulo")
  std::string pixKey;                    // "" = no PIX code unless a plugin sets its own
  std::string pixName, pixCity;          // receiver in the code; default name and city
};

// client_page: the page each client opens from a signed link (/c/TOKEN) to see what is
// open today and pay it by PIX. The key signs the links (HMAC-SHA256) and is never logged.
struct ClientPageConfig {
  std::string baseUrl;     // how clients reach `serve` ("https://cobranca.escritorio.com.br")
  std::string key;         // at least 32 characters; "" = links off
  int validDays = 7;       // a link opens for this many days from the day it was made
  std::string pixKey;      // the PIX key; default office.pix; "" = no PIX code on the page
  std::string pixName;     // receiver's name and city in the code (≤ 25 and ≤ 15 characters)
  std::string pixCity;
  bool enabled() const { return !key.empty(); }
};

struct HostConfig {
  std::filesystem::path file;  // the file this was read from; empty for defaults
  std::string httpHost = "127.0.0.1";
  std::uint16_t httpPort = 8080;
  int httpWorkers = 8;               // threads that answer API requests
  int httpMaxConnections = 4096;     // open at once; beyond, they wait in the kernel's queue
  // http.tls: PEM certificate chain and key; with them `serve` speaks only HTTPS.
  std::filesystem::path httpTlsCertificate, httpTlsKey;
  // "sqlite:PATH" (PATH made absolute against the config file) or "postgresql://...".
  std::string storageUrl = "sqlite:var/regua.db";
  // Searched in order for entries given by name; the host's own plugin directory
  // (<prefix>/lib/regua/plugins, next to bin/regua) is always searched last.
  std::vector<std::filesystem::path> pluginDirs;
  std::vector<ExtensionEntry> extensions;  // plugins first, then connectors, in file order

  // calendar: state and city holidays, and the office's city (IBGE code) that
  // business-day rules use when nothing more specific is given.
  std::filesystem::path holidaysDir;  // default: holidays/ beside this file
  std::string city;                   // "" = national holidays only
  std::string timezone = kDefaultTimeZone;  // the office's clock (tz database name)

  // Policies (every *.yaml) and message templates; default policies/ and templates/
  // beside this file.
  std::filesystem::path policiesDir;
  std::filesystem::path templatesDir;

  // engine: how the daily cycle runs.
  int maxAttempts = 5;           // failed actions are retried, then dead-lettered
  int backoffSeconds = 60;       // first retry delay, doubled per attempt
  int stuckAfterSeconds = 300;   // a plugin call running longer makes /health say the dispatch is stuck
  int leaseSeconds = 60;         // a host's hold on a dispatch batch; renewed while it works, lost when it dies
  int batchClients = 500;        // client ids per dispatch batch (what one host claims at a time)
  int runAtMinute = 7 * 60;      // `serve` runs the cycle daily at this local time,
  // or never (`run_at: off`: a cron'd `regua run` or another host does).
  static constexpr int kNeverRun = -1;
  int syncEveryMinutes = 60;     // and the sources this often (0 = only before the cycle)

  // payment_profile: delays in 12 months at which a client becomes ocasional/recorrente.
  domain::ProfileThresholds profile;

  std::vector<WebhookConfig> webhooks;
  OfficeConfig office;
  ClientPageConfig clientPage;
};

HostConfig loadHostConfig(const std::filesystem::path& file);

// Defaults for running without a config file: holidays/ and the store in the working
// directory.
HostConfig defaultHostConfig();

}  // namespace regua::config
