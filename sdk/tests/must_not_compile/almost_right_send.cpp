// A channel whose send() returns a string instead of regua::Delivery: it must not
// compile (it would silently drop the channel capability).
#include <string>

#include <regua/plugin.hpp>

class AlmostRightChannel {
 public:
  static constexpr const char* kChannelNames[] = {"sms", nullptr};
  explicit AlmostRightChannel(regua::Host) {}
  std::string send(const regua::Message&) { return "id"; }
  void onEvent(const regua::Event&) {}
};

REGUA_PLUGIN(AlmostRightChannel, "br.regua.test.almost-right-channel", "1.0.0", "must not compile")
