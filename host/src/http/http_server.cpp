#include "http/http_server.hpp"

#include <sstream>

#include <Poco/JSON/Object.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Thread.h>
#include <Poco/URI.h>

#include "common/version.hpp"
#include "services/collection_service.hpp"
#include "plugin/plugin_status_json.hpp"

namespace regua::http {

namespace {

using Poco::Net::HTTPResponse;
using Poco::Net::HTTPServerRequest;
using Poco::Net::HTTPServerResponse;

void sendJson(HTTPServerResponse& response, HTTPResponse::HTTPStatus status, const Poco::JSON::Object& body) {
  std::ostringstream text;
  body.stringify(text);
  const std::string payload = text.str();
  response.setStatusAndReason(status);
  response.setContentType("application/json; charset=utf-8");
  response.set("Cache-Control", "no-store");
  response.setContentLength(static_cast<std::streamsize>(payload.size()));
  response.send() << payload;
}

void sendError(HTTPServerResponse& response, HTTPResponse::HTTPStatus status, const std::string& message) {
  Poco::JSON::Object body(Poco::JSON_PRESERVE_KEY_ORDER);
  body.set("error", message);
  sendJson(response, status, body);
}

Poco::JSON::Object::Ptr stuckToJson(const engine::CallInFlight& call, long seconds) {
  Poco::JSON::Object::Ptr out = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  out->set("plugin", call.plugin);
  out->set("dispatch_key", call.dispatchKey);
  Poco::JSON::Array::Ptr ids = new Poco::JSON::Array;
  for (const auto id : call.intentIds) ids->add(id);
  out->set("intents", ids);
  out->set("seconds", seconds);
  out->set("detail", "o despacho está parado numa chamada ao plugin " + call.plugin + " há " + std::to_string(seconds) +
                         " s; confira o plugin (e o serviço que ele chama) e reinicie o regua serve");
  return out;
}

Poco::JSON::Object::Ptr engineToJson(const services::ServiceStatus* status) {
  Poco::JSON::Object::Ptr out = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  out->set("running", status != nullptr);
  if (status == nullptr) return out;
  const auto& s = *status;
  Poco::JSON::Object::Ptr policies = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  policies->set("count", s.policies);
  policies->set("stages", s.stages);
  policies->set("loaded_at", s.policiesLoadedAt);
  if (!s.reloadError.empty()) policies->set("reload_error", s.reloadError);
  out->set("policies", policies);
  auto optional = [&](const char* key, const std::string& value) {
    if (!value.empty()) out->set(key, value);
  };
  optional("last_sync_at", s.lastSyncAt);
  optional("last_sync", s.lastSyncResult);
  optional("last_cycle_day", s.lastCycleDay);
  optional("last_cycle", s.lastCycleResult);
  optional("next_cycle", s.nextCycle);
  if (s.stuckCall) out->set("dispatch_stuck", stuckToJson(*s.stuckCall, s.stuckSeconds));
  return out;
}

// GET /health: {"status": "ok"|"degraded", "version", "abi", "storage", "engine",
// "plugins": [...]}. "degraded" means some configured extension is disabled, the last
// policy reload failed or the dispatch is stuck in a plugin call; the host still serves.
class HealthHandler : public Poco::Net::HTTPRequestHandler {
 public:
  HealthHandler(const plugin::PluginRegistry& registry, const StorageStatus& storage,
                const services::CollectionService* engine)
      : registry_(registry), storage_(storage), engine_(engine) {}
  void handleRequest(HTTPServerRequest&, HTTPServerResponse& response) override {
    Poco::JSON::Object body(Poco::JSON_PRESERVE_KEY_ORDER);
    const auto engine = engine_ != nullptr ? std::optional(engine_->status()) : std::nullopt;
    const bool engineTroubled = engine && (!engine->reloadError.empty() || engine->stuckCall);
    body.set("status", registry_.allLoaded() && !engineTroubled ? "ok" : "degraded");
    body.set("version", kVersion);
    body.set("abi", abiVersion());
    Poco::JSON::Object::Ptr storage = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    storage->set("url", storage_.url);
    storage->set("schema", storage_.schemaVersion);
    body.set("storage", storage);
    body.set("engine", engineToJson(engine ? &*engine : nullptr));
    body.set("plugins", plugin::statusesToJson(registry_.currentStatuses()));
    sendJson(response, HTTPResponse::HTTP_OK, body);
  }

 private:
  const plugin::PluginRegistry& registry_;
  const StorageStatus& storage_;
  const services::CollectionService* engine_;
};

class ErrorHandler : public Poco::Net::HTTPRequestHandler {
 public:
  ErrorHandler(HTTPResponse::HTTPStatus status, std::string message)
      : status_(status), message_(std::move(message)) {}
  void handleRequest(HTTPServerRequest&, HTTPServerResponse& response) override {
    response.setVersion(Poco::Net::HTTPMessage::HTTP_1_1);  // never echo a garbage version
    if (status_ == HTTPResponse::HTTP_BAD_REQUEST) response.setKeepAlive(false);
    sendError(response, status_, message_);
  }

 private:
  HTTPResponse::HTTPStatus status_;
  std::string message_;
};

bool isHttp1(const std::string& version) {
  return version == Poco::Net::HTTPMessage::HTTP_1_0 || version == Poco::Net::HTTPMessage::HTTP_1_1;
}

// RFC 9110 method token: letters only for every method we would ever serve.
bool isToken(const std::string& method) {
  if (method.empty()) return false;
  for (char c : method) {
    if (c < 'A' || c > 'Z') return false;
  }
  return true;
}

class Router : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  Router(const plugin::PluginRegistry& registry, StorageStatus storage, const services::CollectionService* engine)
      : registry_(registry), storage_(std::move(storage)), engine_(engine) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(const HTTPServerRequest& request) override {
    if (!isHttp1(request.getVersion()) || !isToken(request.getMethod())) {
      return new ErrorHandler(HTTPResponse::HTTP_BAD_REQUEST, "requisição HTTP/1.x malformada");
    }
    std::string path;
    try {
      path = Poco::URI(request.getURI()).getPath();
    } catch (const Poco::Exception&) {
      return new ErrorHandler(HTTPResponse::HTTP_BAD_REQUEST, "URI inválida: " + request.getURI());
    }
    if (path == "/health") {
      if (request.getMethod() != "GET" && request.getMethod() != "HEAD") {
        return new ErrorHandler(HTTPResponse::HTTP_METHOD_NOT_ALLOWED, "use GET em /health");
      }
      return new HealthHandler(registry_, storage_, engine_);
    }
    return new ErrorHandler(HTTPResponse::HTTP_NOT_FOUND, "caminho desconhecido: " + path + "; tente GET /health");
  }

 private:
  const plugin::PluginRegistry& registry_;
  const StorageStatus storage_;
  const services::CollectionService* engine_;
};

}  // namespace

HttpServer::HttpServer(const std::string& host, std::uint16_t port, const plugin::PluginRegistry& registry,
                       StorageStatus storage, const services::CollectionService* engine) {
  // Not ServerSocket(address): that sets SO_REUSEPORT, which would let a second host
  // share a port already in use instead of failing to start.
  Poco::Net::ServerSocket socket;
  socket.bind(Poco::Net::SocketAddress(host, port), /*reuseAddress=*/true, /*reusePort=*/false);
  socket.listen(64);
  port_ = socket.address().port();
  Poco::Net::HTTPServerParams::Ptr params = new Poco::Net::HTTPServerParams;
  params->setMaxThreads(8);
  params->setKeepAlive(true);
  params->setTimeout(Poco::Timespan(10, 0));
  server_ = std::make_unique<Poco::Net::HTTPServer>(new Router(registry, std::move(storage), engine), socket, params);
}

HttpServer::~HttpServer() { stop(); }

void HttpServer::start() {
  server_->start();
  running_ = true;
}

void HttpServer::stop() {
  if (!running_) return;
  running_ = false;
  server_->stopAll(false);
  // Give in-flight requests a moment; stopAll(false) lets them finish on their own.
  for (int i = 0; i < 50 && server_->currentConnections() > 0; ++i) Poco::Thread::sleep(20);
}

}  // namespace regua::http
