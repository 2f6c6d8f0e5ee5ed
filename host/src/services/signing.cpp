#include "services/signing.hpp"

#include <sodium.h>

namespace regua::services {

Mac hmacSha256(std::string_view key, std::string_view message) {
  Mac mac{};
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(key.data()), key.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(message.data()), message.size());
  crypto_auth_hmacsha256_final(&state, mac.data());
  return mac;
}

std::string toHex(const Mac& mac) {
  char hex[sizeof(Mac) * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, mac.data(), mac.size());
  return hex;
}

std::string toBase64Url(const Mac& mac) {
  constexpr int kVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  char text[sodium_base64_ENCODED_LEN(sizeof(Mac), kVariant)];
  sodium_bin2base64(text, sizeof text, mac.data(), mac.size(), kVariant);
  return text;
}

bool sameMac(const Mac& mac, std::string_view base64Url) {
  Mac given{};
  std::size_t length = 0;
  if (sodium_base642bin(given.data(), given.size(), base64Url.data(), base64Url.size(), nullptr, &length, nullptr,
                        sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
      length != given.size()) {
    return false;
  }
  return sodium_memcmp(mac.data(), given.data(), mac.size()) == 0;
}

}  // namespace regua::services
