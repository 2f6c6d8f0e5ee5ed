#include "store/receivable_repository.hpp"

#include <memory>

#include "store/staged_rows.hpp"

namespace regua::store {

namespace {

// The upsert of one receivable (replays and single saves) and, for batches, of a whole
// staging table; both end with the same ON CONFLICT rule.
constexpr const char* kInsertColumns =
    "INSERT INTO receivables (source, external_id, client_id, description, amount, issue_date, due_date, "
    "principal_open, interest_from, nosso_numero, boleto_line, pix_txid, policy_id, created_at, updated_at) ";
constexpr const char* kValuesOneRow =
    "VALUES (:source, :external_id, COALESCE(:client_id, (SELECT id FROM clients WHERE source = :client_source AND "
    "external_id = :client_ext)), :description, :amount, :issue_date, :due_date, :principal, :interest_from, "
    ":nosso_numero, :boleto_line, :pix_txid, :policy_id, :created_at, :updated_at)";
constexpr const char* kOnConflict = R"(
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

std::string upsertOneSql() { return std::string(kInsertColumns) + kValuesOneRow + kOnConflict; }

constexpr const char* kColumns =
    "id, source, external_id, client_id, description, amount, issue_date, due_date, status, principal_open, "
    "interest_open, fine_open, fine_assessed, interest_from, settled_on, nosso_numero, boleto_line, pix_txid, "
    "policy_id";

// The bound variables of one upsert, reused across the rows of a batch so the
// statement is prepared once.
struct UpsertRow {
  std::string source, externalId, clientExt, description, nossoNumero, boletoLine, pixTxid, policyId;
  long clientId = 0, amount = 0;
  int issueDate = 0, dueDate = 0;
  soci::indicator clientInd = soci::i_null;
  std::string now;

  // Exchanges every field with `st`, in placeholder order.
  void bind(soci::statement& st) {
    st.exchange(soci::use(source));
    st.exchange(soci::use(externalId));
    st.exchange(soci::use(clientId, clientInd));
    st.exchange(soci::use(source));  // the client is looked up in the same source
    st.exchange(soci::use(clientExt));
    st.exchange(soci::use(description));
    st.exchange(soci::use(amount));
    st.exchange(soci::use(issueDate));
    st.exchange(soci::use(dueDate));
    st.exchange(soci::use(amount));   // a new receivable owes its whole amount
    st.exchange(soci::use(dueDate));  // and accrues from its due date
    st.exchange(soci::use(nossoNumero));
    st.exchange(soci::use(boletoLine));
    st.exchange(soci::use(pixTxid));
    st.exchange(soci::use(policyId));
    st.exchange(soci::use(now));
    st.exchange(soci::use(now));
  }

  void load(const domain::Receivable& r) {
    source = r.source;
    externalId = r.externalId;
    clientId = r.clientId;
    clientInd = r.clientId != 0 ? soci::i_ok : soci::i_null;
    clientExt = r.clientExternalId;
    description = r.description;
    amount = r.amount.centavos();
    issueDate = r.issueDate.daysSinceEpoch();
    dueDate = r.dueDate.daysSinceEpoch();
    nossoNumero = r.nossoNumero;
    boletoLine = r.boletoLine;
    pixTxid = r.pixTxid;
    policyId = r.policyId;
  }
};

template <class Context>
void validate(const domain::Receivable& r, const Context& context) {
  if (r.externalId.empty()) throw StoreError(StoreError::Kind::kInvalid, context() + ": o id externo é obrigatório");
  if (r.amount <= Money()) {
    throw StoreError(StoreError::Kind::kInvalid,
                     context() + ": o valor deve ser maior que zero, veio " + r.amount.toBrl());
  }
  if (r.dueDate < r.issueDate) {
    throw StoreError(StoreError::Kind::kInvalid, context() + ": o vencimento (" + r.dueDate.br() +
                                                     ") é anterior à emissão (" + r.issueDate.br() + ")");
  }
  if (r.clientId == 0 && r.clientExternalId.empty()) {
    throw StoreError(StoreError::Kind::kInvalid, context() + ": falta o cliente (id ou id externo)");
  }
}

}  // namespace

// Batches are set-based: the rows are staged (StagedRows), then one INSERT ... SELECT
// upserts them all. When the batch fails (a missing client, a rule broken) it
// is replayed row by row to name the row in domain words.
ReceivableRepository::UpsertCounts ReceivableRepository::upsertAll(const std::vector<domain::Receivable>& receivables) {
  for (std::size_t i = 0; i < receivables.size(); ++i) {
    validate(receivables[i], [&] {
      return "título " + receivables[i].externalId + " (item " + std::to_string(i + 1) + " do lote)";
    });
  }
  UpsertCounts counts;
  db_.transaction([&] {
    auto& sql = db_.sql();
    const bool sqlite = db_.backend() == Backend::kSqlite;
    try {
      stage(receivables);
      counts = countChanges(receivables.size());
    } catch (const std::exception&) {
      db_.rethrowTranslated("preparando a gravação de títulos");
    }

    // SQLite applies duplicate keys in order; PostgreSQL's ON CONFLICT may touch a row
    // once per statement, so there the last occurrence wins (the same end result).
    const std::string now = Database::nowUtc();
    const std::string upsert =
        std::string(kInsertColumns) + (sqlite ? "SELECT " : "SELECT DISTINCT ON (s.source, s.external_id) ") +
        "s.source, s.external_id, COALESCE(s.client_id, c.id), s.description, s.amount, s.issue_date, s.due_date, "
        "s.amount, s.due_date, s.nosso_numero, s.boleto_line, s.pix_txid, s.policy_id, :created_at, :updated_at "
        "FROM receivables_staging s LEFT JOIN clients c ON c.source = s.source AND c.external_id = s.client_ext "
        "WHERE true " +  // SQLite needs a WHERE before an upsert's ON CONFLICT
        (sqlite ? "ORDER BY s.seq" : "ORDER BY s.source, s.external_id, s.seq DESC") + kOnConflict;
    sql << "SAVEPOINT receivables_batch";
    try {
      sql << upsert, soci::use(now), soci::use(now);
      sql << "RELEASE SAVEPOINT receivables_batch";
    } catch (const std::exception&) {
      sql << "ROLLBACK TO SAVEPOINT receivables_batch";
      replayRowByRow(receivables);
      throw;  // the batch failed but no single row did: report it as it came
    }
  });
  return counts;
}

// Compares the staged rows with the store before they are applied: new, changed in a
// field the source owns, or the same.
ReceivableRepository::UpsertCounts ReceivableRepository::countChanges(std::size_t staged) {
  long added = 0, changed = 0;
  db_.run(
      "SELECT COUNT(CASE WHEN r.id IS NULL THEN 1 END), COUNT(CASE WHEN r.id IS NOT NULL AND ("
      "r.description <> s.description OR r.amount <> s.amount OR r.issue_date <> s.issue_date OR "
      "r.due_date <> s.due_date OR COALESCE(r.nosso_numero, '') <> COALESCE(s.nosso_numero, '') OR "
      "COALESCE(r.boleto_line, '') <> COALESCE(s.boleto_line, '') OR "
      "COALESCE(r.policy_id, '') <> COALESCE(s.policy_id, '')) THEN 1 END) "
      "FROM receivables_staging s LEFT JOIN receivables r ON r.source = s.source AND r.external_id = s.external_id",
      soci::into(added), soci::into(changed));
  const auto total = static_cast<long>(staged);
  return {static_cast<std::size_t>(added), static_cast<std::size_t>(changed),
          static_cast<std::size_t>(std::max(0L, total - added - changed))};
}

void ReceivableRepository::stage(const std::vector<domain::Receivable>& receivables) {
  StagedRows staged(db_, "receivables_staging",
                    {"seq BIGINT", "source TEXT", "external_id TEXT", "client_id BIGINT", "client_ext TEXT",
                     "description TEXT", "amount BIGINT", "issue_date INTEGER", "due_date INTEGER",
                     "nosso_numero TEXT", "boleto_line TEXT", "pix_txid TEXT", "policy_id TEXT"});
  for (std::size_t i = 0; i < receivables.size(); ++i) {
    const auto& r = receivables[i];
    staged.add(static_cast<std::int64_t>(i)).add(r.source).add(r.externalId);
    staged.add(r.clientId != 0 ? std::optional<std::int64_t>(r.clientId) : std::nullopt);
    staged.add(r.clientExternalId).add(r.description).add(r.amount.centavos());
    staged.add(std::int64_t{r.issueDate.daysSinceEpoch()}).add(std::int64_t{r.dueDate.daysSinceEpoch()});
    staged.add(r.nossoNumero).add(r.boletoLine).add(r.pixTxid).add(r.policyId);
    staged.endRow();
  }
  staged.finish();
}

// Re-runs a failed batch one row at a time to name the row that breaks a rule.
void ReceivableRepository::replayRowByRow(const std::vector<domain::Receivable>& receivables) {
  UpsertRow row;
  soci::statement st(db_.sql());
  st.alloc();
  st.prepare(upsertOneSql());
  row.bind(st);
  st.define_and_bind();
  row.now = Database::nowUtc();
  for (std::size_t i = 0; i < receivables.size(); ++i) {
    row.load(receivables[i]);
    try {
      st.execute(true);
    } catch (const std::exception&) {
      db_.rethrowTranslated(rowContext(receivables[i], i));
    }
  }
}

std::string ReceivableRepository::rowContext(const domain::Receivable& r, std::size_t index) {
  return "título " + r.externalId + " (item " + std::to_string(index + 1) + " do lote)" +
         (r.clientId == 0 ? ", cliente " + r.clientExternalId : "");
}

void ReceivableRepository::upsert(domain::Receivable& receivable) {
  upsertAll({receivable});
  const auto stored = findByExternalId(receivable.source, receivable.externalId);
  if (!stored) throw StoreError(StoreError::Kind::kOther, "título " + receivable.externalId + " sumiu após gravar");
  receivable = *stored;
}

std::vector<domain::Receivable> ReceivableRepository::select(const std::string& condition, std::optional<long> param) {
  std::vector<domain::Receivable> out;
  domain::Receivable r;
  long id = 0, clientId = 0, amount = 0, principal = 0, interest = 0, fine = 0;
  int issue = 0, due = 0, fineAssessed = 0, interestFrom = 0, settled = 0;
  soci::indicator settledInd = soci::i_ok;
  std::string status;
  try {
    auto st = db_.unboundStatement(std::string("SELECT ") + kColumns + " FROM receivables WHERE " + condition +
                                   " ORDER BY id");
    auto& q = st.soci();
    q.exchange(soci::into(id));
    q.exchange(soci::into(r.source));
    q.exchange(soci::into(r.externalId));
    q.exchange(soci::into(clientId));
    q.exchange(soci::into(r.description));
    q.exchange(soci::into(amount));
    q.exchange(soci::into(issue));
    q.exchange(soci::into(due));
    q.exchange(soci::into(status));
    q.exchange(soci::into(principal));
    q.exchange(soci::into(interest));
    q.exchange(soci::into(fine));
    q.exchange(soci::into(fineAssessed));
    q.exchange(soci::into(interestFrom));
    q.exchange(soci::into(settled, settledInd));
    q.exchange(soci::into(r.nossoNumero));
    q.exchange(soci::into(r.boletoLine));
    q.exchange(soci::into(r.pixTxid));
    q.exchange(soci::into(r.policyId));
    if (param) q.exchange(soci::use(*param));
    q.define_and_bind();
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

std::vector<domain::Receivable> ReceivableRepository::findWhereIdIn(const std::string& ids) {
  return select("id IN (" + ids + ")", std::nullopt);
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
  bool found = false;
  try {
    found = db_.run("SELECT id FROM receivables WHERE source = :source AND external_id = :external_id", soci::into(id, ind),
            soci::use(source), soci::use(externalId));
  } catch (const std::exception&) {
    db_.rethrowTranslated("buscando o título " + externalId);
  }
  if (!found || ind != soci::i_ok) return std::nullopt;
  return findById(id);
}

std::vector<std::int64_t> ReceivableRepository::idsWhere(const char* column, const std::string& value) {
  std::vector<std::int64_t> out;
  long id = 0;
  try {
    auto st = db_.statement(std::string("SELECT id FROM receivables WHERE ") + column + " = :value ORDER BY id",
                            soci::into(id), soci::use(value));
    st.execute();
    while (st.fetch()) out.push_back(id);
  } catch (const std::exception&) {
    db_.rethrowTranslated("buscando o título " + value);
  }
  return out;
}

std::vector<std::int64_t> ReceivableRepository::idsByExternalId(const std::string& externalId) {
  return idsWhere("external_id", externalId);
}

std::vector<std::int64_t> ReceivableRepository::idsByNossoNumero(const std::string& nossoNumero) {
  return idsWhere("nosso_numero", nossoNumero);
}

std::vector<std::int64_t> ReceivableRepository::idsByPixTxid(const std::string& txid) {
  return txid.empty() ? std::vector<std::int64_t>{} : idsWhere("pix_txid", txid);
}

std::vector<std::int64_t> ReceivableRepository::openIdsByAmount(Money amount, Date from, Date to) {
  std::vector<std::int64_t> out;
  long id = 0, centavos = amount.centavos();
  int first = from.daysSinceEpoch(), last = to.daysSinceEpoch();
  try {
    auto st = db_.statement(
        "SELECT id FROM receivables WHERE amount = :amount AND status IN ('open', 'partially_paid') "
        "AND due_date BETWEEN :first AND :last ORDER BY id",
        soci::into(id), soci::use(centavos), soci::use(first), soci::use(last));
    st.execute();
    while (st.fetch()) out.push_back(id);
  } catch (const std::exception&) {
    db_.rethrowTranslated("buscando títulos de " + amount.toBrl());
  }
  return out;
}

std::vector<domain::Receivable> ReceivableRepository::listForClient(std::int64_t clientId) {
  return select("client_id = :client_id", static_cast<long>(clientId));
}

std::int64_t ReceivableRepository::count() {
  long n = 0;
  db_.run("SELECT COUNT(*) FROM receivables", soci::into(n));
  return n;
}

void ReceivableRepository::updateBalance(const domain::Receivable& r) { updateBalances({r}); }

void ReceivableRepository::updateBalances(const std::vector<domain::Receivable>& changed) {
  if (changed.empty()) return;
  const std::string now = Database::nowUtc();
  try {
    StagedRows staged(db_, "balances_staging",
                      {"id BIGINT", "status TEXT", "principal_open BIGINT", "interest_open BIGINT", "fine_open BIGINT",
                       "fine_assessed INTEGER", "interest_from INTEGER", "settled_on INTEGER"});
    for (const auto& r : changed) {
      staged.add(r.id).add(domain::toString(r.status)).add(r.principalOpen.centavos()).add(r.interestOpen.centavos());
      staged.add(r.fineOpen.centavos()).add(std::int64_t{r.fineAssessed}).add(std::int64_t{r.interestFrom.daysSinceEpoch()});
      staged.add(r.settledOn ? std::optional<std::int64_t>(r.settledOn->daysSinceEpoch()) : std::nullopt);
      staged.endRow();
    }
    staged.finish();
    auto st = db_.statement(
        "UPDATE receivables SET status = s.status, principal_open = s.principal_open, interest_open = s.interest_open, "
        "fine_open = s.fine_open, fine_assessed = s.fine_assessed, interest_from = s.interest_from, "
        "settled_on = s.settled_on, updated_at = :now FROM balances_staging s WHERE receivables.id = s.id",
        soci::use(now));
    st.execute(true);
    if (st.affectedRows() != static_cast<long long>(changed.size())) {
      throw StoreError(StoreError::Kind::kNotFound, changed.size() == 1
                                                        ? "título " + std::to_string(changed.front().id) + " não existe"
                                                        : "algum dos títulos não existe mais");
    }
  } catch (const StoreError&) {
    throw;
  } catch (const std::exception&) {
    db_.rethrowTranslated(changed.size() == 1 ? "atualizando o saldo do título " + changed.front().externalId
                                              : "atualizando o saldo de " + std::to_string(changed.size()) + " títulos");
  }
}

std::vector<domain::PaymentRecord> ReceivableRepository::paymentRecords(std::int64_t clientId) {
  std::vector<domain::PaymentRecord> out;
  long id = clientId;
  int due = 0, settled = 0;
  soci::indicator settledInd = soci::i_ok;
  try {
    auto st = db_.statement(
        "SELECT due_date, settled_on FROM receivables WHERE client_id = :id "
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
