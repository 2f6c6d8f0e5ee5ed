// The dry run of a day as one JSON document, written in chunks while the plan streams,
// so a large office's preview never sits in memory. `regua run --dry-run --json` prints
// it and GET /api/v1/runs/{date}/preview answers it:
//   {"date", "review": [decision...], "items": [intent...], "next_cursor",
//    "to_run", "to_skip", "receivables", "clients"}
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>

#include "services/daily_cycle.hpp"

namespace regua::services {

// Which intents to write: all of them, or a page of `limit` from the `from`-th (the API's
// cursor counts intents; each page evaluates the day again). The decisions before the
// régua ("review") go on the first page only.
struct PreviewPage {
  std::size_t from = 0;
  std::optional<std::size_t> limit;
};

// `write` takes each chunk and returns false when the reader has gone: the plan then runs
// out without writing more.
void writePreviewJson(DailyCycle& cycle, const config::PolicySet& policies, Date day, const PreviewPage& page,
                      const std::function<bool(const std::string&)>& write);

}  // namespace regua::services
