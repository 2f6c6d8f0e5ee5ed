#include "plugin/channel_port.hpp"

#include <vector>

#include "plugin/abi_values.hpp"
#include "plugin/plugin_instance.hpp"

namespace regua::plugin {

SendReceipt deliver(PluginInstance& channel, const OutgoingMessage& message) {
  regua_message m{};
  m.struct_size = sizeof m;
  m.delivery_id = abiStr(message.deliveryId);
  m.channel = abiStr(message.channel);
  m.to = abiStr(message.to);
  m.to_name = abiStr(message.toName);
  m.subject = abiStr(message.subject);
  m.text = abiStr(message.text);
  m.html = abiStr(message.html);
  m.template_name = abiStr(message.templateName);
  std::vector<regua_inline_image> images;
  for (const auto& image : message.images) images.push_back({abiStr(image.contentId), abiStr(image.mediaType), abiStr(image.data)});
  m.inline_images = images.empty() ? nullptr : images.data();
  m.inline_image_count = static_cast<std::uint32_t>(images.size());
  SendReceipt receipt;
  try {
    regua_delivery delivery{};
    const auto hold = channel.exclusive();
    const regua_status status = channel.send(m, delivery);
    receipt.status = callStatus(status);
    if (status == REGUA_ERROR && channel.info().abiMinor < 8) receipt.status = CallStatus::kRefused;
    if (status == REGUA_OK) {
      receipt.providerId = std::string(view(delivery.provider_id));
    } else {
      receipt.error = channel.lastError();
      receipt.retryAfterSeconds = delivery.retry_after_seconds;
    }
  } catch (const std::exception& e) {
    receipt.status = CallStatus::kFailed;
    receipt.error = e.what();
  }
  return receipt;
}

}  // namespace regua::plugin
