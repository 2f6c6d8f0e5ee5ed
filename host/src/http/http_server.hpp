// The host's HTTP/1.1 server, on Boost.Beast. One event loop holds every connection — an
// idle one costs a socket and a buffer, never a thread — bounds what a client may send
// and for how long, and hands each complete request to a pool of workers. Poco's
// HTTPServer was not enough: it gives every connection a thread until the client leaves,
// and its timeout is per read, so eight idle clients, or one client sending a header a
// byte at a time, stopped it answering anyone.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace regua::http {

struct Request {
  std::string method;  // as sent, e.g. "GET"
  std::string target;  // as sent: path and query
  std::string path;    // percent-decoded, without the query
  std::string query;   // raw, after '?'; "" when none
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // The value of header `name` (case-insensitive); "" when absent.
  std::string header(std::string_view name) const;
};

// Where a streamed answer goes, a piece at a time (HTTP/1.1 chunked transfer).
class BodyWriter {
 public:
  virtual ~BodyWriter() = default;
  // Sends `piece` and waits until it left; false once the client is gone (stop then).
  virtual bool write(std::string_view piece) = 0;
};

struct Response {
  int status = 200;
  std::string contentType = "application/json; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  // Set, it writes the body instead of `body`, on the worker thread, as it is made — an
  // answer too large to hold in memory (a day's dry run). Never for inline routes.
  std::function<void(BodyWriter&)> stream;
};

// What a client may take from the server. Defaults hold 1,000 idle connections and
// refuse a slow or oversized request in seconds.
struct ServerLimits {
  std::size_t maxConnections = 4096;  // beyond it, new ones wait in the kernel's queue
  int workers = 8;                    // threads that run the handlers (store, plugins)
  int ioThreads = 2;                  // threads of the event loop
  std::chrono::seconds idleTimeout{30};    // a kept-alive connection with no new request
  std::chrono::seconds headerTimeout{5};   // from a request's first byte to its last header
  std::chrono::seconds bodyTimeout{10};    // to receive the body, and to send the answer
  std::size_t maxHeaderBytes = 16 * 1024;       // beyond: 431
  std::size_t maxBodyBytes = 8 * 1024 * 1024;   // beyond: 413
  // PEM files; with a certificate every connection speaks TLS (1.2 or later).
  std::string tlsCertificate, tlsKey;
};

// What the server does with requests. Implementations must be thread-safe: handle() runs
// on several workers at once.
class Application {
 public:
  virtual ~Application() = default;
  // Runs on a worker thread, unless answersInline() says otherwise. Must not throw.
  virtual Response handle(const Request& request) = 0;
  // Requests cheap enough to answer on the event loop (no store, no plugin call): they
  // are served even when every worker is busy. /health is one.
  virtual bool answersInline(const Request& request) const = 0;
  // The answer to a request the server refused before the application saw it: 400
  // (malformed), 408 (too slow), 413 (body too large), 431 (header too large).
  virtual Response refuse(int status, const std::string& detail) const = 0;
};

class HttpServer {
 public:
  // Binds host:port right away (port 0 picks a free one); serves after start().
  // Throws boost::system::system_error (a std::runtime_error) when the address is taken
  // or invalid, or a TLS file cannot be read. `app` must outlive
  // the server.
  HttpServer(const std::string& host, std::uint16_t port, const ServerLimits& limits, Application& app);
  ~HttpServer();

  void start();
  // Stops accepting, lets the requests being handled finish, then closes every connection.
  void stop();
  std::uint16_t port() const;

  struct Impl;  // the event loop, the workers and the sessions (http_server.cpp)

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace regua::http
