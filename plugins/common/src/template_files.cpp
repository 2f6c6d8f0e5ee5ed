#include "template_files.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace regua::templates {

namespace {

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

std::string plain(const std::string& text) { return text; }  // subjects and text bodies are not HTML

}  // namespace

bool TemplateFiles::exists(const std::string& file) const {
  return std::filesystem::exists(std::filesystem::path(dir_) / file);
}

TemplateFiles::Compiled* TemplateFiles::compiled(const std::string& file, bool html) {
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
    if (!html) tmpl->set_custom_escape(&plain);
  }
  return cache_.emplace(key, std::move(tmpl)).first->second.get();
}

std::optional<std::string> TemplateFiles::renderIfExists(const std::string& file, const Data& data, bool html) {
  Compiled* t = compiled(file, html);
  if (t == nullptr) return std::nullopt;
  return t->render(data);
}

std::string TemplateFiles::render(const std::string& file, const Data& data, bool html) {
  auto out = renderIfExists(file, data, html);
  if (!out) throw std::runtime_error("falta o modelo " + (std::filesystem::path(dir_) / file).string());
  return *out;
}

std::vector<std::string> TemplateFiles::check(const std::string& file, const Data& sample, bool html) {
  std::vector<std::string> problems;
  try {
    Compiled* t = compiled(file, html);
    if (t == nullptr) return problems;
    StrictContext context(&sample);
    t->render(context);
    for (const auto& unknown : context.unknown) problems.push_back(file + ": variável desconhecida '" + unknown + "'");
  } catch (const std::exception& e) {
    problems.push_back(e.what());
  }
  return problems;
}

std::string templatesDir(const Host& host, std::string_view key) {
  std::string dir(host.configOr(key, "templates"));
  const std::string base(host.configOr("@config_dir", ""));
  return dir.empty() || dir[0] == '/' || base.empty() ? dir : base + "/" + dir;
}

}  // namespace regua::templates
