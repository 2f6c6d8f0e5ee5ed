// The webhook channel (sms and whatsapp): POSTs each message as JSON to the provider's URL
//   {"delivery_id", "channel", "to", "to_name", "subject", "text"}
// with the configured headers (a token, usually). 2xx: delivered (the provider's id
// from the answer's "id", when it sends one). 5xx, 408, 429 or a time-out: try again
// later (the host retries with backoff, or after the provider's Retry-After). 401, 403,
// 404, 405 or an untrusted certificate: our token or URL is wrong — regua::ConfigError,
// so the host disables the channel instead of blaming each client's number. Any other
// 4xx: regua::Refused — the number is refused on this channel, not retried.
// The delivery id goes in an Idempotency-Key header, so a provider that honours it
// never sends a retried message twice.
//
// regua.yaml:
//   connectors:
//     - name: webhook
//       config:
//         url: https://api.provedor.com.br/v1/mensagens
//         headers: {Authorization: Bearer ...}
//         ca_file: /etc/regua/ca.pem   # optional: a private CA (connectors/tls)
//         timeout_seconds: 10
//         retry_after_seconds: 60
#include <memory>
#include <sstream>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>

#include <regua/plugin.hpp>
#include <regua/utf8.hpp>

#include "tls_client.hpp"

namespace {

class Webhook {
 public:
  static constexpr const char* kChannelNames[] = {"sms", "whatsapp", nullptr};

  explicit Webhook(regua::Host host) : host_(host) {
    try {
      uri_ = Poco::URI(std::string(host.requireConfig("url")));
    } catch (const Poco::Exception& e) {
      throw regua::ConfigError("url inválida: " + e.displayText());
    }
    if (uri_.getScheme() != "http" && uri_.getScheme() != "https") {
      throw regua::ConfigError("url deve começar com http:// ou https://, veio '" + uri_.toString() + "'");
    }
    const std::string timeout(host.configOr("timeout_seconds", "10")), retry(host.configOr("retry_after_seconds", "60"));
    try {
      timeoutSeconds_ = std::stoi(timeout);
      retryAfter_ = static_cast<std::uint32_t>(std::stoul(retry));
    } catch (const std::exception&) {
      throw regua::ConfigError("timeout_seconds e retry_after_seconds são números (veio '" + timeout + "', '" + retry + "')");
    }
    if (uri_.getScheme() == "https") tls_ = regua::tls::clientContext(host, uri_.getHost());
    // The provider's headers (the usual authentication ones).
    for (const char* name : {"Authorization", "X-Api-Key", "X-Token", "Api-Key"}) {
      if (auto value = host.config(std::string("headers.") + name)) headers_.emplace_back(name, std::string(*value));
    }
  }

  regua::Delivery send(const regua::Message& m) {
    Poco::JSON::Object body(Poco::JSON_PRESERVE_KEY_ORDER);
    body.set("delivery_id", std::string(regua::view(m.delivery_id)));
    body.set("channel", std::string(regua::view(m.channel)));
    body.set("to", std::string(regua::view(m.to)));
    body.set("to_name", std::string(regua::view(m.to_name)));
    body.set("subject", std::string(regua::view(m.subject)));
    body.set("text", std::string(regua::view(m.text)));
    std::ostringstream json;
    body.stringify(json);
    const std::string payload = json.str();

    std::unique_ptr<Poco::Net::HTTPClientSession> session;
    if (uri_.getScheme() == "https") {
      session = std::make_unique<Poco::Net::HTTPSClientSession>(uri_.getHost(), uri_.getPort(), tls_);
    } else {
      session = std::make_unique<Poco::Net::HTTPClientSession>(uri_.getHost(), uri_.getPort());
    }
    session->setTimeout(Poco::Timespan(timeoutSeconds_, 0));
    Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_POST, uri_.getPathAndQuery(),
                                   Poco::Net::HTTPMessage::HTTP_1_1);
    request.setContentType("application/json; charset=utf-8");
    request.setContentLength(static_cast<std::streamsize>(payload.size()));
    request.set("Idempotency-Key", std::string(regua::view(m.delivery_id)));
    for (const auto& [name, value] : headers_) request.set(name, value);
    Poco::Net::HTTPResponse response;
    std::string answer;
    try {
      session->sendRequest(request) << payload;
      Poco::StreamCopier::copyToString(session->receiveResponse(response), answer);
    } catch (const Poco::Exception& e) {
      if (regua::tls::isCertificateRefused(e)) {
        throw regua::ConfigError(regua::tls::certificateRefusedMessage(uri_.getHost(), e));
      }
      throw regua::RetryLater("provedor " + uri_.getHost() + " não respondeu (" + e.displayText() + ")", retryAfter_);
    }
    const int status = response.getStatus();
    if (status >= 500 || status == 408 || status == 429) {
      throw regua::RetryLater("provedor " + uri_.getHost() + " respondeu " + std::to_string(status) + "; tento de novo",
                              retryAfterOf(response));
    }
    if (status == 401 || status == 403 || status == 404 || status == 405) {
      throw regua::ConfigError("provedor " + uri_.getHost() + " recusou a url ou as credenciais (" +
                               std::to_string(status) + "): " + std::string(regua::utf8::prefix(answer, 200)) +
                               "; confira url e headers do webhook em regua.yaml");
    }
    if (status >= 400) {
      throw regua::Refused("provedor " + uri_.getHost() + " recusou (" + std::to_string(status) +
                           "): " + std::string(regua::utf8::prefix(answer, 200)));
    }
    std::string id;
    try {
      auto parsed = Poco::JSON::Parser().parse(answer).extract<Poco::JSON::Object::Ptr>();
      if (parsed && parsed->has("id")) id = parsed->getValue<std::string>("id");
    } catch (const Poco::Exception&) {  // an answer without JSON is still a delivery
    }
    return {id.empty() ? "http-" + std::to_string(status) : id};
  }

 private:
  // The provider's Retry-After in seconds, when it sent one; ours otherwise.
  std::uint32_t retryAfterOf(const Poco::Net::HTTPResponse& response) const {
    try {
      if (response.has("Retry-After")) return static_cast<std::uint32_t>(std::stoul(response.get("Retry-After")));
    } catch (const std::exception&) {  // an HTTP date: our own delay will do
    }
    return retryAfter_;
  }

  regua::Host host_;
  Poco::URI uri_;
  Poco::Net::Context::Ptr tls_;  // https only
  int timeoutSeconds_ = 10;
  std::uint32_t retryAfter_ = 60;
  std::vector<std::pair<std::string, std::string>> headers_;
};

}  // namespace

REGUA_PLUGIN(Webhook, "br.regua.webhook", "1.0.0", "Entrega SMS e WhatsApp por um webhook HTTP(S) com JSON")
