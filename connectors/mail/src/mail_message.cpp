#include "mail_message.hpp"

#include <Poco/Net/MultipartWriter.h>
#include <Poco/Net/StringPartSource.h>
#include <Poco/Timestamp.h>

#include <regua/value.hpp>

namespace regua::mail {

std::string messageId(const std::string& deliveryId, const std::string& senderAddress) {
  std::string id = "regua.";
  for (char c : deliveryId) {
    const bool safe = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' || c == '.';
    id += safe ? c : '.';
  }
  const auto at = senderAddress.find('@');
  return "<" + id + "@" + (at == std::string::npos ? std::string("regua.local") : senderAddress.substr(at + 1)) + ">";
}

void compose(const regua_message& m, const Sender& from, Poco::Net::MailMessage& out) {
  using Poco::Net::MailMessage;
  const std::string to(view(m.to)), toName(view(m.to_name));
  out.setSender(from.name.empty() ? from.address
                                  : MailMessage::encodeWord(from.name, "UTF-8") + " <" + from.address + ">");
  out.addRecipient(Poco::Net::MailRecipient(Poco::Net::MailRecipient::PRIMARY_RECIPIENT, to,
                                            toName.empty() ? "" : MailMessage::encodeWord(toName, "UTF-8")));
  out.setSubject(MailMessage::encodeWord(std::string(view(m.subject)), "UTF-8"));
  out.setDate(Poco::Timestamp());
  out.set("Message-ID", messageId(std::string(view(m.delivery_id)), from.address));
  const std::string text(view(m.text)), html(view(m.html));
  if (html.empty()) {
    out.setContentType("text/plain; charset=UTF-8");
    out.addContent(new Poco::Net::StringPartSource(text, "text/plain; charset=UTF-8"),
                   MailMessage::ENCODING_QUOTED_PRINTABLE);
    return;
  }
  out.setContentType("multipart/alternative");
  out.addPart("", new Poco::Net::StringPartSource(text, "text/plain; charset=UTF-8"), MailMessage::CONTENT_INLINE,
              MailMessage::ENCODING_QUOTED_PRINTABLE);
  out.addPart("", new Poco::Net::StringPartSource(html, "text/html; charset=UTF-8"), MailMessage::CONTENT_INLINE,
              MailMessage::ENCODING_QUOTED_PRINTABLE);
}

}  // namespace regua::mail
