#include "services/negotiation_service.hpp"

#include <algorithm>
#include <map>
#include <utility>

#include <Poco/Logger.h>

#include "common/masking.hpp"
#include "common/words.hpp"
#include "engine/events.hpp"
#include "engine/cycle.hpp"
#include "engine/task_service.hpp"
#include "store/client_repository.hpp"
#include "store/history_repository.hpp"
#include "store/intent_repository.hpp"
#include "store/payment_repository.hpp"
#include "store/receivable_repository.hpp"
#include "services/client_lookup.hpp"

namespace regua::services {


namespace {

// agreement.accepted / agreement.broken, in the caller's transaction.
void agreementEvent(store::Database& db, const std::string& type, const store::Agreement& a) {
  Poco::JSON::Object data(Poco::JSON_PRESERVE_KEY_ORDER);
  data.set("agreement", a.id);
  data.set("installments", a.installments);
  data.set("total", engine::moneyJson(a.total));
  data.set("policy", a.policyId);
  if (!a.endReason.empty()) data.set("reason", a.endReason);
  engine::emitEvent(db, type, a.clientId, data);
}

}  // namespace

namespace {

Poco::Logger& logger() { return Poco::Logger::get("regua.negotiation"); }

std::string tag(std::int64_t agreementId) { return "acordo #" + std::to_string(agreementId); }

std::string scheduleText(const store::Agreement& a) {
  const int first = a.down > Money() ? 1 : 0;
  std::string out;
  for (const auto& i : a.schedule) {
    if (!out.empty()) out += ", ";
    out += (i.down ? std::string("entrada ") : std::to_string(i.number - first) + "ª ") + i.amount.toBrl() + " em " +
           i.dueDate.br();
  }
  return out;
}

std::string planText(const store::Agreement& a) {
  const bool cash = a.installments == 1 && a.down == Money();
  return (a.down > Money() ? "entrada de " + a.down.toBrl() + " + " : std::string()) +
         negotiation::planText(a.installments, cash, negotiation::rateFromString(a.rate).value_or(negotiation::Rate::kNone),
                               a.monthlyPpm);
}

}  // namespace

std::string agreementStatusText(const std::string& status) {
  if (status == "proposed") return "proposta";
  if (status == "active") return "ativo";
  if (status == "completed") return "cumprido";
  if (status == "broken") return "quebrado";
  if (status == "cancelled") return "cancelado";
  return status;
}

NegotiationService::NegotiationService(store::Database& db, const config::PolicySet& policies,
                                       const calendar::BusinessCalendar& calendar, std::string city,
                                       const domain::ChargeCalculator& charges)
    : db_(db), policies_(policies), calendar_(calendar), city_(std::move(city)), charges_(charges) {}

negotiation::BusinessDay NegotiationService::businessDay() const {
  return [this](Date d) { return calendar_.isBusinessDay(d, city_) ? d : calendar_.nextBusinessDay(d, city_); };
}

domain::Client NegotiationService::findClient(const std::string& clientRef) {
  auto client = services::findClient(db_, clientRef);
  if (!client) {
    throw NegotiationError("cliente '" + clientRef + "' não encontrado; use o id do cliente no sistema de origem ou "
                           "o CPF/CNPJ só com dígitos");
  }
  return *client;
}

ClientDebt NegotiationService::debtOf(const std::string& clientRef, Date asOf) {
  return debtOf(findClient(clientRef), asOf);
}

ClientDebt NegotiationService::debtOf(domain::Client client, Date asOf) {
  ClientDebt out;
  out.client = std::move(client);
  out.asOf = asOf;
  for (auto& r : store::ReceivableRepository(db_).listForClient(out.client.id)) {
    if (!domain::isCollectible(r.status) || calendar_.effectiveDueDate(r.dueDate, city_) >= asOf) continue;
    const domain::Charges accrued = charges_.chargesOn(r, asOf);
    DebtLine line{r, r.fineOpen + accrued.fine, r.interestOpen + accrued.interest, asOf - r.dueDate};
    out.lines.push_back(std::move(line));
  }
  std::sort(out.lines.begin(), out.lines.end(), [](const DebtLine& a, const DebtLine& b) {
    return std::pair(a.receivable.dueDate, a.receivable.id) < std::pair(b.receivable.dueDate, b.receivable.id);
  });
  if (out.lines.empty()) {
    throw NegotiationError("o cliente " + out.client.externalId + " não tem nada vencido em " + asOf.br() +
                           ": não há o que negociar");
  }
  const auto& oldest = out.lines.front().receivable;
  out.policy = policies_.select(oldest.policyId, out.client.externalId, out.client.segment);
  if (out.policy == nullptr || out.policy->negotiation.empty()) {
    throw NegotiationError("a política " + (out.policy ? "'" + out.policy->id + "' " : "") +
                           "do cliente " + out.client.externalId +
                           " não permite acordos: inclua nela uma seção 'negotiation' (veja config/policies/default.yaml)");
  }
  std::vector<std::string> errors;
  out.terms = negotiation::parseTerms(out.policy->negotiation, errors);
  if (!errors.empty()) throw NegotiationError("seção negotiation da política '" + out.policy->id + "': " + errors.front());
  for (const auto& line : out.lines) {
    out.debt.principal += line.receivable.principalOpen;
    out.debt.fine += line.fine;
    out.debt.interest += line.interest;
  }
  out.firstDue = calendar_.addBusinessDays(asOf, out.terms.firstDueBusinessDays, city_);
  return out;
}

std::vector<negotiation::Schedule> NegotiationService::offers(const ClientDebt& debt) const {
  return negotiation::offers(debt.debt, debt.terms, debt.firstDue, businessDay());
}

store::Agreement NegotiationService::propose(const std::string& clientRef, const ProposalRequest& request) {
  return propose(debtOf(clientRef, request.asOf), request);
}

store::Agreement NegotiationService::propose(const ClientDebt& debt, const ProposalRequest& request) {
  store::AgreementRepository agreements(db_);
  if (const auto active = agreements.activeForClient(debt.client.id)) {
    throw NegotiationError("o cliente " + debt.client.externalId + " já tem o " + tag(*active) +
                           " ativo; cancele-o (regua agreement cancel " + std::to_string(*active) +
                           ") antes de propor outro");
  }
  if (request.firstDue && *request.firstDue < request.asOf) {
    throw NegotiationError("o primeiro vencimento (" + request.firstDue->br() + ") é antes de " + request.asOf.br());
  }
  negotiation::Schedule s;
  try {
    s = negotiation::schedule(debt.debt, debt.terms, request.installments, request.down,
                              request.firstDue.value_or(debt.firstDue), businessDay());
  } catch (const std::invalid_argument& e) {
    throw NegotiationError(e.what());
  }
  std::string beyond;
  for (const auto& why : s.beyondLimits) beyond += (beyond.empty() ? "" : "; ") + why;
  if (!beyond.empty() && request.approver.empty()) {
    throw NegotiationError("a proposta passa dos limites da política '" + debt.policy->id + "': " + beyond +
                           ". Peça a aprovação de um responsável e repita com --approver NOME");
  }
  const std::string policyId = debt.terms.policy.empty() ? debt.policy->id : debt.terms.policy;
  if (policies_.byId(policyId) == nullptr) {
    throw NegotiationError("a política das parcelas '" + policyId + "' (negotiation.policy de '" + debt.policy->id +
                           "') não existe em config/policies");
  }

  store::Agreement a;
  a.clientId = debt.client.id;
  a.installments = s.count;
  a.rate = std::string(negotiation::toString(s.plan.rate));
  a.monthlyPpm = s.plan.rate == negotiation::Rate::kNone ? 0 : s.plan.monthlyPpm;
  a.debt = s.debt;
  a.discount = s.discount;
  a.down = s.down;
  a.total = s.total();
  a.policyId = policyId;
  a.breakAfterDays = debt.terms.breakAfterDays;
  a.proposedOn = request.asOf;
  a.expiresOn = request.asOf.plusDays(debt.terms.validDays);
  a.approvedBy = beyond.empty() ? "" : request.approver;
  a.beyondLimits = beyond;
  for (const auto& line : debt.lines) {
    a.items.push_back({line.receivable.id, line.receivable.principalOpen, line.fine, line.interest});
  }
  for (const auto& i : s.installments) a.schedule.push_back({i.number, i.down, i.due, i.amount, i.interest, 0});
  db_.transaction([&] {
    agreements.insert(a);
    std::string summary = "proposta do " + tag(a.id) + ": dívida de " + a.debt.toBrl() + " em " +
                          counted(a.items.size(), "título", "títulos") + ", " + planText(a) + ", total " +
                          a.total.toBrl() + (a.discount > Money() ? " (desconto de " + a.discount.toBrl() + ")" : "") +
                          "; válida até " + a.expiresOn.br();
    if (!beyond.empty()) summary += "; acima dos limites da política (" + beyond + "), aprovada por " + a.approvedBy;
    store::HistoryRepository(db_).append(a.clientId, "agreement", request.actor, summary);
  });
  return a;
}

store::Agreement NegotiationService::accept(std::int64_t agreementId, Date day, const std::string& actor) {
  store::AgreementRepository agreements(db_);
  auto a = agreements.findById(agreementId);
  if (!a) throw NegotiationError(tag(agreementId) + " não existe; veja as propostas com regua agreement list");
  if (a->status != "proposed") {
    throw NegotiationError("o " + tag(agreementId) + " está " + agreementStatusText(a->status) +
                           "; só uma proposta em aberto pode ser aceita");
  }
  if (day > a->expiresOn) {
    throw NegotiationError("a proposta do " + tag(agreementId) + " expirou em " + a->expiresOn.br() +
                           "; faça uma nova com regua agreement propose");
  }
  if (const auto active = agreements.activeForClient(a->clientId)) {
    throw NegotiationError("o cliente já tem o " + tag(*active) + " ativo; cancele-o antes de aceitar outro");
  }
  store::ReceivableRepository receivables(db_);
  std::vector<domain::Receivable> originals;
  for (const auto& item : a->items) {
    auto r = receivables.findById(item.receivableId);
    if (!r || !domain::isCollectible(r->status) || r->principalOpen != item.principal) {
      throw NegotiationError("o título " + (r ? r->externalId : std::to_string(item.receivableId)) +
                             " mudou desde a proposta (pagamento, baixa ou outro acordo); faça uma nova proposta");
    }
    originals.push_back(std::move(*r));
  }
  db_.transaction([&] {
    store::IntentRepository intents(db_);
    for (auto& r : originals) {
      r.status = domain::ReceivableStatus::kNegotiated;
      receivables.updateBalance(r);
      intents.cancelPendingForReceivable(r.id, "título em " + tag(a->id));
    }
    const int regular = a->installments;
    for (const auto& i : a->schedule) {
      domain::Receivable installment;
      installment.source = "acordo";
      installment.externalId = "acordo-" + std::to_string(a->id) + "-" + std::to_string(i.number);
      installment.clientId = a->clientId;
      installment.description = "Acordo #" + std::to_string(a->id) + " – " +
                                (i.down ? std::string("entrada")
                                        : "parcela " + std::to_string(i.number - (a->down > Money() ? 1 : 0)) + "/" +
                                              std::to_string(regular));
      installment.amount = installment.principalOpen = i.amount;
      installment.issueDate = day;
      installment.dueDate = installment.interestFrom = i.dueDate;
      installment.policyId = a->policyId;
      receivables.upsert(installment);
      agreements.linkInstallment(a->id, i.number, installment.id);
    }
    a->status = "active";
    a->acceptedOn = day;
    agreements.updateStatus(*a);
    agreementEvent(db_, "agreement.accepted", *a);
    store::HistoryRepository(db_).append(a->clientId, "agreement", actor,
                                         tag(a->id) + " aceito em " + day.br() + ": " + planText(*a) + " — " +
                                             scheduleText(*a) + "; os títulos originais ficam negociados");
  });
  return *agreements.findById(agreementId);
}

store::Agreement NegotiationService::cancel(std::int64_t agreementId, Date day, const std::string& actor) {
  store::AgreementRepository agreements(db_);
  auto a = agreements.findById(agreementId);
  if (!a) throw NegotiationError(tag(agreementId) + " não existe; veja os acordos com regua agreement list");
  if (a->status == "proposed") {
    db_.transaction([&] {
      a->status = "cancelled";
      a->endedOn = day;
      a->endReason = "proposta cancelada";
      agreements.updateStatus(*a);
      store::HistoryRepository(db_).append(a->clientId, "agreement", actor,
                                           "proposta do " + tag(a->id) + " cancelada em " + day.br());
    });
  } else if (a->status == "active") {
    db_.transaction([&] { breakAgreement(*a, day, "cancelado pelo escritório em " + day.br(), actor); });
  } else {
    throw NegotiationError("o " + tag(agreementId) + " já está " + agreementStatusText(a->status) +
                           "; não há o que cancelar");
  }
  return *agreements.findById(agreementId);
}

std::string NegotiationService::breakAgreement(store::Agreement& a, Date day, const std::string& reason,
                                               const std::string& actor) {
  store::ReceivableRepository receivables(db_);
  store::IntentRepository intents(db_);
  // What the client paid on the installments, by day.
  store::PaymentRepository payments(db_);
  std::vector<std::pair<Date, Money>> paid;
  Money paidTotal;
  for (const auto& i : a.schedule) {
    if (i.receivableId == 0) continue;
    for (const auto& payment : payments.listForReceivable(i.receivableId)) {
      const Money applied = payment.amount - payment.toCredit;  // the credit already went to the client
      if (applied > Money()) paid.emplace_back(payment.paidDate, applied);
    }
    // What is left of the installments is no longer owed as such.
    auto r = receivables.findById(i.receivableId);
    if (r && domain::isCollectible(r->status)) {
      r->status = domain::ReceivableStatus::kCancelled;
      receivables.updateBalance(*r);
      intents.cancelPendingForReceivable(r->id, tag(a.id) + " quebrado");
    }
  }
  std::stable_sort(paid.begin(), paid.end(), [](const auto& x, const auto& y) { return x.first < y.first; });

  // The originals come back as they were when accepted, and take the installments'
  // payments on the days they were made, oldest debt first (interest, fine, principal):
  // charges run from the original due dates as the contract allows, never twice.
  std::vector<domain::Receivable> originals;
  for (const auto& item : a.items) {
    auto r = receivables.findById(item.receivableId);
    if (!r) continue;
    r->status = r->principalOpen < r->amount ? domain::ReceivableStatus::kPartiallyPaid : domain::ReceivableStatus::kOpen;
    originals.push_back(std::move(*r));
  }
  for (const auto& [on, amount] : paid) {
    paidTotal += amount;
    Money left = amount;
    for (auto& r : originals) {
      if (left <= Money() || !domain::isCollectible(r.status)) continue;
      left = domain::applyPayment(r, left, on, charges_.chargesOn(r, on)).toCredit;
    }
    if (left > Money()) store::ClientRepository(db_).addCredit(a.clientId, left);
  }
  Money reinstated;
  std::string titles;
  for (auto& r : originals) {
    receivables.updateBalance(r);
    if (!domain::isCollectible(r.status)) continue;
    const domain::Charges accrued = charges_.chargesOn(r, day);
    reinstated += r.totalOpen() + accrued.fine + accrued.interest;
    titles += (titles.empty() ? "" : ", ") + r.externalId;
  }
  a.status = "broken";
  a.endedOn = day;
  a.endReason = reason;
  store::AgreementRepository(db_).updateStatus(a);
  agreementEvent(db_, "agreement.broken", a);
  const std::string summary = tag(a.id) + " quebrado: " + reason + ". Pago nas parcelas " + paidTotal.toBrl() +
                              ", aplicado aos títulos originais nas datas dos pagamentos; voltam à cobrança " +
                              (titles.empty() ? "nenhum título" : titles) + " com " + reinstated.toBrl() +
                              " em " + day.br() + " (encargos desde os vencimentos originais)";
  store::HistoryRepository(db_).append(a.clientId, "agreement", actor, summary);

  // The follow-up: the client's collection task comes back (or gets a note).
  // Its type is the negotiating policy's (the originals'), not the installments' one.
  const auto client = store::ClientRepository(db_).findById(a.clientId);
  const config::Policy* negotiating = originals.empty() || !client
                                  ? nullptr
                                  : policies_.select(originals.front().policyId, client->externalId, client->segment);
  std::vector<std::string> errors;
  const std::string taskType = negotiating ? negotiation::parseTerms(negotiating->negotiation, errors).taskType
                                           : negotiation::Terms{}.taskType;
  engine::TaskService tasks(db_);
  if (tasks.reopen(a.clientId, taskType, summary, day, actor) == 0) {
    std::vector<std::int64_t> ids;
    for (const auto& r : originals) {
      if (domain::isCollectible(r.status)) ids.push_back(r.id);
    }
    engine::TaskChange change;
    change.type = taskType;
    change.title = "Acordo #" + std::to_string(a.id) + " quebrado";
    change.description = summary;
    change.note = summary;
    change.dueDate = calendar_.addBusinessDays(day, 2, city_);
    tasks.upsert(a.clientId, ids, change, day, actor);
  }
  logger().information(maskPersonalData(summary));
  return summary;
}

store::Promise NegotiationService::promise(const std::string& clientRef, Date until, Money amount, Date today,
                                           const std::string& actor) {
  return promise(findClient(clientRef), until, amount, today, actor);
}

store::Promise NegotiationService::promise(domain::Client client, Date until, Money amount, Date today,
                                           const std::string& actor) {
  if (until < today) throw NegotiationError("a data prometida (" + until.br() + ") já passou; hoje é " + today.br());
  if (amount < Money()) throw NegotiationError("o valor prometido deve ser positivo");
  store::AgreementRepository agreements(db_);
  store::Promise p;
  p.clientId = client.id;
  p.madeOn = today;
  p.until = until;
  p.checkOn = calendar_.nextBusinessDay(until, city_);
  p.amount = amount;
  db_.transaction([&] {
    if (auto previous = agreements.openPromise(client.id)) agreements.resolvePromise(previous->id, "replaced", today);
    agreements.insertPromise(p);
    // The régua waits through the day after the promise for the payment to show up.
    const Date resume = p.checkOn.plusDays(1);
    if (!client.pausedUntil || *client.pausedUntil < resume) client.pausedUntil = resume;
    store::ClientRepository(db_).save(client);
    store::HistoryRepository(db_).append(
        client.id, "promise", actor,
        "promessa de pagamento" + (amount > Money() ? " de " + amount.toBrl() : std::string()) + " até " + until.br() +
            "; a cobrança pausa até " + p.checkOn.br() + " e, sem pagamento, a régua dispara '" + config::kPromiseBroken + "'");
  });
  return p;
}

std::size_t NegotiationService::firePromiseBroken(const store::Promise& promise, Date day) {
  store::ClientRepository clients(db_);
  const auto client = clients.findById(promise.clientId);
  if (!client) return 0;
  std::vector<store::IntentRecord> fresh;
  for (const auto& r : store::ReceivableRepository(db_).listForClient(promise.clientId)) {
    if (!domain::isCollectible(r.status)) continue;
    const config::Policy* policy = policies_.select(r.policyId, client->externalId, client->segment);
    const config::Stage* stage = policy ? policy->stageOn(config::kPromiseBroken) : nullptr;
    if (stage == nullptr) continue;
    domain::ReceivableFacts facts;
    facts.preferredChannel = client->preferredChannel;
    for (const auto& action : stage->actions) {
      store::IntentRecord intent;
      // Once per receivable and promise: a second broken promise fires the stage again.
      intent.uniqueKey = store::intentKey(r.id, policy->id, stage->id + "#promessa-" + std::to_string(promise.id),
                                          action.name);
      intent.clientId = r.clientId;
      intent.receivableId = r.id;
      intent.policyId = policy->id;
      intent.stageId = stage->id;
      intent.action = action.name;
      intent.channel = engine::channelFor(action, facts, *policy);
      intent.forDate = day;
      intent.reason = "promessa de pagamento até " + promise.until.br() + " não cumprida";
      fresh.push_back(std::move(intent));
    }
  }
  return store::IntentRepository(db_).insertAll(fresh);
}

std::vector<ReviewDecision> NegotiationService::reviewDecisions(Date asOf) {
  std::vector<ReviewDecision> out;
  store::AgreementRepository agreements(db_);
  store::ReceivableRepository receivables(db_);
  for (const std::int64_t id : agreements.activeIds()) {
    auto a = agreements.findById(id);
    for (const auto& i : a->schedule) {
      auto r = i.receivableId ? receivables.findById(i.receivableId) : std::nullopt;
      if (!r || !domain::isCollectible(r->status)) continue;
      const int late = asOf - r->dueDate;
      if (late <= a->breakAfterDays) break;  // installments fall due in order
      ReviewDecision d;
      d.kind = ReviewDecision::Kind::kBreakAgreement;
      d.clientId = a->clientId;
      d.reason = (i.down ? std::string("a entrada") : "a parcela " + std::to_string(i.number)) + " venceu em " +
                 r->dueDate.br() + " e está " + std::to_string(late) + " dias em atraso (limite do acordo: " +
                 std::to_string(a->breakAfterDays) + ")";
      d.agreement = std::move(a);
      out.push_back(std::move(d));
      break;
    }
  }
  for (auto& p : agreements.promisesDue(asOf)) {
    ReviewDecision d;
    d.paid = agreements.paidBetween(p.clientId, p.madeOn, p.checkOn);
    const bool kept = p.amount > Money() ? d.paid >= p.amount : d.paid > Money();
    d.kind = kept ? ReviewDecision::Kind::kPromiseKept : ReviewDecision::Kind::kPromiseBroken;
    d.clientId = p.clientId;
    d.reason = "promessa de pagamento até " + p.until.br() + (kept ? " cumprida: pago " : " não cumprida: pago ") +
               d.paid.toBrl() + (p.amount > Money() ? " de " + p.amount.toBrl() + " prometidos" : "");
    d.promise = std::move(p);
    out.push_back(std::move(d));
  }
  store::ClientRepository clients(db_);
  for (auto& d : out) {
    if (const auto c = clients.findById(d.clientId)) d.clientName = c->name;
  }
  return out;
}

NegotiationReview NegotiationService::review(Date asOf) {
  NegotiationReview out;
  store::AgreementRepository agreements(db_);
  for (auto& d : reviewDecisions(asOf)) {
    if (d.kind == ReviewDecision::Kind::kBreakAgreement) {
      db_.transaction([&] { breakAgreement(*d.agreement, asOf, d.reason, "regua"); });
      ++out.agreementsBroken;
      continue;
    }
    const bool kept = d.kind == ReviewDecision::Kind::kPromiseKept;
    db_.transaction([&] {
      agreements.resolvePromise(d.promise->id, kept ? "kept" : "broken", asOf);
      std::string summary = d.reason;
      if (!kept) {
        Poco::JSON::Object data(Poco::JSON_PRESERVE_KEY_ORDER);
        data.set("promise", d.promise->id);
        data.set("until", d.promise->until.iso());
        data.set("amount", engine::moneyJson(d.promise->amount));
        data.set("paid", engine::moneyJson(d.paid));
        engine::emitEvent(db_, "promise.broken", d.promise->clientId, data);
        const std::size_t created = firePromiseBroken(*d.promise, asOf);
        out.intentsCreated += created;
        summary += "; a régua retoma a cobrança (" + counted(created, "ação", "ações") + " de " +
                   config::kPromiseBroken + ")";
      }
      store::HistoryRepository(db_).append(d.promise->clientId, "promise", "regua", summary);
    });
    ++(kept ? out.promisesKept : out.promisesBroken);
  }
  return out;
}

NegotiationService::Progress NegotiationService::progress(const store::Agreement& a) {
  Progress out;
  store::ReceivableRepository receivables(db_);
  for (const auto& i : a.schedule) {
    auto r = i.receivableId ? receivables.findById(i.receivableId) : std::nullopt;
    if (!r) continue;
    out.paid += r->amount - r->principalOpen;
    if (r->status == domain::ReceivableStatus::kPaid) ++out.installmentsPaid;
    if (domain::isCollectible(r->status)) out.open += r->totalOpen();
  }
  return out;
}

}  // namespace regua::services
