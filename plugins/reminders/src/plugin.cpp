// The reminders plugin (action `remind`): renders the office's template for the
// intent's channel with every open item, the amounts updated today (the host's
// quote_item), the totals, a PIX copy-and-paste code for the updated total and the
// boleto lines, then hands the message to the host (send_message), which picks the
// channel connector and keeps the evidence.
//
// regua.yaml:
//   plugins:
//     - name: reminders
//       config:
//         templates_dir: templates          # default: templates/ beside regua.yaml
//         office: {name: ..., email: ..., phone: ..., city: ...}   # default: regua.yaml's office
//         pix: {key: ..., name: ..., city: ...}   # default: office.pix; name, city: the office's
#include <string>

#include <regua/pix.hpp>
#include <regua/pix_qr.hpp>
#include <regua/plugin.hpp>

#include <regua/messages/message_templates.hpp>

namespace {

using regua::messages::MessageView;

constexpr const char* kPixQrId = "pix-qr";

// Without `template:` in the policy, the items' due dates choose one of these.
constexpr const char* kPreDue = "lembrete";
constexpr const char* kDueToday = "vence-hoje";
constexpr const char* kOverdue = "atraso";

class Reminders {
 public:
  static constexpr const char* kActionNames[] = {"remind", nullptr};
  // A message per client and channel, listing every due item (the latest stage leads).
  static constexpr std::uint32_t kActionFlags[] = {regua::kSendsMessage | regua::kOneCallPerClient};

  explicit Reminders(regua::Host host) : host_(host), templates_(regua::templates::templatesDir(host)) {
    office_ = regua::messages::officeFrom(host);
    pixKey_ = host.configOrShared("pix.key", "");
    pixName_ = host.configOrShared("pix.name", office_.name);
    pixCity_ = host.configOrShared("pix.city", office_.city);
    if (!pixKey_.empty()) {
      // Refuse a bad key now, not in the first client's message.
      try {
        regua::pix::build({pixKey_, pixName_, pixCity_, regua::Money::fromCentavos(100), "", ""});
      } catch (const regua::pix::Invalid& e) {
        throw regua::ConfigError(std::string("pix: ") + e.what());
      }
    }
  }

  std::string check(std::string_view, const regua::Args& args) {
    std::string name;
    for (const auto& [key, value] : args) {
      if (key == "template") name = value;
    }
    std::string out;
    for (const std::string& candidate :
         name.empty() ? std::vector<std::string>{kPreDue, kDueToday, kOverdue} : std::vector<std::string>{name}) {
      for (const auto& problem : templates_.check(candidate)) out += (out.empty() ? "" : "; ") + problem;
    }
    return out;
  }

  regua::ActionOutcome execute(const regua::Intent& intent) {
    const std::string channel(intent.arg("channel").value_or("email"));
    if (intent.address().empty()) {
      return regua::ActionOutcome::failed("cliente sem endereço utilizável para " + channel +
                                          " (nem em outro canal); cadastre um contato");
    }
    MessageView view;
    view.clientName = std::string(intent.clientName());
    view.office = office_;
    view.asOf = intent.asOf();
    view.paymentLink = std::string(intent.arg("payment_link").value_or(""));
    view.items = regua::templates::quotedItems(host_, intent);
    if (!intent.negotiationSection().empty()) view.offers = regua::templates::offersFor(host_, intent, view.items);
    bool overdue = false, dueToday = false;
    for (const auto& item : view.items) {
      overdue = overdue || item.daysLate > 0 || item.dueDate < intent.asOf();
      dueToday = dueToday || item.dueDate == intent.asOf();
    }
    const regua::Money total = regua::templates::totalUpdated(view.items);
    if (!pixKey_.empty() && total > regua::Money()) {
      view.pixCode = regua::pix::build({pixKey_, pixName_, pixCity_, total, regua::pix::txidFor(intent.intentId()), ""});
    }
    if (channel == "email" && !view.pixCode.empty()) view.pixQr = std::string("cid:") + kPixQrId;
    std::string name(intent.arg("template").value_or(""));
    if (name.empty()) name = overdue ? kOverdue : dueToday ? kDueToday : kPreDue;
    auto rendered = templates_.render(name, channel, regua::messages::toData(view));
    // The QR code goes along only when the office's HTML shows it.
    if (!view.pixQr.empty() && rendered.html.find(view.pixQr) != std::string::npos) {
      rendered.images.push_back({kPixQrId, "image/png", regua::pix::qrPng(regua::pix::qrModules(view.pixCode), 6, 4)});
    }
    return regua::messages::deliver(host_, intent, channel, name, rendered);
  }

 private:
  regua::Host host_;
  regua::messages::TemplateSet templates_;
  regua::messages::Office office_;
  std::string pixKey_, pixName_, pixCity_;
};

}  // namespace

REGUA_PLUGIN(Reminders, "br.regua.reminders", "1.0.0", "Lembretes de cobrança com modelos, valores atualizados e PIX")
