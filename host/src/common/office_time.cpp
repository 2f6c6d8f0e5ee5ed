#include "common/office_time.hpp"

#include <cstdlib>
#include <ctime>
#include <filesystem>

namespace regua {

bool knownTimeZone(const std::string& name) {
  if (name.empty() || name.front() == '/' || name.find("..") != std::string::npos) return false;
  const char* dir = std::getenv("TZDIR");
  const std::filesystem::path zones = dir != nullptr && *dir != '\0' ? dir : "/usr/share/zoneinfo";
  std::error_code ec;
  return std::filesystem::is_regular_file(zones / name, ec);
}

void useTimeZone(const std::string& name) {
  ::setenv("TZ", name.c_str(), 1);
  ::tzset();
}

std::string formatLocal(UtcTime time) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(time);
  std::tm local{};
  localtime_r(&seconds, &local);
  char text[32];
  std::strftime(text, sizeof text, "%d/%m/%Y %H:%M", &local);
  return text;
}

}  // namespace regua
