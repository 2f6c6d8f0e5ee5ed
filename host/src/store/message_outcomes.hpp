// What became of each receivable after each message the régua sent about it: the raw
// rows of the effectiveness report (services/effectiveness.hpp).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include <regua/value.hpp>

#include "store/database.hpp"

namespace regua::store {

struct MessageOutcome {
  std::string policyId, stageId, channel, templateName;  // templateName "" when not recorded
  std::int64_t receivableId = 0;
  Date sentOn;
  std::optional<Date> settledOn;  // the day of the payment that settled it; nothing while unpaid
};

// Every message carried out from `from` to `to` (inclusive) about one receivable, in no
// particular order; one row per receivable, stage and channel.
void forEachMessageOutcome(Database& db, Date from, Date to, const std::function<void(const MessageOutcome&)>& visit);

}  // namespace regua::store
