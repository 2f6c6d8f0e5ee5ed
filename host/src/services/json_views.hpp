// The JSON the front ends share for a service's result: `regua ... --json` and the REST
// API print the same document. Money is {"centavos": 150000, "brl": "R$ 1.500,00"};
// dates are ISO 8601.
#pragma once

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <regua/value.hpp>

#include "engine/cycle.hpp"
#include "services/client_overview.hpp"
#include "services/delinquency.hpp"
#include "services/receivable_quote.hpp"
#include "services/task_board.hpp"
#include "store/history_repository.hpp"

namespace regua::services {

Poco::JSON::Object::Ptr moneyJson(Money amount);
Poco::JSON::Object::Ptr toJson(const ClientOverview& overview);
// What the régua does with a receivable on `asOf`, stage by stage (`regua explain`).
Poco::JSON::Object::Ptr toJson(const engine::Cycle::Explanation& explanation, Date asOf);
Poco::JSON::Object::Ptr toJson(const ReceivableQuote& quote, Date on);
Poco::JSON::Object::Ptr toJson(const store::HistoryEntry& entry);
Poco::JSON::Object::Ptr toJson(const DelinquentClient& client);
Poco::JSON::Object::Ptr toJson(const TaskView& task);

}  // namespace regua::services
