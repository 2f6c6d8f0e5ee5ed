#include "services/client_page.hpp"

#include <regua/pix.hpp>

#include <algorithm>

#include "engine/plugin_quoter.hpp"
#include "services/negotiation_service.hpp"
#include "services/receivable_quote.hpp"
#include "services/service_error.hpp"
#include "store/client_repository.hpp"
#include "store/receivable_facts.hpp"
#include "store/receivable_repository.hpp"

namespace regua::services {

namespace {

// "2,00%": a part as a share of the principal, for the reader (the plugin computed it).
std::string shareOf(Money part, Money principal) {
  if (principal <= Money()) return "";
  const std::int64_t hundredths = (part.centavos() * 10000 + principal.centavos() / 2) / principal.centavos();
  const std::int64_t cents = hundredths % 100;
  return std::to_string(hundredths / 100) + "," + (cents < 10 ? "0" : "") + std::to_string(cents) + "%";
}

std::string daysText(int days) { return std::to_string(days) + (days == 1 ? " dia" : " dias"); }

// Each part of a priced item with its rule in words; the numbers are the quote plugin's.
std::vector<AmountPart> partsOf(const ReceivableQuote& q) {
  const auto& f = q.facts;
  const auto& r = q.quote;
  std::vector<AmountPart> parts;
  parts.push_back({"Valor em aberto", r.principal, "o que resta do título com vencimento em " + f.dueDate.br()});
  if (r.fine > Money()) {
    parts.push_back({"Multa", r.fine, "cobrada uma única vez pelo atraso: " + shareOf(r.fine, r.principal) +
                                          " do valor em aberto"});
  }
  if (r.interest > Money()) {
    parts.push_back({"Juros", r.interest, "juros simples, proporcionais aos " + daysText(r.daysLate) +
                                              " de atraso contados desde o vencimento"});
  }
  if (q.earlierCharges > Money()) {
    parts.push_back({"Encargos anteriores", q.earlierCharges, "multa e juros já lançados e ainda não pagos"});
  }
  if (r.discount > Money()) {
    parts.push_back({"Desconto", r.discount, "desconto de pontualidade, para pagamento até o vencimento", true});
  }
  if (r.fine == Money() && r.interest == Money() && r.daysLate == 0) {
    parts.front().rule += "; sem multa nem juros se pago até " + r.effectiveDue.br();
  }
  return parts;
}

// An item no policy or plugin can price (the office's gap, told in its logs and checks):
// what is open, nothing added.
PageItem unpriced(const domain::ReceivableFacts& f) {
  PageItem item;
  item.parts.push_back({"Valor em aberto", f.open, "o valor do título, sem encargos calculados"});
  item.total = f.open;
  item.effectiveDue = f.dueDate;
  return item;
}

// A proposal that still waits for the office, or an agreement that runs: the page says
// so instead of offering another.
std::optional<std::string> agreementNote(store::Database& db, std::int64_t clientId, Date day) {
  for (const auto& a : store::AgreementRepository(db).list(clientId)) {
    if (a.status == "active") {
      return "Há um acordo em andamento: " + std::to_string(a.installments) + " parcela(s), total " + a.total.toBrl() + ".";
    }
    if (a.status == "proposed" && a.expiresOn >= day) {
      return "Sua proposta de acordo de " + a.proposedOn.br() + " (total " + a.total.toBrl() +
             ") aguarda a confirmação do escritório.";
    }
  }
  return std::nullopt;
}

// Today's offers of the policy that negotiates the client's overdue debt, when there is
// such a debt and nothing is under negotiation already.
void addOffers(ClientPage& page, store::Database& db, const config::PolicySet& policies,
               const calendar::BusinessCalendar& calendar, const config::HostConfig& config,
               plugin::PluginRegistry& plugins, std::int64_t clientId, Date day) {
  if (auto note = agreementNote(db, clientId, day)) {
    page.agreementNote = *note;
    return;
  }
  const auto client = store::ClientRepository(db).findById(clientId);
  if (!client) return;
  const auto charges = engine::makeCharges(plugins, &policies, db, config.city);
  NegotiationService negotiation(db, policies, calendar, config.city, *charges);
  try {
    for (const auto& s : negotiation.offers(negotiation.debtOf(*client, day))) {
      if (!s.beyondLimits.empty() || s.installments.empty()) continue;
      page.offers.push_back({s.planText(), s.count, s.down, s.regular(), s.total(), s.discount, s.installments.front().due});
    }
  } catch (const NegotiationError&) {
    // Nothing overdue, or a policy without `negotiation`: no offers, nothing to say.
  }
}

}  // namespace

std::string pixFor(const config::ClientPageConfig& page, Money amount, const std::string& reference) {
  if (page.pixKey.empty() || amount <= Money()) return "";
  return pix::build({page.pixKey, page.pixName, page.pixCity, amount, pix::txidFor(reference), ""});
}

ClientPage clientPage(store::Database& db, const config::PolicySet& policies, const calendar::BusinessCalendar& calendar,
                      const config::HostConfig& config, plugin::PluginRegistry& plugins, std::int64_t clientId,
                      Date day) {
  ClientPage page = clientItems(db, policies, config, plugins, clientId, day);
  addOffers(page, db, policies, calendar, config, plugins, clientId, day);
  return page;
}

ClientPage clientItems(store::Database& db, const config::PolicySet& policies, const config::HostConfig& config,
                       plugin::PluginRegistry& plugins, std::int64_t clientId, Date day) {
  ClientPage page;
  page.day = day;
  std::vector<domain::ReceivableFacts> open;
  db.readSnapshot([&] {
    const auto client = store::ClientRepository(db).findById(clientId);
    if (!client) throw ServiceError(ServiceError::Kind::kNotFound, "cliente não encontrado");
    page.clientName = client->name;
    open = store::ReceivableFactsRepository(db).openForClient(clientId);
  });
  store::ReceivableRepository receivables(db);
  for (const auto& f : open) {
    if (day < f.issueDate) continue;  // not the client's to pay yet
    PageItem item;
    try {
      const ReceivableQuote q = quoteOpenItem(f, policies, config, plugins, day);
      item.parts = partsOf(q);
      item.total = q.total;
      item.effectiveDue = q.quote.effectiveDue;
      item.daysLate = q.quote.daysLate;
      item.notes = q.quote.notes;
    } catch (const ServiceError&) {
      item = unpriced(f);
    }
    item.id = f.receivableExternalId;
    item.description = f.description;
    item.dueDate = f.dueDate;
    if (const auto r = receivables.findById(f.receivableId)) item.boletoLine = r->boletoLine;
    item.pix = pixFor(config.clientPage, item.total, f.receivableExternalId);
    page.total += item.total;
    page.items.push_back(std::move(item));
  }
  if (page.items.size() > 1) page.totalPix = pixFor(config.clientPage, page.total, "C" + std::to_string(clientId) + day.iso());
  return page;
}

store::Agreement proposeFromPage(store::Database& db, const config::PolicySet& policies,
                                 const calendar::BusinessCalendar& calendar, const config::HostConfig& config,
                                 plugin::PluginRegistry& plugins, std::int64_t clientId, Date day, int installments,
                                 Money down) {
  const auto client = store::ClientRepository(db).findById(clientId);
  if (!client) throw ServiceError(ServiceError::Kind::kNotFound, "cliente não encontrado");
  if (auto note = agreementNote(db, clientId, day)) throw NegotiationError(*note);
  const auto charges = engine::makeCharges(plugins, &policies, db, config.city);
  NegotiationService negotiation(db, policies, calendar, config.city, *charges);
  const ClientDebt debt = negotiation.debtOf(*client, day);
  const auto offers = negotiation.offers(debt);
  const bool offered = std::any_of(offers.begin(), offers.end(), [&](const negotiation::Schedule& s) {
    return s.count == installments && s.down == down && s.beyondLimits.empty();
  });
  if (!offered) throw NegotiationError("esta opção não está mais entre as ofertas de hoje; recarregue a página");
  ProposalRequest request;
  request.installments = installments;
  if (down > Money()) request.down = down;
  request.asOf = day;
  request.actor = "cliente (página de pagamento)";
  return negotiation.propose(debt, request);
}

}  // namespace regua::services
