// The arithmetic of late payment under Brazilian rules (DESIGN.md, "Collection rules"):
// fine once, simple pro-rata-die interest from the original due date, early-payment
// discount, grace days, the 2% fine cap for consumers. Pure functions over integer
// centavos and fixed-point rates: the plugin wraps them, the tests and the benchmark
// call them directly.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <regua/value.hpp>

namespace regua::penalties {

// A percentage in millionths of a percent: "2" is 2'000'000, "0,033" is 33'000. Exact
// for the six decimals any contract or the legal-rate table uses.
struct Rate {
  std::int64_t micro = 0;
  static constexpr std::int64_t kOnePercent = 1'000'000;
  bool operator==(const Rate&) const = default;
  auto operator<=>(const Rate&) const = default;
};

// "2", "2,5", "0.033", "1%" -> Rate; nothing for anything else (negative included).
std::optional<Rate> parseRate(std::string_view text);
std::string formatRate(Rate rate);  // "2,5%"

// Bad terms or a request that makes no sense; the message is pt-BR and says what to fix.
class InvalidTerms : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// The contract: a policy's `penalties` section, or the `regua quote` flags.
struct Terms {
  Rate finePercent;                 // on the principal, charged once
  Rate interestMonthly;             // simple, pro rata die (days / 30)
  bool legalInterest = false;       // CC art. 406: the monthly legal-rate table instead
  int graceDays = 0;                // calendar days after the effective due date without charges
  Rate discountPercent;             // of the principal, or:
  Money discountAmount;             // a fixed amount
  std::optional<Date> discountUntil;  // last day of the discount (at latest the due date)
  int discountDaysBeforeDue = 0;    // or: the discount ends this many days before the due date
  std::string city;                 // IBGE code for the effective due date ("" = the office's)
};

// year × 12 + month − 1: months as consecutive integers.
int monthIndex(Date day);

// The monthly legal rate (Selic − IPCA, published by the Banco Central) per month.
// A month without a published rate uses the last one before it, with a note.
class LegalRates {
 public:
  void set(int year, int month, Rate rate) { byMonth_[year * 12 + month - 1] = rate; }
  bool empty() const { return byMonth_.empty(); }
  // The rate for the month of `day` and, when it is an older month's, which one.
  std::optional<std::pair<Rate, int>> forMonth(Date day) const;

 private:
  std::map<int, Rate> byMonth_;  // year * 12 + month - 1
};

// Reads terms from dotted key/value pairs (a policy's penalties, the CLI's flags).
// Throws InvalidTerms naming the key, the value and the allowed range.
Terms parseTerms(const std::vector<std::pair<std::string, std::string>>& args);

struct Request {
  Money principal;                 // still owed, >= 0
  Date dueDate;                    // original
  Date onDate;                     // the day quoted for
  Date effectiveDue;               // the due date moved to the next business day
  bool debtorIsPerson = false;     // CPF: the consumer rules apply
  std::optional<Date> issueDate;
  std::optional<Date> interestFrom;  // after a partial payment
  bool fineAssessed = false;
};

struct Quote {
  Money principal, fine, interest, discount, total;
  Date effectiveDue;
  int daysLate = 0;
  std::vector<std::string> notes;  // pt-BR
};

// Rounds numerator / denominator half up (both non-negative): every component is
// rounded once, and the total is the sum of the rounded components.
std::int64_t roundHalfUp(__int128 numerator, __int128 denominator);

// Throws InvalidTerms for a request that cannot be quoted (negative principal, a day
// before the issue, a discount above the principal, legal interest without rates).
Quote compute(const Terms& terms, const Request& request, const LegalRates& legal = {});

}  // namespace regua::penalties
