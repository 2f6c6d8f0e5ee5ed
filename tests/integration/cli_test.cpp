// `regua` as a user runs it: version, help, plugins list and plugins check.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <map>
#include <sstream>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <regua/plugin_api.h>

#include "office.hpp"
#include "test_support.hpp"

namespace {

using regua::testing::run;
using regua::testing::RunResult;
using regua::testing::TempDir;
using regua::testing::Office;
using regua::testing::contains;

const std::string kRegua = REGUA_BINARY;
const std::filesystem::path kFixtures = REGUA_FIXTURE_DIR;
const std::string kAbi = std::to_string(REGUA_ABI_MAJOR) + "." + std::to_string(REGUA_ABI_MINOR);

RunResult regua(const std::vector<std::string>& args) { return run(kRegua, args, REGUA_SOURCE_DIR); }

std::size_t lineCount(const std::string& text) {
  std::size_t lines = 0;
  for (char c : text) lines += c == '\n';
  return lines;
}

TEST(Cli, VersionNamesTheAbi) {
  const auto r = regua({"--version"});
  EXPECT_EQ(r.exitCode, 0);
  EXPECT_EQ(r.out, "regua 0.1.0 (ABI de plugins " + kAbi + ")\n");
}

TEST(Cli, EverySubcommandHasHelp) {
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"--help"}, {"plugins", "--help"}, {"plugins", "list", "--help"},
           {"plugins", "check", "--help"}, {"serve", "--help"}}) {
    const auto r = regua(args);
    EXPECT_EQ(r.exitCode, 0) << args.back();
    EXPECT_NE(r.out.find("Uso: "), std::string::npos) << r.out;
  }
  EXPECT_NE(regua({"serve", "--help"}).out.find("--port N"), std::string::npos);
}

TEST(Cli, AGroupsHelpListsItsSubcommandsOnly) {
  const auto r = regua({"report", "--help"});
  EXPECT_EQ(r.exitCode, 0);
  EXPECT_EQ(r.out.rfind("Uso: regua [--config ARQUIVO] report SUBCOMANDO [opções]\n", 0), 0u) << r.out;
  EXPECT_NE(r.out.find("regua report delinquents [--as-of DATA]"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("regua sync"), std::string::npos) << "not the whole program's help: " << r.out;
}

TEST(Cli, WrongUsageExits64WithAHint) {
  auto r = regua({"cobrar"});
  EXPECT_EQ(r.exitCode, 64);
  EXPECT_NE(r.err.find("comando desconhecido: 'cobrar'"), std::string::npos) << r.err;
  r = regua({"plugins", "list", "--xml"});
  EXPECT_EQ(r.exitCode, 64);
  EXPECT_NE(r.err.find("opção desconhecida --xml para 'regua plugins list'"), std::string::npos) << r.err;
  r = regua({"plugins", "check"});
  EXPECT_EQ(r.exitCode, 64);
  EXPECT_NE(r.err.find("uso: regua plugins check ARQUIVO"), std::string::npos) << r.err;
}

TEST(Cli, ListsTheSamplePluginsFromTheDefaultConfig) {
  const auto r = regua({"plugins", "list"});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  EXPECT_NE(r.out.find("br.regua.example.hello"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("carregado"), std::string::npos) << r.out;
}

TEST(Cli, ListJsonShowsLoadedAndDisabledWithReasons) {
  TempDir dir;
  const auto config = dir.write("regua.yaml", "plugin_dirs: [" + kFixtures.string() + R"(]
plugins:
  - name: fixture_good
  - name: fixture_newer_minor
connectors:
  - name: fixture_c_plugin
)");
  const auto r = regua({"--config", config.string(), "plugins", "list", "--json"});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  const auto items = Poco::JSON::Parser().parse(r.out).extract<Poco::JSON::Array::Ptr>();
  ASSERT_EQ(items->size(), 3u);
  const auto good = items->getObject(0);
  EXPECT_EQ(good->getValue<std::string>("name"), "br.regua.test.good");
  EXPECT_EQ(good->getValue<std::string>("version"), "2.3.4");
  EXPECT_EQ(good->getValue<std::string>("abi"), kAbi);
  EXPECT_EQ(good->getValue<std::string>("state"), "loaded");
  EXPECT_EQ(good->getArray("capabilities")->getElement<std::string>(0), "action");
  const auto newer = items->getObject(1);
  EXPECT_EQ(newer->getValue<std::string>("state"), "disabled");
  EXPECT_NE(newer->getValue<std::string>("reason").find("precisa de um host com ABI"), std::string::npos);
  EXPECT_EQ(items->getObject(2)->getValue<std::string>("kind"), "connector");
}

// A plugin built with this SDK that needs only a 1.4 host loads, and says both.
TEST(Cli, ListJsonShowsTheHostAPluginNeedsBesideTheSdkItWasBuiltWith) {
  TempDir dir;
  const auto config = dir.write("regua.yaml", "plugin_dirs: [" + kFixtures.string() + R"(]
plugins:
  - name: fixture_requires_1_4
  - name: fixture_abi_1_2
)");
  const auto r = regua({"--config", config.string(), "plugins", "list", "--json"});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  const auto items = Poco::JSON::Parser().parse(r.out).extract<Poco::JSON::Array::Ptr>();
  ASSERT_EQ(items->size(), 2u);
  const auto modern = items->getObject(0);
  EXPECT_EQ(modern->getValue<std::string>("state"), "loaded");
  EXPECT_EQ(modern->getValue<std::string>("abi"), kAbi);
  EXPECT_EQ(modern->getValue<std::string>("requires_host"), "1.4");
  const auto old = items->getObject(1);
  EXPECT_EQ(old->getValue<std::string>("state"), "loaded");
  EXPECT_EQ(old->getValue<std::string>("abi"), "1.2");
  EXPECT_EQ(old->getValue<std::string>("requires_host"), "1.2");
}

// A command that needs the office's configuration refuses to run without one, instead
// of running with no plugins (and no `required: true` check) and exiting 0.
TEST(Cli, AMissingConfigurationIsAnErrorForCommandsThatNeedOne) {
  TempDir dir;
  for (const auto& args : {std::vector<std::string>{"run", "--as-of", "2026-03-05"}, std::vector<std::string>{"sync"},
                           std::vector<std::string>{"report", "delinquents", "--as-of", "2026-03-05"}}) {
    const auto r = run(kRegua, args, dir.path().string());
    EXPECT_EQ(r.exitCode, 78) << args.front() << ": " << r.out << r.err;
    EXPECT_NE(r.err.find("config/regua.yaml: arquivo de configuração não encontrado; rode a partir da raiz do projeto ou passe --config ARQUIVO"), std::string::npos) << r.err;
  }
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "var")) << "nothing is created on the way";
  // The calendar needs no office: national holidays without a configuration.
  EXPECT_EQ(run(kRegua, {"calendar", "next-business-day", "2026-02-13"}, dir.path().string()).out, "2026-02-18\n");
}

TEST(Cli, ConfigErrorsExit78WithFileLineColumn) {
  TempDir dir;
  const auto config = dir.write("regua.yaml", "http:\n  port: -1\n");
  const auto r = regua({"--config", config.string(), "plugins", "list"});
  EXPECT_EQ(r.exitCode, 78);
  EXPECT_EQ(r.err, config.string() + ":2:9: 'port' deve ser um inteiro entre 0 e 65535, veio '-1'\n");
}

// `plugins check` for each file the host must refuse: exit 2 and exactly one line that
// names the file, what is wrong and what to do.
struct RefusedCase {
  std::string file;
  std::string problem;
  std::string fix;
  friend void PrintTo(const RefusedCase& c, std::ostream* os) { *os << c.file; }
};

class PluginsCheckRefuses : public ::testing::TestWithParam<RefusedCase> {};

TEST_P(PluginsCheckRefuses, WithOneLineNamingFileProblemAndFix) {
  const auto& c = GetParam();
  const std::string file = (kFixtures / c.file).string();
  const auto r = regua({"plugins", "check", file});
  EXPECT_EQ(r.exitCode, 2) << r.out << r.err;
  EXPECT_EQ(lineCount(r.err), 1u) << r.err;
  EXPECT_NE(r.err.find(c.problem), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(c.fix), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty()) << r.out;
}

INSTANTIATE_TEST_SUITE_P(
    Fixtures, PluginsCheckRefuses,
    ::testing::Values(
        RefusedCase{"missing.so", "missing.so: arquivo não encontrado", "confira 'path'"},
        RefusedCase{"fixture_not_a_library.so", "não é uma biblioteca compartilhada carregável",
                    "regua_add_plugin()"},
        RefusedCase{"fixture_no_entry.so", "não exporta o símbolo regua_plugin_entry", "REGUA_PLUGIN("},
        RefusedCase{"fixture_wrong_major.so", "mas este host fala o ABI " + kAbi, "recompile o plugin"},
        RefusedCase{"fixture_newer_minor.so", "precisa de um host com ABI", "atualize o Régua"},
        RefusedCase{"fixture_refuses_config.so", "recusou a configuração: falta a chave 'api_key'",
                    "corrija a seção 'config'"},
        RefusedCase{"fixture_create_throws.so", "falhou ao iniciar: banco interno do plugin indisponível",
                    "veja o log do plugin"}),
    [](const auto& info) {
      std::string name = info.param.file.substr(0, info.param.file.find('.'));
      for (char& ch : name) ch = std::isalnum(static_cast<unsigned char>(ch)) ? ch : '_';
      return name;
    });

TEST(Cli, PluginsCheckAcceptsGoodAndOlderPlugins) {
  for (const char* file : {"fixture_good.so", "fixture_small_descriptor.so", "fixture_c_plugin.so"}) {
    const auto r = regua({"plugins", "check", (kFixtures / file).string()});
    EXPECT_EQ(r.exitCode, 0) << file << ": " << r.err;
    EXPECT_EQ(r.out.rfind("ok: ", 0), 0u) << r.out;
  }
  const auto r = regua({"plugins", "check", REGUA_BUILTIN_PLUGIN});
  EXPECT_NE(r.out.find("br.regua.example.hello 1.0.0 (ABI " + kAbi + "; capacidades: action; ações: hello)"),
            std::string::npos)
      << r.out;
  const auto modest = regua({"plugins", "check", (kFixtures / "fixture_requires_1_4.so").string()});
  EXPECT_NE(modest.out.find("(ABI " + kAbi + ", roda em host 1.4 ou mais novo; capacidades"), std::string::npos)
      << modest.out;
}

TEST(Cli, PluginsCheckUsesThePluginsSectionFromTheConfig) {
  TempDir dir;
  const std::string file = (kFixtures / "fixture_refuses_config.so").string();
  const auto config = dir.write("regua.yaml", "plugins:\n  - path: " + file + "\n    config: {api_key: k}\n");
  const auto r = regua({"--config", config.string(), "plugins", "check", file});
  EXPECT_EQ(r.exitCode, 0) << r.err;
}

}  // namespace

namespace {

TEST(CliDocument, ChecksCpfAndAlphanumericCnpj) {
  auto r = regua({"document", "check", "111.444.777-35"});
  EXPECT_EQ(r.exitCode, 0);
  EXPECT_EQ(r.out, "CPF válido: 111.444.777-35 (pessoa física)\n");
  r = regua({"document", "check", "12ABC34501DE35"});
  EXPECT_EQ(r.exitCode, 0);
  EXPECT_EQ(r.out, "CNPJ válido: 12.ABC.345/01DE-35 (pessoa jurídica)\n");
  r = regua({"document", "check", "12.ABC.345/01DE-45"});
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_EQ(r.err, "regua: documento inválido: dígitos verificadores não conferem: esperado 35, veio 45\n");
}

TEST(CliCalendar, HolidaysOfTheOfficeCityAsJson) {
  // config/regua.yaml: calendar.city 3550308 (São Paulo) with config/holidays/sp.yaml.
  const auto r = regua({"calendar", "holidays", "2026", "--json"});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  const auto items = Poco::JSON::Parser().parse(r.out).extract<Poco::JSON::Array::Ptr>();
  std::vector<std::string> dates;
  for (std::size_t i = 0; i < items->size(); ++i) dates.push_back(items->getObject(i)->getValue<std::string>("date"));
  EXPECT_EQ(items->size(), 15u);  // 13 national + SP state + São Paulo city
  EXPECT_EQ(items->getObject(1)->getValue<std::string>("date"), "2026-01-25");
  EXPECT_EQ(items->getObject(1)->getValue<std::string>("scope"), "São Paulo");
  EXPECT_EQ(items->getObject(1)->getValue<std::string>("weekday"), "domingo");
  EXPECT_NE(std::find(dates.begin(), dates.end(), "2026-07-09"), dates.end());
}

TEST(CliCalendar, AnotherCityAndPlainText) {
  const auto r = regua({"calendar", "holidays", "2026", "--city", "3304557"});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  EXPECT_NE(r.out.find("20/01/2026  terça-feira   Dia de São Sebastião (padroeiro) (Rio de Janeiro)"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("23/04/2026  quinta-feira  Dia de São Jorge (RJ)"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("25/01/2026"), std::string::npos) << r.out;
  const auto unknown = regua({"calendar", "holidays", "2026", "--city", "9934567"});  // no state has code 99
  EXPECT_EQ(unknown.exitCode, 64);
  EXPECT_NE(unknown.err.find("cidade '9934567' não está em config/holidays; conhecidas: "), std::string::npos)
      << unknown.err;
  EXPECT_NE(unknown.err.find("3304557 (Rio de Janeiro/RJ)"), std::string::npos) << unknown.err;
  // Any municipality by its IBGE code gets its state's holidays: Olinda, not listed in pe.yaml.
  const auto olinda = regua({"calendar", "holidays", "2026", "--city", "2609600"});
  EXPECT_EQ(olinda.exitCode, 0) << olinda.err;
  EXPECT_NE(olinda.out.find("06/03/2026  sexta-feira   Data Magna de Pernambuco"), std::string::npos) << olinda.out;
  EXPECT_EQ(olinda.out.find("Nossa Senhora do Carmo"), std::string::npos) << "Recife's own holiday";
  const auto manaus = regua({"calendar", "holidays", "2026", "--city", "1302603"});
  EXPECT_EQ(manaus.err, "");
  EXPECT_NE(manaus.out.find("08/12/2026  terça-feira   Nossa Senhora da Conceição (padroeira de Manaus) (Manaus)"),
            std::string::npos)
      << manaus.out;
  // A state whose file is missing (an office that trimmed config/holidays) gets the
  // national calendar, and a warning that names the file to add.
  TempDir dir;
  const auto config = regua::testing::copySampleOffice(dir);
  std::filesystem::remove(dir.path() / "config/holidays/am.yaml");
  const auto trimmed = run(kRegua, {"--config", config.string(), "calendar", "holidays", "2026", "--city", "1302603"},
                           dir.path().string());
  EXPECT_EQ(trimmed.exitCode, 0) << trimmed.err;
  EXPECT_NE(trimmed.err.find("não tem os feriados de AM; para a cidade 1302603 valem só os nacionais"), std::string::npos)
      << trimmed.err;
}

TEST(CliCalendar, NextBusinessDay) {
  EXPECT_EQ(regua({"calendar", "next-business-day", "2026-02-13"}).out, "2026-02-18\n");  // Carnival
  EXPECT_EQ(regua({"calendar", "next-business-day", "22/01/2027"}).out, "2027-01-26\n");  // São Paulo, 25/01
  EXPECT_EQ(regua({"calendar", "next-business-day", "22/01/2027", "--city", "3304557"}).out, "2027-01-25\n");
  EXPECT_EQ(regua({"calendar", "next-business-day", "2026-01-27", "--on-or-after"}).out, "2026-01-27\n");
  EXPECT_EQ(regua({"calendar", "next-business-day", "2026-01-24", "--on-or-after"}).out, "2026-01-26\n");
  const auto bad = regua({"calendar", "next-business-day", "2026-02-30"});
  EXPECT_EQ(bad.exitCode, 64);
  EXPECT_EQ(bad.err, "regua: data inválida '2026-02-30'; use AAAA-MM-DD ou DD/MM/AAAA\n");
}

// Dates the calendar's rules do not describe are refused with the range, not answered
// with a date nobody can read (it printed "10000-1-3").
TEST(CliCalendar, DatesOutsideTheCalendarAreRefusedWithTheRange) {
  for (const char* day : {"9999-12-31", "1899-12-29"}) {
    const auto r = regua({"calendar", "next-business-day", day});
    EXPECT_EQ(r.exitCode, 64) << day;
    EXPECT_NE(r.err.find("está fora do calendário de dias úteis, que vai de 1900 a 2200"), std::string::npos) << r.err;
    EXPECT_TRUE(r.out.empty()) << r.out;
  }
  EXPECT_EQ(regua({"calendar", "next-business-day", "2200-12-30"}).out, "2200-12-31\n");
}

TEST(CliDb, StatusMigratesAndUnreachablePostgresIsOneLine) {
  TempDir dir;
  auto config = dir.write("regua.yaml", "storage: {url: 'sqlite:dados/regua.db'}\n");
  auto r = regua({"--config", config.string(), "db", "status"});
  EXPECT_EQ(r.exitCode, 1) << "the folder is not there: " << r.out;
  std::filesystem::create_directory(dir.path() / "dados");
  r = regua({"--config", config.string(), "db", "status"});
  EXPECT_EQ(r.exitCode, 0) << r.err;
  EXPECT_EQ(r.out, "banco: sqlite:" + (dir.path() / "dados/regua.db").string() + "\nesquema: v15 (atualizado)\n");

  config = dir.write("pg.yaml", "storage: {url: 'postgresql://regua:segredo@127.0.0.1:1/regua'}\n");
  r = regua({"--config", config.string(), "db", "status"});
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_EQ(lineCount(r.err), 1u) << r.err;
  EXPECT_EQ(r.err.rfind("regua: não consegui conectar ao PostgreSQL em postgresql://regua:***@127.0.0.1:1/regua: ", 0),
            0u)
      << r.err;
  EXPECT_EQ(r.err.find("segredo"), std::string::npos);
}

TEST(CliStore, AStorePathWhoseFolderDoesNotExistIsAnErrorAndCreatesNothing) {
  Office office;
  const auto r = office.regua({"run", "--as-of", "2026-03-05", "--store", "sqlite:/typo/dir/x.db"});
  EXPECT_EQ(r.exitCode, 1) << r.out;
  EXPECT_EQ(r.err, "regua: a pasta /typo/dir do banco sqlite:/typo/dir/x.db não existe; crie-a (mkdir -p /typo/dir) ou "
                   "corrija storage.url/--store\n");
  EXPECT_TRUE(r.out.empty()) << "no '0 títulos' report over an empty store: " << r.out;
  EXPECT_FALSE(std::filesystem::exists("/typo"));
}

// The names and bytes of every file in the office's folder.
std::map<std::string, std::string> filesIn(const std::filesystem::path& dir) {
  std::map<std::string, std::string> out;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    const auto name = std::filesystem::relative(entry.path(), dir).string();
    if (entry.is_directory()) {
      out[name] = "(pasta)";
      continue;
    }
    std::ifstream in(entry.path(), std::ios::binary);
    out[name] = std::string(std::istreambuf_iterator<char>(in), {});
  }
  return out;
}

TEST(CliStore, ADryRunWritesNothingToDisk) {
  Office office;
  const auto before = filesIn(office.dir().path());
  auto r = office.regua({"run", "--dry-run", "--as-of", "2026-03-05"});
  EXPECT_EQ(r.exitCode, 1) << r.out;
  EXPECT_NE(r.err.find("ainda não existe; rode 'regua sync' para criá-lo"), std::string::npos) << r.err;
  EXPECT_EQ(filesIn(office.dir().path()), before) << "no store file made by a look at the office";

  ASSERT_EQ(office.regua({"sync"}).exitCode, 0);
  const auto synced = filesIn(office.dir().path());
  r = office.regua({"run", "--dry-run", "--as-of", "2026-03-05"});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  EXPECT_NE(r.out.find("atraso"), std::string::npos) << r.out;
  EXPECT_EQ(filesIn(office.dir().path()), synced) << "the store's bytes and the folder's files are as the sync left them";
}

// Kiritimati is UTC+14 and Etc/GMT+12 is UTC-12: 26 hours apart, never on the same date,
// so only the configured zone can give the date the office sees.
std::string dateIn(int utcOffsetHours, std::chrono::system_clock::time_point at) {
  const auto local = std::chrono::floor<std::chrono::days>(at + std::chrono::hours(utcOffsetHours));
  const std::chrono::year_month_day ymd{local};
  char text[16];
  std::snprintf(text, sizeof text, "%02u/%02u/%04d", static_cast<unsigned>(ymd.day()), static_cast<unsigned>(ymd.month()),
                static_cast<int>(ymd.year()));
  return text;
}

TEST(CliTime, TheOfficeTimeZoneDecidesTodayAndTheTimesPeopleReadWhateverTheServersZone) {
  Office office;
  std::string config = office.dir().read("regua.yaml");
  office.dir().write("regua.yaml", "timezone: Pacific/Kiritimati\n" + config);
  const Poco::Process::Env serverZone{{"TZ", "Etc/GMT+12"}};
  auto regua = [&](std::vector<std::string> args) {
    args.insert(args.begin(), {"--config", (office.dir().path() / "regua.yaml").string()});
    return run(kRegua, args, office.dir().path().string(), serverZone);
  };
  ASSERT_EQ(regua({"sync"}).exitCode, 0);
  const auto before = std::chrono::system_clock::now();
  const auto dry = regua({"run", "--dry-run"});
  const auto after = std::chrono::system_clock::now();
  ASSERT_EQ(dry.exitCode, 0) << dry.err;
  EXPECT_TRUE(contains(dry.out, "Simulação para " + dateIn(14, before)) || contains(dry.out, "Simulação para " + dateIn(14, after)))
      << "today in the office (UTC+14), not on the server (UTC-12): " << dry.out;
  const auto report = regua({"report", "delinquents"});
  EXPECT_EQ(report.exitCode, 0) << report.err;
  EXPECT_TRUE(contains(report.out, "Inadimplência em " + dateIn(14, before)) ||
              contains(report.out, "Inadimplência em " + dateIn(14, after)))
      << "the report defaults to the office's today: " << report.out;

  ASSERT_EQ(regua({"run", "--as-of", "2026-03-05", "--at", "10:00"}).exitCode, 0);
  const auto json = regua({"history", "C1", "--json"});
  const auto entries = Poco::JSON::Parser().parse(json.out).extract<Poco::JSON::Array::Ptr>();
  ASSERT_GT(entries->size(), 0u) << json.out;
  const std::string utc = entries->getObject(0)->getValue<std::string>("at");  // 2026-11-30T23:20:18Z
  std::tm parts{};
  ASSERT_NE(strptime(utc.c_str(), "%Y-%m-%dT%H:%M:%SZ", &parts), nullptr) << utc;
  const auto at = std::chrono::system_clock::from_time_t(timegm(&parts));
  const auto local = at + std::chrono::hours(14);
  const auto minutes = std::chrono::duration_cast<std::chrono::minutes>(local - std::chrono::floor<std::chrono::days>(local)).count();
  char clock[8];
  std::snprintf(clock, sizeof clock, "%02d:%02d", static_cast<int>(minutes / 60), static_cast<int>(minutes % 60));
  const auto text = regua({"history", "C1"});
  EXPECT_TRUE(contains(text.out, dateIn(14, at) + " " + clock)) << utc << " in the office's zone:\n" << text.out;
}

TEST(CliTime, AnUnknownTimeZoneIsAConfigurationError) {
  TempDir dir;
  const auto config = dir.write("regua.yaml", "timezone: America/Sao_Pablo\n");
  const auto r = regua({"--config", config.string(), "plugins", "list"});
  EXPECT_EQ(r.exitCode, 78);
  EXPECT_EQ(r.err, config.string() + ":1:11: fuso horário 'America/Sao_Pablo' desconhecido; use um nome da base tz do "
                                     "sistema (America/Sao_Paulo, America/Manaus, America/Noronha...)\n");
}

}  // namespace
