// Part of the SDK's message helpers (<regua/messages/...>), header-only like the rest of
// the SDK; they need kainjow/mustache (Debian: libkainjow-mustache-dev).
//
// Mustache template files as Régua's plugins use them: read from the office's templates
// directory, compiled once and kept, rendered strictly enough that `regua policy check`
// catches a variable the data does not have before a client sees a blank.
#pragma once

#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <stdexcept>
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

// ------------------------------------------------------------------ definitions

namespace internal {

// A context that records every name a template asks for and the data lacks.
class StrictContext : public kainjow::mustache::context<std::string> {
 public:
  explicit StrictContext(const Data* data) : context(data) {}
  const Data* get(const std::string& name) const override {
    const Data* found = context::get(name);
    if (found == nullptr) unknown.push_back(name);
    return found;
  }
  mutable std::vector<std::string> unknown;
};

inline std::string plain(const std::string& text) { return text; }  // subjects and text bodies are not HTML

}  // namespace internal

inline bool TemplateFiles::exists(const std::string& file) const {
  return std::filesystem::exists(std::filesystem::path(dir_) / file);
}

inline TemplateFiles::Compiled* TemplateFiles::compiled(const std::string& file, bool html) {
  const std::string key = (html ? "h:" : "t:") + file;
  auto it = cache_.find(key);
  if (it != cache_.end()) return it->second.get();
  const auto path = std::filesystem::path(dir_) / file;
  std::unique_ptr<Compiled> tmpl;
  std::ifstream in(path);
  if (in) {
    std::stringstream text;
    text << in.rdbuf();
    tmpl = std::make_unique<Compiled>(text.str());
    if (!tmpl->is_valid()) throw std::runtime_error(path.string() + ": " + tmpl->error_message());
    if (!html) tmpl->set_custom_escape(&internal::plain);
  }
  return cache_.emplace(key, std::move(tmpl)).first->second.get();
}

inline std::optional<std::string> TemplateFiles::renderIfExists(const std::string& file, const Data& data, bool html) {
  Compiled* t = compiled(file, html);
  if (t == nullptr) return std::nullopt;
  return t->render(data);
}

inline std::string TemplateFiles::render(const std::string& file, const Data& data, bool html) {
  auto out = renderIfExists(file, data, html);
  if (!out) throw std::runtime_error("falta o modelo " + (std::filesystem::path(dir_) / file).string());
  return *out;
}

inline std::vector<std::string> TemplateFiles::check(const std::string& file, const Data& sample, bool html) {
  std::vector<std::string> problems;
  try {
    Compiled* t = compiled(file, html);
    if (t == nullptr) return problems;
    internal::StrictContext context(&sample);
    t->render(context);
    for (const auto& unknown : context.unknown) problems.push_back(file + ": variável desconhecida '" + unknown + "'");
  } catch (const std::exception& e) {
    problems.push_back(e.what());
  }
  return problems;
}

inline std::string templatesDir(const Host& host, std::string_view key) {
  std::string dir(host.configOr(key, "templates"));
  const std::string base(host.configOr("@config_dir", ""));
  return dir.empty() || dir[0] == '/' || base.empty() ? dir : base + "/" + dir;
}

}  // namespace regua::templates
