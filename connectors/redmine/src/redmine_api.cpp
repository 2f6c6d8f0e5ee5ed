#include "redmine_api.hpp"

#include <sstream>

#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/StreamCopier.h>

#include <regua/plugin.hpp>

#include "tls_client.hpp"

namespace regua::redmine {

Api::Api(const std::string& url, std::string apiKey, int timeoutSeconds, const regua::Host& host)
    : apiKey_(std::move(apiKey)), timeoutSeconds_(timeoutSeconds) {
  try {
    uri_ = Poco::URI(url);
  } catch (const Poco::Exception& e) {
    throw ConfigError("url: '" + url + "' inválida (" + e.displayText() + ")");
  }
  if (uri_.getScheme() != "http" && uri_.getScheme() != "https") {
    throw ConfigError("url: '" + url + "' não é http:// nem https://");
  }
  if (uri_.getScheme() == "https") tls_ = tls::clientContext(host, uri_.getHost());
  base_ = uri_.getPath();
  while (!base_.empty() && base_.back() == '/') base_.pop_back();
}

Poco::Net::HTTPClientSession& Api::session() {
  if (!session_) {
    if (uri_.getScheme() == "https") {
      session_ = std::make_unique<Poco::Net::HTTPSClientSession>(uri_.getHost(), uri_.getPort(), tls_);
    } else {
      session_ = std::make_unique<Poco::Net::HTTPClientSession>(uri_.getHost(), uri_.getPort());
    }
    session_->setTimeout(Poco::Timespan(timeoutSeconds_, 0));
    session_->setKeepAlive(true);
  }
  return *session_;
}

Response Api::call(const std::string& method, const std::string& path, const Poco::JSON::Object* body) {
  std::string payload;
  if (body != nullptr) {
    std::ostringstream json;
    body->stringify(json);
    payload = json.str();
  }
  Poco::Net::HTTPRequest request(method, base_ + path, Poco::Net::HTTPMessage::HTTP_1_1);
  request.set("X-Redmine-API-Key", apiKey_);
  request.setKeepAlive(true);
  if (body != nullptr) {
    request.setContentType("application/json; charset=utf-8");
    request.setContentLength(static_cast<std::streamsize>(payload.size()));
  }
  Poco::Net::HTTPResponse response;
  std::string answer;
  try {
    auto& s = session();
    s.sendRequest(request) << payload;
    Poco::StreamCopier::copyToString(s.receiveResponse(response), answer);
  } catch (const Poco::Exception& e) {
    session_.reset();  // a broken connection is not reused
    if (tls::isCertificateRefused(e)) throw ConfigError(tls::certificateRefusedMessage(uri_.getAuthority(), e));
    throw RetryLater("Redmine em " + uri_.getAuthority() + " não respondeu (" + e.displayText() + ")");
  }
  Response out;
  out.status = response.getStatus();
  if (!answer.empty() && answer.front() == '{') {
    try {
      out.body = Poco::JSON::Parser().parse(answer).extract<Poco::JSON::Object::Ptr>();
    } catch (const Poco::Exception&) {  // not JSON: the status says enough
    }
  }
  if (out.status >= 500) {
    session_.reset();
    throw RetryLater("Redmine em " + uri_.getAuthority() + " respondeu " + std::to_string(out.status));
  }
  if (out.status == 401 || out.status == 403) {
    throw ConfigError("o Redmine em " + uri_.getAuthority() + " recusou a chave da API (" +
                      std::to_string(out.status) + " em " + method + " " + path.substr(0, path.find('?')) +
                      "); confira api_key em regua.yaml e se a API REST está ligada");
  }
  if (out.status >= 400 && out.status != 404) {
    std::string errors;
    if (out.body && out.body->has("errors")) {
      const auto list = out.body->getArray("errors");
      for (std::size_t i = 0; list && i < list->size(); ++i) {
        errors += (errors.empty() ? "" : "; ") + list->getElement<std::string>(static_cast<unsigned>(i));
      }
    }
    throw RedmineRefused(out.status, "o Redmine recusou (" + std::to_string(out.status) + " em " + method + " " +
                                         path.substr(0, path.find('?')) + ")" + (errors.empty() ? "" : ": " + errors));
  }
  return out;
}

std::string encode(const std::string& value) {
  std::string encoded;
  Poco::URI::encode(value, "&=+?#/ ", encoded);
  return encoded;
}

std::string query(std::initializer_list<std::pair<std::string, std::string>> params) {
  std::string out;
  for (const auto& [key, value] : params) out += (out.empty() ? "?" : "&") + key + "=" + encode(value);
  return out;
}

}  // namespace regua::redmine
