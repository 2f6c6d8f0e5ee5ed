#include "store/message_outcomes.hpp"

namespace regua::store {

void forEachMessageOutcome(Database& db, Date from, Date to, const std::function<void(const MessageOutcome&)>& visit) {
  MessageOutcome row;
  int first = from.daysSinceEpoch(), last = to.daysSinceEpoch(), sent = 0, settled = 0;
  long receivable = 0;
  soci::indicator settledKnown = soci::i_null, templateKnown = soci::i_null;
  try {
    // A message's delivery is recorded under its dispatch key and channel (MessageRouter),
    // with the template that rendered it. A receivable is settled on the day of its last
    // payment once its status is paid.
    auto st = db.statement(
        "SELECT i.policy_id, i.stage_id, i.channel, d.template, i.receivable_id, MIN(i.done_on), "
        "  (SELECT MAX(p.paid_date) FROM payments p WHERE p.receivable_id = i.receivable_id AND r.status = 'paid') "
        "FROM intents i JOIN receivables r ON r.id = i.receivable_id "
        "LEFT JOIN deliveries d ON d.delivery_id = i.dispatch_key || '/' || i.channel "
        "WHERE i.state = 'done' AND i.channel <> '' AND i.done_on BETWEEN :first AND :last "
        "GROUP BY i.policy_id, i.stage_id, i.channel, d.template, i.receivable_id, r.status",
        soci::use(first), soci::use(last), soci::into(row.policyId), soci::into(row.stageId), soci::into(row.channel),
        soci::into(row.templateName, templateKnown), soci::into(receivable), soci::into(sent),
        soci::into(settled, settledKnown));
    st.execute();
    while (st.fetch()) {
      if (templateKnown != soci::i_ok) row.templateName.clear();
      row.receivableId = receivable;
      row.sentOn = Date::fromDaysSinceEpoch(sent);
      row.settledOn = settledKnown == soci::i_ok ? std::optional(Date::fromDaysSinceEpoch(settled)) : std::nullopt;
      visit(row);
    }
  } catch (const std::exception&) {
    db.rethrowTranslated("lendo as mensagens e os pagamentos que vieram depois");
  }
}

}  // namespace regua::store
