// Keeps today's dashboard computed while `regua serve` runs, so the office's first view
// of it is quick: at start and then every `period`, it asks the dashboard cache, which
// recomputes only when receivables, clients or payments changed (here, through another
// host or a sync alike). A million receivables take seconds to price; on a thread of its
// own that time is nobody's wait.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "http/api_context.hpp"

namespace regua::http {

class DashboardWarmer {
 public:
  explicit DashboardWarmer(ApiContext& api, std::chrono::seconds period = std::chrono::seconds(10));
  ~DashboardWarmer();  // stops the thread
  DashboardWarmer(const DashboardWarmer&) = delete;
  DashboardWarmer& operator=(const DashboardWarmer&) = delete;

 private:
  void run();
  void warmOnce();

  ApiContext& api_;
  const std::chrono::seconds period_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace regua::http
