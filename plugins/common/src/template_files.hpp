// Mustache template files (kainjow/mustache) as the first-party plugins use them: read
// from the office's templates directory, compiled once and kept, rendered strictly
// enough that `regua policy check` catches a variable the data does not have before a
// client sees a blank. Shared by the reminders and tasks plugins.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include <kainjow/mustache.hpp>

#include <regua/plugin.hpp>

namespace regua::templates {

using Data = kainjow::mustache::data;

class TemplateFiles {
 public:
  explicit TemplateFiles(std::string dir) : dir_(std::move(dir)) {}
  const std::string& dir() const { return dir_; }
  bool exists(const std::string& file) const;
  // Renders `file`; HTML-escapes values only when `html`. Throws std::runtime_error
  // naming the file when it is missing or broken.
  std::string render(const std::string& file, const Data& data, bool html = false);
  // The same, or nothing when the file does not exist.
  std::optional<std::string> renderIfExists(const std::string& file, const Data& data, bool html = false);
  // Problems with `file` rendered with `sample`: its syntax error, or every variable it
  // asks for that the data lacks. Empty when fine or when the file does not exist.
  std::vector<std::string> check(const std::string& file, const Data& sample, bool html = false);

 private:
  using Compiled = kainjow::mustache::mustache;
  // The compiled file, or null when it does not exist. Throws on a syntax error.
  Compiled* compiled(const std::string& file, bool html);

  std::string dir_;
  std::map<std::string, std::unique_ptr<Compiled>> cache_;  // file -> template (null: absent)
};

// The templates directory a plugin's config names under `key` (default "templates"),
// relative to regua.yaml's directory.
std::string templatesDir(const Host& host, std::string_view key = "templates_dir");

// Mustache treats any string, even an empty one, as true: absent values are false.
inline Data optional(const std::string& text) { return text.empty() ? Data(Data::type::bool_false) : Data(text); }
inline Data flag(bool value) { return value ? Data(Data::type::bool_true) : Data(Data::type::bool_false); }

}  // namespace regua::templates
