#include "engine/message_router.hpp"

#include <sstream>

#include <Poco/DigestEngine.h>
#include <Poco/JSON/Object.h>
#include <Poco/Logger.h>
#include <Poco/SHA2Engine.h>

#include <regua/plugin.hpp>

#include "common/masking.hpp"
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

regua_status MessageRouter::send(const regua_message& m, regua_send_result& out) {
  auto keep = [&](std::string text) { return abiStr(strings_.emplace_back(std::move(text))); };
  const std::string deliveryId(view(m.delivery_id)), channel(view(m.channel)), to(view(m.to));
  const std::string templateName(view(detail::read(m, &regua_message::template_name)));
  if (deliveryId.empty() || channel.empty() || to.empty()) {
    out.error = keep("mensagem sem delivery_id, canal ou destinatário");
    return REGUA_ERROR;
  }
  store::DeliveryRepository deliveries(db_);
  if (auto earlier = deliveries.find(deliveryId)) {
    if (earlier->refused) {  // refused for good: asking again would only repeat it
      out.error = keep(earlier->error);
      return REGUA_ERROR;
    }
    out.provider_id = keep(earlier->providerId);
    return REGUA_OK;  // already accepted once: never twice
  }
  plugin::PluginInstance* connector = plugins_.channelHandler(channel);
  if (connector == nullptr) {
    // A configuration gap, not the client's fault: the action retries once it is fixed.
    out.error = keep("nenhum conector entrega pelo canal '" + channel + "'; acrescente um em 'connectors' de regua.yaml");
    return REGUA_RETRY;
  }

  if (auto reason = connector->disabledReason()) {
    out.error = keep(connector->label() + " está desativado: " + *reason);
    return REGUA_RETRY;  // waits for the operator's fix and a restart
  }

  regua_delivery delivery{};
  regua_status status = REGUA_ERROR;
  std::string error;
  try {
    status = connector->send(m, delivery);
    if (status != REGUA_OK) error = connector->lastError();
  } catch (const std::exception& e) {
    error = e.what();
  }
  if (status == REGUA_ERROR_CONFIG) {
    // The server refused the connector's own settings (login, sender, certificate): no
    // client's address is at fault, and every message would fail the same way. The
    // channel stops until regua.yaml is fixed; this message waits like a server that is down.
    connector->disable(error);
    Poco::Logger::get("regua.messages").error(maskPersonalData(connector->label() + " desativado: " + error));
    status = REGUA_RETRY;
  }
  const std::string providerId(status == REGUA_OK ? std::string(view(delivery.provider_id)) : "");
  const std::string masked = maskPersonalData(to);
  const std::string hash = contentHash(view(m.subject), view(m.text), view(m.html));

  Poco::JSON::Object details(Poco::JSON_PRESERVE_KEY_ORDER);
  details.set("delivery_id", deliveryId);
  details.set("channel", channel);
  details.set("address", masked);
  details.set("template", templateName);
  details.set("content_hash", hash);
  details.set("provider_id", providerId);
  details.set("status", status == REGUA_OK ? "sent" : status == REGUA_RETRY ? "retry" : "refused");
  if (!error.empty()) details.set("error", maskPersonalData(error));
  std::ostringstream json;
  details.stringify(json);

  store::HistoryEntry entry;
  entry.clientId = clientId_;
  entry.kind = status == REGUA_OK ? "message" : "message_failed";
  entry.actor = connector->label();
  entry.summary = channel + " para " + masked + (templateName.empty() ? "" : " (modelo " + templateName + ")") +
                  (status == REGUA_OK ? ": entregue" + (providerId.empty() ? "" : ", id " + providerId)
                                      : (status == REGUA_RETRY ? ": falha temporária: " : ": recusada: ") +
                                            maskPersonalData(error));
  entry.details = json.str();
  db_.transaction([&] {
    store::HistoryRepository(db_).append(entry);
    if (status != REGUA_RETRY) {
      store::DeliveryRecord record{deliveryId, clientId_,  channel, masked, templateName, hash, providerId,
                                   status != REGUA_OK, maskPersonalData(error), ""};
      deliveries.record(record);
    }
    if (status == REGUA_ERROR) {
      // The server refused the address: stop using it, so later stages fall back.
      store::ClientRepository clients(db_);
      if (auto client = clients.findById(clientId_)) {
        bool changed = false;
        for (auto& contact : client->contacts) {
          if (contact.channel == channel && contact.address == to && !contact.optedOut) contact.optedOut = changed = true;
        }
        if (changed) clients.save(*client);
      }
    }
  });
  if (status == REGUA_OK) {
    out.provider_id = keep(providerId);
  } else {
    out.error = keep(error);
    out.retry_after_seconds = delivery.retry_after_seconds;
    Poco::Logger::get("regua.messages").warning(entry.summary);
  }
  return status;
}

}  // namespace regua::engine
