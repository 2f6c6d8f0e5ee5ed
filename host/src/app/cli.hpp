// The `regua` command line: a table of subcommands, each with its options and help.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace regua::app {

// Exit codes shared by every subcommand (sysexits.h where one fits).
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;       // the command ran and found a problem
inline constexpr int kExitPluginRefused = 2; // `plugins check`: the host would not load it
inline constexpr int kExitUsage = 64;        // EX_USAGE: wrong arguments
inline constexpr int kExitConfig = 78;       // EX_CONFIG: regua.yaml or a required plugin

// A parsed invocation handed to a subcommand.
struct Invocation {
  std::filesystem::path configFile;  // --config, default config/regua.yaml
  bool configGiven = false;          // --config was passed explicitly
  std::vector<std::string> args;     // positional arguments after the subcommand
  std::map<std::string, std::string, std::less<>> options;  // "--json" -> "", "--port" -> "8080"

  bool flag(std::string_view name) const { return options.count(name) > 0; }
  std::optional<std::string> option(std::string_view name) const;
  const char* argv0 = "regua";
};

int runCli(int argc, char** argv);

// Subcommands, defined in their own files.
int runPluginsList(const Invocation& invocation);
int runPluginsCheck(const Invocation& invocation);
int runServe(const Invocation& invocation);
int runDocumentCheck(const Invocation& invocation);
int runCalendarHolidays(const Invocation& invocation);
int runCalendarNextBusinessDay(const Invocation& invocation);
int runDbStatus(const Invocation& invocation);
int runPolicyCheck(const Invocation& invocation);
int runEngineRun(const Invocation& invocation);
int runStatus(const Invocation& invocation);
int runExplain(const Invocation& invocation);
int runSync(const Invocation& invocation);
int runReportDelinquents(const Invocation& invocation);
int runGenerate(const Invocation& invocation);
int runQuote(const Invocation& invocation);
int runHistory(const Invocation& invocation);
int runTasksList(const Invocation& invocation);
int runClientShow(const Invocation& invocation);
int runClientLink(const Invocation& invocation);
int runClientPause(const Invocation& invocation);
int runClientNote(const Invocation& invocation);
int runReportEffectiveness(const Invocation& invocation);
int runReportDashboard(const Invocation& invocation);
int runReceivableCancel(const Invocation& invocation);
int runApiKeyCreate(const Invocation& invocation);
int runWebhooksList(const Invocation& invocation);
int runWebhooksEnable(const Invocation& invocation);
int runWebhooksDeliver(const Invocation& invocation);
int runApiKeyList(const Invocation& invocation);
int runApiKeyRevoke(const Invocation& invocation);
int runUserCreate(const Invocation& invocation);
int runUserPassword(const Invocation& invocation);
int runUserList(const Invocation& invocation);
int runTasksPush(const Invocation& invocation);
int runAgreementOffers(const Invocation& invocation);
int runAgreementPropose(const Invocation& invocation);
int runAgreementAccept(const Invocation& invocation);
int runAgreementCancel(const Invocation& invocation);
int runAgreementList(const Invocation& invocation);
int runPromise(const Invocation& invocation);
int runImport(const Invocation& invocation);
int runReconcileList(const Invocation& invocation);
int runReconcileMatch(const Invocation& invocation);
int runReconcileIgnore(const Invocation& invocation);
int runPixMake(const Invocation& invocation);
int runPixParse(const Invocation& invocation);
int runBoletoParse(const Invocation& invocation);
int runBoletoMake(const Invocation& invocation);

// Sets up logging to stderr at `level` ("information", "warning", ...), unless the
// REGUA_LOG_LEVEL environment variable says otherwise.
void setupLogging(const std::string& level);

}  // namespace regua::app
