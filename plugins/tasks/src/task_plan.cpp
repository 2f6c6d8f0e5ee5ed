#include "task_plan.hpp"

#include <algorithm>
#include <stdexcept>

#include <regua/document.hpp>

namespace regua::tasks {

namespace {

int nonNegative(std::string_view key, std::string_view value) {
  int out = 0;
  for (char c : value) {
    if (c < '0' || c > '9' || out > 3650) {
      throw std::invalid_argument(std::string(key) + ": '" + std::string(value) +
                                  "' não é um número de dias úteis (0 ou mais)");
    }
    out = out * 10 + (c - '0');
  }
  if (value.empty()) throw std::invalid_argument(std::string(key) + ": vazio; informe um número de dias úteis");
  return out;
}

std::string formattedDocument(const std::string& digits) {
  if (const auto doc = Document::parse(digits)) return doc->formatted();
  return digits;
}

}  // namespace

TaskArgs parseArgs(const Args& args, const std::map<std::string, Team>& teams) {
  TaskArgs out;
  for (const auto& [key, value] : args) {
    if (key == "type") {
      if (value.empty()) throw std::invalid_argument("type: vazio; dê um tipo à tarefa (ex.: cobranca)");
      out.type = std::string(value);
    } else if (key == "template") {
      out.templateName = std::string(value);
    } else if (key == "due_in") {
      out.dueInBusinessDays = nonNegative(key, value);
    } else if (key == "assign") {
      if (value == "client") {
        out.assign = TaskArgs::Assign::kClientResponsible;
      } else if (value == "payment_contact") {
        out.assign = TaskArgs::Assign::kPaymentContactOwner;
      } else if (value.substr(0, 7) == "person:" && value.size() > 7) {
        out.assign = TaskArgs::Assign::kPerson;
        out.person = std::string(value.substr(7));
      } else if (value.substr(0, 5) == "team:" && value.size() > 5) {
        out.assign = TaskArgs::Assign::kTeam;
        out.team = std::string(value.substr(5));
        if (teams.count(out.team) == 0) {
          std::string known;
          for (const auto& [name, team] : teams) known += (known.empty() ? "" : ", ") + name;
          throw std::invalid_argument("assign: a equipe '" + out.team + "' não está em 'teams' na configuração do "
                                      "plugin tasks" + (known.empty() ? "" : " (há: " + known + ")"));
        }
      } else {
        throw std::invalid_argument("assign: '" + std::string(value) +
                                    "' não é válido; use client, payment_contact, person:LOGIN ou team:EQUIPE");
      }
    } else if (key == "escalate_to") {
      out.escalateTo = std::string(value);
    } else if (key == "escalate_after") {
      out.escalateAfter = nonNegative(key, value);
    } else if (key == "channel") {
      // set by the host for message actions; a task has no channel
    } else if (key == "stage_message") {
      out.stageMessage = std::string(value);  // set by the host: what became of the stage's message
    } else {
      throw std::invalid_argument("argumento desconhecido '" + std::string(key) +
                                  "'; create_task aceita type, template, due_in, assign, escalate_to, escalate_after");
    }
  }
  if (out.escalateAfter > 0 && out.escalateTo.empty()) {
    throw std::invalid_argument("escalate_after sem escalate_to: diga para quem a tarefa vai quando atrasar");
  }
  if (!out.escalateTo.empty() && out.escalateAfter == 0) out.escalateAfter = 3;
  if (out.templateName.empty()) out.templateName = out.type;
  return out;
}

Assignment assign(const TaskArgs& args, std::string_view clientResponsible, std::string_view paymentContactOwner,
                  const std::map<std::string, Team>& teams, const std::string& defaultResponsible,
                  const LoadOf& load) {
  auto fallback = [&](const std::string& why) {
    if (!clientResponsible.empty() && args.assign != TaskArgs::Assign::kClientResponsible) {
      return Assignment{std::string(clientResponsible), why + "; ficou com o responsável pelo cliente"};
    }
    return Assignment{defaultResponsible, why + (defaultResponsible.empty()
                                                     ? "; a tarefa ficou sem responsável (configure default_responsible)"
                                                     : "; ficou com " + defaultResponsible + " (default_responsible)")};
  };
  switch (args.assign) {
    case TaskArgs::Assign::kPerson:
      return {args.person, ""};
    case TaskArgs::Assign::kPaymentContactOwner:
      if (!paymentContactOwner.empty()) return {std::string(paymentContactOwner), ""};
      return fallback("o contato de pagamento do cliente não tem responsável no escritório");
    case TaskArgs::Assign::kTeam: {
      const Team& team = teams.at(args.team);
      const std::string* best = nullptr;
      Host::TaskLoad bestLoad;
      for (const auto& member : team.members) {
        const Host::TaskLoad l = load(member);
        // Round robin: whoever was given the fewest tasks so far; fewest open: the least
        // busy now (then the fewest so far). Ties go to the first in the list.
        const bool better = best == nullptr ||
                            (team.roundRobin ? l.assigned < bestLoad.assigned
                                             : l.open < bestLoad.open ||
                                                   (l.open == bestLoad.open && l.assigned < bestLoad.assigned));
        if (better) {
          best = &member;
          bestLoad = l;
        }
      }
      if (best != nullptr) return {*best, ""};
      return fallback("a equipe " + args.team + " não tem membros");
    }
    case TaskArgs::Assign::kClientResponsible:
      break;
  }
  if (!clientResponsible.empty()) return {std::string(clientResponsible), ""};
  return fallback("o cliente não tem responsável no escritório");
}

templates::Data toData(const TaskView& v) {
  using templates::Data;
  Data d;
  d.set("cliente", v.clientName);
  d.set("documento", formattedDocument(v.clientDocument));
  d.set("tipo", v.type);
  d.set("responsavel", templates::optional(v.responsible));
  d.set("estagio", v.stage);
  // The stage's message to the client, as the host reports it after delivering it (or
  // giving up): a task never says "enviado" about a message that did not go out.
  d.set("mensagem_entregue", templates::flag(v.stageMessage == "entregue"));
  d.set("mensagem_nao_entregue", templates::flag(v.stageMessage == "não entregue"));
  d.set("data", v.asOf.br());
  d.set("prazo", v.dueDate.br());
  templates::setItems(d, v.items);
  Data contacts{Data::type::list};
  for (const auto& line : v.lastContacts) {
    Data c;
    c.set("data", line.date.br());
    c.set("tipo", line.kind);
    c.set("resumo", line.summary);
    contacts.push_back(c);
  }
  d.set("tem_contatos", templates::flag(!v.lastContacts.empty()));
  d.set("ultimos_contatos", contacts);
  return d;
}

TaskView sampleView() {
  TaskView v;
  v.clientName = "Padaria Pão Dourado";
  v.clientDocument = "11222333000181";
  v.type = "cobranca";
  v.responsible = "ana@escritorio.com.br";
  v.stage = "atraso-10";
  v.stageMessage = "entregue";
  v.asOf = Date::fromYmd(2026, 3, 12);
  v.dueDate = Date::fromYmd(2026, 3, 16);
  v.items.push_back({"Honorários 02/2026", Date::fromYmd(2026, 3, 2), Money::fromCentavos(100000),
                     Money::fromCentavos(102333), Money::fromCentavos(2000), Money::fromCentavos(333), Money(), 10, "", Money()});
  v.lastContacts.push_back({Date::fromYmd(2026, 3, 5), "message", "e-mail para f***@padaria.com.br (atraso)"});
  return v;
}

}  // namespace regua::tasks
