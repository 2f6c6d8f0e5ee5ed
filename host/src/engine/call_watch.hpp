// The plugin call the dispatcher is inside right now, so a call that never comes back
// is visible (serve's /health) while it hangs. The dispatching thread writes it; any
// thread reads it.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace regua::engine {

struct CallInFlight {
  std::string plugin;                  // the plugin's name (br.regua.reminders)
  std::string dispatchKey;             // the claimed group
  std::vector<std::int64_t> intentIds;
  std::chrono::steady_clock::time_point since;
};

class CallWatch {
 public:
  void begin(CallInFlight call) {
    std::lock_guard lock(mutex_);
    call_ = std::move(call);
  }
  void end() {
    std::lock_guard lock(mutex_);
    call_.reset();
  }
  std::optional<CallInFlight> current() const {
    std::lock_guard lock(mutex_);
    return call_;
  }

 private:
  mutable std::mutex mutex_;
  std::optional<CallInFlight> call_;
};

}  // namespace regua::engine
