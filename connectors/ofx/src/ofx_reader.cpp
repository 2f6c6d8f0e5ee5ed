#include "ofx_reader.hpp"

#include <dlfcn.h>
#include <libofx/libofx.h>

#include <cmath>
#include <ctime>
#include <fstream>
#include <iostream>
#include <mutex>
#include <sstream>

namespace regua::ofx {

namespace {

// LibOFX hands amounts as double, parsed from the statement's text: rounded to
// centavos once, here, and never used as floating point again.
Money centavos(double amount) { return Money::fromCentavos(std::llround(amount * 100.0)); }

// A time LibOFX read (a date alone becomes 10:59 UTC of that day) as the calendar day in
// Brasília, where Brazilian banks post (UTC-3, no daylight saving since 2019).
Date brasiliaDay(std::time_t t) {
  const std::time_t shifted = t - 3 * 3600;
  std::tm tm{};
  gmtime_r(&shifted, &tm);
  return Date::fromYmd(tm.tm_year + 1900, static_cast<unsigned>(tm.tm_mon + 1), static_cast<unsigned>(tm.tm_mday));
}

std::string text(const char* field, int valid) { return valid ? std::string(field) : std::string(); }

int onTransaction(const struct OfxTransactionData d, void* out) {
  auto& statement = *static_cast<Statement*>(out);
  if (!d.amount_valid || !d.date_posted_valid) return 0;
  Transaction t;
  t.fitid = text(d.fi_id, d.fi_id_valid);
  t.amount = centavos(d.amount);
  t.posted = brasiliaDay(d.date_posted);
  t.name = text(d.name, d.name_valid);
  t.memo = text(d.memo, d.memo_valid);
  if (d.transactiontype_valid) {
    static constexpr const char* kTypes[] = {"CREDIT", "DEBIT", "INT", "DIV", "FEE", "SRVCHG", "DEP", "ATM", "POS",
                                             "XFER", "CHECK", "PAYMENT", "CASH", "DIRECTDEP", "DIRECTDEBIT", "REPEATPMT",
                                             "OTHER"};
    const auto index = static_cast<std::size_t>(d.transactiontype);
    t.type = index < std::size(kTypes) ? kTypes[index] : "OTHER";
  }
  if (statement.account.empty() && d.account_id_valid) statement.account = d.account_id;
  statement.transactions.push_back(std::move(t));
  return 0;
}

int onStatement(const struct OfxStatementData d, void* out) {
  auto& statement = *static_cast<Statement*>(out);
  if (d.currency_valid) statement.currency = d.currency;
  if (d.account_id_valid) statement.account = d.account_id;
  return 0;
}

// LibOFX strips the header into a temporary file before parsing: its lines count from
// the <OFX> tag; ours count from the top.
int linesBeforeBody(const std::string& content) {
  const auto at = content.find("<OFX");
  int lines = 0;
  for (std::size_t i = 0; i < at && i < content.size(); ++i) lines += content[i] == '\n';
  return lines;
}

// LibOFX's first complaint as "LINE:COL: message", lines counted in our file.
std::string firstComplaint(const std::string& log, int offset) {
  const auto occurred = log.find("(Above message occurred on Line ");
  const auto marker = log.find(":E: ");
  std::string message = marker == std::string::npos ? "" : log.substr(marker + 4, log.find('\n', marker) - marker - 4);
  if (occurred == std::string::npos) return "1:1: " + (message.empty() ? "o LibOFX não conseguiu ler o extrato" : message);
  int line = 0, column = 0;
  std::sscanf(log.c_str() + occurred, "(Above message occurred on Line %d, Column %d)", &line, &column);
  return std::to_string(line + offset) + ":" + std::to_string(column) + ": " + message;
}

std::mutex libofxOnce;  // LibOFX keeps global state (its message switches, temporary files)

// LibOFX putenv()s strings of its own (OpenSP's SP_CHARSET_FIXED, SP_ENCODING): were it
// unloaded with this plugin, the environment would point into unmapped memory and the
// next getenv() (glibc's exit handlers call some) would crash. It stays loaded.
void keepLibofxLoaded() {
  static std::once_flag once;
  std::call_once(once, [] {
    Dl_info info{};
    if (dladdr(reinterpret_cast<void*>(&libofx_get_new_context), &info) != 0 && info.dli_fname != nullptr) {
      dlopen(info.dli_fname, RTLD_NOW | RTLD_NOLOAD | RTLD_NODELETE);
    }
  });
}

}  // namespace

Statement readStatement(const std::string& path, const std::string& name) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw OfxError(name + ": não consegui abrir o extrato " + path + "; confira 'file'");
  std::stringstream bytes;
  bytes << in.rdbuf();
  const std::string content = bytes.str();
  const auto start = content.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
  const std::string head = start == std::string::npos ? "" : content.substr(start, 64);
  if (head.rfind("OFXHEADER:", 0) != 0 && head.rfind("<?xml", 0) != 0 && head.rfind("<OFX>", 0) != 0) {
    throw OfxError(name + ":1:1: cabeçalho OFX inválido: um extrato começa com OFXHEADER:100 (OFX 1.x) ou <?xml "
                          "(OFX 2.x); exporte o extrato de novo no internet banking, em formato OFX");
  }

  Statement statement;
  std::ostringstream complaints;
  int status = 0;
  keepLibofxLoaded();
  {
    const std::lock_guard lock(libofxOnce);
    ofx_PARSER_msg = ofx_DEBUG_msg = ofx_DEBUG1_msg = ofx_DEBUG2_msg = ofx_DEBUG3_msg = ofx_DEBUG4_msg =
        ofx_DEBUG5_msg = ofx_STATUS_msg = ofx_INFO_msg = ofx_WARNING_msg = 0;
    ofx_ERROR_msg = 1;
    LibofxContextPtr context = libofx_get_new_context();
    ofx_set_transaction_cb(context, &onTransaction, &statement);
    ofx_set_statement_cb(context, &onStatement, &statement);
    // LibOFX writes its errors to std::cerr: kept for the message instead of the log.
    std::streambuf* const before = std::cerr.rdbuf(complaints.rdbuf());
    status = libofx_proc_file(context, path.c_str(), AUTODETECT);
    std::cerr.rdbuf(before);
    libofx_free_context(context);
  }
  if (status != 0 || complaints.str().find("LibOFX ERROR") != std::string::npos) {
    throw OfxError(name + ":" + firstComplaint(complaints.str(), linesBeforeBody(content)) +
                   "; o extrato está incompleto ou malformado: exporte-o de novo no internet banking");
  }
  if (statement.currency.empty() && statement.transactions.empty()) {
    throw OfxError(name + ":1:1: o arquivo não tem extrato de conta (STMTRS); exporte o extrato da conta corrente");
  }
  if (!statement.currency.empty() && statement.currency != "BRL") {
    throw OfxError(name + ": extrato em " + statement.currency +
                   "; o Régua concilia só contas em reais (BRL): exporte o extrato da conta em reais");
  }
  return statement;
}

}  // namespace regua::ofx
