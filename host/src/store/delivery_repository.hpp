// Messages a channel accepted or refused, one row per delivery id: what makes a retried or
// re-delivered action skip a message that already went out.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "store/database.hpp"

namespace regua::store {

struct DeliveryRecord {
  std::string deliveryId;
  std::int64_t clientId = 0;
  std::string channel;
  std::string addressMasked;
  std::string templateName;
  std::string contentHash;
  std::string providerId;
  bool refused = false;   // the channel refused it for good
  std::string error;      // why, when refused
  std::string createdAt;  // set by record()
};

class DeliveryRepository {
 public:
  explicit DeliveryRepository(Database& db) : db_(db) {}
  std::optional<DeliveryRecord> find(const std::string& deliveryId);
  void record(DeliveryRecord& delivery);

 private:
  Database& db_;
};

}  // namespace regua::store
