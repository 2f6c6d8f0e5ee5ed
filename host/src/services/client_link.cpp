#include "services/client_link.hpp"

#include <charconv>

#include "services/service_error.hpp"
#include "services/signing.hpp"

namespace regua::services {

namespace {

std::string compactDay(Date day) {
  std::string iso = day.iso();
  return iso.substr(0, 4) + iso.substr(5, 2) + iso.substr(8, 2);
}

std::optional<Date> parseCompactDay(std::string_view text) {
  if (text.size() != 8) return std::nullopt;
  return Date::parseIso(std::string(text.substr(0, 4)) + "-" + std::string(text.substr(4, 2)) + "-" +
                        std::string(text.substr(6, 2)));
}

}  // namespace

ClientLinks::ClientLinks(const config::ClientPageConfig& config) : config_(config) {
  if (!config_.enabled()) {
    throw ServiceError(ServiceError::Kind::kRefused,
                       "os links dos clientes estão desligados: acrescente client_page (base_url e key) em regua.yaml");
  }
}

std::string ClientLinks::signedPart(std::int64_t clientId, Date issued) const {
  return std::to_string(clientId) + "." + compactDay(issued);
}

Mac ClientLinks::macOf(std::string_view signedPart) const {
  return hmacSha256(config_.key, "regua-link-1|" + std::string(signedPart));
}

std::string ClientLinks::token(std::int64_t clientId, Date issued) const {
  const std::string part = signedPart(clientId, issued);
  return part + "." + toBase64Url(macOf(part));
}

std::string ClientLinks::url(std::int64_t clientId, Date issued) const {
  return config_.baseUrl + "/c/" + token(clientId, issued);
}

std::optional<LinkTarget> ClientLinks::open(std::string_view token, Date today, LinkRefusal& refusal) const {
  refusal = LinkRefusal::kMalformed;
  const auto firstDot = token.find('.');
  const auto secondDot = firstDot == std::string_view::npos ? firstDot : token.find('.', firstDot + 1);
  if (secondDot == std::string_view::npos || token.size() > 128) return std::nullopt;
  LinkTarget target;
  const std::string_view idText = token.substr(0, firstDot);
  const auto [end, error] = std::from_chars(idText.data(), idText.data() + idText.size(), target.clientId);
  const auto issued = parseCompactDay(token.substr(firstDot + 1, secondDot - firstDot - 1));
  if (error != std::errc() || end != idText.data() + idText.size() || target.clientId <= 0 || !issued) return std::nullopt;
  target.issued = *issued;
  target.lastDay = lastDay(*issued);
  // Signed over the canonical text, so "007" and "7" are not two tokens for one client.
  if (signedPart(target.clientId, target.issued) != token.substr(0, secondDot) ||
      !sameMac(macOf(token.substr(0, secondDot)),
               token.substr(secondDot + 1))) {
    refusal = LinkRefusal::kForged;
    return std::nullopt;
  }
  if (today > target.lastDay || today < target.issued) {
    refusal = LinkRefusal::kExpired;
    return std::nullopt;
  }
  return target;
}

std::string describe(LinkRefusal refusal) {
  switch (refusal) {
    case LinkRefusal::kMalformed: return "Este endereço não é um link de pagamento válido.";
    case LinkRefusal::kForged: return "Este link não foi gerado pelo escritório ou foi alterado.";
    case LinkRefusal::kExpired: return "Este link expirou.";
  }
  return "";
}

}  // namespace regua::services
