// A prepared SQLite statement used directly through the C API, for the few bulk paths
// where SOCI 4.0's SQLite backend (which formats every bound value as text) is the
// bottleneck. Errors are thrown as SOCI's own SQLite error type, so
// Database::rethrowTranslated handles them like any other.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <soci/sqlite3/soci-sqlite3.h>

#include "store/database.hpp"

namespace regua::store {

class SqliteStatement {
 public:
  // `db` must be an SQLite database; the statement must not outlive it.
  SqliteStatement(Database& db, const std::string& sql);
  ~SqliteStatement();
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;

  // Parameters are 1-based. Text is bound without a copy: it must stay alive until
  // step() returns.
  void bind(int index, std::int64_t value);
  void bind(int index, std::string_view text);
  void bindNull(int index);
  // Runs the statement to completion (an INSERT/UPDATE) and resets it for the next
  // row. Returns the number of rows it changed.
  int execute();
  // Reads: true while a row is there (then read its columns, 0-based); false at the end,
  // when the statement is reset for the next run.
  bool step();
  std::int64_t integer(int column);
  std::string_view text(int column);  // valid until the next step()

 private:
  [[noreturn]] void raise(int code);
  sqlite_api::sqlite3* conn_;
  sqlite_api::sqlite3_stmt* stmt_ = nullptr;
};

}  // namespace regua::store
