// connectors/csv: clients, receivables and payments from CSV files exported by any
// spreadsheet or accounting system. Built only against the SDK.
//
// A pull reads every configured file completely before delivering anything: a file
// with any bad line delivers nothing and the error lists every bad line with its
// number and reason. The cursor is a fingerprint of the files, so an unchanged
// export is not read twice; records are idempotent by their ids anyway.
#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <regua/plugin.hpp>

namespace {

using regua::Date;
using regua::Money;

// One data line: its number in the file and its fields.
struct Line {
  std::size_t number = 0;
  std::vector<std::string> fields;
};

// A parsed file: header names (lower case) and data lines, or the problems found.
struct Table {
  std::string file;  // as messages name it
  std::map<std::string, std::size_t> columns;
  std::vector<Line> lines;
};

// Splits `text` into records with RFC 4180 quoting ("a;b", "" for a quote), on `sep`.
// Quoted fields may span lines; the record keeps the number of its first line.
std::vector<Line> splitRecords(const std::string& text, char sep, std::vector<std::string>& errors,
                               const std::string& file) {
  std::vector<Line> out;
  Line current;
  std::string field;
  bool quoted = false, fieldStarted = false;
  std::size_t lineNumber = 1;
  current.number = 1;
  auto endField = [&] {
    current.fields.push_back(field);
    field.clear();
    fieldStarted = false;
  };
  auto endRecord = [&] {
    endField();
    const bool blank = current.fields.size() == 1 && current.fields[0].find_first_not_of(" \t") == std::string::npos;
    if (!blank) out.push_back(std::move(current));
    current = Line{};
    current.number = lineNumber;
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        if (c == '\n') ++lineNumber;
        field += c;
      }
      continue;
    }
    if (c == '"' && !fieldStarted && field.empty()) {
      quoted = fieldStarted = true;
    } else if (c == sep) {
      endField();
    } else if (c == '\r') {
      // CRLF from spreadsheets: the '\n' ends the record.
    } else if (c == '\n') {
      ++lineNumber;
      endRecord();
    } else {
      field += c;
      fieldStarted = true;
    }
  }
  if (quoted) {
    errors.push_back(file + ":" + std::to_string(current.number) + ": aspas abertas e não fechadas até o fim do arquivo");
  }
  if (!field.empty() || !current.fields.empty()) endRecord();
  return out;
}

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string trim(const std::string& s) {
  const auto begin = s.find_first_not_of(" \t");
  if (begin == std::string::npos) return {};
  return s.substr(begin, s.find_last_not_of(" \t") - begin + 1);
}

// Reads and splits one file; the header decides the separator (';' or ',').
bool readTable(const std::string& path, const std::string& label, Table& table, std::vector<std::string>& errors) {
  table.file = label;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    errors.push_back(label + ": não foi possível abrir " + path + "; confira o caminho na configuração do conector");
    return false;
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string text = buffer.str();
  if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);  // the BOM Excel writes
  const std::string header = text.substr(0, text.find('\n'));
  const char sep = std::count(header.begin(), header.end(), ';') >= std::count(header.begin(), header.end(), ',') ? ';' : ',';
  auto records = splitRecords(text, sep, errors, label);
  if (records.empty()) {
    errors.push_back(label + ": arquivo vazio; falta ao menos a linha de cabeçalho");
    return false;
  }
  for (std::size_t i = 0; i < records.front().fields.size(); ++i) {
    table.columns[lower(trim(records.front().fields[i]))] = i;
  }
  table.lines.assign(std::make_move_iterator(records.begin() + 1), std::make_move_iterator(records.end()));
  return true;
}

// Field access for one line, collecting what is wrong with it.
class Row {
 public:
  Row(const Table& table, const Line& line) : table_(table), line_(line) {
    if (line.fields.size() != table.columns.size()) {
      problems_.push_back(std::to_string(line.fields.size()) + " colunas, o cabeçalho tem " +
                          std::to_string(table.columns.size()));
    }
  }
  std::string text(const std::string& column, bool required) {
    auto it = table_.columns.find(column);
    const std::string value = (it != table_.columns.end() && it->second < line_.fields.size())
                                  ? trim(line_.fields[it->second])
                                  : std::string();
    if (required && value.empty()) problems_.push_back("'" + column + "' vazio");
    return value;
  }
  Money money(const std::string& column) {
    const std::string value = text(column, true);
    if (value.empty()) return Money();
    auto parsed = Money::parse(value, regua::MoneyFormat::kText);
    if (!parsed || *parsed <= Money()) {
      problems_.push_back("'" + column + "' inválido '" + value + "' (use 1.234,56 ou 1234.56, maior que zero)");
      return Money();
    }
    return *parsed;
  }
  Date date(const std::string& column, bool required) {
    const std::string value = text(column, required);
    if (value.empty()) return Date();
    auto parsed = Date::parse(value);
    if (!parsed) {
      problems_.push_back("'" + column + "' inválido '" + value + "' (use dd/mm/aaaa ou aaaa-mm-dd)");
      return Date();
    }
    return *parsed;
  }
  std::string origin() const { return table_.file + ":" + std::to_string(line_.number); }
  // Adds this line's problems, if any, to errors; true when it is clean.
  bool report(std::vector<std::string>& errors) const {
    if (problems_.empty()) return true;
    std::string line = origin() + ": ";
    for (std::size_t i = 0; i < problems_.size(); ++i) line += (i ? "; " : "") + problems_[i];
    errors.push_back(line);
    return false;
  }

 private:
  const Table& table_;
  const Line& line_;
  std::vector<std::string> problems_;
};

bool requireColumns(const Table& table, std::initializer_list<const char*> names, std::vector<std::string>& errors) {
  std::string missing;
  for (const char* name : names) {
    if (table.columns.count(name) == 0) missing += std::string(missing.empty() ? "" : ", ") + name;
  }
  if (missing.empty()) return true;
  std::string found;
  for (const auto& [name, index] : table.columns) found += (found.empty() ? "" : ", ") + name;
  errors.push_back(table.file + ":1: faltam as colunas " + missing + " no cabeçalho (encontradas: " + found + ")");
  return false;
}

class CsvSource {
 public:
  explicit CsvSource(regua::Host host) : host_(host) {
    const std::string base(host.configOr("@config_dir", ""));
    const std::string dir(host.configOr("dir", ""));
    auto resolve = [&](std::string_view key, const char* file) -> std::string {
      std::string path(host.configOr(key, ""));
      if (path.empty()) {
        if (dir.empty()) return {};
        path = dir + "/" + file;
      }
      if (!path.empty() && path.front() != '/' && !base.empty()) path = base + "/" + path;
      return path;
    };
    clients_ = resolve("clients", "clientes.csv");
    receivables_ = resolve("receivables", "titulos.csv");
    payments_ = resolve("payments", "pagamentos.csv");
    if (clients_.empty() && receivables_.empty() && payments_.empty()) {
      throw regua::ConfigError("diga onde estão os arquivos: 'dir' (com clientes.csv, titulos.csv e pagamentos.csv) "
                               "ou 'clients', 'receivables' e 'payments'");
    }
  }

  regua::SourcePull pull(std::string_view cursor, regua::SourceSink& sink) {
    const std::string fingerprint = fingerprintOfFiles();
    if (!cursor.empty() && cursor == fingerprint) return {fingerprint, false};

    std::vector<std::string> errors;
    Table clients, receivables, payments;
    auto load = [&](const std::string& path, Table& table) {
      return !path.empty() && readTable(path, path.substr(path.find_last_of('/') + 1), table, errors);
    };
    const bool hasClients = load(clients_, clients);
    const bool hasReceivables = load(receivables_, receivables);
    const bool hasPayments = load(payments_, payments);
    if (hasClients) requireColumns(clients, {"id", "nome", "documento"}, errors);
    if (hasReceivables) requireColumns(receivables, {"id", "cliente", "valor", "vencimento"}, errors);
    if (hasPayments) requireColumns(payments, {"id", "titulo", "valor", "data"}, errors);
    if (!errors.empty()) throw std::runtime_error(joined(errors));

    // Parse everything first: one bad line anywhere and nothing is delivered.
    std::vector<ClientRow> clientRows;
    std::vector<ReceivableRow> receivableRows;
    std::vector<PaymentRow> paymentRows;
    for (const auto& line : clients.lines) {
      Row row(clients, line);
      ClientRow c{row.origin(), row.text("id", true), row.text("nome", true), row.text("documento", true),
                  row.text("email", false), row.text("telefone", false), row.text("whatsapp", false),
                  row.text("segmento", false), row.text("etiquetas", false), row.text("responsavel", false),
                  row.text("canal", false), row.date("cliente_desde", false), {}};
      c.payer = {row.text("contato_pagamento", false), row.text("contato_pagamento_funcao", false),
                 row.text("contato_pagamento_email", false), row.text("contato_pagamento_telefone", false),
                 row.text("contato_pagamento_responsavel", false)};
      if (row.report(errors)) clientRows.push_back(std::move(c));
    }
    for (const auto& line : receivables.lines) {
      Row row(receivables, line);
      ReceivableRow r{row.origin(), row.text("id", true), row.text("cliente", true), row.text("descricao", false),
                      row.money("valor"), Date(), row.date("vencimento", true), row.text("politica", false),
                      row.text("nosso_numero", false), row.text("linha_digitavel", false)};
      r.issue = receivables.columns.count("emissao") ? row.date("emissao", false) : Date();
      if (r.issue == Date()) r.issue = r.due;
      if (row.report(errors)) receivableRows.push_back(std::move(r));
    }
    for (const auto& line : payments.lines) {
      Row row(payments, line);
      PaymentRow p{row.origin(), row.text("id", true), row.text("titulo", true), row.money("valor"),
                   row.date("data", true), row.date("credito", false), row.text("forma", false)};
      if (row.report(errors)) paymentRows.push_back(std::move(p));
    }
    if (!errors.empty()) throw std::runtime_error(joined(errors));

    bool rejected = false;
    for (const auto& c : clientRows) {
      const regua::ClientRecord record{c.id,     c.name,     c.document,    c.email,   c.phone,
                                       c.whatsapp, c.origin, c.segment,     c.tags,    c.responsible,
                                       c.channel, c.since,   {c.payer.name, c.payer.role, c.payer.email, c.payer.phone,
                                                              c.payer.owner}};
      rejected = !sink.client(record) || rejected;
    }
    for (const auto& x : receivableRows) {
      const regua::ReceivableRecord record{x.id,     x.client, x.description, x.amount,     x.issue,
                                           x.due,    x.origin, x.policy,      x.nossoNumero, x.boletoLine};
      rejected = !sink.receivable(record) || rejected;
    }
    for (const auto& x : paymentRows) {
      const regua::PaymentRecord record{x.id, x.receivable, x.amount, x.paid, x.credit, x.method, x.origin};
      rejected = !sink.payment(record) || rejected;
    }
    if (rejected) throw std::runtime_error("o Régua recusou registros destes arquivos (veja acima); nada foi importado");
    host_.info("importados " + std::to_string(clientRows.size()) + " clientes, " + std::to_string(receivableRows.size()) +
               " títulos e " + std::to_string(paymentRows.size()) + " pagamentos");
    return {fingerprint, false};
  }

 private:
  struct ClientRow {
    std::string origin, id, name, document, email, phone, whatsapp, segment, tags, responsible, channel;
    Date since;
    struct {
      std::string name, role, email, phone, owner;  // who handles the bills, and who deals with them
    } payer;
  };
  struct ReceivableRow {
    std::string origin, id, client, description;
    Money amount;
    Date issue, due;
    std::string policy, nossoNumero, boletoLine;
  };
  struct PaymentRow {
    std::string origin, id, receivable;
    Money amount;
    Date paid, credit;
    std::string method;
  };

  static std::string joined(const std::vector<std::string>& lines) {
    std::string out;
    for (const auto& l : lines) out += (out.empty() ? "" : "\n") + l;
    return out;
  }

  // Size and modification time of each file: changes whenever an export is rewritten.
  std::string fingerprintOfFiles() const {
    std::string out;
    for (const auto* path : {&clients_, &receivables_, &payments_}) {
      struct stat st {};
      if (path->empty() || ::stat(path->c_str(), &st) != 0) {
        out += "-;";
        continue;
      }
      out += std::to_string(st.st_size) + "@" + std::to_string(st.st_mtim.tv_sec) + "." +
             std::to_string(st.st_mtim.tv_nsec) + ";";
    }
    return out;
  }

  regua::Host host_;
  std::string clients_, receivables_, payments_;
};

}  // namespace

REGUA_PLUGIN(CsvSource, "br.regua.csv", "1.0.0", "Clientes, títulos e pagamentos de arquivos CSV")
