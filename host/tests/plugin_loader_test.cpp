// The host's refusal (or acceptance) of every kind of plugin file the issue names.
// Each fixture is a real MODULE library built under tests/fixtures/.
#include <gtest/gtest.h>

#include <string>

#include "plugin/action_port.hpp"
#include "plugin/listener_port.hpp"
#include "plugin/plugin_instance.hpp"
#include "plugin/plugin_library.hpp"

#include <regua/value.hpp>

#include "calendar/business_calendar.hpp"
#include "config/holiday_files.hpp"
#include "test_support.hpp"

namespace regua::plugin {
namespace {

using regua::abiStr;
using regua::view;

const std::filesystem::path kFixtures = REGUA_FIXTURE_DIR;
const std::string kHostAbi = std::to_string(REGUA_ABI_MAJOR) + "." + std::to_string(REGUA_ABI_MINOR);

// The error text openPluginLibrary() gives for a fixture, or "" when it loads.
std::string refusal(const std::filesystem::path& file) {
  try {
    openPluginLibrary(file);
    return "";
  } catch (const PluginError& e) {
    return e.what();
  }
}

#define EXPECT_CONTAINS(haystack, needle) \
  EXPECT_NE(std::string(haystack).find(needle), std::string::npos) << "in: " << (haystack)

TEST(PluginLibrary, MissingFile) {
  const auto text = refusal(kFixtures / "no_such_plugin.so");
  EXPECT_CONTAINS(text, "no_such_plugin.so: arquivo não encontrado; confira 'path' ou 'plugin_dirs'");
}

TEST(PluginLibrary, DirectoryIsNotAPlugin) {
  EXPECT_CONTAINS(refusal(kFixtures), "não é um arquivo comum");
}

TEST(PluginLibrary, NotASharedLibrary) {
  const auto text = refusal(kFixtures / "fixture_not_a_library.so");
  EXPECT_CONTAINS(text, "fixture_not_a_library.so: não é uma biblioteca compartilhada carregável");
  EXPECT_CONTAINS(text, "regua_add_plugin()");
}

TEST(PluginLibrary, NoEntrySymbol) {
  const auto text = refusal(kFixtures / "fixture_no_entry.so");
  EXPECT_CONTAINS(text, "fixture_no_entry.so: não exporta o símbolo regua_plugin_entry");
  EXPECT_CONTAINS(text, "REGUA_PLUGIN(");
}

TEST(PluginLibrary, DifferentMajorIsRefusedWithBothVersions) {
  const auto text = refusal(kFixtures / "fixture_wrong_major.so");
  EXPECT_CONTAINS(text, "feito para o ABI " + std::to_string(REGUA_ABI_MAJOR + 1) + "." +
                            std::to_string(REGUA_ABI_MINOR) + ", mas este host fala o ABI " + kHostAbi);
}

TEST(PluginLibrary, NewerMinorThanTheHostIsRefused) {
  const auto text = refusal(kFixtures / "fixture_newer_minor.so");
  EXPECT_CONTAINS(text, "precisa de um host com ABI " + std::to_string(REGUA_ABI_MAJOR) + "." +
                            std::to_string(REGUA_ABI_MINOR + 1) + " ou mais novo, e este host fala o ABI " + kHostAbi);
  EXPECT_CONTAINS(text, "atualize o Régua, ou recompile o plugin com REGUA_PLUGIN_REQUIRES");
}

TEST(PluginLibrary, BadNameIsRefused) {
  EXPECT_CONTAINS(refusal(kFixtures / "fixture_bad_name.so"), "nome 'Plugin Sem DNS' inválido; use DNS reverso");
}

TEST(PluginLibrary, OlderSmallerDescriptorLoadsAndNothingPastItsSizeIsRead) {
  // The fixture declares a descriptor that ends before task_sink and leaves garbage
  // (non-NULL pointers) after it: reading past struct_size would refuse the plugin.
  const PluginLibrary library = openPluginLibrary(kFixtures / "fixture_small_descriptor.so");
  EXPECT_EQ(library.descriptor.struct_size, offsetof(regua_plugin_descriptor, task_sink));
  EXPECT_EQ(library.descriptor.task_sink, nullptr);
  EXPECT_EQ(library.descriptor.listener, nullptr);
  EXPECT_EQ(library.info.capabilityNames(), std::vector<std::string>{"action"});

  PluginInstance instance(library, YAML::Node());
  regua_intent intent{};
  intent.struct_size = sizeof intent;
  regua_action_result result{};
  ASSERT_EQ(instance.execute(intent, result), REGUA_OK);
  EXPECT_EQ(view(result.message), "c-plugin execution 1");
}

// A plugin as each older minor's headers built it (the struct sizes of that minor) loads
// on this host and runs through the action port.
TEST(PluginLibrary, PluginsBuiltForEveryOlderMinorLoadAndRun) {
  for (int minor = 0; minor < REGUA_ABI_MINOR; ++minor) {
    SCOPED_TRACE("ABI 1." + std::to_string(minor));
    const std::string name = "fixture_abi_1_" + std::to_string(minor) + ".so";
    const PluginLibrary library = openPluginLibrary(kFixtures / name);
    EXPECT_EQ(library.info.abi(), "1." + std::to_string(minor));
    EXPECT_EQ(library.info.requiresHost(), "1." + std::to_string(minor));
    PluginInstance instance(library, YAML::Node());
    CallSession session;
    ActionCall call;
    call.intentId = "d1";
    call.action = "c_action";
    const ActionOutcome outcome = execute(instance, call, session);
    EXPECT_EQ(outcome.status, CallStatus::kOk) << outcome.message;
    EXPECT_EQ(outcome.message, "c-plugin execution 1");
  }
}

// Built with this SDK, needing only a 1.4 host: it says both, and this host loads it.
TEST(PluginLibrary, APluginSaysWhichHostItNeedsApartFromTheSdkItWasBuiltWith) {
  const PluginLibrary library = openPluginLibrary(kFixtures / "fixture_requires_1_4.so");
  EXPECT_EQ(library.info.abi(), kHostAbi);
  EXPECT_EQ(library.info.requiresHost(), "1.4");
  EXPECT_EQ(library.descriptor.abi_minor, 4);
  EXPECT_EQ(library.descriptor.built_minor, REGUA_ABI_MINOR);
}

// Merging and contact rules follow what a plugin declares of its actions (1.8); a
// plugin built before 1.8 gets the host's old guess by the action's name.
TEST(PluginLibrary, ActionTraitsComeFromThePluginsFlags) {
  const PluginLibrary recorder = openPluginLibrary(kFixtures / "fixture_recorder.so");
  EXPECT_TRUE(recorder.info.traitsOf("remind").sendsMessage);
  EXPECT_TRUE(recorder.info.traitsOf("remind").oneCallPerClient);
  EXPECT_FALSE(recorder.info.traitsOf("create_task").sendsMessage);
  EXPECT_FALSE(recorder.info.traitsOf("create_task").oneCallPerClient);
  EXPECT_FALSE(recorder.info.traitsOf("no_such_action").sendsMessage);
  const PluginLibrary good = openPluginLibrary(kFixtures / "fixture_good.so");
  EXPECT_FALSE(good.info.traitsOf("echo").sendsMessage) << "built for 1.8 without flags: nothing is assumed";
  const PluginLibrary legacy = openPluginLibrary(kFixtures / "fixture_legacy_remind.so");
  EXPECT_TRUE(legacy.info.traitsOf("remind").sendsMessage) << "built for 1.7: the name still decides";
}

// The listener port hands an event over and brings the listener's refusal back as text.
TEST(PluginLibrary, AListenerHearsAnEventAndItsRefusalComesBackAsText) {
  const PluginLibrary library = openPluginLibrary(kFixtures / "fixture_good.so");
  PluginInstance instance(library, YAML::Node());
  const Date day = Date::fromYmd(2026, 3, 2);
  EXPECT_EQ(notify(instance, {"payment.received", "C1", R"({"amount":35000})", day}), std::nullopt);
  const auto refused = notify(instance, {"fail", "C1", "", day});
  ASSERT_TRUE(refused);
  EXPECT_EQ(*refused, "evento recusado pelo teste");
}

TEST(PluginLibrary, DescribesACppPlugin) {
  const PluginLibrary library = openPluginLibrary(kFixtures / "fixture_good.so");
  EXPECT_EQ(library.info.name, "br.regua.test.good");
  EXPECT_EQ(library.info.version, "2.3.4");
  EXPECT_EQ(library.info.abi(), kHostAbi);
  EXPECT_EQ(library.info.capabilityNames(), (std::vector<std::string>{"action", "listener"}));
  EXPECT_EQ(library.info.actionNames, (std::vector<std::string>{"echo", "fail", "retry", "next_business_day"}));
}

class GoodPlugin : public ::testing::Test {
 protected:
  // Runs `action` on two items (R$ 1.000,00 and R$ 234,56) with a `note` argument.
  regua_status run(PluginInstance& instance, const char* action, regua_action_result& result) {
    const regua_receivable_ref items[] = {
        {abiStr("r1"), abiStr("honorários"), 100000, 20000},
        {abiStr("r2"), abiStr("taxa"), 23456, 20010},
    };
    const regua_kv args[] = {{abiStr("note"), abiStr("lembrete 1")}};
    regua_intent intent{};
    intent.struct_size = sizeof intent;
    intent.intent_id = abiStr("i-1");
    intent.action = abiStr(action);
    intent.items = items;
    intent.items_count = 2;
    intent.args = args;
    intent.args_count = 1;
    return instance.execute(intent, result);
  }
  PluginLibrary library_ = openPluginLibrary(kFixtures / "fixture_good.so");
};

TEST_F(GoodPlugin, ConfigSectionReachesThePluginAndResultsComeBack) {
  PluginInstance instance(library_, YAML::Load("greeting: Olá\nnested: {port: 25}"));
  regua_action_result result{};
  ASSERT_EQ(run(instance, "echo", result), REGUA_OK);
  EXPECT_EQ(view(result.external_ref), "Olá R$ 1.234,56");
  EXPECT_EQ(view(result.message), "lembrete 1");
}

TEST_F(GoodPlugin, ExceptionsBecomeStatusesWithTheirMessage) {
  PluginInstance instance(library_, YAML::Node());
  regua_action_result result{};
  EXPECT_EQ(run(instance, "fail", result), REGUA_ERROR);
  EXPECT_EQ(instance.lastError(), "falha pedida pelo teste");
  EXPECT_EQ(run(instance, "retry", result), REGUA_RETRY);
  EXPECT_EQ(instance.lastError(), "servidor fora do ar");
  EXPECT_EQ(result.retry_after_seconds, 30u);
  // The instance is still usable after both.
  EXPECT_EQ(run(instance, "echo", result), REGUA_OK);
}

TEST_F(GoodPlugin, TheHostCalendarReachesThePlugin) {
  // The office is in São Paulo (its 25/01 holiday) and the plugin asks about Rio too.
  regua::testing::TempDir dir;
  dir.write("sp.yaml", "state: SP\ncities:\n  \"3550308\":\n    name: São Paulo\n    holidays:\n"
                       "      - {date: \"01-25\", name: Aniversário}\n");
  dir.write("rj.yaml", "state: RJ\ncities:\n  \"3304557\":\n    name: Rio\n    holidays:\n"
                       "      - {date: \"01-20\", name: São Sebastião}\n");
  const auto calendar = config::loadCalendar(dir.path());
  PluginInstance instance(library_, YAML::Node(), {&calendar, "3550308", ""});
  regua_intent intent{};
  intent.struct_size = sizeof intent;
  intent.action = abiStr("next_business_day");
  intent.as_of = Date::fromYmd(2027, 1, 22).toAbi();  // a Friday; Monday 25/01/2027 is São Paulo's holiday
  regua_action_result result{};
  ASSERT_EQ(instance.execute(intent, result), REGUA_OK) << instance.lastError();
  EXPECT_EQ(view(result.external_ref), "2027-01-26");
  intent.as_of = Date::fromYmd(2027, 1, 18).toAbi();  // Monday; Wednesday 20/01 is Rio's holiday
  ASSERT_EQ(instance.execute(intent, result), REGUA_OK);
  EXPECT_EQ(view(result.message), "2027-01-21");
}

TEST(PluginInstanceCreate, RefusedConfigShowsThePluginsMessage) {
  const PluginLibrary library = openPluginLibrary(kFixtures / "fixture_refuses_config.so");
  try {
    PluginInstance instance(library, YAML::Load("greeting: oi"));
    FAIL() << "the plugin must refuse a config without api_key";
  } catch (const PluginError& e) {
    EXPECT_STREQ(e.what(),
                 "br.regua.test.refuses-config: recusou a configuração: falta a chave 'api_key' na configuração; "
                 "corrija a seção 'config' deste plugin em regua.yaml");
  }
  EXPECT_NO_THROW(PluginInstance(library, YAML::Load("api_key: segredo")));
}

TEST(PluginInstanceCreate, ThrowingConstructorIsCaughtAtTheBoundary) {
  const PluginLibrary library = openPluginLibrary(kFixtures / "fixture_create_throws.so");
  try {
    PluginInstance instance(library, YAML::Node());
    FAIL() << "create must fail";
  } catch (const PluginError& e) {
    EXPECT_CONTAINS(e.what(), "br.regua.test.create-throws: falhou ao iniciar: banco interno do plugin indisponível");
  }
}

TEST(PluginInstanceCreate, InstancesKeepTheLibraryMapped) {
  std::unique_ptr<PluginInstance> instance;
  {
    const PluginLibrary library = openPluginLibrary(kFixtures / "fixture_c_plugin.so");
    instance = std::make_unique<PluginInstance>(library, YAML::Node());
  }  // the only other handle is gone; the instance's copy keeps the code mapped
  regua_intent intent{};
  intent.struct_size = sizeof intent;
  regua_action_result result{};
  EXPECT_EQ(instance->execute(intent, result), REGUA_OK);
  EXPECT_EQ(view(result.message), "c-plugin execution 1");
}

}  // namespace
}  // namespace regua::plugin
