#include "app/failures.hpp"

#include <iostream>

#include "services/negotiation_service.hpp"

namespace regua::app {

int reportFailure(const store::StoreError& error) {
  std::cerr << "regua: " << error.what() << "\n";
  return error.kind() == store::StoreError::Kind::kSchema ? kExitConfig : kExitFailure;
}

int runReportingFailures(int (*run)(const Invocation&), const Invocation& invocation) {
  try {
    return run(invocation);
  } catch (const store::StoreError& e) {
    return reportFailure(e);
  } catch (const services::NegotiationError& e) {
    std::cerr << "regua: " << e.what() << "\n";
    return kExitFailure;
  }
}

}  // namespace regua::app
