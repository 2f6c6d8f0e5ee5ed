// `regua import FILE`: a bank file someone downloaded (a CNAB retorno, an OFX
// statement) handed to the connector that reads its format, through the same checks
// and commit as every source (SourceSync), once per file content: the same bytes again
// change nothing. A dry run says what a real import would do and stores nothing.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "config/host_config.hpp"
#include "domain/payment.hpp"
#include "plugin/plugin_instance.hpp"
#include "services/source_sync.hpp"
#include "store/bank_repository.hpp"
#include "store/database.hpp"

namespace regua::services {

struct ImportRequest {
  std::filesystem::path file;
  std::string format;  // cnab240, cnab400, ofx; "" detects it from the content
  std::string layout;  // a CNAB bank layout ("febraban", "033", "237", "104"); "" = the file's bank
  bool dryRun = false;
};

struct ImportReport {
  std::string name, format, sha256;
  std::optional<store::ImportedFile> earlier;  // the same content was imported then: nothing done
  SyncReport sync;
};

// cnab240, cnab400 or ofx from a file's first bytes; "" when none of them.
std::string detectBankFormat(const std::string& head);

// Throws ServiceError(kRefused) for a file that cannot be read, of no known format or
// not of the format asked; a file the connector refuses comes back in sync.errors.
ImportReport importBankFile(store::Database& db, const config::HostConfig& config, const plugin::HostEnvironment& environment,
                            const domain::ChargeCalculator& charges, const ImportRequest& request);

}  // namespace regua::services
