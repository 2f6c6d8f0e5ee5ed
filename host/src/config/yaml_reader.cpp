#include "config/yaml_reader.hpp"

#include <charconv>
#include <fstream>
#include <sstream>

namespace regua::config {

std::string listForHumans(std::initializer_list<std::string_view> items) {
  std::string out;
  std::size_t index = 0;
  for (auto item : items) {
    if (index > 0) out += (index + 1 == items.size()) ? " e " : ", ";
    out += item;
    ++index;
  }
  return out;
}

YamlReader::YamlReader(std::filesystem::path file) : file_(std::move(file)) {
  std::ifstream in(file_, std::ios::binary);
  if (!in) {
    diagnostics_.push_back({file_, 0, 0,
                            "arquivo não encontrado ou sem permissão de leitura; confira o caminho"});
    return;
  }
  std::stringstream text;
  text << in.rdbuf();
  try {
    root_ = YAML::Load(text.str());
  } catch (const YAML::ParserException& e) {
    diagnostics_.push_back({file_, e.mark.line + 1, e.mark.column + 1,
                            "YAML inválido: " + e.msg + "; corrija a sintaxe nesta posição"});
  }
}

void YamlReader::error(const YAML::Mark& at, std::string message) {
  const bool known = at.line >= 0;
  diagnostics_.push_back({file_, known ? at.line + 1 : 0, known ? at.column + 1 : 0,
                          std::move(message)});
}

void YamlReader::error(const YAML::Node& at, std::string message) { error(at.Mark(), std::move(message)); }

bool YamlReader::expectMap(const YAML::Node& node, std::string_view what,
                           std::initializer_list<std::string_view> allowed) {
  if (!node.IsMap()) {
    error(node, "'" + std::string(what) + "' deve ser um mapa de chaves (" + listForHumans(allowed) + ")");
    return false;
  }
  for (const auto& entry : node) {
    const auto key = entry.first.Scalar();
    bool known = false;
    for (auto candidate : allowed) known = known || candidate == key;
    if (!known) {
      error(entry.first, "chave desconhecida '" + key + "' em '" + std::string(what) +
                             "'; as permitidas são " + listForHumans(allowed));
    }
  }
  return true;
}

bool YamlReader::expectSequence(const YAML::Node& node, std::string_view what) {
  if (node.IsSequence()) return true;
  error(node, "'" + std::string(what) + "' deve ser uma lista (itens começando com '- ')");
  return false;
}

std::optional<std::string> YamlReader::string(const YAML::Node& map, std::string_view key) {
  const YAML::Node node = map[std::string(key)];
  if (!node) return std::nullopt;
  if (!node.IsScalar()) {
    error(node, "'" + std::string(key) + "' deve ser um texto");
    return std::nullopt;
  }
  return node.Scalar();
}

std::optional<std::int64_t> YamlReader::integer(const YAML::Node& map, std::string_view key,
                                                std::int64_t min, std::int64_t max) {
  const YAML::Node node = map[std::string(key)];
  if (!node) return std::nullopt;
  const std::string expected = "'" + std::string(key) + "' deve ser um inteiro entre " +
                               std::to_string(min) + " e " + std::to_string(max);
  if (!node.IsScalar()) {
    error(node, expected);
    return std::nullopt;
  }
  const std::string& text = node.Scalar();
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || value < min || value > max) {
    error(node, expected + ", veio '" + text + "'");
    return std::nullopt;
  }
  return value;
}

std::optional<bool> YamlReader::boolean(const YAML::Node& map, std::string_view key) {
  const YAML::Node node = map[std::string(key)];
  if (!node) return std::nullopt;
  bool value = false;
  if (!node.IsScalar() || !YAML::convert<bool>::decode(node, value)) {
    error(node, "'" + std::string(key) + "' deve ser true ou false");
    return std::nullopt;
  }
  return value;
}

void YamlReader::throwIfErrors() const {
  if (!diagnostics_.empty()) throw ConfigError(diagnostics_);
}

}  // namespace regua::config
