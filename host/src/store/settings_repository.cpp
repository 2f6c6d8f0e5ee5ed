#include "store/settings_repository.hpp"

namespace regua::store {

std::optional<std::string> SettingsRepository::get(const std::string& key) {
  std::string value;
  soci::indicator ind = soci::i_null;
  bool found = false;
  try {
    found = db_.run("SELECT value FROM settings WHERE key = :key", soci::into(value, ind), soci::use(key));
  } catch (const std::exception&) {
    db_.rethrowTranslated("ajuste " + key);
  }
  if (!found || ind != soci::i_ok) return std::nullopt;
  return value;
}

void SettingsRepository::set(const std::string& key, const std::string& value) {
  const std::string now = Database::nowUtc();
  try {
    db_.run(
        "INSERT INTO settings (key, value, updated_at) VALUES (:key, :value, :now) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
        soci::use(key), soci::use(value), soci::use(now));
  } catch (const std::exception&) {
    db_.rethrowTranslated("ajuste " + key);
  }
}

bool SettingsRepository::remove(const std::string& key) {
  try {
    auto st = db_.statement("DELETE FROM settings WHERE key = :key", soci::use(key));
    st.execute(true);
    return st.affectedRows() > 0;
  } catch (const std::exception&) {
    db_.rethrowTranslated("ajuste " + key);
  }
}

}  // namespace regua::store
