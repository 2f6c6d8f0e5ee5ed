// `regua tasks list` and `regua tasks push`: the follow-up tasks the régua opened, who
// has them, and where each task tool stands with them.
#include <iostream>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <regua/utf8.hpp>

#include "app/cli.hpp"
#include "common/words.hpp"
#include "app/cli_values.hpp"
#include "app/workspace.hpp"
#include "services/json_views.hpp"
#include "services/task_board.hpp"

namespace regua::app {

namespace {

// "br.regua.redmine #42", "br.regua.redmine: aguardando (conexão recusada)", "...: recusada (...)".
std::string describeSync(const std::string& sink, const store::TaskSyncState& s, int revision) {
  if (s.failedRevision == revision) return sink + ": recusada (" + s.lastError + ")";
  if (!s.lastError.empty()) return sink + ": aguardando (" + s.lastError + ")";
  if (s.syncedRevision < revision) return sink + (s.externalId.empty() ? ": a enviar" : " #" + s.externalId + ", a atualizar");
  return sink + " #" + s.externalId;
}

}  // namespace

int runTasksList(const Invocation& invocation) {
  setupLogging("warning");
  Workspace ws;
  if (auto code = openWorkspace(invocation, {.store = true}, ws)) return *code;
  const auto list = services::listTasks(*ws.db, invocation.option("--responsible"), invocation.flag("--open"));
  if (invocation.flag("--json")) {
    Poco::JSON::Array out;
    for (const auto& v : list) out.add(services::toJson(v));
    out.stringify(std::cout, 2);
    std::cout << "\n";
    return kExitOk;
  }
  if (list.empty()) {
    std::cout << "nenhuma tarefa" << (invocation.flag("--open") ? " aberta" : "")
              << (invocation.option("--responsible") ? " de " + *invocation.option("--responsible") : "") << "\n";
    return kExitOk;
  }
  std::cout << column("#", 6) << column("TIPO", 13) << column("CLIENTE", 30) << column("RESPONSÁVEL", 26)
            << column("PRAZO", 12) << column("SITUAÇÃO", 10) << "DESTINOS\n";
  for (const auto& v : list) {
    const auto& t = v.task;
    std::string where;
    for (const auto& [sink, state] : v.sinks) where += (where.empty() ? "" : "; ") + describeSync(sink, state, t.revision);
    std::cout << column(std::to_string(t.id), 6) << column(t.type, 13)
              << column(utf8::prefix(v.clientId.empty() ? "?" : v.clientName, 28), 30)
              << column(t.responsible.empty() ? "-" : t.responsible, 26) << column(t.dueDate.br(), 12)
              << column(t.open ? (t.escalatedOn ? "escalada" : "aberta") : "encerrada", 10)
              << (where.empty() ? "-" : where) << "\n";
  }
  return kExitOk;
}

int runTasksPush(const Invocation& invocation) {
  setupLogging("warning");
  Workspace ws;
  if (auto code = openWorkspace(invocation, {.store = true, .plugins = true}, ws)) return *code;
  if (ws.plugins->taskSinks().empty()) {
    std::cerr << "regua: nenhum destino de tarefas configurado; acrescente um conector task_sink (ex.: redmine) em "
                 "'connectors' de "
              << ws.config.file.string() << "\n";
    return kExitConfig;
  }
  const bool retryRefused = invocation.flag("--retry-refused");
  const auto report = services::pushTasks(*ws.db, *ws.plugins, ws.config, retryRefused);
  if (!report) {
    std::cerr << "regua: outro processo (regua run ou regua serve) está rodando a régua; ele envia as tarefas\n";
    return kExitFailure;
  }
  if (retryRefused) std::cout << counted(report->requeued, "tarefa recusada", "tarefas recusadas") << " de novo na fila\n";
  std::cout << engine::describe(report->pushed) << "\n";
  for (const auto& [label, reason] : report->disabledSinks) {
    std::cerr << "regua: " << label << " desativado: " << reason << "\n";
  }
  return report->pushed.disabled > 0 || report->pushed.refused > 0 ? kExitFailure : kExitOk;
}

}  // namespace regua::app
