// The REST API's contract (src/http/openapi.yaml, OpenAPI 3.1), as GET
// /api/v1/openapi.json serves it.
#pragma once

#include <string>

namespace regua::http {

// The document as JSON, converted once from the YAML built into the binary.
const std::string& openApiJson();

}  // namespace regua::http
