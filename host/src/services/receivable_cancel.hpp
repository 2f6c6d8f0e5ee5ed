// Cancelling a receivable the office will not collect (billed by mistake, replaced by
// another): no stage fires for it again, its pending actions are cancelled, its tasks
// closed when nothing else is left, and the history says who did it and why.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>

#include "domain/receivable.hpp"
#include "store/database.hpp"

namespace regua::services {

class CancelError : public std::runtime_error {
 public:
  enum class Kind { kNotFound, kAmbiguous, kNotCollectible };
  CancelError(Kind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  Kind kind() const { return kind_; }

 private:
  Kind kind_;
};

struct CancelReport {
  domain::Receivable receivable;
  std::size_t cancelledActions = 0, closedTasks = 0;
};

// `ref`: the receivable's id in its source or the internal id. Throws CancelError (not
// found, ambiguous, already paid/cancelled/negotiated). One transaction.
CancelReport cancelReceivable(store::Database& db, const std::string& ref, const std::string& reason,
                              const std::string& actor, Date day);

}  // namespace regua::services
