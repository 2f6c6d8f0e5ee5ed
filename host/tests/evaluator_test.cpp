// The engine's decisions for one receivable, without a store: stage days, conditions,
// catch-up and the once-per-receivable rule.
#include <gtest/gtest.h>

#include "engine/evaluator.hpp"
#include "services/delinquency.hpp"
#include "test_support.hpp"

namespace regua::engine {
namespace {

using testing::TempDir;

class Evaluate : public ::testing::Test {
 protected:
  config::PolicySet load(const std::string& yaml) {
    return config::loadPolicies({dir_.write("p.yaml", "id: p\ndefault: true\n" + yaml)}, {});
  }
  domain::ReceivableFacts facts(Date due, std::int64_t open = 10000) {
    domain::ReceivableFacts f;
    f.receivableId = 1;
    f.dueDate = due;
    f.amount = f.open = Money::fromCentavos(open);
    return f;
  }
  const StageDecision& stage(const Evaluation& e, const std::string& id) {
    for (const auto& d : e.stages) {
      if (d.stage->id == id) return d;
    }
    throw std::runtime_error("no stage " + id);
  }
  TempDir dir_;
  calendar::BusinessCalendar calendar_;
};

TEST_F(Evaluate, BusinessDayStagesSkipCarnaval) {
  const auto policies = load("stages:\n  - {id: a, at: D+1, business_days: true, actions: [{action: remind}]}\n");
  Evaluator evaluator(policies, calendar_, "");
  // Due Friday 13/02/2026; Carnaval is Monday 16 and Tuesday 17: D+1 in bank days is Wednesday 18.
  EXPECT_EQ(evaluator.stageDay(policies.policies()[0].stages[0], Date::fromYmd(2026, 2, 13)), Date::fromYmd(2026, 2, 18));
}

TEST_F(Evaluate, CatchUpFiresTheLatestAndThoseMarkedCatchUp) {
  const auto policies = load(
      "stages:\n"
      "  - {id: a, at: D+1, actions: [{action: remind}]}\n"
      "  - {id: b, at: D+3, catch_up: true, actions: [{action: create_task}]}\n"
      "  - {id: c, at: D+7, actions: [{action: remind}]}\n"
      "  - {id: d, at: D+30, actions: [{action: remind}]}\n");
  Evaluator evaluator(policies, calendar_, "");
  const auto e = evaluator.evaluate(facts(Date::fromYmd(2026, 3, 2)), Date::fromYmd(2026, 3, 12), {});
  EXPECT_EQ(stage(e, "a").verdict, Verdict::kSkipCatchUp);
  EXPECT_EQ(stage(e, "b").verdict, Verdict::kFire);
  EXPECT_EQ(stage(e, "c").verdict, Verdict::kFire);
  EXPECT_EQ(stage(e, "d").verdict, Verdict::kNotYet);
  EXPECT_EQ(e.daysLate, 10);

  // Recorded stages never fire again, and an earlier stage not yet recorded is skipped.
  const auto after = evaluator.evaluate(facts(Date::fromYmd(2026, 3, 2)), Date::fromYmd(2026, 3, 13),
                                        {{"c", "remind"}, {"b", "create_task"}});
  EXPECT_EQ(stage(after, "c").verdict, Verdict::kFired);
  EXPECT_EQ(stage(after, "a").verdict, Verdict::kSkipCatchUp);
}

TEST_F(Evaluate, PreDueStagesAreNotSentAfterTheDueDate) {
  const auto policies = load("stages:\n  - {id: antes, at: D-5, actions: [{action: remind}]}\n");
  Evaluator evaluator(policies, calendar_, "");
  // Due Saturday 07/03/2026: payable without charges until Monday 09/03 (Lei 7.089/1983).
  const auto onTime = evaluator.evaluate(facts(Date::fromYmd(2026, 3, 7)), Date::fromYmd(2026, 3, 9), {});
  EXPECT_EQ(stage(onTime, "antes").verdict, Verdict::kFire);
  EXPECT_EQ(onTime.daysLate, 0);
  const auto late = evaluator.evaluate(facts(Date::fromYmd(2026, 3, 7)), Date::fromYmd(2026, 3, 10), {});
  EXPECT_EQ(stage(late, "antes").verdict, Verdict::kSkipCatchUp);
  EXPECT_EQ(late.daysLate, 3);  // counted from the original due date
}

// Due Friday 20/11/2026, Dia da Consciência Negra (a national holiday): payable without
// charges on Monday 23/11 (Lei 7.089/1983), so late only from Tuesday 24/11.
TEST_F(Evaluate, ALateStageWaitsUntilTheReceivableIsLateByLaw) {
  const auto policies = load(
      "stages:\n"
      "  - {id: antes, at: D-3, actions: [{action: remind}]}\n"
      "  - {id: vence-hoje, at: D0, actions: [{action: remind}]}\n"
      "  - {id: atraso, at: D+3, actions: [{action: remind}]}\n");
  Evaluator evaluator(policies, calendar_, "");
  const Date due = Date::fromYmd(2026, 11, 20);
  const auto holiday = evaluator.evaluate(facts(due), due, {});
  EXPECT_EQ(stage(holiday, "vence-hoje").verdict, Verdict::kNotYet) << "D0 is the day it can be paid, not the holiday";
  EXPECT_EQ(stage(holiday, "vence-hoje").day, Date::fromYmd(2026, 11, 23));

  const auto monday = evaluator.evaluate(facts(due), Date::fromYmd(2026, 11, 23), {{"antes", "remind"}});
  EXPECT_EQ(stage(monday, "vence-hoje").verdict, Verdict::kFire);
  EXPECT_EQ(stage(monday, "vence-hoje").why,
            "dia 23/11/2026 (D0), 0 dias de atraso; D0 é o dia em que vence de fato: vencimento 20/11/2026 sem "
            "expediente bancário, pagável sem encargos até 23/11/2026 pela Lei 7.089/1983");
  EXPECT_EQ(stage(monday, "atraso").verdict, Verdict::kNotYet) << "0 days late: no late notice";
  EXPECT_EQ(stage(monday, "atraso").why,
            "dispara em 24/11/2026: D+3 caía em 23/11/2026, mas o título só está em atraso a partir de 24/11/2026 "
            "(vencimento 20/11/2026 sem expediente bancário, pagável sem encargos até 23/11/2026 pela Lei 7.089/1983)");

  const auto tuesday = evaluator.evaluate(facts(due), Date::fromYmd(2026, 11, 24), {{"antes", "remind"}, {"vence-hoje", "remind"}});
  EXPECT_EQ(stage(tuesday, "atraso").verdict, Verdict::kFire);
  EXPECT_EQ(tuesday.daysLate, 4);
}

TEST_F(Evaluate, GraceDaysPostponeLateStagesToo) {
  const auto policies = load("penalties: {fine_percent: 2, grace_days: 5}\n"
                             "stages:\n  - {id: atraso, at: D+1, actions: [{action: remind}]}\n");
  Evaluator evaluator(policies, calendar_, "");
  const Date due = Date::fromYmd(2026, 3, 2);  // a Monday
  EXPECT_EQ(stage(evaluator.evaluate(facts(due), Date::fromYmd(2026, 3, 7), {}), "atraso").verdict, Verdict::kNotYet);
  const auto late = evaluator.evaluate(facts(due), Date::fromYmd(2026, 3, 8), {});
  EXPECT_EQ(stage(late, "atraso").verdict, Verdict::kFire);
  EXPECT_NE(stage(late, "atraso").why.find("5 dias de tolerância"), std::string::npos) << stage(late, "atraso").why;
}

TEST_F(Evaluate, ConditionsSayWhyTheyDoNotHold) {
  const auto policies = load(
      "stages:\n"
      "  - id: pf\n    at: D+1\n    when: {kind: person, amount: {min: \"200,00\"}}\n    actions: [{action: remind}]\n"
      "  - id: repetido\n    at: D+2\n    catch_up: true\n    when: {delay: repeat}\n    actions: [{action: remind}]\n"
      "  - id: pausa\n    at: D+3\n    catch_up: true\n    when: {tags_none: [vip]}\n    actions: [{action: pause}]\n");
  Evaluator evaluator(policies, calendar_, "");
  auto f = facts(Date::fromYmd(2026, 3, 2), 15000);
  f.tags = {"vip"};
  const auto e = evaluator.evaluate(f, Date::fromYmd(2026, 3, 5), {});
  EXPECT_EQ(stage(e, "pf").verdict, Verdict::kNotApplicable);
  EXPECT_EQ(stage(e, "pf").why, "valor em aberto abaixo de R$ 200,00");
  EXPECT_EQ(stage(e, "repetido").why, "é o primeiro atraso do cliente");
  EXPECT_EQ(stage(e, "pausa").why, "o cliente tem a etiqueta vip");

  f.otherDelays = true;
  f.tags.clear();
  f.pausedUntil = Date::fromYmd(2026, 3, 10);
  const auto paused = evaluator.evaluate(f, Date::fromYmd(2026, 3, 5), {});
  EXPECT_EQ(stage(paused, "repetido").verdict, Verdict::kPaused);
}

}  // namespace
}  // namespace regua::engine

namespace regua::services {
namespace {

TEST(AgingBucket, BoundariesFollowTheReport) {
  EXPECT_EQ(agingBucket(1), "1-5");
  EXPECT_EQ(agingBucket(5), "1-5");
  EXPECT_EQ(agingBucket(6), "6-30");
  EXPECT_EQ(agingBucket(30), "6-30");
  EXPECT_EQ(agingBucket(31), "31-60");
  EXPECT_EQ(agingBucket(60), "31-60");
  EXPECT_EQ(agingBucket(61), "61-90");
  EXPECT_EQ(agingBucket(90), "61-90");
  EXPECT_EQ(agingBucket(91), "90+");
}

}  // namespace
}  // namespace regua::services

#include "engine/contact_rules.hpp"
#include "engine/dispatcher.hpp"

namespace regua::engine {
namespace {

domain::Client clientWith(std::vector<domain::Contact> contacts, std::string preferred = "") {
  domain::Client c;
  c.name = "Maria da Silva";
  c.preferredChannel = std::move(preferred);
  c.contacts = std::move(contacts);
  return c;
}

TEST(ContactRules, TheStagesChannelFirstThenFallbacksSkippingOptOuts) {
  const auto all = [](const std::string&) { return true; };
  auto c = clientWith({{"email", "maria@example.com", "", "", false, false, ""}, {"whatsapp", "+5511987654321", "", "", false, false, ""}});
  EXPECT_EQ(chooseContact(c, "email", "email", all).address, "maria@example.com");
  EXPECT_EQ(chooseContact(c, "whatsapp", "email", all).address, "+5511987654321");
  // An opted-out address, or a channel the client refused, is skipped.
  c.contacts[0].optedOut = true;
  EXPECT_EQ(chooseContact(c, "email", "email", all).channel, "whatsapp");
  c.contacts[0].optedOut = false;
  c.optedOutChannels = {"email"};
  EXPECT_EQ(chooseContact(c, "email", "email", all).channel, "whatsapp");
  // The payment contact wins among addresses of one channel.
  auto two = clientWith({{"email", "socio@example.com", "", "", false, false, ""}, {"email", "financeiro@example.com", "Ana", "", true, false, ""}});
  const auto chosen = chooseContact(two, "email", "email", all);
  EXPECT_EQ(chosen.address, "financeiro@example.com");
  EXPECT_EQ(chosen.name, "Ana");
  // A channel with a connector loaded wins over one without.
  auto sms = clientWith({{"sms", "+5511987654321", "", "", false, false, ""}, {"email", "maria@example.com", "", "", false, false, ""}});
  EXPECT_EQ(chooseContact(sms, "sms", "sms", [](const std::string& ch) { return ch == "email"; }).channel, "email");
  // Nothing usable: the stage's channel and no address (the plugin says why).
  const auto none = chooseContact(clientWith({}), "email", "email", all);
  EXPECT_EQ(none.channel, "email");
  EXPECT_TRUE(none.address.empty());
}

// A bounce retires an address on the channel whose server refused it; an opt-out (the
// person's own request, LGPD) stops every channel that uses the address.
TEST(ContactRules, ABounceRetiresOneChannelAnOptOutTheWholeAddress) {
  const auto all = [](const std::string&) { return true; };
  auto c = clientWith({{"whatsapp", "+5511987654321", "", "", false, false, ""},
                       {"sms", "+5511987654321", "", "", false, false, ""},
                       {"email", "maria@example.com", "", "", false, false, ""}});
  c.contacts[0].bounced = true;  // not on WhatsApp
  auto chosen = chooseContact(c, "whatsapp", "email", all);
  EXPECT_EQ(chosen.channel, "email") << "the stage's channel is out; the next in order is the policy's";
  chosen = chooseContact(c, "sms", "email", all);
  EXPECT_EQ(chosen.channel, "sms");
  EXPECT_EQ(chosen.address, "+5511987654321") << "the same number still takes SMS";
  c.contacts[0].bounced = false;
  c.contacts[0].optedOut = true;  // "não me mande mensagens neste número"
  chosen = chooseContact(c, "sms", "sms", all);
  EXPECT_EQ(chosen.channel, "email") << "an opt-out covers the number on every channel";
}

}  // namespace
}  // namespace regua::engine
