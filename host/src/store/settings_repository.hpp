// Small key/value settings the host keeps between runs (cursors, last run date, ...).
#pragma once

#include <optional>
#include <string>

#include "store/database.hpp"

namespace regua::store {

class SettingsRepository {
 public:
  explicit SettingsRepository(Database& db) : db_(db) {}
  std::optional<std::string> get(const std::string& key);
  void set(const std::string& key, const std::string& value);
  // Forgets `key`; false when it was not set.
  bool remove(const std::string& key);

 private:
  Database& db_;
};

}  // namespace regua::store
