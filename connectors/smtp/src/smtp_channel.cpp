// The e-mail channel over SMTP. One connection is opened on the first message and
// reused for the next ones (a dispatch sends many); a connection the server dropped is
// reopened once. Who is at fault decides the answer to the host:
//   - the server is down, times out or answers 4xx: try later (the host retries with
//     backoff);
//   - the server refuses the recipient (5xx on RCPT): regua::Refused, so the host stops
//     using that address for e-mail and the next stage falls back to another channel;
//   - the server refuses this message (5xx on DATA): a failure the host retries and
//     dead-letters, without blaming the address;
//   - the server refuses us (login, sender, no STARTTLS, an untrusted certificate):
//     regua::ConfigError — the host disables this channel with the reason until
//     regua.yaml is fixed, and the messages wait instead of burning every address.
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
//         auth: login               # login | plain (with user)
//         from: cobranca@exemplo.com.br
//         from_name: Escritório Exemplo
//         ca_file: /etc/regua/ca.pem  # optional: a private CA (connectors/tls)
//         timeout_seconds: 20
//         retry_after_seconds: 60   # how long the host waits before retrying a server that is down
#include <memory>

#include <Poco/Net/NetException.h>
#include <Poco/Net/SecureStreamSocket.h>
#include <Poco/Net/SMTPClientSession.h>

#include <regua/plugin.hpp>

#include "mail_message.hpp"
#include "tls_client.hpp"

namespace {

// STARTTLS on a socket we connected ourselves (with a timeout). Poco's
// SecureSMTPClientSession checks the certificate against the host name only when it
// opened the connection itself, without a timeout; this checks it against `host`.
class SmtpSession : public Poco::Net::SMTPClientSession {
 public:
  using SMTPClientSession::SMTPClientSession;

  bool startTls(const std::string& host, Poco::Net::Context::Ptr context) {
    std::string response;
    if (!isPositiveCompletion(sendCommand("STARTTLS", response))) return false;
    socket() = Poco::Net::SecureStreamSocket::attach(socket(), host, context);
    return true;
  }
};

// The server refused this connector's own settings: nothing will work until they change.
[[noreturn]] void refusedSettings(const std::string& what) {
  throw regua::ConfigError(what + "; corrija a seção do smtp em regua.yaml");
}

class SmtpChannel {
 public:
  static constexpr const char* kChannelNames[] = {"email", nullptr};

  explicit SmtpChannel(regua::Host host)
      : server_(host.requireConfig("host")),
        security_(host.configOr("security", "none")),
        user_(host.configOr("user", "")),
        password_(host.configOr("password", "")),
        auth_(host.configOr("auth", "login")),
        from_{std::string(host.requireConfig("from")), std::string(host.configOr("from_name", ""))} {
    if (security_ != "none" && security_ != "starttls" && security_ != "ssl") {
      throw regua::ConfigError("security deve ser none, starttls ou ssl, veio '" + security_ + "'");
    }
    if (auth_ != "login" && auth_ != "plain") {
      throw regua::ConfigError("auth deve ser login ou plain, veio '" + auth_ + "'");
    }
    if (security_ != "none") tls_ = regua::tls::clientContext(host, server_);
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
      const bool reused = session_ != nullptr;
      SmtpSession& smtp = session();
      try {
        smtp.sendMessage(message);
        return {id};
      } catch (const Poco::Net::SMTPException& e) {
        close();
        const int code = e.code();
        if (code < 500 || code >= 600) {
          throw regua::RetryLater("servidor SMTP pediu para tentar depois: " + e.message(), retryAfter_ * 5);
        }
        // Poco names the command that failed: RCPT refuses the address, MAIL the sender
        // (ours: wrong `from`, or a server that wants a login), DATA this message.
        if (e.message().rfind("Recipient rejected", 0) == 0) {
          throw regua::Refused("servidor SMTP recusou o destinatário: " + e.message());
        }
        if (e.message().rfind("Cannot send message:", 0) == 0) {  // MAIL; DATA's is "Cannot send message data"
          refusedSettings("o servidor SMTP recusou o remetente " + from_.address + " (" + e.message() +
                          "); confira from, user e password");
        }
        throw std::runtime_error("servidor SMTP recusou a mensagem: " + e.message());
      } catch (const Poco::Exception& e) {
        close();
        if (attempt == 0 && reused) continue;  // a reused connection the server dropped: reconnect once
        throw unavailable(e);
      }
    }
  }

 private:
  // The open session, connecting (and logging in) when there is none.
  SmtpSession& session() {
    if (session_) return *session_;
    try {
      open();
    } catch (const regua::ConfigError&) {
      close();
      throw;
    } catch (const Poco::Net::SMTPException& e) {
      close();
      if (e.code() >= 500 && e.code() < 600) {
        refusedSettings("o servidor SMTP " + server_ + " recusou a conexão de " + (user_.empty() ? "anônimo" : user_) +
                        " (" + e.message() + "); confira user e password");
      }
      throw regua::RetryLater("servidor SMTP pediu para tentar depois: " + e.message(), retryAfter_ * 5);
    } catch (const Poco::Exception& e) {
      close();
      if (regua::tls::isCertificateRefused(e)) refusedSettings(regua::tls::certificateRefusedMessage(server_, e));
      throw unavailable(e);
    }
    return *session_;
  }

  void open() {
    const Poco::Timespan timeout(timeoutSeconds_, 0);
    const Poco::Net::SocketAddress address(server_, port_);
    Poco::Net::StreamSocket socket;
    if (security_ == "ssl") {
      Poco::Net::SecureStreamSocket secure(tls_);
      secure.setPeerHostName(server_);
      secure.connect(address, timeout);
      socket = secure;
    } else {
      socket.connect(address, timeout);
    }
    // SMTP is a chat of short lines: without TCP_NODELAY each one waits out a delayed ACK
    // (about 40 ms a message).
    socket.setNoDelay(true);
    socket.setReceiveTimeout(timeout);
    session_ = std::make_unique<SmtpSession>(socket);
    const auto login = user_.empty()      ? Poco::Net::SMTPClientSession::AUTH_NONE
                       : auth_ == "plain" ? Poco::Net::SMTPClientSession::AUTH_PLAIN
                                          : Poco::Net::SMTPClientSession::AUTH_LOGIN;
    if (security_ == "starttls") {
      session_->login(server_);  // EHLO, to learn that STARTTLS is offered
      if (!session_->startTls(server_, tls_)) {
        refusedSettings("o servidor SMTP " + server_ + " não oferece STARTTLS; use security: ssl (porta 465) ou none");
      }
    }
    session_->login(server_, login, user_, password_);  // EHLO again (over TLS after STARTTLS) and AUTH
  }

  regua::RetryLater unavailable(const Poco::Exception& e) const {
    return regua::RetryLater("servidor SMTP " + server_ + ":" + std::to_string(port_) + " indisponível (" +
                                 e.displayText() + ")",
                             retryAfter_);
  }

  void close() {
    if (!session_) return;
    try {
      session_->close();
    } catch (...) {  // a dead connection does not need a polite goodbye
    }
    session_.reset();
  }

  std::string server_, security_, user_, password_, auth_;
  Poco::Net::Context::Ptr tls_;  // set unless security is none
  Poco::UInt16 port_ = 25;
  int timeoutSeconds_ = 20;
  std::uint32_t retryAfter_ = 60;
  regua::mail::Sender from_;
  std::unique_ptr<SmtpSession> session_;
};

}  // namespace

REGUA_PLUGIN(SmtpChannel, "br.regua.smtp", "1.0.0", "Entrega e-mails por SMTP (simples, STARTTLS ou SSL)")
