// The host's HTTP endpoint: GET /health now; the REST API and dashboard later.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "plugin/plugin_registry.hpp"

namespace Poco::Net { class HTTPServer; }
namespace regua::services { class CollectionService; }

namespace regua::http {

// What /health says about the store (fixed once the host started).
struct StorageStatus {
  std::string url;  // password masked
  int schemaVersion = 0;
};

class HttpServer {
 public:
  // Binds host:port right away (port 0 picks a free one); serves after start().
  // Throws Poco::Net::NetException when the address is taken or invalid.
  // `engine` (may be null: no policies) is reported under "engine" in /health.
  HttpServer(const std::string& host, std::uint16_t port, const plugin::PluginRegistry& registry,
             StorageStatus storage, const services::CollectionService* engine = nullptr);
  ~HttpServer();

  void start();
  // Stops accepting, lets requests in flight finish (bounded), then returns.
  void stop();
  std::uint16_t port() const { return port_; }

 private:
  std::unique_ptr<Poco::Net::HTTPServer> server_;
  std::uint16_t port_ = 0;
  bool running_ = false;
};

}  // namespace regua::http
