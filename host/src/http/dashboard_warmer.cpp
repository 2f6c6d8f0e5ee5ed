#include "http/dashboard_warmer.hpp"

#include <Poco/Logger.h>

#include "engine/plugin_quoter.hpp"
#include "services/collection_service.hpp"

namespace regua::http {

DashboardWarmer::DashboardWarmer(ApiContext& api, std::chrono::seconds period)
    : api_(api), period_(period), thread_([this] { run(); }) {}

DashboardWarmer::~DashboardWarmer() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void DashboardWarmer::warmOnce() {
  try {
    const auto quoter = engine::makeQuoter(api_.plugins, api_.config.city);
    api_.dashboards.get(api_.db(), api_.policies(), api_.calendar, api_.config.city, *quoter, services::localNow().day,
                        std::nullopt, std::nullopt);
  } catch (const std::exception& e) {  // the store is down: the page will say so when asked
    Poco::Logger::get("regua.http").warning("painel: números do dia não calculados (%s)", std::string(e.what()));
  }
}

void DashboardWarmer::run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    warmOnce();
    // Numbers read while the store was being written are not kept: try again soon.
    const auto latest = api_.dashboards.latest();
    const bool kept = latest && latest->first == services::localNow().day;
    lock.lock();
    wake_.wait_for(lock, kept ? period_ : std::chrono::seconds(2), [this] { return stopping_; });
  }
}

}  // namespace regua::http
