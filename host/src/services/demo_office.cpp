#include "services/demo_office.hpp"

#include <algorithm>
#include <random>
#include <vector>

#include "domain/document.hpp"
#include "store/client_repository.hpp"
#include "store/receivable_repository.hpp"

namespace regua::services {

void generateOffice(store::Database& db, long clientCount, long receivableCount, Date asOf, const std::string& source) {
  std::mt19937_64 random(20261123);
  constexpr long kBatch = 20000;
  for (long first = 0; first < clientCount; first += kBatch) {
    std::vector<domain::Client> clients;
    for (long i = first; i < std::min(clientCount, first + kBatch); ++i) {
      domain::Client c;
      c.source = source;
      c.externalId = "G" + std::to_string(i + 1);
      const bool company = i % 3 == 0;
      std::string base = std::to_string(100000000 + i);  // 9 digits, unique per client
      c.document = company ? domain::completeCnpj(base.substr(1) + "0001") : domain::completeCpf(base);
      c.name = (company ? "Empresa Gerada " : "Pessoa Gerada ") + std::to_string(i + 1);
      c.segment = company ? "empresa" : "pessoa-fisica";
      domain::Contact email;
      email.channel = "email";
      email.address = "cliente" + std::to_string(i + 1) + "@exemplo.com.br";
      email.paymentContact = true;
      c.contacts.push_back(std::move(email));
      clients.push_back(std::move(c));
    }
    db.transaction([&] { store::ClientRepository(db).saveAll(clients); });
  }
  const long perClient = std::max(1L, receivableCount / clientCount);
  for (long first = 0; first < receivableCount; first += kBatch) {
    std::vector<domain::Receivable> receivables;
    for (long i = first; i < std::min(receivableCount, first + kBatch); ++i) {
      domain::Receivable r;
      r.source = source;
      r.externalId = "T" + std::to_string(i + 1);
      r.clientExternalId = "G" + std::to_string((i / perClient) % clientCount + 1);
      r.description = "Mensalidade " + std::to_string(i % perClient + 1);
      r.amount = Money::fromCentavos(static_cast<std::int64_t>(10000 + random() % 240000));
      // Monthly dues from about a year back to two months ahead of the as-of date.
      r.dueDate = asOf.plusDays(static_cast<std::int32_t>(60 - 30 * (i % perClient) - static_cast<long>(random() % 28)));
      r.issueDate = r.dueDate.plusDays(-10);
      r.nossoNumero = std::to_string(10000000 + i + 1);  // each a registered boleto, as banks issue them
      receivables.push_back(std::move(r));
    }
    store::ReceivableRepository(db).upsertAll(receivables);
  }
}

}  // namespace regua::services
