#include "message_templates.hpp"

#include <stdexcept>

namespace regua::messages {

namespace {

MessageView sampleView() {
  MessageView v;
  v.clientName = "Maria da Silva";
  v.office = {"Escritório Exemplo", "contato@exemplo.com.br", "(11) 4000-0000", "São Paulo"};
  v.asOf = Date::fromYmd(2026, 3, 12);
  v.items.push_back({"Honorários 02/2026", Date::fromYmd(2026, 3, 2), Money::fromCentavos(100000),
                     Money::fromCentavos(102333), Money::fromCentavos(2000), Money::fromCentavos(333), Money(), 10,
                     "00190000090777777700900087654182649000000295295"});
  v.pixCode = "00020126...";
  v.offers.offers.push_back(negotiation::schedule({Money::fromCentavos(100000), Money::fromCentavos(2000),
                                                   Money::fromCentavos(333)},
                                                  {}, 1, std::nullopt, v.asOf.plusDays(3), [](Date d) { return d; }));
  v.offers.validUntil = v.asOf.plusDays(5);
  return v;
}

}  // namespace

Office officeFrom(const Host& host) {
  return {std::string(host.configOr("office.name", "")), std::string(host.configOr("office.email", "")),
          std::string(host.configOr("office.phone", "")), std::string(host.configOr("office.city", ""))};
}

const std::vector<std::string>& variables() {
  static const std::vector<std::string> names = {
      "cliente", "primeiro_nome", "data", "pix", "escritorio.nome", "escritorio.email", "escritorio.telefone",
      "escritorio.cidade", templates::kItemVariables, templates::kOfferVariables};
  return names;
}

Data toData(const MessageView& v) {
  using templates::optional;
  Data office;
  office.set("nome", v.office.name);
  office.set("email", optional(v.office.email));
  office.set("telefone", optional(v.office.phone));
  office.set("cidade", optional(v.office.city));
  Data d;
  d.set("cliente", v.clientName);
  d.set("primeiro_nome", v.clientName.substr(0, v.clientName.find(' ')));
  d.set("data", v.asOf.br());
  templates::setItems(d, v.items);
  d.set("pix", optional(v.pixCode));
  d.set("escritorio", office);
  templates::setOffers(d, v.offers);
  return d;
}

bool TemplateSet::exists(const std::string& name) const {
  for (const char* suffix : {".email.txt.mustache", ".sms.mustache", ".whatsapp.mustache"}) {
    if (files_.exists(name + suffix)) return true;
  }
  return false;
}

Rendered TemplateSet::render(const std::string& name, const std::string& channel, const Data& data) {
  Rendered out;
  if (channel == "email") {
    out.subject = files_.render(name + ".email.subject.mustache", data);
    while (!out.subject.empty() && (out.subject.back() == '\n' || out.subject.back() == ' ')) out.subject.pop_back();
    out.text = files_.render(name + ".email.txt.mustache", data);
    out.html = files_.renderIfExists(name + ".email.html.mustache", data, true).value_or("");
    return out;
  }
  const std::string own = name + "." + channel + ".mustache";
  out.text = files_.render(files_.exists(own) ? own : name + ".sms.mustache", data);
  return out;
}

std::vector<std::string> TemplateSet::check(const std::string& name) {
  if (!exists(name)) {
    return {"modelo '" + name + "' não existe em " + files_.dir() + " (esperado " + name + ".email.txt.mustache, " +
            name + ".sms.mustache ...)"};
  }
  std::vector<std::string> problems;
  const Data sample = toData(sampleView());
  for (const auto& [file, html] : std::vector<std::pair<std::string, bool>>{{name + ".email.subject.mustache", false},
                                                                            {name + ".email.txt.mustache", false},
                                                                            {name + ".email.html.mustache", true},
                                                                            {name + ".sms.mustache", false},
                                                                            {name + ".whatsapp.mustache", false}}) {
    for (auto& problem : files_.check(file, sample, html)) problems.push_back(std::move(problem));
  }
  if (files_.exists(name + ".email.txt.mustache") && !files_.exists(name + ".email.subject.mustache")) {
    problems.push_back("falta " + name + ".email.subject.mustache (o assunto do e-mail)");
  }
  return problems;
}

ActionOutcome deliver(const Host& host, const Intent& intent, const std::string& channel,
                      const std::string& templateName, const Rendered& rendered) {
  const std::string deliveryId = std::string(intent.intentId()) + "/" + channel;
  const auto sent = host.sendMessage({deliveryId, channel, intent.address(), intent.addressName(), rendered.subject,
                                      rendered.text, rendered.html, templateName});
  switch (sent.outcome) {
    case Outcome::kDone:
      return ActionOutcome::done(sent.providerId);
    case Outcome::kRetry:
      return ActionOutcome::retryAfter(sent.retryAfterSeconds, sent.error);
    case Outcome::kFailed:
      break;
  }
  return ActionOutcome::failed(sent.error);
}

}  // namespace regua::messages
