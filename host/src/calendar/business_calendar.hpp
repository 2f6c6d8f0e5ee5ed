// The Brazilian bank business calendar: weekends, the national bank holidays (fixed
// and Easter-based) and the state and city holidays of config/holidays/*.yaml.
// Immutable once built, so any thread may query it.
#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <regua/value.hpp>

namespace regua::calendar {

// A holiday rule from the law or from config/holidays/*.yaml (config/ reads the files
// into these; the calendar never sees YAML).
struct HolidayRule {
  int month = 0, day = 0;      // fixed day every year, or
  int easterOffset = 0;        // days from Easter Sunday when month == 0
  int year = 0;                // a one-off date in this year only (0 = every year)
  int fromYear = 0, untilYear = 9999;
  std::string name;
  std::string law;             // the act that makes it a holiday ("Lei estadual 9.497/1997")
};

struct CityHolidays {
  std::string name;
  std::string state;  // UF
  std::vector<HolidayRule> rules;
};

// The office's state and city holidays, on top of the national ones.
struct LocalHolidays {
  std::map<std::string, std::vector<HolidayRule>> states;  // UF -> rules for every city of it
  std::map<std::string, CityHolidays> cities;              // IBGE code -> city
};

struct Holiday {
  Date date;
  std::string name;
  std::string scope;  // "nacional", the state (UF) or the city's name
  std::string law;    // the act behind it, when the calendar knows it
};

// Easter Sunday of `year` (Gregorian calendar).
Date easterSunday(int year);

class BusinessCalendar {
 public:
  // The years whose holidays the rules describe (the Easter computus and the laws behind
  // the fixed dates hold there); front ends refuse dates outside them.
  static constexpr int kFirstSupportedYear = 1900;
  static constexpr int kLastSupportedYear = 2200;
  static bool covers(Date day) { return day.year() >= kFirstSupportedYear && day.year() <= kLastSupportedYear; }

  // National holidays only.
  BusinessCalendar();
  // National holidays plus the state and city ones.
  explicit BusinessCalendar(LocalHolidays local);

  // Holidays of `year` that fall on any day of the week, in date order; `city` (an IBGE
  // code) adds its state's and its own. An unknown city throws std::invalid_argument.
  std::vector<Holiday> holidays(int year, std::string_view city = {}) const;

  bool isBusinessDay(Date day, std::string_view city = {}) const;
  // The first business day strictly after `day`.
  Date nextBusinessDay(Date day, std::string_view city = {}) const;
  // `due` itself when banks serve the public that day, else the next business day on
  // which they do: the last day a payment is on time without charges (Lei 7.089/1983).
  // Banks serve no one on 31 December (FEBRABAN's yearly calendar of bank holidays),
  // though it is a business day otherwise: a bill due then is on time on the next one.
  // The rule is the SDK's (regua/due_date.hpp), which quote plugins use too.
  Date effectiveDueDate(Date due, std::string_view city = {}) const;
  // Whether bank branches open to the public on `day`: a business day that is not 31/12.
  bool banksServeThePublic(Date day, std::string_view city = {}) const;
  // `days` business days after `day` (before it when negative).
  Date addBusinessDays(Date day, int days, std::string_view city = {}) const;

  bool knowsCity(std::string_view city) const { return cities_.count(std::string(city)) > 0; }
  // Makes a municipality the files do not list known by the code alone: its first two
  // digits name its state (IBGE), whose holidays it gets, with none of its own. Returns
  // the state (UF), or "" when the code is no municipality code. Call it before the
  // calendar is shared between threads.
  std::string adoptCity(const std::string& code);
  bool hasStateHolidays(std::string_view uf) const { return states_.count(std::string(uf)) > 0; }
  // "3550308 (São Paulo/SP)", ... for messages.
  std::vector<std::string> describeCities() const;

 private:
  using Rule = HolidayRule;
  using City = CityHolidays;

  static std::vector<Rule> nationalRules();
  void addRuleDates(const std::vector<Rule>& rules, int year, const std::string& scope,
                    std::vector<Holiday>& out) const;
  const City& city(std::string_view code) const;
  // Days (since epoch) that are holidays for `city` ("" = national only), precomputed
  // for kPrecomputedFirst..kPrecomputedLast; other years are computed on demand.
  bool isHoliday(Date day, std::string_view city) const;
  void precompute();
  std::set<std::int32_t> precomputedDays(std::string_view city) const;  // kPrecomputedFirst..Last

  static constexpr int kPrecomputedFirst = 1990;
  static constexpr int kPrecomputedLast = 2100;

  std::vector<Rule> national_;
  std::map<std::string, std::vector<Rule>> states_;  // UF -> rules
  std::map<std::string, City> cities_;               // IBGE code -> city
  std::map<std::string, std::set<std::int32_t>, std::less<>> holidayDays_;  // city ("" national) -> days
};

}  // namespace regua::calendar
