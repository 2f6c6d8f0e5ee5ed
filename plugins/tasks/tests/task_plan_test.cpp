// The tasks plugin's decisions on their own: policy arguments, who gets a task, and the
// shipped task templates.
#include "task_plan.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>

namespace regua::tasks {
namespace {

const std::map<std::string, Team> kTeams = {
    {"cobranca", {{"ana", "bruno", "carla"}, true}},
    {"juridico", {{"dora", "edu"}, false}},
};

TaskArgs parse(const Args& args) { return parseArgs(args, kTeams); }

std::string errorOf(const Args& args) {
  try {
    parse(args);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

TEST(TaskArgs, DefaultsAndEveryAssignmentForm) {
  const auto plain = parse({});
  EXPECT_EQ(plain.type, "cobranca");
  EXPECT_EQ(plain.templateName, "cobranca");
  EXPECT_EQ(plain.dueInBusinessDays, 2);
  EXPECT_EQ(plain.assign, TaskArgs::Assign::kClientResponsible);

  const auto person = parse({{"type", "juridico"}, {"assign", "person:dora"}, {"due_in", "5"}});
  EXPECT_EQ(person.assign, TaskArgs::Assign::kPerson);
  EXPECT_EQ(person.person, "dora");
  EXPECT_EQ(person.templateName, "juridico");
  EXPECT_EQ(person.dueInBusinessDays, 5);
  EXPECT_EQ(parse({{"assign", "payment_contact"}}).assign, TaskArgs::Assign::kPaymentContactOwner);
  EXPECT_EQ(parse({{"assign", "team:juridico"}}).team, "juridico");
  const auto escalating = parse({{"escalate_to", "gerente"}});
  EXPECT_EQ(escalating.escalateAfter, 3) << "escalation without a delay gets a sensible default";
}

TEST(TaskArgs, WrongArgumentsSayWhatIsWrongAndWhatIsAccepted) {
  EXPECT_NE(errorOf({{"assign", "someone"}}).find("use client, payment_contact, person:LOGIN ou team:EQUIPE"),
            std::string::npos);
  EXPECT_NE(errorOf({{"assign", "team:vendas"}}).find("a equipe 'vendas' não está em 'teams'"), std::string::npos);
  EXPECT_NE(errorOf({{"assign", "team:vendas"}}).find("há: cobranca, juridico"), std::string::npos);
  EXPECT_NE(errorOf({{"due_in", "dois"}}).find("due_in: 'dois' não é um número de dias úteis"), std::string::npos);
  EXPECT_NE(errorOf({{"escalate_after", "2"}}).find("escalate_after sem escalate_to"), std::string::npos);
  EXPECT_NE(errorOf({{"prazo", "2"}}).find("argumento desconhecido 'prazo'"), std::string::npos);
  EXPECT_NE(errorOf({{"type", ""}}).find("type: vazio"), std::string::npos);
}

// A fake load table: what the host's task_load would answer.
LoadOf loads(std::map<std::string, Host::TaskLoad> table) {
  return [table](const std::string& who) {
    auto it = table.find(who);
    return it == table.end() ? Host::TaskLoad{} : it->second;
  };
}

TEST(Assign, ClientResponsiblePaymentContactOwnerAndNamedPerson) {
  const auto none = loads({});
  EXPECT_EQ(assign(parse({}), "bruno", "carla", kTeams, "chefe", none).responsible, "bruno");
  EXPECT_EQ(assign(parse({{"assign", "payment_contact"}}), "bruno", "carla", kTeams, "chefe", none).responsible, "carla");
  EXPECT_EQ(assign(parse({{"assign", "person:dora"}}), "bruno", "carla", kTeams, "chefe", none).responsible, "dora");
}

TEST(Assign, FallsBackAndSaysSo) {
  const auto none = loads({});
  const auto noOwner = assign(parse({{"assign", "payment_contact"}}), "bruno", "", kTeams, "chefe", none);
  EXPECT_EQ(noOwner.responsible, "bruno");
  EXPECT_NE(noOwner.fallbackNote.find("contato de pagamento do cliente não tem responsável"), std::string::npos);
  const auto nobody = assign(parse({}), "", "", kTeams, "chefe", none);
  EXPECT_EQ(nobody.responsible, "chefe");
  EXPECT_NE(nobody.fallbackNote.find("ficou com chefe (default_responsible)"), std::string::npos);
  const auto unassigned = assign(parse({}), "", "", kTeams, "", none);
  EXPECT_EQ(unassigned.responsible, "");
  EXPECT_NE(unassigned.fallbackNote.find("configure default_responsible"), std::string::npos);
}

TEST(Assign, RoundRobinGoesToWhoWasGivenFewestAndFewestOpenToTheLeastBusy) {
  // Round robin: ana and bruno had 4 each, carla 3: carla's turn, whatever is open now.
  const auto rr = loads({{"ana", {0, 4}}, {"bruno", {1, 4}}, {"carla", {3, 3}}});
  EXPECT_EQ(assign(parse({{"assign", "team:cobranca"}}), "", "", kTeams, "", rr).responsible, "carla");
  // A tie goes to the first in the list.
  const auto even = loads({{"ana", {0, 2}}, {"bruno", {0, 2}}, {"carla", {0, 2}}});
  EXPECT_EQ(assign(parse({{"assign", "team:cobranca"}}), "", "", kTeams, "", even).responsible, "ana");
  // Fewest open: edu has fewer open tasks though more overall.
  const auto busy = loads({{"dora", {5, 6}}, {"edu", {2, 40}}});
  EXPECT_EQ(assign(parse({{"assign", "team:juridico"}}), "", "", kTeams, "", busy).responsible, "edu");
}

TEST(Templates, ShippedTaskTemplatesUseKnownVariablesAndShowAmountsAndContacts) {
  templates::TemplateFiles files(REGUA_TEMPLATES_DIR);
  const auto data = toData(sampleView());
  for (const char* name : {"cobranca", "negativacao"}) {
    for (const std::string suffix : {".task.title.mustache", ".task.txt.mustache"}) {
      const auto problems = files.check(name + suffix, data);
      EXPECT_TRUE(problems.empty()) << name << suffix << ": " << problems.front();
    }
  }
  const std::string title = files.render("cobranca.task.title.mustache", data);
  EXPECT_NE(title.find("Cobrar Padaria Pão Dourado: 1 título(s) em atraso, R$ 1.023,33"), std::string::npos) << title;
  const std::string text = files.render("cobranca.task.txt.mustache", data);
  EXPECT_NE(text.find("11.222.333/0001-81"), std::string::npos) << text;
  EXPECT_NE(text.find("vencido em 02/03/2026, R$ 1.000,00 → R$ 1.023,33 (10 dias de atraso"), std::string::npos) << text;
  EXPECT_NE(text.find("05/03/2026 [message] e-mail para f***@padaria.com.br"), std::string::npos) << text;
  EXPECT_NE(text.find("prazo para o contato: 16/03/2026"), std::string::npos) << text;
}

TEST(Templates, AnUnknownVariableInATaskTemplateIsReported) {
  const auto dir = std::filesystem::temp_directory_path() / "regua-task-templates";
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "x.task.title.mustache") << "{{cliente}} {{valor_total}}";
  templates::TemplateFiles files(dir.string());
  const auto problems = files.check("x.task.title.mustache", toData(sampleView()));
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems.front(), "x.task.title.mustache: variável desconhecida 'valor_total'");
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace regua::tasks
