// Negotiation arithmetic: the offers a policy's limits allow for a client's overdue debt
// (pay now with a discount, or in installments) and the schedule of one agreement.
// Header-only, for the host (`regua agreement`, which stores agreements) and for
// plugins that list the offers in a message (negotiation, reminders): both compute the
// same figures from the same policy section.
//
// Money stays in integer centavos. Rates are parts per million of the whole (1 % a.m. =
// 10'000 ppm) so that the Price factor is computed in fixed point, never in floating
// point; every installment is rounded half up to the centavo and the last one absorbs
// the difference, so the schedule adds up exactly.
#ifndef REGUA_NEGOTIATION_HPP
#define REGUA_NEGOTIATION_HPP

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "regua/value.hpp"

namespace regua::negotiation {

// How installments are financed: no interest, simple interest on the financed amount
// per month, or Price (French amortisation: equal installments).
enum class Rate { kNone, kSimple, kPrice };

inline std::string_view toString(Rate rate) {
  switch (rate) {
    case Rate::kNone: return "none";
    case Rate::kSimple: return "simple";
    case Rate::kPrice: return "price";
  }
  return "none";
}

// "none", "simple", "price" -> the rate; nothing for anything else.
inline std::optional<Rate> rateFromString(std::string_view text) {
  for (Rate rate : {Rate::kNone, Rate::kSimple, Rate::kPrice}) {
    if (toString(rate) == text) return rate;
  }
  return std::nullopt;
}

inline constexpr std::int64_t kWhole = 1'000'000;  // ppm of the whole: 100 %

// Half-up rounding of numerator / denominator for non-negative values.
inline std::int64_t divideRounded(__int128 numerator, __int128 denominator) {
  return static_cast<std::int64_t>((numerator * 2 + denominator) / (denominator * 2));
}

// `ppm` of `amount`, rounded half up to the centavo.
inline Money share(Money amount, std::int64_t ppm) {
  return Money::fromCentavos(divideRounded(static_cast<__int128>(amount.centavos()) * ppm, kWhole));
}

// "1", "1,5", "2.25" (percent, up to four decimals) -> ppm; nothing for anything else.
inline std::optional<std::int64_t> parsePercent(std::string_view text) {
  std::int64_t whole = 0, fraction = 0;
  int decimals = 0;
  bool seenSeparator = false, seenDigit = false;
  for (char c : text) {
    if (c == ',' || c == '.') {
      if (seenSeparator) return std::nullopt;
      seenSeparator = true;
    } else if (c >= '0' && c <= '9') {
      seenDigit = true;
      if (seenSeparator) {
        if (++decimals > 4) return std::nullopt;
        fraction = fraction * 10 + (c - '0');
      } else {
        whole = whole * 10 + (c - '0');
        if (whole > 1'000'000) return std::nullopt;
      }
    } else {
      return std::nullopt;
    }
  }
  if (!seenDigit) return std::nullopt;
  while (decimals++ < 4) fraction *= 10;
  return whole * 10'000 + fraction;
}

// "1,5%" for messages.
inline std::string percentText(std::int64_t ppm) {
  std::string out = std::to_string(ppm / 10'000);
  std::int64_t rest = ppm % 10'000;
  if (rest != 0) {
    std::string digits = std::to_string(rest + 10'000).substr(1);
    while (digits.back() == '0') digits.pop_back();
    out += "," + digits;
  }
  return out + "%";
}

// How people read a plan, without its down payment: "à vista", "3x sem juros",
// "6x com juros simples de 1% a.m.", "12x com juros Price de 1,5% a.m.".
inline std::string planText(int count, bool cash, Rate rate, std::int64_t monthlyPpm) {
  if (cash) return "à vista";
  const std::string out = std::to_string(count) + "x";
  if (rate == Rate::kNone) return out + " sem juros";
  return out + " com juros " + (rate == Rate::kPrice ? "Price" : "simples") + " de " + percentText(monthlyPpm) + " a.m.";
}

// One tier of a policy's installment plans: up to `upTo` installments at `rate`.
struct Plan {
  int upTo = 1;
  Rate rate = Rate::kNone;
  std::int64_t monthlyPpm = 0;
};

enum class DiscountBase { kCharges, kTotal };

// A policy's `negotiation` section: what the office allows without an approver.
struct Terms {
  std::string policy;                 // governs the installments; "" = the debt's own policy
  std::int64_t cashDiscountPpm = 0;   // paying everything now
  DiscountBase cashDiscountOn = DiscountBase::kCharges;  // fine and interest, or the total
  std::vector<Plan> plans;            // by ascending upTo
  Money minInstallment;
  std::int64_t minDownPpm = 0;        // the least down payment, as a share of the debt
  int firstDueBusinessDays = 3;       // from the day the offer is made
  int validDays = 5;                  // an offer or proposal expires after this many days
  int breakAfterDays = 30;            // an installment this late breaks the agreement
  std::string taskType = "cobranca";  // the follow-up task a broken agreement reopens

  int maxInstallments() const { return plans.empty() ? 1 : plans.back().upTo; }
  // The tier a count falls in; the last tier beyond the maximum (that needs an approver).
  Plan planFor(int count) const {
    for (const auto& plan : plans) {
      if (count <= plan.upTo) return plan;
    }
    return plans.empty() ? Plan{} : plans.back();
  }
};

// The keys a `negotiation` section may have (plans.N.* stands for each plan).
inline constexpr const char* kTermKeys =
    "policy, cash_discount.percent, cash_discount.on, plans.N.up_to, plans.N.rate, plans.N.monthly_percent, "
    "min_installment, min_down_percent, first_due_business_days, offer_valid_days, break_after_days, task_type";

// Reads a flattened `negotiation` section ("plans.0.up_to" = "3", ...). Every problem
// goes to `errors` as "key: what is wrong"; the terms are usable only when none was.
inline Terms parseTerms(const std::vector<std::pair<std::string, std::string>>& section,
                        std::vector<std::string>& errors) {
  Terms terms;
  auto integer = [&](const std::string& key, const std::string& value, int low, int high, int& out) {
    try {
      std::size_t used = 0;
      const int parsed = std::stoi(value, &used);
      if (used == value.size() && parsed >= low && parsed <= high) {
        out = parsed;
        return;
      }
    } catch (const std::exception&) {
    }
    errors.push_back(key + ": '" + value + "' deve ser um número inteiro de " + std::to_string(low) + " a " +
                     std::to_string(high));
  };
  auto percent = [&](const std::string& key, const std::string& value, std::int64_t& out) {
    const auto ppm = parsePercent(value);
    if (!ppm || *ppm > kWhole) {
      errors.push_back(key + ": '" + value + "' deve ser um percentual de 0 a 100 (ex.: 1,5)");
      return;
    }
    out = *ppm;
  };
  std::vector<std::pair<Plan, std::vector<bool>>> plans;  // flags: up_to, rate, monthly_percent seen
  for (const auto& [key, value] : section) {
    if (key == "policy") {
      terms.policy = value;
    } else if (key == "cash_discount.percent") {
      percent(key, value, terms.cashDiscountPpm);
    } else if (key == "cash_discount.on") {
      if (value == "charges") terms.cashDiscountOn = DiscountBase::kCharges;
      else if (value == "total") terms.cashDiscountOn = DiscountBase::kTotal;
      else errors.push_back(key + ": '" + value + "' deve ser charges (multa e juros) ou total");
    } else if (key == "min_installment") {
      const auto money = Money::parse(value, MoneyFormat::kText);
      if (!money || *money < Money()) errors.push_back(key + ": '" + value + "' não é um valor (ex.: 100,00)");
      else terms.minInstallment = *money;
    } else if (key == "min_down_percent") {
      percent(key, value, terms.minDownPpm);
    } else if (key == "first_due_business_days") {
      integer(key, value, 0, 60, terms.firstDueBusinessDays);
    } else if (key == "offer_valid_days") {
      integer(key, value, 1, 90, terms.validDays);
    } else if (key == "break_after_days") {
      integer(key, value, 1, 365, terms.breakAfterDays);
    } else if (key == "task_type") {
      terms.taskType = value;
    } else if (key.rfind("plans.", 0) == 0) {
      const auto dot = key.find('.', 6);
      std::size_t index = 0;
      try {
        index = std::stoul(key.substr(6, dot - 6));
      } catch (const std::exception&) {
        errors.push_back(key + ": 'plans' deve ser uma lista de planos {up_to, rate, monthly_percent}");
        continue;
      }
      if (index >= plans.size()) plans.resize(index + 1, {Plan{}, {false, false, false}});
      auto& [plan, seen] = plans[index];
      const std::string field = dot == std::string::npos ? "" : key.substr(dot + 1);
      if (field == "up_to") {
        integer(key, value, 1, 120, plan.upTo);
        seen[0] = true;
      } else if (field == "rate") {
        seen[1] = true;
        if (const auto rate = rateFromString(value)) plan.rate = *rate;
        else errors.push_back(key + ": '" + value + "' deve ser none, simple ou price");
      } else if (field == "monthly_percent") {
        seen[2] = true;
        percent(key, value, plan.monthlyPpm);
      } else {
        errors.push_back(key + ": chave desconhecida; um plano aceita up_to, rate, monthly_percent");
      }
    } else {
      errors.push_back(key + ": chave desconhecida; aceitas: " + std::string(kTermKeys));
    }
  }
  int previous = 0;
  for (std::size_t i = 0; i < plans.size(); ++i) {
    const auto& [plan, seen] = plans[i];
    const std::string where = "plans." + std::to_string(i);
    if (!seen[0]) errors.push_back(where + ": falta up_to (o número máximo de parcelas do plano)");
    if (seen[0] && plan.upTo <= previous) {
      errors.push_back(where + ".up_to: os planos vão em ordem crescente de parcelas (" + std::to_string(plan.upTo) +
                       " depois de " + std::to_string(previous) + ")");
    }
    if (plan.rate == Rate::kNone && plan.monthlyPpm != 0) {
      errors.push_back(where + ": rate none não cobra juros; tire monthly_percent ou use simple/price");
    }
    if (plan.rate != Rate::kNone && (!seen[2] || plan.monthlyPpm == 0)) {
      errors.push_back(where + ": rate " + std::string(toString(plan.rate)) + " precisa de monthly_percent > 0");
    }
    previous = std::max(previous, plan.upTo);
    terms.plans.push_back(plan);
  }
  return terms;
}

// What a client owes now on the items being negotiated (quotes as of the offer's day).
struct Debt {
  Money principal, fine, interest;
  Money charges() const { return fine + interest; }
  Money total() const { return principal + fine + interest; }
};

struct Installment {
  int number = 0;      // 1-based, the down payment (if any) first
  bool down = false;   // the down payment (entrada)
  Date due;            // on a business day
  Money amount;        // what the client pays
  Money interest;      // financing interest inside `amount`
};

// One agreement's figures: an offer, or a proposal before the office accepts it.
struct Schedule {
  int count = 1;                 // installments after the down payment; 1 and no down = à vista
  Plan plan;                     // the tier the count falls in
  Money debt;                    // Debt::total() when proposed
  Money discount;                // à vista only
  Money down;
  std::vector<Installment> installments;
  // Why the schedule goes beyond the policy's limits (needs an approver); empty = within.
  std::vector<std::string> beyondLimits;

  bool cash() const { return count == 1 && down == Money(); }
  Money total() const {
    Money sum;
    for (const auto& i : installments) sum += i.amount;
    return sum;
  }
  Money financingInterest() const {
    Money sum;
    for (const auto& i : installments) sum += i.interest;
    return sum;
  }
  std::string planText() const { return negotiation::planText(count, cash(), plan.rate, plan.monthlyPpm); }
  // The amount of the regular installments (the first after the down payment).
  Money regular() const {
    for (const auto& i : installments) {
      if (!i.down) return i.amount;
    }
    return Money();
  }
};

// Maps a day to itself when it is a business day, else to the next business day.
using BusinessDay = std::function<Date(Date)>;

// `months` months after `first`, on the same day of the month (the month's last day
// when it is shorter), moved to a business day.
inline Date monthlyDue(Date first, int months, const BusinessDay& businessDay) {
  using namespace std::chrono;
  const year_month_day start{sys_days{days{first.daysSinceEpoch()}}};
  const year_month target = year_month{start.year(), start.month()} + std::chrono::months{months};
  const unsigned last = static_cast<unsigned>(year_month_day_last{target.year(), month_day_last{target.month()}}.day());
  const unsigned day = std::min(static_cast<unsigned>(start.day()), last);
  const Date plain = Date::fromYmd(static_cast<int>(target.year()), static_cast<unsigned>(target.month()), day);
  return businessDay(plain);
}

// The schedule of `count` installments (plus `down`, when given or when the policy asks
// for one) for `debt`, the first due on `firstDue` (moved to a business day).
// Throws std::invalid_argument when it cannot exist (no installments, a down payment
// that covers the whole debt, nothing owed). Limits the office can waive with an
// approver go to beyondLimits instead.
inline Schedule schedule(const Debt& debt, const Terms& terms, int count, std::optional<Money> down, Date firstDue,
                         const BusinessDay& businessDay) {
  if (debt.total() <= Money()) throw std::invalid_argument("não há valor em aberto para negociar");
  if (count < 1 || count > 360) throw std::invalid_argument("o número de parcelas vai de 1 a 360, veio " + std::to_string(count));
  Schedule s;
  s.count = count;
  s.plan = terms.planFor(count);
  s.debt = debt.total();
  const Money minDown = count > 1 ? share(s.debt, terms.minDownPpm) : Money();
  s.down = down.value_or(minDown);
  if (s.down < Money() || s.down >= s.debt) {
    throw std::invalid_argument("a entrada de " + s.down.toBrl() + " deve ser menor que a dívida de " + s.debt.toBrl());
  }
  if (count > terms.maxInstallments()) {
    s.beyondLimits.push_back(std::to_string(count) + " parcelas: a política permite até " +
                             std::to_string(terms.maxInstallments()));
  }
  if (s.down < minDown) {
    s.beyondLimits.push_back("entrada de " + s.down.toBrl() + " abaixo do mínimo de " + minDown.toBrl() + " (" +
                             percentText(terms.minDownPpm) + " da dívida)");
  }
  if (s.cash()) {
    const Money base = terms.cashDiscountOn == DiscountBase::kCharges ? debt.charges() : debt.total();
    s.discount = share(base, terms.cashDiscountPpm);
    s.plan = Plan{1, Rate::kNone, 0};
  }

  const Date first = businessDay(firstDue);
  int number = 0;
  if (s.down > Money()) s.installments.push_back({++number, true, first, s.down, Money()});
  const Money financed = s.debt - s.discount - s.down;
  const int offset = s.down > Money() ? 1 : 0;
  const std::int64_t rate = s.plan.rate == Rate::kNone ? 0 : s.plan.monthlyPpm;

  std::vector<Money> amounts, interests;
  if (s.plan.rate == Rate::kPrice && rate > 0) {
    // Fixed point at 1e12: factor = (1 + i)^n; payment = F * i * f / (f - 1).
    constexpr __int128 kScale = 1'000'000'000'000;
    const __int128 i = static_cast<__int128>(rate) * (kScale / kWhole);
    __int128 factor = kScale;
    for (int k = 0; k < count; ++k) factor = (factor * (kScale + i) * 2 + kScale) / (kScale * 2);
    const __int128 perUnit = (i * factor * 2 + (factor - kScale)) / ((factor - kScale) * 2);  // scaled payment per 1
    const Money payment = Money::fromCentavos(divideRounded(static_cast<__int128>(financed.centavos()) * perUnit, kScale));
    Money balance = financed;
    for (int k = 0; k < count; ++k) {
      const Money interest = share(balance, rate);
      const Money amount = k + 1 == count ? balance + interest : payment;
      amounts.push_back(amount);
      interests.push_back(interest);
      balance -= amount - interest;
    }
  } else {
    const Money interestTotal =
        Money::fromCentavos(divideRounded(static_cast<__int128>(financed.centavos()) * rate * count, kWhole));
    const Money total = financed + interestTotal;
    const Money each = Money::fromCentavos(divideRounded(total.centavos(), count));
    const Money interestEach = Money::fromCentavos(divideRounded(interestTotal.centavos(), count));
    for (int k = 0; k < count; ++k) {
      const bool last = k + 1 == count;
      amounts.push_back(last ? total - each * (count - 1) : each);
      interests.push_back(last ? interestTotal - interestEach * (count - 1) : interestEach);
    }
  }
  for (int k = 0; k < count; ++k) {
    s.installments.push_back({++number, false, monthlyDue(firstDue, k + offset, businessDay), amounts[k], interests[k]});
  }
  if (!s.cash() && s.regular() < terms.minInstallment) {
    s.beyondLimits.push_back("parcela de " + s.regular().toBrl() + " abaixo do mínimo de " +
                             terms.minInstallment.toBrl());
  }
  return s;
}

// The offers within the policy's limits: à vista with the cash discount, then for each
// plan the most installments it allows whose installment is not below the minimum.
inline std::vector<Schedule> offers(const Debt& debt, const Terms& terms, Date firstDue, const BusinessDay& businessDay) {
  std::vector<Schedule> out;
  if (debt.total() <= Money()) return out;
  out.push_back(schedule(debt, terms, 1, std::nullopt, firstDue, businessDay));
  int floor = 1;
  for (const auto& plan : terms.plans) {
    for (int count = plan.upTo; count > floor; --count) {
      Schedule s = schedule(debt, terms, count, std::nullopt, firstDue, businessDay);
      if (s.beyondLimits.empty()) {
        out.push_back(std::move(s));
        break;
      }
    }
    floor = std::max(floor, plan.upTo);
  }
  return out;
}

}  // namespace regua::negotiation

#endif  // REGUA_NEGOTIATION_HPP
