// Instants: UTC time points inside the host. Text ("2026-03-12T10:00:00Z") only at the
// edges — the store's columns, logs, JSON.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace regua {

using UtcTime = std::chrono::sys_seconds;

UtcTime utcNow();
// "2026-03-12T10:00:00Z".
std::string formatUtc(UtcTime time);
// The format above; nothing for anything else.
std::optional<UtcTime> parseUtc(std::string_view text);

}  // namespace regua
