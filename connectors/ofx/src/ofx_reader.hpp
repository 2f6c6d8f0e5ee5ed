// A bank statement (OFX 1.x SGML or 2.x XML), read with LibOFX: the account, the
// currency and each transaction, money in centavos and dates as the bank's calendar
// days. A statement LibOFX cannot read whole is refused whole, with where.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include <regua/value.hpp>

namespace regua::ofx {

struct Transaction {
  std::string fitid;     // the bank's id of the transaction (unique per account)
  std::string type;      // CREDIT, DEBIT, DEP, XFER, ... as the bank wrote it
  Money amount;          // positive: money in
  Date posted;
  std::string name, memo;
};

struct Statement {
  std::string account;   // bank, branch and account as LibOFX joins them
  std::string currency;  // "BRL"
  std::vector<Transaction> transactions;
};

// "FILE:LINE:COL: what; what to do".
class OfxError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// `name` is how messages call the file. Throws OfxError.
Statement readStatement(const std::string& path, const std::string& name);

}  // namespace regua::ofx
