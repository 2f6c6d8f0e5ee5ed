// connectors/csv: clients, receivables and payments from CSV files exported by any
// spreadsheet or accounting system. Built only against the SDK.
//
// A pull reads every configured file completely before delivering anything: a file
// with any bad line delivers nothing and the error lists every bad line with its
// number and reason. The cursor is a fingerprint of the files, so an unchanged
// export is not read twice; records are idempotent by their ids anyway.
#include <iconv.h>
#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <cstdio>
#include <map>
#include <optional>
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

// Longer fields are a broken export (a runaway quote, a binary file), not data.
constexpr std::size_t kMaxFieldBytes = 1000;

// The file's text as UTF-8: converted from Windows-1252 (what Excel writes on Brazilian
// Windows) when the connector says so, else checked. Nothing, after saying why, for a
// file that is not text in the configured encoding.
std::optional<std::string> asUtf8(std::string text, bool windows1252, const std::string& label,
                                  std::vector<std::string>& errors) {
  auto lineAt = [&](std::size_t at) { return std::to_string(std::count(text.begin(), text.begin() + at, '\n') + 1); };
  if (const auto nul = text.find('\0'); nul != std::string::npos) {
    errors.push_back(label + ":" + lineAt(nul) + ": o arquivo tem bytes nulos — parece UTF-16 (o 'Texto Unicode' do "
                     "Excel); salve como 'CSV UTF-8 (delimitado por vírgulas)'");
    return std::nullopt;
  }
  if (windows1252) {
    iconv_t cd = iconv_open("UTF-8", "WINDOWS-1252");
    std::string out(text.size() * 3 + 1, '\0');
    char* in = text.data();
    char* to = out.data();
    std::size_t inLeft = text.size(), outLeft = out.size();
    const bool ok = iconv(cd, &in, &inLeft, &to, &outLeft) != static_cast<std::size_t>(-1);
    iconv_close(cd);
    if (!ok) {
      errors.push_back(label + ":" + lineAt(text.size() - inLeft) + ": byte que não existe em Windows-1252; confira "
                       "'encoding' na configuração do conector");
      return std::nullopt;
    }
    out.resize(out.size() - outLeft);
    return out;
  }
  for (std::size_t at = 0; at < text.size();) {
    const auto c = static_cast<unsigned char>(text[at]);
    const std::size_t length = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
    bool valid = length > 0 && at + length <= text.size();
    for (std::size_t k = 1; valid && k < length; ++k) valid = (static_cast<unsigned char>(text[at + k]) & 0xC0) == 0x80;
    if (!valid) {
      char byte[8];
      std::snprintf(byte, sizeof byte, "0x%02X", c);
      errors.push_back(label + ":" + lineAt(at) + ": o texto não está em UTF-8 (byte " + byte + "); exportações do "
                       "Excel no Windows gravam Windows-1252: salve como 'CSV UTF-8' ou ponha 'encoding: "
                       "windows-1252' na configuração do conector");
      return std::nullopt;
    }
    at += length;
  }
  return text;
}

// Reads and splits one file; the header decides the separator (';' or ',').
bool readTable(const std::string& path, const std::string& label, bool windows1252, Table& table,
               std::vector<std::string>& errors) {
  table.file = label;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    errors.push_back(label + ": não foi possível abrir " + path + "; confira o caminho na configuração do conector");
    return false;
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  auto converted = asUtf8(buffer.str(), windows1252, label, errors);
  if (!converted) return false;
  std::string text = std::move(*converted);
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
    for (const auto& [name, index] : table.columns) {
      if (index < line.fields.size()) checkField(name, line.fields[index]);
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
  void problem(std::string text) { problems_.push_back(std::move(text)); }
  // Control characters (a tab or a line break inside quotes aside) and oversized fields
  // are a broken export, never data to store.
  void checkField(const std::string& column, const std::string& value) {
    if (value.size() > kMaxFieldBytes) {
      problems_.push_back("'" + column + "' tem " + std::to_string(value.size()) + " bytes; o máximo é " +
                          std::to_string(kMaxFieldBytes));
    }
    for (const char ch : value) {
      const auto c = static_cast<unsigned char>(ch);
      if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) {
        char code[8];
        std::snprintf(code, sizeof code, "0x%02X", c);
        problems_.push_back("'" + column + "' tem um caractere de controle (" + code + "); confira a exportação");
        return;
      }
    }
  }
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
    const std::string encoding = lower(std::string(host.configOr("encoding", "utf-8")));
    if (encoding == "windows-1252" || encoding == "cp1252" || encoding == "latin-1" || encoding == "iso-8859-1") {
      windows1252_ = true;
    } else if (encoding != "utf-8" && encoding != "utf8") {
      throw regua::ConfigError("encoding '" + encoding + "' não é suportado; use utf-8 (padrão) ou windows-1252");
    }
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
      return !path.empty() && readTable(path, path.substr(path.find_last_of('/') + 1), windows1252_, table, errors);
    };
    const bool hasClients = load(clients_, clients);
    const bool hasReceivables = load(receivables_, receivables);
    const bool hasPayments = load(payments_, payments);
    if (hasClients) requireColumns(clients, {"id", "nome", "documento"}, errors);
    if (hasReceivables) requireColumns(receivables, {"id", "cliente", "valor", "vencimento"}, errors);
    // A payment names its receivable by `titulo`, or by the boleto's `nosso_numero`.
    const bool byNossoNumero = hasPayments && payments.columns.count("nosso_numero") > 0;
    if (hasPayments) {
      requireColumns(payments, byNossoNumero ? std::initializer_list<const char*>{"id", "valor", "data"}
                                             : std::initializer_list<const char*>{"id", "titulo", "valor", "data"},
                     errors);
    }
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
      PaymentRow p{row.origin(), row.text("id", true), row.text("titulo", !byNossoNumero), row.money("valor"),
                   row.date("data", true), row.date("credito", false), row.text("forma", false),
                   row.text("nosso_numero", false)};
      if (byNossoNumero && p.receivable.empty() && p.nossoNumero.empty()) {
        row.problem("'titulo' e 'nosso_numero' vazios; informe um dos dois");
      }
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
      regua::PaymentRecord record;
      record.externalId = x.id;
      record.receivableExternalId = x.receivable;
      record.amount = x.amount;
      record.paidDate = x.paid;
      record.creditDate = x.credit;
      record.method = x.method;
      record.origin = x.origin;
      record.nossoNumero = x.nossoNumero;
      rejected = !sink.payment(record) || rejected;
    }
    if (rejected) return {fingerprint, false};  // the host lists what it refused and stores nothing
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
    std::string method, nossoNumero;
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
      out += (path->empty() ? "-" : regua::fileFingerprint(*path)) + ";";
    }
    return out;
  }

  regua::Host host_;
  std::string clients_, receivables_, payments_;
  bool windows1252_ = false;  // encoding: windows-1252 (Excel on Brazilian Windows)
};

}  // namespace

REGUA_PLUGIN(CsvSource, "br.regua.csv", "1.0.0", "Clientes, títulos e pagamentos de arquivos CSV")
