// Writes a bank's CNAB 240 retorno (FEBRABAN's columns) settling the first N open
// receivables of a store at their face value, on DAY: what scripts/bench-import feeds
// `regua import`. Usage: regua_bench_retorno STORE_URL N DAY(DDMMAAAA) OUT
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include <regua/value.hpp>

#include "cnab_retorno.hpp"
#include "store/database.hpp"

int main(int argc, char** argv) {
  if (argc != 5) {
    std::cerr << "uso: regua_bench_retorno URL_DO_BANCO N DIA(DDMMAAAA) SAIDA\n";
    return 64;
  }
  const auto db = regua::store::Database::open(argv[1]);
  const long wanted = std::stol(argv[2]);
  const std::string day = argv[3];
  int paidOn = regua::Date::fromYmd(std::stoi(day.substr(4)), static_cast<unsigned>(std::stoi(day.substr(2, 2))),
                                    static_cast<unsigned>(std::stoi(day.substr(0, 2))))
                   .daysSinceEpoch();
  std::vector<regua::testing::cnab240::Title> titles;
  std::string nosso;
  long amount = 0;
  auto st = db->statement(
      "SELECT nosso_numero, amount FROM receivables WHERE status IN ('open', 'partially_paid') AND nosso_numero <> '' "
      "AND principal_open = amount AND issue_date <= :day ORDER BY id LIMIT :n",
      soci::into(nosso), soci::into(amount), soci::use(paidOn), soci::use(wanted));
  st.execute();
  while (st.fetch()) titles.push_back({"06", nosso, "", amount, amount, 0, 0, day, day});
  std::ofstream(argv[4], std::ios::binary) << regua::testing::cnab240::join(regua::testing::cnab240::retorno(titles, day));
  std::cout << titles.size() << "\n";
  return titles.size() == static_cast<std::size_t>(wanted) ? 0 : 1;
}
