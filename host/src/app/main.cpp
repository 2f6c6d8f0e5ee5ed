#include "app/cli.hpp"

int main(int argc, char** argv) { return regua::app::runCli(argc, argv); }
