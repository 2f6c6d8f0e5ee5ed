// The negotiation plugin (action `offer_agreement`): offers the client a way out —
// pay now with the policy's discount, or in installments within its limits — for the
// overdue items of the intent, priced today, in the office's `oferta-acordo` template
// (or the stage's `template:`), sent through the host like any message. The offers are
// computed from the policy's `negotiation` section (ABI 1.6) by regua/negotiation.hpp,
// the same arithmetic `regua agreement offers|propose` uses; the office accepts a
// proposal with `regua agreement accept`.
//
// regua.yaml:
//   plugins:
//     - name: negotiation
//       config:
//         templates_dir: templates          # default: templates/ beside regua.yaml
//         office: {name: ..., email: ..., phone: ..., city: ...}   # default: regua.yaml's office
#include <string>

#include <regua/plugin.hpp>

#include <regua/messages/message_templates.hpp>
#include <regua/messages/offers.hpp>

namespace {

constexpr const char* kDefaultTemplate = "oferta-acordo";

class Negotiation {
 public:
  static constexpr const char* kActionNames[] = {"offer_agreement", nullptr};
  // One offer message per client and channel, covering the whole overdue debt.
  static constexpr std::uint32_t kActionFlags[] = {regua::kSendsMessage | regua::kOneCallPerClient};

  explicit Negotiation(regua::Host host) : host_(host), templates_(regua::templates::templatesDir(host)) {
    office_ = regua::messages::officeFrom(host);
  }

  std::string check(std::string_view, const regua::Args& args) {
    std::string name = kDefaultTemplate;
    for (const auto& [key, value] : args) {
      if (key == "template") name = value;
      else if (key != "channel") return "offer_agreement aceita 'template' e 'channel', não '" + std::string(key) + "'";
    }
    std::string out;
    for (const auto& problem : templates_.check(name)) out += (out.empty() ? "" : "; ") + problem;
    return out;
  }

  regua::ActionOutcome execute(const regua::Intent& intent) {
    const std::string channel(intent.arg("channel").value_or("email"));
    if (intent.address().empty()) {
      return regua::ActionOutcome::failed("cliente sem endereço utilizável para " + channel + "; cadastre um contato");
    }
    regua::messages::MessageView view;
    view.clientName = std::string(intent.clientName());
    view.office = office_;
    view.asOf = intent.asOf();
    view.paymentLink = std::string(intent.arg("payment_link").value_or(""));
    view.items = regua::templates::quotedItems(host_, intent);
    view.offers = regua::templates::offersFor(host_, intent, view.items);
    // An offer with nothing to offer is not sent: the history says why.
    if (view.offers.offers.empty()) return regua::ActionOutcome::failed(view.offers.problem);
    const std::string name(intent.arg("template").value_or(kDefaultTemplate));
    const auto rendered = templates_.render(name, channel, regua::messages::toData(view));
    return regua::messages::deliver(host_, intent, channel, name, rendered);
  }

 private:
  regua::Host host_;
  regua::messages::TemplateSet templates_;
  regua::messages::Office office_;
};

}  // namespace

REGUA_PLUGIN(Negotiation, "br.regua.negotiation", "1.0.0", "Ofertas de acordo: à vista com desconto ou parcelado")
