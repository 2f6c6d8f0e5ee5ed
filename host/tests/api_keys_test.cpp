// API keys: made once, kept as a hash, checked with the slow hash once per process.
#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "services/api_keys.hpp"
#include "test_database.hpp"

namespace regua::services {
namespace {

using regua::testing::TestDatabase;

TEST(ApiKeys, ManyFirstRequestsWithANewKeyRunTheSlowHashOnce) {
  TestDatabase test(store::Backend::kSqlite);
  auto db = store::Database::open(test.url());
  const auto made = createApiKey(*db, "integracao-erp", "integracao");
  ApiKeyVerifier verifier;

  constexpr int kClients = 8;  // a client opening its connections at once
  std::vector<ApiKeyVerifier::Outcome> outcomes(kClients);
  std::vector<std::thread> threads;
  for (int i = 0; i < kClients; ++i) {
    threads.emplace_back([&, i] {
      auto own = store::Database::open(test.url());  // one connection per worker, as serve has
      ApiCaller caller;
      outcomes[i] = verifier.verify(*own, made.key, caller);
    });
  }
  for (auto& thread : threads) thread.join();

  for (const auto outcome : outcomes) EXPECT_EQ(outcome, ApiKeyVerifier::Outcome::kOk);
  EXPECT_EQ(verifier.slowChecks(), 1u) << "the others waited for the first check and found the key remembered";

  ApiCaller caller;
  std::string forged = made.key;
  forged.back() = forged.back() == '0' ? '1' : '0';
  EXPECT_EQ(verifier.verify(*db, forged, caller), ApiKeyVerifier::Outcome::kUnknown);
  EXPECT_EQ(verifier.slowChecks(), 2u) << "a wrong secret is never taken for the remembered one";
  revokeApiKey(*db, "integracao-erp");
  EXPECT_EQ(verifier.verify(*db, made.key, caller), ApiKeyVerifier::Outcome::kRevoked);
}

}  // namespace
}  // namespace regua::services
