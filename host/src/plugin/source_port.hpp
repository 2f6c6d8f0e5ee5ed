// The source capability in host terms: one pull from a cursor, each record decoded and
// handed to the sink as the plugin delivers it.
#pragma once

#include <string>
#include <vector>

#include "plugin/call_session.hpp"

namespace regua::plugin {

class PluginInstance;

struct PullResult {
  bool ok = false;
  std::string cursor;               // with ok: where the next pull starts
  bool hasMore = false;             // another pull would return more now
  std::vector<std::string> errors;  // without ok: the plugin's own lines (one per bad input line)
};

PullResult pull(PluginInstance& source, const std::string& cursor, SourceSink& sink);

}  // namespace regua::plugin
