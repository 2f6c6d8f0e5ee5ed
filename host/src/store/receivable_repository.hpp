// Receivables (títulos): upserts from sources, reads, and the balance updates that
// payments make.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/payment_profile.hpp"
#include "domain/receivable.hpp"
#include "store/database.hpp"

namespace regua::store {

class ReceivableRepository {
 public:
  explicit ReceivableRepository(Database& db) : db_(db) {}

  // Inserts or updates each receivable by (source, external id), in one transaction:
  // if any row fails, nothing of the batch is stored and the error names the row. The
  // client is `clientId` or, when 0, the client with `clientExternalId` in the same
  // source. A new receivable owes its whole amount; an update of a collectible one
  // moves principalOpen by the change in amount. Returns how many were new, how many
  // changed a field the source owns and how many came as the store had them.
  struct UpsertCounts {
    std::size_t added = 0, changed = 0, unchanged = 0;
    UpsertCounts& operator+=(const UpsertCounts& o) {
      added += o.added;
      changed += o.changed;
      unchanged += o.unchanged;
      return *this;
    }
  };
  UpsertCounts upsertAll(const std::vector<domain::Receivable>& receivables);
  // One receivable; sets its id.
  void upsert(domain::Receivable& receivable);

  std::optional<domain::Receivable> findById(std::int64_t id);
  // The receivables whose ids the subquery `ids` returns (a staged batch), by id.
  std::vector<domain::Receivable> findWhereIdIn(const std::string& ids);
  std::optional<domain::Receivable> findByExternalId(const std::string& source, const std::string& externalId);
  // Ids of the receivables with this external id, in any source.
  std::vector<std::int64_t> idsByExternalId(const std::string& externalId);
  // Receivables whose boleto has this nosso número, in any source (ids, ascending).
  std::vector<std::int64_t> idsByNossoNumero(const std::string& nossoNumero);
  // Receivables whose PIX charge has this txid, in any source.
  std::vector<std::int64_t> idsByPixTxid(const std::string& txid);
  // Collectible receivables of face value `amount` due between `from` and `to`.
  std::vector<std::int64_t> openIdsByAmount(Money amount, Date from, Date to);
  std::vector<domain::Receivable> listForClient(std::int64_t clientId);
  std::int64_t count();

  // Writes the balance and status fields (what applyPayment changes), set-wise. Each
  // receivable appears once.
  void updateBalance(const domain::Receivable& receivable);
  void updateBalances(const std::vector<domain::Receivable>& receivables);

  // Due dates and settlement days of every receivable of the client (cancelled and
  // written-off ones excluded), for computePaymentProfile.
  std::vector<domain::PaymentRecord> paymentRecords(std::int64_t clientId);

 private:
  std::vector<std::int64_t> idsWhere(const char* column, const std::string& value);
  std::vector<domain::Receivable> select(const std::string& condition, std::optional<long> param);
  void stage(const std::vector<domain::Receivable>& receivables);
  UpsertCounts countChanges(std::size_t staged);
  void replayRowByRow(const std::vector<domain::Receivable>& receivables);
  static std::string rowContext(const domain::Receivable& r, std::size_t index);
  Database& db_;
};

}  // namespace regua::store
