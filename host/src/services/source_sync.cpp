#include "services/source_sync.hpp"

#include <map>
#include <optional>
#include <set>

#include "common/words.hpp"
#include "domain/document.hpp"
#include "config/policy.hpp"
#include "engine/events.hpp"
#include "engine/task_service.hpp"
#include "engine/plugin_quoter.hpp"
#include "plugin/plugin_instance.hpp"
#include "plugin/plugin_registry.hpp"
#include "plugin/source_port.hpp"
#include "services/bank_folder.hpp"
#include "services/collection_service.hpp"
#include "services/credit_matching.hpp"
#include "store/bank_repository.hpp"
#include "store/client_repository.hpp"
#include "store/event_repository.hpp"
#include "store/intent_repository.hpp"
#include "store/payment_repository.hpp"
#include "store/receivable_repository.hpp"
#include "store/settings_repository.hpp"

namespace regua::services {

// The fields a source owns, compared with what the store has: an import that changes
// none of them is "unchanged" in the summary.
bool sameSourceFields(const domain::Client& stored, const domain::Client& next) {
  auto contactsEqual = [](const domain::Contact& a, const domain::Contact& b) {
    return a.channel == b.channel && a.address == b.address && a.name == b.name && a.role == b.role &&
           a.paymentContact == b.paymentContact && a.owner == b.owner;
  };
  const auto normalized = [](const std::string& document) {
    const auto parsed = domain::Document::parse(document);
    return parsed ? parsed->normalized() : document;
  };
  return stored.name == next.name && normalized(stored.document) == normalized(next.document) &&
         stored.preferredChannel == next.preferredChannel && stored.segment == next.segment &&
         stored.responsible == next.responsible && stored.tags == next.tags && stored.clientSince == next.clientSince &&
         std::equal(stored.contacts.begin(), stored.contacts.end(), next.contacts.begin(), next.contacts.end(),
                    contactsEqual);
}

// Turns what a source delivers into domain records, checking each one, and keeps every
// problem with the record's origin. Lives for one pull.
class SourceCollector final : public plugin::SourceSink {
 public:
  SourceCollector(store::Database& db, const domain::ChargeCalculator& charges, std::string source, Date today)
      : db_(db),
        clientsInStore_(db),
        receivablesInStore_(db),
        source_(std::move(source)),
        today_(today),
        matcher_(db, charges) {}

  bool client(const plugin::SourceClient& r) override {
    const std::string where = origin(r.origin, "cliente", r.externalId);
    Problems problems;
    if (r.externalId.empty()) problems.push_back({"id", "falta o id do cliente"});
    if (r.name.empty()) problems.push_back({"name", "falta o nome"});
    repeated(clientOrigins_, r.externalId, where, problems);
    std::string why;
    const auto document = domain::Document::parse(r.document, &why);
    if (!document) problems.push_back({"document", "documento inválido: " + why});
    const std::string& channel = r.preferredChannel;
    if (!channel.empty() && !config::isMessageChannel(channel)) {
      problems.push_back({"preferred_channel", "canal preferido '" + channel + "' desconhecido; use email, sms ou whatsapp"});
    }
    if (!problems.empty()) {
      rejectedClients_[r.externalId] = errors.size();
      return reject(where, problems);
    }

    domain::Client c;
    c.source = source_;
    c.externalId = r.externalId;
    // Fields the host owns (pause, credit) and tags it added survive a new import.
    const auto existing = clientsInStore_.findByExternalId(source_, c.externalId);
    if (existing) c = *existing;
    fillFromSource(c, r);
    ++(!existing ? clientCounts.added : sameSourceFields(*existing, c) ? clientCounts.unchanged : clientCounts.changed);
    clients_.push_back(std::move(c));
    return true;
  }

  bool receivable(const plugin::SourceReceivable& r) override {
    const std::string where = origin(r.origin, "título", r.externalId);
    const std::string& client = r.clientExternalId;
    if (rejectedClients_.count(client) > 0) {
      rejectedReceivables_[r.externalId] = client;
      return dependsOnRejected(client);
    }
    Problems problems;
    if (r.externalId.empty()) problems.push_back({"id", "falta o id do título"});
    if (r.amount <= Money()) problems.push_back({"amount", "o valor deve ser maior que zero"});
    if (r.dueDate < r.issueDate) problems.push_back({"due_date", "o vencimento é anterior à emissão"});
    repeated(receivableOrigins_, r.externalId, where, problems);
    if (clientOrigins_.count(client) == 0 && !clientStored(client)) {
      problems.push_back({"client_id", "o cliente '" + client + "' não existe nesta fonte"});
    }
    if (!problems.empty()) {
      rejectedReceivables_[r.externalId] = client;
      return reject(where, problems);
    }
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
    receivables_.push_back(std::move(rec));
    return true;
  }

  bool payment(const plugin::SourcePayment& r) override {
    const std::string where = origin(r.origin, "pagamento", r.externalId);
    const std::string& receivable = r.receivableExternalId;
    if (const auto it = rejectedReceivables_.find(receivable); it != rejectedReceivables_.end()) {
      if (rejectedClients_.count(it->second) > 0) return dependsOnRejected(it->second);
    }
    Problems problems;
    if (r.externalId.empty()) problems.push_back({"id", "falta o id do pagamento"});
    if (r.amount <= Money()) problems.push_back({"amount", "o valor deve ser maior que zero"});
    if (r.paidDate > today_) {
      problems.push_back({"paid_date", "a data do pagamento (" + r.paidDate.br() + ") é posterior a hoje (" +
                                           today_.br() + "); confira a data na exportação"});
    }
    repeated(paymentOrigins_, r.externalId, where, problems);
    store::PaymentInput p;
    p.source = source_;
    p.externalId = r.externalId;
    p.receivableExternalId = receivable;
    std::string how;
    if (r.bankCredit && receivable.empty()) {
      if (!problems.empty()) return reject(where, problems);
      const CreditMatch match = matcher_.match(
          {r.amount, r.paidDate, r.nossoNumero, r.seuNumero, r.reference, r.payerDocument, r.payerName});
      if (!match.matched()) {
        credits_.push_back(queued(r, where, match.reason));
        return true;
      }
      p.receivableId = match.receivables.front();
      p.bank = store::PaymentInput::BankSettlement{r.charges, r.discount, r.bankFee};
      how = match.how;
    } else if (receivable.empty()) {
      byNossoNumero(r.nossoNumero, p, problems);
    } else if (receivableOrigins_.count(receivable) == 0 && !receivablesInStore_.findByExternalId(source_, receivable)) {
      // An installment of an agreement the office made in Régua ("acordo-3-1").
      if (const auto installment = receivablesInStore_.findByExternalId(kAgreementSource, receivable)) {
        p.receivableId = installment->id;
      } else {
        problems.push_back({"receivable_id", "o título '" + receivable + "' não existe nesta fonte nem é parcela de acordo"});
      }
    }
    if (!problems.empty()) return reject(where, problems);
    p.amount = r.amount;
    p.paidDate = r.paidDate;
    p.creditDate = r.creditDate;
    p.method = r.method;
    payments_.push_back(std::move(p));
    matchedBy_.push_back(std::move(how));
    return true;
  }

  // What a bank says about a boleto besides a payment: kept for its receivable's
  // history, or as "no receivable" when none has the boleto.
  bool occurrence(const plugin::SourceOccurrence& r) override {
    const std::string where = origin(r.origin, "ocorrência", r.externalId);
    Problems problems;
    if (r.externalId.empty()) problems.push_back({"id", "falta o id da ocorrência"});
    if (r.code.empty() && r.text.empty()) problems.push_back({"code", "falta o código ou a descrição do movimento"});
    repeated(occurrenceOrigins_, r.externalId, where, problems);
    if (!problems.empty()) return reject(where, problems);
    store::BankOccurrence o{source_, r.externalId, std::nullopt, std::nullopt, r.date, r.code, r.text, where};
    std::vector<std::int64_t> ids;
    if (!r.nossoNumero.empty()) ids = receivablesInStore_.idsByNossoNumero(r.nossoNumero);
    if (ids.empty() && !r.seuNumero.empty()) ids = receivablesInStore_.idsByExternalId(r.seuNumero);
    if (ids.size() == 1) {
      o.receivableId = ids.front();
      if (const auto stored = receivablesInStore_.findById(ids.front())) o.clientId = stored->clientId;
    }
    occurrences_.push_back(std::move(o));
    return true;
  }

  // A client refused for its own line also leaves out its receivables and payments:
  // the client's error says how many, instead of one "não existe" line for each.
  void finish() {
    for (const auto& [client, count] : dependents_) {
      const std::size_t at = rejectedClients_.at(client);
      const std::string note = " (e " + counted(count, "registro dele ficou", "registros dele ficaram") +
                               " de fora: corrija esta linha primeiro)";
      errors[at] += note;
      for (auto& p : problems) {
        if (p.line == at) {
          p.detail += note;
          break;
        }
      }
    }
  }

  std::vector<std::string> errors;     // one line per refused record, for people
  std::vector<RecordProblem> problems;  // the same, one per field, for the API
  std::vector<domain::Client> clients_;
  std::vector<domain::Receivable> receivables_;
  std::vector<store::PaymentInput> payments_;
  std::vector<std::string> matchedBy_;  // per payment: how a bank credit found its receivable
  std::vector<store::BankCredit> credits_;  // bank credits that found no single receivable
  std::vector<store::BankOccurrence> occurrences_;
  SyncCounts clientCounts;

 private:
  static constexpr const char* kAgreementSource = "acordo";  // where NegotiationService keeps installments

  static std::string origin(const std::string& given, const char* what, const std::string& id) {
    return given.empty() ? std::string(what) + " " + id : given;
  }
  struct Problem {
    std::string field, detail;
  };
  using Problems = std::vector<Problem>;

  store::BankCredit queued(const plugin::SourcePayment& r, const std::string& where, const std::string& reason) const {
    store::BankCredit c;
    c.source = source_;
    c.externalId = r.externalId;
    c.amount = r.amount;
    c.paidDate = r.paidDate;
    c.creditDate = r.creditDate.value_or(r.paidDate);
    c.method = r.method;
    c.nossoNumero = r.nossoNumero;
    c.seuNumero = r.seuNumero;
    c.payerDocument = r.payerDocument;
    c.payerName = r.payerName;
    c.reference = r.reference;
    c.origin = where;
    c.reason = reason;
    return c;
  }

  // A bank's retorno knows the boleto, not the office's id: the one stored receivable
  // with that nosso número, whatever source brought it.
  void byNossoNumero(const std::string& nossoNumero, store::PaymentInput& p, Problems& problems) {
    if (nossoNumero.empty()) {
      problems.push_back({"receivable_id", "falta o título: informe o id do título ou o nosso número do boleto"});
      return;
    }
    const auto ids = receivablesInStore_.idsByNossoNumero(nossoNumero);
    if (ids.size() == 1) {
      p.receivableId = ids.front();
    } else if (ids.empty()) {
      problems.push_back({"nosso_numero", "o nosso número " + nossoNumero +
                                              " não é de nenhum título; confira se o boleto foi importado"});
    } else {
      problems.push_back({"nosso_numero", "o nosso número " + nossoNumero + " está em " + std::to_string(ids.size()) +
                                              " títulos; não dá para saber qual foi pago"});
    }
  }

  // The same id twice in one export: which line wins would be a guess.
  static void repeated(std::map<std::string, std::string>& seen, const std::string& id, const std::string& where,
                       Problems& problems) {
    if (id.empty()) return;
    const auto [at, first] = seen.emplace(id, where);
    if (!first) problems.push_back({"id", "id '" + id + "' repetido (também em " + at->second + "); deixe uma linha só"});
  }
  bool reject(const std::string& where, const Problems& found) {
    std::string line = where + ": ";
    for (std::size_t i = 0; i < found.size(); ++i) {
      line += (i ? "; " : "") + found[i].detail;
      problems.push_back({errors.size(), where, found[i].field, found[i].detail});
    }
    errors.push_back(line);
    return false;
  }
  bool dependsOnRejected(const std::string& client) {
    ++dependents_[client];
    return false;
  }
  void fillFromSource(domain::Client& c, const plugin::SourceClient& r);

  // Whether the store has the client: asked once per client, not once per receivable
  // (an export lists a client's receivables one after another).
  bool clientStored(const std::string& externalId) {
    const auto [at, added] = clientsSeen_.try_emplace(externalId, false);
    if (added) at->second = clientsInStore_.findByExternalId(source_, externalId).has_value();
    return at->second;
  }

  store::Database& db_;
  std::map<std::string, bool> clientsSeen_;
  store::ClientRepository clientsInStore_;
  store::ReceivableRepository receivablesInStore_;
  std::string source_;
  Date today_;
  CreditMatcher matcher_;
  std::map<std::string, std::string> clientOrigins_, receivableOrigins_, paymentOrigins_,
      occurrenceOrigins_;  // id -> where
  std::map<std::string, std::size_t> rejectedClients_;       // id -> its line in errors
  std::map<std::string, std::string> rejectedReceivables_;   // id -> its client
  std::map<std::string, std::size_t> dependents_;            // rejected client -> records left out with it
};

void SourceCollector::fillFromSource(domain::Client& c, const plugin::SourceClient& r) {
  c.name = r.name;
  c.document = r.document;
  c.preferredChannel = r.preferredChannel;
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
  const bool separatePayer = !r.paymentContactEmail.empty() || !r.paymentContactPhone.empty();
  auto contact = [&](const char* kind, const std::string& address, const std::string& name, const std::string& role,
                     bool payment) {
    if (address.empty()) return;
    domain::Contact next{kind, address, name, role, payment, false, payment ? r.paymentContactOwner : ""};
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
  const std::string payer = r.paymentContactName.empty() ? c.name : r.paymentContactName;
  contact("email", r.paymentContactEmail, payer, r.paymentContactRole, true);
  contact("sms", r.paymentContactPhone, payer, r.paymentContactRole, true);
}

// Stores what `collected` accepted, in the caller's transaction: clients, receivables,
// then payments, each settlement cancelling the receivable's pending actions and
// closing its tasks. Adds what it did to `report`.
void SourceSync::commit(SourceCollector& collected, SyncReport& report) {
  store::ClientRepository(db_).saveAll(collected.clients_);
  report.receivables += store::ReceivableRepository(db_).upsertAll(collected.receivables_);
  store::BankRepository bank(db_);
  // A credit queued before, now found by the bank's reference, leaves the queue (when
  // this source has any waiting: most imports have none).
  const bool anyQueued = !collected.payments_.empty() && bank.anyOpen(collected.payments_.front().source);
  const auto lines = settleAll(collected.payments_, collected.matchedBy_, report);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const auto& p = collected.payments_[i];
    if (lines[i] && p.bank && anyQueued) {
      bank.closeQueued(p.source, p.externalId, "associado ao título " + lines[i]->receivable + " na importação");
    }
  }
  for (auto& credit : collected.credits_) {
    if (!bank.enqueue(credit)) {
      ++report.queuedKnown;
      continue;
    }
    ++report.queued;
    report.queuedCredits.push_back(credit);
  }
  for (const auto& occurrence : collected.occurrences_) {
    if (!bank.recordOccurrence(occurrence)) {
      ++report.occurrencesKnown;
      continue;
    }
    ++report.occurrences;
    const auto receivable =
        occurrence.receivableId ? store::ReceivableRepository(db_).findById(*occurrence.receivableId) : std::nullopt;
    report.occurrenceLines.push_back((receivable ? "título " + receivable->externalId : "sem título conhecido") + ", " +
                                     occurrence.date.br() + ": " + occurrence.text + " (" + occurrence.origin + ")");
  }
}

std::optional<PaymentLine> SourceSync::settle(const store::PaymentInput& p, const std::string& how, SyncReport& report) {
  return settleAll({p}, {how}, report).front();
}

std::vector<std::optional<PaymentLine>> SourceSync::settleAll(const std::vector<store::PaymentInput>& payments,
                                                              const std::vector<std::string>& how, SyncReport& report) {
  const auto recorded = store::PaymentRepository(db_).recordAll(payments, charges_);
  std::vector<std::optional<PaymentLine>> lines(payments.size());
  std::vector<store::StoredEvent> events;
  std::vector<std::int64_t> settled;
  std::vector<std::pair<std::int64_t, Date>> settledOn;
  for (std::size_t i = 0; i < payments.size(); ++i) {
    const auto& p = payments[i];
    const auto& r = recorded[i];
    if (r.alreadyRecorded) {
      ++report.paymentsKnown;
      continue;
    }
    ++report.payments;
    events.push_back(paymentReceived(p, r));
    lines[i] = PaymentLine{r.receivableExternalId,
                           p.amount,
                           p.bank ? p.bank->charges : r.allocation.toInterest + r.allocation.toFine,
                           p.paidDate,
                           p.creditDate.value_or(p.paidDate),
                           how[i],
                           !r.settled.empty()};
    report.paymentLines.push_back(*lines[i]);
    for (const std::int64_t id : r.settled) {
      settled.push_back(id);
      settledOn.emplace_back(id, p.paidDate);
    }
  }
  store::EventRepository(db_).appendAll(events);
  report.settled += settled.size();
  report.cancelledIntents +=
      store::IntentRepository(db_).cancelPendingForReceivables(settled, "título pago; nada mais a cobrar");
  report.closedTasks += engine::TaskService(db_).settledAll(settledOn);
  return lines;
}

// payment.received, written with the payment's batch.
store::StoredEvent SourceSync::paymentReceived(const store::PaymentInput& p, const store::RecordedPayment& recorded) {
  JsonWriter data;
  data.text("payment", p.externalId).text("source", p.source).text("receivable", recorded.receivableExternalId);
  engine::moneyField(data, "amount", p.amount);
  data.text("paid_date", p.paidDate.iso()).text("method", p.method).flag("settled", !recorded.settled.empty());
  engine::moneyField(data, "to_credit", recorded.allocation.toCredit);
  return engine::makeEvent("payment.received", recorded.clientId, data.finish());
}

SyncReport SourceSync::push(const std::string& source, const PushedRecords& records) {
  SyncReport report;
  report.source = source;
  SourceCollector collected(db_, charges_, source, today_);
  for (const auto& r : records.clients) collected.client(r);
  for (const auto& r : records.receivables) collected.receivable(r);
  for (const auto& r : records.payments) collected.payment(r);
  collected.finish();
  if (!collected.errors.empty()) {
    report.errors = collected.errors;
    report.problems = collected.problems;
    return report;
  }
  try {
    db_.transaction([&] { commit(collected, report); });
  } catch (const store::StoreError& e) {
    // The store down or locked is no fault of the batch: the caller says "try again".
    if (e.kind() == store::StoreError::Kind::kBusy || e.kind() == store::StoreError::Kind::kConnection) throw;
    SyncReport refused;  // rolled back: nothing of the batch is stored
    refused.source = source;
    refused.errors = {e.what()};
    refused.problems = {{0, "", "", e.what()}};
    return refused;
  }
  report.clients = collected.clientCounts;
  report.ok = true;
  return report;
}

namespace {

// Closes the pull's checks; true, with the errors in `report`, when the source failed or
// the host refused a record: the source's own list of bad lines first, then the host's.
bool refused(const plugin::PullResult& pulled, SourceCollector& collected, SyncReport& report) {
  collected.finish();
  if (pulled.ok && collected.errors.empty()) return false;
  report.errors = pulled.errors;
  report.errors.insert(report.errors.end(), collected.errors.begin(), collected.errors.end());
  if (report.errors.empty()) report.errors.push_back("a fonte falhou sem dizer por quê");
  return true;
}

}  // namespace

SyncReport SourceSync::run(plugin::PluginInstance& source) {
  SyncReport report;
  report.source = source.label();
  store::SettingsRepository settings(db_);
  const std::string cursorKey = "source." + report.source + ".cursor";
  std::string cursor = settings.get(cursorKey).value_or("");

  for (bool more = true; more;) {
    SourceCollector collected(db_, charges_, report.source, today_);
    const auto pulled = plugin::pull(source, cursor, collected);
    if (refused(pulled, collected, report)) return report;  // nothing of this pull is stored
    const std::string& next = pulled.cursor;
    if (next == cursor && collected.clients_.empty() && collected.receivables_.empty() && collected.payments_.empty() &&
        collected.credits_.empty() && collected.occurrences_.empty()) {
      report.unchanged = true;
      break;
    }
    try {
      db_.transaction([&] {
        commit(collected, report);
        settings.set(cursorKey, next);
      });
    } catch (const store::StoreError& e) {
      report.errors.push_back(e.what());
      return report;  // the transaction rolled back: nothing of this pull is stored
    }
    report.clients += collected.clientCounts;
    cursor = next;
    more = pulled.hasMore;
  }
  report.ok = true;
  return report;
}

namespace {
struct RollBack {};  // thrown to undo a dry run's transaction
}  // namespace

SyncReport SourceSync::importOnce(plugin::PluginInstance& source, bool dryRun, const std::function<void()>& alsoCommit) {
  SyncReport report;
  report.source = source.label();
  SourceCollector collected(db_, charges_, report.source, today_);
  const auto pulled = plugin::pull(source, "", collected);
  if (refused(pulled, collected, report)) return report;
  try {
    db_.transaction([&] {
      commit(collected, report);
      if (dryRun) throw RollBack{};
      if (alsoCommit) alsoCommit();
    });
  } catch (const RollBack&) {
  } catch (const store::StoreError& e) {
    SyncReport refused;
    refused.source = report.source;
    refused.errors = {e.what()};
    return refused;
  }
  report.clients = collected.clientCounts;
  report.ok = true;
  return report;
}

SyncRound syncSources(store::Database& db, plugin::PluginRegistry& plugins, const config::PolicySet* policies,
                      const config::HostConfig& config, const std::function<bool()>& keepGoing) {
  SyncRound round;
  const auto sources = plugins.sources();
  if (sources.empty()) return round;
  const auto charges = engine::makeCharges(plugins, policies, db, config.city);
  SourceSync sync(db, *charges, localNow().day);
  for (auto* source : sources) round.sources.push_back(sync.run(*source));
  round.folders = importBankFolders(db, config, plugins.environment(), *charges);
  if (const auto lock = db.tryLockEngine()) {
    round.tasks = engine::TaskPusher(db, plugins, config.backoffSeconds).push(keepGoing);
  }
  return round;
}

namespace {
std::string describeCounts(const SyncCounts& c, std::string_view what, bool masculine) {
  return std::string(what) + " " + counted(c.added, masculine ? "novo" : "nova", masculine ? "novos" : "novas") + ", " +
         counted(c.changed, masculine ? "alterado" : "alterada", masculine ? "alterados" : "alteradas") + ", " +
         std::to_string(c.unchanged) + " sem mudança";
}
}  // namespace

std::string describe(const FolderFile& f) {
  const std::string name = f.file.filename().string();
  if (f.movedTo.empty()) return name + ": " + f.summary;
  const std::string where = f.movedTo.parent_path().filename().string() + "/" + f.movedTo.filename().string();
  if (f.refused) return name + " recusado, movido para " + where + " (o motivo está em " + where + ".erro): " + f.summary;
  return name + ": " + f.summary + "; movido para " + where;
}

std::string describe(const SyncReport& report) {
  const std::string name = "fonte " + report.source + ": ";
  if (!report.ok) {
    std::string text = name + "nada importado; " + counted(report.errors.size(), "problema:", "problemas:");
    for (const auto& e : report.errors) text += "\n  " + e;
    return text;
  }
  if (report.unchanged) return name + "nada novo desde a última sincronização";
  std::string text = name + describeCounts(report.clients, "clientes:", true) + "; " +
                     describeCounts(report.receivables, "títulos:", true) + "; pagamentos: " +
                     counted(report.payments, "novo", "novos") +
                     (report.paymentsKnown > 0 ? ", " + std::to_string(report.paymentsKnown) + " já registrados" : "");
  if (report.queued + report.queuedKnown > 0) {
    text += "; fila de conciliação: " + counted(report.queued, "crédito novo", "créditos novos") +
            (report.queuedKnown > 0 ? ", " + std::to_string(report.queuedKnown) + " já conhecidos" : "");
  }
  if (report.occurrences + report.occurrencesKnown > 0) {
    text += "; ocorrências do banco: " + counted(report.occurrences, "nova", "novas") +
            (report.occurrencesKnown > 0 ? ", " + std::to_string(report.occurrencesKnown) + " já registradas" : "");
  }
  if (report.settled + report.cancelledIntents + report.closedTasks > 0) {
    text += " (" + counted(report.settled, "título quitado", "títulos quitados") + ", " +
            counted(report.cancelledIntents, "ação pendente cancelada", "ações pendentes canceladas") +
            (report.closedTasks > 0 ? ", " + counted(report.closedTasks, "tarefa encerrada", "tarefas encerradas") : "") +
            ")";
  }
  return text;
}

}  // namespace regua::services
