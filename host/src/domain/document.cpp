#include "domain/document.hpp"

namespace regua::domain {

std::string_view toString(PartyKind kind) { return kind == PartyKind::kPerson ? "person" : "company"; }

}  // namespace regua::domain
