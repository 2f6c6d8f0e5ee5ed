// The route table: method + path pattern ("/api/v1/clients/{id}") -> handler, who may
// call it, and how many times it was called. Patterns are what the request log names,
// never the path itself (a path may hold a CPF).
#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "http/http_server.hpp"

namespace regua::http {

// What a route needs from the caller's key (see roles in api_keys.hpp).
// kUpsert: admin, integracao. kOperate (promises, agreements): admin, operador.
// kRecordPayment: admin, operador, integracao. kAdmin: admin only.
enum class Access { kPublic, kRead, kUpsert, kOperate, kRecordPayment, kAdmin };

// One request as a handler sees it.
struct Call {
  const Request& request;
  std::map<std::string, std::string> params;  // the pattern's {names}, percent-decoded
  std::string keyName;                        // the API key's name; "" on a public route
};

struct Route {
  using Handler = std::function<Response(const Call&)>;
  std::string method, pattern;
  Access access = Access::kRead;
  bool answersInline = false;  // cheap: served on the event loop (see Application)
  Handler handler;
  std::vector<std::string> segments;
  mutable std::atomic<std::uint64_t> calls{0}, failures{0};  // failures: status >= 400
};

class Router {
 public:
  Route& add(std::string method, std::string pattern, Access access, Route::Handler handler);

  struct Match {
    const Route* route = nullptr;               // nothing: no route for this method and path
    std::map<std::string, std::string> params;
    std::vector<std::string> allowedMethods;    // the path exists with these methods (405)
  };
  Match match(const std::string& method, const std::string& path) const;
  const std::vector<std::unique_ptr<Route>>& routes() const { return routes_; }

 private:
  std::vector<std::unique_ptr<Route>> routes_;
};

}  // namespace regua::http
