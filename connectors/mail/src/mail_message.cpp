#include "mail_message.hpp"

#include <sstream>

#include <Poco/Base64Encoder.h>
#include <Poco/Net/MessageHeader.h>
#include <Poco/Net/MultipartWriter.h>
#include <Poco/Net/QuotedPrintableEncoder.h>
#include <Poco/Net/StringPartSource.h>
#include <Poco/Timestamp.h>

#include <regua/plugin.hpp>
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

namespace {

// multipart/related: the HTML and the images it shows as cid:CONTENT_ID, each part
// already encoded (quoted-printable, base64), so the whole goes out as 7-bit.
std::string relatedBody(const std::string& html, const regua_inline_image* images, std::uint32_t count,
                        std::string& boundary) {
  std::ostringstream body;
  Poco::Net::MultipartWriter writer(body);
  boundary = writer.boundary();
  Poco::Net::MessageHeader htmlHeader;
  htmlHeader.set("Content-Type", "text/html; charset=UTF-8");
  htmlHeader.set("Content-Transfer-Encoding", "quoted-printable");
  writer.nextPart(htmlHeader);
  {
    Poco::Net::QuotedPrintableEncoder encoder(body);
    encoder << html;
    encoder.close();
  }
  for (std::uint32_t i = 0; i < count; ++i) {
    const std::string id(view(images[i].content_id));
    Poco::Net::MessageHeader header;
    header.set("Content-Type", std::string(view(images[i].media_type)));
    header.set("Content-Transfer-Encoding", "base64");
    header.set("Content-ID", "<" + id + ">");
    header.set("Content-Disposition", "inline; filename=\"" + id + ".png\"");
    body << "\r\n";
    writer.nextPart(header);
    Poco::Base64Encoder encoder(body);
    encoder << view(images[i].data);
    encoder.close();
  }
  body << "\r\n";
  writer.close();
  return body.str();
}

}  // namespace

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
  const regua_inline_image* images = declaredField(m, &regua_message::inline_images);
  const std::uint32_t count = images == nullptr ? 0 : declaredField(m, &regua_message::inline_image_count);
  if (count == 0) {
    out.addPart("", new Poco::Net::StringPartSource(html, "text/html; charset=UTF-8"), MailMessage::CONTENT_INLINE,
                MailMessage::ENCODING_QUOTED_PRINTABLE);
    return;
  }
  std::string boundary;
  const std::string related = relatedBody(html, images, count, boundary);
  out.addPart("", new Poco::Net::StringPartSource(related, "multipart/related; boundary=\"" + boundary + "\""),
              MailMessage::CONTENT_INLINE, MailMessage::ENCODING_7BIT);
}

}  // namespace regua::mail
