#include "store/database.hpp"

#include <array>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <utility>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <libpq-fe.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include "store/schema.hpp"

namespace regua::store {

namespace {

// What a broken database rule means to an office, keyed by how each backend names it:
// SQLite by "table.column[, column]", PostgreSQL by constraint name. First match wins.
struct Meaning {
  std::string_view key;
  StoreError::Kind kind;
  std::string_view words;
};
constexpr std::array kMeanings{
    Meaning{"clients.document", StoreError::Kind::kConflict, "já existe outro cliente com este documento"},
    Meaning{"clients_document_key", StoreError::Kind::kConflict, "já existe outro cliente com este documento"},
    Meaning{"clients.source, clients.external_id", StoreError::Kind::kConflict,
            "já existe um cliente com este id externo nesta fonte"},
    Meaning{"clients_source_external_id_key", StoreError::Kind::kConflict,
            "já existe um cliente com este id externo nesta fonte"},
    Meaning{"payments.source, payments.external_id", StoreError::Kind::kConflict, "este pagamento já foi registrado"},
    Meaning{"payments_source_external_id_key", StoreError::Kind::kConflict, "este pagamento já foi registrado"},
    Meaning{"intents.unique_key", StoreError::Kind::kConflict, "esta ação já foi registrada para este título e estágio"},
    Meaning{"intents_unique_key_key", StoreError::Kind::kConflict, "esta ação já foi registrada para este título e estágio"},
    Meaning{"tasks.client_id, tasks.type", StoreError::Kind::kConflict, "o cliente já tem uma tarefa aberta deste tipo"},
    Meaning{"tasks_one_open_per_client_type", StoreError::Kind::kConflict, "o cliente já tem uma tarefa aberta deste tipo"},
    Meaning{"client_id", StoreError::Kind::kMissingReference, "o cliente indicado não existe"},
    Meaning{"receivable_id", StoreError::Kind::kMissingReference, "o título indicado não existe"},
    Meaning{"principal_open", StoreError::Kind::kInvalid, "o novo valor do título é menor do que o já pago"},
    Meaning{"amount", StoreError::Kind::kInvalid, "o valor deve ser maior que zero"},
    Meaning{"credit", StoreError::Kind::kInvalid, "o crédito do cliente não pode ficar negativo"},
    Meaning{"history is append-only", StoreError::Kind::kInvalid,
            "o histórico só aceita novos registros; nada foi alterado"},
};

std::string firstLine(const std::string& text) {
  const auto end = text.find('\n');
  std::string line = text.substr(0, end);
  while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.pop_back();
  return line;
}

const Meaning* meaningIn(const std::string& message) {
  for (const auto& meaning : kMeanings) {
    if (message.find(meaning.key) != std::string::npos) return &meaning;
  }
  return nullptr;
}

// libpq's reason for a failed connection, without its "connection to server ... failed:" prefix.
std::string connectionReason(const std::string& message) {
  const std::string marker = "failed: ";
  const auto at = message.find(marker);
  std::string reason = firstLine(at == std::string::npos ? message : message.substr(at + marker.size()));
  if (reason.rfind("Cannot establish connection", 0) == 0) {
    const auto next = message.find('\n');
    if (next != std::string::npos) reason = firstLine(message.substr(next + 1));
  }
  return reason;
}

// A path with a typo must not become a new, empty store that reports "0 títulos".
void requireSqliteFile(const std::string& path, const std::string& maskedUrl, bool createIfMissing) {
  std::error_code ec;
  const std::filesystem::path file(path);
  const auto folder = file.parent_path().empty() ? std::filesystem::path(".") : file.parent_path();
  if (!std::filesystem::is_directory(folder, ec)) {
    throw StoreError(StoreError::Kind::kConnection,
                     "a pasta " + folder.string() + " do banco " + maskedUrl +
                         " não existe; crie-a (mkdir -p " + folder.string() + ") ou corrija storage.url/--store");
  }
  if (!createIfMissing && !std::filesystem::exists(file, ec)) {
    throw StoreError(StoreError::Kind::kConnection,
                     "o banco " + maskedUrl + " ainda não existe; rode 'regua sync' para criá-lo com os dados do "
                     "escritório, ou confira storage.url/--store");
  }
}

}  // namespace

std::string postgresConninfo(const std::string& url) {
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(url.c_str(), &error);
  if (options == nullptr) {
    std::string why = error != nullptr ? firstLine(error) : "URL inválida";
    PQfreemem(error);
    throw StoreError(StoreError::Kind::kConnection,
                     "URL do PostgreSQL inválida: " + maskUrlPassword(url) + " (" + why +
                         "); use postgresql://usuário:senha@host:porta/banco");
  }
  std::string conninfo;
  bool hasTimeout = false;
  for (const PQconninfoOption* option = options; option->keyword != nullptr; ++option) {
    if (option->val == nullptr || *option->val == '\0') continue;
    std::string value;
    for (const char* c = option->val; *c != '\0'; ++c) {
      if (*c == '\'' || *c == '\\') value += '\\';
      value += *c;
    }
    if (!conninfo.empty()) conninfo += ' ';
    conninfo.append(option->keyword).append("='").append(value).append("'");
    hasTimeout = hasTimeout || std::string(option->keyword) == "connect_timeout";
  }
  PQconninfoFree(options);
  if (!hasTimeout) conninfo += " connect_timeout='5'";  // an unreachable server fails fast
  return conninfo;
}

std::string maskUrlPassword(const std::string& url) {
  std::string out = url;
  // URI form: scheme://user:password@host
  if (const auto scheme = out.find("://"); scheme != std::string::npos) {
    const auto at = out.find('@', scheme + 3);
    const auto colon = out.find(':', scheme + 3);
    if (at != std::string::npos && colon != std::string::npos && colon < at) {
      out.replace(colon + 1, at - colon - 1, "***");
    }
  }
  // key=value form and URI query: password=...
  for (auto at = out.find("password="); at != std::string::npos; at = out.find("password=", at + 12)) {
    const auto end = out.find_first_of(" &", at);
    out.replace(at + 9, (end == std::string::npos ? out.size() : end) - at - 9, "***");
  }
  return out;
}

std::string Database::nowUtc() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

namespace {
// pg_advisory_lock key: "regua" in ASCII, so an administrator can tell it in pg_locks.
constexpr long long kEngineLockKey = 0x7265677561LL;
}  // namespace

std::unique_ptr<EngineLock> Database::tryLockEngine() {
  if (backend_ == Backend::kSqlite) {
    std::unique_ptr<EngineLock> lock(new EngineLock(*this));
    const std::string path = sqlitePath_ + ".engine-lock";
    lock->fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (lock->fd_ < 0) {
      throw StoreError(StoreError::Kind::kConnection,
                       "não consegui criar " + path + "; confira as permissões da pasta do banco");
    }
    if (::flock(lock->fd_, LOCK_EX | LOCK_NB) != 0) return nullptr;  // the destructor closes fd_
    // Who holds it, for engineLockHolder() in other processes.
    char host[256] = {};
    ::gethostname(host, sizeof host - 1);
    const std::string holder = "processo " + std::to_string(::getpid()) + " em " + host + " desde " + nowUtc();
    if (::ftruncate(lock->fd_, 0) == 0) (void)!::pwrite(lock->fd_, holder.data(), holder.size(), 0);
    lock->held_ = true;
    return lock;
  }
  int taken = 0;
  try {
    *session_ << "SELECT CASE WHEN pg_try_advisory_lock(:key) THEN 1 ELSE 0 END", soci::use(kEngineLockKey),
        soci::into(taken);
  } catch (const std::exception&) {
    rethrowTranslated("trava da régua");
  }
  // Made only once taken: its destructor unlocks, and unlocking a lock this session does
  // not hold makes PostgreSQL print a WARNING on the loser's stderr.
  if (taken != 1) return nullptr;
  return std::unique_ptr<EngineLock>(new EngineLock(*this));
}

std::string Database::engineLockHolder() { return engineLockHolderNow().value_or("outro processo"); }

namespace {

// The holder a lock file names, while that process lives: the holder empties the file
// when it lets go, and a process that died (SIGKILL) left its text behind.
std::optional<std::string> liveHolderIn(const std::string& lockPath) {
  std::ifstream in(lockPath);
  std::string holder;
  std::getline(in, holder);
  if (holder.empty()) return std::nullopt;
  int pid = 0;
  if (std::sscanf(holder.c_str(), "processo %d", &pid) == 1 && pid > 0 && ::kill(pid, 0) != 0 && errno == ESRCH) {
    return std::nullopt;
  }
  return holder;
}

}  // namespace

std::optional<std::string> Database::engineLockHolderNow() {
  if (backend_ == Backend::kSqlite) return liveHolderIn(sqlitePath_ + ".engine-lock");
  std::string holder;
  soci::indicator ind = soci::i_null;
  try {
    // The advisory key splits into classid (high 32 bits) and objid (low 32 bits).
    const long long high = kEngineLockKey >> 32, low = kEngineLockKey & 0xffffffffLL;
    *session_ << "SELECT 'processo PostgreSQL ' || a.pid || ' de ' || COALESCE(host(a.client_addr), 'socket local') || "
                 "' desde ' || to_char(a.backend_start AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') "
                 "FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'advisory' "
                 "AND l.granted AND l.classid = :high AND l.objid = :low LIMIT 1",
        soci::use(high), soci::use(low), soci::into(holder, ind);
  } catch (const std::exception&) {
    rethrowTranslated("trava da régua");
  }
  if (ind != soci::i_ok || holder.empty()) return std::nullopt;
  return holder;
}

EngineLock::~EngineLock() {
  if (fd_ >= 0) {
    if (held_) (void)!::ftruncate(fd_, 0);  // no holder named any more (see liveHolderIn)
    ::close(fd_);  // releases the flock
    return;
  }
  if (db_.backend() != Backend::kPostgres) return;
  try {
    int released = 0;
    db_.sql() << "SELECT CASE WHEN pg_advisory_unlock(:key) THEN 1 ELSE 0 END", soci::use(kEngineLockKey),
        soci::into(released);
  } catch (const std::exception&) {
    // The connection is gone, and the lock with it.
  }
}

namespace {

// Before the first connection, process-wide: SQLite's malloc statistics take one global
// lock on every allocation, and with the API's workers each on its own connection that
// lock made them queue behind each other. Nothing here reads the statistics.
void configureSqliteOnce() {
  static const bool configured = [] {
    sqlite_api::sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    return true;
  }();
  (void)configured;
}

}  // namespace

std::unique_ptr<Database> Database::open(const std::string& url, StoreOptions options) {
  std::unique_ptr<Database> db(new Database);
  db->options_ = options;
  db->maskedUrl_ = maskUrlPassword(url);
  if (url.rfind("sqlite:", 0) == 0) {
    configureSqliteOnce();
    db->backend_ = Backend::kSqlite;
    db->sqlitePath_ = url.substr(7);
    requireSqliteFile(db->sqlitePath_, db->maskedUrl_, options.createIfMissing);
    try {
      db->session_ = std::make_unique<soci::session>(soci::sqlite3, "db=\"" + db->sqlitePath_ + "\"");
      auto* backend = static_cast<soci::sqlite3_session_backend*>(db->session_->get_backend());
      sqlite_api::sqlite3_busy_timeout(backend->conn_, static_cast<int>(options.busyTimeout.count()));
      *db->session_ << "PRAGMA journal_mode = WAL";
      *db->session_ << "PRAGMA synchronous = NORMAL";
      *db->session_ << "PRAGMA foreign_keys = ON";
      // 8 MiB: a commit costs more the bigger SQLite's page cache (its end-of-commit work
      // grows with it), and the dispatch commits once per plugin call: 64 MiB made a
      // 100k-receivable dispatch 17.5 s instead of 14.5 s, and did not speed the bulk
      // upsert or a retorno's import when measured.
      *db->session_ << "PRAGMA cache_size = -8192";
      *db->session_ << "PRAGMA temp_store = MEMORY";  // the bulk upsert's staging table
      if (options.sqliteMapBytes > 0) *db->session_ << "PRAGMA mmap_size = " + std::to_string(options.sqliteMapBytes);
    } catch (const soci::soci_error& e) {
      throw StoreError(StoreError::Kind::kConnection,
                       "não consegui abrir o banco SQLite " + db->maskedUrl_ + ": " + firstLine(e.get_error_message()) +
                           "; confira o caminho e as permissões em storage.url");
    }
  } else if (url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0) {
    db->backend_ = Backend::kPostgres;
    // SOCI 4.0 re-assembles the connection string as key=value pairs, which garbles a
    // URI: hand it libpq's own parse of the URL instead.
    const std::string conninfo = postgresConninfo(url);
    try {
      db->session_ = std::make_unique<soci::session>(soci::postgresql, conninfo);
      *db->session_ << "SET client_min_messages = warning";
    } catch (const soci::soci_error& e) {
      throw StoreError(StoreError::Kind::kConnection,
                       "não consegui conectar ao PostgreSQL em " + db->maskedUrl_ + ": " +
                           connectionReason(e.get_error_message()) +
                           "; confira se o servidor está no ar e a URL em storage.url");
    }
  } else {
    throw StoreError(StoreError::Kind::kConnection,
                     "URL de banco desconhecida: " + db->maskedUrl_ +
                         "; use sqlite:CAMINHO ou postgresql://usuário@host/banco");
  }
  db->migrate();
  return db;
}

Database::~Database() = default;

Database& Database::keepOpen(std::unique_ptr<Database>& held, const std::string& url, StoreOptions options) {
  if (!held || held->connectionLost()) {
    held.reset();
    held = open(url, options);
  }
  return *held;
}

bool Database::connectionLost() const {
  if (backend_ != Backend::kPostgres) return false;
  const auto* backend = static_cast<soci::postgresql_session_backend*>(session_->get_backend());
  return backend == nullptr || PQstatus(backend->conn_) == CONNECTION_BAD;
}

Statement::Statement(Backend backend, Slot* slot, std::unique_ptr<soci::statement> oneOff)
    : backend_(backend), slot_(slot), oneOff_(std::move(oneOff)), statement_(slot ? &slot->statement : oneOff_.get()) {}

Statement::Statement(Statement&& other) noexcept
    : backend_(other.backend_),
      slot_(std::exchange(other.slot_, nullptr)),
      oneOff_(std::move(other.oneOff_)),
      statement_(std::exchange(other.statement_, nullptr)) {}

Statement::~Statement() {
  if (slot_ == nullptr) return;  // moved from, or a one-off that dies with its statement
  try {
    statement_->bind_clean_up();
    if (backend_ == Backend::kSqlite) {
      sqlite_api::sqlite3_reset(static_cast<soci::sqlite3_statement_backend*>(statement_->get_backend())->stmt_);
    }
  } catch (...) {  // a reset reports the last step's error again; the caller had it already
  }
  slot_->inUse = false;
}

std::string Database::columnInIds(std::string_view column) const {
  if (backend_ == Backend::kPostgres) return std::string(column) + " = ANY(CAST(:ids AS BIGINT[]))";
  return std::string(column) + " IN (SELECT value FROM json_each(:ids))";
}

std::string Database::idsParameter(const std::vector<std::int64_t>& ids) const {
  std::string out(1, backend_ == Backend::kPostgres ? '{' : '[');
  for (const std::int64_t id : ids) {
    if (out.size() > 1) out += ',';
    out += std::to_string(id);
  }
  out += backend_ == Backend::kPostgres ? '}' : ']';
  return out;
}

Statement Database::unboundStatement(const std::string& sql) {
  auto found = kept_.find(sql);
  if (found == kept_.end() && kept_.size() < kMaxKeptStatements) {
    auto slot = std::make_unique<Statement::Slot>(*session_);
    slot->statement.alloc();
    slot->statement.prepare(sql);
    found = kept_.emplace(sql, std::move(slot)).first;
  }
  if (found != kept_.end() && !found->second->inUse) {
    found->second->inUse = true;
    return Statement(backend_, found->second.get(), nullptr);
  }
  // In use by a caller up the stack (a nested read of the same text), or too many texts.
  auto oneOff = std::make_unique<soci::statement>(*session_);
  oneOff->alloc();
  oneOff->prepare(sql);
  return Statement(backend_, nullptr, std::move(oneOff));
}

void Database::migrate() {
  const auto all = migrations(backend_);
  const int latest = all.back().version;
  try {
    sql() << "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
             "description TEXT NOT NULL, applied_at TEXT NOT NULL)";
  } catch (const soci::soci_error&) {
    rethrowTranslated("preparando as migrações de " + maskedUrl_);
  }
  transaction([&] {
    if (backend_ == Backend::kPostgres) {
      int locked = 0;  // several hosts starting at once migrate one at a time
      sql() << "SELECT 1 FROM (SELECT pg_advisory_xact_lock(7220126)) AS l", soci::into(locked);
    }
    int current = 0;
    soci::indicator none = soci::i_ok;
    sql() << "SELECT MAX(version) FROM schema_migrations", soci::into(current, none);
    if (none == soci::i_null) current = 0;
    if (current > latest) {
      throw StoreError(StoreError::Kind::kSchema,
                       "o banco " + maskedUrl_ + " está no esquema v" + std::to_string(current) +
                           ", mais novo que o deste Régua (v" + std::to_string(latest) +
                           "); atualize o Régua antes de usá-lo com este banco");
    }
    for (const auto& migration : all) {
      if (migration.version <= current) continue;
      try {
        for (const auto& statement : migration.statements) sql() << statement;
        const std::string now = nowUtc();
        sql() << "INSERT INTO schema_migrations (version, description, applied_at) VALUES (:v, :d, :a)",
            soci::use(migration.version), soci::use(migration.description), soci::use(now);
      } catch (const soci::soci_error&) {
        rethrowTranslated("aplicando a migração v" + std::to_string(migration.version) + " em " + maskedUrl_);
      }
    }
    schemaVersion_ = std::max(current, latest);
  });
}

void Database::transaction(const std::function<void()>& body) {
  runInTransaction(backend_ == Backend::kSqlite ? "BEGIN IMMEDIATE" : "BEGIN", body);
}

void Database::readSnapshot(const std::function<void()>& body) {
  runInTransaction(backend_ == Backend::kSqlite ? "BEGIN" : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", body);
}

void Database::runInTransaction(const char* begin, const std::function<void()>& body) {
  if (inTransaction_) {
    nested(body);
    return;
  }
  // BEGIN and COMMIT go through the kept statements like any query: parsing them anew was
  // a twentieth of an API read's time.
  try {
    run(begin);
  } catch (const soci::soci_error&) {
    rethrowTranslated("iniciando uma transação");
  }
  inTransaction_ = true;
  try {
    body();
    run("COMMIT");
    inTransaction_ = false;
  } catch (...) {
    inTransaction_ = false;
    try {
      run("ROLLBACK");
    } catch (...) {  // the original error is the one worth reporting
    }
    try {
      throw;
    } catch (const soci::soci_error&) {
      rethrowTranslated("gravando a transação");
    }
  }
}

// Part of the enclosing transaction, behind a savepoint: a body that throws takes back
// only its own writes, so a caller that handles the error (a plugin told its call to the
// host failed) commits the rest without half of this.
void Database::nested(const std::function<void()>& body) {
  const std::string savepoint = "regua_nested_" + std::to_string(++nestingDepth_);
  struct Depth {
    int& depth;
    ~Depth() { --depth; }
  } depth{nestingDepth_};
  try {
    run("SAVEPOINT " + savepoint);
  } catch (const soci::soci_error&) {
    rethrowTranslated("iniciando uma transação");
  }
  try {
    body();
  } catch (...) {
    try {
      run("ROLLBACK TO SAVEPOINT " + savepoint);
      run("RELEASE SAVEPOINT " + savepoint);
    } catch (...) {  // the original error is the one worth reporting
    }
    throw;
  }
  try {
    run("RELEASE SAVEPOINT " + savepoint);
  } catch (const soci::soci_error&) {
    rethrowTranslated("gravando a transação");
  }
}

void Database::rethrowTranslated(const std::string& context, std::string_view missingReference) const {
  try {
    throw;
  } catch (const StoreError&) {
    throw;
  } catch (const soci::sqlite3_soci_error& e) {
    const std::string message = e.get_error_message();
    const int code = e.result();
    if (code == 5 /* SQLITE_BUSY */ || code == 6 /* SQLITE_LOCKED */) {
      throw StoreError(StoreError::Kind::kBusy,
                       context + ": o banco SQLite " + sqlitePath_ + " ficou ocupado por outra conexão por mais de " +
                           std::to_string(options_.busyTimeout.count()) +
                           " ms; tente de novo e confira se outro processo regua está gravando nele");
    }
    if (const Meaning* meaning = meaningIn(message)) {
      throw StoreError(meaning->kind, context + ": " + std::string(meaning->words));
    }
    if (message.find("FOREIGN KEY") != std::string::npos) {
      throw StoreError(StoreError::Kind::kMissingReference, context + ": " + std::string(missingReference));
    }
    throw StoreError(StoreError::Kind::kOther, context + ": erro do SQLite (" + firstLine(message) + ")");
  } catch (const soci::postgresql_soci_error& e) {
    const std::string state = e.sqlstate();
    const std::string message = e.get_error_message();
    if (state.rfind("08", 0) == 0 || connectionLost()) {
      throw StoreError(StoreError::Kind::kConnection,
                       context + ": a conexão com " + maskedUrl_ + " caiu (" + firstLine(message) + "); tente de novo");
    }
    if (state == "40001" || state == "40P01" || state == "55P03") {
      throw StoreError(StoreError::Kind::kBusy, context + ": conflito com outra transação; tente de novo");
    }
    if (state.rfind("23", 0) == 0) {
      if (const Meaning* meaning = meaningIn(firstLine(message))) {
        throw StoreError(meaning->kind, context + ": " + std::string(meaning->words));
      }
      if (state == "23503") {
        throw StoreError(StoreError::Kind::kMissingReference, context + ": " + std::string(missingReference));
      }
    }
    if (message.find("history is append-only") != std::string::npos) {
      throw StoreError(StoreError::Kind::kInvalid, context + ": " + std::string(kMeanings.back().words));
    }
    throw StoreError(StoreError::Kind::kOther,
                     context + ": erro do PostgreSQL " + state + " (" + firstLine(message) + ")");
  } catch (const soci::soci_error& e) {
    throw StoreError(StoreError::Kind::kOther, context + ": erro do banco (" + firstLine(e.get_error_message()) + ")");
  }
}

}  // namespace regua::store
