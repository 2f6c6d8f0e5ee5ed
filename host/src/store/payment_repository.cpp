#include "store/payment_repository.hpp"

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
    auto& sql = db_.sql();
    long existing = 0, existingReceivable = 0;
    soci::indicator existingInd = soci::i_null;
    try {
      sql << "SELECT id, receivable_id FROM payments WHERE source = :source AND external_id = :external_id",
          soci::into(existing, existingInd), soci::into(existingReceivable), soci::use(p.source),
          soci::use(p.externalId);
    } catch (const std::exception&) {
      db_.rethrowTranslated(context);
    }
    if (sql.got_data() && existingInd == soci::i_ok) {
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
    const domain::Charges due = charges.chargesOn(*receivable, p.paidDate);
    result.allocation = domain::applyPayment(*receivable, p.amount, p.paidDate, due);
    result.receivableId = receivable->id;
    const auto& a = result.allocation;

    long receivableId = receivable->id, clientId = receivable->clientId, amount = p.amount.centavos(),
         toInterest = a.toInterest.centavos(), toFine = a.toFine.centavos(), toPrincipal = a.toPrincipal.centavos(),
         toCredit = a.toCredit.centavos(), id = 0;
    int paid = p.paidDate.daysSinceEpoch(), credited = p.creditDate.value_or(p.paidDate).daysSinceEpoch();
    const std::string now = Database::nowUtc();
    try {
      sql << "INSERT INTO payments (source, external_id, receivable_id, client_id, amount, paid_date, credit_date, "
             "method, to_interest, to_fine, to_principal, to_credit, created_at) VALUES (:source, :external_id, "
             ":receivable_id, :client_id, :amount, :paid, :credited, :method, :to_interest, :to_fine, :to_principal, "
             ":to_credit, :now) RETURNING id",
          soci::use(p.source), soci::use(p.externalId), soci::use(receivableId), soci::use(clientId),
          soci::use(amount), soci::use(paid), soci::use(credited), soci::use(p.method), soci::use(toInterest),
          soci::use(toFine), soci::use(toPrincipal), soci::use(toCredit), soci::use(now), soci::into(id);
    } catch (const std::exception&) {
      db_.rethrowTranslated(context);
    }
    result.paymentId = id;
    receivables.updateBalance(*receivable);
    if (a.toCredit > Money()) ClientRepository(db_).addCredit(receivable->clientId, a.toCredit);

    std::string summary = "pagamento de " + p.amount.toBrl() + " em " + p.paidDate.br() + " no título " +
                          receivable->externalId + ": juros " + a.toInterest.toBrl() + ", multa " +
                          a.toFine.toBrl() + ", principal " + a.toPrincipal.toBrl();
    if (a.toCredit > Money()) summary += ", crédito ao cliente " + a.toCredit.toBrl();
    if (a.statusBefore != a.statusAfter) {
      summary += "; situação " + std::string(domain::toString(a.statusBefore)) + " -> " +
                 std::string(domain::toString(a.statusAfter));
    } else if (!domain::isCollectible(a.statusBefore)) {
      summary += " (o título já estava " + std::string(domain::toString(a.statusBefore)) + ")";
    }
    HistoryEntry entry;
    entry.clientId = receivable->clientId;
    entry.receivableId = receivable->id;
    entry.kind = "payment";
    entry.actor = p.source;
    entry.summary = summary;
    HistoryRepository(db_).append(entry);
  });
  return result;
}

std::vector<PaymentRepository::StoredPayment> PaymentRepository::listForReceivable(std::int64_t receivableId) {
  std::vector<StoredPayment> out;
  long id = 0, amount = 0, interest = 0, fine = 0, principal = 0, credit = 0, receivable = receivableId;
  int paid = 0;
  try {
    soci::statement st =
        (db_.sql().prepare << "SELECT id, amount, to_interest, to_fine, to_principal, to_credit, paid_date "
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
