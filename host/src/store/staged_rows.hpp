// Rows for one set-based statement. A batch path copies its rows into an index-free
// TEMP table with each backend's fastest native path (typed binds on SQLite, where
// SOCI 4.0 formats every bound value as text; COPY on PostgreSQL, where one statement
// per row is one round trip), then joins, inserts or updates from it in one statement.
// Lives inside the caller's transaction; the table is emptied when staging starts.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/database.hpp"

namespace regua::store {

class StagedRows {
 public:
  // `columns` as in CREATE TABLE ("seq BIGINT", "summary TEXT"); values are added in
  // that order, one row at a time.
  StagedRows(Database& db, std::string table, std::vector<std::string> columns);
  ~StagedRows();
  StagedRows(const StagedRows&) = delete;
  StagedRows& operator=(const StagedRows&) = delete;

  StagedRows& add(std::int64_t value);
  StagedRows& add(std::string_view text);
  StagedRows& add(std::optional<std::int64_t> value);  // NULL when empty
  void endRow();
  // Every row is in the table after this; call it before reading the table.
  void finish();

  class Writer;  // one backend's way of putting rows into the table

 private:
  std::unique_ptr<Writer> writer_;
};

// Stages `ids` as the one column `id` of TEMP table `table`, for "... IN (SELECT id
// FROM table)".
void stageIds(Database& db, const std::string& table, const std::vector<std::int64_t>& ids);

}  // namespace regua::store
