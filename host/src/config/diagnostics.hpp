// Errors found in a user's file, each with where it is and what to do.
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

namespace regua::config {

// One problem at file:line:column (1-based; 0 when unknown).
struct Diagnostic {
  std::filesystem::path file;
  int line = 0;
  int column = 0;
  std::string message;

  std::string toString() const;  // "config/regua.yaml:3:7: message"
};

// A file that could not be used. what() lists every diagnostic, one per line.
class ConfigError : public std::runtime_error {
 public:
  explicit ConfigError(std::vector<Diagnostic> diagnostics);
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }

 private:
  std::vector<Diagnostic> diagnostics_;
};

}  // namespace regua::config
