// The batch the dispatcher holds and the plugin call it is inside right now, so serve's
// /health shows this host's share of the round and a call that never comes back while it
// hangs. The dispatching thread writes it; any thread reads it.
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

// A dispatch batch this host holds (store/dispatch_rounds), and until when.
struct BatchInHand {
  std::int64_t round = 0;
  int seq = 0;
  std::int64_t firstClient = 0, lastClient = 0;
  std::string leaseUntil;  // UTC
};

class CallWatch {
 public:
  void holdBatch(BatchInHand batch) {
    std::lock_guard lock(mutex_);
    batch_ = std::move(batch);
  }
  void dropBatch() {
    std::lock_guard lock(mutex_);
    batch_.reset();
  }
  std::optional<BatchInHand> batch() const {
    std::lock_guard lock(mutex_);
    return batch_;
  }

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
  std::optional<BatchInHand> batch_;
};

}  // namespace regua::engine
