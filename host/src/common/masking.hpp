// Masks personal data (LGPD) before it reaches a log: CPF, e-mail and phone numbers.
#pragma once

#include <string>
#include <string_view>

namespace regua {

// "cpf 123.456.789-09" -> "cpf ***.456.789-**"; "ana.souza@x.com.br" -> "a***@x.com.br";
// "+55 11 98765-4321" -> "+55 ** *****-4321". CNPJs are company data and stay visible.
std::string maskPersonalData(std::string_view text);

}  // namespace regua
