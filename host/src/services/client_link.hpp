// Links to a client's own page (/c/TOKEN): a token names one client and the day it was
// made, signed with client_page.key, and opens for client_page.valid_days from that day.
// Whoever holds it sees that client's open items and nothing of anyone else's.
//
//   TOKEN = CLIENT_ID "." AAAAMMDD "." base64url(HMAC-SHA256(key, "regua-link-1|" CLIENT_ID "|" AAAAMMDD))
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <regua/value.hpp>

#include "config/host_config.hpp"
#include "services/signing.hpp"

namespace regua::services {

struct LinkTarget {
  std::int64_t clientId = 0;
  Date issued;
  Date lastDay;  // the last day it opens
};

// Why a token does not open: the page says so politely, with a 403.
enum class LinkRefusal { kMalformed, kForged, kExpired };

class ClientLinks {
 public:
  // Throws ServiceError when client_page has no key (links are off).
  explicit ClientLinks(const config::ClientPageConfig& config);

  std::string token(std::int64_t clientId, Date issued) const;
  // base_url + "/c/" + token.
  std::string url(std::int64_t clientId, Date issued) const;
  Date lastDay(Date issued) const { return issued.plusDays(config_.validDays - 1); }

  // The client the token names when it opens on `today`; otherwise why not in `refusal`.
  std::optional<LinkTarget> open(std::string_view token, Date today, LinkRefusal& refusal) const;

 private:
  std::string signedPart(std::int64_t clientId, Date issued) const;
  Mac macOf(std::string_view signedPart) const;  // the one signing rule, for making and checking
  const config::ClientPageConfig& config_;
};

// pt-BR, for the page that refuses the link.
std::string describe(LinkRefusal refusal);

}  // namespace regua::services
