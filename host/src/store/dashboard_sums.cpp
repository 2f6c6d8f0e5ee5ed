#include "store/dashboard_sums.hpp"

namespace regua::store {

std::vector<DayAmount> DashboardSums::byDay(const std::string& sql, Date from, Date to, const char* what) {
  std::vector<DayAmount> out;
  int day = 0;
  long long cents = 0;
  const int first = from.daysSinceEpoch(), last = to.daysSinceEpoch();
  try {
    auto st = db_.statement(sql, soci::into(day), soci::into(cents), soci::use(first), soci::use(last));
    st.execute();
    while (st.fetch()) out.push_back({Date::fromDaysSinceEpoch(day), Money::fromCentavos(cents)});
  } catch (const std::exception&) {
    db_.rethrowTranslated(what);
  }
  return out;
}

ChangeStamp DashboardSums::stamp() {
  ChangeStamp out;
  soci::indicator r = soci::i_ok, c = soci::i_ok;
  try {
    db_.run("SELECT (SELECT MAX(updated_at) FROM receivables), (SELECT MAX(updated_at) FROM clients), "
            "(SELECT COALESCE(MAX(id), 0) FROM receivables), (SELECT COALESCE(MAX(id), 0) FROM clients), "
            "(SELECT COALESCE(MAX(id), 0) FROM payments)",
            soci::into(out.receivablesChanged, r), soci::into(out.clientsChanged, c), soci::into(out.lastReceivable),
            soci::into(out.lastClient), soci::into(out.lastPayment));
  } catch (const std::exception&) {
    db_.rethrowTranslated("painel");
  }
  if (r != soci::i_ok) out.receivablesChanged.clear();
  if (c != soci::i_ok) out.clientsChanged.clear();
  return out;
}

std::vector<DayAmount> DashboardSums::dueByDay(Date from, Date to) {
  return byDay(
      "SELECT due_date, SUM(amount) FROM receivables WHERE due_date BETWEEN :from AND :to AND status <> 'cancelled' "
      "GROUP BY due_date ORDER BY due_date",
      from, to, "títulos por vencimento");
}

std::vector<DayAmount> DashboardSums::receivedByDay(Date from, Date to) {
  return byDay(
      "SELECT paid_date, SUM(amount) FROM payments WHERE paid_date BETWEEN :from AND :to GROUP BY paid_date "
      "ORDER BY paid_date",
      from, to, "pagamentos por dia");
}

std::vector<PrincipalPaid> DashboardSums::principalPaid(Date from, Date to) {
  std::vector<PrincipalPaid> out;
  int due = 0, paid = 0;
  long long cents = 0;
  const int first = from.daysSinceEpoch(), last = to.daysSinceEpoch();
  try {
    auto st = db_.statement(
        "SELECT r.due_date, p.paid_date, SUM(p.to_principal) FROM receivables r "
        "JOIN payments p ON p.receivable_id = r.id "
        "WHERE r.due_date BETWEEN :from AND :to AND r.status <> 'cancelled' AND p.to_principal > 0 "
        "GROUP BY r.due_date, p.paid_date",
        soci::into(due), soci::into(paid), soci::into(cents), soci::use(first), soci::use(last));
    st.execute();
    while (st.fetch()) {
      out.push_back({Date::fromDaysSinceEpoch(due), Date::fromDaysSinceEpoch(paid), Money::fromCentavos(cents)});
    }
  } catch (const std::exception&) {
    db_.rethrowTranslated("pagamentos por vencimento");
  }
  return out;
}

}  // namespace regua::store
