#include "engine/message_router.hpp"

#include <sstream>

#include <Poco/DigestEngine.h>
#include <Poco/JSON/Object.h>
#include <Poco/Logger.h>
#include <Poco/SHA2Engine.h>

#include "common/masking.hpp"
#include "plugin/channel_port.hpp"
#include "plugin/plugin_instance.hpp"
#include "plugin/plugin_registry.hpp"
#include "store/client_repository.hpp"
#include "store/delivery_repository.hpp"
#include "store/history_repository.hpp"

namespace regua::engine {

std::string contentHash(std::string_view subject, std::string_view text, std::string_view html) {
  Poco::SHA2Engine sha(Poco::SHA2Engine::SHA_256);
  for (std::string_view part : {subject, text, html}) {
    sha.update(part.data(), static_cast<unsigned>(part.size()));
    sha.update('\0');  // "ab"+"c" and "a"+"bc" hash apart
  }
  return Poco::DigestEngine::digestToHex(sha.digest());
}

namespace {

using plugin::CallStatus;

std::string statusWord(CallStatus status) {
  return status == CallStatus::kOk ? "sent" : status == CallStatus::kRetry ? "retry" : "refused";
}

std::string outcomeText(CallStatus status) {
  return status == CallStatus::kRetry ? ": falha temporária: " : ": recusada: ";
}

}  // namespace

plugin::SendReceipt MessageRouter::send(const plugin::OutgoingMessage& m) {
  auto failed = [](CallStatus status, std::string error) {
    plugin::SendReceipt out;
    out.status = status;
    out.error = std::move(error);
    return out;
  };
  if (m.deliveryId.empty() || m.channel.empty() || m.to.empty()) {
    return failed(CallStatus::kFailed, "mensagem sem delivery_id, canal ou destinatário");
  }
  store::DeliveryRepository deliveries(db_);
  if (auto earlier = deliveries.find(m.deliveryId)) {
    // Refused for good: asking again would only repeat it.
    if (earlier->refused) return failed(CallStatus::kFailed, earlier->error);
    plugin::SendReceipt again;  // already accepted once: never twice
    again.status = CallStatus::kOk;
    again.providerId = earlier->providerId;
    return again;
  }
  plugin::PluginInstance* connector = plugins_.channelHandler(m.channel);
  if (connector == nullptr) {
    // A configuration gap, not the client's fault: the action retries once it is fixed.
    return failed(CallStatus::kRetry,
                  "nenhum conector entrega pelo canal '" + m.channel + "'; acrescente um em 'connectors' de regua.yaml");
  }
  if (auto reason = connector->disabledReason()) {
    return failed(CallStatus::kRetry, connector->label() + " está desativado: " + *reason);  // waits for the fix
  }

  plugin::SendReceipt receipt = plugin::deliver(*connector, m);
  if (receipt.status == CallStatus::kConfigRefused) {
    // The server refused the connector's own settings (login, sender, certificate): no
    // client's address is at fault, and every message would fail the same way. The
    // channel stops until regua.yaml is fixed; this message waits like a server that is down.
    connector->disable(receipt.error);
    Poco::Logger::get("regua.messages").error(maskPersonalData(connector->label() + " desativado: " + receipt.error));
    receipt.status = CallStatus::kRetry;
  } else if (receipt.status == CallStatus::kFailed) {
    // The connector's own fault (ABI 1.8: not a refused recipient): retried like any
    // failure, and no address is blamed for it.
    receipt.error = "falha do conector " + connector->label() + ": " + receipt.error;
    receipt.status = CallStatus::kRetry;
  }
  const CallStatus status = receipt.status;
  const std::string& error = receipt.error;
  const std::string providerId = status == CallStatus::kOk ? receipt.providerId : "";
  const std::string masked = maskPersonalData(m.to);
  std::string html = m.html;  // the images are part of what the client saw
  for (const auto& image : m.images) html += std::string(1, '\0') + image.contentId + std::string(1, '\0') + image.data;
  const std::string hash = contentHash(m.subject, m.text, html);

  Poco::JSON::Object details(Poco::JSON_PRESERVE_KEY_ORDER);
  details.set("delivery_id", m.deliveryId);
  details.set("channel", m.channel);
  details.set("address", masked);
  details.set("template", m.templateName);
  details.set("content_hash", hash);
  details.set("provider_id", providerId);
  details.set("status", statusWord(status));
  if (!error.empty()) details.set("error", maskPersonalData(error));
  std::ostringstream json;
  details.stringify(json);

  store::HistoryEntry entry;
  entry.clientId = clientId_;
  entry.kind = status == CallStatus::kOk ? "message" : "message_failed";
  entry.actor = connector->label();
  entry.summary = m.channel + " para " + masked + (m.templateName.empty() ? "" : " (modelo " + m.templateName + ")") +
                  (status == CallStatus::kOk ? ": entregue" + (providerId.empty() ? "" : ", id " + providerId)
                                             : outcomeText(status) + maskPersonalData(error));
  entry.details = json.str();
  db_.transaction([&] {
    store::HistoryRepository(db_).append(entry);
    if (status != CallStatus::kRetry) {
      store::DeliveryRecord record{m.deliveryId, clientId_,  m.channel, masked, m.templateName, hash, providerId,
                                   status != CallStatus::kOk, maskPersonalData(error), ""};
      deliveries.record(record);
    }
    if (status == CallStatus::kRefused) markBounced(m.channel, m.to);
  });
  if (status != CallStatus::kOk) Poco::Logger::get("regua.messages").warning(entry.summary);
  return receipt;
}

// The server refused the address: stop using it on this channel, so later stages fall
// back. The person did not opt out: the address stays usable on other channels.
void MessageRouter::markBounced(const std::string& channel, const std::string& address) {
  store::ClientRepository clients(db_);
  auto client = clients.findById(clientId_);
  if (!client) return;
  bool changed = false;
  for (auto& contact : client->contacts) {
    if (contact.channel == channel && contact.address == address && !contact.bounced) contact.bounced = changed = true;
  }
  if (changed) clients.save(*client);
}

}  // namespace regua::engine
