// The dispatcher's planner, pure: which due intents go out together in one plugin call,
// and which of them leads it.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "config/policy.hpp"
#include "store/intent_repository.hpp"

namespace regua::engine {

// Intents carried out together: one plugin call.
struct DispatchGroup {
  std::vector<store::IntentRecord> members;
  std::string key;  // the dispatch key, once claimed ("" before)

  std::vector<std::int64_t> ids() const;
  // The key a group gets when it is claimed: stable, so a crash re-delivers under it.
  std::string claimKey() const;
};

// What the plugin offering an action declares it to be.
using ActionTraitsOf = std::function<config::ActionTraits(const std::string& action)>;

// Claimed intents group by their key (a retry or a crash repeats the same call); the
// others by client, action and channel, and by stage too unless the action makes one
// call per client (a message listing every open item, not one per stage). Groups keep
// the order of their first member.
std::vector<DispatchGroup> groupIntents(std::vector<store::IntentRecord> due, const ActionTraitsOf& traitsOf);

// Within each client (the batch comes by client): messages first — a stage's other
// actions wait for its message — and the most severe stage first, so when the limits let
// one message out today it is the formal notice, not the friendly reminder.
void orderWithinClients(std::vector<DispatchGroup>& groups, const config::PolicySet& policies);

// The batch's groups handed out in waves: groups carried out one after the other between
// two commits (claimed together, recorded together). A wave holds at most one group per
// client, so a client's later group is admitted after its earlier one was recorded (a
// task reads what became of its stage's message; the limits count today's messages),
// and each client's groups keep their order. A group claimed before this pass — a
// retry, or a crash's re-delivery — goes alone: if calling it killed the host, it spends
// its own attempts and no one else's.
class Waves {
 public:
  explicit Waves(std::vector<DispatchGroup>& groups);  // ordered by orderWithinClients
  // The next wave, of at most `size` groups (at least one); empty once all were given.
  std::vector<DispatchGroup*> next(std::size_t size);

 private:
  struct Ranked {
    DispatchGroup* group;
    std::size_t rank;  // its place among its client's groups
  };
  std::vector<Ranked> order_;  // every client's first group, then every second one, ...
  std::size_t at_ = 0;
};

// The member of the latest stage: its stage and arguments shape the call (the most
// severe template speaks for every item).
const store::IntentRecord& leaderOf(const DispatchGroup& group, const config::PolicySet& policies);

// The policy's spec of the leader's action; null when the policy was edited since.
const config::ActionSpec* actionSpecOf(const store::IntentRecord& leader, const config::PolicySet& policies);

}  // namespace regua::engine
