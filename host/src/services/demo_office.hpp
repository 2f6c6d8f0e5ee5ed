// Demo and benchmark data (`regua generate`): clients with valid documents and monthly
// receivables around the as-of date, some paid, some late, written through the store's
// bulk paths in batches.
#pragma once

#include <string>

#include <regua/value.hpp>

#include "store/database.hpp"

namespace regua::services {

// The same office for the same arguments (a fixed random seed). Throws StoreError.
void generateOffice(store::Database& db, long clientCount, long receivableCount, Date asOf, const std::string& source);

}  // namespace regua::services
