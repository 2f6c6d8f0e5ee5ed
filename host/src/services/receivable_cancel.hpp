// Cancelling a receivable the office will not collect (billed by mistake, replaced by
// another): no stage fires for it again, its pending actions are cancelled, its tasks
// closed when nothing else is left, and the history says who did it and why.
#pragma once

#include <cstddef>
#include <string>

#include "domain/receivable.hpp"
#include "services/service_error.hpp"
#include "store/database.hpp"

namespace regua::services {

struct CancelReport {
  domain::Receivable receivable;
  std::size_t cancelledActions = 0, closedTasks = 0;
};

// `ref`: the receivable's id in its source or the internal id. Throws ServiceError (not
// found, ambiguous, already paid/cancelled/negotiated). One transaction.
CancelReport cancelReceivable(store::Database& db, const std::string& ref, const std::string& reason,
                              const std::string& actor, Date day);

}  // namespace regua::services
