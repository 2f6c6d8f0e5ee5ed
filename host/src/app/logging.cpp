#include <cstdlib>

#include <Poco/AutoPtr.h>
#include <Poco/ConsoleChannel.h>
#include <Poco/FormattingChannel.h>
#include <Poco/Logger.h>
#include <Poco/PatternFormatter.h>

#include "app/cli.hpp"

namespace regua::app {

void setupLogging(const std::string& level) {
  Poco::AutoPtr<Poco::PatternFormatter> formatter(new Poco::PatternFormatter("%Y-%m-%d %H:%M:%S.%i %p %s: %t"));
  formatter->setProperty("times", "local");
  Poco::AutoPtr<Poco::FormattingChannel> channel(new Poco::FormattingChannel(formatter, new Poco::ConsoleChannel));
  Poco::Logger::root().setChannel(channel);
  const char* fromEnv = std::getenv("REGUA_LOG_LEVEL");
  try {
    Poco::Logger::root().setLevel(fromEnv != nullptr && *fromEnv != '\0' ? fromEnv : level);
  } catch (const Poco::Exception&) {
    Poco::Logger::root().setLevel(level);
  }
  // Loggers created before this call keep their old channel; re-point them all.
  Poco::Logger::setChannel("", channel);
  Poco::Logger::setLevel("", Poco::Logger::root().getLevel());
}

}  // namespace regua::app
