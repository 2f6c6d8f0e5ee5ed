#include "penalties.hpp"

#include <algorithm>

namespace regua::penalties {

namespace {

// CDC art. 52 §1º: a consumer's fine may not exceed 2% of the installment.
constexpr Rate kConsumerFineCap{2 * Rate::kOnePercent};
constexpr Rate kMaxRate{100 * Rate::kOnePercent};
constexpr std::int64_t kRateScale = 100 * Rate::kOnePercent;  // a Rate over this is a fraction

int intArg(const std::string& key, const std::string& value, int min, int max) {
  int out = 0;
  bool ok = !value.empty() && value.size() <= 6 && value.find_first_not_of("0123456789") == std::string::npos;
  if (ok) out = std::stoi(value);
  if (!ok || out < min || out > max) {
    throw InvalidTerms("'" + key + "' deve ser um número inteiro de " + std::to_string(min) + " a " +
                       std::to_string(max) + ", veio '" + value + "'");
  }
  return out;
}

Rate rateArg(const std::string& key, const std::string& value) {
  const auto rate = parseRate(value);
  if (!rate || *rate > kMaxRate) {
    throw InvalidTerms("'" + key + "' deve ser um percentual de 0 a 100 (ex.: 2 ou 2,5), veio '" + value + "'");
  }
  return *rate;
}

}  // namespace

int monthIndex(Date day) { return day.year() * 12 + static_cast<int>(day.month()) - 1; }

std::optional<Rate> parseRate(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '%')) text.remove_suffix(1);
  if (text.empty()) return std::nullopt;
  std::int64_t whole = 0, fraction = 0;
  int decimals = -1;  // -1 until the separator
  for (char c : text) {
    if (c == ',' || c == '.') {
      if (decimals >= 0) return std::nullopt;
      decimals = 0;
      continue;
    }
    if (c < '0' || c > '9') return std::nullopt;
    if (decimals < 0) {
      if (whole > 1'000'000) return std::nullopt;
      whole = whole * 10 + (c - '0');
    } else {
      if (++decimals > 6) return std::nullopt;
      fraction = fraction * 10 + (c - '0');
    }
  }
  if (decimals == 0) return std::nullopt;  // "2," is a typo, not 2
  for (int d = std::max(decimals, 0); d < 6; ++d) fraction *= 10;
  return Rate{whole * Rate::kOnePercent + fraction};
}

std::string formatRate(Rate rate) {
  std::string fraction = std::to_string(rate.micro % Rate::kOnePercent);
  fraction = std::string(6 - fraction.size(), '0') + fraction;
  while (!fraction.empty() && fraction.back() == '0') fraction.pop_back();
  return std::to_string(rate.micro / Rate::kOnePercent) + (fraction.empty() ? "" : "," + fraction) + "%";
}

std::optional<std::pair<Rate, int>> LegalRates::forMonth(Date day) const {
  const int key = monthIndex(day);
  auto it = byMonth_.upper_bound(key);
  if (it == byMonth_.begin()) return std::nullopt;
  --it;
  return std::make_pair(it->second, it->first);
}

Terms parseTerms(const std::vector<std::pair<std::string, std::string>>& args) {
  Terms t;
  bool percent = false, amount = false;
  for (const auto& [key, value] : args) {
    if (key == "fine_percent") {
      t.finePercent = rateArg(key, value);
    } else if (key == "interest_monthly_percent") {
      t.interestMonthly = rateArg(key, value);
    } else if (key == "interest") {
      if (value != "legal" && value != "contract") {
        throw InvalidTerms("'interest' aceita 'legal' (taxa legal, CC art. 406) ou 'contract', veio '" + value + "'");
      }
      t.legalInterest = value == "legal";
    } else if (key == "grace_days") {
      t.graceDays = intArg(key, value, 0, 365);
    } else if (key == "discount_percent") {
      t.discountPercent = rateArg(key, value);
      percent = true;
    } else if (key == "discount_amount") {
      const auto money = Money::parse(value, regua::MoneyFormat::kText);
      if (!money || *money < Money()) {
        throw InvalidTerms("'discount_amount' deve ser um valor como 50,00 ou 1.000,00, veio '" + value + "'");
      }
      t.discountAmount = *money;
      amount = true;
    } else if (key == "discount_until") {
      t.discountUntil = Date::parse(value);
      if (!t.discountUntil) throw InvalidTerms("'discount_until' deve ser uma data AAAA-MM-DD ou DD/MM/AAAA, veio '" + value + "'");
    } else if (key == "discount_days_before_due") {
      t.discountDaysBeforeDue = intArg(key, value, 0, 365);
    } else if (key == "city") {
      t.city = value;
    } else {
      throw InvalidTerms("chave desconhecida '" + key +
                         "' em penalties; use fine_percent, interest_monthly_percent, interest, grace_days, "
                         "discount_percent, discount_amount, discount_until ou discount_days_before_due");
    }
  }
  if (percent && amount) throw InvalidTerms("use discount_percent ou discount_amount, não os dois");
  return t;
}

std::int64_t roundHalfUp(__int128 numerator, __int128 denominator) {
  return static_cast<std::int64_t>((numerator * 2 + denominator) / (denominator * 2));
}

Quote compute(const Terms& t, const Request& r, const LegalRates& legal) {
  if (r.principal < Money()) throw InvalidTerms("o valor em aberto não pode ser negativo (" + r.principal.toBrl() + ")");
  if (r.issueDate && r.onDate < *r.issueDate) {
    throw InvalidTerms("a data do cálculo (" + r.onDate.br() + ") é anterior à emissão do título (" + r.issueDate->br() + ")");
  }
  if (r.issueDate && r.dueDate < *r.issueDate) {
    throw InvalidTerms("o vencimento (" + r.dueDate.br() + ") é anterior à emissão (" + r.issueDate->br() + ")");
  }
  Quote q;
  q.principal = r.principal;
  q.effectiveDue = r.effectiveDue;
  const std::int64_t principal = r.principal.centavos();

  // Lei 7.089/1983: a due date on a non-business day may be paid on the next business
  // day without charges; grace days count after that day.
  const Date lastFreeDay = r.effectiveDue.plusDays(t.graceDays);
  const bool late = r.onDate > lastFreeDay;
  q.daysLate = r.onDate > r.effectiveDue ? r.onDate - r.dueDate : 0;

  if (late) {
    // Fine: once, on the principal; capped at 2% for a consumer (CDC art. 52 §1º).
    if (!r.fineAssessed && t.finePercent.micro > 0) {
      Rate rate = t.finePercent;
      if (r.debtorIsPerson && rate > kConsumerFineCap) {
        rate = kConsumerFineCap;
        q.notes.push_back("multa limitada a 2% para pessoa física (CDC art. 52 §1º); o contrato previa " +
                          formatRate(t.finePercent));
      }
      q.fine = Money::fromCentavos(roundHalfUp(static_cast<__int128>(principal) * rate.micro, kRateScale));
    }
    // Interest: simple, pro rata die, calendar days from the original due date (or
    // from a partial payment, for what was left).
    const Date from = r.interestFrom ? std::max(r.dueDate, *r.interestFrom) : r.dueDate;
    if (r.onDate > from) {
      __int128 rateDays = 0;  // Σ monthly rate × days, in Rate units
      if (t.legalInterest) {
        if (legal.empty()) {
          throw InvalidTerms("juros pela taxa legal pedidos, mas nenhuma taxa configurada; copie as taxas que o "
                             "Banco Central publica (página Taxa Legal) para o arquivo legal_rates_file do plugin "
                             "penalties (modelo: config/taxa-legal.csv)");
        }
        int stale = -1;
        for (Date day = from.plusDays(1); day <= r.onDate;) {
          const int month = monthIndex(day);
          const Date nextMonth = Date::fromYmd((month + 1) / 12, static_cast<unsigned>((month + 1) % 12 + 1), 1);
          const Date monthEnd = nextMonth.plusDays(-1);
          const Date segmentEnd = std::min(monthEnd, r.onDate);
          const auto rate = legal.forMonth(day);
          if (!rate) {
            throw InvalidTerms("não há taxa legal para " + day.br().substr(3) + " nem antes; acrescente as taxas "
                               "publicadas pelo Banco Central ao arquivo legal_rates_file do plugin penalties");
          }
          if (rate->second != month) stale = rate->second;
          rateDays += static_cast<__int128>(rate->first.micro) * (segmentEnd - day + 1);
          day = segmentEnd.plusDays(1);
        }
        if (stale >= 0) {
          const int year = stale / 12, month = stale % 12 + 1;
          q.notes.push_back("taxa legal de meses sem publicação tomada de " + std::string(month < 10 ? "0" : "") +
                            std::to_string(month) + "/" + std::to_string(year));
        }
        q.notes.push_back("juros pela taxa legal (CC art. 406, Lei 14.905/2024)");
      } else {
        rateDays = static_cast<__int128>(t.interestMonthly.micro) * (r.onDate - from);
      }
      q.interest = Money::fromCentavos(roundHalfUp(static_cast<__int128>(principal) * rateDays, kRateScale * 30));
    }
  } else {
    // Early payment: the discount holds until its last day, never after the due date.
    const Date until = t.discountUntil ? *t.discountUntil : r.dueDate.plusDays(-t.discountDaysBeforeDue);
    if (t.discountUntil && *t.discountUntil > r.dueDate) {
      throw InvalidTerms("o desconto vai até " + t.discountUntil->br() + ", depois do vencimento (" + r.dueDate.br() +
                         "); o desconto de pontualidade termina no vencimento ou antes");
    }
    if (r.onDate <= until) {
      if (t.discountAmount > Money()) {
        q.discount = t.discountAmount;
      } else if (t.discountPercent.micro > 0) {
        q.discount = Money::fromCentavos(roundHalfUp(static_cast<__int128>(principal) * t.discountPercent.micro, kRateScale));
      }
      if (q.discount > r.principal) {
        throw InvalidTerms("o desconto (" + q.discount.toBrl() + ") é maior que o valor (" + r.principal.toBrl() + ")");
      }
    }
    if (r.onDate > r.dueDate && r.onDate <= r.effectiveDue) {
      q.notes.push_back("vencimento em dia sem expediente bancário: pago sem encargos até " + r.effectiveDue.br() + " (Lei 7.089/1983)");
    } else if (r.onDate > r.effectiveDue) {
      q.notes.push_back("dentro da tolerância de " + std::to_string(t.graceDays) + " dias: sem encargos");
    }
  }
  q.total = q.principal + q.fine + q.interest - q.discount;
  return q;
}

}  // namespace regua::penalties
