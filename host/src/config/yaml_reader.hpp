// Reads one YAML file and checks its shape, collecting every problem with its
// file:line:column instead of stopping at the first. Shared by every YAML the host
// reads (regua.yaml now; policies and holidays later).
#pragma once

#include <cstdint>
#include <filesystem>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "config/diagnostics.hpp"

namespace regua::config {

class YamlReader {
 public:
  // Parses the file; a missing file or a syntax error becomes a diagnostic and the
  // root is then a null node.
  explicit YamlReader(std::filesystem::path file);

  const YAML::Node& root() const { return root_; }
  const std::filesystem::path& file() const { return file_; }

  // Reports an error at the node's position.
  void error(const YAML::Node& at, std::string message);
  void error(const YAML::Mark& at, std::string message);

  // Checks that `node` is a map whose keys are all in `allowed`; `what` names the
  // section in messages ("http"). Returns false when it is not a map.
  bool expectMap(const YAML::Node& node, std::string_view what,
                 std::initializer_list<std::string_view> allowed);
  bool expectSequence(const YAML::Node& node, std::string_view what);

  // Typed scalars under map[key]; nullopt when absent (or wrong, after reporting it).
  std::optional<std::string> string(const YAML::Node& map, std::string_view key);
  std::optional<std::int64_t> integer(const YAML::Node& map, std::string_view key,
                                      std::int64_t min, std::int64_t max);
  std::optional<bool> boolean(const YAML::Node& map, std::string_view key);

  bool ok() const { return diagnostics_.empty(); }
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }
  // Throws ConfigError with everything reported so far, if anything was.
  void throwIfErrors() const;

 private:
  std::filesystem::path file_;
  YAML::Node root_;
  std::vector<Diagnostic> diagnostics_;
};

// "a, b e c" — how the allowed keys are listed in messages.
std::string listForHumans(std::initializer_list<std::string_view> items);

}  // namespace regua::config
