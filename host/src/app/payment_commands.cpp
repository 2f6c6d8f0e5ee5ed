// `regua quote`, `regua pix make|parse` and `regua boleto parse`: the finance staff's
// calculator and the payment instruments from the command line. The arithmetic is the
// penalties plugin's (asked through the quote ABI, as the engine does); PIX and boleto
// are the SDK's, the same code a reminder plugin uses.
#include <iostream>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <regua/boleto.hpp>
#include <regua/pix.hpp>

#include "app/cli.hpp"
#include "app/cli_values.hpp"
#include "app/workspace.hpp"
#include "services/collection_service.hpp"
#include "engine/plugin_quoter.hpp"

namespace regua::app {

namespace {

std::optional<Date> dateOption(const Invocation& invocation, const char* name, bool required) {
  const auto text = invocation.option(name);
  if (!text) {
    if (required) std::cerr << "regua: falta " << name << " DATA (AAAA-MM-DD ou DD/MM/AAAA)\n";
    return std::nullopt;
  }
  auto date = parseUserDate(*text);
  if (!date) std::cerr << "regua: data inválida em " << name << " '" << *text << "'; use AAAA-MM-DD ou DD/MM/AAAA\n";
  return date;
}

std::optional<Money> moneyOption(const std::string& name, const std::string& text) {
  auto money = Money::parse(text, MoneyFormat::kText);
  if (!money) {
    std::cerr << "regua: valor inválido em " << name << " '" << text
              << "'; use 1.000,00, 1000,00 ou 1000.00 (um só separador antes de três dígitos, como 10.500, é ambíguo)\n";
  }
  return money;
}

Poco::JSON::Array::Ptr notesArray(const std::string& notes) {
  Poco::JSON::Array::Ptr out = new Poco::JSON::Array;
  for (std::size_t start = 0; start < notes.size();) {
    auto end = notes.find("; ", start);
    if (end == std::string::npos) end = notes.size();
    out->add(notes.substr(start, end - start));
    start = end + 2;
  }
  return out;
}

}  // namespace

namespace {

// --person/--company and the two discount forms exclude each other.
bool conflictingQuoteOptions(const Invocation& invocation) {
  if (invocation.flag("--person") && invocation.flag("--company")) {
    std::cerr << "regua: use --person ou --company, não os dois\n";
    return true;
  }
  if (invocation.option("--discount-percent") && invocation.option("--discount-amount")) {
    std::cerr << "regua: use --discount-percent ou --discount-amount, não os dois\n";
    return true;
  }
  return false;
}

// The contract's terms from the flags; empty when no rate was given.
std::vector<std::pair<std::string, std::string>> quoteTermsFromFlags(const Invocation& invocation) {
  static constexpr std::pair<const char*, const char*> kFlags[] = {
      {"--fine-percent", "fine_percent"},         {"--interest-monthly-percent", "interest_monthly_percent"},
      {"--grace-days", "grace_days"},             {"--discount-percent", "discount_percent"},
      {"--discount-amount", "discount_amount"},   {"--discount-until", "discount_until"}};
  std::vector<std::pair<std::string, std::string>> terms;
  for (const auto& [flag, key] : kFlags) {
    if (auto value = invocation.option(flag)) terms.emplace_back(key, *value);
  }
  return terms;
}

void printQuote(const plugin::QuoteResult& q, Date on, const std::string& notes, bool json) {
  if (json) {
    Poco::JSON::Object out(Poco::JSON_PRESERVE_KEY_ORDER);
    out.set("principal", q.principal.centavos());
    out.set("fine", q.fine.centavos());
    out.set("interest", q.interest.centavos());
    out.set("discount", q.discount.centavos());
    out.set("total", q.total.centavos());
    out.set("effective_due", q.effectiveDue.iso());
    out.set("days_late", q.daysLate);
    out.set("notes", notesArray(notes));
    out.stringify(std::cout, 2);
    std::cout << "\n";
    return;
  }
  std::cout << q.total.toBrl() << " em " << on.br() << ": principal " << q.principal.toBrl() << " + multa "
            << q.fine.toBrl() << " + juros " << q.interest.toBrl() << " − desconto " << q.discount.toBrl() << " ("
            << q.daysLate << (q.daysLate == 1 ? " dia" : " dias") << " de atraso; vencimento efetivo "
            << q.effectiveDue.br() << ")";
  if (!notes.empty()) std::cout << "; " << notes;
  std::cout << "\n";
}

}  // namespace

int runQuote(const Invocation& invocation) {
  setupLogging("error");
  const auto amountText = invocation.option("--amount");
  if (!amountText) {
    std::cerr << "regua: falta --amount VALOR (ex.: 1.000,00)\n";
    return kExitUsage;
  }
  const auto amount = moneyOption("--amount", *amountText);
  if (!amount) return kExitUsage;
  if (*amount <= Money()) {
    std::cerr << "regua: --amount deve ser maior que zero, veio " << amount->toBrl() << "\n";
    return kExitFailure;
  }
  const auto due = dateOption(invocation, "--due", true);
  const auto on = dateOption(invocation, "--on", true);
  if (!due || !on) return kExitUsage;
  std::optional<Date> issued;
  if (invocation.option("--issued")) {
    issued = dateOption(invocation, "--issued", true);
    if (!issued) return kExitUsage;
  }
  if (conflictingQuoteOptions(invocation)) return kExitUsage;

  // The contract: the flags, or the default policy's penalties when no rate is given.
  plugin::QuoteInput input;
  input.args = quoteTermsFromFlags(invocation);
  const bool fromPolicy = input.args.empty();
  Workspace ws;
  if (auto code = openWorkspace(invocation, {.store = false, .plugins = true, .policies = fromPolicy}, ws)) return *code;
  auto* plugin = ws.plugins->quoteProvider();
  if (plugin == nullptr) {
    std::cerr << "regua: nenhum plugin de encargos carregado; acrescente '- name: penalties' em 'plugins' de "
              << ws.config.file.string() << "\n";
    return kExitConfig;
  }
  std::string policyNote;
  if (fromPolicy) {
    const config::Policy* policy = ws.policies.select("", "", "");
    if (policy == nullptr) {
      std::cerr << "regua: nenhuma política padrão para tirar multa e juros; passe --fine-percent e "
                   "--interest-monthly-percent\n";
      return kExitConfig;
    }
    input.args = policy->penalties;
    policyNote = "encargos da política " + policy->id;
  }
  const std::string city = invocation.option("--city").value_or(ws.config.city);
  if (!city.empty()) input.args.emplace_back("city", city);
  input.principal = *amount;
  input.dueDate = *due;
  input.onDate = *on;
  input.issueDate = issued;
  input.debtorIsPerson = !invocation.flag("--company");

  plugin::QuoteResult q;
  try {
    q = plugin::quoteWith(*plugin, input);
  } catch (const std::exception& e) {
    std::cerr << "regua: " << e.what() << "\n";
    return kExitFailure;
  }
  std::string notes = q.notes;
  if (!policyNote.empty()) notes = policyNote + (notes.empty() ? "" : "; " + notes);
  printQuote(q, *on, notes, invocation.flag("--json"));
  return kExitOk;
}

int runPixMake(const Invocation& invocation) {
  pix::Charge charge;
  for (const auto& [flag, field] : {std::pair{"--key", &charge.key}, std::pair{"--name", &charge.name},
                                    std::pair{"--city", &charge.city}}) {
    auto value = invocation.option(flag);
    if (!value) {
      std::cerr << "regua: falta " << flag << "; uso: regua pix make --key CHAVE --name NOME --city CIDADE\n";
      return kExitUsage;
    }
    *field = *value;
  }
  if (auto amount = invocation.option("--amount")) {
    charge.amount = moneyOption("--amount", *amount);
    if (!charge.amount) return kExitUsage;
  }
  charge.txid = invocation.option("--txid").value_or("");
  charge.info = invocation.option("--info").value_or("");
  try {
    std::cout << pix::build(charge) << "\n";
    return kExitOk;
  } catch (const pix::Invalid& e) {
    std::cerr << "regua: " << e.what() << "\n";
    return kExitFailure;
  }
}

int runPixParse(const Invocation& invocation) {
  try {
    const auto p = pix::parse(invocation.args.at(0));
    if (invocation.flag("--json")) {
      Poco::JSON::Object out(Poco::JSON_PRESERVE_KEY_ORDER);
      out.set("valid", true);
      if (!p.key.empty()) {
        out.set("key", p.key);
        out.set("key_type", std::string(pix::toString(pix::parseKey(p.key).type)));
      }
      if (!p.url.empty()) out.set("url", p.url);
      if (p.amount) out.set("amount", p.amount->centavos());
      out.set("name", p.name);
      out.set("city", p.city);
      out.set("txid", p.txid);
      if (!p.info.empty()) out.set("info", p.info);
      out.set("crc", p.crc);
      out.stringify(std::cout, 2);
      std::cout << "\n";
      return kExitOk;
    }
    std::cout << "PIX válido (CRC " << p.crc << ")\n";
    if (!p.key.empty()) std::cout << "chave:  " << p.key << " (" << pix::toString(pix::parseKey(p.key).type) << ")\n";
    if (!p.url.empty()) std::cout << "url:    " << p.url << " (cobrança dinâmica)\n";
    std::cout << "valor:  " << (p.amount ? p.amount->toBrl() : "a informar pelo pagador") << "\n"
              << "nome:   " << p.name << "\ncidade: " << p.city << "\ntxid:   " << p.txid << "\n";
    if (!p.info.empty()) std::cout << "info:   " << p.info << "\n";
    return kExitOk;
  } catch (const pix::Invalid& e) {
    std::cerr << "regua: PIX inválido: " << e.what() << "\n";
    return kExitFailure;
  }
}

namespace {
void printBoleto(const boleto::Boleto& b, bool json) {
  if (json) {
    Poco::JSON::Object out(Poco::JSON_PRESERVE_KEY_ORDER);
    out.set("bank", b.bank);
    out.set("value", b.value.centavos());
    if (b.dueDate) {
      out.set("due_date", b.dueDate->iso());
    } else {
      out.set("due_date", Poco::Dynamic::Var());
    }
    out.set("barcode", b.barcode);
    out.set("typed_line", b.typedLine);
    out.stringify(std::cout, 2);
    std::cout << "\n";
    return;
  }
  std::cout << "banco:              " << b.bank << "\nvalor:              "
            << (b.value > Money() ? b.value.toBrl() : "a informar") << "\nvencimento:         "
            << (b.dueDate ? b.dueDate->br() : "sem vencimento") << "\ncódigo de barras:   " << b.barcode
            << "\nlinha digitável:    " << boleto::formatTypedLine(b.typedLine) << "\n";
}
}  // namespace

int runBoletoParse(const Invocation& invocation) {
  Date reference = services::localNow().day;  // the office's today, not UTC's
  if (invocation.option("--reference")) {
    const auto given = dateOption(invocation, "--reference", true);
    if (!given) return kExitUsage;
    reference = *given;
  }
  try {
    printBoleto(boleto::parse(invocation.args.at(0), reference), invocation.flag("--json"));
    return kExitOk;
  } catch (const boleto::Invalid& e) {
    std::cerr << "regua: boleto inválido: " << e.what() << "\n";
    return kExitFailure;
  }
}

int runBoletoMake(const Invocation& invocation) {
  const auto bank = invocation.option("--bank"), freeField = invocation.option("--free-field");
  const auto amountText = invocation.option("--amount");
  if (!bank || !freeField || !amountText) {
    std::cerr << "regua: faltam --bank, --amount ou --free-field; uso: regua boleto make --bank 001 --amount VALOR "
                 "--free-field CAMPO_LIVRE [--due DATA]\n";
    return kExitUsage;
  }
  const auto amount = moneyOption("--amount", *amountText);
  if (!amount) return kExitUsage;
  std::optional<Date> due;
  if (invocation.option("--due")) {
    due = dateOption(invocation, "--due", true);
    if (!due) return kExitUsage;
  }
  try {
    printBoleto(boleto::build(*bank, due, *amount, *freeField), invocation.flag("--json"));
    return kExitOk;
  } catch (const boleto::Invalid& e) {
    std::cerr << "regua: " << e.what() << "\n";
    return kExitFailure;
  }
}

}  // namespace regua::app
