// The smallest useful Régua plugin: an `action` that greets the client of each intent
// in the host's log. It shows the whole SDK surface a plugin author needs: a plain
// class, configuration read through the host, typed money and dates, and one macro.
#include <string>

#include <regua/plugin.hpp>

class Hello {
 public:
  // Actions this plugin answers to in a policy's `actions:` list.
  static constexpr const char* kActionNames[] = {"hello", nullptr};

  // Reads `greeting` (optional) and `max_items` (optional, a positive integer) from the
  // plugin's section of regua.yaml; a bad value refuses the configuration.
  explicit Hello(regua::Host host) : host_(host), greeting_(host.configOr("greeting", "Olá")) {
    if (auto maxItems = host.config("max_items")) {
      try {
        maxItems_ = std::stoi(std::string(*maxItems));
      } catch (const std::exception&) {
        maxItems_ = 0;
      }
      if (maxItems_ <= 0) {
        throw regua::ConfigError("max_items deve ser um inteiro positivo, veio '" +
                                 std::string(*maxItems) + "'");
      }
    }
  }

  regua::ActionOutcome execute(const regua::Intent& intent) {
    regua::Money total;
    int counted = 0;
    for (const auto& item : intent.items()) {
      if (counted++ == maxItems_) break;
      total += item.amount;
    }
    host_.info(greeting_ + ", " + std::string(intent.clientName()) + ": " + std::to_string(counted) +
               " título(s), " + total.toBrl() + " em " + intent.asOf().br());
    return regua::ActionOutcome::done("hello-" + std::string(intent.intentId()));
  }

 private:
  regua::Host host_;
  std::string greeting_;
  int maxItems_ = 100;
};

REGUA_PLUGIN(Hello, "br.regua.example.hello", "1.0.0", "Exemplo do SDK: cumprimenta cada cliente no log")
