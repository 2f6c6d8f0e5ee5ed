// An example source connector built against the installed SDK only: it reads the
// office's clients, receivables and payments from one JSON file.
//
// regua.yaml:
//   connectors:
//     - path: /path/to/regua_json_source.so
//       config: {file: dados.json}        # relative to regua.yaml; dados.json by default
//
// dados.json:
//   {"clients":     [{"id": "C1", "name": "Maria da Silva", "document": "529.982.247-25",
//                     "email": "maria@example.com", "phone": "+55 11 98765-4321"}],
//    "receivables": [{"id": "T1", "client": "C1", "amount_centavos": 35000,
//                     "due_date": "2026-03-02", "issue_date": "2026-02-20",
//                     "description": "Honorários 02/2026"}],
//    "payments":    [{"id": "P1", "receivable": "T1", "amount_centavos": 35000,
//                     "paid_date": "2026-03-02"}]}
//
// Money is integer centavos and dates are ISO (AAAA-MM-DD), as everywhere in Régua. A
// pull is all or nothing: every bad record is reported (file, list, position, field)
// and nothing is imported. The cursor is the file's content hash, so an unchanged file
// is not read twice.
#include <deque>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <regua/plugin.hpp>

namespace {

using Poco::JSON::Object;

class JsonSource {
 public:
  explicit JsonSource(regua::Host host) : host_(host) {
    const std::string file(host.configOr("file", "dados.json"));
    const std::string base(host.configOr("@config_dir", "."));
    path_ = file.empty() || file[0] == '/' ? file : base + "/" + file;
  }

  regua::SourcePull pull(std::string_view cursor, regua::SourceSink& sink) {
    const std::string text = read();
    const std::string hash = std::to_string(std::hash<std::string>{}(text));
    if (hash == cursor) return {hash, false};  // nothing new
    Object::Ptr root;
    try {
      root = Poco::JSON::Parser().parse(text).extract<Object::Ptr>();
    } catch (const Poco::Exception& e) {
      throw std::runtime_error(path_ + ": JSON inválido (" + e.displayText() + "); corrija o arquivo");
    }
    Records records(path_);
    bool accepted = true;
    forEach(root, "clients", [&](const Object& o, const std::string& where) {
      const regua::ClientRecord c{.externalId = records.text(o, where, "id"),
                                  .name = records.text(o, where, "name"),
                                  .document = records.text(o, where, "document"),
                                  .email = records.optional(o, "email"),
                                  .phone = records.optional(o, "phone"),
                                  .whatsapp = records.optional(o, "whatsapp"),
                                  .origin = where};
      if (records.ok(where)) accepted = sink.client(c) && accepted;
    });
    forEach(root, "receivables", [&](const Object& o, const std::string& where) {
      const regua::Date due = records.date(o, where, "due_date");
      const regua::ReceivableRecord r{.externalId = records.text(o, where, "id"),
                                      .clientExternalId = records.text(o, where, "client"),
                                      .description = records.optional(o, "description"),
                                      .amount = records.money(o, where, "amount_centavos"),
                                      .issueDate = o.has("issue_date") ? records.date(o, where, "issue_date") : due,
                                      .dueDate = due,
                                      .origin = where};
      if (records.ok(where)) accepted = sink.receivable(r) && accepted;
    });
    forEach(root, "payments", [&](const Object& o, const std::string& where) {
      const regua::PaymentRecord p{.externalId = records.text(o, where, "id"),
                                   .receivableExternalId = records.text(o, where, "receivable"),
                                   .amount = records.money(o, where, "amount_centavos"),
                                   .paidDate = records.date(o, where, "paid_date"),
                                   .method = records.optional(o, "method"),
                                   .origin = where};
      if (records.ok(where)) accepted = sink.payment(p) && accepted;
    });
    if (!records.problems.empty()) throw std::runtime_error(records.report());
    if (!accepted) throw std::runtime_error("o Régua recusou registros de " + path_ + " (veja acima); nada foi importado");
    return {hash, false};
  }

 private:
  // Reads the fields of the records, keeping every problem with where it is. The text
  // views it returns point into its own copies, which outlive the sink calls.
  struct Records {
    explicit Records(std::string file) : file(std::move(file)) {}
    std::string_view text(const Object& o, const std::string& where, const char* key) {
      const std::string_view value = optional(o, key);
      if (value.empty()) problems.push_back(where + ": falta '" + key + "' (texto)");
      return value;
    }
    std::string_view optional(const Object& o, const char* key) {
      if (!o.has(key) || !o.get(key).isString()) return {};
      return values.emplace_back(o.get(key).extract<std::string>());
    }
    regua::Money money(const Object& o, const std::string& where, const char* key) {
      if (o.has(key) && o.get(key).isInteger()) return regua::Money::fromCentavos(o.get(key).convert<std::int64_t>());
      problems.push_back(where + ": '" + key + "' deve ser um inteiro em centavos");
      return {};
    }
    regua::Date date(const Object& o, const std::string& where, const char* key) {
      if (o.has(key) && o.get(key).isString()) {
        if (const auto day = regua::Date::parseIso(o.get(key).extract<std::string>())) return *day;
      }
      problems.push_back(where + ": '" + key + "' deve ser uma data AAAA-MM-DD");
      return {};
    }
    bool ok(const std::string& where) const {
      for (const auto& p : problems) {
        if (p.rfind(where + ":", 0) == 0) return false;
      }
      return true;
    }
    std::string report() const {
      std::string out;
      for (const auto& p : problems) out += (out.empty() ? "" : "\n") + p;
      return out;
    }
    std::string file;
    std::vector<std::string> problems;
    std::deque<std::string> values;  // stable addresses for the views
  };

  // Calls `take` with each object of root[list] and where it is ("dados.json:clients[2]").
  template <class Take>
  void forEach(const Object::Ptr& root, const char* list, Take take) const {
    const auto items = root->getArray(list);
    for (std::size_t i = 0; items && i < items->size(); ++i) {
      const std::string where = path_ + ":" + list + "[" + std::to_string(i) + "]";
      const auto item = items->getObject(static_cast<unsigned>(i));
      if (item) take(*item, where);
    }
  }

  std::string read() const {
    std::ifstream in(path_);
    if (!in) throw std::runtime_error("não consegui abrir " + path_ + "; confira 'file' na seção do conector");
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }

  regua::Host host_;
  std::string path_;
};

}  // namespace

REGUA_PLUGIN(JsonSource, "br.regua.example.json-source", "1.0.0", "Exemplo do SDK: clientes e títulos de um arquivo JSON")
