#include "services/bank_import.hpp"

#include <openssl/evp.h>

#include <fstream>
#include <algorithm>
#include <stdexcept>
#include <string_view>

#include <yaml-cpp/yaml.h>

#include "plugin/plugin_registry.hpp"
#include "services/collection_service.hpp"
#include "services/service_error.hpp"

namespace regua::services {

namespace {

// A file's identity for "imported before?". OpenSSL, not libsodium: it uses the CPU's
// SHA instructions, five times faster on a 50 MB retorno.
std::string sha256Hex(const std::string& bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), digest, &size, EVP_sha256(), nullptr) != 1) {
    throw std::runtime_error("SHA-256 indisponível no OpenSSL");
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (const unsigned char b : std::string_view(reinterpret_cast<const char*>(digest), size)) {
    out += kHex[b >> 4];
    out += kHex[b & 0xF];
  }
  return out;
}

std::string describeFormat(const std::string& format) {
  return format == "cnab240" ? "CNAB 240" : format == "cnab400" ? "CNAB 400" : format == "ofx" ? "OFX" : format;
}

// The connector that reads `format`, configured for this one file.
config::ExtensionEntry connectorFor(const std::string& format, const std::filesystem::path& file, const std::string& layout) {
  config::ExtensionEntry entry;
  entry.kind = config::ExtensionKind::kConnector;
  entry.name = format == "ofx" ? "ofx" : "cnab";
  entry.required = true;
  entry.section["file"] = std::filesystem::absolute(file).string();
  if (!layout.empty()) entry.section["layout"] = layout;
  return entry;
}

}  // namespace

std::string detectBankFormat(const std::string& head) {
  if (head.find("OFXHEADER") != std::string::npos || head.find("<OFX>") != std::string::npos) return "ofx";
  std::string first = head.substr(0, head.find('\n'));
  while (!first.empty() && (first.back() == '\r' || first.back() == ' ')) first.pop_back();
  if (first.empty() || first.find_first_not_of("0123456789") == 0) return "";  // a retorno starts with the bank code
  // CNAB 400 records end with their number in columns 395-400: a 400 line always runs
  // past column 240, a 240 line never does (even when trailing spaces were lost).
  return first.size() > 240 ? "cnab400" : "cnab240";
}

ImportReport importBankFile(store::Database& db, const config::HostConfig& config, const plugin::HostEnvironment& environment,
                            const domain::ChargeCalculator& charges, const ImportRequest& request) {
  using Kind = ServiceError::Kind;
  ImportReport report;
  report.name = request.file.filename().string();
  std::ifstream in(request.file, std::ios::binary);
  if (!in) throw ServiceError(Kind::kNotFound, request.file.string() + ": não consegui abrir o arquivo; confira o caminho");
  in.seekg(0, std::ios::end);
  std::string content(static_cast<std::size_t>(std::max<std::streamoff>(in.tellg(), 0)), '\0');
  in.seekg(0);
  in.read(content.data(), static_cast<std::streamsize>(content.size()));
  report.format = detectBankFormat(content.substr(0, 4096));
  if (report.format.empty()) {
    throw ServiceError(Kind::kRefused, report.name + ":1:1: não parece um retorno CNAB (240 ou 400 colunas, começando "
                                                     "pelo código do banco) nem um extrato OFX; confira o arquivo");
  }
  if (!request.format.empty() && request.format != report.format) {
    throw ServiceError(Kind::kRefused, report.name + ": pedido como " + describeFormat(request.format) +
                                           ", mas o conteúdo é " + describeFormat(report.format) +
                                           "; confira o arquivo ou omita --format");
  }
  report.sha256 = sha256Hex(content);
  store::BankRepository bank(db);
  report.earlier = bank.importedFile(report.sha256);
  if (report.earlier) return report;

  config::HostConfig single = config;
  single.extensions = {connectorFor(report.format, request.file, request.layout)};
  plugin::PluginRegistry registry(plugin::defaultPluginDir(), environment);
  registry.loadAll(single);
  const auto sources = registry.sources();
  if (sources.empty()) {
    const auto& status = registry.statuses().front();
    throw ServiceError(Kind::kRefused, "o conector " + status.label + " (" + describeFormat(report.format) +
                                           ") não carregou: " + status.reason);
  }
  SourceSync sync(db, charges, localNow().day);
  report.sync = sync.importOnce(*sources.front(), request.dryRun, [&] {
    bank.markImported(report.sha256, {report.name, report.format, ""});
  });
  return report;
}

}  // namespace regua::services
