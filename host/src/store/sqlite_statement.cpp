#include "store/sqlite_statement.hpp"

namespace regua::store {

SqliteStatement::SqliteStatement(Database& db, const std::string& sql)
    : conn_(static_cast<soci::sqlite3_session_backend*>(db.sql().get_backend())->conn_) {
  if (int code = sqlite_api::sqlite3_prepare_v3(conn_, sql.c_str(), -1, 0, &stmt_, nullptr)) raise(code);
}

SqliteStatement::~SqliteStatement() { sqlite_api::sqlite3_finalize(stmt_); }

void SqliteStatement::raise(int code) { throw soci::sqlite3_soci_error(sqlite_api::sqlite3_errmsg(conn_), code); }

void SqliteStatement::bind(int index, std::int64_t value) { sqlite_api::sqlite3_bind_int64(stmt_, index, value); }

void SqliteStatement::bind(int index, std::string_view text) {
  sqlite_api::sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_STATIC);
}

void SqliteStatement::bindNull(int index) { sqlite_api::sqlite3_bind_null(stmt_, index); }

int SqliteStatement::execute() {
  const int code = sqlite_api::sqlite3_step(stmt_);
  sqlite_api::sqlite3_reset(stmt_);
  if (code != SQLITE_DONE && code != SQLITE_ROW) raise(code);
  return sqlite_api::sqlite3_changes(conn_);
}

bool SqliteStatement::step() {
  const int code = sqlite_api::sqlite3_step(stmt_);
  if (code == SQLITE_ROW) return true;
  sqlite_api::sqlite3_reset(stmt_);
  if (code != SQLITE_DONE) raise(code);
  return false;
}

std::int64_t SqliteStatement::integer(int column) { return sqlite_api::sqlite3_column_int64(stmt_, column); }

std::string_view SqliteStatement::text(int column) {
  const auto* bytes = reinterpret_cast<const char*>(sqlite_api::sqlite3_column_text(stmt_, column));
  return bytes == nullptr ? std::string_view() : std::string_view(bytes, sqlite_api::sqlite3_column_bytes(stmt_, column));
}

}  // namespace regua::store
