// A small client for Redmine's REST API (JSON over HTTP(S), X-Redmine-API-Key): one
// kept-alive connection, and Redmine's answers turned into what the host understands —
// down or 5xx: regua::RetryLater; 401/403: regua::ConfigError (the key is wrong; the
// host disables the sink); 422: RedmineRefused with Redmine's own error list.
#pragma once

#include <memory>
#include <stdexcept>
#include <string>

#include <Poco/JSON/Object.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/URI.h>

#include <regua/plugin.hpp>

namespace regua::redmine {

// Redmine refused the request itself (422 and other 4xx): the task, not the server.
class RedmineRefused : public std::runtime_error {
 public:
  RedmineRefused(int status, const std::string& what) : std::runtime_error(what), status_(status) {}
  int status() const { return status_; }

 private:
  int status_;
};

struct Response {
  int status = 0;
  Poco::JSON::Object::Ptr body;  // null for an empty or non-JSON body
};

class Api {
 public:
  // `host`: the connector's config section, for the TLS settings of an https URL
  // (connectors/tls).
  Api(const std::string& url, std::string apiKey, int timeoutSeconds, const regua::Host& host);
  Response get(const std::string& pathAndQuery) { return call("GET", pathAndQuery, nullptr); }
  Response post(const std::string& path, const Poco::JSON::Object& body) { return call("POST", path, &body); }
  Response put(const std::string& path, const Poco::JSON::Object& body) { return call("PUT", path, &body); }
  const std::string& host() const { return uri_.getHost(); }

 private:
  Response call(const std::string& method, const std::string& path, const Poco::JSON::Object* body);
  Poco::Net::HTTPClientSession& session();

  Poco::URI uri_;
  std::string base_;  // the URL's path without a trailing slash ("" or "/redmine")
  std::string apiKey_;
  int timeoutSeconds_;
  Poco::Net::Context::Ptr tls_;
  std::unique_ptr<Poco::Net::HTTPClientSession> session_;
};

// A query-string value, URL-encoded.
std::string encode(const std::string& value);
// "?a=1&b=x%20y" from pairs, values URL-encoded.
std::string query(std::initializer_list<std::pair<std::string, std::string>> params);

}  // namespace regua::redmine
