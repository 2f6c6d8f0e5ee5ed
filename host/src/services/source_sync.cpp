#include "services/source_sync.hpp"

#include <map>
#include <optional>
#include <set>

#include <regua/plugin.hpp>

#include "domain/document.hpp"
#include "config/policy.hpp"
#include "engine/task_service.hpp"
#include "plugin/plugin_instance.hpp"
#include "store/client_repository.hpp"
#include "store/intent_repository.hpp"
#include "store/payment_repository.hpp"
#include "store/receivable_repository.hpp"
#include "store/settings_repository.hpp"

namespace regua::services {

// Turns what a source delivers into domain records, checking each one, and keeps every
// problem with the record's origin. Lives for one pull.
class SourceCollector {
 public:
  SourceCollector(store::Database& db, std::string source) : db_(db), clientsInStore_(db), source_(std::move(source)) {}

  regua_status client(const regua_client_record& r) {
    const std::string where = origin(detail::read(r, &regua_client_record::origin), "cliente", r.external_id);
    std::vector<std::string> problems;
    if (r.external_id.size == 0) problems.push_back("falta o id do cliente");
    if (r.name.size == 0) problems.push_back("falta o nome");
    std::string why;
    const auto document = domain::Document::parse(std::string(view(r.document)), &why);
    if (!document) problems.push_back("documento inválido: " + why);
    const std::string channel(view(detail::read(r, &regua_client_record::preferred_channel)));
    if (!channel.empty() && !config::isMessageChannel(channel)) {
      problems.push_back("canal preferido '" + channel + "' desconhecido; use email, sms ou whatsapp");
    }
    if (!problems.empty()) return reject(where, problems);

    domain::Client c;
    c.source = source_;
    c.externalId = std::string(view(r.external_id));
    // Fields the host owns (pause, credit) and tags it added survive a new import.
    if (auto existing = clientsInStore_.findByExternalId(source_, c.externalId)) c = std::move(*existing);
    c.name = std::string(view(r.name));
    c.document = std::string(view(r.document));
    c.preferredChannel = channel;
    c.segment = std::string(view(detail::read(r, &regua_client_record::segment)));
    c.responsible = std::string(view(detail::read(r, &regua_client_record::responsible)));
    const std::string tags(view(detail::read(r, &regua_client_record::tags)));
    for (std::size_t start = 0; start < tags.size();) {
      auto end = tags.find(',', start);
      if (end == std::string::npos) end = tags.size();
      std::string tag = tags.substr(start, end - start);
      tag.erase(0, tag.find_first_not_of(' '));
      tag.erase(tag.find_last_not_of(' ') + 1);
      if (!tag.empty() && std::find(c.tags.begin(), c.tags.end(), tag) == c.tags.end()) c.tags.push_back(tag);
      start = end + 1;
    }
    if (const auto since = detail::read(r, &regua_client_record::client_since); since != 0) {
      c.clientSince = Date::fromAbi(since);
    }
    // The source owns the addresses; the host owns what it learned about them (an
    // opt-out, an address a server refused), which a new import keeps.
    const std::vector<domain::Contact> before = std::move(c.contacts);
    c.contacts.clear();
    // A separate payment contact (1.5: the secretary, the finance department) receives
    // the bills; otherwise the client's own addresses do.
    auto field = [&](regua_str regua_client_record::*member) { return std::string(view(detail::read(r, member))); };
    const std::string payerName = field(&regua_client_record::payment_contact_name);
    const std::string payerRole = field(&regua_client_record::payment_contact_role);
    const std::string payerEmail = field(&regua_client_record::payment_contact_email);
    const std::string payerPhone = field(&regua_client_record::payment_contact_phone);
    const std::string payerOwner = field(&regua_client_record::payment_contact_owner);
    const bool separatePayer = !payerEmail.empty() || !payerPhone.empty();
    auto contact = [&](const char* kind, const std::string& address, const std::string& name, const std::string& role,
                       bool payment) {
      if (address.empty()) return;
      domain::Contact next{kind, address, name, role, payment, false, payment ? payerOwner : ""};
      for (const auto& old : before) {
        if (old.channel == next.channel && old.address == next.address) next.optedOut = old.optedOut;
      }
      c.contacts.push_back(std::move(next));
    };
    contact("email", std::string(view(r.email)), c.name, "", !separatePayer);
    contact("sms", std::string(view(r.phone)), c.name, "", !separatePayer);
    contact("whatsapp", field(&regua_client_record::whatsapp), c.name, "", !separatePayer);
    const std::string payer = payerName.empty() ? c.name : payerName;
    contact("email", payerEmail, payer, payerRole, true);
    contact("sms", payerPhone, payer, payerRole, true);
    clientIds_.insert(c.externalId);
    clients_.push_back(std::move(c));
    return REGUA_OK;
  }

  regua_status receivable(const regua_receivable_record& r) {
    const std::string where = origin(detail::read(r, &regua_receivable_record::origin), "título", r.external_id);
    std::vector<std::string> problems;
    const std::string client(view(r.client_external_id));
    if (r.external_id.size == 0) problems.push_back("falta o id do título");
    if (r.amount <= 0) problems.push_back("o valor deve ser maior que zero");
    if (r.due_date < r.issue_date) problems.push_back("o vencimento é anterior à emissão");
    if (clientIds_.count(client) == 0 && !clientsInStore_.findByExternalId(source_, client)) {
      problems.push_back("o cliente '" + client + "' não existe nesta fonte");
    }
    if (!problems.empty()) return reject(where, problems);
    domain::Receivable rec;
    rec.source = source_;
    rec.externalId = std::string(view(r.external_id));
    rec.clientExternalId = client;
    rec.description = std::string(view(r.description));
    rec.amount = Money::fromAbi(r.amount);
    rec.issueDate = Date::fromAbi(r.issue_date);
    rec.dueDate = Date::fromAbi(r.due_date);
    rec.policyId = std::string(view(detail::read(r, &regua_receivable_record::policy_id)));
    rec.nossoNumero = std::string(view(detail::read(r, &regua_receivable_record::nosso_numero)));
    rec.boletoLine = std::string(view(detail::read(r, &regua_receivable_record::boleto_line)));
    receivableIds_.insert(rec.externalId);
    receivables_.push_back(std::move(rec));
    return REGUA_OK;
  }

  regua_status payment(const regua_payment_record& r) {
    const std::string where = origin(detail::read(r, &regua_payment_record::origin), "pagamento", r.external_id);
    std::vector<std::string> problems;
    const std::string receivable(view(r.receivable_external_id));
    if (r.external_id.size == 0) problems.push_back("falta o id do pagamento");
    if (r.amount <= 0) problems.push_back("o valor deve ser maior que zero");
    if (receivableIds_.count(receivable) == 0 && !store::ReceivableRepository(db_).findByExternalId(source_, receivable)) {
      problems.push_back("o título '" + receivable + "' não existe nesta fonte");
    }
    if (!problems.empty()) return reject(where, problems);
    store::PaymentInput p;
    p.source = source_;
    p.externalId = std::string(view(r.external_id));
    p.receivableExternalId = receivable;
    p.amount = Money::fromAbi(r.amount);
    p.paidDate = Date::fromAbi(r.paid_date);
    if (r.credit_date != 0) p.creditDate = Date::fromAbi(r.credit_date);
    p.method = std::string(view(r.method));
    payments_.push_back(std::move(p));
    return REGUA_OK;
  }

  std::vector<std::string> errors;
  std::vector<domain::Client> clients_;
  std::vector<domain::Receivable> receivables_;
  std::vector<store::PaymentInput> payments_;

 private:
  std::string origin(regua_str given, const char* what, regua_str id) const {
    if (given.size > 0) return std::string(view(given));
    return std::string(what) + " " + std::string(view(id));
  }
  regua_status reject(const std::string& where, const std::vector<std::string>& problems) {
    std::string line = where + ": ";
    for (std::size_t i = 0; i < problems.size(); ++i) line += (i ? "; " : "") + problems[i];
    errors.push_back(line);
    return REGUA_ERROR;
  }

  store::Database& db_;
  store::ClientRepository clientsInStore_;
  std::string source_;
  std::set<std::string> clientIds_, receivableIds_;
};

namespace {

SourceCollector& collector(regua_host_context* ctx) { return *ctx->collector; }
regua_status sinkClient(regua_host_context* ctx, const regua_client_record* r) { return collector(ctx).client(*r); }
regua_status sinkReceivable(regua_host_context* ctx, const regua_receivable_record* r) {
  return collector(ctx).receivable(*r);
}
regua_status sinkPayment(regua_host_context* ctx, const regua_payment_record* r) { return collector(ctx).payment(*r); }

// Attaches a collector to the instance's context for the duration of one pull.
class AttachedCollector {
 public:
  AttachedCollector(regua_host_context* ctx, SourceCollector& c) : ctx_(ctx) { ctx_->collector = &c; }
  ~AttachedCollector() { ctx_->collector = nullptr; }

 private:
  regua_host_context* ctx_;
};

}  // namespace

SyncReport SourceSync::run(plugin::PluginInstance& source) {
  SyncReport report;
  report.source = source.label();
  store::SettingsRepository settings(db_);
  const std::string cursorKey = "source." + report.source + ".cursor";
  std::string cursor = settings.get(cursorKey).value_or("");

  for (bool more = true; more;) {
    SourceCollector collected(db_, report.source);
    regua_source_sink sink{sizeof(regua_source_sink), source.context(), &sinkClient, &sinkReceivable, &sinkPayment};
    regua_source_result result{};
    regua_status status;
    {
      AttachedCollector attached(source.context(), collected);
      status = source.pull(cursor, sink, result);
    }
    if (status != REGUA_OK || !collected.errors.empty()) {
      // The source's own list of bad lines first, then what the host refused.
      const std::string own = status != REGUA_OK ? source.lastError() : "";
      for (std::size_t start = 0; start < own.size();) {
        auto end = own.find('\n', start);
        if (end == std::string::npos) end = own.size();
        if (end > start) report.errors.push_back(own.substr(start, end - start));
        start = end + 1;
      }
      report.errors.insert(report.errors.end(), collected.errors.begin(), collected.errors.end());
      if (report.errors.empty()) report.errors.push_back("a fonte falhou sem dizer por quê");
      return report;  // nothing of this pull is stored
    }
    const std::string next(view(result.cursor));
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
    more = result.has_more != 0;
  }
  report.ok = true;
  return report;
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
