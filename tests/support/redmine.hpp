// The throwaway Redmine the test script starts (scripts/redmine-test-server): its URL and
// admin API key come from REGUA_TEST_REDMINE_URL / REGUA_TEST_REDMINE_KEY. Without them
// the tests fail instead of skipping, so a missing server never passes for a green
// suite. Each test makes its own project and users over REST, so tests do not see each
// other's issues.
#pragma once

#include <cstdlib>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>

namespace regua::testing {

class Redmine {
 public:
  Redmine() {
    const char* url = std::getenv("REGUA_TEST_REDMINE_URL");
    const char* key = std::getenv("REGUA_TEST_REDMINE_KEY");
    if (url == nullptr || key == nullptr || *url == '\0' || *key == '\0') {
      throw std::runtime_error("REGUA_TEST_REDMINE_URL/KEY não definidas: rode scripts/test, que sobe um Redmine "
                               "descartável (scripts/redmine-test-server)");
    }
    url_ = url;
    key_ = key;
    static std::mt19937_64 random{std::random_device{}()};
    suffix_ = std::to_string(random() % 100000000ULL);
  }
  const std::string& url() const { return url_; }
  const std::string& key() const { return key_; }
  // A name unique to this test ("ana" -> "ana12345678").
  std::string unique(const std::string& name) const { return name + suffix_; }

  struct Reply {
    int status = 0;
    Poco::JSON::Object::Ptr body;
  };
  Reply call(const std::string& method, const std::string& path, const std::string& json = "") const {
    Poco::URI uri(url_);
    Poco::Net::HTTPClientSession session(uri.getHost(), uri.getPort());
    Poco::Net::HTTPRequest request(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
    request.set("X-Redmine-API-Key", key_);
    if (!json.empty()) {
      request.setContentType("application/json");
      request.setContentLength(static_cast<std::streamsize>(json.size()));
    }
    session.sendRequest(request) << json;
    Poco::Net::HTTPResponse response;
    std::string body;
    Poco::StreamCopier::copyToString(session.receiveResponse(response), body);
    Reply r{response.getStatus(), nullptr};
    if (!body.empty() && body.front() == '{') r.body = Poco::JSON::Parser().parse(body).extract<Poco::JSON::Object::Ptr>();
    if (r.status >= 400) throw std::runtime_error(method + " " + path + ": " + std::to_string(r.status) + " " + body);
    return r;
  }

  int idOf(const std::string& what, const std::string& name) const {
    const auto list = call("GET", "/" + what + ".json").body->getArray(what);
    for (std::size_t i = 0; i < list->size(); ++i) {
      if (list->getObject(static_cast<unsigned>(i))->getValue<std::string>("name") == name) {
        return list->getObject(static_cast<unsigned>(i))->getValue<int>("id");
      }
    }
    throw std::runtime_error(what + ": '" + name + "' não existe no Redmine de teste");
  }

  // A project with every tracker; returns its identifier.
  std::string createProject(bool isPublic = true) const {
    const std::string id = unique("cobrancas");
    call("POST", "/projects.json",
         R"({"project":{"name":")" + id + R"(","identifier":")" + id + R"(","is_public":)" +
             (isPublic ? "true" : "false") + R"(,"tracker_ids":[1,2,3,)" + std::to_string(idOf("trackers", "Cobrança")) +
             "]}}");
    return id;
  }
  // A user (login unique to the test); returns its id, and its API key in *apiKey.
  int createUser(const std::string& login, std::string* apiKey = nullptr) const {
    const auto reply = call("POST", "/users.json",
                            R"({"user":{"login":")" + login + R"(","firstname":")" + login +
                                R"(","lastname":"Teste","mail":")" + login + R"(@escritorio.test","password":"senha-segura-123"}})");
    if (apiKey != nullptr) *apiKey = reply.body->getObject("user")->optValue<std::string>("api_key", "");
    return reply.body->getObject("user")->getValue<int>("id");
  }
  void addMember(const std::string& project, int userId) const {
    call("POST", "/projects/" + project + "/memberships.json",
         R"({"membership":{"user_id":)" + std::to_string(userId) + R"(,"role_ids":[)" +
             std::to_string(idOf("roles", "Manager")) + "]}}");
  }
  // Every issue of the project, open or closed.
  Poco::JSON::Array::Ptr issues(const std::string& project) const {
    return call("GET", "/issues.json?project_id=" + project + "&status_id=*&limit=100").body->getArray("issues");
  }
  Poco::JSON::Object::Ptr issue(int id) const {
    return call("GET", "/issues/" + std::to_string(id) + ".json?include=journals").body->getObject("issue");
  }
  // The value of the custom field named `name` on `issue`.
  static std::string field(const Poco::JSON::Object::Ptr& issue, const std::string& name) {
    const auto fields = issue->getArray("custom_fields");
    for (std::size_t i = 0; fields && i < fields->size(); ++i) {
      const auto f = fields->getObject(static_cast<unsigned>(i));
      if (f->getValue<std::string>("name") == name) return f->optValue<std::string>("value", "");
    }
    return "";
  }
  static std::string journals(const Poco::JSON::Object::Ptr& issue) {
    std::string out;
    const auto list = issue->getArray("journals");
    for (std::size_t i = 0; list && i < list->size(); ++i) {
      out += list->getObject(static_cast<unsigned>(i))->optValue<std::string>("notes", "") + "\n";
    }
    return out;
  }

 private:
  std::string url_, key_, suffix_;
};

inline const std::string kTasksPlugin = "  - path: " REGUA_PLUGIN_DIR "/regua_tasks.so\n    config:\n      templates_dir: "
                                 REGUA_SOURCE_DIR "/config/templates\n";

struct RedmineAccess {
  std::string url, key, anaLogin;
};

inline std::string redmineConnector(const Redmine& rm, const std::string& project, const RedmineAccess& s) {
  return "  - path: " REGUA_PLUGIN_DIR "/regua_redmine.so\n    config:\n"
         "      url: " + s.url + "\n      api_key: " + s.key + "\n      project: " + project +
         "\n      tracker: Cobrança\n      client_field: Cliente (CPF/CNPJ)\n      type_field: Tipo de tarefa\n"
         "      timeout_seconds: 5\n      assignees:\n        ana@escritorio.com.br: " + s.anaLogin +
         "\n      default_assignee: " + rm.unique("bia") + "\n";
}

// The project's issue for the client with this CPF/CNPJ (digits), or null.
inline Poco::JSON::Object::Ptr issueFor(const Redmine& rm, const std::string& project, const std::string& document,
                                 int* count = nullptr) {
  const auto issues = rm.issues(project);
  Poco::JSON::Object::Ptr found;
  int n = 0;
  for (std::size_t i = 0; i < issues->size(); ++i) {
    const auto issue = issues->getObject(static_cast<unsigned>(i));
    if (Redmine::field(issue, "Cliente (CPF/CNPJ)") == document) {
      ++n;
      found = rm.issue(issue->getValue<int>("id"));
    }
  }
  if (count != nullptr) *count = n;
  return found;
}

}  // namespace regua::testing
