// HMAC-SHA256 (libsodium) for what Régua signs: webhook deliveries and client links.
#pragma once

#include <array>
#include <string>
#include <string_view>

namespace regua::services {

using Mac = std::array<unsigned char, 32>;

Mac hmacSha256(std::string_view key, std::string_view message);
std::string toHex(const Mac& mac);
// URL-safe base64 without padding (43 characters), for links.
std::string toBase64Url(const Mac& mac);
// Compares in constant time, so a forger learns nothing from how long a refusal took.
bool sameMac(const Mac& mac, std::string_view base64Url);

}  // namespace regua::services
