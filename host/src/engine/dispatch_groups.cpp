#include "engine/dispatch_groups.hpp"

#include <algorithm>
#include <map>

namespace regua::engine {

std::vector<std::int64_t> DispatchGroup::ids() const {
  std::vector<std::int64_t> out;
  out.reserve(members.size());
  for (const auto& m : members) out.push_back(m.id);
  return out;
}

std::string DispatchGroup::claimKey() const {
  const auto all = ids();
  return "d" + std::to_string(*std::min_element(all.begin(), all.end()));
}

std::vector<DispatchGroup> groupIntents(std::vector<store::IntentRecord> due, const ActionTraitsOf& traitsOf) {
  std::vector<DispatchGroup> groups;
  std::map<std::string, std::size_t> byKey;
  std::map<std::string, bool> onePerClient;  // by action
  for (auto& intent : due) {
    auto known = onePerClient.find(intent.action);
    if (known == onePerClient.end()) {
      known = onePerClient.emplace(intent.action, traitsOf(intent.action).oneCallPerClient).first;
    }
    const std::string stage = known->second ? "" : intent.policyId + "/" + intent.stageId + "/";
    const std::string groupKey = !intent.dispatchKey.empty()
                                     ? "k:" + intent.dispatchKey
                                     : "c:" + std::to_string(intent.clientId) + "/" + intent.action + "/" + stage +
                                           intent.channel;
    auto [at, inserted] = byKey.emplace(groupKey, groups.size());
    if (inserted) groups.push_back(DispatchGroup{{}, intent.dispatchKey});
    groups[at->second].members.push_back(std::move(intent));
  }
  // A client's messages go before its other actions: a task that speaks of a stage's
  // message waits for it (DispatchGates), and should not wait for the next pass.
  // The batch comes by client already; within one client, messages first.
  std::stable_sort(groups.begin(), groups.end(), [](const DispatchGroup& a, const DispatchGroup& b) {
    const auto& x = a.members.front();
    const auto& y = b.members.front();
    return std::make_pair(x.clientId, x.channel.empty()) < std::make_pair(y.clientId, y.channel.empty());
  });
  return groups;
}

const store::IntentRecord& leaderOf(const DispatchGroup& group, const config::PolicySet& policies) {
  auto offsetOf = [&](const store::IntentRecord& i) {
    const config::Policy* p = policies.byId(i.policyId);
    const config::Stage* s = p ? p->stage(i.stageId) : nullptr;
    return s ? s->offset : 0;
  };
  const store::IntentRecord* leader = &group.members.front();
  for (const auto& m : group.members) {
    if (offsetOf(m) > offsetOf(*leader)) leader = &m;
  }
  return *leader;
}

const config::ActionSpec* actionSpecOf(const store::IntentRecord& leader, const config::PolicySet& policies) {
  const config::Policy* policy = policies.byId(leader.policyId);
  const config::Stage* stage = policy ? policy->stage(leader.stageId) : nullptr;
  if (stage == nullptr) return nullptr;
  const config::ActionSpec* spec = nullptr;
  for (const auto& action : stage->actions) {
    if (action.name == leader.action) spec = &action;
  }
  return spec;
}

}  // namespace regua::engine
