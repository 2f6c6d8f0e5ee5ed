// A database of either backend, empty and private to one test: a SQLite file in a
// temporary directory, or a fresh database on the PostgreSQL server REGUA_TEST_PG_URL
// points at (scripts/test starts a throwaway one). Without the URL the PostgreSQL case
// fails instead of skipping, so a missing server never passes for a green suite.
#pragma once

#include <cstdlib>
#include <memory>
#include <random>
#include <stdexcept>
#include <string>

#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>

#include "store/database.hpp"
#include "test_support.hpp"

namespace regua::testing {

class TestDatabase {
 public:
  explicit TestDatabase(store::Backend backend) {
    if (backend == store::Backend::kSqlite) {
      url_ = "sqlite:" + (dir_.path() / "regua.db").string();
      return;
    }
    const char* base = std::getenv("REGUA_TEST_PG_URL");
    if (base == nullptr || *base == '\0') {
      throw std::runtime_error("REGUA_TEST_PG_URL não definida: rode scripts/test, que sobe um PostgreSQL "
                               "descartável, ou exporte a URL de um banco de teste");
    }
    // Each test gets its own database, dropped afterwards.
    static std::mt19937_64 random{std::random_device{}()};
    name_ = "regua_t" + std::to_string(random() % 1000000000000ULL);
    admin_ = std::make_unique<soci::session>(soci::postgresql, store::postgresConninfo(base));
    *admin_ << "CREATE DATABASE " + name_;
    std::string prefix(base);
    prefix = prefix.substr(0, prefix.rfind('/') + 1);
    url_ = prefix + name_;
  }
  ~TestDatabase() {
    if (admin_) {
      try {
        *admin_ << "DROP DATABASE " + name_ + " WITH (FORCE)";
      } catch (...) {
      }
    }
  }
  const std::string& url() const { return url_; }

 private:
  TempDir dir_;
  std::string url_;
  std::string name_;
  std::unique_ptr<soci::session> admin_;
};

}  // namespace regua::testing
