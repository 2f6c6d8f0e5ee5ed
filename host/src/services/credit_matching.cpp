#include "services/credit_matching.hpp"

#include <algorithm>

#include <regua/pix.hpp>

#include "common/words.hpp"
#include "domain/document.hpp"
#include "store/client_repository.hpp"
#include "store/receivable_repository.hpp"

namespace regua::services {

namespace {

// "JOSÉ  da Silva " and "Jose da Silva": the same name for a bank that drops accents.
std::string foldedName(const std::string& name) { return pix::plainAscii(name, pix::LetterCase::kUpper); }

// Whether the statement's text names the client, both folded: it may say more ("PIX
// RECEBIDO JOSE DA SILVA") or cut the name ("PADARIA BOA L"), as long as what it has of
// the name starts it.
bool sameName(const std::string& payer, const std::string& client) {
  const std::string text = foldedName(payer), name = foldedName(client);
  if (text.empty() || name.empty()) return false;
  if (text.find(name) != std::string::npos) return true;
  for (std::size_t at = 0; at != std::string::npos; at = text.find(' ', at + 1)) {
    const std::string rest = text.substr(at == 0 ? 0 : at + 1);
    if (rest.size() >= 8 && name.rfind(rest, 0) == 0) return true;  // a cut name, not a stray word
  }
  return false;
}

// Looks the bank's reference up in one index: one id is the match.
bool named(const std::vector<std::int64_t>& ids, const std::string& what, CreditMatch& out) {
  if (ids.size() == 1) {
    out = {ids, what, ""};
    return true;
  }
  out.reason = ids.empty() ? "nenhum título tem " + what
                           : what + " está em " + std::to_string(ids.size()) + " títulos; não dá para saber qual";
  out.receivables = ids;
  return false;
}

}  // namespace

CreditMatch CreditMatcher::match(const CreditFacts& credit) {
  store::ReceivableRepository receivables(db_);
  CreditMatch out;
  const bool namesBoleto = !credit.nossoNumero.empty() || !credit.seuNumero.empty();
  if (!credit.nossoNumero.empty() &&
      named(receivables.idsByNossoNumero(credit.nossoNumero), "o nosso número " + credit.nossoNumero, out)) {
    return out;
  }
  CreditMatch bySeuNumero;
  if (!credit.seuNumero.empty() &&
      named(receivables.idsByExternalId(credit.seuNumero), "o seu número " + credit.seuNumero, bySeuNumero)) {
    return bySeuNumero;
  }
  if (!credit.reference.empty() && receivables.idsByPixTxid(credit.reference).size() == 1) {
    return {receivables.idsByPixTxid(credit.reference), "o txid PIX " + credit.reference, ""};
  }
  if (namesBoleto) {
    // The bank named a boleto Régua does not know: guessing by amount could settle the
    // wrong one. The candidates are for the person who decides.
    if (!bySeuNumero.reason.empty()) out.reason += (out.reason.empty() ? "" : "; ") + bySeuNumero.reason;
    if (out.receivables.empty()) out.receivables = byAmount(credit).receivables;
    return out;
  }
  return byAmount(credit);
}

CreditMatch CreditMatcher::byAmount(const CreditFacts& credit) {
  store::ClientRepository clients(db_);
  store::ReceivableRepository receivables(db_);
  const Date from = credit.paidDate.plusDays(-kDaysDueBefore), to = credit.paidDate.plusDays(kDaysDueAfter);
  const std::string window = "com vencimento entre " + from.br() + " e " + to.br();
  CreditMatch out;

  // The payer's document names the client: their open receivables, at face value or
  // updated to the payment day.
  if (const auto document = domain::Document::parse(credit.payerDocument)) {
    const auto client = clients.findByDocument(document->normalized());
    if (client) {
      for (const auto& r : receivables.listForClient(client->id)) {
        if (r.dueDate >= from && r.dueDate <= to && owes(r.id, credit)) out.receivables.push_back(r.id);
      }
      if (out.matched()) out.how = "o valor exato de " + credit.amount.toBrl() + " e o documento do pagador";
      if (out.receivables.empty()) {
        out.reason = "nenhum título aberto do cliente " + client->name + " vale " + credit.amount.toBrl() + " " + window;
      } else if (!out.matched()) {
        out.reason = counted(out.receivables.size(), "título", "títulos") + " do cliente " + client->name + " valem " +
                     credit.amount.toBrl() + "; escolha qual foi pago";
      }
      return out;
    }
  }
  const auto sameAmount = receivables.openIdsByAmount(credit.amount, from, to);
  std::vector<std::int64_t> payerNamed;
  for (const std::int64_t id : sameAmount) {
    const auto r = receivables.findById(id);
    const auto client = r ? clients.findById(r->clientId) : std::nullopt;
    if (client && sameName(credit.payerName, client->name)) payerNamed.push_back(id);
  }
  if (payerNamed.size() == 1) return {payerNamed, "o valor exato de " + credit.amount.toBrl() + " e o nome do pagador", ""};
  out.receivables = payerNamed.empty() ? sameAmount : payerNamed;
  if (out.receivables.empty()) {
    out.reason = "nenhum título aberto vale " + credit.amount.toBrl() + " " + window;
  } else if (payerNamed.empty()) {
    out.reason = counted(sameAmount.size(), "título aberto vale", "títulos abertos valem") + " " +
                 credit.amount.toBrl() + ", mas o pagador" +
                 (credit.payerName.empty() ? " não foi informado" : " (" + credit.payerName + ") não é o cliente") +
                 "; confira e escolha";
  } else {
    out.reason = counted(payerNamed.size(), "título", "títulos") + " do mesmo pagador valem " + credit.amount.toBrl() +
                 "; escolha qual foi pago";
  }
  return out;
}

// Whether the receivable, on the payment day, asks exactly the credit: its face value
// or what it owes with today's fine and interest.
bool CreditMatcher::owes(std::int64_t receivableId, const CreditFacts& credit) {
  const auto r = store::ReceivableRepository(db_).findById(receivableId);
  if (!r || !domain::isCollectible(r->status)) return false;
  if (r->amount == credit.amount || r->totalOpen() == credit.amount) return true;
  const auto due = charges_.chargesOn(*r, credit.paidDate);
  return r->totalOpen() + due.fine + due.interest == credit.amount;
}

}  // namespace regua::services
