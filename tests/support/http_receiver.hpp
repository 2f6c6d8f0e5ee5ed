// Local HTTP servers for the end-to-end tests: a receiver that scripts its answers (an
// SMS provider, a webhook endpoint) and keeps what it got, with optional TLS.
#pragma once

#include <atomic>
#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/SecureServerSocket.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/StreamCopier.h>

#include "test_support.hpp"

namespace regua::testing {

inline std::uint16_t freePort() {
  Poco::Net::ServerSocket probe(Poco::Net::SocketAddress("127.0.0.1", 0));
  return probe.address().port();
}

// A self-signed certificate for localhost (the openssl CLI), as a private server has.
struct Certificate {
  std::filesystem::path cert, key;
};
inline Certificate selfSigned(const std::filesystem::path& dir) {
  Certificate c{dir / "servidor.pem", dir / "servidor.key"};
  const auto r = run("/usr/bin/openssl", {"req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj",
                                          "/CN=localhost", "-addext", "subjectAltName=DNS:localhost", "-keyout",
                                          c.key.string(), "-out", c.cert.string()});
  if (r.exitCode != 0) throw std::runtime_error("openssl req: " + r.err);
  return c;
}

// A local HTTP receiver standing in for an SMS/WhatsApp provider: answers each POST
// with the next status of its script (the last one repeats) and keeps what it got.
class Receiver {
 public:
  // In a script: wait 1.5 s before answering 200 (longer than a 1 s client timeout).
  static constexpr int kHang = 0;
  // With `tls`, HTTPS with that certificate. `port` 0 picks a free one.
  explicit Receiver(std::vector<int> statuses, const std::optional<Certificate>& tls = std::nullopt,
                    std::uint16_t port = 0)
      : statuses_(std::move(statuses)), scheme_(tls ? "https" : "http") {
    const Poco::Net::SocketAddress address("127.0.0.1", port);
    Poco::Net::ServerSocket socket =
        tls ? Poco::Net::SecureServerSocket(address, 64,
                                            new Poco::Net::Context(Poco::Net::Context::TLS_SERVER_USE, tls->key.string(),
                                                                   tls->cert.string(), "", Poco::Net::Context::VERIFY_NONE))
            : Poco::Net::ServerSocket(address);
    port_ = socket.address().port();
    server_ = std::make_unique<Poco::Net::HTTPServer>(new Factory(*this), socket, new Poco::Net::HTTPServerParams);
    server_->start();
  }
  // Waits for a handler still answering (kHang) before the server goes.
  ~Receiver() {
    for (int i = 0; i < 100 && busy_ > 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    server_->stopAll(true);
  }
  std::string url(const std::string& host = "127.0.0.1") const {
    return scheme_ + "://" + host + ":" + std::to_string(port_) + "/mensagens";
  }
  struct Got {
    std::string body, idempotencyKey, authorization;
    std::map<std::string, std::string> headers;
  };
  // Waits up to `patience` for `count` requests; what arrived meanwhile.
  std::vector<Got> waitFor(std::size_t count, std::chrono::seconds patience = std::chrono::seconds(20)) {
    const auto until = std::chrono::steady_clock::now() + patience;
    while (received().size() < count && std::chrono::steady_clock::now() < until) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return received();
  }
  std::vector<Got> received() {
    std::lock_guard lock(mutex_);
    return got_;
  }

 private:
  struct Handler : Poco::Net::HTTPRequestHandler {
    explicit Handler(Receiver& r) : r(r) {}
    void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override {
      ++r.busy_;
      struct Done {
        std::atomic<int>& busy;
        ~Done() { --busy; }
      } done{r.busy_};
      std::string body;
      Poco::StreamCopier::copyToString(request.stream(), body);
      int status = 0;
      {
        std::lock_guard lock(r.mutex_);
        std::map<std::string, std::string> headers;
        for (const auto& [name, value] : request) headers[name] = value;
        r.got_.push_back({body, request.get("Idempotency-Key", ""), request.get("Authorization", ""), std::move(headers)});
        status = r.statuses_[std::min(r.got_.size(), r.statuses_.size()) - 1];
      }
      if (status == kHang) {  // a receiver that does not answer in time, then answers 200
        std::this_thread::sleep_for(std::chrono::milliseconds(1500));
        status = 200;
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
  std::atomic<int> busy_{0};
  std::string scheme_;
  std::mutex mutex_;
  std::vector<Got> got_;
  std::uint16_t port_ = 0;
  std::unique_ptr<Poco::Net::HTTPServer> server_;
};

}  // namespace regua::testing
