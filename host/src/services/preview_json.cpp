#include "services/preview_json.hpp"

#include <sstream>

#include "services/json_views.hpp"

namespace regua::services {

namespace {

constexpr std::size_t kChunk = 64 << 10;

std::string compact(const Poco::JSON::Object::Ptr& object) {
  std::ostringstream text;
  object->stringify(text);
  return text.str();
}

}  // namespace

void writePreviewJson(DailyCycle& cycle, const config::PolicySet& policies, Date day, const PreviewPage& page,
                      const std::function<bool(const std::string&)>& write) {
  std::string buffer = R"({"date":")" + day.iso() + R"(","review":[)";
  if (page.from == 0) {
    bool first = true;
    for (const auto& decision : cycle.reviewAhead(policies, day)) {
      buffer += (first ? "" : ",") + compact(toJson(decision));
      first = false;
    }
  }
  buffer += R"(],"items":[)";
  const std::size_t end = page.limit ? page.from + *page.limit : SIZE_MAX;
  std::size_t seen = 0;
  bool listening = true;
  const auto plan = cycle.preview(policies, day, [&](const engine::PlannedIntent& planned) {
    if (planned.intent.state != store::IntentState::kPending) return;
    const std::size_t index = seen++;
    if (!listening || index < page.from || index >= end) return;
    if (index > page.from) buffer += ',';
    appendJson(buffer, planned);
    if (buffer.size() >= kChunk) {
      listening = write(buffer);
      buffer.clear();
    }
  });
  buffer += R"(],"next_cursor":)" + (seen > end ? '"' + std::to_string(end) + '"' : std::string("null")) +
            R"(,"to_run":)" + std::to_string(plan.toRun) + R"(,"to_skip":)" + std::to_string(plan.toSkip) +
            R"(,"receivables":)" + std::to_string(plan.receivables) + R"(,"clients":)" +
            std::to_string(plan.clients) + "}";
  if (listening) write(buffer);
}

}  // namespace regua::services
