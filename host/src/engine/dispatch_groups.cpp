#include "engine/dispatch_groups.hpp"

#include <algorithm>
#include <map>
#include <tuple>

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
  return groups;
}

void orderWithinClients(std::vector<DispatchGroup>& groups, const config::PolicySet& policies) {
  auto offsetOf = [&](const DispatchGroup& g) {
    const auto& leader = leaderOf(g, policies);
    const config::Policy* p = policies.byId(leader.policyId);
    const config::Stage* s = p ? p->stage(leader.stageId) : nullptr;
    return s ? s->offset : 0;
  };
  std::stable_sort(groups.begin(), groups.end(), [&](const DispatchGroup& a, const DispatchGroup& b) {
    const auto& x = a.members.front();
    const auto& y = b.members.front();
    return std::make_tuple(x.clientId, x.channel.empty(), -offsetOf(a)) <
           std::make_tuple(y.clientId, y.channel.empty(), -offsetOf(b));
  });
}

Waves::Waves(std::vector<DispatchGroup>& groups) {
  order_.reserve(groups.size());
  std::size_t rank = 0;
  for (std::size_t i = 0; i < groups.size(); ++i) {
    const bool sameClient = i > 0 && groups[i].members.front().clientId == groups[i - 1].members.front().clientId;
    rank = sameClient ? rank + 1 : 0;
    order_.push_back({&groups[i], rank});
  }
  std::stable_sort(order_.begin(), order_.end(), [](const Ranked& a, const Ranked& b) { return a.rank < b.rank; });
}

std::vector<DispatchGroup*> Waves::next(std::size_t size) {
  std::vector<DispatchGroup*> wave;
  const auto alone = [](const Ranked& r) { return !r.group->key.empty(); };
  while (at_ < order_.size() && (wave.empty() || wave.size() < size)) {
    const Ranked& r = order_[at_];
    // A rank holds each client once: a wave never spans two ranks, nor a group claimed before.
    if (!wave.empty() && (alone(r) || r.rank != order_[at_ - 1].rank)) break;
    wave.push_back(r.group);
    ++at_;
    if (alone(r)) break;
  }
  return wave;
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
