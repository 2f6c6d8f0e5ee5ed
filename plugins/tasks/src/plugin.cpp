// The tasks plugin (action `create_task`): turns a policy stage into a follow-up task in
// the office's task tool — a type, a title and description from the office's templates
// (the client, every open item with its amount updated today, the last contacts), a due
// date in business days and the right person: the client's responsible, whoever deals
// with the client's payment contact, a named person, or a team (round robin or fewest
// open tasks), escalated to a manager when it stays open too long. The host keeps one
// open task per client and type (a new stage becomes a comment on it) and pushes it to
// the task sinks (Redmine, ...).
//
// regua.yaml:
//   plugins:
//     - name: tasks
//       config:
//         templates_dir: templates               # <template>.task.title.mustache, .task.txt.mustache
//         default_responsible: ana@escritorio.com.br
//         teams:
//           cobranca: {members: [ana@escritorio.com.br, bruno@escritorio.com.br], strategy: round_robin}
// A policy stage:
//   - action: create_task
//     type: cobranca                 # one open task per client and type
//     due_in: 2                      # business days
//     assign: team:cobranca          # client (default), payment_contact, person:LOGIN, team:NAME
//     escalate_to: gerente@escritorio.com.br
//     escalate_after: 3              # business days past the due date
#include <map>
#include <string>

#include <yaml-cpp/yaml.h>

#include <regua/plugin.hpp>

#include "task_plan.hpp"

namespace {

using regua::tasks::TaskArgs;
using regua::tasks::Team;

class Tasks {
 public:
  static constexpr const char* kActionNames[] = {"create_task", nullptr};

  explicit Tasks(regua::Host host)
      : host_(host), templates_(regua::templates::templatesDir(host)),
        defaultResponsible_(host.configOr("default_responsible", "")) {
    readTeams();
  }

  std::string check(std::string_view, const regua::Args& args) {
    try {
      const TaskArgs parsed = regua::tasks::parseArgs(args, teams_);
      std::string out;
      for (const auto& problem : checkTemplate(parsed.templateName)) out += (out.empty() ? "" : "; ") + problem;
      return out;
    } catch (const std::invalid_argument& e) {
      return e.what();
    }
  }

  regua::ActionOutcome execute(const regua::Intent& intent) {
    regua::Args args;
    for (std::size_t i = 0; i < intent.raw().args_count; ++i) {
      args.emplace_back(regua::view(intent.raw().args[i].key), regua::view(intent.raw().args[i].value));
    }
    TaskArgs parsed;
    try {
      parsed = regua::tasks::parseArgs(args, teams_);
    } catch (const std::invalid_argument& e) {
      return regua::ActionOutcome::failed(std::string("create_task: ") + e.what());
    }
    const auto who = regua::tasks::assign(parsed, intent.clientResponsible(), intent.paymentContactOwner(), teams_,
                                          defaultResponsible_,
                                          [&](const std::string& person) { return host_.taskLoad(person); });
    // No log line per task: the note goes on the task, and the host's run summary counts
    // the tasks nobody has, once.

    regua::tasks::TaskView view;
    view.clientName = std::string(intent.clientName());
    view.clientDocument = std::string(intent.clientDocument());
    view.type = parsed.type;
    view.responsible = who.responsible;
    view.stage = std::string(intent.stageId());
    view.stageMessage = parsed.stageMessage;
    view.asOf = intent.asOf();
    view.dueDate = host_.addBusinessDays(intent.asOf(), parsed.dueInBusinessDays);
    view.items = regua::templates::quotedItems(host_, intent);
    view.lastContacts = host_.recentHistory(5);
    const auto data = regua::tasks::toData(view);
    std::string title = templates_.render(parsed.templateName + ".task.title.mustache", data);
    title = title.substr(0, title.find('\n'));
    const std::string description = templates_.render(parsed.templateName + ".task.txt.mustache", data);

    std::string note = "Estágio " + view.stage + " em " + view.asOf.br() + ": " + std::to_string(view.items.size()) +
                       " título(s), " + regua::templates::totalUpdated(view.items).toBrl() + " atualizado.";
    if (!who.fallbackNote.empty()) note += " Atenção: " + who.fallbackNote + ".";
    const auto receipt = host_.upsertTask({parsed.type, title, description, who.responsible, note, view.dueDate,
                                           parsed.escalateTo, parsed.escalateAfter});
    return regua::ActionOutcome::done(
        "tarefa:" + receipt.taskId,
        "tarefa #" + receipt.taskId + (receipt.created ? " aberta" : " atualizada") +
            (receipt.responsible.empty() ? "" : " (" + receipt.responsible + ")") +
            (who.fallbackNote.empty() ? "" : "; " + who.fallbackNote));
  }

 private:
  void readTeams() {
    YAML::Node teams;
    try {
      teams = YAML::Load(std::string(host_.configText()))["teams"];
    } catch (const YAML::Exception& e) {
      throw regua::ConfigError(std::string("configuração ilegível: ") + e.what());
    }
    if (!teams) return;
    if (!teams.IsMap()) throw regua::ConfigError("teams: esperado um mapa de equipes (nome: {members: [...], strategy: ...})");
    for (const auto& entry : teams) {
      const std::string name = entry.first.as<std::string>();
      const YAML::Node members = entry.second["members"];
      Team team;
      if (members && members.IsSequence()) {
        for (const auto& member : members) team.members.push_back(member.as<std::string>());
      }
      if (team.members.empty()) throw regua::ConfigError("teams." + name + ".members: a equipe precisa de ao menos uma pessoa");
      const std::string strategy = entry.second["strategy"] ? entry.second["strategy"].as<std::string>() : "fewest_open";
      if (strategy != "fewest_open" && strategy != "round_robin") {
        throw regua::ConfigError("teams." + name + ".strategy: '" + strategy + "' não existe; use round_robin ou fewest_open");
      }
      team.roundRobin = strategy == "round_robin";
      teams_[name] = std::move(team);
    }
  }

  std::vector<std::string> checkTemplate(const std::string& name) {
    const auto sample = regua::tasks::toData(regua::tasks::sampleView());
    std::vector<std::string> problems;
    for (const std::string& file : {name + ".task.title.mustache", name + ".task.txt.mustache"}) {
      if (!templates_.exists(file)) {
        problems.push_back("falta o modelo de tarefa " + templates_.dir() + "/" + file);
        continue;
      }
      for (auto& p : templates_.check(file, sample)) problems.push_back(std::move(p));
    }
    return problems;
  }

  regua::Host host_;
  regua::templates::TemplateFiles templates_;
  std::string defaultResponsible_;
  std::map<std::string, Team> teams_;
};

}  // namespace

REGUA_PLUGIN(Tasks, "br.regua.tasks", "1.0.0", "Tarefas de acompanhamento por cliente, tipo e responsável")
