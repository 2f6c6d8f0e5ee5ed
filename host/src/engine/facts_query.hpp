// The one query the engine reads receivables with (the cycle, explain, the delinquency
// report): a receivable, what is owed on it, and its client. Internal to engine/.
#pragma once

#include <string>

#include <soci/soci.h>

#include "engine/evaluator.hpp"

namespace regua::engine {

// One open receivable and its client, as the main query returns them.
struct FactsRow {
  long id = 0, clientId = 0, amount = 0, open = 0, principalOpen = 0;
  int dueDate = 0, pausedUntil = 0, issueDate = 0, interestFrom = 0, fineAssessed = 0;
  soci::indicator pausedInd = soci::i_null;
  std::string externalId, description, policyId, status, clientExternalId, clientName, kind, segment, preferred,
      responsible;

  void bind(soci::statement& st) {
    st.exchange(soci::into(id));
    st.exchange(soci::into(externalId));
    st.exchange(soci::into(description));
    st.exchange(soci::into(amount));
    st.exchange(soci::into(open));
    st.exchange(soci::into(dueDate));
    st.exchange(soci::into(policyId));
    st.exchange(soci::into(status));
    st.exchange(soci::into(clientId));
    st.exchange(soci::into(clientExternalId));
    st.exchange(soci::into(clientName));
    st.exchange(soci::into(kind));
    st.exchange(soci::into(segment));
    st.exchange(soci::into(preferred));
    st.exchange(soci::into(pausedUntil, pausedInd));
    st.exchange(soci::into(principalOpen));
    st.exchange(soci::into(issueDate));
    st.exchange(soci::into(interestFrom));
    st.exchange(soci::into(fineAssessed));
    st.exchange(soci::into(responsible));
  }

  // Moves the text out: the next fetch overwrites it anyway.
  ReceivableFacts takeFacts() {
    ReceivableFacts f;
    f.receivableId = id;
    f.receivableExternalId = std::move(externalId);
    f.description = std::move(description);
    f.amount = Money::fromCentavos(amount);
    f.open = Money::fromCentavos(open);
    f.principalOpen = Money::fromCentavos(principalOpen);
    f.issueDate = Date::fromDaysSinceEpoch(issueDate);
    f.interestFrom = Date::fromDaysSinceEpoch(interestFrom);
    f.fineAssessed = fineAssessed != 0;
    f.dueDate = Date::fromDaysSinceEpoch(dueDate);
    f.policyId = std::move(policyId);
    f.clientId = clientId;
    f.clientExternalId = std::move(clientExternalId);
    f.clientName = std::move(clientName);
    f.kind = kind == "company" ? domain::PartyKind::kCompany : domain::PartyKind::kPerson;
    f.segment = std::move(segment);
    f.preferredChannel = std::move(preferred);
    f.responsible = std::move(responsible);
    if (pausedInd == soci::i_ok) f.pausedUntil = Date::fromDaysSinceEpoch(pausedUntil);
    return f;
  }
};

inline constexpr const char* kFactsSelect =
    "SELECT r.id, r.external_id, r.description, r.amount, r.principal_open + r.interest_open + r.fine_open, "
    "r.due_date, r.policy_id, r.status, c.id, c.external_id, c.name, c.kind, c.segment, c.preferred_channel, "
    "c.paused_until, r.principal_open, r.issue_date, r.interest_from, r.fine_assessed, c.responsible FROM receivables r JOIN clients c ON c.id = r.client_id ";

}  // namespace regua::engine
