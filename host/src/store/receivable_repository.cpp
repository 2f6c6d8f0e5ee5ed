#include "store/receivable_repository.hpp"

namespace regua::store {

namespace {

constexpr const char* kUpsert = R"(
  INSERT INTO receivables (source, external_id, client_id, description, amount, issue_date, due_date,
                           principal_open, interest_from, nosso_numero, boleto_line, pix_txid, policy_id,
                           created_at, updated_at)
  VALUES (:source, :external_id,
          COALESCE(:client_id, (SELECT id FROM clients WHERE source = :client_source AND external_id = :client_ext)),
          :description, :amount, :issue_date, :due_date, :principal, :interest_from,
          :nosso_numero, :boleto_line, :pix_txid, :policy_id, :created_at, :updated_at)
  ON CONFLICT (source, external_id) DO UPDATE SET
    client_id = excluded.client_id, description = excluded.description, issue_date = excluded.issue_date,
    due_date = excluded.due_date,
    amount = CASE WHEN receivables.status IN ('open', 'partially_paid') THEN excluded.amount ELSE receivables.amount END,
    principal_open = CASE WHEN receivables.status IN ('open', 'partially_paid')
                          THEN receivables.principal_open + excluded.amount - receivables.amount
                          ELSE receivables.principal_open END,
    interest_from = CASE WHEN receivables.interest_from = receivables.due_date
                         THEN excluded.due_date ELSE receivables.interest_from END,
    nosso_numero = excluded.nosso_numero, boleto_line = excluded.boleto_line, pix_txid = excluded.pix_txid,
    policy_id = excluded.policy_id, updated_at = excluded.updated_at)";

constexpr const char* kColumns =
    "id, source, external_id, client_id, description, amount, issue_date, due_date, status, principal_open, "
    "interest_open, fine_open, fine_assessed, interest_from, settled_on, nosso_numero, boleto_line, pix_txid, "
    "policy_id";

// The bound variables of one upsert, reused across the rows of a batch so the
// statement is prepared once.
struct UpsertRow {
  std::string source, externalId, clientSource, clientExt, description, nossoNumero, boletoLine, pixTxid, policyId;
  long clientId = 0, amount = 0, principal = 0;
  int issueDate = 0, dueDate = 0, interestFrom = 0;
  soci::indicator clientInd = soci::i_null;
  std::string now;

  void load(const domain::Receivable& r) {
    source = r.source;
    externalId = r.externalId;
    clientId = r.clientId;
    clientInd = r.clientId != 0 ? soci::i_ok : soci::i_null;
    clientSource = r.source;
    clientExt = r.clientExternalId;
    description = r.description;
    amount = r.amount.centavos();
    principal = r.amount.centavos();
    issueDate = r.issueDate.daysSinceEpoch();
    dueDate = r.dueDate.daysSinceEpoch();
    interestFrom = r.dueDate.daysSinceEpoch();
    nossoNumero = r.nossoNumero;
    boletoLine = r.boletoLine;
    pixTxid = r.pixTxid;
    policyId = r.policyId;
  }
};

void validate(const domain::Receivable& r, const std::string& context) {
  if (r.externalId.empty()) throw StoreError(StoreError::Kind::kInvalid, context + ": o id externo é obrigatório");
  if (r.amount <= Money()) {
    throw StoreError(StoreError::Kind::kInvalid, context + ": o valor deve ser maior que zero, veio " + r.amount.toBrl());
  }
  if (r.dueDate < r.issueDate) {
    throw StoreError(StoreError::Kind::kInvalid, context + ": o vencimento (" + r.dueDate.br() +
                                                     ") é anterior à emissão (" + r.issueDate.br() + ")");
  }
  if (r.clientId == 0 && r.clientExternalId.empty()) {
    throw StoreError(StoreError::Kind::kInvalid, context + ": falta o cliente (id ou id externo)");
  }
}

}  // namespace

void ReceivableRepository::upsertAll(const std::vector<domain::Receivable>& receivables) {
  db_.transaction([&] {
    UpsertRow row;
    row.now = Database::nowUtc();
    soci::statement st =
        (db_.sql().prepare << kUpsert, soci::use(row.source), soci::use(row.externalId),
         soci::use(row.clientId, row.clientInd), soci::use(row.clientSource), soci::use(row.clientExt),
         soci::use(row.description), soci::use(row.amount), soci::use(row.issueDate), soci::use(row.dueDate),
         soci::use(row.principal), soci::use(row.interestFrom), soci::use(row.nossoNumero), soci::use(row.boletoLine),
         soci::use(row.pixTxid), soci::use(row.policyId), soci::use(row.now), soci::use(row.now));
    for (std::size_t i = 0; i < receivables.size(); ++i) {
      const auto& r = receivables[i];
      const std::string context = "título " + r.externalId + " (item " + std::to_string(i + 1) + " do lote)";
      validate(r, context);
      row.load(r);
      try {
        st.execute(true);
      } catch (const std::exception&) {
        db_.rethrowTranslated(context + (r.clientId == 0 ? ", cliente " + r.clientExternalId : ""));
      }
    }
  });
}

void ReceivableRepository::upsert(domain::Receivable& receivable) {
  upsertAll({receivable});
  const auto stored = findByExternalId(receivable.source, receivable.externalId);
  if (!stored) throw StoreError(StoreError::Kind::kOther, "título " + receivable.externalId + " sumiu após gravar");
  receivable = *stored;
}

std::vector<domain::Receivable> ReceivableRepository::select(const std::string& condition, long param) {
  std::vector<domain::Receivable> out;
  domain::Receivable r;
  long id = 0, clientId = 0, amount = 0, principal = 0, interest = 0, fine = 0;
  int issue = 0, due = 0, fineAssessed = 0, interestFrom = 0, settled = 0;
  soci::indicator settledInd = soci::i_ok;
  std::string status;
  try {
    soci::statement st =
        (db_.sql().prepare << "SELECT " << kColumns << " FROM receivables WHERE " << condition << " ORDER BY id",
         soci::into(id), soci::into(r.source), soci::into(r.externalId), soci::into(clientId),
         soci::into(r.description), soci::into(amount), soci::into(issue), soci::into(due), soci::into(status),
         soci::into(principal), soci::into(interest), soci::into(fine), soci::into(fineAssessed),
         soci::into(interestFrom), soci::into(settled, settledInd), soci::into(r.nossoNumero),
         soci::into(r.boletoLine), soci::into(r.pixTxid), soci::into(r.policyId), soci::use(param));
    st.execute();
    while (st.fetch()) {
      r.id = id;
      r.clientId = clientId;
      r.amount = Money::fromCentavos(amount);
      r.issueDate = Date::fromDaysSinceEpoch(issue);
      r.dueDate = Date::fromDaysSinceEpoch(due);
      r.status = domain::receivableStatusFromString(status);
      r.principalOpen = Money::fromCentavos(principal);
      r.interestOpen = Money::fromCentavos(interest);
      r.fineOpen = Money::fromCentavos(fine);
      r.fineAssessed = fineAssessed != 0;
      r.interestFrom = Date::fromDaysSinceEpoch(interestFrom);
      r.settledOn = settledInd == soci::i_ok ? std::optional(Date::fromDaysSinceEpoch(settled)) : std::nullopt;
      out.push_back(r);
    }
  } catch (const std::exception&) {
    db_.rethrowTranslated("lendo títulos");
  }
  return out;
}

std::optional<domain::Receivable> ReceivableRepository::findById(std::int64_t id) {
  auto found = select("id = :id", static_cast<long>(id));
  if (found.empty()) return std::nullopt;
  return found.front();
}

std::optional<domain::Receivable> ReceivableRepository::findByExternalId(const std::string& source,
                                                                         const std::string& externalId) {
  long id = 0;
  soci::indicator ind = soci::i_null;
  try {
    db_.sql() << "SELECT id FROM receivables WHERE source = :source AND external_id = :external_id", soci::into(id, ind),
        soci::use(source), soci::use(externalId);
  } catch (const std::exception&) {
    db_.rethrowTranslated("buscando o título " + externalId);
  }
  if (!db_.sql().got_data() || ind != soci::i_ok) return std::nullopt;
  return findById(id);
}

std::vector<domain::Receivable> ReceivableRepository::listForClient(std::int64_t clientId) {
  return select("client_id = :client_id", static_cast<long>(clientId));
}

std::int64_t ReceivableRepository::count() {
  long n = 0;
  db_.sql() << "SELECT COUNT(*) FROM receivables", soci::into(n);
  return n;
}

void ReceivableRepository::updateBalance(const domain::Receivable& r) {
  const std::string status(domain::toString(r.status));
  long id = r.id, principal = r.principalOpen.centavos(), interest = r.interestOpen.centavos(),
       fine = r.fineOpen.centavos();
  int fineAssessed = r.fineAssessed, interestFrom = r.interestFrom.daysSinceEpoch();
  int settled = r.settledOn ? r.settledOn->daysSinceEpoch() : 0;
  soci::indicator settledInd = r.settledOn ? soci::i_ok : soci::i_null;
  const std::string now = Database::nowUtc();
  try {
    soci::statement st =
        (db_.sql().prepare << "UPDATE receivables SET status = :status, principal_open = :principal, "
                              "interest_open = :interest, fine_open = :fine, fine_assessed = :fine_assessed, "
                              "interest_from = :interest_from, settled_on = :settled_on, updated_at = :now "
                              "WHERE id = :id",
         soci::use(status), soci::use(principal), soci::use(interest), soci::use(fine), soci::use(fineAssessed),
         soci::use(interestFrom), soci::use(settled, settledInd), soci::use(now), soci::use(id));
    st.execute(true);
    if (st.get_affected_rows() != 1) {
      throw StoreError(StoreError::Kind::kNotFound, "título " + std::to_string(r.id) + " não existe");
    }
  } catch (const std::exception&) {
    db_.rethrowTranslated("atualizando o saldo do título " + r.externalId);
  }
}

std::vector<domain::PaymentRecord> ReceivableRepository::paymentRecords(std::int64_t clientId) {
  std::vector<domain::PaymentRecord> out;
  long id = clientId;
  int due = 0, settled = 0;
  soci::indicator settledInd = soci::i_ok;
  try {
    soci::statement st =
        (db_.sql().prepare << "SELECT due_date, settled_on FROM receivables WHERE client_id = :id "
                              "AND status IN ('open', 'partially_paid', 'paid')",
         soci::into(due), soci::into(settled, settledInd), soci::use(id));
    st.execute();
    while (st.fetch()) {
      out.push_back({Date::fromDaysSinceEpoch(due),
                     settledInd == soci::i_ok ? std::optional(Date::fromDaysSinceEpoch(settled)) : std::nullopt});
    }
  } catch (const std::exception&) {
    db_.rethrowTranslated("lendo o histórico de pagamentos do cliente " + std::to_string(clientId));
  }
  return out;
}

}  // namespace regua::store
