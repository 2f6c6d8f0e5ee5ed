#include "store/bank_repository.hpp"

#include "store/history_repository.hpp"

namespace regua::store {

namespace {

const char* const kCreditColumns =
    "id, source, external_id, amount, paid_date, credit_date, method, nosso_numero, seu_numero, payer_document, "
    "payer_name, reference, origin, reason, state, decided_by, COALESCE(decided_at, ''), decision, created_at";

// One row of kCreditColumns.
struct CreditRow {
  long id = 0, amount = 0;
  int paid = 0, credited = 0;
  BankCredit credit;
  template <class Bind>
  void bind(Bind& st) {
    auto& c = credit;
    st.soci().exchange(soci::into(id));
    for (auto* text : {&c.source, &c.externalId}) st.soci().exchange(soci::into(*text));
    st.soci().exchange(soci::into(amount));
    st.soci().exchange(soci::into(paid));
    st.soci().exchange(soci::into(credited));
    for (auto* text : {&c.method, &c.nossoNumero, &c.seuNumero, &c.payerDocument, &c.payerName, &c.reference,
                       &c.origin, &c.reason, &c.state, &c.decidedBy, &c.decidedAt, &c.decision, &c.createdAt}) {
      st.soci().exchange(soci::into(*text));
    }
  }
  BankCredit take() const {
    BankCredit out = credit;
    out.id = id;
    out.amount = Money::fromCentavos(amount);
    out.paidDate = Date::fromDaysSinceEpoch(paid);
    out.creditDate = Date::fromDaysSinceEpoch(credited);
    return out;
  }
};

}  // namespace

bool BankRepository::enqueue(BankCredit& c) {
  long id = 0, amount = c.amount.centavos();
  int paid = c.paidDate.daysSinceEpoch(), credited = c.creditDate.daysSinceEpoch();
  c.createdAt = Database::nowUtc();
  bool inserted = false;
  try {
    inserted = db_.run(
        "INSERT INTO bank_credits (source, external_id, amount, paid_date, credit_date, method, nosso_numero, "
        "seu_numero, payer_document, payer_name, reference, origin, reason, created_at) VALUES (:source, :external_id, "
        ":amount, :paid, :credited, :method, :nosso_numero, :seu_numero, :payer_document, :payer_name, :reference, "
        ":origin, :reason, :created_at) ON CONFLICT (source, external_id) DO NOTHING RETURNING id",
        soci::use(c.source), soci::use(c.externalId), soci::use(amount), soci::use(paid), soci::use(credited),
        soci::use(c.method), soci::use(c.nossoNumero), soci::use(c.seuNumero), soci::use(c.payerDocument),
        soci::use(c.payerName), soci::use(c.reference), soci::use(c.origin), soci::use(c.reason),
        soci::use(c.createdAt), soci::into(id));
  } catch (const std::exception&) {
    db_.rethrowTranslated("crédito " + c.externalId + " na fila de conciliação");
  }
  if (inserted) c.id = id;
  return inserted;
}

std::optional<BankCredit> BankRepository::findCredit(std::int64_t id) {
  CreditRow row;
  long wanted = id;
  bool found = false;
  try {
    auto st = db_.unboundStatement(std::string("SELECT ") + kCreditColumns + " FROM bank_credits WHERE id = :id");
    row.bind(st);
    st.soci().exchange(soci::use(wanted));
    st.soci().define_and_bind();
    found = st.execute(true);
  } catch (const std::exception&) {
    db_.rethrowTranslated("lendo o crédito " + std::to_string(id));
  }
  return found ? std::optional(row.take()) : std::nullopt;
}

std::vector<BankCredit> BankRepository::listCredits(const std::string& state, std::int64_t afterId, int limit) {
  std::vector<BankCredit> out;
  CreditRow row;
  long after = afterId;
  int max = limit;
  std::string wanted = state;
  try {
    auto st = db_.unboundStatement(std::string("SELECT ") + kCreditColumns +
                                   " FROM bank_credits WHERE id > :after AND (:state = '' OR state = :state2) "
                                   "ORDER BY id LIMIT :max");
    row.bind(st);
    st.soci().exchange(soci::use(after));
    st.soci().exchange(soci::use(wanted));
    st.soci().exchange(soci::use(wanted));
    st.soci().exchange(soci::use(max));
    st.soci().define_and_bind();
    st.execute();
    while (st.fetch()) out.push_back(row.take());
  } catch (const std::exception&) {
    db_.rethrowTranslated("lendo a fila de conciliação");
  }
  return out;
}

bool BankRepository::decide(std::int64_t id, const std::string& state, const std::string& by,
                            const std::string& decision) {
  long which = id;
  const std::string now = Database::nowUtc();
  try {
    auto st = db_.statement(
        "UPDATE bank_credits SET state = :state, decided_by = :by, decided_at = :now, decision = :decision "
        "WHERE id = :id AND state = 'open'",
        soci::use(state), soci::use(by), soci::use(now), soci::use(decision), soci::use(which));
    st.execute(true);
    return st.affectedRows() == 1;
  } catch (const std::exception&) {
    db_.rethrowTranslated("crédito " + std::to_string(id));
  }
  return false;
}

bool BankRepository::anyOpen(const std::string& source) {
  int one = 0;
  try {
    return db_.run("SELECT 1 FROM bank_credits WHERE state = 'open' AND source = :source LIMIT 1", soci::into(one),
                   soci::use(source));
  } catch (const std::exception&) {
    db_.rethrowTranslated("fila de conciliação");
  }
  return false;
}

void BankRepository::closeQueued(const std::string& source, const std::string& externalId,
                                 const std::string& decision) {
  const std::string now = Database::nowUtc(), by = "regua";
  try {
    db_.run("UPDATE bank_credits SET state = 'matched', decided_by = :by, decided_at = :now, decision = :decision "
            "WHERE source = :source AND external_id = :external_id AND state = 'open'",
            soci::use(by), soci::use(now), soci::use(decision), soci::use(source), soci::use(externalId));
  } catch (const std::exception&) {
    db_.rethrowTranslated("crédito " + externalId);
  }
}

bool BankRepository::recordOccurrence(const BankOccurrence& o) {
  long receivable = o.receivableId.value_or(0);
  soci::indicator receivableInd = o.receivableId ? soci::i_ok : soci::i_null;
  int on = o.date.daysSinceEpoch();
  const std::string now = Database::nowUtc();
  bool inserted = false;
  try {
    inserted = db_.run(
        "INSERT INTO bank_occurrences (source, external_id, receivable_id, occurred_on, code, text, origin, created_at) "
        "VALUES (:source, :external_id, :receivable_id, :on, :code, :text, :origin, :now) "
        "ON CONFLICT (source, external_id) DO NOTHING RETURNING occurred_on",
        soci::use(o.source), soci::use(o.externalId), soci::use(receivable, receivableInd), soci::use(on),
        soci::use(o.code), soci::use(o.text), soci::use(o.origin), soci::use(now), soci::into(on));
  } catch (const std::exception&) {
    db_.rethrowTranslated("ocorrência " + o.externalId);
  }
  if (inserted && o.receivableId) {
    HistoryEntry entry;
    entry.clientId = o.clientId;
    entry.receivableId = o.receivableId;
    entry.kind = "bank";
    entry.actor = o.source;
    entry.summary = "banco, " + o.date.br() + ": " + o.text + (o.code.empty() ? "" : " (movimento " + o.code + ")");
    HistoryRepository(db_).append(entry);
  }
  return inserted;
}

std::optional<ImportedFile> BankRepository::importedFile(const std::string& sha256) {
  ImportedFile f;
  bool found = false;
  try {
    found = db_.run("SELECT name, format, imported_at FROM imported_files WHERE sha256 = :sha", soci::into(f.name),
                    soci::into(f.format), soci::into(f.importedAt), soci::use(sha256));
  } catch (const std::exception&) {
    db_.rethrowTranslated("arquivos importados");
  }
  return found ? std::optional(f) : std::nullopt;
}

void BankRepository::markImported(const std::string& sha256, const ImportedFile& f) {
  const std::string now = f.importedAt.empty() ? Database::nowUtc() : f.importedAt;
  try {
    db_.run("INSERT INTO imported_files (sha256, name, format, imported_at) VALUES (:sha, :name, :format, :at) "
            "ON CONFLICT (sha256) DO NOTHING",
            soci::use(sha256), soci::use(f.name), soci::use(f.format), soci::use(now));
  } catch (const std::exception&) {
    db_.rethrowTranslated("arquivo " + f.name);
  }
}

}  // namespace regua::store
