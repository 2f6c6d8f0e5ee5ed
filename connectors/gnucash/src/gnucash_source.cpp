// connectors/gnucash: an office's GnuCash book (SQLite backend) as a source: customers
// with posted invoices become clients, posted invoices receivables (with their due
// dates), and the payments GnuCash applied to each invoice payments. Read with SQL, as
// the book is (amounts are exact fractions, due dates a slot of the posting transaction),
// read-only: Régua never writes to the office's books. Built only against the SDK.
#include <sqlite3.h>

#include <map>
#include <string>
#include <vector>

#include <regua/document.hpp>
#include <regua/plugin.hpp>

namespace {

// The table versions of the books GnuCash 4.13 (Debian 12) writes; another layout is refused
// rather than misread.
const std::map<std::string, int> kTableVersions = {{"customers", 2}, {"invoices", 4}, {"splits", 5},
                                                   {"transactions", 4}, {"slots", 4},  {"lots", 2}};

// A read-only connection to the book, closed when it goes.
class Book {
 public:
  Book(const std::string& path, const std::string& name) : name_(name) {
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
      throw std::runtime_error(name + ": não consegui abrir o livro " + path + " (" + sqlite3_errmsg(db_) +
                               "); confira 'book' — o livro precisa estar salvo no formato SQLite");
    }
    sqlite3_busy_timeout(db_, 5000);
  }
  ~Book() { sqlite3_close(db_); }
  Book(const Book&) = delete;
  Book& operator=(const Book&) = delete;

  // Runs `sql` and hands each row's columns to `row` as text.
  template <class Row>
  void each(const std::string& sql, Row row) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) {
      const std::string why = sqlite3_errmsg(db_);
      throw std::runtime_error(name_ + ": não é um livro do GnuCash em SQLite que este conector leia (" + why +
                               "); salve-o no GnuCash como SQLite (Arquivo > Salvar como)");
    }
    std::vector<std::string> columns;
    while (sqlite3_step(st) == SQLITE_ROW) {
      columns.clear();
      for (int i = 0; i < sqlite3_column_count(st); ++i) {
        const auto* text = sqlite3_column_text(st, i);
        columns.emplace_back(text ? reinterpret_cast<const char*>(text) : "");
      }
      row(columns);
    }
    sqlite3_finalize(st);
  }

 private:
  std::string name_;
  sqlite3* db_ = nullptr;
};

regua::Date isoDay(const std::string& text, const std::string& where) {
  if (auto d = regua::Date::parseIso(text.substr(0, 10))) return *d;
  throw std::runtime_error(where + ": data '" + text + "' ilegível no livro");
}

class GnuCashSource {
 public:
  explicit GnuCashSource(regua::Host host) : host_(host) {
    path_ = host.configPath("book");
    if (path_.empty()) throw regua::ConfigError("diga qual livro ler: 'book' (o arquivo .gnucash, salvo como SQLite)");
    name_ = path_.substr(path_.find_last_of('/') + 1);
  }

  regua::SourcePull pull(std::string_view cursor, regua::SourceSink& sink) {
    const std::string fingerprint = regua::fileFingerprint(path_);
    if (!cursor.empty() && cursor == fingerprint) return {fingerprint, false};
    Book book(path_, name_);
    checkVersion(book);
    checkUnlocked(book);
    bool rejected = false;
    rejected = !clients(book, sink) || rejected;
    rejected = !receivables(book, sink) || rejected;
    rejected = !payments(book, sink) || rejected;
    if (rejected) return {fingerprint, false};  // the host lists what it refused and stores nothing
    return {fingerprint, false};
  }

 private:
  void checkVersion(Book& book) {
    std::map<std::string, int> found;
    book.each("SELECT table_name, table_version FROM versions",
              [&](const auto& c) { found[c[0]] = std::stoi(c[1]); });
    if (found.count("Gnucash") == 0) {
      throw std::runtime_error(name_ + ": não é um livro do GnuCash (falta a tabela versions); confira 'book'");
    }
    for (const auto& [table, version] : kTableVersions) {
      const auto at = found.find(table);
      if (at == found.end() || at->second != version) {
        throw std::runtime_error(name_ + ": livro de outra versão do GnuCash (tabela " + table + " na versão " +
                                 (at == found.end() ? "ausente" : std::to_string(at->second)) + "; este conector lê a " +
                                 std::to_string(version) + ", a dos livros do GnuCash 4.13 do Debian 12)");
      }
    }
  }

  // GnuCash keeps a row in gnclock while the book is open: its figures may be half-typed.
  void checkUnlocked(Book& book) {
    std::string holder;
    book.each("SELECT hostname, pid FROM gnclock", [&](const auto& c) { holder = c[0] + " (pid " + c[1] + ")"; });
    if (!holder.empty()) {
      throw std::runtime_error(name_ + ": o livro está aberto no GnuCash em " + holder +
                               "; feche-o no GnuCash (ou aguarde) e sincronize de novo");
    }
  }

  bool clients(Book& book, regua::SourceSink& sink) {
    bool ok = true;
    book.each(
        "SELECT c.id, c.name, c.notes, c.addr_email, c.addr_phone FROM customers c WHERE EXISTS (SELECT 1 FROM invoices "
        "i WHERE i.owner_guid = c.guid AND i.owner_type = 2 AND i.post_txn IS NOT NULL) ORDER BY c.id",
        [&](const auto& c) {
          // GnuCash has no CPF/CNPJ field: the office writes it in the customer's notes.
          const auto document = regua::findDocument(c[2]);
          const std::string origin = name_ + ": cliente " + c[0] + " (" + c[1] +
                                     (document ? ")" : "; escreva o CPF/CNPJ nas Notas do cliente no GnuCash)");
          regua::ClientRecord r;
          r.externalId = c[0];
          r.name = c[1];
          const std::string normalized = document ? document->normalized() : c[2];
          r.document = normalized;
          r.email = c[3];
          r.phone = c[4];
          r.origin = origin;
          ok = sink.client(r) && ok;
        });
    return ok;
  }

  bool receivables(Book& book, regua::SourceSink& sink) {
    bool ok = true;
    book.each(
        "SELECT i.id, c.id, i.notes, substr(i.date_posted, 1, 10), substr(due.timespec_val, 1, 10), tot.cents "
        "FROM invoices i JOIN customers c ON c.guid = i.owner_guid AND i.owner_type = 2 "
        "LEFT JOIN slots due ON due.obj_guid = i.post_txn AND due.name = 'trans-date-due' "
        "JOIN (SELECT tx_guid, account_guid, SUM(quantity_num * 100 / quantity_denom) cents FROM splits GROUP BY 1, 2) "
        "tot ON tot.tx_guid = i.post_txn AND tot.account_guid = i.post_acc "
        "WHERE i.post_txn IS NOT NULL ORDER BY i.id",
        [&](const auto& c) {
          const std::string origin = name_ + ": fatura " + c[0];
          const regua::Date issued = isoDay(c[3], origin);
          const std::string description = c[2].empty() ? "Fatura " + c[0] : c[2];  // the record only views it
          regua::ReceivableRecord r;
          r.externalId = c[0];
          r.clientExternalId = c[1];
          r.description = description;
          r.amount = regua::Money::fromCentavos(std::stoll(c[5]));
          r.issueDate = issued;
          r.dueDate = c[4].empty() ? issued : isoDay(c[4], origin);
          r.origin = origin;
          ok = sink.receivable(r) && ok;
        });
    return ok;
  }

  // Each split a payment put in an invoice's lot: one payment of that invoice.
  bool payments(Book& book, regua::SourceSink& sink) {
    bool ok = true;
    book.each(
        "SELECT t.guid, i.id, substr(t.post_date, 1, 10), -SUM(s.quantity_num * 100 / s.quantity_denom), t.num "
        "FROM invoices i JOIN splits s ON s.lot_guid = i.post_lot AND s.tx_guid <> i.post_txn "
        "JOIN transactions t ON t.guid = s.tx_guid WHERE i.post_txn IS NOT NULL GROUP BY t.guid, i.id ORDER BY t.post_date, i.id",
        [&](const auto& c) {
          const std::string origin = name_ + ": pagamento da fatura " + c[1];
          const long long cents = std::stoll(c[3]);
          if (cents <= 0) return;  // a credit note or a reversal, not money received
          const std::string id = c[0] + "/" + c[1];
          regua::PaymentRecord p;
          p.externalId = id;
          p.receivableExternalId = c[1];
          p.amount = regua::Money::fromCentavos(cents);
          p.paidDate = isoDay(c[2], origin);
          p.origin = origin;
          ok = sink.payment(p) && ok;
        });
    return ok;
  }


  regua::Host host_;
  std::string path_, name_;
};

}  // namespace

REGUA_PLUGIN(GnuCashSource, "br.regua.gnucash", "0.1.0", "Clientes, faturas e pagamentos de um livro do GnuCash (SQLite)")
