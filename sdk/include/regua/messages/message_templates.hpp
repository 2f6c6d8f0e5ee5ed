// The office's message templates (Mustache) and the data they are rendered with, for any
// plugin that writes to clients. Files in the templates directory, per template name
// and channel:
//   <name>.email.subject.mustache  <name>.email.txt.mustache  <name>.email.html.mustache
//   <name>.sms.mustache            <name>.whatsapp.mustache (falls back to sms)
// Compiled once and kept: rendering is per message, parsing is not.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <regua/plugin.hpp>
#include <regua/value.hpp>

#include "regua/messages/offers.hpp"
#include "regua/messages/open_items.hpp"
#include "regua/messages/template_files.hpp"

namespace regua::messages {

using templates::Data;
using templates::ItemView;

struct Office {
  std::string name, email, phone, city;
};
// The `office` keys of the plugin's config section (name, email, phone, city), each
// defaulting to regua.yaml's `office:`.
Office officeFrom(const Host& host);

// Everything a template may use; `variables()` lists the names for error messages.
struct MessageView {
  std::string clientName;
  Office office;
  Date asOf;
  std::vector<ItemView> items;
  std::string pixCode;  // copy-and-paste for the updated total; empty when no key is set
  std::string paymentLink;  // the client's own page (host argument "payment_link"); may be empty
  std::string pixQr;        // e-mail: "cid:pix-qr", the QR code of `pixCode` inline; else empty
  templates::OfferList offers;  // agreement offers, when the policy negotiates
};
Data toData(const MessageView& view);
const std::vector<std::string>& variables();

// An image the HTML shows inline as <img src="cid:CONTENT_ID"> (ABI 1.11).
struct Image {
  std::string contentId, mediaType, data;
};

// What one message is made of on a channel.
struct Rendered {
  std::string subject, text, html;
  std::vector<Image> images = {};
};

class TemplateSet {
 public:
  explicit TemplateSet(std::string dir) : files_(std::move(dir)) {}
  // Renders template `name` for `channel`; throws std::runtime_error naming the file
  // when it is missing or broken.
  Rendered render(const std::string& name, const std::string& channel, const Data& data);
  // Every problem with template `name`: missing files, syntax errors, variables the
  // data does not have. Empty when it renders on every channel.
  std::vector<std::string> check(const std::string& name);
  bool exists(const std::string& name) const;

 private:
  templates::TemplateFiles files_;
};

// Hands a rendered message for the intent's address to the host (send_message, one
// delivery per intent and channel) and turns the answer into the action's outcome.
ActionOutcome deliver(const Host& host, const Intent& intent, const std::string& channel,
                      const std::string& templateName, const Rendered& rendered);

// ------------------------------------------------------------------ definitions

namespace internal {

inline MessageView sampleView() {
  MessageView v;
  v.clientName = "Maria da Silva";
  v.office = {"Escritório Exemplo", "contato@exemplo.com.br", "(11) 4000-0000", "São Paulo"};
  v.asOf = Date::fromYmd(2026, 3, 12);
  v.items.push_back({"Honorários 02/2026", Date::fromYmd(2026, 3, 2), Money::fromCentavos(100000),
                     Money::fromCentavos(102333), Money::fromCentavos(2000), Money::fromCentavos(333), Money(), 10,
                     "00190000090777777700900087654182649000000295295", Money()});
  v.pixCode = "00020126...";
  v.offers.offers.push_back(negotiation::schedule({Money::fromCentavos(100000), Money::fromCentavos(2000),
                                                   Money::fromCentavos(333)},
                                                  {}, 1, std::nullopt, v.asOf.plusDays(3), [](Date d) { return d; }));
  v.offers.validUntil = v.asOf.plusDays(5);
  return v;
}

}  // namespace internal

inline Office officeFrom(const Host& host) {
  return {host.configOrShared("office.name", ""), host.configOrShared("office.email", ""),
          host.configOrShared("office.phone", ""), host.configOrShared("office.city", "")};
}

inline const std::vector<std::string>& variables() {
  static const std::vector<std::string> names = {
      "cliente", "primeiro_nome", "data", "pix", "pix_qr", "link_pagamento", "escritorio.nome", "escritorio.email", "escritorio.telefone",
      "escritorio.cidade", templates::kItemVariables, templates::kOfferVariables};
  return names;
}

inline Data toData(const MessageView& v) {
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
  d.set("link_pagamento", optional(v.paymentLink));
  d.set("pix_qr", optional(v.pixQr));
  d.set("escritorio", office);
  templates::setOffers(d, v.offers);
  return d;
}

inline bool TemplateSet::exists(const std::string& name) const {
  for (const char* suffix : {".email.txt.mustache", ".sms.mustache", ".whatsapp.mustache"}) {
    if (files_.exists(name + suffix)) return true;
  }
  return false;
}

inline Rendered TemplateSet::render(const std::string& name, const std::string& channel, const Data& data) {
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

inline std::vector<std::string> TemplateSet::check(const std::string& name) {
  if (!exists(name)) {
    return {"modelo '" + name + "' não existe em " + files_.dir() + " (esperado " + name + ".email.txt.mustache, " +
            name + ".sms.mustache ...)"};
  }
  std::vector<std::string> problems;
  const Data sample = toData(internal::sampleView());
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

inline ActionOutcome deliver(const Host& host, const Intent& intent, const std::string& channel,
                      const std::string& templateName, const Rendered& rendered) {
  const std::string deliveryId = std::string(intent.intentId()) + "/" + channel;
  Host::OutgoingMessage message{deliveryId,       channel,       intent.address(), intent.addressName(),
                                rendered.subject, rendered.text, rendered.html,    templateName};
  for (const auto& image : rendered.images) message.images.push_back({image.contentId, image.mediaType, image.data});
  const auto sent = host.sendMessage(message);
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
