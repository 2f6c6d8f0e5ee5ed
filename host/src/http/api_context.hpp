// What the REST API's handlers work with: the host's configuration, calendar and
// plugins, the policies in force, this worker thread's store connection, and the keys.
#pragma once

#include <memory>
#include <string>

#include "calendar/business_calendar.hpp"
#include "config/host_config.hpp"
#include "config/policy.hpp"
#include "plugin/plugin_registry.hpp"
#include "services/api_keys.hpp"
#include "services/dashboard.hpp"
#include "store/database.hpp"

namespace regua::services { class CollectionService; class WebhookDelivery; }

namespace regua::http {

class ApiContext {
 public:
  // `engine` may be null (no policies: the API reads and stores, nothing is priced).
  ApiContext(const config::HostConfig& config, const calendar::BusinessCalendar& calendar,
             plugin::PluginRegistry& plugins, std::string storeUrl, const services::CollectionService* engine)
      : config(config), calendar(calendar), plugins(plugins), storeUrl(std::move(storeUrl)), engine(engine) {}

  // This thread's connection to the store, opened on first use (SOCI sessions are not
  // shared between threads).
  store::Database& db() const;
  // The policies in force; an empty set without an engine.
  std::shared_ptr<const config::PolicySet> policies() const;

  const config::HostConfig& config;
  const calendar::BusinessCalendar& calendar;
  plugin::PluginRegistry& plugins;
  const std::string storeUrl;
  const services::CollectionService* engine;
  const services::WebhookDelivery* webhooks = nullptr;  // reported in /health when set
  services::ApiKeyVerifier keys;
  services::DashboardCache dashboards;  // the dashboard page and GET /api/v1/reports/dashboard
};

}  // namespace regua::http
