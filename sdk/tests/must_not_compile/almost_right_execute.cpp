// An action whose execute() takes the intent by non-const reference: almost the SDK's
// signature. It must not compile (it would silently drop the action capability).
#include <regua/plugin.hpp>

class AlmostRight {
 public:
  static constexpr const char* kActionNames[] = {"almost", nullptr};
  explicit AlmostRight(regua::Host) {}
  regua::ActionOutcome execute(regua::Intent&) { return regua::ActionOutcome::done(); }
  void onEvent(const regua::Event&) {}
};

REGUA_PLUGIN(AlmostRight, "br.regua.test.almost-right", "1.0.0", "must not compile")
