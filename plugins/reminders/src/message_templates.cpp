#include "message_templates.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace regua::reminders {

namespace {

// A context that records every name a template asks for and the data lacks, so a typo
// in a template is an error at `policy check` instead of a blank in a client's e-mail.
class StrictContext : public kainjow::mustache::context<std::string> {
 public:
  explicit StrictContext(const Data* data) : context(data) {}
  const Data* get(const std::string& name) const override {
    const Data* found = context::get(name);
    if (found == nullptr) unknown.push_back(name);
    return found;
  }
  mutable std::vector<std::string> unknown;
};

std::string plain(const std::string& text) { return text; }  // subjects and text bodies are not HTML

MessageView sampleView() {
  MessageView v;
  v.clientName = "Maria da Silva";
  v.office = {"Escritório Exemplo", "contato@exemplo.com.br", "(11) 4000-0000", "São Paulo"};
  v.asOf = Date::fromYmd(2026, 3, 12);
  v.items.push_back({"Honorários 02/2026", Date::fromYmd(2026, 3, 2), Money::fromCentavos(100000),
                     Money::fromCentavos(102333), Money::fromCentavos(2000), Money::fromCentavos(333), Money(), 10,
                     "00190000090777777700900087654182649000000295295"});
  v.pixCode = "00020126...";
  return v;
}

}  // namespace

const std::vector<std::string>& variables() {
  static const std::vector<std::string> names = {
      "cliente", "primeiro_nome", "data", "quantidade", "total_original", "total_atualizado", "tem_encargos",
      "pix", "escritorio.nome", "escritorio.email", "escritorio.telefone", "escritorio.cidade",
      "itens (descricao, vencimento, valor_original, valor_atualizado, multa, juros, desconto, dias_atraso, "
      "atrasado, boleto)"};
  return names;
}

Data toData(const MessageView& v) {
  Data items{Data::type::list};
  Money original, updated;
  bool charges = false;
  for (const auto& i : v.items) {
    Data item;
    item.set("descricao", i.description);
    item.set("vencimento", i.dueDate.br());
    item.set("valor_original", i.original.toBrl());
    item.set("valor_atualizado", i.updated.toBrl());
    item.set("multa", i.fine.toBrl());
    item.set("juros", i.interest.toBrl());
    item.set("desconto", i.discount.toBrl());
    item.set("dias_atraso", std::to_string(i.daysLate));
    item.set("atrasado", i.daysLate > 0 ? Data::type::bool_true : Data::type::bool_false);
    // Mustache treats any string, even empty, as true: absent values are false.
    item.set("boleto", i.boletoLine.empty() ? Data(Data::type::bool_false) : Data(i.boletoLine));
    items.push_back(item);
    original += i.original;
    updated += i.updated;
    charges = charges || i.updated != i.original;
  }
  Data office;
  auto optional = [](const std::string& text) { return text.empty() ? Data(Data::type::bool_false) : Data(text); };
  office.set("nome", v.office.name);
  office.set("email", optional(v.office.email));
  office.set("telefone", optional(v.office.phone));
  office.set("cidade", optional(v.office.city));
  Data d;
  d.set("cliente", v.clientName);
  d.set("primeiro_nome", v.clientName.substr(0, v.clientName.find(' ')));
  d.set("data", v.asOf.br());
  d.set("quantidade", std::to_string(v.items.size()));
  d.set("total_original", original.toBrl());
  d.set("total_atualizado", updated.toBrl());
  d.set("tem_encargos", charges ? Data::type::bool_true : Data::type::bool_false);
  d.set("pix", v.pixCode.empty() ? Data(Data::type::bool_false) : Data(v.pixCode));
  d.set("escritorio", office);
  d.set("itens", items);
  return d;
}

bool TemplateSet::exists(const std::string& name) const {
  for (const char* suffix : {".email.txt.mustache", ".sms.mustache", ".whatsapp.mustache"}) {
    if (std::filesystem::exists(std::filesystem::path(dir_) / (name + suffix))) return true;
  }
  return false;
}

TemplateSet::Compiled* TemplateSet::compiled(const std::string& file, bool html) {
  auto it = cache_.find(file);
  if (it != cache_.end()) return it->second.get();
  const auto path = std::filesystem::path(dir_) / file;
  std::unique_ptr<Compiled> tmpl;
  std::ifstream in(path);
  if (in) {
    std::stringstream text;
    text << in.rdbuf();
    tmpl = std::make_unique<Compiled>(text.str());
    if (!tmpl->is_valid()) throw std::runtime_error(path.string() + ": " + tmpl->error_message());
    if (!html) tmpl->set_custom_escape(&plain);
  }
  return cache_.emplace(file, std::move(tmpl)).first->second.get();
}

Rendered TemplateSet::render(const std::string& name, const std::string& channel, const Data& data) {
  Rendered out;
  auto need = [&](const std::string& file, bool html) -> std::string {
    Compiled* t = compiled(file, html);
    if (t == nullptr) throw std::runtime_error("falta o modelo " + (std::filesystem::path(dir_) / file).string());
    return t->render(data);
  };
  if (channel == "email") {
    out.subject = need(name + ".email.subject.mustache", false);
    while (!out.subject.empty() && (out.subject.back() == '\n' || out.subject.back() == ' ')) out.subject.pop_back();
    out.text = need(name + ".email.txt.mustache", false);
    if (Compiled* html = compiled(name + ".email.html.mustache", true)) out.html = html->render(data);
    return out;
  }
  const std::string own = name + "." + channel + ".mustache";
  out.text = need(compiled(own, false) != nullptr ? own : name + ".sms.mustache", false);
  return out;
}

std::vector<std::string> TemplateSet::check(const std::string& name) {
  std::vector<std::string> problems;
  if (!exists(name)) {
    return {"modelo '" + name + "' não existe em " + dir_ + " (esperado " + name + ".email.txt.mustache, " + name +
            ".sms.mustache ...)"};
  }
  const Data sample = toData(sampleView());
  for (const auto& [file, html] : std::vector<std::pair<std::string, bool>>{{name + ".email.subject.mustache", false},
                                                                            {name + ".email.txt.mustache", false},
                                                                            {name + ".email.html.mustache", true},
                                                                            {name + ".sms.mustache", false},
                                                                            {name + ".whatsapp.mustache", false}}) {
    try {
      Compiled* t = compiled(file, html);
      if (t == nullptr) continue;
      StrictContext context(&sample);
      t->render(context);
      for (const auto& unknown : context.unknown) {
        problems.push_back(file + ": variável desconhecida '" + unknown + "'");
      }
    } catch (const std::exception& e) {
      problems.push_back(e.what());
    }
  }
  const bool email = std::filesystem::exists(std::filesystem::path(dir_) / (name + ".email.txt.mustache"));
  if (email && !std::filesystem::exists(std::filesystem::path(dir_) / (name + ".email.subject.mustache"))) {
    problems.push_back("falta " + name + ".email.subject.mustache (o assunto do e-mail)");
  }
  return problems;
}

}  // namespace regua::reminders
