// Which message works: for each stage, channel and template, how many receivables got
// it, how many were paid within 3, 7 and 15 days after, and the median days to payment.
// `regua report effectiveness`, GET /api/v1/reports/effectiveness and the dashboard read it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <regua/value.hpp>

#include "store/database.hpp"

namespace regua::services {

struct EffectivenessRow {
  std::string policyId, stageId, channel, templateName;  // templateName "" when not recorded
  int receivables = 0;  // receivables that got this message in the period
  int paidWithin3 = 0, paidWithin7 = 0, paidWithin15 = 0;
  int paid = 0;                       // settled at any time after the message
  std::optional<double> medianDays;   // days from the message to settlement, of those paid
};

struct EffectivenessReport {
  Date from, to;
  std::vector<EffectivenessRow> rows;  // by policy, stage, channel and template
};

// Messages sent from `from` to `to`; a payment counts whenever it came (up to now).
EffectivenessReport effectiveness(store::Database& db, Date from, Date to);

// How the numbers are counted, in words (pt-BR), for the page and the CLI.
std::string effectivenessMethod();

}  // namespace regua::services
