#include "http/router.hpp"

#include <algorithm>

namespace regua::http {

namespace {

std::vector<std::string> splitPath(const std::string& path) {
  std::vector<std::string> parts;
  for (std::size_t start = 1; start <= path.size();) {
    auto end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    parts.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return parts;
}

bool isParameter(const std::string& segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

}  // namespace

Route& Router::add(std::string method, std::string pattern, Access access, Route::Handler handler) {
  auto route = std::make_unique<Route>();
  route->segments = splitPath(pattern);
  route->method = std::move(method);
  route->pattern = std::move(pattern);
  route->access = access;
  route->handler = std::move(handler);
  routes_.push_back(std::move(route));
  return *routes_.back();
}

Router::Match Router::match(const std::string& method, const std::string& path) const {
  Match result;
  const auto parts = splitPath(path);
  for (const auto& route : routes_) {
    if (route->segments.size() != parts.size()) continue;
    std::map<std::string, std::string> params;
    bool same = true;
    for (std::size_t i = 0; i < parts.size() && same; ++i) {
      const auto& segment = route->segments[i];
      if (isParameter(segment) && !parts[i].empty()) {
        params[segment.substr(1, segment.size() - 2)] = parts[i];
      } else {
        same = segment == parts[i];
      }
    }
    if (!same) continue;
    const bool headAsGet = method == "HEAD" && route->method == "GET";
    if (route->method == method || headAsGet) {
      result.route = route.get();
      result.params = std::move(params);
      return result;
    }
    if (std::find(result.allowedMethods.begin(), result.allowedMethods.end(), route->method) ==
        result.allowedMethods.end()) {
      result.allowedMethods.push_back(route->method);
    }
  }
  return result;
}

}  // namespace regua::http
