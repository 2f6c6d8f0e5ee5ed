// The office's collection policy (the régua), read from config/policies/*.yaml: stages at
// offsets from the due date, each with conditions and actions, plus penalties, sending
// windows and message limits. Loading validates everything and reports every problem
// at file:line:column (see config/policy.schema.json for the format).
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <set>
#include <string_view>
#include <string>
#include <utility>
#include <vector>

#include <regua/value.hpp>

#include "domain/document.hpp"
#include "domain/payment_profile.hpp"

namespace regua::config {

enum class DayCount { kCalendar, kBusiness };

// Whether the receivable is the client's first delay or one more.
enum class DelayKind { kAny, kFirst, kRepeat };

// What a stage asks of a receivable and its client before it fires. Empty lists and
// absent bounds match everything.
struct Conditions {
  std::optional<domain::PartyKind> kind;
  std::vector<std::string> segments;  // any of
  std::vector<std::string> tagsAny, tagsAll, tagsNone;
  std::optional<Money> amountMin, amountMax;  // on what is still open
  std::optional<int> daysLateMin, daysLateMax;
  std::vector<domain::PaymentProfileKind> profiles;  // any of
  DelayKind delay = DelayKind::kAny;

  bool usesTags() const { return !tagsAny.empty() || !tagsAll.empty() || !tagsNone.empty(); }
  bool usesHistory() const { return !profiles.empty() || delay != DelayKind::kAny; }
};

// What the plugin offering an action says it is (ABI 1.8 action flags).
struct ActionTraits {
  bool sendsMessage = false;      // channel, contact rules, sending window, message limits
  bool oneCallPerClient = false;  // one call covers the client's due items across stages
};

// One action of a stage. `channel` is the stage's own choice for a message action; the
// other keys are the plugin's arguments.
struct ActionSpec {
  std::string name;
  std::string channel;  // "" when the stage leaves it to the client's and the policy's
  std::vector<std::pair<std::string, std::string>> args;
  int line = 0;
  ActionTraits traits;  // from the plugin that offers it, when one was loaded
  // The built-in actions' arguments, checked when the policy loads.
  int pauseDays = 30;                 // pause: {days: N}
  std::string flagTag = "sinalizado"; // flag: {tag: NAME}
};

// The events an `on:` stage fires on, instead of a day.
inline constexpr const char* kPromiseBroken = "promise_broken";  // no payment by the day after a promise

struct Stage {
  std::string id;          // the key that makes it fire once: stable across edits
  std::string event;       // fires on this event (kPromiseBroken) instead of a day; "" = by offset
  int offset = 0;          // days from the due date (D-5 = -5)
  DayCount dayCount = DayCount::kCalendar;
  bool catchUp = false;    // fire even when a later stage is already due
  Conditions when;
  std::vector<ActionSpec> actions;
  int line = 0;

  std::string offsetText() const;  // "D-5", "D0", "D+3", "D+3 úteis"
};

// When messages may go out. Times are the office's local time, in minutes after midnight.
struct SendingWindow {
  std::array<bool, 7> days{false, true, true, true, true, true, false};  // Sunday = 0
  int fromMinute = 8 * 60;
  int toMinute = 18 * 60;
  bool holidays = false;  // send on bank holidays too
};

struct MessageLimits {
  int minGapDays = 0;  // between collection messages to the same client; 0 = no limit
  int maxPerWeek = 0;  // collection messages in any 7 days; 0 = no limit
};

struct Policy {
  std::string id;
  std::string name;
  std::filesystem::path file;
  bool isDefault = false;
  std::vector<std::string> segments;  // clients of these segments use it
  std::vector<std::string> clients;   // and these clients (external ids)
  bool forAgreements = false;         // collects the installments of agreements that name it
  std::string defaultChannel = "email";
  // The penalties section, flattened to dotted keys, as the quote plugin receives it.
  std::vector<std::pair<std::string, std::string>> penalties;
  // penalties.grace_days: days after the effective due date that still carry no charges.
  // The quote plugin checks the section; the engine reads this one number because a
  // receivable is not late, and gets no late notice, before they pass.
  int graceDays = 0;
  // The negotiation section, flattened the same way (regua/negotiation.hpp reads it);
  // empty: no agreements under this policy.
  std::vector<std::pair<std::string, std::string>> negotiation;
  SendingWindow window;
  MessageLimits limits;
  std::vector<Stage> stages;  // in offset order

  const Stage* stage(const std::string& id) const;
  // The stage that fires on `event`, if the policy has one.
  const Stage* stageOn(std::string_view event) const;
};

// What a policy may refer to, beyond its own file.
struct PolicyContext {
  // Actions some loaded plugin registers, plus the host's own. Empty set = do not
  // check (the engine checks at dispatch time instead).
  std::set<std::string> knownActions;
  // The quote plugin's verdict on a `penalties` section: "" when it accepts it, else
  // why not. Unset = do not check.
  std::function<std::string(const std::vector<std::pair<std::string, std::string>>&)> checkPenalties;
  // The action plugin's verdict on one action's arguments: "" when fine, nothing when
  // the plugin has no check.
  std::function<std::optional<std::string>(const std::string&, const std::vector<std::pair<std::string, std::string>>&)>
      checkAction;
  // Whether the plugin offering an action has a `template:`: "" when it has, the
  // plugin's reason when not, nothing when it cannot tell.
  std::function<std::optional<std::string>(const std::string& action, const std::string& name)> checkTemplate;
  // What the plugin offering an action declares it to be; unset = nothing known.
  std::function<ActionTraits(const std::string& action)> actionTraits;
};

// The channels a message can go out on: "email", "sms", "whatsapp".
bool isMessageChannel(std::string_view channel);

// Actions the host carries out itself: `pause` (the client's collection, `days`, 30 by
// default) and `flag` (tags the client, `tag`, "sinalizado" by default).
inline const std::set<std::string>& builtinActions() {
  static const std::set<std::string> names{"flag", "pause"};
  return names;
}

class PolicySet {
 public:
  PolicySet() = default;
  explicit PolicySet(std::vector<Policy> policies);

  const std::vector<Policy>& policies() const { return policies_; }
  const Policy* byId(const std::string& id) const;
  // The policy that governs a client's receivable: the receivable's own policy id,
  // else one naming the client, else one naming its segment, else the default.
  const Policy* select(const std::string& receivablePolicy, const std::string& clientExternalId,
                       const std::string& segment) const;
  std::size_t stageCount() const;

 private:
  std::vector<Policy> policies_;
};

// Reads and validates policy files. Throws ConfigError listing every problem in
// every file (each FILE:LINE:COL: message); across files, ids must be unique and one
// policy must be the default.
PolicySet loadPolicies(const std::vector<std::filesystem::path>& files, const PolicyContext& context);
// Every *.yaml in `dir`, sorted by name.
std::vector<std::filesystem::path> policyFiles(const std::filesystem::path& dir);

// "D-5" -> -5, "D0" -> 0, "D+3" -> 3; nothing for anything else.
std::optional<int> parseOffset(std::string_view text);

}  // namespace regua::config
