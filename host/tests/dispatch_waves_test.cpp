// How the dispatcher cuts a batch's groups into waves (groups claimed and recorded
// together): one group per client in a wave, each client's groups in order, a group
// claimed before the pass alone.
#include <gtest/gtest.h>

#include "engine/dispatch_groups.hpp"

namespace regua::engine {
namespace {

DispatchGroup groupOf(std::int64_t clientId, std::string action, std::string key = "") {
  store::IntentRecord intent;
  intent.clientId = clientId;
  intent.action = std::move(action);
  intent.dispatchKey = key;
  return DispatchGroup{{intent}, std::move(key)};
}

std::vector<std::string> named(const std::vector<DispatchGroup*>& wave) {
  std::vector<std::string> out;
  for (const auto* g : wave) out.push_back(std::to_string(g->members.front().clientId) + g->members.front().action);
  return out;
}

using Names = std::vector<std::string>;

TEST(DispatchWaves, OneGroupPerClientAWaveAndAGroupClaimedBeforeAlone) {
  // As orderWithinClients leaves them: by client, each client's message before its task.
  std::vector<DispatchGroup> groups{groupOf(1, "remind"), groupOf(1, "task"), groupOf(2, "remind"),
                                    groupOf(3, "remind", "d7"), groupOf(4, "remind"), groupOf(4, "task")};
  Waves waves(groups);
  EXPECT_EQ(named(waves.next(10)), (Names{"1remind", "2remind"}));  // stops before the claimed one
  EXPECT_EQ(named(waves.next(10)), (Names{"3remind"}));
  EXPECT_EQ(named(waves.next(10)), (Names{"4remind"}));
  EXPECT_EQ(named(waves.next(10)), (Names{"1task", "4task"}));  // after their clients' messages
  EXPECT_TRUE(waves.next(10).empty());
}

TEST(DispatchWaves, AWaveHoldsAtMostTheSizeAskedAndAtLeastOneGroup) {
  std::vector<DispatchGroup> groups{groupOf(1, "remind"), groupOf(2, "remind"), groupOf(3, "remind")};
  Waves waves(groups);
  EXPECT_EQ(named(waves.next(2)), (Names{"1remind", "2remind"}));
  EXPECT_EQ(named(waves.next(0)), (Names{"3remind"}));
  EXPECT_TRUE(waves.next(2).empty());
}

}  // namespace
}  // namespace regua::engine
