// `regua serve`: a Poco ServerApplication that loads the plugins, runs the collection
// service (sources, the daily cycle, dispatch) in the background, serves HTTP, reloads
// the policies on SIGHUP and shuts down in order on SIGTERM/SIGINT.
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <iostream>
#include <system_error>

#include <malloc.h>
#include <sys/resource.h>

#include <Poco/Logger.h>
#include <Poco/Net/NetException.h>
#include <Poco/NumberParser.h>
#include <Poco/Util/ServerApplication.h>

#include "app/cli.hpp"
#include "app/failures.hpp"
#include "app/host_setup.hpp"
#include "common/version.hpp"
#include "common/clock_time.hpp"
#include "config/diagnostics.hpp"
#include "config/host_config.hpp"
#include "services/collection_service.hpp"
#include "services/webhook_delivery.hpp"
#include "http/dashboard_warmer.hpp"
#include "http/host_application.hpp"
#include "http/http_server.hpp"
#include "plugin/plugin_registry.hpp"
#include "store/database.hpp"

namespace regua::app {

namespace {

// How long SIGTERM waits for the dispatcher to reach a point between groups: under the
// 10 s a service manager usually allows before it kills.
constexpr std::chrono::seconds kShutdownPatience{8};

// The signals serve handles: termination, and SIGHUP to reload the policies.
sigset_t handledSignals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGQUIT);
  sigaddset(&signals, SIGHUP);
  return signals;
}

// Blocks them in this thread before any other thread exists, so every thread inherits
// the mask and only waitForSignal() receives them.
void blockHandledSignals() {
  const sigset_t signals = handledSignals();
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
}

// Each open connection is a file descriptor: lift the soft limit (often 1,024) to the
// hard one, so max_connections is what bounds them.
void raiseOpenFileLimit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
  }
}

// Each worker thread allocates from its own glibc arena, and by default an arena gives
// back its free top as soon as it passes 128 KiB, to grow it again on the next request:
// an mprotect per cycle, which takes the process-wide memory map lock and stalls the
// other threads. Keeping up to 32 MiB free per arena took the API's p99 at 2,000 req/s
// from about 8 ms to about 5.5 ms (scripts/bench-api).
void keepArenasWarm() { mallopt(M_TRIM_THRESHOLD, 32 << 20); }

int waitForSignal() {
  const sigset_t signals = handledSignals();
  int signal = 0;
  while (sigwait(&signals, &signal) != 0) {
  }
  return signal;
}

class ServeApplication : public Poco::Util::ServerApplication {
 public:
  ServeApplication(config::HostConfig config, calendar::BusinessCalendar calendar)
      : config_(std::move(config)), calendar_(std::move(calendar)) {}

 protected:
  int main(const std::vector<std::string>&) override {
    setupLogging("information");  // after Application's constructor, which resets every channel
    auto& log = Poco::Logger::get("regua.serve");
    std::unique_ptr<store::Database> db;
    try {
      db = store::Database::open(config_.storageUrl);
      log.information("banco %s no esquema v%d", db->maskedUrl(), db->schemaVersion());
    } catch (const store::StoreError& e) {  // Poco's Application would only log it
      return reportFailure(e);
    }
    plugin::PluginRegistry registry(plugin::defaultPluginDir(), {&calendar_, config_.city, config_.file.parent_path().string()});
    registry.loadAll(config_);
    if (auto failed = registry.requiredFailures(); !failed.empty()) {
      for (const auto* status : failed) {
        std::cerr << "regua: plugin obrigatório '" << status->label << "' não carregou: " << status->reason << "\n";
      }
      std::cerr << "regua: nada foi servido; corrija o plugin ou marque-o 'required: false' em "
                << config_.file.string() << "\n";
      return kExitConfig;
    }

    // The régua runs when there are policies; without any the host only serves.
    std::unique_ptr<services::CollectionService> service;
    if (config::policyFiles(config_.policiesDir).empty()) {
      log.warning("nenhuma política em %s: a régua não roda (só /health); crie uma a partir de "
                  "config/policies/default.yaml",
                  config_.policiesDir.string());
    } else {
      try {
        service = std::make_unique<services::CollectionService>(config_, calendar_, registry, config_.storageUrl);
      } catch (const config::ConfigError& e) {
        std::cerr << e.what() << "\nregua: nada foi servido; corrija as políticas acima e rode de novo\n";
        return kExitConfig;
      }
    }

    raiseOpenFileLimit();
    keepArenasWarm();
    // Events go to the webhooks from a thread of their own (none configured: no thread).
    services::WebhookDelivery webhooks(config_.webhooks, config_.storageUrl);
    http::ApiContext api(config_, calendar_, registry, config_.storageUrl, service.get());
    api.webhooks = &webhooks;
    http::HostApplication application(api, http::StorageStatus{db->maskedUrl(), db->schemaVersion()});
    http::ServerLimits limits;
    limits.workers = config_.httpWorkers;
    limits.maxConnections = static_cast<std::size_t>(config_.httpMaxConnections);
    limits.tlsCertificate = config_.httpTlsCertificate.string();
    limits.tlsKey = config_.httpTlsKey.string();
    std::unique_ptr<http::HttpServer> server;
    try {
      server = std::make_unique<http::HttpServer>(config_.httpHost, config_.httpPort, limits, application);
    } catch (const std::runtime_error& e) {  // boost::system::system_error: taken or invalid
      std::cerr << "regua: não consegui abrir " << config_.httpHost << ":" << config_.httpPort << " ("
                << e.what() << "); escolha outra porta com --port ou http.port em regua.yaml"
                << (limits.tlsCertificate.empty() ? "" : ", e confira os arquivos de http.tls") << "\n";
      return kExitConfig;
    }
    server->start();
    webhooks.start();
    // Today's dashboard, computed in the background and again after a change.
    auto warmer = std::make_unique<http::DashboardWarmer>(api);
    std::cout << "Régua " << kVersion << " servindo em " << (limits.tlsCertificate.empty() ? "http" : "https") << "://"
              << config_.httpHost << ":" << server->port() << " (GET /health, API em /api/v1); Ctrl+C para parar"
              << std::endl;
    log.information("servindo em %s:%hu", config_.httpHost, server->port());
    if (service) {
      service->start();
      const int at = config_.runAtMinute;
      const std::string cycle = at < 0 ? "não roda o dia (engine.run_at: off)" : "roda o dia às " + clockText(at);
      log.information("régua ativa: sincroniza a cada %d min, %s; SIGHUP recarrega as políticas",
                      config_.syncEveryMinutes, cycle);
    }

    for (int signal = waitForSignal(); signal == SIGHUP; signal = waitForSignal()) {
      if (!service) {
        log.warning("SIGHUP: nenhuma política carregada; nada a recarregar");
        continue;
      }
      log.information("SIGHUP: recarregando as políticas de %s", config_.policiesDir.string());
      service->requestReload();  // the service's thread reloads and logs the outcome
    }

    log.information("desligando: parando o servidor HTTP");
    server->stop();
    server.reset();
    warmer.reset();  // before the plugins it prices with go
    webhooks.stop();
    if (service) {
      log.information("desligando: esperando a régua terminar o que está fazendo");
      // The dispatcher stops between groups; what is left stays pending. A plugin call
      // that never returns cannot be waited for: leave without unloading anything.
      if (!service->stop(kShutdownPatience)) {
        const auto stuck = service->status().stuckCall;
        log.error("desligando sem esperar: a régua está presa numa chamada ao plugin %s (despacho %s); o que foi "
                  "reivindicado fica pendente e sai na próxima execução",
                  stuck ? stuck->plugin : std::string("?"), stuck ? stuck->dispatchKey : std::string("?"));
        std::clog.flush();
        std::cerr.flush();
        std::_Exit(kExitFailure);
      }
      service.reset();
    }
    registry.shutdown();
    log.information("desligado");
    return kExitOk;
  }

 private:
  config::HostConfig config_;
  calendar::BusinessCalendar calendar_;  // outlives the registry's instances
};


}  // namespace

int runServe(const Invocation& invocation) {
  blockHandledSignals();
  auto loaded = loadConfigOrReport(invocation, false);
  if (!loaded) return kExitConfig;
  config::HostConfig config = std::move(*loaded);
  auto calendar = loadCalendarOrReport(config);
  if (!calendar) return kExitConfig;
  if (auto port = invocation.option("--port")) {
    unsigned value = 0;
    if (!Poco::NumberParser::tryParseUnsigned(*port, value) || value > 65535) {
      std::cerr << "regua: --port deve ser um número de 0 a 65535, veio '" << *port << "'\n";
      return kExitUsage;
    }
    config.httpPort = static_cast<std::uint16_t>(value);
  }
  ServeApplication app(std::move(config), std::move(*calendar));
  char name[] = "regua";
  char* argv[] = {name, nullptr};
  return app.run(1, argv);
}

}  // namespace regua::app
