#include "store/delivery_repository.hpp"

namespace regua::store {

std::optional<DeliveryRecord> DeliveryRepository::find(const std::string& deliveryId) {
  DeliveryRecord d;
  long client = 0;
  soci::indicator found = soci::i_null;
  std::string state;
  try {
    db_.run(
        "SELECT delivery_id, client_id, channel, address_masked, template, content_hash, provider_id, state, "
        "error, created_at FROM deliveries WHERE delivery_id = :id",
        soci::into(d.deliveryId, found), soci::into(client), soci::into(d.channel), soci::into(d.addressMasked),
        soci::into(d.templateName), soci::into(d.contentHash), soci::into(d.providerId), soci::into(state),
        soci::into(d.error), soci::into(d.createdAt), soci::use(deliveryId));
  } catch (const std::exception&) {
    db_.rethrowTranslated("entrega " + deliveryId);
  }
  if (found != soci::i_ok) return std::nullopt;
  d.clientId = client;
  d.refused = state == "refused";
  return d;
}

void DeliveryRepository::record(DeliveryRecord& d) {
  d.createdAt = Database::nowUtc();
  long client = d.clientId;
  const std::string state = d.refused ? "refused" : "sent";
  try {
    db_.run(
        "INSERT INTO deliveries (delivery_id, client_id, channel, address_masked, template, content_hash, "
        "provider_id, state, error, created_at) VALUES (:id, :client, :channel, :address, :template, :hash, "
        ":provider, :state, :error, :at)",
        soci::use(d.deliveryId), soci::use(client), soci::use(d.channel), soci::use(d.addressMasked),
        soci::use(d.templateName), soci::use(d.contentHash), soci::use(d.providerId), soci::use(state),
        soci::use(d.error), soci::use(d.createdAt));
  } catch (const std::exception&) {
    db_.rethrowTranslated("entrega " + d.deliveryId, "o cliente da entrega não existe");
  }
}

}  // namespace regua::store
