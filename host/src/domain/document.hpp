// Documents in the host's domain: the SDK's CPF/CNPJ (regua/document.hpp) and who the
// client is in law.
#pragma once

#include <string_view>

#include <regua/document.hpp>

namespace regua::domain {

using regua::completeCnpj;
using regua::completeCpf;
using regua::Document;

// Who the client is in law: a CPF is a natural person (consumer rules such as the 2%
// fine cap apply), a CNPJ a company.
enum class PartyKind { kPerson, kCompany };

std::string_view toString(PartyKind kind);  // "person" / "company"

}  // namespace regua::domain
