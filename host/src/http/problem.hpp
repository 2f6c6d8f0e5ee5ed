// Errors as RFC 9457 problem details (application/problem+json): what went wrong for
// people (`detail`, pt-BR) and, for a refused request body, every field that is wrong as
// a JSON Pointer into it (`/receivables/3/due_date`).
#pragma once

#include <string>
#include <vector>

#include "http/http_server.hpp"

namespace regua::http {

struct FieldProblem {
  std::string pointer;  // JSON Pointer into the request body; "" for the whole body
  std::string detail;   // pt-BR
};

// `kind` names the problem type (e.g. "validacao"); empty for a plain HTTP status.
Response problem(int status, const std::string& detail, const std::string& kind = "",
                 const std::vector<FieldProblem>& errors = {});

// The reason phrase of `status` in pt-BR, the problem's `title`.
std::string statusTitle(int status);

}  // namespace regua::http
