#include "config/host_config.hpp"

#include <algorithm>
#include <system_error>

#include <regua/pix.hpp>

#include "common/clock_time.hpp"
#include "config/yaml_reader.hpp"

namespace regua::config {

std::string ExtensionEntry::label() const {
  if (!name.empty()) return name;
  return path ? path->filename().string() : std::string("?");
}

namespace {

std::filesystem::path resolveAgainst(const std::filesystem::path& configFile, const std::string& value) {
  std::filesystem::path p(value);
  if (p.is_relative()) p = configFile.parent_path() / p;
  return p.lexically_normal();
}

void readExtensions(YamlReader& reader, const YAML::Node& list, ExtensionKind kind,
                    std::string_view section, HostConfig& out) {
  if (!list || list.IsNull()) return;
  if (!reader.expectSequence(list, section)) return;
  for (const auto& item : list) {
    if (!reader.expectMap(item, section, {"name", "path", "required", "config"})) continue;
    ExtensionEntry entry;
    entry.kind = kind;
    entry.line = item.Mark().line + 1;
    entry.name = reader.string(item, "name").value_or("");
    if (auto path = reader.string(item, "path")) entry.path = resolveAgainst(reader.file(), *path);
    if (entry.name.empty() && !entry.path) {
      reader.error(item, "cada item de '" + std::string(section) +
                             "' precisa de 'name' (procurado nos diretórios de plugins) ou 'path' "
                             "(caminho do arquivo .so)");
      continue;
    }
    if (!entry.name.empty() && entry.name.find('/') != std::string::npos) {
      reader.error(item["name"], "'name' é o nome do plugin, sem '/'; para um arquivo use 'path'");
      continue;
    }
    entry.required = reader.boolean(item, "required").value_or(false);
    // Node::operator= rebinds only from a defined node; an absent key stays a null node.
    if (const YAML::Node section = item["config"]) {
      if (!section.IsMap() && !section.IsNull()) {
        reader.error(section, "'config' deve ser um mapa com a configuração do plugin");
        continue;
      }
      entry.section = section;
    }
    out.extensions.push_back(std::move(entry));
  }
}

}  // namespace

HostConfig defaultHostConfig() {
  HostConfig config;
  config.holidaysDir = "holidays";
  config.policiesDir = "policies";
  config.templatesDir = "templates";
  return config;
}

namespace {

void readHttp(YamlReader& reader, const YAML::Node& http, HostConfig& config) {
  if (!http || !reader.expectMap(http, "http", {"host", "port", "workers", "max_connections", "tls"})) return;
  if (const YAML::Node tls = http["tls"]; tls && reader.expectMap(tls, "http.tls", {"certificate", "key"})) {
    const auto certificate = reader.string(tls, "certificate"), key = reader.string(tls, "key");
    if (!certificate || !key) {
      reader.error(tls, "http.tls precisa de 'certificate' e 'key' (arquivos PEM)");
    } else {
      config.httpTlsCertificate = resolveAgainst(config.file, *certificate);
      config.httpTlsKey = resolveAgainst(config.file, *key);
    }
  }
  config.httpHost = reader.string(http, "host").value_or(config.httpHost);
  if (auto port = reader.integer(http, "port", 0, 65535)) config.httpPort = static_cast<std::uint16_t>(*port);
  if (auto workers = reader.integer(http, "workers", 1, 256)) config.httpWorkers = static_cast<int>(*workers);
  if (auto limit = reader.integer(http, "max_connections", 16, 1'000'000)) {
    config.httpMaxConnections = static_cast<int>(*limit);
  }
}

void readStorage(YamlReader& reader, const YAML::Node& storage, HostConfig& config) {
  if (!storage || !reader.expectMap(storage, "storage", {"url"})) return;
  const auto url = reader.string(storage, "url");
  if (!url) return;
  bool known = false;  // a backend scheme followed by something
  for (std::string_view scheme : {"sqlite:", "postgresql://", "postgres://"}) {
    known = known || (url->rfind(scheme, 0) == 0 && url->size() > scheme.size());
  }
  if (!known) {
    reader.error(storage["url"], "'url' deve ser sqlite:CAMINHO ou postgresql://usuário@host/banco, veio '" + *url + "'");
    return;
  }
  config.storageUrl = *url;
  if (url->rfind("sqlite:", 0) == 0) config.storageUrl = "sqlite:" + resolveAgainst(config.file, url->substr(7)).string();
}

void readPluginDirs(YamlReader& reader, const YAML::Node& dirs, HostConfig& config) {
  if (!dirs || !reader.expectSequence(dirs, "plugin_dirs")) return;
  for (const auto& dir : dirs) {
    if (!dir.IsScalar()) {
      reader.error(dir, "cada item de 'plugin_dirs' deve ser um caminho de diretório");
      continue;
    }
    config.pluginDirs.push_back(resolveAgainst(config.file, dir.Scalar()));
  }
}

}  // namespace

bool WebhookConfig::wants(const std::string& type) const {
  return std::find(events.begin(), events.end(), "*") != events.end() ||
         std::find(events.begin(), events.end(), type) != events.end();
}

namespace {

void readWebhooks(YamlReader& reader, const YAML::Node& list, HostConfig& config) {
  if (!list || !reader.expectSequence(list, "webhooks")) return;
  for (const auto& entry : list) {
    if (!reader.expectMap(entry, "webhooks", {"name", "url", "secret", "events", "timeout_seconds", "backoff_seconds"})) {
      continue;
    }
    WebhookConfig w;
    w.url = reader.string(entry, "url").value_or("");
    if (w.url.rfind("http://", 0) != 0 && w.url.rfind("https://", 0) != 0) {
      reader.error(entry, "webhook sem 'url' http:// ou https:// (veio '" + w.url + "')");
    }
    w.name = reader.string(entry, "name").value_or(w.url);
    w.secret = reader.string(entry, "secret").value_or("");
    if (w.secret.size() < 16) {
      reader.error(entry, "o 'secret' do webhook " + w.name + " deve ter 16 caracteres ou mais (gere um com "
                          "openssl rand -hex 32); ele assina cada entrega");
    }
    const YAML::Node events = entry["events"];
    if (!events || !events.IsSequence() || events.size() == 0) {
      reader.error(entry, "o webhook " + w.name + " precisa de 'events': uma lista (\"*\" para todos)");
    } else {
      for (const auto& e : events) {
        const std::string type = e.IsScalar() ? e.Scalar() : "";
        if (type != "*" && std::find(kEventTypes.begin(), kEventTypes.end(), type) == kEventTypes.end()) {
          std::string known;
          for (const auto& k : kEventTypes) known += (known.empty() ? "" : ", ") + k;
          reader.error(e, "evento desconhecido '" + type + "'; use \"*\" ou: " + known);
          continue;
        }
        w.events.push_back(type);
      }
    }
    w.timeoutSeconds = static_cast<int>(reader.integer(entry, "timeout_seconds", 1, 120).value_or(w.timeoutSeconds));
    w.backoffSeconds = static_cast<int>(reader.integer(entry, "backoff_seconds", 0, 3600).value_or(w.backoffSeconds));
    for (const auto& other : config.webhooks) {
      if (other.name == w.name) reader.error(entry, "dois webhooks chamados '" + w.name + "'; dê a cada um um 'name'");
    }
    config.webhooks.push_back(std::move(w));
  }
}

// A PIX receiver (office.pix, client_page.pix): the key, and the name and city the code
// carries, checked now by building a code, so a bad key is refused at load.
void readPixReceiver(YamlReader& reader, const YAML::Node& pix, const std::string& where, const std::string& defaultName,
                     const std::string& defaultCity, std::string& key, std::string& name, std::string& city) {
  if (!pix || !reader.expectMap(pix, where, {"key", "name", "city"})) return;
  key = reader.string(pix, "key").value_or("");
  name = reader.string(pix, "name").value_or(defaultName);
  city = reader.string(pix, "city").value_or(defaultCity);
  if (key.empty() || name.empty() || city.empty()) {
    reader.error(pix, where + " precisa de 'key', 'name' e 'city' (quem recebe, como no código PIX; name e city "
                              "vêm de office quando ele os tem)");
    return;
  }
  try {
    pix::build({key, name, city, Money::fromCentavos(1), "", ""});
  } catch (const pix::Invalid& e) {
    reader.error(pix, where + ": " + e.what());
  }
}

void readOffice(YamlReader& reader, const YAML::Node& node, HostConfig& config) {
  if (!node || !reader.expectMap(node, "office", {"name", "email", "phone", "city", "pix"})) return;
  OfficeConfig& o = config.office;
  o.name = reader.string(node, "name").value_or("");
  o.email = reader.string(node, "email").value_or("");
  o.phone = reader.string(node, "phone").value_or("");
  o.city = reader.string(node, "city").value_or("");
  readPixReceiver(reader, node["pix"], "office.pix", o.name, o.city, o.pixKey, o.pixName, o.pixCity);
}

void readClientPage(YamlReader& reader, const YAML::Node& page, HostConfig& config) {
  if (!page || !reader.expectMap(page, "client_page", {"base_url", "key", "valid_days", "pix"})) return;
  ClientPageConfig& c = config.clientPage;
  c.baseUrl = reader.string(page, "base_url").value_or("");
  while (!c.baseUrl.empty() && c.baseUrl.back() == '/') c.baseUrl.pop_back();
  if (c.baseUrl.rfind("http://", 0) != 0 && c.baseUrl.rfind("https://", 0) != 0) {
    reader.error(page, "client_page precisa de 'base_url' http:// ou https:// (o endereço pelo qual os clientes "
                       "chegam ao regua serve), veio '" + c.baseUrl + "'");
  }
  c.key = reader.string(page, "key").value_or("");
  if (c.key.size() < 32) {
    reader.error(page, "a 'key' de client_page deve ter 32 caracteres ou mais (gere uma com openssl rand -hex 32); "
                       "ela assina os links dos clientes");
  }
  c.validDays = static_cast<int>(reader.integer(page, "valid_days", 1, 90).value_or(c.validDays));
  const OfficeConfig& office = config.office;
  c.pixKey = office.pixKey;  // the office's receiver unless the page names its own
  c.pixName = office.pixName;
  c.pixCity = office.pixCity;
  readPixReceiver(reader, page["pix"], "client_page.pix", office.name, office.city, c.pixKey, c.pixName, c.pixCity);
}

void readEngine(YamlReader& reader, const YAML::Node& engine, HostConfig& config) {
  if (!engine || !reader.expectMap(engine, "engine", {"max_attempts", "backoff_seconds", "run_at", "sync_every_minutes",
                                                 "stuck_after_seconds", "lease_seconds", "batch_clients"})) {
    return;
  }
  config.maxAttempts = static_cast<int>(reader.integer(engine, "max_attempts", 1, 100).value_or(config.maxAttempts));
  config.backoffSeconds =
      static_cast<int>(reader.integer(engine, "backoff_seconds", 0, 86400).value_or(config.backoffSeconds));
  config.stuckAfterSeconds =
      static_cast<int>(reader.integer(engine, "stuck_after_seconds", 1, 86400).value_or(config.stuckAfterSeconds));
  config.leaseSeconds = static_cast<int>(reader.integer(engine, "lease_seconds", 5, 3600).value_or(config.leaseSeconds));
  config.batchClients = static_cast<int>(reader.integer(engine, "batch_clients", 1, 100000).value_or(config.batchClients));
  config.syncEveryMinutes =
      static_cast<int>(reader.integer(engine, "sync_every_minutes", 0, 10080).value_or(config.syncEveryMinutes));
  if (auto at = reader.string(engine, "run_at")) {
    if (*at == "off") {
      config.runAtMinute = HostConfig::kNeverRun;
    } else if (auto minute = parseClockMinutes(*at); minute && *minute < 24 * 60) {
      config.runAtMinute = *minute;
    } else {
      reader.error(engine["run_at"], "'run_at' deve ser HH:MM (ex.: 07:00) ou off, veio '" + *at + "'");
    }
  }
}

void readTimeZone(YamlReader& reader, const YAML::Node& root, HostConfig& config) {
  const auto zone = reader.string(root, "timezone");
  if (!zone) return;
  if (knownTimeZone(*zone)) {
    config.timezone = *zone;
  } else {
    reader.error(root["timezone"], "fuso horário '" + *zone + "' desconhecido; use um nome da base tz do sistema "
                                   "(America/Sao_Paulo, America/Manaus, America/Noronha...)");
  }
}

void readCalendar(YamlReader& reader, const YAML::Node& calendar, HostConfig& config) {
  if (!calendar || !reader.expectMap(calendar, "calendar", {"holidays_dir", "city"})) return;
  if (auto dir = reader.string(calendar, "holidays_dir")) config.holidaysDir = resolveAgainst(config.file, *dir);
  if (auto city = reader.string(calendar, "city")) {
    const bool ibge = city->size() == 7 && city->find_first_not_of("0123456789") == std::string::npos;
    if (ibge) {
      config.city = *city;
    } else {
      reader.error(calendar["city"], "'city' é o código IBGE do município, 7 dígitos (São Paulo: 3550308)");
    }
  }
}

void readProfile(YamlReader& reader, const YAML::Node& profile, HostConfig& config) {
  if (!profile || !reader.expectMap(profile, "payment_profile", {"ocasional_from", "recorrente_from"})) return;
  auto& thresholds = config.profile;
  thresholds.ocasionalFrom =
      static_cast<int>(reader.integer(profile, "ocasional_from", 1, 1000).value_or(thresholds.ocasionalFrom));
  thresholds.recorrenteFrom =
      static_cast<int>(reader.integer(profile, "recorrente_from", 1, 1000).value_or(thresholds.recorrenteFrom));
  if (thresholds.recorrenteFrom <= thresholds.ocasionalFrom) {
    reader.error(profile, "'recorrente_from' deve ser maior que 'ocasional_from'");
  }
}

}  // namespace

HostConfig loadHostConfig(const std::filesystem::path& file) {
  std::error_code ec;
  if (!std::filesystem::exists(file, ec)) {
    throw ConfigError({{file, 0, 0,
                        "arquivo de configuração não encontrado; rode a partir da raiz do projeto "
                        "ou passe --config ARQUIVO"}});
  }
  YamlReader reader(std::filesystem::absolute(file, ec).lexically_normal());
  HostConfig config;
  config.file = reader.file();
  const YAML::Node& root = reader.root();
  if (!reader.ok()) reader.throwIfErrors();
  config.holidaysDir = config.file.parent_path() / "holidays";
  config.policiesDir = config.file.parent_path() / "policies";
  config.templatesDir = config.file.parent_path() / "templates";
  if (root.IsNull()) return config;  // an empty file means all defaults

  if (!reader.expectMap(root, "regua.yaml",
                        {"http", "storage", "plugin_dirs", "plugins", "connectors", "calendar", "payment_profile",
                         "policies_dir", "templates_dir", "engine", "timezone", "webhooks", "office", "client_page"})) {
    reader.throwIfErrors();
  }
  readHttp(reader, root["http"], config);
  readStorage(reader, root["storage"], config);
  readPluginDirs(reader, root["plugin_dirs"], config);
  config.policiesDir = resolveAgainst(config.file, reader.string(root, "policies_dir").value_or("policies"));
  config.templatesDir = resolveAgainst(config.file, reader.string(root, "templates_dir").value_or("templates"));
  readEngine(reader, root["engine"], config);
  readCalendar(reader, root["calendar"], config);
  readTimeZone(reader, root, config);
  readProfile(reader, root["payment_profile"], config);
  readExtensions(reader, root["plugins"], ExtensionKind::kPlugin, "plugins", config);
  readExtensions(reader, root["connectors"], ExtensionKind::kConnector, "connectors", config);
  readWebhooks(reader, root["webhooks"], config);
  readOffice(reader, root["office"], config);
  readClientPage(reader, root["client_page"], config);
  reader.throwIfErrors();
  return config;
}

}  // namespace regua::config
