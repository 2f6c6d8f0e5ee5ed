// The pages' templates, style sheet and scripts (src/http/pages/), built into the binary
// so `regua serve` always serves the pages it was built with.
#pragma once

#include <string_view>

namespace regua::http {

// The file's text; empty when there is none by that name.
std::string_view pageFile(std::string_view name);

}  // namespace regua::http
