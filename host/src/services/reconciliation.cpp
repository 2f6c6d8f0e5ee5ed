#include "services/reconciliation.hpp"

#include <set>

#include "services/client_lookup.hpp"
#include "services/credit_matching.hpp"
#include "store/client_repository.hpp"
#include "store/history_repository.hpp"
#include "store/receivable_repository.hpp"

namespace regua::services {

namespace {

std::string describeCredit(const store::BankCredit& c) {
  return "crédito #" + std::to_string(c.id) + " de " + c.amount.toBrl() + " em " + c.paidDate.br() +
         (c.origin.empty() ? "" : " (" + c.origin + ")");
}

}  // namespace

std::vector<QueuedCredit> Reconciliation::list(const std::string& state, std::int64_t afterId, int limit) {
  std::vector<QueuedCredit> out;
  for (auto& credit : store::BankRepository(db_).listCredits(state, afterId, limit)) {
    QueuedCredit q{std::move(credit), {}};
    if (q.credit.state == "open") q.candidates = candidatesFor(q.credit);
    out.push_back(std::move(q));
  }
  return out;
}

std::vector<CreditCandidate> Reconciliation::candidatesFor(const store::BankCredit& credit) {
  const CreditFacts facts{credit.amount,     credit.paidDate,      credit.nossoNumero, credit.seuNumero,
                          credit.reference,  credit.payerDocument, credit.payerName};
  store::ReceivableRepository receivables(db_);
  store::ClientRepository clients(db_);
  std::vector<CreditCandidate> out;
  for (const std::int64_t id : CreditMatcher(db_, charges_).match(facts).receivables) {
    const auto r = receivables.findById(id);
    if (!r) continue;
    const auto client = clients.findById(r->clientId);
    const auto due = charges_.chargesOn(*r, credit.paidDate);
    out.push_back({id, r->externalId, client ? client->externalId : "", client ? client->name : "", r->dueDate,
                   r->totalOpen(), r->totalOpen() + due.fine + due.interest});
  }
  return out;
}

store::BankCredit Reconciliation::openCredit(std::int64_t creditId) {
  using Kind = ServiceError::Kind;
  auto credit = store::BankRepository(db_).findCredit(creditId);
  if (!credit) {
    throw ServiceError(Kind::kNotFound, "crédito #" + std::to_string(creditId) +
                                            " não está na fila de conciliação; veja regua reconcile list");
  }
  if (credit->state != "open") {
    throw ServiceError(Kind::kRefused, describeCredit(*credit) + " já foi " +
                                           (credit->state == "matched" ? "associado" : "ignorado") + " por " +
                                           credit->decidedBy + ": " + credit->decision);
  }
  return *credit;
}

MatchReport Reconciliation::match(std::int64_t creditId, const std::vector<std::string>& refs, const std::string& who) {
  using Kind = ServiceError::Kind;
  MatchReport report;
  db_.transaction([&] {
    report.credit = openCredit(creditId);
    const auto& credit = report.credit;
    if (refs.empty()) throw ServiceError(Kind::kRefused, "diga a que título(s) o crédito pertence");
    store::ReceivableRepository receivables(db_);
    std::vector<domain::Receivable> targets;
    std::set<std::int64_t> seen;
    for (const auto& ref : refs) {
      const auto ids = findReceivables(db_, ref);
      if (ids.size() > 1) throw ServiceError(Kind::kAmbiguous, "há " + std::to_string(ids.size()) + " títulos com o id '" + ref + "'; use o id interno");
      auto found = ids.empty() ? std::nullopt : receivables.findById(ids.front());
      if (!found) throw ServiceError(Kind::kNotFound, "título '" + ref + "' não encontrado");
      if (!seen.insert(found->id).second) throw ServiceError(Kind::kRefused, "o título '" + ref + "' aparece duas vezes");
      targets.push_back(std::move(*found));
    }
    SourceSync sync(db_, charges_, today_);
    Money remaining = credit.amount;
    std::string names;
    for (std::size_t k = 0; k < targets.size(); ++k) {
      const auto due = charges_.chargesOn(targets[k], credit.paidDate);
      const Money owed = targets[k].totalOpen() + due.fine + due.interest;
      const bool last = k + 1 == targets.size();
      if (remaining <= Money()) {
        throw ServiceError(Kind::kRefused, "o " + describeCredit(credit) + " acaba antes do título " +
                                               targets[k].externalId + "; tire-o da lista");
      }
      store::PaymentInput p;
      p.source = credit.source;
      p.externalId = k == 0 ? credit.externalId : credit.externalId + "#" + std::to_string(k + 1);
      p.receivableId = targets[k].id;
      p.amount = last || remaining < owed ? remaining : owed;
      p.paidDate = credit.paidDate;
      p.creditDate = credit.creditDate;
      p.method = credit.method;
      sync.settle(p, "conciliação por " + who, report.payments);
      remaining -= p.amount;
      names += (names.empty() ? "" : ", ") + targets[k].externalId;
    }
    const std::string decision = "associado a " + names;
    store::BankRepository(db_).decide(credit.id, "matched", who, decision);
    store::HistoryEntry entry;
    entry.clientId = targets.front().clientId;
    entry.receivableId = targets.front().id;
    entry.kind = "reconciliation";
    entry.actor = who;
    entry.summary = describeCredit(credit) + " " + decision + " por " + who;
    store::HistoryRepository(db_).append(entry);
    report.credit.state = "matched";
    report.credit.decidedBy = who;
    report.credit.decision = decision;
  });
  return report;
}

store::BankCredit Reconciliation::ignore(std::int64_t creditId, const std::string& reason, const std::string& who) {
  store::BankCredit credit;
  db_.transaction([&] {
    credit = openCredit(creditId);
    const std::string decision = reason.empty() ? "ignorado" : "ignorado: " + reason;
    store::BankRepository(db_).decide(credit.id, "ignored", who, decision);
    store::HistoryEntry entry;
    entry.kind = "reconciliation";
    entry.actor = who;
    entry.summary = describeCredit(credit) + " " + decision + " (por " + who + ")";
    store::HistoryRepository(db_).append(entry);
    credit.state = "ignored";
    credit.decidedBy = who;
    credit.decision = decision;
  });
  return credit;
}

}  // namespace regua::services
