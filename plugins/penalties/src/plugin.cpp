// The penalties plugin (capability quote): what a receivable costs on a day, by the
// policy's `penalties` section and Brazilian rules. The arithmetic is penalties.cpp;
// this file reads the plugin's config, asks the host's business calendar for the
// effective due date and keeps the last policy's parsed terms (the engine quotes many
// receivables under the same policy in a row).
//
// regua.yaml:
//   plugins:
//     - name: penalties
//       config:
//         legal_rates_file: taxa-legal.csv   # "AAAA-MM;0,5432" per line: CC art. 406 rates
#include <fstream>
#include <string>
#include <vector>

#include <regua/due_date.hpp>
#include <regua/plugin.hpp>

#include "penalties.hpp"

namespace {

using regua::penalties::InvalidTerms;

regua::penalties::LegalRates readLegalRates(const std::string& path) {
  regua::penalties::LegalRates rates;
  std::ifstream in(path);
  if (!in) throw regua::ConfigError("não consegui ler legal_rates_file '" + path + "'; confira o caminho");
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#' || line.rfind("mes", 0) == 0) continue;
    const auto separator = line.find_first_of(";,\t");
    const std::string month = line.substr(0, separator);
    const auto rate = separator == std::string::npos ? std::nullopt : regua::penalties::parseRate(line.substr(separator + 1));
    const auto first = regua::Date::parse(month + "-01");
    if (!first || !rate) {
      throw regua::ConfigError(path + ":" + std::to_string(number) + ": use AAAA-MM;taxa mensal (ex.: 2025-08;0,5432), veio '" +
                               line + "'");
    }
    rates.set(first->year(), first->month(), *rate);
  }
  return rates;
}

class Penalties {
 public:
  explicit Penalties(regua::Host host) : host_(host) {
    const std::string file(host.configOr("legal_rates_file", ""));
    if (!file.empty()) {
      const std::string base(host.configOr("@config_dir", ""));
      legal_ = readLegalRates(file[0] == '/' || base.empty() ? file : base + "/" + file);
    }
  }

  regua::Quote quote(const regua::QuoteRequest& r) {
    using regua::detail::read;
    const regua::penalties::Terms& terms = termsFor(r);
    regua::penalties::Request request;
    request.principal = regua::Money::fromAbi(r.principal);
    request.dueDate = regua::Date::fromAbi(r.due_date);
    request.onDate = regua::Date::fromAbi(r.on_date);
    request.debtorIsPerson = r.debtor_is_person != 0;
    if (const auto issued = read(r, &regua_quote_request::issue_date); issued != 0) request.issueDate = regua::Date::fromAbi(issued);
    if (const auto from = read(r, &regua_quote_request::interest_from); from != 0) request.interestFrom = regua::Date::fromAbi(from);
    request.fineAssessed = read(r, &regua_quote_request::fine_assessed) != 0;
    request.effectiveDue =
        regua::effectiveDueDate(request.dueDate, [&](regua::Date day) { return host_.isBusinessDay(day, terms.city); });
    const auto q = regua::penalties::compute(terms, request, legal_);
    regua::Quote out{q.principal, q.fine, q.interest, q.discount, q.total, q.effectiveDue, q.daysLate, {}};
    for (const auto& note : q.notes) out.notes += (out.notes.empty() ? "" : "; ") + note;
    return out;
  }

 private:
  const regua::penalties::Terms& termsFor(const regua::QuoteRequest& r) {
    std::string signature;
    std::vector<std::pair<std::string, std::string>> args;
    for (std::size_t i = 0; i < r.args_count; ++i) {
      args.emplace_back(regua::view(r.args[i].key), regua::view(r.args[i].value));
      signature += args.back().first + '=' + args.back().second + '\n';
    }
    if (!cached_ || signature != signature_) {
      cached_ = regua::penalties::parseTerms(args);
      signature_ = std::move(signature);
    }
    return *cached_;
  }

  regua::Host host_;
  regua::penalties::LegalRates legal_;
  std::string signature_;
  std::optional<regua::penalties::Terms> cached_;
};

}  // namespace

REGUA_PLUGIN(Penalties, "br.regua.penalties", "1.0.0",
             "Multa, juros e desconto pelas regras brasileiras (CDC, CC art. 406, Lei 7.089/1983)")
