// The e-mail channel over SMTP. One connection is opened on the first message and
// reused for the next ones (a dispatch sends many); a connection the server dropped is
// reopened once. A server that is down or answers 4xx means "try later" (the host
// retries with backoff); a 5xx on the recipient means the address is refused.
//
// regua.yaml:
//   connectors:
//     - name: smtp
//       config:
//         host: smtp.exemplo.com.br
//         port: 587
//         security: starttls        # none | starttls | ssl
//         user: cobranca@exemplo.com.br
//         password: ...
//         from: cobranca@exemplo.com.br
//         from_name: Escritório Exemplo
//         timeout_seconds: 20
//         retry_after_seconds: 60   # how long the host waits before retrying a server that is down
#include <memory>

#include <Poco/Net/Context.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SecureSMTPClientSession.h>
#include <Poco/Net/SecureStreamSocket.h>
#include <Poco/Net/SMTPClientSession.h>

#include <regua/plugin.hpp>

#include "mail_message.hpp"

namespace {

class SmtpChannel {
 public:
  static constexpr const char* kChannelNames[] = {"email", nullptr};

  explicit SmtpChannel(regua::Host host)
      : host_(host),
        server_(host.requireConfig("host")),
        security_(host.configOr("security", "none")),
        user_(host.configOr("user", "")),
        password_(host.configOr("password", "")),
        from_{std::string(host.requireConfig("from")), std::string(host.configOr("from_name", ""))} {
    if (security_ != "none" && security_ != "starttls" && security_ != "ssl") {
      throw regua::ConfigError("security deve ser none, starttls ou ssl, veio '" + security_ + "'");
    }
    const std::string port(host.configOr("port", security_ == "ssl" ? "465" : security_ == "starttls" ? "587" : "25"));
    const std::string timeout(host.configOr("timeout_seconds", "20")), retry(host.configOr("retry_after_seconds", "60"));
    try {
      port_ = static_cast<Poco::UInt16>(std::stoul(port));
      timeoutSeconds_ = std::stoi(timeout);
      retryAfter_ = static_cast<std::uint32_t>(std::stoul(retry));
    } catch (const std::exception&) {
      throw regua::ConfigError("port, timeout_seconds e retry_after_seconds são números (veio '" + port + "', '" +
                               timeout + "', '" + retry + "')");
    }
  }
  ~SmtpChannel() { close(); }

  regua::Delivery send(const regua::Message& m) {
    Poco::Net::MailMessage message;
    regua::mail::compose(m, from_, message);
    const std::string id = message.get("Message-ID");
    for (int attempt = 0;; ++attempt) {
      try {
        session().sendMessage(message);
        return {id};
      } catch (const Poco::Net::SMTPException& e) {
        // The server's reply: 5xx refuses for good, 4xx asks to try later.
        const int code = e.code();
        close();
        if (code >= 500 && code < 600) throw std::runtime_error("servidor SMTP recusou: " + e.message());
        throw regua::RetryLater("servidor SMTP pediu para tentar depois: " + e.message(), retryAfter_ * 5);
      } catch (const Poco::Exception& e) {
        close();
        // A reused connection the server dropped in the meantime: reconnect once.
        if (attempt == 0 && session_ == nullptr && reused_) {
          reused_ = false;
          continue;
        }
        throw regua::RetryLater("servidor SMTP " + server_ + ":" + std::to_string(port_) + " indisponível (" +
                                    e.displayText() + ")",
                                retryAfter_);
      }
    }
  }

 private:
  Poco::Net::SMTPClientSession& session() {
    if (session_) {
      reused_ = true;
      return *session_;
    }
    const Poco::Timespan timeout(timeoutSeconds_, 0);
    const auto login = user_.empty() ? Poco::Net::SMTPClientSession::AUTH_NONE : Poco::Net::SMTPClientSession::AUTH_LOGIN;
    const Poco::Net::SocketAddress address(server_, port_);
    auto tls = [] { return Poco::Net::Context::Ptr(new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "")); };
    // SMTP is a chat of short lines: without TCP_NODELAY each one waits out a delayed ACK
    // (about 40 ms a message).
    if (security_ == "ssl") {
      Poco::Net::SecureStreamSocket socket(address, tls());
      socket.setNoDelay(true);
      socket.setReceiveTimeout(timeout);
      session_ = std::make_unique<Poco::Net::SMTPClientSession>(socket);
      session_->login(server_, login, user_, password_);
    } else {
      Poco::Net::StreamSocket socket;
      socket.connect(address, timeout);
      socket.setNoDelay(true);
      socket.setReceiveTimeout(timeout);
      if (security_ == "starttls") {
        auto secure = std::make_unique<Poco::Net::SecureSMTPClientSession>(socket);
        secure->login();
        if (!secure->startTLS(tls())) throw Poco::Net::SMTPException("o servidor não oferece STARTTLS");
        if (login != Poco::Net::SMTPClientSession::AUTH_NONE) secure->login(login, user_, password_);
        session_ = std::move(secure);
      } else {
        session_ = std::make_unique<Poco::Net::SMTPClientSession>(socket);
        session_->login(server_, login, user_, password_);
      }
    }
    reused_ = false;
    return *session_;
  }

  void close() {
    if (!session_) return;
    try {
      session_->close();
    } catch (...) {  // a dead connection does not need a polite goodbye
    }
    session_.reset();
  }

  regua::Host host_;
  std::string server_, security_, user_, password_;
  Poco::UInt16 port_ = 25;
  int timeoutSeconds_ = 20;
  std::uint32_t retryAfter_ = 60;
  regua::mail::Sender from_;
  std::unique_ptr<Poco::Net::SMTPClientSession> session_;
  bool reused_ = false;  // the session in use was opened for an earlier message
};

}  // namespace

REGUA_PLUGIN(SmtpChannel, "br.regua.smtp", "1.0.0", "Entrega e-mails por SMTP (simples, STARTTLS ou SSL)")
