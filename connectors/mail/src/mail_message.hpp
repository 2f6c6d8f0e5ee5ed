// A rendered message (regua_message) as an Internet e-mail: From, To, a UTF-8 Subject
// (RFC 2047), text and HTML as multipart/alternative in quoted-printable, and a
// Message-ID derived from the delivery id, so the same delivery always carries the
// same id.
#pragma once

#include <string>

#include <Poco/Net/MailMessage.h>

#include <regua/plugin_api.h>

namespace regua::mail {

struct Sender {
  std::string address;  // required
  std::string name;     // may be empty
};

// Fills `out` (MailMessage is not copyable).
void compose(const regua_message& message, const Sender& from, Poco::Net::MailMessage& out);

// "<regua.{delivery id, made safe}@{domain of the sender}>".
std::string messageId(const std::string& deliveryId, const std::string& senderAddress);

}  // namespace regua::mail
