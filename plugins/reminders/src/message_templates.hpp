// The office's message templates (Mustache, kainjow/mustache) and the data they are
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

#include <kainjow/mustache.hpp>

#include <regua/value.hpp>

namespace regua::reminders {

using Data = kainjow::mustache::data;

// One open item as templates see it.
struct ItemView {
  std::string description;
  Date dueDate;
  Money original, updated, fine, interest, discount;
  int daysLate = 0;
  std::string boletoLine;
};

struct Office {
  std::string name, email, phone, city;
};

// Everything a template may use; `variables()` lists the names for error messages.
struct MessageView {
  std::string clientName;
  Office office;
  Date asOf;
  std::vector<ItemView> items;
  std::string pixCode;  // copy-and-paste for the updated total; empty when no key is set
};
Data toData(const MessageView& view);
const std::vector<std::string>& variables();

// What one message is made of on a channel.
struct Rendered {
  std::string subject, text, html;
};

class TemplateSet {
 public:
  explicit TemplateSet(std::string dir) : dir_(std::move(dir)) {}
  // Renders template `name` for `channel`; throws std::runtime_error naming the file
  // when it is missing or broken.
  Rendered render(const std::string& name, const std::string& channel, const Data& data);
  // Every problem with template `name`: missing files, syntax errors, variables the
  // data does not have. Empty when it renders on every channel.
  std::vector<std::string> check(const std::string& name);
  bool exists(const std::string& name) const;

 private:
  using Compiled = kainjow::mustache::mustache;
  // The compiled file, or null when it does not exist. Throws on a syntax error.
  Compiled* compiled(const std::string& file, bool html);

  std::string dir_;
  std::map<std::string, std::unique_ptr<Compiled>> cache_;  // file -> template (null: absent)
};

}  // namespace regua::reminders
