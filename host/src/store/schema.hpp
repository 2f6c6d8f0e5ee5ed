// The store's schema, as an ordered list of migrations. A migration is never edited
// once released: a change is a new migration with the next version.
#pragma once

#include <string>
#include <vector>

#include "store/database.hpp"

namespace regua::store {

struct Migration {
  int version;
  std::string description;
  std::vector<std::string> statements;  // one SQL statement each
};

// Every migration, in version order, rendered for `backend`.
std::vector<Migration> migrations(Backend backend);

}  // namespace regua::store
