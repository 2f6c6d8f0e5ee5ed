#include "store/payment_repository.hpp"

#include <algorithm>

#include "store/agreement_repository.hpp"
#include "store/client_repository.hpp"
#include "store/history_repository.hpp"
#include "store/receivable_repository.hpp"

namespace regua::store {

RecordedPayment PaymentRepository::record(const PaymentInput& p, const domain::ChargeCalculator& charges) {
  const std::string context = "pagamento " + p.externalId;
  if (p.externalId.empty()) throw StoreError(StoreError::Kind::kInvalid, context + ": o id externo é obrigatório");
  if (p.amount <= Money()) {
    throw StoreError(StoreError::Kind::kInvalid, context + ": o valor deve ser maior que zero, veio " + p.amount.toBrl());
  }
  RecordedPayment result;
  db_.transaction([&] {
    long existing = 0, existingReceivable = 0;
    soci::indicator existingInd = soci::i_null;
    bool found = false;
    try {
      found = db_.run("SELECT id, receivable_id FROM payments WHERE source = :source AND external_id = :external_id",
                      soci::into(existing, existingInd), soci::into(existingReceivable), soci::use(p.source),
                      soci::use(p.externalId));
    } catch (const std::exception&) {
      db_.rethrowTranslated(context);
    }
    if (found && existingInd == soci::i_ok) {
      result.paymentId = existing;
      result.receivableId = existingReceivable;
      result.alreadyRecorded = true;
      return;
    }

    ReceivableRepository receivables(db_);
    auto receivable = p.receivableId != 0 ? receivables.findById(p.receivableId)
                                          : receivables.findByExternalId(p.source, p.receivableExternalId);
    if (!receivable) {
      const std::string which = p.receivableId != 0 ? std::to_string(p.receivableId) : p.receivableExternalId;
      throw StoreError(StoreError::Kind::kMissingReference,
                       context + ": o título " + which + " não existe; importe o título antes do pagamento");
    }
    if (const auto agreementId = AgreementRepository(db_).activeFor(receivable->id)) {
      result = applyToAgreement(p, *receivable, *agreementId, charges);
    } else {
      result = apply(p, p.externalId, *receivable, p.amount, charges, "");
    }
  });
  return result;
}

RecordedPayment PaymentRepository::apply(const PaymentInput& p, const std::string& externalId,
                                         domain::Receivable& receivable, Money amount,
                                         const domain::ChargeCalculator& charges, const std::string& note) {
  const std::string context = "pagamento " + externalId;
  RecordedPayment result;
  const domain::Charges quoted = charges.chargesOn(receivable, p.paidDate);
  const Money quotedCharges = receivable.interestOpen + receivable.fineOpen + quoted.interest +
                              (receivable.fineAssessed ? Money() : quoted.fine);
  const domain::Charges due = p.bank ? domain::Charges{p.bank->charges, Money()} : quoted;
  result.allocation = domain::applyPayment(receivable, amount, p.paidDate, due);
  const std::string bankNote = p.bank ? settleByBank(receivable, result.allocation, p, quotedCharges) : "";
  result.receivableId = receivable.id;
  result.clientId = receivable.clientId;
  result.receivableExternalId = receivable.externalId;
  const auto& a = result.allocation;
  if (domain::isCollectible(a.statusBefore) && !domain::isCollectible(a.statusAfter)) {
    result.settled.push_back(receivable.id);
  }

  long receivableId = receivable.id, clientId = receivable.clientId, total = amount.centavos(),
       toInterest = a.toInterest.centavos(), toFine = a.toFine.centavos(), toPrincipal = a.toPrincipal.centavos(),
       toCredit = a.toCredit.centavos(), id = 0;
  int paid = p.paidDate.daysSinceEpoch(), credited = p.creditDate.value_or(p.paidDate).daysSinceEpoch();
  const std::string now = Database::nowUtc();
  try {
    db_.run(
        "INSERT INTO payments (source, external_id, receivable_id, client_id, amount, paid_date, credit_date, "
        "method, to_interest, to_fine, to_principal, to_credit, created_at) VALUES (:source, :external_id, "
        ":receivable_id, :client_id, :amount, :paid, :credited, :method, :to_interest, :to_fine, "
        ":to_principal, :to_credit, :now) RETURNING id",
        soci::use(p.source), soci::use(externalId), soci::use(receivableId), soci::use(clientId), soci::use(total),
        soci::use(paid), soci::use(credited), soci::use(p.method), soci::use(toInterest), soci::use(toFine),
        soci::use(toPrincipal), soci::use(toCredit), soci::use(now), soci::into(id));
  } catch (const std::exception&) {
    db_.rethrowTranslated(context);
  }
  result.paymentId = id;
  ReceivableRepository(db_).updateBalance(receivable);
  if (a.toCredit > Money()) ClientRepository(db_).addCredit(receivable.clientId, a.toCredit);

  std::string summary = "pagamento de " + amount.toBrl() + " em " + p.paidDate.br() + " no título " +
                        receivable.externalId + ": juros " + a.toInterest.toBrl() + ", multa " + a.toFine.toBrl() +
                        ", principal " + a.toPrincipal.toBrl();
  if (a.toCredit > Money()) summary += ", crédito ao cliente " + a.toCredit.toBrl();
  if (a.statusBefore != a.statusAfter) {
    summary += "; título " + std::string(domain::describe(a.statusBefore)) + " → " +
               std::string(domain::describe(a.statusAfter));
  } else if (!domain::isCollectible(a.statusBefore)) {
    summary += " (o título já estava " + std::string(domain::describe(a.statusBefore)) + ")";
  }
  if (!bankNote.empty()) summary += "; " + bankNote;
  if (!note.empty()) summary += "; " + note;
  HistoryEntry entry;
  entry.clientId = receivable.clientId;
  entry.receivableId = receivable.id;
  entry.kind = "payment";
  entry.actor = p.source;
  entry.summary = summary;
  HistoryRepository(db_).append(entry);
  return result;
}

// What the bank did beyond the amount, for the payment's history line: its charges
// against Régua's quote for the day, the discount it granted (which closes what is left
// of the receivable up to that amount) and its fee.
std::string PaymentRepository::settleByBank(domain::Receivable& receivable, domain::Allocation& a,
                                            const PaymentInput& p, Money quotedCharges) {
  const auto& bank = *p.bank;
  std::vector<std::string> notes;
  if (bank.charges != quotedCharges) {
    const Money difference = bank.charges > quotedCharges ? bank.charges - quotedCharges : quotedCharges - bank.charges;
    notes.push_back("o banco cobrou " + bank.charges.toBrl() + " de juros e multa; pela régua seriam " +
                    quotedCharges.toBrl() + " (" + difference.toBrl() +
                    (bank.charges > quotedCharges ? " a mais)" : " a menos)"));
  }
  if (bank.discount > Money() && domain::isCollectible(receivable.status) && receivable.totalOpen() <= bank.discount) {
    notes.push_back("desconto/abatimento de " + receivable.totalOpen().toBrl() + " concedido no banco");
    receivable.principalOpen = receivable.interestOpen = receivable.fineOpen = Money();
    receivable.status = domain::ReceivableStatus::kPaid;
    receivable.settledOn = p.paidDate;
    a.statusAfter = receivable.status;
  }
  if (bank.fee > Money()) notes.push_back("tarifa do banco " + bank.fee.toBrl());
  std::string out;
  for (const auto& n : notes) out += (out.empty() ? "" : "; ") + n;
  return out;
}

RecordedPayment PaymentRepository::applyToAgreement(const PaymentInput& p, domain::Receivable& named,
                                                    std::int64_t agreementId, const domain::ChargeCalculator& charges) {
  AgreementRepository agreements(db_);
  ReceivableRepository receivables(db_);
  auto agreement = agreements.findById(agreementId);
  std::vector<domain::Receivable> open;
  for (const auto& installment : agreement->schedule) {
    if (installment.receivableId == 0) continue;
    auto r = receivables.findById(installment.receivableId);
    if (r && domain::isCollectible(r->status)) open.push_back(std::move(*r));
  }
  const std::string tag = "acordo #" + std::to_string(agreementId);
  const bool redirected = std::none_of(agreement->schedule.begin(), agreement->schedule.end(),
                                       [&](const auto& i) { return i.receivableId == named.id; });
  RecordedPayment total;
  total.agreementId = agreementId;
  Money remaining = p.amount;
  for (std::size_t k = 0; k < open.size() && remaining > Money(); ++k) {
    const domain::Charges due = charges.chargesOn(open[k], p.paidDate);
    const Money owed = open[k].totalOpen() + due.fine + due.interest;
    const Money part = k + 1 == open.size() || remaining < owed ? remaining : owed;
    std::string note = "parcela do " + tag;
    if (redirected && k == 0) note += " (pago no título " + named.externalId + ", que está no acordo)";
    const std::string externalId = k == 0 ? p.externalId : p.externalId + "#" + std::to_string(k + 1);
    auto piece = apply(p, externalId, open[k], part, charges, note);
    if (k == 0) {
      total.paymentId = piece.paymentId;
      total.receivableId = piece.receivableId;
      total.clientId = piece.clientId;
      total.receivableExternalId = piece.receivableExternalId;
      total.allocation = piece.allocation;
    } else {
      total.allocation.toInterest += piece.allocation.toInterest;
      total.allocation.toFine += piece.allocation.toFine;
      total.allocation.toPrincipal += piece.allocation.toPrincipal;
      total.allocation.toCredit += piece.allocation.toCredit;
      total.allocation.statusAfter = piece.allocation.statusAfter;
    }
    total.settled.insert(total.settled.end(), piece.settled.begin(), piece.settled.end());
    remaining -= part;
  }
  if (open.empty()) return apply(p, p.externalId, named, p.amount, charges, tag);
  if (open.size() != total.settled.size()) return total;

  // Every installment paid: the agreement settles what it replaced.
  for (const auto& item : agreement->items) {
    auto original = receivables.findById(item.receivableId);
    if (!original || original->status != domain::ReceivableStatus::kNegotiated) continue;
    original->status = domain::ReceivableStatus::kPaid;
    original->principalOpen = original->interestOpen = original->fineOpen = Money();
    original->settledOn = p.paidDate;
    receivables.updateBalance(*original);
    total.settled.push_back(original->id);
    HistoryRepository(db_).append(original->clientId, "agreement", "regua",
                                  "título " + original->externalId + " quitado pelo " + tag);
  }
  agreement->status = "completed";
  agreement->endedOn = p.paidDate;
  agreement->endReason = "todas as parcelas pagas";
  agreements.updateStatus(*agreement);
  HistoryRepository(db_).append(agreement->clientId, "agreement", "regua",
                                tag + " cumprido: todas as " + std::to_string(agreement->schedule.size()) +
                                    " parcelas pagas (última em " + p.paidDate.br() + ")");
  total.agreementCompleted = true;
  return total;
}

std::vector<PaymentRepository::StoredPayment> PaymentRepository::listForReceivable(std::int64_t receivableId) {
  std::vector<StoredPayment> out;
  long id = 0, amount = 0, interest = 0, fine = 0, principal = 0, credit = 0, receivable = receivableId;
  int paid = 0;
  try {
    auto st = db_.statement(
        "SELECT id, amount, to_interest, to_fine, to_principal, to_credit, paid_date "
        "FROM payments WHERE receivable_id = :id ORDER BY id",
        soci::into(id), soci::into(amount), soci::into(interest), soci::into(fine), soci::into(principal),
        soci::into(credit), soci::into(paid), soci::use(receivable));
    st.execute();
    while (st.fetch()) {
      out.push_back({id, Money::fromCentavos(amount), Money::fromCentavos(interest), Money::fromCentavos(fine),
                     Money::fromCentavos(principal), Money::fromCentavos(credit), Date::fromDaysSinceEpoch(paid)});
    }
  } catch (const std::exception&) {
    db_.rethrowTranslated("lendo os pagamentos do título " + std::to_string(receivableId));
  }
  return out;
}

}  // namespace regua::store
