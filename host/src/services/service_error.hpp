// What a service says when it cannot do what a front end asked: the kind decides the
// answer (the CLI's exit code, the API's status), the message (pt-BR) says why and what
// to do.
#pragma once

#include <stdexcept>
#include <string>

namespace regua::services {

class ServiceError : public std::runtime_error {
 public:
  enum class Kind {
    kNotFound,   // nothing by that id
    kAmbiguous,  // several records by that id (from different sources): use the internal id
    kRefused,    // it exists, but the operation does not apply to it now
  };
  ServiceError(Kind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  Kind kind() const { return kind_; }

 private:
  Kind kind_;
};

}  // namespace regua::services
