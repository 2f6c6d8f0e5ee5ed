// The JSON the front ends share for a service's result: `regua ... --json` and the REST
// API print the same document. Money is {"centavos": 150000, "brl": "R$ 1.500,00"};
// dates are ISO 8601.
#pragma once

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <regua/value.hpp>

#include "engine/cycle.hpp"
#include "engine/events.hpp"
#include "services/client_overview.hpp"
#include "services/daily_cycle.hpp"
#include "services/dashboard.hpp"
#include "services/dispatch_status.hpp"
#include "services/source_sync.hpp"
#include "services/delinquency.hpp"
#include "services/negotiation_service.hpp"
#include "services/receivable_quote.hpp"
#include "services/reconciliation.hpp"
#include "services/task_board.hpp"
#include "services/webhook_delivery.hpp"
#include "store/history_repository.hpp"

namespace regua::services {

using engine::moneyJson;  // the events' and the API's money, one shape
Poco::JSON::Object::Ptr toJson(const ClientOverview& overview);
// What the régua does with a receivable on `asOf`, stage by stage (`regua explain`).
Poco::JSON::Object::Ptr toJson(const engine::Cycle::Explanation& explanation, Date asOf);
Poco::JSON::Object::Ptr toJson(const ReceivableQuote& quote, Date on);
Poco::JSON::Object::Ptr toJson(const store::HistoryEntry& entry);
Poco::JSON::Object::Ptr toJson(const DelinquentClient& client);
Poco::JSON::Object::Ptr toJson(const TaskView& task);
// Negotiation: an offer's schedule, an agreement (with what was paid when `progress`
// is given), and a client's overdue debt with the offers the policy allows.
Poco::JSON::Object::Ptr toJson(const negotiation::Schedule& schedule);
Poco::JSON::Object::Ptr toJson(const store::Agreement& agreement, const std::string& client,
                               const NegotiationService::Progress* progress);
Poco::JSON::Object::Ptr toJson(const ClientDebt& debt, const std::vector<negotiation::Schedule>& offers);
// A webhook's state, as /health and `regua webhooks list --json` show it.
Poco::JSON::Object::Ptr toJson(const WebhookStatus& status);
// A credit in the reconciliation queue, with its candidates while it waits.
Poco::JSON::Object::Ptr toJson(const QueuedCredit& queued);
// The payments a sync, an import or a reconciliation recorded.
Poco::JSON::Object::Ptr toJson(const PaymentLine& line);
// What a real run did (`regua run --json`, POST /api/v1/runs).
Poco::JSON::Object::Ptr toJson(const CycleReport& report);
Poco::JSON::Object::Ptr toJson(const DispatchStatus& status);
// What one source's sync did; "errors" lists the problems of a refused pull.
Poco::JSON::Object::Ptr toJson(const SyncReport& report);
// One intent of the dry run, appended to `out` as compact JSON: a day's preview has
// millions of them, and building a document per item made it 4x slower.
void appendJson(std::string& out, const engine::PlannedIntent& planned);
// The office dashboard's numbers (`regua report dashboard --json`, GET /api/v1/reports/dashboard).
Poco::JSON::Object::Ptr toJson(const Dashboard& dashboard);
// One decision the dry run makes before the régua.
Poco::JSON::Object::Ptr toJson(const ReviewDecision& decision);

}  // namespace regua::services
