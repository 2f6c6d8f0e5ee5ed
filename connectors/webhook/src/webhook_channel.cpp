// The webhook channel (sms and whatsapp): POSTs each message as JSON to the provider's URL
//   {"delivery_id", "channel", "to", "to_name", "subject", "text"}
// with the configured headers (a token, usually). 2xx: delivered (the provider's id
// from the answer's "id", when it sends one). 5xx or a time-out: try again later (the
// host retries with backoff). 4xx: refused, not retried — the request itself is wrong.
// The delivery id goes in an Idempotency-Key header, so a provider that honours it
// never sends a retried message twice.
//
// regua.yaml:
//   connectors:
//     - name: webhook
//       config:
//         url: https://api.provedor.com.br/v1/mensagens
//         headers: {Authorization: Bearer ...}
//         timeout_seconds: 10
//         retry_after_seconds: 60
#include <memory>
#include <sstream>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>

#include <regua/plugin.hpp>

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
    timeoutSeconds_ = std::stoi(std::string(host.configOr("timeout_seconds", "10")));
    retryAfter_ = static_cast<std::uint32_t>(std::stoul(std::string(host.configOr("retry_after_seconds", "60"))));
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
      session = std::make_unique<Poco::Net::HTTPSClientSession>(
          uri_.getHost(), uri_.getPort(),
          Poco::Net::Context::Ptr(new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "")));
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
      throw regua::RetryLater("provedor " + uri_.getHost() + " não respondeu (" + e.displayText() + ")", retryAfter_);
    }
    const int status = response.getStatus();
    if (status >= 500) {
      throw regua::RetryLater("provedor " + uri_.getHost() + " respondeu " + std::to_string(status) + "; tento de novo",
                              retryAfter_);
    }
    if (status >= 400) {
      throw std::runtime_error("provedor " + uri_.getHost() + " recusou (" + std::to_string(status) +
                               "): " + answer.substr(0, 200));
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
  regua::Host host_;
  Poco::URI uri_;
  int timeoutSeconds_ = 10;
  std::uint32_t retryAfter_ = 60;
  std::vector<std::pair<std::string, std::string>> headers_;
};

}  // namespace

REGUA_PLUGIN(Webhook, "br.regua.webhook", "1.0.0", "Entrega SMS e WhatsApp por um webhook HTTP(S) com JSON")
