#include "services/source_sync.hpp"

#include <map>
#include <optional>
#include <set>

#include "domain/document.hpp"
#include "config/policy.hpp"
#include "engine/task_service.hpp"
#include "engine/plugin_quoter.hpp"
#include "plugin/plugin_instance.hpp"
#include "plugin/plugin_registry.hpp"
#include "plugin/source_port.hpp"
#include "store/client_repository.hpp"
#include "store/intent_repository.hpp"
#include "store/payment_repository.hpp"
#include "store/receivable_repository.hpp"
#include "store/settings_repository.hpp"

namespace regua::services {

// Turns what a source delivers into domain records, checking each one, and keeps every
// problem with the record's origin. Lives for one pull.
class SourceCollector : public plugin::SourceSink {
 public:
  SourceCollector(store::Database& db, std::string source) : db_(db), clientsInStore_(db), source_(std::move(source)) {}

  bool client(const plugin::SourceClient& r) override {
    const std::string where = origin(r.origin, "cliente", r.externalId);
    std::vector<std::string> problems;
    if (r.externalId.empty()) problems.push_back("falta o id do cliente");
    if (r.name.empty()) problems.push_back("falta o nome");
    std::string why;
    const auto document = domain::Document::parse(r.document, &why);
    if (!document) problems.push_back("documento inválido: " + why);
    const std::string& channel = r.preferredChannel;
    if (!channel.empty() && !config::isMessageChannel(channel)) {
      problems.push_back("canal preferido '" + channel + "' desconhecido; use email, sms ou whatsapp");
    }
    if (!problems.empty()) return reject(where, problems);

    domain::Client c;
    c.source = source_;
    c.externalId = r.externalId;
    // Fields the host owns (pause, credit) and tags it added survive a new import.
    if (auto existing = clientsInStore_.findByExternalId(source_, c.externalId)) c = std::move(*existing);
    c.name = r.name;
    c.document = r.document;
    c.preferredChannel = channel;
    c.segment = r.segment;
    c.responsible = r.responsible;
    const std::string& tags = r.tags;
    for (std::size_t start = 0; start < tags.size();) {
      auto end = tags.find(',', start);
      if (end == std::string::npos) end = tags.size();
      std::string tag = tags.substr(start, end - start);
      tag.erase(0, tag.find_first_not_of(' '));
      tag.erase(tag.find_last_not_of(' ') + 1);
      if (!tag.empty() && std::find(c.tags.begin(), c.tags.end(), tag) == c.tags.end()) c.tags.push_back(tag);
      start = end + 1;
    }
    if (r.clientSince) c.clientSince = *r.clientSince;
    // The source owns the addresses; the host owns what it learned about them (an
    // opt-out, an address a server refused), which a new import keeps.
    const std::vector<domain::Contact> before = std::move(c.contacts);
    c.contacts.clear();
    // A separate payment contact (1.5: the secretary, the finance department) receives
    // the bills; otherwise the client's own addresses do.
    const std::string& payerName = r.paymentContactName;
    const std::string& payerRole = r.paymentContactRole;
    const std::string& payerEmail = r.paymentContactEmail;
    const std::string& payerPhone = r.paymentContactPhone;
    const std::string& payerOwner = r.paymentContactOwner;
    const bool separatePayer = !payerEmail.empty() || !payerPhone.empty();
    auto contact = [&](const char* kind, const std::string& address, const std::string& name, const std::string& role,
                       bool payment) {
      if (address.empty()) return;
      domain::Contact next{kind, address, name, role, payment, false, payment ? payerOwner : ""};
      for (const auto& old : before) {
        if (old.channel == next.channel && old.address == next.address) {
          next.optedOut = old.optedOut;
          next.bounced = old.bounced;
        }
      }
      c.contacts.push_back(std::move(next));
    };
    contact("email", r.email, c.name, "", !separatePayer);
    contact("sms", r.phone, c.name, "", !separatePayer);
    contact("whatsapp", r.whatsapp, c.name, "", !separatePayer);
    const std::string payer = payerName.empty() ? c.name : payerName;
    contact("email", payerEmail, payer, payerRole, true);
    contact("sms", payerPhone, payer, payerRole, true);
    clientIds_.insert(c.externalId);
    clients_.push_back(std::move(c));
    return true;
  }

  bool receivable(const plugin::SourceReceivable& r) override {
    const std::string where = origin(r.origin, "título", r.externalId);
    std::vector<std::string> problems;
    const std::string& client = r.clientExternalId;
    if (r.externalId.empty()) problems.push_back("falta o id do título");
    if (r.amount <= Money()) problems.push_back("o valor deve ser maior que zero");
    if (r.dueDate < r.issueDate) problems.push_back("o vencimento é anterior à emissão");
    if (clientIds_.count(client) == 0 && !clientsInStore_.findByExternalId(source_, client)) {
      problems.push_back("o cliente '" + client + "' não existe nesta fonte");
    }
    if (!problems.empty()) return reject(where, problems);
    domain::Receivable rec;
    rec.source = source_;
    rec.externalId = r.externalId;
    rec.clientExternalId = client;
    rec.description = r.description;
    rec.amount = r.amount;
    rec.issueDate = r.issueDate;
    rec.dueDate = r.dueDate;
    rec.policyId = r.policyId;
    rec.nossoNumero = r.nossoNumero;
    rec.boletoLine = r.boletoLine;
    receivableIds_.insert(rec.externalId);
    receivables_.push_back(std::move(rec));
    return true;
  }

  bool payment(const plugin::SourcePayment& r) override {
    const std::string where = origin(r.origin, "pagamento", r.externalId);
    std::vector<std::string> problems;
    const std::string& receivable = r.receivableExternalId;
    if (r.externalId.empty()) problems.push_back("falta o id do pagamento");
    if (r.amount <= Money()) problems.push_back("o valor deve ser maior que zero");
    if (receivableIds_.count(receivable) == 0 && !store::ReceivableRepository(db_).findByExternalId(source_, receivable)) {
      problems.push_back("o título '" + receivable + "' não existe nesta fonte");
    }
    if (!problems.empty()) return reject(where, problems);
    store::PaymentInput p;
    p.source = source_;
    p.externalId = r.externalId;
    p.receivableExternalId = receivable;
    p.amount = r.amount;
    p.paidDate = r.paidDate;
    p.creditDate = r.creditDate;
    p.method = r.method;
    payments_.push_back(std::move(p));
    return true;
  }

  std::vector<std::string> errors;
  std::vector<domain::Client> clients_;
  std::vector<domain::Receivable> receivables_;
  std::vector<store::PaymentInput> payments_;

 private:
  static std::string origin(const std::string& given, const char* what, const std::string& id) {
    return given.empty() ? std::string(what) + " " + id : given;
  }
  bool reject(const std::string& where, const std::vector<std::string>& problems) {
    std::string line = where + ": ";
    for (std::size_t i = 0; i < problems.size(); ++i) line += (i ? "; " : "") + problems[i];
    errors.push_back(line);
    return false;
  }

  store::Database& db_;
  store::ClientRepository clientsInStore_;
  std::string source_;
  std::set<std::string> clientIds_, receivableIds_;
};

SyncReport SourceSync::run(plugin::PluginInstance& source) {
  SyncReport report;
  report.source = source.label();
  store::SettingsRepository settings(db_);
  const std::string cursorKey = "source." + report.source + ".cursor";
  std::string cursor = settings.get(cursorKey).value_or("");

  for (bool more = true; more;) {
    SourceCollector collected(db_, report.source);
    const auto pulled = plugin::pull(source, cursor, collected);
    if (!pulled.ok || !collected.errors.empty()) {
      // The source's own list of bad lines first, then what the host refused.
      report.errors = pulled.errors;
      report.errors.insert(report.errors.end(), collected.errors.begin(), collected.errors.end());
      if (report.errors.empty()) report.errors.push_back("a fonte falhou sem dizer por quê");
      return report;  // nothing of this pull is stored
    }
    const std::string& next = pulled.cursor;
    if (next == cursor && collected.clients_.empty() && collected.receivables_.empty() && collected.payments_.empty()) {
      report.unchanged = true;
      break;
    }
    try {
      db_.transaction([&] {
        store::ClientRepository(db_).saveAll(collected.clients_);
        store::ReceivableRepository(db_).upsertAll(collected.receivables_);
        store::PaymentRepository payments(db_);
        store::IntentRepository intents(db_);
        for (const auto& p : collected.payments_) {
          const auto recorded = payments.record(p, charges_);
          if (recorded.alreadyRecorded) continue;
          ++report.payments;
          for (const std::int64_t settled : recorded.settled) {
            ++report.settled;
            report.cancelledIntents += intents.cancelPendingForReceivable(settled, "título pago; nada mais a cobrar");
            report.closedTasks += engine::TaskService(db_).settled(settled, p.paidDate);
          }
        }
        settings.set(cursorKey, next);
      });
    } catch (const store::StoreError& e) {
      report.errors.push_back(e.what());
      return report;  // the transaction rolled back: nothing of this pull is stored
    }
    report.clients += collected.clients_.size();
    report.receivables += collected.receivables_.size();
    cursor = next;
    more = pulled.hasMore;
  }
  report.ok = true;
  return report;
}

SyncRound syncSources(store::Database& db, plugin::PluginRegistry& plugins, const config::PolicySet* policies,
                      const config::HostConfig& config, const std::function<bool()>& keepGoing) {
  SyncRound round;
  const auto sources = plugins.sources();
  if (sources.empty()) return round;
  const auto charges = engine::makeCharges(plugins, policies, db, config.city);
  SourceSync sync(db, *charges);
  for (auto* source : sources) round.sources.push_back(sync.run(*source));
  if (const auto lock = db.tryLockEngine()) {
    round.tasks = engine::TaskPusher(db, plugins, config.backoffSeconds).push(keepGoing);
  }
  return round;
}

std::string describe(const SyncReport& report) {
  const std::string name = "fonte " + report.source + ": ";
  if (!report.ok) {
    std::string text = name + "nada importado; " + std::to_string(report.errors.size()) +
                       (report.errors.size() == 1 ? " problema:" : " problemas:");
    for (const auto& e : report.errors) text += "\n  " + e;
    return text;
  }
  if (report.unchanged) return name + "nada novo desde a última sincronização";
  return name + std::to_string(report.clients) + " clientes, " + std::to_string(report.receivables) + " títulos, " +
         std::to_string(report.payments) + " pagamentos novos (" + std::to_string(report.settled) +
         " títulos quitados, " + std::to_string(report.cancelledIntents) + " ações pendentes canceladas" +
         (report.closedTasks > 0 ? ", " + std::to_string(report.closedTasks) + " tarefas encerradas" : "") + ")";
}

}  // namespace regua::services
