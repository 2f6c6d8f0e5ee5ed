// What the hosts sharing the store are doing: each host's activity and the batch it
// holds (and until when), the round being dispatched, and the day's intents by state.
// `regua status` prints it; several hosts on one PostgreSQL show up as several lines.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <regua/value.hpp>

#include "store/database.hpp"
#include "store/dispatch_rounds.hpp"

namespace regua::services {

struct DispatchStatus {
  Date day;
  std::optional<Date> lastCycleDay;
  std::string engineLockHolder;  // empty when nobody holds the engine lock
  std::optional<store::DispatchRound> round;  // the round open now, else the day's last
  store::RoundProgress roundProgress;
  store::DayProgress progress;  // the day's intents by state (reads every intent of the day)
  std::vector<store::HostActivity> hosts;
};

DispatchStatus dispatchStatus(store::Database& db, Date day);

// The lines `regua status` prints (pt-BR).
std::vector<std::string> describe(const DispatchStatus& status);

}  // namespace regua::services
