#include "services/dashboard.hpp"

#include <algorithm>
#include <map>

#include "common/utc_time.hpp"
#include "services/delinquency.hpp"
#include "services/service_error.hpp"
#include "store/dashboard_sums.hpp"

namespace regua::services {

namespace {

Date monthStart(int year, unsigned month) { return Date::fromYmd(year, month, 1); }
Date monthStart(Date day) { return monthStart(day.year(), day.month()); }
Date nextMonthStart(Date day) {
  return day.month() == 12 ? monthStart(day.year() + 1, 1) : monthStart(day.year(), day.month() + 1);
}

// An effective due date moves a due date forward past weekends and holidays: the due
// days read start this much before the first effective day wanted.
constexpr int kLongestShift = 10;

// What fell due and what was paid on it, read once and asked for any window.
class DueLedger {
 public:
  DueLedger(store::Database& db, const calendar::BusinessCalendar& calendar, const std::string& city, Date from, Date to) {
    store::DashboardSums sums(db);
    for (const auto& d : sums.dueByDay(from.plusDays(-kLongestShift), to)) {
      due_[d.day] = {calendar.effectiveDueDate(d.day, city), d.amount};
    }
    for (const auto& p : sums.principalPaid(from.plusDays(-kLongestShift), to)) paid_[p.due].push_back({p.paid, p.principal});
  }

  // Items with their effective due date from `from` to `to` and before `asOf`: still open
  // at min(to, asOf), of what fell due.
  Rate delinquency(Date from, Date to, Date asOf) const {
    Rate rate;
    const Date measuredOn = std::min(to, asOf);
    forEachDay(from, to, asOf, [&](Date day, Money amount) {
      rate.whole += amount;
      rate.part += amount - paidBetween(day, std::nullopt, measuredOn);
    });
    return rate;
  }

  // Of the same items, what was still owed the day after the effective due date, and
  // the part of it paid since (up to asOf).
  Rate recovered(Date from, Date to, Date asOf) const {
    Rate rate;
    forEachDay(from, to, asOf, [&](Date day, Money amount) {
      const Date effective = due_.at(day).effective;
      rate.whole += amount - paidBetween(day, std::nullopt, effective);
      rate.part += paidBetween(day, effective, asOf);
    });
    return rate;
  }

  // What fell due (by effective due date) on each day from `from` to `to`.
  std::map<Date, Money> dueOnEffectiveDays(Date from, Date to) const {
    std::map<Date, Money> out;
    for (const auto& [day, entry] : due_) {
      if (entry.effective >= from && entry.effective <= to) out[entry.effective] += entry.amount;
    }
    return out;
  }

 private:
  struct DueDay {
    Date effective;
    Money amount;
  };
  struct Paid {
    Date on;
    Money principal;
  };

  template <typename Take>
  void forEachDay(Date from, Date to, Date asOf, Take take) const {
    for (auto it = due_.lower_bound(from.plusDays(-kLongestShift)); it != due_.end() && it->first <= to; ++it) {
      const Date effective = it->second.effective;
      if (effective >= from && effective <= to && effective < asOf) take(it->first, it->second.amount);
    }
  }

  // Principal paid on items due on `day`, after `after` (when given) up to `upTo`.
  Money paidBetween(Date day, std::optional<Date> after, Date upTo) const {
    Money sum;
    const auto it = paid_.find(day);
    if (it == paid_.end()) return sum;
    for (const auto& p : it->second) {
      if (p.on <= upTo && (!after || p.on > *after)) sum += p.principal;
    }
    return sum;
  }

  std::map<Date, DueDay> due_;
  std::map<Date, std::vector<Paid>> paid_;
};

void addOverdueToday(store::Database& db, const config::PolicySet& policies, const calendar::BusinessCalendar& calendar,
                     const std::string& city, engine::AmountQuoter& quoter, Dashboard& out) {
  std::map<std::string, BucketTotal> buckets;
  std::vector<std::int64_t> clients;
  forEachOverdueItem(db, policies, calendar, city, quoter, out.asOf, OverdueDetail::kPricingOnly,
                     [&](const domain::ReceivableFacts& f, Money updated) {
                       ++out.overdueItems;
                       clients.push_back(f.clientId);
                       out.overdue += f.open;
                       out.updated += updated;
                       auto& bucket = buckets[agingBucket(out.asOf - f.dueDate)];
                       ++bucket.items;
                       bucket.amount += f.open;
                     });
  std::sort(clients.begin(), clients.end());
  out.overdueClients = static_cast<int>(std::unique(clients.begin(), clients.end()) - clients.begin());
  for (const auto& name : agingBuckets()) {
    BucketTotal total = buckets[name];
    total.bucket = name;
    out.aging.push_back(total);
  }
}

}  // namespace

std::optional<long long> Rate::basisPoints() const {
  if (whole.centavos() <= 0) return std::nullopt;
  return (part.centavos() * 10000 + whole.centavos() / 2) / whole.centavos();
}

std::string Rate::percent() const {
  const auto bp = basisPoints();
  if (!bp) return "—";
  const long long cents = *bp % 100;
  return std::to_string(*bp / 100) + "," + (cents < 10 ? "0" : "") + std::to_string(cents) + "%";
}

Dashboard dashboard(store::Database& db, const config::PolicySet& policies, const calendar::BusinessCalendar& calendar,
                    const std::string& city, engine::AmountQuoter& quoter, Date asOf, std::optional<Date> from,
                    std::optional<Date> to) {
  Dashboard out;
  out.asOf = asOf;
  out.from = from.value_or(monthStart(asOf));
  out.to = to.value_or(asOf);
  if (out.from > out.to) {
    throw ServiceError(ServiceError::Kind::kRefused,
                       "o período começa (" + out.from.br() + ") depois de terminar (" + out.to.br() + ")");
  }
  addOverdueToday(db, policies, calendar, city, quoter, out);

  const Date thisMonth = monthStart(asOf), monthEnd = nextMonthStart(asOf).plusDays(-1);
  Date firstMonth = thisMonth;
  for (int i = 0; i < 11; ++i) firstMonth = monthStart(firstMonth.plusDays(-1));
  const DueLedger ledger(db, calendar, city, std::min(firstMonth, out.from), std::max(monthEnd, out.to));
  out.delinquency = ledger.delinquency(out.from, out.to, asOf);
  out.recovered = ledger.recovered(out.from, out.to, asOf);
  for (Date month = firstMonth; month <= thisMonth; month = nextMonthStart(month)) {
    out.months.push_back({month.year(), month.month(), ledger.delinquency(month, nextMonthStart(month).plusDays(-1), asOf)});
  }

  std::map<Date, Money> received;
  for (const auto& r : store::DashboardSums(db).receivedByDay(thisMonth, monthEnd)) received[r.day] = r.amount;
  const auto due = ledger.dueOnEffectiveDays(thisMonth, monthEnd);
  for (Date day = thisMonth; day <= monthEnd; day = day.plusDays(1)) {
    const auto d = due.find(day);
    const auto r = received.find(day);
    out.monthDays.push_back({day, d == due.end() ? Money() : d->second, r == received.end() ? Money() : r->second});
    if (day <= asOf && r != received.end()) out.receivedThisMonth += r->second;
  }
  return out;
}

Dashboard DashboardCache::get(store::Database& db, const std::shared_ptr<const config::PolicySet>& policies,
                              const calendar::BusinessCalendar& calendar, const std::string& city,
                              engine::AmountQuoter& quoter, Date asOf, std::optional<Date> from, std::optional<Date> to) {
  const std::string started = formatUtc(utcNow());
  const store::ChangeStamp stamp = store::DashboardSums(db).stamp();
  const auto same = [&](const Entry& e) {
    return e.asOf == asOf && e.from == from && e.to == to && e.policies == policies && e.stamp == stamp;
  };
  {
    std::lock_guard lock(mutex_);
    for (const auto& e : entries_) {
      if (same(e)) return e.numbers;
    }
  }
  Dashboard numbers = dashboard(db, *policies, calendar, city, quoter, asOf, from, to);
  // A write in the second the numbers were read leaves the stamp as it was: keep nothing.
  if (stamp.receivablesChanged >= started || stamp.clientsChanged >= started) return numbers;
  std::lock_guard lock(mutex_);
  entries_.push_front({started, asOf, from, to, stamp, policies, numbers});
  if (entries_.size() > kKept) entries_.pop_back();
  return numbers;
}

std::optional<std::pair<Date, std::string>> DashboardCache::latest() {
  std::lock_guard lock(mutex_);
  if (entries_.empty()) return std::nullopt;
  return std::pair(entries_.front().asOf, entries_.front().computedAt);
}

std::string delinquencyDefinition() {
  return "Inadimplência do período: dos títulos cujo vencimento efetivo (o dia útil em que podem ser pagos sem "
         "encargos) caiu no período e já passou, a parte do principal ainda não paga no fim do período (ou hoje, se "
         "ele não terminou), dividida pelo valor desses títulos. Títulos cancelados ficam fora; títulos renegociados "
         "contam como não pagos e as parcelas do acordo contam nos meses em que vencem.";
}

std::string recoveredDefinition() {
  return "Recuperado: dos mesmos títulos, o principal que ficou em aberto depois do vencimento efetivo, quanto foi "
         "pago depois dele (até hoje), dividido pelo que ficou em aberto.";
}

}  // namespace regua::services
