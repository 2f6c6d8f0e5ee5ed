#include "store/settings_repository.hpp"

namespace regua::store {

std::optional<std::string> SettingsRepository::get(const std::string& key) {
  std::string value;
  soci::indicator ind = soci::i_null;
  try {
    db_.sql() << "SELECT value FROM settings WHERE key = :key", soci::into(value, ind), soci::use(key);
  } catch (const std::exception&) {
    db_.rethrowTranslated("ajuste " + key);
  }
  if (!db_.sql().got_data() || ind != soci::i_ok) return std::nullopt;
  return value;
}

void SettingsRepository::set(const std::string& key, const std::string& value) {
  const std::string now = Database::nowUtc();
  try {
    db_.sql() << "INSERT INTO settings (key, value, updated_at) VALUES (:key, :value, :now) "
                 "ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
        soci::use(key), soci::use(value), soci::use(now);
  } catch (const std::exception&) {
    db_.rethrowTranslated("ajuste " + key);
  }
}

bool SettingsRepository::remove(const std::string& key) {
  try {
    soci::statement st = (db_.sql().prepare << "DELETE FROM settings WHERE key = :key", soci::use(key));
    st.execute(true);
    return st.get_affected_rows() > 0;
  } catch (const std::exception&) {
    db_.rethrowTranslated("ajuste " + key);
  }
}

}  // namespace regua::store
