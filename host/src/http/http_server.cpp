#include "http/http_server.hpp"

#include <atomic>
#include <cstdio>
#include <future>
#include <mutex>
#include <optional>
#include <strings.h>
#include <thread>
#include <type_traits>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/write.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <Poco/Exception.h>
#include <Poco/URI.h>

namespace regua::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = boost::asio::ip::tcp;
using boost::system::error_code;

std::string Request::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (key.size() == name.size() && strncasecmp(key.data(), name.data(), name.size()) == 0) return value;
  }
  return {};
}

namespace {

// Splits the target into its decoded path and raw query; nothing when it is not a URI.
std::optional<std::pair<std::string, std::string>> splitTarget(const std::string& target) {
  if (target.empty() || target.front() != '/') return std::nullopt;
  try {
    const Poco::URI uri(target);
    return std::pair(uri.getPath(), uri.getRawQuery());
  } catch (const Poco::Exception&) {
    return std::nullopt;
  }
}

}  // namespace

struct HttpServer::Impl {
  Impl(const std::string& host, std::uint16_t port, const ServerLimits& limits, Application& app)
      : limits(limits), app(app), io(std::in_place, limits.ioThreads), workers(static_cast<std::size_t>(limits.workers)) {
    const tcp::endpoint endpoint(asio::ip::make_address(host), port);
    acceptor.emplace(asio::make_strand(*io));
    acceptor->open(endpoint.protocol());
    // Not SO_REUSEPORT: a second host must fail to start on a port already in use.
    acceptor->set_option(asio::socket_base::reuse_address(true));
    acceptor->bind(endpoint);
    acceptor->listen(1024);  // the queue connections wait in beyond maxConnections
    boundPort = acceptor->local_endpoint().port();
    if (!limits.tlsCertificate.empty()) {
      tls.emplace(asio::ssl::context::tls_server);
      tls->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                       asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 | asio::ssl::context::no_tlsv1_1);
      tls->use_certificate_chain_file(limits.tlsCertificate);
      tls->use_private_key_file(limits.tlsKey, asio::ssl::context::pem);
    }
  }

  ~Impl() {
    stop();
    acceptor.reset();
    io.reset();  // destroys the sessions still waiting on their sockets
  }

  void accept();
  void sessionClosed();
  void stop();

  const ServerLimits limits;
  Application& app;
  std::optional<asio::ssl::context> tls;  // with http.tls: every connection speaks TLS
  std::optional<asio::io_context> io;
  std::optional<tcp::acceptor> acceptor;
  asio::thread_pool workers;
  std::vector<std::thread> ioThreads;
  std::uint16_t boundPort = 0;
  std::atomic<std::size_t> open{0};
  std::atomic<bool> stopping{false};
  std::mutex acceptMutex;
  bool acceptPaused = false;
};

namespace {

using PlainStream = beast::tcp_stream;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

// One client connection, from its first byte to its close. Every step runs on the
// connection's strand; a handler runs on a worker and hands its answer back to it.
// `Stream` is the TCP stream, or TLS over it.
template <typename Stream>
class Session : public std::enable_shared_from_this<Session<Stream>> {
 public:
  Session(tcp::socket socket, HttpServer::Impl& server)
      : stream_(std::move(socket)), server_(server), deadline_(stream_.get_executor()) {}
  Session(tcp::socket socket, asio::ssl::context& tls, HttpServer::Impl& server)
      : stream_(std::move(socket), tls), server_(server), deadline_(stream_.get_executor()) {}
  ~Session() { server_.sessionClosed(); }

  void start() {
    asio::dispatch(stream_.get_executor(), [self = this->shared_from_this()] {
      if constexpr (std::is_same_v<Stream, TlsStream>) {
        // The handshake gets the header's time: a client that opens and says nothing goes.
        self->lowest().expires_after(self->server_.limits.headerTimeout);
        self->stream_.async_handshake(asio::ssl::stream_base::server, [self](error_code ec) {
          if (ec) return self->close();
          self->awaitRequest();
        });
      } else {
        self->awaitRequest();
      }
    });
  }

 private:
  static constexpr std::size_t kFirstRead = 4096;

  // Waits for a request's first byte under the idle timeout; a pipelined request is
  // already in the buffer.
  void awaitRequest() {
    if (buffer_.size() > 0) return readHeader();
    lowest().expires_after(server_.limits.idleTimeout);
    stream_.async_read_some(buffer_.prepare(kFirstRead), [self = this->shared_from_this()](error_code ec, std::size_t n) {
      if (ec) return self->close();
      self->buffer_.commit(n);
      self->readHeader();
    });
  }

  // From the first byte, the whole header must arrive within headerTimeout, whatever
  // pace the client sends it at (slowloris).
  void readHeader() {
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(server_.limits.maxHeaderBytes));
    parser_->body_limit(server_.limits.maxBodyBytes);
    armDeadline(server_.limits.headerTimeout);
    bhttp::async_read_header(stream_, buffer_, *parser_, [self = this->shared_from_this()](error_code ec, std::size_t) {
      self->deadline_.cancel();
      if (ec) return self->readFailed(ec, /*inHeader=*/true);
      self->readBody();
    });
  }

  void readBody() {
    if (parser_->is_done()) return dispatch();
    if (beast::iequals(parser_->get()[bhttp::field::expect], "100-continue")) {
      static const std::string kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
      error_code ignored;
      asio::write(stream_, asio::buffer(kContinue), ignored);
    }
    armDeadline(server_.limits.bodyTimeout);
    bhttp::async_read(stream_, buffer_, *parser_, [self = this->shared_from_this()](error_code ec, std::size_t) {
      self->deadline_.cancel();
      if (ec) return self->readFailed(ec, /*inHeader=*/false);
      self->dispatch();
    });
  }

  // A read that outlives `limit` is cancelled, so that the client still hears 408
  // (the stream's own expiry would close the socket first).
  void armDeadline(std::chrono::seconds limit) {
    lowest().expires_never();
    deadline_.expires_after(limit);
    deadline_.async_wait([self = this->shared_from_this()](error_code ec) {
      if (ec) return;  // cancelled: the read finished in time
      self->timedOut_ = true;
      error_code ignored;
      self->lowest().socket().cancel(ignored);
    });
  }

  void readFailed(error_code ec, bool inHeader) {
    keepAlive_ = false;
    if (timedOut_) {
      return reply(server_.app.refuse(408, inHeader ? "o cabeçalho não chegou inteiro a tempo"
                                                    : "o corpo da requisição não chegou inteiro a tempo"));
    }
    if (ec == bhttp::error::end_of_stream || ec == asio::error::eof || ec == asio::error::connection_reset ||
        ec == asio::error::operation_aborted) {
      return close();
    }
    if (ec == bhttp::error::header_limit) {
      return reply(server_.app.refuse(431, "cabeçalho maior que " + std::to_string(server_.limits.maxHeaderBytes / 1024) +
                                               " KiB"));
    }
    if (ec == bhttp::error::body_limit) {
      return reply(server_.app.refuse(413, "corpo maior que " +
                                               std::to_string(server_.limits.maxBodyBytes / (1024 * 1024)) +
                                               " MiB; divida o lote em partes menores"));
    }
    reply(server_.app.refuse(400, "requisição HTTP/1.x malformada (" + ec.message() + ")"));
  }

  void dispatch() {
    auto message = parser_->release();
    parser_.reset();
    keepAlive_ = message.keep_alive();
    head_ = message.method() == bhttp::verb::head;
    const auto target = splitTarget(std::string(message.target()));
    if (message.version() != 10 && message.version() != 11) {
      keepAlive_ = false;
      return reply(server_.app.refuse(400, "só HTTP/1.0 e HTTP/1.1 são aceitos"));
    }
    if (!target) {
      keepAlive_ = false;
      return reply(server_.app.refuse(400, "URI inválida: " + std::string(message.target())));
    }
    auto request = std::make_shared<Request>();
    request->method = std::string(message.method_string());
    request->target = std::string(message.target());
    request->path = target->first;
    request->query = target->second;
    for (const auto& field : message) request->headers.emplace_back(field.name_string(), field.value());
    request->body = std::move(message.body());
    version_ = message.version();
    if (server_.app.answersInline(*request)) return reply(server_.app.handle(*request));
    asio::post(server_.workers, [self = this->shared_from_this(), request] {
      Response response = self->server_.app.handle(*request);
      if (response.stream && !self->head_ && self->version_ == 11) return self->streamOut(std::move(response));
      if (response.stream) {  // HTTP/1.0 has no chunks: the whole body, then the answer
        StringWriter whole(response.body);
        response.stream(whole);
        response.stream = nullptr;
      }
      asio::post(self->stream_.get_executor(),
                 [self, response = std::move(response)]() mutable { self->reply(std::move(response)); });
    });
  }

  struct StringWriter : BodyWriter {
    explicit StringWriter(std::string& out) : out(out) {}
    bool write(std::string_view piece) override {
      out += piece;
      return true;
    }
    std::string& out;
  };

  // On the worker: the header, then each piece the handler writes as a chunk, each sent
  // before the next is made (a slow client slows the handler, memory stays flat).
  struct ChunkWriter : BodyWriter {
    explicit ChunkWriter(Session& session) : session(session) {}
    bool write(std::string_view piece) override {
      if (piece.empty() || failed) return !failed;
      char size[20];
      std::snprintf(size, sizeof size, "%zx\r\n", piece.size());
      failed = !session.sendFromWorker(std::string(size) + std::string(piece) + "\r\n");
      return !failed;
    }
    Session& session;
    bool failed = false;
  };

  void streamOut(Response response) {
    std::string head = "HTTP/1.1 " + std::to_string(response.status) + " " +
                       std::string(bhttp::obsolete_reason(static_cast<bhttp::status>(response.status))) +
                       "\r\nContent-Type: " + response.contentType +
                       "\r\nCache-Control: no-store\r\nTransfer-Encoding: chunked\r\n";
    for (const auto& [name, value] : response.headers) head += name + ": " + value + "\r\n";
    if (!keepAlive_) head += "Connection: close\r\n";
    bool sent = sendFromWorker(head + "\r\n");
    if (sent) {
      ChunkWriter chunks(*this);
      response.stream(chunks);
      sent = !chunks.failed && sendFromWorker("0\r\n\r\n");
    }
    asio::post(stream_.get_executor(), [self = this->shared_from_this(), sent] {
      if (!sent || !self->keepAlive_) return self->close();
      self->awaitRequest();
    });
  }

  // Writes `bytes` on the connection's strand and waits for it: false when it failed.
  bool sendFromWorker(std::string bytes) {
    std::promise<error_code> done;
    auto result = done.get_future();
    asio::post(stream_.get_executor(), [this, &bytes, &done] {
      lowest().expires_after(server_.limits.bodyTimeout);
      asio::async_write(stream_, asio::buffer(bytes), [&done](error_code ec, std::size_t) { done.set_value(ec); });
    });
    return !result.get();
  }

  void reply(Response response) {
    auto message = std::make_shared<bhttp::response<bhttp::string_body>>(
        static_cast<bhttp::status>(response.status), version_);
    message->set(bhttp::field::content_type, response.contentType);
    message->set(bhttp::field::cache_control, "no-store");
    for (auto& [name, value] : response.headers) {
      if (name == "Set-Cookie") {
        message->insert(name, value);  // one field per cookie (RFC 6265 forbids folding them)
      } else {
        message->set(name, value);
      }
    }
    message->keep_alive(keepAlive_);
    const std::size_t length = response.body.size();
    if (!head_) message->body() = std::move(response.body);
    message->content_length(length);
    lowest().expires_after(server_.limits.bodyTimeout);  // a client that never reads
    bhttp::async_write(stream_, *message, [self = this->shared_from_this(), message](error_code ec, std::size_t) {
      if (ec || !self->keepAlive_) return self->close();
      self->awaitRequest();
    });
  }

  void close() {
    error_code ignored;
    lowest().socket().shutdown(tcp::socket::shutdown_send, ignored);
    lowest().close();
  }

  beast::tcp_stream& lowest() { return beast::get_lowest_layer(stream_); }

  Stream stream_;
  HttpServer::Impl& server_;
  asio::steady_timer deadline_;
  bool timedOut_ = false;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  bool keepAlive_ = true;
  bool head_ = false;
  unsigned version_ = 11;
};

}  // namespace

void HttpServer::Impl::accept() {
  acceptor->async_accept(asio::make_strand(*io), [this](error_code ec, tcp::socket socket) {
    if (stopping) return;
    if (!ec) {
      ++open;
      if (tls) {
        std::make_shared<Session<TlsStream>>(std::move(socket), *tls, *this)->start();
      } else {
        std::make_shared<Session<PlainStream>>(std::move(socket), *this)->start();
      }
    }
    std::lock_guard lock(acceptMutex);
    if (open >= limits.maxConnections) {
      acceptPaused = true;  // sessionClosed() resumes; meanwhile the kernel queues them
      return;
    }
    accept();
  });
}

void HttpServer::Impl::sessionClosed() {
  --open;
  if (stopping) return;
  std::lock_guard lock(acceptMutex);
  if (acceptPaused && open < limits.maxConnections) {
    acceptPaused = false;
    asio::post(acceptor->get_executor(), [this] { accept(); });
  }
}

void HttpServer::Impl::stop() {
  if (stopping.exchange(true)) return;
  asio::post(acceptor->get_executor(), [this] {
    error_code ignored;
    acceptor->close(ignored);
  });
  workers.join();  // the requests being handled finish and post their answers
  // Give those answers a moment to leave before the loop stops.
  for (int i = 0; i < 25 && open > 0 && !io->stopped(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  io->stop();
  for (auto& thread : ioThreads) {
    if (thread.joinable()) thread.join();
  }
}

HttpServer::HttpServer(const std::string& host, std::uint16_t port, const ServerLimits& limits, Application& app)
    : impl_(std::make_unique<Impl>(host, port, limits, app)) {}

HttpServer::~HttpServer() = default;

void HttpServer::start() {
  impl_->accept();
  for (int i = 0; i < impl_->limits.ioThreads; ++i) impl_->ioThreads.emplace_back([this] { impl_->io->run(); });
}

void HttpServer::stop() { impl_->stop(); }

std::uint16_t HttpServer::port() const { return impl_->boundPort; }

}  // namespace regua::http
