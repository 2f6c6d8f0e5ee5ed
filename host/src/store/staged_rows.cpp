#include "store/staged_rows.hpp"

#include <soci/postgresql/soci-postgresql.h>

#include <libpq-fe.h>

#include "store/sqlite_statement.hpp"

namespace regua::store {

class StagedRows::Writer {
 public:
  virtual ~Writer() = default;
  virtual void add(std::int64_t value) = 0;
  virtual void add(std::string_view text) = 0;
  virtual void addNull() = 0;
  virtual void endRow() = 0;
  virtual void finish() = 0;
};

namespace {

std::string columnNames(const std::vector<std::string>& columns) {
  std::string names;
  for (const auto& column : columns) names += (names.empty() ? "" : ", ") + column.substr(0, column.find(' '));
  return names;
}

// A prepared INSERT run once per row with typed binds. Text is copied into the row's
// own buffer, which lives until the row is stepped.
class SqliteWriter final : public StagedRows::Writer {
 public:
  SqliteWriter(Database& db, const std::string& table, const std::vector<std::string>& columns)
      : insert_(db, "INSERT INTO " + table + " (" + columnNames(columns) + ") VALUES (" + placeholders(columns.size()) +
                        ")"),
        texts_(columns.size()) {}

  void add(std::int64_t value) override { insert_.bind(++at_, value); }
  void add(std::string_view text) override {
    texts_[at_].assign(text);
    ++at_;
    insert_.bind(at_, texts_[at_ - 1]);
  }
  void addNull() override { insert_.bindNull(++at_); }
  void endRow() override {
    insert_.execute();
    at_ = 0;
  }
  void finish() override {}

 private:
  static std::string placeholders(std::size_t count) {
    std::string out;
    for (std::size_t i = 1; i <= count; ++i) out += (i > 1 ? ", ?" : "?") + std::to_string(i);
    return out;
  }
  SqliteStatement insert_;
  std::vector<std::string> texts_;
  int at_ = 0;
};

// COPY ... FROM STDIN in text format, sent a megabyte at a time. Failures surface as
// SOCI's own error type, so Database::rethrowTranslated handles them like any other.
class PostgresWriter final : public StagedRows::Writer {
 public:
  PostgresWriter(Database& db, const std::string& table, const std::vector<std::string>& columns)
      : conn_(static_cast<soci::postgresql_session_backend*>(db.sql().get_backend())->conn_) {
    PGresult* started = PQexec(conn_, ("COPY " + table + " (" + columnNames(columns) + ") FROM STDIN").c_str());
    if (PQresultStatus(started) != PGRES_COPY_IN) raise(started);
    PQclear(started);
    copying_ = true;
  }
  ~PostgresWriter() override {
    if (copying_) {  // abandoned by an exception: end the COPY so the connection stays usable
      PQputCopyEnd(conn_, "lote abandonado");
      while (PGresult* result = PQgetResult(conn_)) PQclear(result);
    }
  }

  void add(std::int64_t value) override {
    separate();
    buffer_ += std::to_string(value);
  }
  void add(std::string_view text) override {
    separate();
    for (char c : text) {
      switch (c) {
        case '\\': buffer_ += "\\\\"; break;
        case '\t': buffer_ += "\\t"; break;
        case '\n': buffer_ += "\\n"; break;
        case '\r': buffer_ += "\\r"; break;
        default: buffer_ += c;
      }
    }
  }
  void addNull() override {
    separate();
    buffer_ += "\\N";
  }
  void endRow() override {
    buffer_ += '\n';
    first_ = true;
    if (buffer_.size() > (1 << 20)) send();
  }
  void finish() override {
    send();
    copying_ = false;
    if (PQputCopyEnd(conn_, nullptr) != 1) raise(nullptr);
    PGresult* result = PQgetResult(conn_);
    if (PQresultStatus(result) != PGRES_COMMAND_OK) raise(result);
    PQclear(result);
    while ((result = PQgetResult(conn_)) != nullptr) PQclear(result);
  }

 private:
  void separate() {
    if (!first_) buffer_ += '\t';
    first_ = false;
  }
  void send() {
    if (!buffer_.empty() && PQputCopyData(conn_, buffer_.data(), static_cast<int>(buffer_.size())) != 1) raise(nullptr);
    buffer_.clear();
  }
  [[noreturn]] void raise(PGresult* result) {
    const char* state = result != nullptr ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
    const std::string message = PQerrorMessage(conn_);
    const std::string code = state != nullptr ? state : "XX000";
    if (result != nullptr) PQclear(result);
    throw soci::postgresql_soci_error(message, code.c_str());
  }
  PGconn* conn_;
  std::string buffer_;
  bool first_ = true, copying_ = false;
};

}  // namespace

StagedRows::StagedRows(Database& db, std::string table, std::vector<std::string> columns) {
  std::string definition;
  for (const auto& column : columns) definition += (definition.empty() ? "" : ", ") + column;
  db.sql() << "CREATE TEMP TABLE IF NOT EXISTS " + table + " (" + definition + ")";
  db.sql() << "DELETE FROM " + table;
  if (db.backend() == Backend::kSqlite) {
    writer_ = std::make_unique<SqliteWriter>(db, table, columns);
  } else {
    writer_ = std::make_unique<PostgresWriter>(db, table, columns);
  }
}

StagedRows::~StagedRows() = default;

StagedRows& StagedRows::add(std::int64_t value) {
  writer_->add(value);
  return *this;
}

StagedRows& StagedRows::add(std::string_view text) {
  writer_->add(text);
  return *this;
}

StagedRows& StagedRows::add(std::optional<std::int64_t> value) {
  value ? writer_->add(*value) : writer_->addNull();
  return *this;
}

void StagedRows::endRow() { writer_->endRow(); }

void StagedRows::finish() { writer_->finish(); }

void stageIds(Database& db, const std::string& table, const std::vector<std::int64_t>& ids) {
  StagedRows staged(db, table, {"id BIGINT"});
  for (const std::int64_t id : ids) staged.add(id).endRow();
  staged.finish();
}

}  // namespace regua::store
