// The JSON the front ends share for a service's result: `regua ... --json` and the REST
// API print the same document. Money is {"centavos": 150000, "brl": "R$ 1.500,00"};
// dates are ISO 8601.
#pragma once

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <regua/value.hpp>

#include "services/client_overview.hpp"

namespace regua::services {

Poco::JSON::Object::Ptr moneyJson(Money amount);
Poco::JSON::Object::Ptr toJson(const ClientOverview& overview);

}  // namespace regua::services
