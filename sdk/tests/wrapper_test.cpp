// The C++ wrapper seen from the host's side of the C ABI: what the descriptor says, how
// exceptions become statuses, and that out-structs are written only within their size.
#include <regua/plugin.hpp>

#include <gtest/gtest.h>

namespace {

struct Multi {
  static constexpr const char* kActionNames[] = {"a", nullptr};
  static constexpr const char* kChannelNames[] = {"email", nullptr};
  explicit Multi(regua::Host host) {
    if (host.config("reject")) throw regua::ConfigError("reject foi pedido");
    if (host.config("explode")) throw 42;  // not a std::exception
  }
  regua::ActionOutcome execute(const regua::Intent& i) {
    if (i.action() == "retry") return regua::ActionOutcome::retryAfter(60, "depois");
    if (i.action() == "throw-retry") throw regua::RetryLater("fila cheia", 5);
    return regua::ActionOutcome::done("ref-" + std::string(i.intentId()), "ok");
  }
  regua::Quote quote(const regua::QuoteRequest& r) {
    regua::Quote q;
    q.principal = regua::Money::fromAbi(r.principal);
    q.fine = regua::Money::fromCentavos(200);
    q.total = q.principal + q.fine;
    q.notes = "multa limitada";
    return q;
  }
  regua::Delivery send(const regua::Message&) { throw regua::RetryLater("smtp fora", 120); }
};

struct ListenerOnly {
  explicit ListenerOnly(regua::Host) {}
  void onEvent(const regua::Event&) {}
};

using MultiExports = regua::detail::Exports<Multi>;

// A host services table answering config_get from a fixed key.
struct FakeHost {
  static std::int32_t get(regua_host_context* ctx, regua_str path, regua_str* value) {
    const auto* key = reinterpret_cast<const char*>(ctx);
    if (regua::view(path) != key) return 0;
    *value = regua::abiStr("1");
    return 1;
  }
  static regua_host_services services() {
    regua_host_services s{};
    s.struct_size = sizeof s;
    s.abi_major = REGUA_ABI_MAJOR;
    s.abi_minor = REGUA_ABI_MINOR;
    s.config_get = &get;
    return s;
  }
};

TEST(Wrapper, DescriptorListsDetectedCapabilities) {
  const auto d = MultiExports::describe("br.test.multi", "1.0.0", "multi");
  EXPECT_EQ(d.struct_size, sizeof(regua_plugin_descriptor));
  EXPECT_EQ(d.abi_major, REGUA_ABI_MAJOR);
  EXPECT_EQ(d.abi_minor, REGUA_ABI_MINOR);
  EXPECT_EQ(d.capabilities, REGUA_CAP_ACTION | REGUA_CAP_QUOTE | REGUA_CAP_CHANNEL);
  ASSERT_NE(d.action, nullptr);
  EXPECT_STREQ(d.action->action_names[0], "a");
  EXPECT_STREQ(d.channel->channel_names[0], "email");
  EXPECT_EQ(d.source, nullptr);
  EXPECT_EQ(d.task_sink, nullptr);
  EXPECT_EQ(d.listener, nullptr);

  const auto l = regua::detail::Exports<ListenerOnly>::describe("br.test.l", "1", nullptr);
  EXPECT_EQ(l.capabilities, REGUA_CAP_LISTENER);
  EXPECT_EQ(l.action, nullptr);
}

TEST(Wrapper, CreateFailuresBecomeStatusesAndLastErrorOfNull) {
  const auto services = FakeHost::services();
  regua_instance* out = reinterpret_cast<regua_instance*>(0x1);
  char reject[] = "reject";
  EXPECT_EQ(MultiExports::create(&services, reinterpret_cast<regua_host_context*>(reject), &out),
            REGUA_ERROR_CONFIG);
  EXPECT_EQ(out, nullptr);
  EXPECT_STREQ(MultiExports::lastError(nullptr), "reject foi pedido");

  char explode[] = "explode";
  EXPECT_EQ(MultiExports::create(&services, reinterpret_cast<regua_host_context*>(explode), &out), REGUA_ERROR);
  EXPECT_STREQ(MultiExports::lastError(nullptr), "exceção desconhecida (não derivada de std::exception)");
}

class WrapperInstance : public ::testing::Test {
 protected:
  void SetUp() override {
    char none[] = "none";
    ASSERT_EQ(MultiExports::create(&services_, reinterpret_cast<regua_host_context*>(none), &self_), REGUA_OK);
  }
  void TearDown() override { MultiExports::destroy(self_); }
  regua_status execute(const char* action, regua_action_result& result) {
    regua_intent intent{};
    intent.struct_size = sizeof intent;
    intent.intent_id = regua::abiStr("42");
    intent.action = regua::abiStr(action);
    return MultiExports::execute(self_, &intent, &result);
  }
  regua_host_services services_ = FakeHost::services();
  regua_instance* self_ = nullptr;
};

TEST_F(WrapperInstance, ActionOutcomesMapToStatuses) {
  regua_action_result result{};
  result.struct_size = sizeof result;
  EXPECT_EQ(execute("a", result), REGUA_OK);
  EXPECT_EQ(regua::view(result.external_ref), "ref-42");

  result = {};
  result.struct_size = sizeof result;
  EXPECT_EQ(execute("retry", result), REGUA_RETRY);
  EXPECT_EQ(result.retry_after_seconds, 60u);
  EXPECT_STREQ(MultiExports::lastError(self_), "depois");

  result = {};
  result.struct_size = sizeof result;
  EXPECT_EQ(execute("throw-retry", result), REGUA_RETRY);
  EXPECT_EQ(result.retry_after_seconds, 5u);
  EXPECT_STREQ(MultiExports::lastError(self_), "fila cheia");
}

TEST_F(WrapperInstance, NeverWritesPastTheHostsStructSize) {
  // A host built for an older minor passes a smaller result: fields past it stay intact.
  regua_action_result result{};
  result.struct_size = offsetof(regua_action_result, message);
  result.message = regua::abiStr("sentinel");
  result.retry_after_seconds = 7;
  EXPECT_EQ(execute("a", result), REGUA_OK);
  EXPECT_EQ(regua::view(result.external_ref), "ref-42");
  EXPECT_EQ(regua::view(result.message), "sentinel");
  EXPECT_EQ(result.retry_after_seconds, 7u);
}

TEST_F(WrapperInstance, QuoteAndChannelCrossTheBoundary) {
  regua_quote_request request{};
  request.struct_size = sizeof request;
  request.principal = 10000;
  regua_quote quote{};
  quote.struct_size = sizeof quote;
  ASSERT_EQ(MultiExports::quote(self_, &request, &quote), REGUA_OK);
  EXPECT_EQ(quote.total, 10200);
  EXPECT_EQ(regua::view(quote.notes), "multa limitada");

  regua_message message{};
  message.struct_size = sizeof message;
  regua_delivery delivery{};
  delivery.struct_size = sizeof delivery;
  EXPECT_EQ(MultiExports::send(self_, &message, &delivery), REGUA_RETRY);
  EXPECT_EQ(delivery.retry_after_seconds, 120u);
}

TEST(Wrapper, CalendarOnAHostOlderThan1_1IsAClearError) {
  regua_host_services old = FakeHost::services();
  old.struct_size = offsetof(regua_host_services, is_business_day);  // a 1.0 host's table
  old.abi_minor = 0;
  const regua::Host host(&old, nullptr);
  try {
    host.nextBusinessDay(regua::Date::fromYmd(2026, 1, 2));
    FAIL() << "must not call past the host's table";
  } catch (const regua::HostTooOld& e) {
    EXPECT_NE(std::string(e.what()).find("este host (ABI 1.0) não oferece o calendário de dias úteis (desde o ABI 1.1)"),
              std::string::npos)
        << e.what();
  }
  EXPECT_FALSE(host.supports(regua::HostService::kCalendar));
  regua_host_services current = FakeHost::services();
  current.add_business_days = [](regua_host_context*, regua_date day, std::int32_t, regua_str) { return day; };
  EXPECT_TRUE(regua::Host(&current, nullptr).supports(regua::HostService::kCalendar));
}

// Every service a host lacks behaves the same: supports() says so beforehand, and a
// call throws HostTooOld naming the service and the minor that added it.
TEST(Wrapper, EveryServiceAnOlderHostLacksThrowsHostTooOld) {
  regua_host_services old = FakeHost::services();
  old.struct_size = offsetof(regua_host_services, quote_item);  // a 1.2 host's table
  old.abi_minor = 2;
  old.add_business_days = [](regua_host_context*, regua_date day, std::int32_t, regua_str) { return day; };
  const regua::Host host(&old, nullptr);
  const auto day = regua::Date::fromYmd(2026, 1, 2);
  EXPECT_TRUE(host.supports(regua::HostService::kCalendar));
  for (auto service : {regua::HostService::kQuoteItem, regua::HostService::kSendMessage, regua::HostService::kTasks}) {
    EXPECT_FALSE(host.supports(service));
  }
  EXPECT_THROW(host.quoteItem("T1", day), regua::HostTooOld);
  EXPECT_THROW(host.sendMessage({}), regua::HostTooOld);
  EXPECT_THROW(host.upsertTask({}), regua::HostTooOld);
  EXPECT_THROW(host.taskLoad("ana"), regua::HostTooOld);
  EXPECT_THROW(host.recentHistory(5), regua::HostTooOld);
}

TEST(Wrapper, PluginNamesMustBeReverseDns) {
  static_assert(regua::isValidPluginName("br.regua.penalties"));
  static_assert(regua::isValidPluginName("com.example.my-plugin_2"));
  EXPECT_FALSE(regua::isValidPluginName("penalties"));
  EXPECT_FALSE(regua::isValidPluginName("Br.Regua.X"));
  EXPECT_FALSE(regua::isValidPluginName("br..x"));
  EXPECT_FALSE(regua::isValidPluginName("br.x."));
  EXPECT_FALSE(regua::isValidPluginName(""));
}

}  // namespace
