// A small accounting office for the end-to-end tests: two clients, three receivables
// due Monday 02/03/2026, a policy in YAML, the CSV connector and a recording action
// plugin (each call it receives is one line in a file) — plus whatever plugins and
// connectors a test adds. Runs the real `regua` binary in its own directory.
#pragma once

#include <fstream>
#include <map>
#include <set>
#include <stdexcept>
#include <sstream>
#include <string>
#include <vector>

#include "test_support.hpp"

namespace regua::testing {

const std::string kPolicy = R"(id: teste
default: true
channel: email
sending_window:
  days: [seg, ter, qua, qui, sex]
  hours: "08:00-18:00"
stages:
  - id: lembrete
    at: D-3
    actions:
      - action: remind
  - id: atraso
    at: D+3
    actions:
      - action: remind
      - action: create_task
        type: cobranca
  - id: atraso-10
    at: D+10
    actions:
      - action: remind
)";

// kPolicy with penalties and a `negotiation` section whose agreements the policy
// kAgreementPolicy collects (its own file, policies/acordo.yaml).
const std::string kNegotiationPolicy = kPolicy + R"(  - id: promessa-quebrada
    on: promise_broken
    actions:
      - action: remind
penalties:
  fine_percent: 2
  interest_monthly_percent: 1
negotiation:
  policy: acordo
  cash_discount: {percent: 50, on: charges}
  plans:
    - {up_to: 3, rate: none}
    - {up_to: 6, rate: price, monthly_percent: 1}
  min_installment: "100,00"
  break_after_days: 30
)";

const std::string kAgreementPolicy = R"(id: acordo
applies_to: {agreements: true}
channel: email
penalties:
  fine_percent: 2
  interest_monthly_percent: 1
stages:
  - id: parcela-lembrete
    at: D-3
    actions:
      - action: remind
)";

const std::string kClients =
    "id;nome;documento;email\n"
    "C1;Maria da Silva;529.982.247-25;maria@example.com\n"
    "C2;Padaria Boa Ltda;11.222.333/0001-81;financeiro@padaria.example\n";

// Due Monday 02/03/2026: D+3 is Thursday 05/03.
const std::string kReceivables =
    "id;cliente;descricao;valor;vencimento\n"
    "R1;C1;Honorários 02/2026;100,00;02/03/2026\n"
    "R2;C1;Honorários extra;200,00;02/03/2026\n"
    "R3;C2;Honorários 02/2026;1.300,00;02/03/2026\n";

struct Call {
  std::string intentId, action, stage, channel, items, quotes;
};

// A valid CPF for `n`: nine digits and their two check digits.
inline std::string validCpf(int n) {
  std::string d = std::to_string(100000000 + n * 7919);
  for (int len : {9, 10}) {
    int sum = 0;
    for (int i = 0; i < len; ++i) sum += (d[static_cast<std::size_t>(i)] - '0') * (len + 1 - i);
    const int r = sum % 11;
    d += static_cast<char>('0' + (r < 2 ? 0 : 11 - r));
  }
  return d;
}

class Office {
 public:
  // `recorderConfig` continues the plugins list (more recorder keys, or more plugins);
  // `engine` more engine keys; `connectors` more connector entries.
  // Without `recorder`, `recorderConfig` is the whole plugins list.
  explicit Office(const std::string& recorderConfig = "", const std::string& engine = "",
                  const std::string& connectors = "", bool recorder = true) {
    dir_.write("data/clientes.csv", kClients);
    dir_.write("data/titulos.csv", kReceivables);
    dir_.write("data/pagamentos.csv", "id;titulo;valor;data\n");
    dir_.write("policies/teste.yaml", kPolicy);
    const std::string plugins =
        recorder ? "  - path: " REGUA_FIXTURE_DIR "/fixture_recorder.so\n    config:\n      file: " + calls().string() + "\n"
                 : "";
    dir_.write("regua.yaml", "storage:\n  url: sqlite:regua.db\n"
                             "plugins:\n" + plugins + recorderConfig +
                                 "connectors:\n  - path: " REGUA_PLUGIN_DIR "/regua_csv.so\n    config:\n      dir: data\n" +
                                 connectors + "engine:\n  max_attempts: 3\n  backoff_seconds: 0\n" + engine);
  }

  // Clients K1..Kn, each with one receivable T1..Tn of R$ 50,00 due 02/03/2026 (D+3 on
  // 05/03: a reminder and a task each).
  void oneOverdueItemPerClient(int n) {
    std::string clients = "id;nome;documento\n", receivables = "id;cliente;valor;vencimento\n";
    for (int i = 1; i <= n; ++i) {
      clients += "K" + std::to_string(i) + ";Cliente " + std::to_string(i) + ";" + validCpf(i) + "\n";
      receivables += "T" + std::to_string(i) + ";K" + std::to_string(i) + ";50,00;02/03/2026\n";
    }
    dir_.write("data/clientes.csv", clients);
    dir_.write("data/titulos.csv", receivables);
  }
  // Replaces the first `from` in regua.yaml with `to`.
  void editConfig(const std::string& from, const std::string& to) {
    std::ifstream in(dir_.path() / "regua.yaml");
    std::string text(std::istreambuf_iterator<char>(in), {});
    const auto at = text.find(from);
    if (at == std::string::npos) throw std::runtime_error("regua.yaml has no '" + from + "'");
    text.replace(at, from.size(), to);
    dir_.write("regua.yaml", text);
  }

  RunResult regua(std::vector<std::string> args) const {
    args.insert(args.begin(), {"--config", (dir_.path() / "regua.yaml").string()});
    return run(REGUA_BINARY, args, dir_.path().string());
  }
  RunResult runDay(const std::string& day, const std::string& at = "10:00") const {
    return regua({"run", "--as-of", day, "--at", at});
  }

  std::filesystem::path calls() const { return dir_.path() / "calls.tsv"; }
  std::vector<Call> recorded() const {
    std::vector<Call> out;
    std::ifstream in(calls());
    for (std::string line; std::getline(in, line);) {
      std::istringstream fields(line);
      Call c;
      std::getline(fields, c.intentId, '\t');
      std::getline(fields, c.action, '\t');
      std::getline(fields, c.stage, '\t');
      std::getline(fields, c.channel, '\t');
      std::getline(fields, c.items, '\t');
      std::getline(fields, c.quotes, '\t');
      out.push_back(c);
    }
    return out;
  }
  // Who carried each (items, action) the recorder saw — the intent ids — and how many
  // calls repeated an intent id already seen (a re-delivery after a crash).
  struct Carriers {
    std::map<std::pair<std::string, std::string>, std::set<std::string>> byItem;
    int repeated = 0;
  };
  Carriers carriers() const {
    Carriers out;
    std::set<std::string> seen;
    for (const auto& c : recorded()) {
      out.byItem[{c.items, c.action}].insert(c.intentId);
      if (!seen.insert(c.intentId).second) ++out.repeated;
    }
    return out;
  }

  const TempDir& dir() const { return dir_; }

 private:
  TempDir dir_;
};


}  // namespace regua::testing
