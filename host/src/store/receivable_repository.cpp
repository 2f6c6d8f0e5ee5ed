#include "store/receivable_repository.hpp"

#include <memory>

#include <soci/postgresql/soci-postgresql.h>

#include <libpq-fe.h>

#include "store/sqlite_statement.hpp"

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

// Batches go through an index-free TEMP table first (see upsertAll).
constexpr const char* kStagingColumns =
    "seq, source, external_id, client_id, client_ext, description, amount, issue_date, due_date, nosso_numero, "
    "boleto_line, pix_txid, policy_id";

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

// Batches are set-based: the rows are copied into an index-free TEMP staging table with
// each backend's fastest native path (typed binds on SQLite, where SOCI 4.0 formats
// every value as text; COPY on PostgreSQL), then one INSERT ... SELECT upserts them
// all. Per-row statements were the limit on both (SQLite's statement overhead,
// PostgreSQL's round trips). When the batch fails (a missing client, a rule broken) it
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
      sql << std::string("CREATE TEMP TABLE IF NOT EXISTS receivables_staging (") +
                 (sqlite ? "seq INTEGER PRIMARY KEY" : "seq BIGINT") +
                 ", source TEXT, external_id TEXT, client_id BIGINT, client_ext TEXT, description TEXT, "
                 "amount BIGINT, issue_date INTEGER, due_date INTEGER, nosso_numero TEXT, boleto_line TEXT, "
                 "pix_txid TEXT, policy_id TEXT)";
      sql << "DELETE FROM receivables_staging";
      sqlite ? stageSqlite(receivables) : stagePostgres(receivables);
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

void ReceivableRepository::stageSqlite(const std::vector<domain::Receivable>& receivables) {
  SqliteStatement stage(db_, std::string("INSERT INTO receivables_staging (") + kStagingColumns +
                                 ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)");
  for (std::size_t i = 0; i < receivables.size(); ++i) {
    const auto& r = receivables[i];
    stage.bind(1, static_cast<std::int64_t>(i));
    stage.bind(2, r.source);
    stage.bind(3, r.externalId);
    r.clientId != 0 ? stage.bind(4, r.clientId) : stage.bindNull(4);
    stage.bind(5, r.clientExternalId);
    stage.bind(6, r.description);
    stage.bind(7, r.amount.centavos());
    stage.bind(8, std::int64_t{r.issueDate.daysSinceEpoch()});
    stage.bind(9, std::int64_t{r.dueDate.daysSinceEpoch()});
    stage.bind(10, r.nossoNumero);
    stage.bind(11, r.boletoLine);
    stage.bind(12, r.pixTxid);
    stage.bind(13, r.policyId);
    stage.execute();
  }
}

namespace {
// A field of COPY's text format: backslash, tab, newline and carriage return escaped.
void appendCopyField(std::string& out, std::string_view value) {
  for (char c : value) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '\t': out += "\\t"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      default: out += c;
    }
  }
}
}  // namespace

void ReceivableRepository::stagePostgres(const std::vector<domain::Receivable>& receivables) {
  PGconn* conn = static_cast<soci::postgresql_session_backend*>(db_.sql().get_backend())->conn_;
  // Failures surface as SOCI's own error type, so the translation stays in one place.
  auto raise = [&](PGresult* result) {
    const char* state = result != nullptr ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
    const std::string message = PQerrorMessage(conn);
    const std::string code = state != nullptr ? state : "XX000";
    if (result != nullptr) PQclear(result);
    throw soci::postgresql_soci_error(message, code.c_str());
  };
  PGresult* started = PQexec(conn, (std::string("COPY receivables_staging (") + kStagingColumns + ") FROM STDIN").c_str());
  if (PQresultStatus(started) != PGRES_COPY_IN) raise(started);
  PQclear(started);

  std::string buffer;
  auto flush = [&] {
    if (!buffer.empty() && PQputCopyData(conn, buffer.data(), static_cast<int>(buffer.size())) != 1) raise(nullptr);
    buffer.clear();
  };
  for (std::size_t i = 0; i < receivables.size(); ++i) {
    const auto& r = receivables[i];
    buffer += std::to_string(i);
    for (const std::string* field : {&r.source, &r.externalId}) {
      buffer += '\t';
      appendCopyField(buffer, *field);
    }
    buffer += '\t';
    buffer += r.clientId != 0 ? std::to_string(r.clientId) : "\\N";
    for (const std::string* field : {&r.clientExternalId, &r.description}) {
      buffer += '\t';
      appendCopyField(buffer, *field);
    }
    buffer += '\t' + std::to_string(r.amount.centavos()) + '\t' + std::to_string(r.issueDate.daysSinceEpoch()) +
              '\t' + std::to_string(r.dueDate.daysSinceEpoch());
    for (const std::string* field : {&r.nossoNumero, &r.boletoLine, &r.pixTxid, &r.policyId}) {
      buffer += '\t';
      appendCopyField(buffer, *field);
    }
    buffer += '\n';
    if (buffer.size() > (1 << 20)) flush();
  }
  flush();
  if (PQputCopyEnd(conn, nullptr) != 1) raise(nullptr);
  PGresult* result = PQgetResult(conn);
  const bool ok = PQresultStatus(result) == PGRES_COMMAND_OK;
  if (!ok) raise(result);
  PQclear(result);
  while ((result = PQgetResult(conn)) != nullptr) PQclear(result);
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

std::vector<domain::Receivable> ReceivableRepository::select(const std::string& condition, long param) {
  std::vector<domain::Receivable> out;
  domain::Receivable r;
  long id = 0, clientId = 0, amount = 0, principal = 0, interest = 0, fine = 0;
  int issue = 0, due = 0, fineAssessed = 0, interestFrom = 0, settled = 0;
  soci::indicator settledInd = soci::i_ok;
  std::string status;
  try {
    auto st = db_.statement(std::string("SELECT ") + kColumns + " FROM receivables WHERE " + condition + " ORDER BY id",
                            soci::into(id), soci::into(r.source), soci::into(r.externalId), soci::into(clientId),
                            soci::into(r.description), soci::into(amount), soci::into(issue), soci::into(due),
                            soci::into(status), soci::into(principal), soci::into(interest), soci::into(fine),
                            soci::into(fineAssessed), soci::into(interestFrom), soci::into(settled, settledInd),
                            soci::into(r.nossoNumero), soci::into(r.boletoLine), soci::into(r.pixTxid),
                            soci::into(r.policyId), soci::use(param));
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

void ReceivableRepository::updateBalance(const domain::Receivable& r) {
  const std::string status(domain::toString(r.status));
  long id = r.id, principal = r.principalOpen.centavos(), interest = r.interestOpen.centavos(),
       fine = r.fineOpen.centavos();
  int fineAssessed = r.fineAssessed, interestFrom = r.interestFrom.daysSinceEpoch();
  int settled = r.settledOn ? r.settledOn->daysSinceEpoch() : 0;
  soci::indicator settledInd = r.settledOn ? soci::i_ok : soci::i_null;
  const std::string now = Database::nowUtc();
  try {
    auto st = db_.statement(
        "UPDATE receivables SET status = :status, principal_open = :principal, "
        "interest_open = :interest, fine_open = :fine, fine_assessed = :fine_assessed, "
        "interest_from = :interest_from, settled_on = :settled_on, updated_at = :now "
        "WHERE id = :id",
        soci::use(status), soci::use(principal), soci::use(interest), soci::use(fine), soci::use(fineAssessed),
        soci::use(interestFrom), soci::use(settled, settledInd), soci::use(now), soci::use(id));
    st.execute(true);
    if (st.affectedRows() != 1) {
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
