#include "config/host_config.hpp"

#include <gtest/gtest.h>

#include "common/clock_time.hpp"
#include "config/diagnostics.hpp"
#include "test_support.hpp"

namespace regua::config {
namespace {

using regua::testing::TempDir;

// Loads `yaml` from a temp file and returns the error text (empty when it loaded).
std::string errorsFor(const TempDir& dir, const std::string& yaml) {
  try {
    loadHostConfig(dir.write("regua.yaml", yaml));
    return "";
  } catch (const ConfigError& e) {
    return e.what();
  }
}

TEST(HostConfig, ReadsEverySectionAndResolvesPathsAgainstTheFile) {
  TempDir dir;
  const auto file = dir.write("etc/regua.yaml", R"(http:
  host: 0.0.0.0
  port: 9090
  workers: 16
  max_connections: 10000
storage:
  url: postgresql://regua@db/regua
plugin_dirs: [plugins, /opt/regua/plugins]
plugins:
  - name: penalties
    required: true
    config:
      fine_percent: "2"
      tiers: [1, 2]
  - path: ../lib/custom.so
connectors:
  - name: smtp
)");
  const HostConfig config = loadHostConfig(file);
  EXPECT_EQ(config.httpHost, "0.0.0.0");
  EXPECT_EQ(config.httpPort, 9090);
  EXPECT_EQ(config.httpWorkers, 16);
  EXPECT_EQ(config.httpMaxConnections, 10000);
  EXPECT_EQ(config.storageUrl, "postgresql://regua@db/regua");
  ASSERT_EQ(config.pluginDirs.size(), 2u);
  EXPECT_EQ(config.pluginDirs[0], dir.path() / "etc/plugins");
  EXPECT_EQ(config.pluginDirs[1], "/opt/regua/plugins");
  ASSERT_EQ(config.extensions.size(), 3u);
  EXPECT_EQ(config.extensions[0].name, "penalties");
  EXPECT_TRUE(config.extensions[0].required);
  EXPECT_EQ(config.extensions[0].section["fine_percent"].Scalar(), "2");
  EXPECT_EQ(config.extensions[0].line, 10);
  EXPECT_EQ(config.extensions[1].path, dir.path() / "lib/custom.so");
  EXPECT_FALSE(config.extensions[1].required);
  EXPECT_EQ(config.extensions[1].label(), "custom.so");
  EXPECT_EQ(config.extensions[2].kind, ExtensionKind::kConnector);
}

TEST(HostConfig, CalendarAndPaymentProfile) {
  TempDir dir;
  const auto config = loadHostConfig(dir.write("etc/regua.yaml", R"(calendar:
  holidays_dir: feriados
  city: "3550308"
payment_profile: {ocasional_from: 2, recorrente_from: 5}
)"));
  EXPECT_EQ(config.holidaysDir, dir.path() / "etc/feriados");
  EXPECT_EQ(config.city, "3550308");
  EXPECT_EQ(config.profile.ocasionalFrom, 2);
  EXPECT_EQ(config.profile.recorrenteFrom, 5);
  EXPECT_EQ(loadHostConfig(dir.write("x.yaml", "http: {}\n")).holidaysDir, dir.path() / "holidays");
  EXPECT_NE(errorsFor(dir, "calendar: {city: SP}\n").find(":1:18: 'city' é o código IBGE do município"),
            std::string::npos);
  EXPECT_NE(errorsFor(dir, "payment_profile: {ocasional_from: 3, recorrente_from: 3}\n")
                .find(":1:18: 'recorrente_from' deve ser maior que 'ocasional_from'"),
            std::string::npos);
}

TEST(HostConfig, EmptyFileMeansDefaults) {
  TempDir dir;
  const HostConfig config = loadHostConfig(dir.write("regua.yaml", "# nothing yet\n"));
  EXPECT_EQ(config.httpPort, 8080);
  EXPECT_EQ(config.storageUrl, "sqlite:var/regua.db");
  EXPECT_TRUE(config.extensions.empty());
}

TEST(HostConfig, UnknownKeyNamesFileLineColumnAndTheAllowedKeys) {
  TempDir dir;
  const std::string errors = errorsFor(dir, "http:\n  port: 80\n  hots: x\n");
  EXPECT_EQ(errors, (dir.path() / "regua.yaml").string() +
                        ":3:3: chave desconhecida 'hots' em 'http'; as permitidas são host, port, workers, max_connections e tls");
}

TEST(HostConfig, WebhooksNeedAUrlALongSecretAndKnownEvents) {
  TempDir dir;
  const auto good = loadHostConfig(dir.write("ok.yaml", R"(webhooks:
  - url: https://erp.example/regua
    secret: 0123456789abcdef0123
    events: [payment.received, task.opened]
    backoff_seconds: 5
)"));
  ASSERT_EQ(good.webhooks.size(), 1u);
  EXPECT_EQ(good.webhooks[0].name, "https://erp.example/regua");
  EXPECT_TRUE(good.webhooks[0].wants("payment.received"));
  EXPECT_FALSE(good.webhooks[0].wants("stage.fired"));
  EXPECT_EQ(good.webhooks[0].backoffSeconds, 5);
  const std::string errors = errorsFor(dir, R"(webhooks:
  - url: ftp://erp.example
    secret: curto
    events: [pagamento.recebido]
)");
  EXPECT_NE(errors.find("webhook sem 'url' http:// ou https:// (veio 'ftp://erp.example')"), std::string::npos) << errors;
  EXPECT_NE(errors.find("deve ter 16 caracteres ou mais"), std::string::npos) << errors;
  EXPECT_NE(errors.find("regua.yaml:4:14: evento desconhecido 'pagamento.recebido'; use \"*\" ou: payment.received"),
            std::string::npos)
      << errors;
}

// The office is told once: the client page's PIX receiver defaults to it, and a bad key
// is refused where it is written.
TEST(HostConfig, TheOfficeIsToldOnceAndItsPixKeyCheckedAtLoad) {
  TempDir dir;
  const auto good = loadHostConfig(dir.write("ok.yaml", R"(office:
  name: Escritório Exemplo
  email: financeiro@exemplo.com.br
  city: São Paulo
  pix: {key: financeiro@exemplo.com.br}
client_page:
  base_url: https://cobranca.exemplo.com.br
  key: 0123456789abcdef0123456789abcdef
)"));
  EXPECT_EQ(good.office.name, "Escritório Exemplo");
  EXPECT_EQ(good.office.pixKey, "financeiro@exemplo.com.br");
  EXPECT_EQ(good.office.pixName, "Escritório Exemplo") << "the receiver's name defaults to the office's";
  EXPECT_EQ(good.office.pixCity, "São Paulo");
  EXPECT_EQ(good.clientPage.pixKey, "financeiro@exemplo.com.br") << "the page pays the office's key";
  EXPECT_EQ(good.clientPage.pixName, "Escritório Exemplo");

  const auto own = loadHostConfig(dir.write("own.yaml", R"(office: {name: Escritório Exemplo, city: São Paulo, pix: {key: financeiro@exemplo.com.br}}
client_page:
  base_url: https://cobranca.exemplo.com.br
  key: 0123456789abcdef0123456789abcdef
  pix: {key: "+5511999998888"}
)"));
  EXPECT_EQ(own.clientPage.pixKey, "+5511999998888") << "client_page.pix names another receiver";
  EXPECT_EQ(own.clientPage.pixCity, "São Paulo");

  const std::string errors = errorsFor(dir, R"(office:
  name: Escritório Exemplo
  city: São Paulo
  pix: {key: "não é chave"}
)");
  EXPECT_NE(errors.find("regua.yaml:4:8: office.pix: "), std::string::npos) << errors;
  EXPECT_NE(errorsFor(dir, "office:\n  pix: {key: financeiro@exemplo.com.br}\n").find(
                "office.pix precisa de 'key', 'name' e 'city'"),
            std::string::npos)
      << "no office name or city to default to";
}

TEST(HostConfig, ReportsEveryErrorAtOnce) {
  TempDir dir;
  const std::string errors = errorsFor(dir, R"(htp: {}
http:
  port: oitenta
plugins:
  - required: true
  - name: x
    required: talvez
)");
  EXPECT_NE(errors.find("regua.yaml:1:1: chave desconhecida 'htp' em 'regua.yaml'; as permitidas são http, "
                        "storage, plugin_dirs, plugins, connectors, calendar, payment_profile, policies_dir, templates_dir, engine, timezone, "
                        "webhooks, office e client_page"),
            std::string::npos) << errors;
  EXPECT_NE(errors.find("regua.yaml:3:9: 'port' deve ser um inteiro entre 0 e 65535, veio 'oitenta'"),
            std::string::npos) << errors;
  EXPECT_NE(errors.find("regua.yaml:5:5: cada item de 'plugins' precisa de 'name'"), std::string::npos) << errors;
  EXPECT_NE(errors.find("regua.yaml:7:15: 'required' deve ser true ou false"), std::string::npos) << errors;
}

TEST(HostConfig, StorageUrlMustNameABackend) {
  TempDir dir;
  EXPECT_NE(errorsFor(dir, "storage:\n  url: mysql://x/y\n").find(
                ":2:8: 'url' deve ser sqlite:CAMINHO ou postgresql://usuário@host/banco, veio 'mysql://x/y'"),
            std::string::npos);
  EXPECT_NE(errorsFor(dir, "storage: {url: 'sqlite:'}\n").find("veio 'sqlite:'"), std::string::npos);
  EXPECT_NE(errorsFor(dir, "storage: {url: 'postgresql://'}\n").find("veio 'postgresql://'"), std::string::npos);
  EXPECT_EQ(errorsFor(dir, "storage: {url: 'sqlite:var/x.db'}\n"), "");
}

TEST(HostConfig, PortOutOfRangeIsRefused) {
  TempDir dir;
  EXPECT_NE(errorsFor(dir, "http: {port: 70000}\n").find("entre 0 e 65535, veio '70000'"), std::string::npos);
}

TEST(HostConfig, MalformedYamlGivesLineAndColumn) {
  TempDir dir;
  const std::string errors = errorsFor(dir, "plugins:\n  - name: a\n    config: {greeting: [oi\n");
  EXPECT_NE(errors.find("regua.yaml:4:1: YAML inválido"), std::string::npos) << errors;
}

TEST(HostConfig, WrongShapesAreExplained) {
  TempDir dir;
  EXPECT_NE(errorsFor(dir, "plugins: hello\n").find(":1:10: 'plugins' deve ser uma lista"), std::string::npos);
  EXPECT_NE(errorsFor(dir, "- a\n- b\n").find(":1:1: 'regua.yaml' deve ser um mapa"), std::string::npos);
  EXPECT_NE(errorsFor(dir, "plugins:\n  - name: x\n    config: [1]\n").find(":3:13: 'config' deve ser um mapa"),
            std::string::npos);
  EXPECT_NE(errorsFor(dir, "plugins:\n  - name: ../x\n").find("sem '/'; para um arquivo use 'path'"),
            std::string::npos);
}

TEST(ClockTime, ReadsAndWritesHoursAndMinutes) {
  EXPECT_EQ(parseClockMinutes("07:05"), 7 * 60 + 5);
  EXPECT_EQ(parseClockMinutes("24:00"), 24 * 60);
  for (const char* bad : {"7:05", "24:01", "07:60", "07h05", ""}) EXPECT_FALSE(parseClockMinutes(bad)) << bad;
  EXPECT_EQ(clockText(7 * 60 + 5), "07:05");
  EXPECT_EQ(clockText(0), "00:00");
  EXPECT_EQ(clockText(24 * 60), "24:00");
  EXPECT_EQ(clockText(*parseClockMinutes("18:30")), "18:30");
}

TEST(HostConfig, EngineSectionAndPolicyDirectories) {
  TempDir dir;
  const auto file = dir.write("regua.yaml", "policies_dir: regua\nengine: {max_attempts: 7, backoff_seconds: 0, "
                                            "run_at: \"06:30\", sync_every_minutes: 15}\n");
  const HostConfig config = loadHostConfig(file);
  EXPECT_EQ(config.policiesDir, dir.path() / "regua");
  EXPECT_EQ(config.templatesDir, dir.path() / "templates");
  EXPECT_EQ(config.maxAttempts, 7);
  EXPECT_EQ(config.backoffSeconds, 0);
  EXPECT_EQ(config.runAtMinute, 6 * 60 + 30);
  EXPECT_EQ(config.syncEveryMinutes, 15);
  EXPECT_NE(errorsFor(dir, "engine: {run_at: \"25:00\"}\n").find("'run_at' deve ser HH:MM (ex.: 07:00) ou off"), std::string::npos);
  EXPECT_NE(errorsFor(dir, "engine: {max_attempts: 0}\n").find("'max_attempts' deve ser um inteiro entre 1 e 100"),
            std::string::npos);
}

TEST(HostConfig, MissingFileSaysHowToPointToAnother) {
  TempDir dir;
  try {
    loadHostConfig(dir.path() / "absent.yaml");
    FAIL() << "a missing file must be an error";
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("absent.yaml: arquivo de configuração não encontrado"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("--config ARQUIVO"), std::string::npos);
  }
}

}  // namespace
}  // namespace regua::config
