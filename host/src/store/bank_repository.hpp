// The bank's side of collections: the credits no receivable could be found for, waiting
// in the reconciliation queue until someone matches or ignores them; what a bank said
// about a boleto besides a payment (entry confirmed, rejected, written off); and the
// bank files already imported, by content.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <regua/value.hpp>

#include "store/database.hpp"

namespace regua::store {

struct BankCredit {
  std::int64_t id = 0;
  std::string source, externalId;
  Money amount;
  Date paidDate, creditDate;
  std::string method, nossoNumero, seuNumero, payerDocument, payerName, reference, origin;
  std::string reason;          // why it waits, pt-BR
  std::string state = "open";  // open, matched, ignored
  std::string decidedBy, decidedAt, decision;
  std::string createdAt;
};

struct BankOccurrence {
  std::string source, externalId;
  std::optional<std::int64_t> receivableId, clientId;  // none when no receivable has the boleto
  Date date;
  std::string code, text, origin;
};

struct ImportedFile {
  std::string name, format, importedAt;  // importedAt: UTC, set by markImported when empty
};

class BankRepository {
 public:
  explicit BankRepository(Database& db) : db_(db) {}

  // Queues a credit and sets its id; false (nothing changes) when the same (source,
  // external id) was queued before, whatever became of it.
  bool enqueue(BankCredit& credit);
  std::optional<BankCredit> findCredit(std::int64_t id);
  // In id order, after `afterId`; `state` empty lists every state.
  std::vector<BankCredit> listCredits(const std::string& state, std::int64_t afterId, int limit);
  // Closes an open credit as "matched" or "ignored"; false when it was no longer open.
  bool decide(std::int64_t id, const std::string& state, const std::string& by, const std::string& decision);
  // Whether any credit of `source` waits.
  bool anyOpen(const std::string& source);
  // The same for the credit a source delivered again and Régua now matched itself.
  void closeQueued(const std::string& source, const std::string& externalId, const std::string& decision);

  // Stores an occurrence once, with a line in the receivable's history; false when the
  // same (source, external id) was stored before.
  bool recordOccurrence(const BankOccurrence& occurrence);

  std::optional<ImportedFile> importedFile(const std::string& sha256);
  void markImported(const std::string& sha256, const ImportedFile& file);

 private:
  Database& db_;
};

}  // namespace regua::store
