#include "store/payment_repository.hpp"

#include <algorithm>
#include <map>

#include "store/agreement_repository.hpp"
#include "store/client_repository.hpp"
#include "store/history_repository.hpp"
#include "store/receivable_repository.hpp"
#include "store/staged_rows.hpp"

namespace regua::store {

namespace {

void validate(const PaymentInput& p) {
  const std::string context = "pagamento " + p.externalId;
  if (p.externalId.empty()) throw StoreError(StoreError::Kind::kInvalid, context + ": o id externo é obrigatório");
  if (p.amount <= Money()) {
    throw StoreError(StoreError::Kind::kInvalid, context + ": o valor deve ser maior que zero, veio " + p.amount.toBrl());
  }
}

StoreError missingReceivable(const PaymentInput& p) {
  const std::string which = p.receivableId != 0 ? std::to_string(p.receivableId) : p.receivableExternalId;
  return StoreError(StoreError::Kind::kMissingReference, "pagamento " + p.externalId + ": o título " + which +
                                                             " não existe; importe o título antes do pagamento");
}

}  // namespace

// What applying payments changes, gathered in memory and written set-wise by write().
struct PaymentRepository::Writes {
  struct Payment {
    const PaymentInput* input;
    std::string externalId;  // the input's, or a part's when split over installments
    Money amount;
    std::int64_t receivableId, clientId;
    domain::Allocation allocation;
  };
  std::vector<Payment> payments;
  std::map<std::int64_t, domain::Receivable> balances;  // each receivable touched, as it ends up
  std::vector<std::pair<std::int64_t, Money>> credits;  // client, what it overpaid
  std::vector<HistoryEntry> history;
};

// What a batch needs from the store, read set-wise before anything is applied.
struct PaymentRepository::Loaded {
  std::vector<std::int64_t> receivableIds;         // per payment; 0 when its receivable does not exist
  std::map<std::size_t, std::int64_t> recorded;    // payment stored before -> the receivable it went to
  std::map<std::int64_t, domain::Receivable> receivables;
  std::map<std::int64_t, std::int64_t> agreements;  // receivable -> its active agreement
};

RecordedPayment PaymentRepository::record(const PaymentInput& p, const domain::ChargeCalculator& charges) {
  return recordAll({p}, charges).front();
}

std::vector<RecordedPayment> PaymentRepository::recordAll(const std::vector<PaymentInput>& batch,
                                                          const domain::ChargeCalculator& charges) {
  for (const auto& p : batch) validate(p);
  std::vector<RecordedPayment> results(batch.size());
  if (batch.empty()) return results;
  db_.transaction([&] {
    Loaded loaded = load(batch);
    if (!loaded.agreements.empty()) {
      // An installment's payment reads what the one before it left: one at a time.
      for (std::size_t i = 0; i < batch.size(); ++i) results[i] = recordOne(batch[i], charges);
      return;
    }
    Writes writes;
    std::map<std::pair<std::string, std::string>, std::int64_t> seen;  // (source, id) -> receivable
    for (std::size_t i = 0; i < batch.size(); ++i) {
      const auto& p = batch[i];
      auto& result = results[i];
      const auto before = loaded.recorded.find(i);
      const auto [earlier, first] = seen.try_emplace({p.source, p.externalId}, loaded.receivableIds[i]);
      if (before != loaded.recorded.end() || !first) {
        result.receivableId = before != loaded.recorded.end() ? before->second : earlier->second;
        result.alreadyRecorded = true;
        continue;
      }
      const auto receivable = loaded.receivables.find(loaded.receivableIds[i]);
      if (receivable == loaded.receivables.end()) throw missingReceivable(p);
      result = apply(p, p.externalId, receivable->second, p.amount, charges, "", writes);
    }
    write(writes);
  });
  return results;
}

PaymentRepository::Loaded PaymentRepository::load(const std::vector<PaymentInput>& batch) {
  Loaded out;
  out.receivableIds.assign(batch.size(), 0);
  try {
    StagedRows staged(db_, "payments_batch",
                      {"seq BIGINT", "source TEXT", "external_id TEXT", "receivable_id BIGINT", "receivable_ext TEXT"});
    for (std::size_t i = 0; i < batch.size(); ++i) {
      const auto& p = batch[i];
      staged.add(static_cast<std::int64_t>(i)).add(p.source).add(p.externalId);
      staged.add(p.receivableId != 0 ? std::optional<std::int64_t>(p.receivableId) : std::nullopt);
      staged.add(p.receivableExternalId).endRow();
    }
    staged.finish();
    // Named by the office's id: the receivable with that id in the payment's source.
    db_.run(
        "UPDATE payments_batch SET receivable_id = (SELECT r.id FROM receivables r WHERE r.source = "
        "payments_batch.source AND r.external_id = payments_batch.receivable_ext) WHERE receivable_id IS NULL");
    long seq = 0, id = 0;
    soci::indicator idInd = soci::i_ok;
    auto named = db_.statement("SELECT seq, receivable_id FROM payments_batch", soci::into(seq), soci::into(id, idInd));
    named.execute();
    while (named.fetch()) {
      if (idInd == soci::i_ok) out.receivableIds[static_cast<std::size_t>(seq)] = id;
    }
    auto before = db_.statement(
        "SELECT b.seq, p.receivable_id FROM payments_batch b JOIN payments p ON p.source = b.source AND "
        "p.external_id = b.external_id",
        soci::into(seq), soci::into(id));
    before.execute();
    while (before.fetch()) out.recorded.emplace(static_cast<std::size_t>(seq), id);
  } catch (const std::exception&) {
    db_.rethrowTranslated("lendo o lote de " + std::to_string(batch.size()) + " pagamentos");
  }
  const std::string ids = "SELECT receivable_id FROM payments_batch";
  for (auto& r : ReceivableRepository(db_).findWhereIdIn(ids)) {
    const std::int64_t id = r.id;
    out.receivables.emplace(id, std::move(r));
  }
  out.agreements = AgreementRepository(db_).activeForIdsIn(ids);
  return out;
}

RecordedPayment PaymentRepository::recordOne(const PaymentInput& p, const domain::ChargeCalculator& charges) {
  RecordedPayment result;
  long existing = 0, existingReceivable = 0;
  bool found = false;
  try {
    found = db_.run("SELECT id, receivable_id FROM payments WHERE source = :source AND external_id = :external_id",
                    soci::into(existing), soci::into(existingReceivable), soci::use(p.source), soci::use(p.externalId));
  } catch (const std::exception&) {
    db_.rethrowTranslated("pagamento " + p.externalId);
  }
  if (found) {
    result.receivableId = existingReceivable;
    result.alreadyRecorded = true;
    return result;
  }
  ReceivableRepository receivables(db_);
  auto receivable = p.receivableId != 0 ? receivables.findById(p.receivableId)
                                        : receivables.findByExternalId(p.source, p.receivableExternalId);
  if (!receivable) throw missingReceivable(p);
  Writes writes;
  if (const auto agreementId = AgreementRepository(db_).activeFor(receivable->id)) {
    result = applyToAgreement(p, *receivable, *agreementId, charges, writes);
  } else {
    result = apply(p, p.externalId, *receivable, p.amount, charges, "", writes);
  }
  write(writes);
  return result;
}

void PaymentRepository::write(const Writes& w) {
  const std::string now = Database::nowUtc();
  try {
    StagedRows staged(db_, "payments_staging",
                      {"seq BIGINT", "source TEXT", "external_id TEXT", "receivable_id BIGINT", "client_id BIGINT",
                       "amount BIGINT", "paid_date INTEGER", "credit_date INTEGER", "method TEXT", "to_interest BIGINT",
                       "to_fine BIGINT", "to_principal BIGINT", "to_credit BIGINT"});
    std::int64_t seq = 0;
    for (const auto& p : w.payments) {
      const PaymentInput& in = *p.input;
      const auto& a = p.allocation;
      staged.add(seq++).add(in.source).add(p.externalId).add(p.receivableId).add(p.clientId);
      staged.add(p.amount.centavos()).add(std::int64_t{in.paidDate.daysSinceEpoch()});
      staged.add(std::int64_t{in.creditDate.value_or(in.paidDate).daysSinceEpoch()}).add(in.method);
      staged.add(a.toInterest.centavos()).add(a.toFine.centavos()).add(a.toPrincipal.centavos());
      staged.add(a.toCredit.centavos()).endRow();
    }
    staged.finish();
    db_.run(
        "INSERT INTO payments (source, external_id, receivable_id, client_id, amount, paid_date, credit_date, "
        "method, to_interest, to_fine, to_principal, to_credit, created_at) SELECT source, external_id, "
        "receivable_id, client_id, amount, paid_date, credit_date, method, to_interest, to_fine, to_principal, "
        "to_credit, :now FROM payments_staging ORDER BY seq",
        soci::use(now));
  } catch (const std::exception&) {
    db_.rethrowTranslated(w.payments.size() == 1 ? "pagamento " + w.payments.front().externalId
                                                 : "gravando " + std::to_string(w.payments.size()) + " pagamentos");
  }
  std::vector<domain::Receivable> balances;
  balances.reserve(w.balances.size());
  for (const auto& [id, receivable] : w.balances) balances.push_back(receivable);
  ReceivableRepository(db_).updateBalances(balances);
  for (const auto& [client, credit] : w.credits) ClientRepository(db_).addCredit(client, credit);
  HistoryRepository(db_).appendAll(w.history);
}

// Applies `amount` of `p` to `receivable`, in memory, as payment `externalId`; what it
// changed goes to `writes`.
RecordedPayment PaymentRepository::apply(const PaymentInput& p, const std::string& externalId,
                                         domain::Receivable& receivable, Money amount,
                                         const domain::ChargeCalculator& charges, const std::string& note,
                                         Writes& writes) {
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
  writes.payments.push_back({&p, externalId, amount, receivable.id, receivable.clientId, a});
  writes.balances.insert_or_assign(receivable.id, receivable);
  if (a.toCredit > Money()) writes.credits.emplace_back(receivable.clientId, a.toCredit);

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
  entry.summary = std::move(summary);
  writes.history.push_back(std::move(entry));
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
                                                    std::int64_t agreementId, const domain::ChargeCalculator& charges,
                                                    Writes& writes) {
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
    auto piece = apply(p, externalId, open[k], part, charges, note, writes);
    if (k == 0) {
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
  if (open.empty()) return apply(p, p.externalId, named, p.amount, charges, tag, writes);
  if (open.size() != total.settled.size()) return total;

  // Every installment paid: the agreement settles what it replaced.
  for (const auto& item : agreement->items) {
    auto original = receivables.findById(item.receivableId);
    if (!original || original->status != domain::ReceivableStatus::kNegotiated) continue;
    original->status = domain::ReceivableStatus::kPaid;
    original->principalOpen = original->interestOpen = original->fineOpen = Money();
    original->settledOn = p.paidDate;
    total.settled.push_back(original->id);
    HistoryEntry settled;
    settled.clientId = original->clientId;
    settled.kind = "agreement";
    settled.actor = "regua";
    settled.summary = "título " + original->externalId + " quitado pelo " + tag;
    writes.history.push_back(std::move(settled));
    writes.balances.insert_or_assign(original->id, std::move(*original));
  }
  agreement->status = "completed";
  agreement->endedOn = p.paidDate;
  agreement->endReason = "todas as parcelas pagas";
  agreements.updateStatus(*agreement);
  HistoryEntry completed;
  completed.clientId = agreement->clientId;
  completed.kind = "agreement";
  completed.actor = "regua";
  completed.summary = tag + " cumprido: todas as " + std::to_string(agreement->schedule.size()) +
                      " parcelas pagas (última em " + p.paidDate.br() + ")";
  writes.history.push_back(std::move(completed));
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
