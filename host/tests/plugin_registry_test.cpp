#include "plugin/plugin_registry.hpp"

#include <gtest/gtest.h>

#include <mutex>
#include <vector>

#include <Poco/AutoPtr.h>
#include <Poco/Channel.h>
#include <Poco/Logger.h>
#include <Poco/Message.h>

#include "test_support.hpp"

namespace regua::plugin {
namespace {

using regua::testing::TempDir;
const std::filesystem::path kFixtures = REGUA_FIXTURE_DIR;

// Collects "source: text" for every log line, so tests can check what was logged and in
// which order.
class CapturingChannel : public Poco::Channel {
 public:
  void log(const Poco::Message& message) override {
    std::lock_guard lock(mutex_);
    lines_.push_back(message.getSource() + ": " + message.getText());
  }
  std::vector<std::string> lines() {
    std::lock_guard lock(mutex_);
    return lines_;
  }

 private:
  std::mutex mutex_;
  std::vector<std::string> lines_;
};

class Registry : public ::testing::Test {
 protected:
  void SetUp() override {
    // root() first: setChannel("") only reaches loggers that already exist, and new
    // loggers inherit from their closest existing ancestor.
    Poco::Logger::root().setChannel(capture_);
    Poco::Logger::root().setLevel(Poco::Message::PRIO_INFORMATION);
    Poco::Logger::setChannel("", capture_);
    Poco::Logger::setLevel("", Poco::Message::PRIO_INFORMATION);
  }
  // A regua.yaml whose plugin_dirs is the fixture directory, with these entries.
  config::HostConfig configWith(const std::string& entries) {
    return config::loadHostConfig(dir_.write("regua.yaml", "plugin_dirs: [" + kFixtures.string() + "]\n" + entries));
  }
  const PluginStatus& status(const PluginRegistry& registry, const std::string& label) {
    for (const auto& s : registry.statuses()) {
      if (s.label == label) return s;
    }
    throw std::runtime_error("no status for " + label);
  }
  std::ptrdiff_t indexOf(const std::vector<std::string>& lines, const std::string& needle) {
    for (std::size_t i = 0; i < lines.size(); ++i) {
      if (lines[i].find(needle) != std::string::npos) return static_cast<std::ptrdiff_t>(i);
    }
    return -1;
  }

  TempDir dir_;
  Poco::AutoPtr<CapturingChannel> capture_{new CapturingChannel};
};

TEST_F(Registry, LoadsByNameFromPluginDirsAndByPath) {
  PluginRegistry registry(dir_.path() / "no-builtin-plugins");
  registry.loadAll(configWith("plugins:\n  - name: fixture_good\n  - path: " +
                              (kFixtures / "fixture_c_plugin.so").string() + "\n"));
  EXPECT_TRUE(status(registry, "fixture_good").loaded) << status(registry, "fixture_good").reason;
  EXPECT_TRUE(status(registry, "fixture_c_plugin.so").loaded);
  EXPECT_TRUE(registry.allLoaded());
}

TEST_F(Registry, UnknownNameListsWhereItLooked) {
  PluginRegistry registry(dir_.path() / "builtin");
  registry.loadAll(configWith("plugins:\n  - name: penalties\n"));
  const auto& s = status(registry, "penalties");
  EXPECT_FALSE(s.loaded);
  EXPECT_NE(s.reason.find("penalties: plugin não encontrado (procurado regua_penalties.so e penalties.so em " +
                          kFixtures.string() + ", " + (dir_.path() / "builtin").string() + ")"),
            std::string::npos)
      << s.reason;
}

TEST_F(Registry, SecondPluginWithTheSameNameIsDisabled) {
  PluginRegistry registry(dir_.path());
  registry.loadAll(configWith("plugins:\n  - name: fixture_good\n  - name: fixture_good_twin\n"));
  EXPECT_TRUE(status(registry, "fixture_good").loaded);
  const auto& twin = status(registry, "fixture_good_twin");
  EXPECT_FALSE(twin.loaded);
  EXPECT_NE(twin.reason.find("o nome br.regua.test.good já foi carregado de " +
                             (kFixtures / "fixture_good.so").string() + "; deixe só uma"),
            std::string::npos)
      << twin.reason;
}

TEST_F(Registry, OptionalFailuresDoNotStopTheOthersRequiredOnesAreReported) {
  PluginRegistry registry(dir_.path());
  registry.loadAll(configWith(R"(plugins:
  - name: fixture_wrong_major
  - name: fixture_refuses_config
    required: true
  - name: fixture_good
)"));
  EXPECT_FALSE(status(registry, "fixture_wrong_major").loaded);
  EXPECT_TRUE(status(registry, "fixture_good").loaded);
  const auto failures = registry.requiredFailures();
  ASSERT_EQ(failures.size(), 1u);
  EXPECT_EQ(failures[0]->label, "fixture_refuses_config");
  EXPECT_NE(failures[0]->reason.find("falta a chave 'api_key'"), std::string::npos);
  EXPECT_FALSE(registry.allLoaded());
}

TEST_F(Registry, ShutdownStopsConnectorsThenPluginsThenReleasesLibraries) {
  {
    PluginRegistry registry(dir_.path());
    registry.loadAll(configWith(R"(plugins:
  - name: fixture_good
    config: {greeting: plugin}
connectors:
  - name: fixture_refuses_config
    config: {api_key: k, greeting: conector}
)"));
    ASSERT_TRUE(registry.allLoaded());
  }  // the destructor shuts down
  const auto lines = capture_->lines();
  const auto connectorGone = indexOf(lines, "plugin.br.regua.test.refuses-config: destruído");
  const auto pluginGone = indexOf(lines, "plugin.br.regua.test.good: destruído");
  const auto released = indexOf(lines, "liberando 2 biblioteca(s)");
  ASSERT_GE(connectorGone, 0);
  EXPECT_LT(connectorGone, pluginGone);
  EXPECT_LT(pluginGone, released);
  EXPECT_GE(indexOf(lines, "plugin.br.regua.test.good: iniciado com greeting=plugin"), 0);
}

TEST_F(Registry, PluginLogLinesAreMasked) {
  PluginRegistry registry(dir_.path());
  registry.loadAll(configWith("plugins:\n  - name: fixture_good\n    config: {greeting: ana@exemplo.com.br}\n"));
  EXPECT_GE(indexOf(capture_->lines(), "iniciado com greeting=a***@exemplo.com.br"), 0);
  EXPECT_LT(indexOf(capture_->lines(), "ana@exemplo.com.br"), 0);
}

}  // namespace
}  // namespace regua::plugin
