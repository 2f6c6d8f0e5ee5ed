// The yardstick for `scripts/bench-api`: a bare Poco HTTP server whose one handler
// returns a fixed JSON body, the fastest a Poco-based host could answer on this machine.
// Usage: regua_http_baseline PORT   (serves until killed)
#include <cstdlib>
#include <iostream>
#include <thread>

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>

namespace {

class Fixed : public Poco::Net::HTTPRequestHandler {
 public:
  void handleRequest(Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse& response) override {
    static const std::string body = R"({"status":"ok","client":{"id":"G1","name":"Pessoa Gerada 1"}})";
    response.setContentType("application/json");
    response.setContentLength(static_cast<std::streamsize>(body.size()));
    response.send() << body;
  }
};

class Factory : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override { return new Fixed; }
};

}  // namespace

int main(int argc, char** argv) {
  const auto port = static_cast<Poco::UInt16>(argc > 1 ? std::atoi(argv[1]) : 0);
  Poco::Net::HTTPServerParams::Ptr params = new Poco::Net::HTTPServerParams;
  params->setMaxThreads(64);
  params->setMaxQueued(1024);
  Poco::Net::HTTPServer server(new Factory, Poco::Net::ServerSocket(Poco::Net::SocketAddress("127.0.0.1", port)), params);
  server.start();
  std::cout << "baseline em http://127.0.0.1:" << server.port() << std::endl;
  for (;;) std::this_thread::sleep_for(std::chrono::hours(1));
}
