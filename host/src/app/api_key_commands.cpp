// `regua api-key create|list|revoke`: the keys the office's systems use on the REST API.
#include <iostream>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include "app/cli.hpp"
#include "app/workspace.hpp"
#include "common/office_time.hpp"
#include "services/api_keys.hpp"

namespace regua::app {

namespace {

// A stored UTC instant as the office reads it.
std::string local(const std::string& utc) {
  const auto parsed = parseUtc(utc);
  return parsed ? formatLocal(*parsed) : utc;
}

}  // namespace

int runApiKeyCreate(const Invocation& invocation) {
  setupLogging("warning");
  Workspace ws;
  if (auto code = openWorkspace(invocation, {.store = true, .createStore = true}, ws)) return *code;
  try {
    const auto made = services::createApiKey(*ws.db, invocation.option("--name").value_or(""),
                                             invocation.option("--role").value_or(""));
    std::cout << "chave '" << made.record.name << "' (" << made.record.role << ") criada. Guarde-a agora: ela não "
              << "aparece de novo; o Régua guarda só um hash dela.\n"
              << "Use no cabeçalho Authorization: Bearer <chave>\n"
              << made.key << "\n";
    return kExitOk;
  } catch (const services::ApiKeyError& e) {
    std::cerr << "regua: " << e.what() << "\n";
    return kExitUsage;
  }
}

int runApiKeyList(const Invocation& invocation) {
  setupLogging("warning");
  Workspace ws;
  if (auto code = openWorkspace(invocation, {.store = true}, ws)) return *code;
  const auto keys = services::listApiKeys(*ws.db);
  if (invocation.flag("--json")) {
    Poco::JSON::Array out;
    for (const auto& k : keys) {
      Poco::JSON::Object item(Poco::JSON_PRESERVE_KEY_ORDER);
      item.set("name", k.name);
      item.set("role", k.role);
      item.set("created_at", k.createdAt);
      item.set("revoked_at", k.revokedAt.value_or(""));
      out.add(item);
    }
    out.stringify(std::cout, 2);
    std::cout << "\n";
    return kExitOk;
  }
  if (keys.empty()) {
    std::cout << "nenhuma chave; crie uma com regua api-key create --name NOME --role PAPEL\n";
    return kExitOk;
  }
  for (const auto& k : keys) {
    std::cout << k.name << "  " << k.role << "  criada em " << local(k.createdAt)
              << (k.revokedAt ? "  revogada em " + local(*k.revokedAt) : std::string("  ativa")) << "\n";
  }
  return kExitOk;
}

int runApiKeyRevoke(const Invocation& invocation) {
  setupLogging("warning");
  Workspace ws;
  if (auto code = openWorkspace(invocation, {.store = true}, ws)) return *code;
  try {
    services::revokeApiKey(*ws.db, invocation.args.at(0));
    std::cout << "chave '" << invocation.args.at(0) << "' revogada: a partir de agora recebe 401\n";
    return kExitOk;
  } catch (const services::ApiKeyError& e) {
    std::cerr << "regua: " << e.what() << "\n";
    return kExitFailure;
  }
}

}  // namespace regua::app
