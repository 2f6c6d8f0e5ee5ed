// What a failure that no command handles itself means at the terminal: one line on
// stderr and an exit code. Every subcommand runs under runReportingFailures (cli.cpp),
// so commands let the store's errors and the services' refusals propagate.
#pragma once

#include "app/cli.hpp"
#include "store/database.hpp"

namespace regua::app {

// Prints the store's message (passwords already masked) and returns kExitConfig for a
// schema this build cannot use, kExitFailure otherwise (down, busy, conflict...).
int reportFailure(const store::StoreError& error);

// Runs a subcommand, turning StoreError and the services' refusals into reportFailure's
// line and exit code.
int runReportingFailures(int (*run)(const Invocation&), const Invocation& invocation);

}  // namespace regua::app
