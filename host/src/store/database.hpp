// The store's connection: opens SQLite or PostgreSQL through SOCI from a URL, applies the
// schema migrations, runs transactions and turns database errors into StoreError with
// domain words. Repositories (clients, receivables, ...) borrow it; one Database per
// thread (a SOCI session is not thread-safe).
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>

#include <soci/soci.h>

#include "common/utc_time.hpp"

namespace regua::store {

enum class Backend { kSqlite, kPostgres };

// A store failure an operator or a caller can act on. The message is pt-BR, says what
// failed and what to do, and never carries raw SQL or personal data.
class StoreError : public std::runtime_error {
 public:
  enum class Kind {
    kConnection,        // cannot reach or open the database
    kBusy,              // locked by another writer past the busy timeout
    kNotFound,          // the record asked for does not exist
    kConflict,          // a unique rule would be broken (same document, same key)
    kMissingReference,  // refers to a record that does not exist
    kInvalid,           // the record breaks a domain rule
    kSchema,            // the database schema is newer than this program
    kOther,
  };
  StoreError(Kind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  Kind kind() const { return kind_; }

 private:
  Kind kind_;
};

struct StoreOptions {
  // How long a writer waits for another one to release an SQLite lock before the
  // operation fails with StoreError::Kind::kBusy.
  std::chrono::milliseconds busyTimeout{5000};
  // SQLite: create the file when it is not there. Commands that only read (a dry run,
  // explain, reports) open with false, so a typo in the path is an error and a look at
  // the office writes nothing to disk. The folder must always exist already.
  bool createIfMissing = true;
  // SQLite: how much of the file reads may map instead of copying through the page cache
  // (PRAGMA mmap_size); 0 keeps SQLite's default of none. For connections that serve many
  // small random reads (the API's): a read then costs no pread() and no copy. The engine
  // keeps 0, so its peak memory does not grow with the file.
  std::size_t sqliteMapBytes = 0;
};

class Database;

// One use of a statement its connection keeps prepared (Database::statement). While it
// lives it is bound to the caller's variables; when it goes, the bindings are dropped and
// the statement is reset, so an SQLite read never holds its snapshot past the call.
class Statement {
 public:
  Statement(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  Statement& operator=(Statement&&) = delete;
  ~Statement();

  // SOCI's own meanings: execute(true) runs and fetches the first row.
  bool execute(bool withDataExchange = false) { return statement_->execute(withDataExchange); }
  bool fetch() { return statement_->fetch(); }
  long long affectedRows() { return statement_->get_affected_rows(); }
  soci::statement& soci() { return *statement_; }

 private:
  friend class Database;
  struct Slot {  // a kept statement and whether a Statement has it now
    explicit Slot(soci::session& session) : statement(session) {}
    soci::statement statement;
    bool inUse = false;
  };
  Statement(Backend backend, Slot* slot, std::unique_ptr<soci::statement> oneOff);

  Backend backend_;
  Slot* slot_;                               // kept by the Database, or null
  std::unique_ptr<soci::statement> oneOff_;  // when the kept one is busy or the cache is full
  soci::statement* statement_;
};

// Held while one process runs the cycle or dispatches (`regua run`, `regua serve`): two
// at once would hand the same intents to the plugins. Released when destroyed or when
// the process dies — an flock beside the SQLite file, a session-level advisory lock on
// PostgreSQL — so a crash never leaves the engine locked.
class EngineLock {
 public:
  ~EngineLock();
  EngineLock(const EngineLock&) = delete;
  EngineLock& operator=(const EngineLock&) = delete;

 private:
  friend class Database;
  explicit EngineLock(Database& db) : db_(db) {}
  Database& db_;
  int fd_ = -1;  // SQLite: the open lock file
  bool held_ = false;  // SQLite: the flock was taken (a failed try closes fd_ too)
};

class Database {
 public:
  // url: "sqlite:PATH" (the file created if missing and options allow; its folder must
  // exist) or
  // "postgresql://user:password@host:port/db". Applies pending migrations.
  // Throws StoreError (kConnection, kSchema) with the URL, password masked.
  static std::unique_ptr<Database> open(const std::string& url, StoreOptions options = {});
  // For a long-lived holder (serve's workers and threads): `held`, opened first when it
  // is empty or its connection was lost. A failed open leaves it empty, to try again.
  static Database& keepOpen(std::unique_ptr<Database>& held, const std::string& url, StoreOptions options = {});
  ~Database();

  Backend backend() const { return backend_; }
  // PostgreSQL dropped this connection (a restart, a failover, pg_terminate_backend):
  // every later call fails the same way, so whoever keeps a Database opens a new one.
  // libpq learns it on the first query that meets the closed socket.
  bool connectionLost() const;
  soci::session& sql() { return *session_; }
  const std::string& maskedUrl() const { return maskedUrl_; }
  int schemaVersion() const { return schemaVersion_; }

  // Runs `body` in one transaction (BEGIN IMMEDIATE on SQLite, so writers queue on the
  // busy timeout instead of failing on upgrade). Commits when it returns, rolls back
  // and rethrows (translated) when it throws: nothing of a failed body stays stored.
  // Inside another transaction it is part of it, behind a savepoint: a nested body that
  // throws leaves nothing of itself, and the enclosing one goes on if it catches.
  void transaction(const std::function<void()>& body);
  bool inTransaction() const { return inTransaction_; }
  // Runs `body` on one snapshot of the store, so what several reads gather agrees with
  // itself while writers commit (a deferred transaction on SQLite, REPEATABLE READ READ
  // ONLY on PostgreSQL, which refuses a write in it). Inside a transaction it is part of
  // that transaction. Also cheaper on SQLite: the read lock is taken once, not per query.
  void readSnapshot(const std::function<void()>& body);

  // Converts a database exception into a StoreError whose message starts with
  // `context` ("cliente C-1"). `missingReference` says what a broken reference means
  // at this call site (SQLite does not name the foreign key that failed). Anything
  // not from the database is rethrown as is.
  [[noreturn]] void rethrowTranslated(const std::string& context,
                                      std::string_view missingReference = "referencia um registro que não existe") const;

  // The engine lock, or nothing when another process holds it.
  std::unique_ptr<EngineLock> tryLockEngine();
  // Who holds the engine lock, as people read it ("processo 4121 em srv1 desde ...");
  // "outro processo" when it cannot tell.
  std::string engineLockHolder();
  // Who holds the engine lock now, or nothing when it is free: a look that never takes
  // it, so asking (regua status, /api/v1/status) cannot make a starting cycle give up.
  std::optional<std::string> engineLockHolderNow();

  // The current time as "AAAA-MM-DDTHH:MM:SSZ" (UTC), for created_at/updated_at columns.
  static std::string nowUtc();

  // `sql` bound to this call's into/use elements, prepared only the first time this
  // connection sees the text. SOCI prepares every statement it builds anew: on SQLite the
  // parse was most of a point read's time, on PostgreSQL it is a PREPARE and a DEALLOCATE
  // round trip per query. Texts built per call (IN lists, filters) are fine but should
  // stay few: past kMaxKeptStatements they are prepared and dropped each time.
  template <typename... Elements>
  Statement statement(const std::string& sql, Elements&&... elements) {
    Statement st = unboundStatement(sql);
    (st.soci().exchange(std::forward<Elements>(elements)), ...);
    st.soci().define_and_bind();
    return st;
  }
  // For elements only known at run time: exchange them on soci(), then define_and_bind().
  Statement unboundStatement(const std::string& sql);
  // The same, run once with its data exchanged (what SOCI's `session << sql, ...` does);
  // true when a row came back.
  template <typename... Elements>
  bool run(const std::string& sql, Elements&&... elements) {
    return statement(sql, std::forward<Elements>(elements)...).execute(true);
  }
  static constexpr std::size_t kMaxKeptStatements = 512;

  // "`column` is one of the ids bound to :ids", as one statement whatever the number of
  // ids: a PostgreSQL array, an SQLite JSON array. A vector bound row by row would cost a
  // round trip per id on PostgreSQL (SOCI runs the statement once per element); this is
  // one, and its text stays the same, so it is kept prepared. Bind idsParameter(ids).
  std::string columnInIds(std::string_view column) const;
  std::string idsParameter(const std::vector<std::int64_t>& ids) const;

 private:
  Database() = default;
  void migrate();
  void nested(const std::function<void()>& body);
  void runInTransaction(const char* begin, const std::function<void()>& body);

  Backend backend_ = Backend::kSqlite;
  std::unique_ptr<soci::session> session_;
  // After session_: the kept statements go before the connection they were prepared on.
  std::unordered_map<std::string, std::unique_ptr<Statement::Slot>> kept_;
  std::string maskedUrl_;
  std::string sqlitePath_;
  StoreOptions options_;
  int schemaVersion_ = 0;
  bool inTransaction_ = false;
  int nestingDepth_ = 0;  // savepoints open inside the transaction
};

// "postgresql://regua:segredo@db/x" -> "postgresql://regua:***@db/x" (also password=...).
std::string maskUrlPassword(const std::string& url);

// A postgresql:// URL as libpq key='value' pairs (quoted and escaped), with a 5 s
// connect_timeout unless the URL sets one. Throws StoreError for a malformed URL.
std::string postgresConninfo(const std::string& url);

// A retry instant as its text column holds it: "" (as soon as possible) sorts before
// every "AAAA-MM-DDTHH:MM:SSZ".
inline std::string attemptColumn(std::optional<UtcTime> at) { return at ? formatUtc(*at) : ""; }
inline std::optional<UtcTime> attemptFromColumn(const std::string& text) { return parseUtc(text); }

}  // namespace regua::store
