#include "http/page_kit.hpp"

#include <Poco/Exception.h>
#include <Poco/URI.h>

#include "http/page_files.hpp"

namespace regua::http {

void guardPage(Response& response) {
  response.headers.emplace_back("Cache-Control", "no-store");
  response.headers.emplace_back("Referrer-Policy", "no-referrer");
  response.headers.emplace_back("X-Content-Type-Options", "nosniff");
  response.headers.emplace_back("Content-Security-Policy",
                                "default-src 'none'; style-src 'self'; img-src 'self'; script-src 'self'; "
                                "base-uri 'none'; form-action 'self'; frame-ancestors 'none'");
}

Response htmlPage(int status, const std::string& body) {
  Response response;
  response.status = status;
  response.contentType = "text/html; charset=utf-8";
  response.body = body;
  guardPage(response);
  return response;
}

std::string renderPage(std::string_view name, const PageData& view) {
  kainjow::mustache::mustache page{std::string(pageFile(name))};
  return page.render(view);
}

Response redirectTo(const std::string& location) {
  Response response = htmlPage(303, "");
  response.headers.emplace_back("Location", location);
  return response;
}

std::string percentEncoded(const std::string& text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::optional<std::map<std::string, std::string>> parseForm(const std::string& body, std::size_t maxFields,
                                                            std::size_t maxValue) {
  std::map<std::string, std::string> fields;
  try {
    const auto pairs = Poco::URI("?" + body).getQueryParameters();
    if (pairs.size() > maxFields) return std::nullopt;
    for (const auto& [name, value] : pairs) {
      if (value.size() > maxValue || name.size() > 64) return std::nullopt;
      fields[name] = value;
    }
  } catch (const Poco::Exception&) {  // a broken %-escape
    return std::nullopt;
  }
  return fields;
}

std::string cookieValue(const Request& request, std::string_view name) {
  const std::string header = request.header("Cookie");
  for (std::size_t start = 0; start < header.size();) {
    auto end = header.find(';', start);
    if (end == std::string::npos) end = header.size();
    std::string_view pair(header.data() + start, end - start);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    if (pair.size() > name.size() && pair.substr(0, name.size()) == name && pair[name.size()] == '=') {
      return std::string(pair.substr(name.size() + 1));
    }
    start = end + 1;
  }
  return "";
}

Response pageAsset(std::string_view name, const std::string& contentType) {
  Response response;
  response.contentType = contentType;
  response.body = std::string(pageFile(name));
  response.headers.emplace_back("Cache-Control", "public, max-age=3600");
  response.headers.emplace_back("X-Content-Type-Options", "nosniff");
  return response;
}

}  // namespace regua::http
