#include "config/diagnostics.hpp"

namespace regua::config {

std::string Diagnostic::toString() const {
  std::string out = file.string();
  if (line > 0) out += ":" + std::to_string(line) + ":" + std::to_string(column);
  return out + ": " + message;
}

static std::string joinLines(const std::vector<Diagnostic>& diagnostics) {
  std::string out;
  for (const auto& d : diagnostics) {
    if (!out.empty()) out += '\n';
    out += d.toString();
  }
  return out;
}

ConfigError::ConfigError(std::vector<Diagnostic> diagnostics)
    : std::runtime_error(joinLines(diagnostics)), diagnostics_(std::move(diagnostics)) {}

}  // namespace regua::config
