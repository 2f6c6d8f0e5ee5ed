// What the tasks plugin decides for one create_task call, kept apart from the ABI so it
// can be tested on its own: how a policy's arguments read, who gets the task, and the
// data its templates see.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <regua/plugin.hpp>

#include <regua/messages/open_items.hpp>
#include <regua/messages/template_files.hpp>

namespace regua::tasks {

// A team from the plugin's config: who is in it and how work is shared.
struct Team {
  std::vector<std::string> members;
  bool roundRobin = false;  // else fewest open tasks
};

// A policy's create_task arguments, read and checked.
struct TaskArgs {
  std::string type = "cobranca";
  std::string templateName;  // default: the type
  int dueInBusinessDays = 2;
  enum class Assign { kClientResponsible, kPaymentContactOwner, kPerson, kTeam } assign = Assign::kClientResponsible;
  std::string person, team;  // for kPerson / kTeam
  std::string escalateTo;
  int escalateAfter = 0;
  std::string stageMessage;  // host-set: "entregue", "não entregue" or "" (no message in the stage)
};

// Reads the arguments; throws std::invalid_argument saying which one is wrong and what it
// accepts. `teams` are the configured teams (a team argument must name one).
TaskArgs parseArgs(const Args& args, const std::map<std::string, Team>& teams);

// Who gets the task, and a note when the rule had to fall back.
struct Assignment {
  std::string responsible;
  std::string fallbackNote;
};
using LoadOf = std::function<Host::TaskLoad(const std::string&)>;
Assignment assign(const TaskArgs& args, std::string_view clientResponsible, std::string_view paymentContactOwner,
                  const std::map<std::string, Team>& teams, const std::string& defaultResponsible,
                  const LoadOf& load);

// What the task templates see.
struct TaskView {
  std::string clientName, clientDocument, type, responsible, stage;
  std::string stageMessage;  // see TaskArgs
  Date asOf, dueDate;
  std::vector<templates::ItemView> items;
  std::vector<Host::HistoryLine> lastContacts;
};
templates::Data toData(const TaskView& view);
TaskView sampleView();

}  // namespace regua::tasks
