// A folder the bank's files land in (`connectors: - name: cnab, config: {dir: retornos}`,
// or `ofx`): every `regua sync` and every sync of `regua serve` imports each new file
// there the way `regua import` does, then moves it to processados/ — or, refused, to
// rejeitados/ with a FILE.erro beside it saying what, where and what to do. A file the
// store could not take now (busy, down) stays for the next round.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "config/host_config.hpp"
#include "domain/payment.hpp"
#include "plugin/plugin_instance.hpp"
#include "services/source_sync.hpp"
#include "store/database.hpp"

namespace regua::services {

// The bank folders regua.yaml configures, each file in name order.
std::vector<FolderFile> importBankFolders(store::Database& db, const config::HostConfig& config,
                                          const plugin::HostEnvironment& environment, const domain::ChargeCalculator& charges);

// Whether a connector entry is a bank folder (cnab or ofx with `dir`).
bool isBankFolder(const config::ExtensionEntry& entry);

}  // namespace regua::services
