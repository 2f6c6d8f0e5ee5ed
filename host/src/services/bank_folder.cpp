#include "services/bank_folder.hpp"

#include <algorithm>
#include <fstream>

#include "common/office_time.hpp"
#include "common/utc_time.hpp"
#include "services/bank_import.hpp"
#include "services/service_error.hpp"

namespace regua::services {

namespace {

namespace fs = std::filesystem;

// dir/sub/NAME, or NAME.2, NAME.3... when a file of that name is already there.
fs::path moveInto(const fs::path& file, const fs::path& dir, const char* sub) {
  const fs::path target = dir / sub;
  fs::create_directories(target);
  fs::path to = target / file.filename();
  for (int n = 2; fs::exists(to); ++n) to = target / (file.filename().string() + "." + std::to_string(n));
  fs::rename(file, to);
  return to;
}

FolderFile importOne(store::Database& db, const config::HostConfig& config, const plugin::HostEnvironment& environment,
                     const domain::ChargeCalculator& charges, const fs::path& file, const fs::path& dir,
                     const std::string& layout) {
  FolderFile out{file, {}, false, ""};
  std::string refusal;
  try {
    ImportRequest request;
    request.file = file;
    request.layout = layout;
    const auto report = importBankFile(db, config, environment, charges, request);
    if (report.earlier) {
      const auto at = parseUtc(report.earlier->importedAt);
      out.summary = "conteúdo já importado em " + (at ? formatLocal(*at) : report.earlier->importedAt) + " (" +
                    report.earlier->name + "); nada a fazer";
    } else if (report.sync.ok) {
      out.summary = describe(report.sync);
    } else {
      refusal = describe(report.sync);
    }
  } catch (const ServiceError& e) {
    refusal = e.what();
  } catch (const store::StoreError& e) {
    if (e.kind() == store::StoreError::Kind::kBusy || e.kind() == store::StoreError::Kind::kConnection) {
      out.summary = std::string(e.what()) + "; o arquivo fica para a próxima sincronização";
      return out;
    }
    refusal = e.what();
  }
  if (refusal.empty()) {
    out.movedTo = moveInto(file, dir, "processados");
    return out;
  }
  out.refused = true;
  out.summary = refusal;
  out.movedTo = moveInto(file, dir, "rejeitados");
  std::ofstream(out.movedTo.string() + ".erro") << refusal << "\nCorrija o arquivo (ou peça outro ao banco) e ponha-o "
                                                               "de novo em " << dir.string() << ".\n";
  return out;
}

}  // namespace

bool isBankFolder(const config::ExtensionEntry& entry) {
  if (entry.kind != config::ExtensionKind::kConnector || !entry.section.IsMap() || !entry.section["dir"]) return false;
  const std::string stem = entry.path ? entry.path->stem().string() : entry.name;
  return stem == "cnab" || stem == "ofx" || stem == "regua_cnab" || stem == "regua_ofx";
}

std::vector<FolderFile> importBankFolders(store::Database& db, const config::HostConfig& config,
                                          const plugin::HostEnvironment& environment, const domain::ChargeCalculator& charges) {
  std::vector<FolderFile> out;
  for (const auto& entry : config.extensions) {
    if (!isBankFolder(entry)) continue;
    fs::path dir = entry.section["dir"].as<std::string>();
    if (dir.is_relative()) dir = config.file.parent_path() / dir;
    const std::string layout = entry.section["layout"] ? entry.section["layout"].as<std::string>() : "";
    std::error_code ec;
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(dir, ec)) {
      const std::string name = e.path().filename().string();
      if (e.is_regular_file() && !name.starts_with('.')) files.push_back(e.path());
    }
    std::sort(files.begin(), files.end());
    for (const auto& file : files) out.push_back(importOne(db, config, environment, charges, file, dir, layout));
  }
  return out;
}

}  // namespace regua::services
