// `regua user create|password|list`: the office's staff who sign in to the pages.
#include <termios.h>
#include <unistd.h>

#include <iostream>
#include <string>

#include "app/cli.hpp"
#include "app/workspace.hpp"
#include "common/office_time.hpp"
#include "common/utc_time.hpp"
#include "services/staff.hpp"

namespace regua::app {

namespace {

// One line from standard input; on a terminal, asked without echo.
std::string readSecretLine(const char* prompt) {
  const bool terminal = isatty(STDIN_FILENO) == 1;
  termios saved{};
  if (terminal) {
    std::cerr << prompt << std::flush;
    tcgetattr(STDIN_FILENO, &saved);
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  }
  std::string line;
  std::getline(std::cin, line);
  if (terminal) {
    tcsetattr(STDIN_FILENO, TCSANOW, &saved);
    std::cerr << "\n";
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

}  // namespace

int runUserCreate(const Invocation& invocation) {
  setupLogging("warning");
  Workspace ws;
  if (auto code = openWorkspace(invocation, {.store = true, .createStore = true}, ws)) return *code;
  try {
    const auto made = services::createUser(*ws.db, invocation.option("--email").value_or(""),
                                           invocation.option("--role").value_or(""));
    std::cout << "usuário " << made.email << " (" << made.role << ") criado. Defina a senha com: regua user password "
              << made.email << "\n";
    return kExitOk;
  } catch (const services::StaffError& e) {
    std::cerr << "regua: " << e.what() << "\n";
    return kExitUsage;
  }
}

int runUserPassword(const Invocation& invocation) {
  setupLogging("warning");
  Workspace ws;
  if (auto code = openWorkspace(invocation, {.store = true}, ws)) return *code;
  const std::string password = readSecretLine("Nova senha: ");
  if (isatty(STDIN_FILENO) == 1 && readSecretLine("Repita a senha: ") != password) {
    std::cerr << "regua: as duas senhas não conferem; nada foi mudado\n";
    return kExitUsage;
  }
  try {
    services::setPassword(*ws.db, invocation.args.at(0), password);
    std::cout << "senha de " << invocation.args.at(0) << " definida; as sessões abertas foram encerradas\n";
    return kExitOk;
  } catch (const services::StaffError& e) {
    std::cerr << "regua: " << e.what() << "\n";
    return kExitUsage;
  }
}

int runUserList(const Invocation& invocation) {
  setupLogging("warning");
  Workspace ws;
  if (auto code = openWorkspace(invocation, {.store = true}, ws)) return *code;
  const auto users = services::listUsers(*ws.db);
  if (users.empty()) std::cout << "nenhum usuário; crie um com regua user create --email E --role PAPEL\n";
  for (const auto& u : users) {
    std::cout << u.email << "  " << u.role << (u.passwordHash.empty() ? "  sem senha" : "");
    if (u.lockedUntil) {
      if (const auto until = parseUtc(*u.lockedUntil); until && *until > utcNow()) {
        std::cout << "  bloqueado até " << formatLocal(*until);
      }
    }
    std::cout << "\n";
  }
  return kExitOk;
}

}  // namespace regua::app
