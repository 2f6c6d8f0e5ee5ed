// What every HTML page of the host shares: the Mustache templates built into the binary,
// the security headers, form and cookie reading, and the static assets.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include <kainjow/mustache.hpp>

#include "http/http_server.hpp"

namespace regua::http {

using PageData = kainjow::mustache::data;
using PageList = kainjow::mustache::list;

// A page: never cached, never framed, no referrer sent on, nothing loaded from elsewhere.
Response htmlPage(int status, const std::string& body);
void guardPage(Response& response);
// The template `name` (src/http/pages/) rendered with `view`.
std::string renderPage(std::string_view name, const PageData& view);
// 303 See Other to `location` (after a form: reloading does not post it again).
Response redirectTo(const std::string& location);
std::string percentEncoded(const std::string& text);

// A form body (application/x-www-form-urlencoded), decoded; nothing when it is not one,
// has more than `maxFields` fields, or a field longer than `maxValue` bytes.
std::optional<std::map<std::string, std::string>> parseForm(const std::string& body, std::size_t maxFields = 12,
                                                            std::size_t maxValue = 4000);
// The cookie `name` sent with the request; "" when absent.
std::string cookieValue(const Request& request, std::string_view name);

// A file of src/http/pages/ as a cacheable asset.
Response pageAsset(std::string_view name, const std::string& contentType);

}  // namespace regua::http
