// The REST API's routes, one file per subject; HostApplication adds them all.
#pragma once

#include <optional>
#include <string>

#include <Poco/JSON/Object.h>

#include "http/api_context.hpp"
#include "http/router.hpp"

namespace regua::http {

// POST /api/v1/clients, /receivables, /payments: batch upserts through the same checks
// and commit as `regua sync` (services::SourceSync::push).
void addRecordRoutes(Router& router, ApiContext& api);

// The query parameter `name` of the request, decoded; nothing when absent.
std::optional<std::string> queryParam(const Request& request, const std::string& name);

// A JSON body from a Poco object.
Response jsonResponse(int status, const Poco::JSON::Object& body);

}  // namespace regua::http
