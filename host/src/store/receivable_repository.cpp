#include "store/receivable_repository.hpp"

#include <map>
#include <memory>
#include <unordered_set>

#include <soci/sqlite3/soci-sqlite3.h>

namespace regua::store {

namespace {

// One upsert row per receivable. The VALUES tuple is repeated for multi-row chunks;
// placeholders are numbered by position, so the same text serves SOCI and SQLite.
constexpr const char* kInsertColumns =
    "INSERT INTO receivables (source, external_id, client_id, description, amount, issue_date, due_date, "
    "principal_open, interest_from, nosso_numero, boleto_line, pix_txid, policy_id, created_at, updated_at) VALUES ";
constexpr const char* kValuesTuple =
    "(:source, :external_id, COALESCE(:client_id, (SELECT id FROM clients WHERE source = :client_source AND "
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

std::string upsertSql(std::size_t rows) {
  std::string sql = kInsertColumns;
  for (std::size_t i = 0; i < rows; ++i) {
    if (i > 0) sql += ", ";
    sql += kValuesTuple;
  }
  return sql + kOnConflict;
}

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

  // Exchanges every field with `st`, in placeholder order.
  void bind(soci::statement& st) {
    st.exchange(soci::use(source));
    st.exchange(soci::use(externalId));
    st.exchange(soci::use(clientId, clientInd));
    st.exchange(soci::use(clientSource));
    st.exchange(soci::use(clientExt));
    st.exchange(soci::use(description));
    st.exchange(soci::use(amount));
    st.exchange(soci::use(issueDate));
    st.exchange(soci::use(dueDate));
    st.exchange(soci::use(principal));
    st.exchange(soci::use(interestFrom));
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

void ReceivableRepository::upsertAll(const std::vector<domain::Receivable>& receivables) {
  for (std::size_t i = 0; i < receivables.size(); ++i) {
    validate(receivables[i], [&] {
      return "título " + receivables[i].externalId + " (item " + std::to_string(i + 1) + " do lote)";
    });
  }
  db_.transaction([&] {
    if (db_.backend() == Backend::kSqlite) {
      upsertSqlite(receivables);
    } else {
      upsertChunked(receivables);
    }
  });
}

// SQLite, set-based: rows are appended to an index-free TEMP staging table with typed
// binds on the native statement (SOCI 4.0 formats every bound value as text), then one
// INSERT ... SELECT upserts the whole batch; per-row statement overhead is what limits
// SQLite here. When the batch fails (a missing client, a rule broken), it is replayed
// row by row to name the row in domain words.
void ReceivableRepository::upsertSqlite(const std::vector<domain::Receivable>& receivables) {
  auto& sql = db_.sql();
  auto* conn = static_cast<soci::sqlite3_session_backend*>(sql.get_backend())->conn_;
  auto raise = [&](int code) { throw soci::sqlite3_soci_error(sqlite_api::sqlite3_errmsg(conn), code); };
  try {
    sql << "CREATE TEMP TABLE IF NOT EXISTS receivables_staging (seq INTEGER PRIMARY KEY, source TEXT, "
           "external_id TEXT, client_id INTEGER, client_ext TEXT, description TEXT, amount INTEGER, "
           "issue_date INTEGER, due_date INTEGER, nosso_numero TEXT, boleto_line TEXT, pix_txid TEXT, "
           "policy_id TEXT)";
    sql << "DELETE FROM receivables_staging";

    sqlite_api::sqlite3_stmt* raw = nullptr;
    constexpr const char* kStage =
        "INSERT INTO receivables_staging (seq, source, external_id, client_id, client_ext, description, amount, "
        "issue_date, due_date, nosso_numero, boleto_line, pix_txid, policy_id) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)";
    if (int code = sqlite_api::sqlite3_prepare_v3(conn, kStage, -1, SQLITE_PREPARE_PERSISTENT, &raw, nullptr)) {
      raise(code);
    }
    std::unique_ptr<sqlite_api::sqlite3_stmt, decltype(&sqlite_api::sqlite3_finalize)> stage(
        raw, &sqlite_api::sqlite3_finalize);
    auto text = [&](int index, const std::string& value) {
      sqlite_api::sqlite3_bind_text(raw, index, value.data(), static_cast<int>(value.size()), SQLITE_STATIC);
    };
    for (std::size_t i = 0; i < receivables.size(); ++i) {
      const auto& r = receivables[i];
      sqlite_api::sqlite3_bind_int64(raw, 1, static_cast<sqlite_api::sqlite3_int64>(i));
      text(2, r.source);
      text(3, r.externalId);
      if (r.clientId != 0) {
        sqlite_api::sqlite3_bind_int64(raw, 4, r.clientId);
      } else {
        sqlite_api::sqlite3_bind_null(raw, 4);
      }
      text(5, r.clientExternalId);
      text(6, r.description);
      sqlite_api::sqlite3_bind_int64(raw, 7, r.amount.centavos());
      sqlite_api::sqlite3_bind_int(raw, 8, r.issueDate.daysSinceEpoch());
      sqlite_api::sqlite3_bind_int(raw, 9, r.dueDate.daysSinceEpoch());
      text(10, r.nossoNumero);
      text(11, r.boletoLine);
      text(12, r.pixTxid);
      text(13, r.policyId);
      const int code = sqlite_api::sqlite3_step(raw);
      sqlite_api::sqlite3_reset(raw);
      if (code != SQLITE_DONE) raise(code);
    }
  } catch (const std::exception&) {
    db_.rethrowTranslated("preparando a gravação de títulos");
  }

  const std::string now = Database::nowUtc();
  const std::string upsert =
      std::string(kInsertColumns).substr(0, std::string(kInsertColumns).find(" VALUES")) +
      " SELECT s.source, s.external_id, COALESCE(s.client_id, c.id), s.description, s.amount, s.issue_date, "
      "s.due_date, s.amount, s.due_date, s.nosso_numero, s.boleto_line, s.pix_txid, s.policy_id, :created_at, "
      ":updated_at FROM receivables_staging s LEFT JOIN clients c ON c.source = s.source AND "
      "c.external_id = s.client_ext WHERE true ORDER BY s.seq" +  // WHERE: SQLite's upsert-after-SELECT rule
      kOnConflict;
  sql << "SAVEPOINT receivables_batch";
  try {
    sql << upsert, soci::use(now), soci::use(now);
    sql << "RELEASE SAVEPOINT receivables_batch";
  } catch (const std::exception&) {
    sql << "ROLLBACK TO SAVEPOINT receivables_batch";
    replayRowByRow(receivables, 0);
    throw;  // the batch failed but no single row did: report it as it came
  }
}

// Re-runs a failed batch one row at a time to name the row that breaks a rule.
void ReceivableRepository::replayRowByRow(const std::vector<domain::Receivable>& receivables, std::size_t offset) {
  UpsertRow row;
  soci::statement st(db_.sql());
  st.alloc();
  st.prepare(upsertSql(1));
  row.bind(st);
  st.define_and_bind();
  row.now = Database::nowUtc();
  for (std::size_t i = 0; i < receivables.size(); ++i) {
    row.load(receivables[i]);
    try {
      st.execute(true);
    } catch (const std::exception&) {
      db_.rethrowTranslated(rowContext(receivables[i], offset + i));
    }
  }
}

// PostgreSQL: one round trip per chunk of rows instead of one per row. A chunk never
// holds the same receivable twice (ON CONFLICT may touch a row once per statement).
// When a chunk fails, it is replayed row by row (after a savepoint) to name the row.
void ReceivableRepository::upsertChunked(const std::vector<domain::Receivable>& receivables) {
  constexpr std::size_t kChunk = 500;
  auto& sql = db_.sql();
  std::vector<UpsertRow> rows(kChunk);
  std::map<std::size_t, std::unique_ptr<soci::statement>> statements;  // by chunk size
  const std::string now = Database::nowUtc();

  auto statementFor = [&](std::size_t size) -> soci::statement& {
    auto& slot = statements[size];
    if (!slot) {
      slot = std::make_unique<soci::statement>(sql);
      slot->alloc();
      slot->prepare(upsertSql(size));
      for (std::size_t i = 0; i < size; ++i) rows[i].bind(*slot);
      slot->define_and_bind();
    }
    return *slot;
  };
  auto run = [&](std::size_t begin, std::size_t end) {
    const std::size_t size = end - begin;
    for (std::size_t i = 0; i < size; ++i) {
      rows[i].load(receivables[begin + i]);
      rows[i].now = now;
    }
    sql << "SAVEPOINT receivables_chunk";
    try {
      statementFor(size).execute(true);
      sql << "RELEASE SAVEPOINT receivables_chunk";
    } catch (const std::exception&) {
      sql << "ROLLBACK TO SAVEPOINT receivables_chunk";
      replayRowByRow({receivables.begin() + static_cast<std::ptrdiff_t>(begin),
                      receivables.begin() + static_cast<std::ptrdiff_t>(end)},
                     begin);
      throw;  // the chunk failed but no single row did: report it as it came
    }
  };

  std::size_t begin = 0;
  std::unordered_set<std::string_view> inChunk;
  for (std::size_t i = 0; i < receivables.size(); ++i) {
    const std::string_view key = receivables[i].externalId;
    if (i - begin == kChunk || inChunk.count(key) > 0) {
      run(begin, i);
      begin = i;
      inChunk.clear();
    }
    inChunk.insert(key);
  }
  if (begin < receivables.size()) run(begin, receivables.size());
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
