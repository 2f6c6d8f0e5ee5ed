#include "store/agreement_repository.hpp"

namespace regua::store {

namespace {

constexpr const char* kColumns =
    "SELECT id, client_id, status, installments, rate, monthly_ppm, debt, discount, down_payment, total, policy_id, "
    "break_after_days, proposed_on, expires_on, accepted_on, ended_on, approved_by, beyond_limits, end_reason "
    "FROM agreements ";

std::optional<Date> optionalDay(int day, soci::indicator ind) {
  return ind == soci::i_ok ? std::optional<Date>(Date::fromDaysSinceEpoch(day)) : std::nullopt;
}

}  // namespace

void AgreementRepository::insert(Agreement& a) {
  const std::string context = "proposta de acordo do cliente " + std::to_string(a.clientId);
  long client = a.clientId, ppm = a.monthlyPpm, debt = a.debt.centavos(), discount = a.discount.centavos(),
       down = a.down.centavos(), total = a.total.centavos(), id = 0;
  int installments = a.installments, breakAfter = a.breakAfterDays, proposed = a.proposedOn.daysSinceEpoch(),
      expires = a.expiresOn.daysSinceEpoch();
  const std::string now = Database::nowUtc();
  auto& sql = db_.sql();
  try {
    sql << "INSERT INTO agreements (client_id, status, installments, rate, monthly_ppm, debt, discount, down_payment, "
           "total, policy_id, break_after_days, proposed_on, expires_on, approved_by, beyond_limits, created_at, "
           "updated_at) VALUES (:client, :status, :installments, :rate, :ppm, :debt, :discount, :down, :total, "
           ":policy, :break_after, :proposed, :expires, :approved_by, :beyond, :now, :now2) RETURNING id",
        soci::use(client), soci::use(a.status), soci::use(installments), soci::use(a.rate), soci::use(ppm),
        soci::use(debt), soci::use(discount), soci::use(down), soci::use(total), soci::use(a.policyId),
        soci::use(breakAfter), soci::use(proposed), soci::use(expires), soci::use(a.approvedBy),
        soci::use(a.beyondLimits), soci::use(now), soci::use(now), soci::into(id);
    for (const auto& item : a.items) {
      long receivable = item.receivableId, principal = item.principal.centavos(), fine = item.fine.centavos(),
           interest = item.interest.centavos();
      sql << "INSERT INTO agreement_items (agreement_id, receivable_id, principal, fine, interest) "
             "VALUES (:id, :receivable, :principal, :fine, :interest)",
          soci::use(id), soci::use(receivable), soci::use(principal), soci::use(fine), soci::use(interest);
    }
    for (const auto& i : a.schedule) {
      int number = i.number, isDown = i.down ? 1 : 0, due = i.dueDate.daysSinceEpoch();
      long amount = i.amount.centavos(), interest = i.interest.centavos();
      sql << "INSERT INTO agreement_installments (agreement_id, number, down_payment, due_date, amount, interest) "
             "VALUES (:id, :number, :down, :due, :amount, :interest)",
          soci::use(id), soci::use(number), soci::use(isDown), soci::use(due), soci::use(amount), soci::use(interest);
    }
  } catch (const std::exception&) {
    db_.rethrowTranslated(context, "o cliente ou um dos títulos não existe");
  }
  a.id = id;
}

std::vector<Agreement> AgreementRepository::select(const std::string& condition, long param) {
  std::vector<Agreement> out;
  Agreement a;
  long id = 0, client = 0, ppm = 0, debt = 0, discount = 0, down = 0, total = 0;
  int installments = 0, breakAfter = 0, proposed = 0, expires = 0, accepted = 0, ended = 0;
  soci::indicator acceptedInd = soci::i_null, endedInd = soci::i_null;
  try {
    auto st = db_.statement(kColumns + condition, soci::into(id), soci::into(client), soci::into(a.status),
                            soci::into(installments), soci::into(a.rate), soci::into(ppm), soci::into(debt),
                            soci::into(discount), soci::into(down), soci::into(total), soci::into(a.policyId),
                            soci::into(breakAfter), soci::into(proposed), soci::into(expires),
                            soci::into(accepted, acceptedInd), soci::into(ended, endedInd), soci::into(a.approvedBy),
                            soci::into(a.beyondLimits), soci::into(a.endReason), soci::use(param));
    st.execute();
    while (st.fetch()) {
      a.id = id;
      a.clientId = client;
      a.installments = installments;
      a.monthlyPpm = ppm;
      a.debt = Money::fromCentavos(debt);
      a.discount = Money::fromCentavos(discount);
      a.down = Money::fromCentavos(down);
      a.total = Money::fromCentavos(total);
      a.breakAfterDays = breakAfter;
      a.proposedOn = Date::fromDaysSinceEpoch(proposed);
      a.expiresOn = Date::fromDaysSinceEpoch(expires);
      a.acceptedOn = optionalDay(accepted, acceptedInd);
      a.endedOn = optionalDay(ended, endedInd);
      out.push_back(a);
    }
  } catch (const std::exception&) {
    db_.rethrowTranslated("lendo acordos");
  }
  return out;
}

std::optional<Agreement> AgreementRepository::findById(std::int64_t agreementId) {
  auto found = select("WHERE id = :id", static_cast<long>(agreementId));
  if (found.empty()) return std::nullopt;
  Agreement a = std::move(found.front());
  long id = a.id, receivable = 0, principal = 0, fine = 0, interest = 0, amount = 0;
  int number = 0, down = 0, due = 0;
  soci::indicator receivableInd = soci::i_null;
  try {
    auto items = db_.statement(
        "SELECT i.receivable_id, i.principal, i.fine, i.interest FROM agreement_items i "
        "JOIN receivables r ON r.id = i.receivable_id WHERE i.agreement_id = :id "
        "ORDER BY r.due_date, r.id",
        soci::into(receivable), soci::into(principal), soci::into(fine), soci::into(interest), soci::use(id));
    items.execute();
    while (items.fetch()) {
      a.items.push_back({receivable, Money::fromCentavos(principal), Money::fromCentavos(fine),
                         Money::fromCentavos(interest)});
    }
    auto schedule = db_.statement(
        "SELECT number, down_payment, due_date, amount, interest, receivable_id "
        "FROM agreement_installments WHERE agreement_id = :id ORDER BY number",
        soci::into(number), soci::into(down), soci::into(due), soci::into(amount), soci::into(interest),
        soci::into(receivable, receivableInd), soci::use(id));
    schedule.execute();
    while (schedule.fetch()) {
      a.schedule.push_back({number, down != 0, Date::fromDaysSinceEpoch(due), Money::fromCentavos(amount),
                            Money::fromCentavos(interest), receivableInd == soci::i_ok ? receivable : 0});
    }
  } catch (const std::exception&) {
    db_.rethrowTranslated("acordo " + std::to_string(agreementId));
  }
  return a;
}

std::vector<Agreement> AgreementRepository::list(std::optional<std::int64_t> clientId) {
  if (clientId) return select("WHERE client_id = :client ORDER BY id DESC", static_cast<long>(*clientId));
  return select("WHERE 0 = :none ORDER BY id DESC", 0);
}

std::vector<std::int64_t> AgreementRepository::activeIds() {
  std::vector<std::int64_t> out;
  for (const auto& a : select("WHERE status = 'active' AND 0 = :none ORDER BY id", 0)) out.push_back(a.id);
  return out;
}

std::optional<std::int64_t> AgreementRepository::activeForClient(std::int64_t clientId) {
  auto found = select("WHERE status = 'active' AND client_id = :client", static_cast<long>(clientId));
  if (found.empty()) return std::nullopt;
  return found.front().id;
}

namespace {
// The active agreement of each receivable in `ids` (bound parameters or a subquery,
// once per branch): one it replaced, or one whose installment it is.
std::string activeAgreementsOf(const std::string& itemIds, const std::string& installmentIds) {
  return "SELECT i.receivable_id, a.id FROM agreement_items i JOIN agreements a ON a.id = i.agreement_id "
         "WHERE a.status = 'active' AND i.receivable_id IN (" + itemIds + ") UNION ALL "
         "SELECT n.receivable_id, a.id FROM agreement_installments n JOIN agreements a ON a.id = n.agreement_id "
         "WHERE a.status = 'active' AND n.receivable_id IN (" + installmentIds + ")";
}
}  // namespace

std::optional<std::int64_t> AgreementRepository::activeFor(std::int64_t receivableId) {
  long receivable = receivableId, found = 0, id = 0;
  try {
    if (db_.run(activeAgreementsOf(":r1", ":r2"), soci::into(found), soci::into(id), soci::use(receivable),
                soci::use(receivable))) {
      return id;
    }
  } catch (const std::exception&) {
    db_.rethrowTranslated("acordo do título " + std::to_string(receivableId));
  }
  return std::nullopt;
}

std::map<std::int64_t, std::int64_t> AgreementRepository::activeForIdsIn(const std::string& ids) {
  std::map<std::int64_t, std::int64_t> out;
  long receivable = 0, id = 0;
  try {
    auto st = db_.statement(activeAgreementsOf(ids, ids), soci::into(receivable), soci::into(id));
    st.execute();
    while (st.fetch()) out.emplace(receivable, id);
  } catch (const std::exception&) {
    db_.rethrowTranslated("acordos dos títulos do lote");
  }
  return out;
}

void AgreementRepository::updateStatus(const Agreement& a) {
  long id = a.id;
  int accepted = a.acceptedOn ? a.acceptedOn->daysSinceEpoch() : 0, ended = a.endedOn ? a.endedOn->daysSinceEpoch() : 0;
  soci::indicator acceptedInd = a.acceptedOn ? soci::i_ok : soci::i_null, endedInd = a.endedOn ? soci::i_ok : soci::i_null;
  const std::string now = Database::nowUtc();
  try {
    db_.run(
        "UPDATE agreements SET status = :status, accepted_on = :accepted, ended_on = :ended, "
        "end_reason = :reason, updated_at = :now WHERE id = :id",
        soci::use(a.status), soci::use(accepted, acceptedInd), soci::use(ended, endedInd), soci::use(a.endReason),
        soci::use(now), soci::use(id));
  } catch (const std::exception&) {
    db_.rethrowTranslated("acordo " + std::to_string(a.id), "o cliente já tem outro acordo ativo");
  }
}

void AgreementRepository::linkInstallment(std::int64_t agreementId, int number, std::int64_t receivableId) {
  long agreement = agreementId, receivable = receivableId;
  try {
    db_.run(
        "UPDATE agreement_installments SET receivable_id = :receivable WHERE agreement_id = :id AND "
        "number = :number",
        soci::use(receivable), soci::use(agreement), soci::use(number));
    db_.run("UPDATE receivables SET agreement_id = :id WHERE id = :receivable", soci::use(agreement),
            soci::use(receivable));
  } catch (const std::exception&) {
    db_.rethrowTranslated("parcela " + std::to_string(number) + " do acordo " + std::to_string(agreementId));
  }
}

void AgreementRepository::insertPromise(Promise& p) {
  long client = p.clientId, amount = p.amount.centavos(), id = 0;
  int made = p.madeOn.daysSinceEpoch(), until = p.until.daysSinceEpoch(), check = p.checkOn.daysSinceEpoch();
  const std::string now = Database::nowUtc();
  try {
    db_.run(
        "INSERT INTO promises (client_id, made_on, until_date, check_on, amount, status, created_at) "
        "VALUES (:client, :made, :until, :check, :amount, :status, :now) RETURNING id",
        soci::use(client), soci::use(made), soci::use(until), soci::use(check), soci::use(amount), soci::use(p.status),
        soci::use(now), soci::into(id));
  } catch (const std::exception&) {
    db_.rethrowTranslated("promessa de pagamento do cliente " + std::to_string(p.clientId));
  }
  p.id = id;
}

namespace {

std::vector<Promise> selectPromises(Database& db, const std::string& condition, long param) {
  std::vector<Promise> out;
  long id = 0, client = 0, amount = 0;
  int made = 0, until = 0, check = 0;
  std::string status;
  try {
    auto st = db.statement(
        "SELECT id, client_id, made_on, until_date, check_on, amount, status "
        "FROM promises " +
            condition,
        soci::into(id), soci::into(client), soci::into(made), soci::into(until), soci::into(check), soci::into(amount),
        soci::into(status), soci::use(param));
    st.execute();
    while (st.fetch()) {
      out.push_back({id, client, Date::fromDaysSinceEpoch(made), Date::fromDaysSinceEpoch(until),
                     Date::fromDaysSinceEpoch(check), Money::fromCentavos(amount), status});
    }
  } catch (const std::exception&) {
    db.rethrowTranslated("lendo promessas de pagamento");
  }
  return out;
}

}  // namespace

std::optional<Promise> AgreementRepository::openPromise(std::int64_t clientId) {
  auto found = selectPromises(db_, "WHERE status = 'open' AND client_id = :client ORDER BY id DESC",
                              static_cast<long>(clientId));
  if (found.empty()) return std::nullopt;
  return found.front();
}

std::vector<Promise> AgreementRepository::promisesDue(Date day) {
  return selectPromises(db_, "WHERE status = 'open' AND check_on < :day ORDER BY id", day.daysSinceEpoch());
}

void AgreementRepository::resolvePromise(std::int64_t id, const std::string& status, Date on) {
  long promise = id;
  int day = on.daysSinceEpoch();
  try {
    db_.run("UPDATE promises SET status = :status, resolved_on = :day WHERE id = :id", soci::use(status),
            soci::use(day), soci::use(promise));
  } catch (const std::exception&) {
    db_.rethrowTranslated("promessa de pagamento " + std::to_string(id));
  }
}

Money AgreementRepository::paidBetween(std::int64_t clientId, Date from, Date to) {
  long client = clientId, paid = 0;
  int first = from.daysSinceEpoch(), last = to.daysSinceEpoch();
  soci::indicator ind = soci::i_null;
  try {
    db_.run("SELECT SUM(amount) FROM payments WHERE client_id = :client AND paid_date BETWEEN :first AND :last",
            soci::into(paid, ind), soci::use(client), soci::use(first), soci::use(last));
  } catch (const std::exception&) {
    db_.rethrowTranslated("pagamentos do cliente " + std::to_string(clientId));
  }
  return Money::fromCentavos(ind == soci::i_ok ? paid : 0);
}

}  // namespace regua::store
