// The office's message templates, shared by the reminders and negotiation plugins (Mustache, kainjow/mustache) and the data they are
// rendered with. Files in the templates directory, per template name and channel:
//   <name>.email.subject.mustache  <name>.email.txt.mustache  <name>.email.html.mustache
//   <name>.sms.mustache            <name>.whatsapp.mustache (falls back to sms)
// Compiled once and kept: rendering is per message, parsing is not.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <regua/plugin.hpp>
#include <regua/value.hpp>

#include "offers.hpp"
#include "open_items.hpp"
#include "template_files.hpp"

namespace regua::messages {

using templates::Data;
using templates::ItemView;

struct Office {
  std::string name, email, phone, city;
};
// The `office` keys of the plugin's config section (name, email, phone, city).
Office officeFrom(const Host& host);

// Everything a template may use; `variables()` lists the names for error messages.
struct MessageView {
  std::string clientName;
  Office office;
  Date asOf;
  std::vector<ItemView> items;
  std::string pixCode;  // copy-and-paste for the updated total; empty when no key is set
  templates::OfferList offers;  // agreement offers, when the policy negotiates
};
Data toData(const MessageView& view);
const std::vector<std::string>& variables();

// What one message is made of on a channel.
struct Rendered {
  std::string subject, text, html;
};

class TemplateSet {
 public:
  explicit TemplateSet(std::string dir) : files_(std::move(dir)) {}
  // Renders template `name` for `channel`; throws std::runtime_error naming the file
  // when it is missing or broken.
  Rendered render(const std::string& name, const std::string& channel, const Data& data);
  // Every problem with template `name`: missing files, syntax errors, variables the
  // data does not have. Empty when it renders on every channel.
  std::vector<std::string> check(const std::string& name);
  bool exists(const std::string& name) const;

 private:
  templates::TemplateFiles files_;
};

// Hands a rendered message for the intent's address to the host (send_message, one
// delivery per intent and channel) and turns the answer into the action's outcome.
ActionOutcome deliver(const Host& host, const Intent& intent, const std::string& channel,
                      const std::string& templateName, const Rendered& rendered);

}  // namespace regua::messages
