// The client's own page (/c/TOKEN) and its PIX QR images, plus the pages' style sheet and
// script. The token is the only credential: everything shown comes from the one client
// it names (services::ClientLinks, services::clientPage).

#include <regua/pix_qr.hpp>

#include "http/api_routes.hpp"
#include "http/page_kit.hpp"
#include "services/client_link.hpp"
#include "services/client_page.hpp"
#include "services/collection_service.hpp"
#include "services/negotiation_service.hpp"
#include "services/service_error.hpp"

namespace regua::http {

namespace {

using data = PageData;
using list = PageList;

Response refused(const std::string& why) {
  data view;
  view.set("motivo", why);
  return htmlPage(403, renderPage("link_recusado.html.mustache", view));
}

std::string situation(const services::PageItem& item, Date today) {
  if (item.daysLate > 0) return std::to_string(item.daysLate) + (item.daysLate == 1 ? " dia" : " dias") + " em atraso";
  if (today > item.dueDate) return "pode ser pago sem encargos até " + item.effectiveDue.br();
  return today == item.dueDate ? "vence hoje" : "em dia";
}

data itemView(const services::PageItem& item, std::size_t n, const std::string& pagePath, Date today) {
  data view;
  view.set("n", std::to_string(n));
  view.set("id", item.id);
  view.set("descricao", item.description.empty() ? "Título " + item.id : item.description);
  view.set("vencimento", item.dueDate.br());
  view.set("situacao", situation(item, today));
  list parts;
  for (const auto& part : item.parts) {
    data p;
    p.set("rotulo", part.label);
    p.set("valor", part.amount.toBrl());
    p.set("sinal", part.subtracts ? "− " : "");
    p.set("regra", part.rule);
    parts.push_back(p);
  }
  view.set("partes", parts);
  view.set("total", item.total.toBrl());
  if (!item.notes.empty()) view.set("observacoes", item.notes);
  if (!item.boletoLine.empty()) view.set("boleto", item.boletoLine);
  if (!item.pix.empty()) {
    view.set("pix", item.pix);
    view.set("pix_png", pagePath + "/pix.png?titulo=" + percentEncoded(item.id));
  }
  return view;
}

std::string offerText(const services::PageOffer& offer) {
  if (offer.installments == 1 && offer.down == Money()) {
    return "tudo por " + offer.total.toBrl() + (offer.discount > Money() ? " (desconto de " + offer.discount.toBrl() + ")" : "") +
           ", pagamento até " + offer.firstDue.br();
  }
  return (offer.down > Money() ? "entrada de " + offer.down.toBrl() + " e " : "") + std::to_string(offer.installments) +
         " parcelas de " + offer.regular.toBrl() + ", total " + offer.total.toBrl() + ", a primeira em " + offer.firstDue.br();
}

data offersView(const services::ClientPage& page, const std::string& pagePath) {
  list offers;
  for (const auto& offer : page.offers) {
    data o;
    o.set("plano", offer.plan);
    o.set("descricao", offerText(offer));
    o.set("parcelas", std::to_string(offer.installments));
    o.set("entrada_centavos", std::to_string(offer.down.centavos()));
    o.set("acao", pagePath + "/acordo");
    offers.push_back(o);
  }
  return offers;
}

data pageView(const services::ClientPage& page, const services::LinkTarget& link, const std::string& pagePath) {
  data view;
  view.set("cliente", page.clientName);
  view.set("hoje", page.day.br());
  view.set("valido_ate", link.lastDay.br());
  view.set("tem_itens", !page.items.empty());
  view.set("total", page.total.toBrl());
  const std::string totalPix = page.items.size() == 1 ? page.items.front().pix : page.totalPix;
  if (!totalPix.empty()) {
    view.set("pix_total", totalPix);
    view.set("pix_total_png", pagePath + "/pix.png");
  }
  list items;
  for (std::size_t i = 0; i < page.items.size(); ++i) items.push_back(itemView(page.items[i], i + 1, pagePath, page.day));
  view.set("itens", items);
  view.set("tem_ofertas", !page.offers.empty());
  view.set("ofertas", offersView(page, pagePath));
  if (!page.agreementNote.empty()) view.set("acordo", page.agreementNote);
  return view;
}

// The client `call`'s token names, when it opens today; otherwise the polite 403 (404
// with client pages off) in `answer`.
std::optional<services::LinkTarget> openLink(ApiContext& api, const Call& call, Response& answer) {
  if (!api.config.clientPage.enabled()) {
    answer = htmlPage(404, renderPage("link_recusado.html.mustache", data("motivo", "Este escritório não oferece links de pagamento.")));
    return std::nullopt;
  }
  const services::ClientLinks links(api.config.clientPage);
  services::LinkRefusal why{};
  const auto target = links.open(call.params.at("token"), services::localNow().day, why);
  if (!target) answer = refused(services::describe(why));
  return target;
}

// The page of the client `call`'s token names, as of today (only its items and codes
// unless `withOffers`); or the refusal in `answer`.
std::optional<services::ClientPage> openPage(ApiContext& api, const Call& call, services::LinkTarget& link,
                                             Response& answer, bool withOffers) {
  const auto target = openLink(api, call, answer);
  if (!target) return std::nullopt;
  link = *target;
  const Date today = services::localNow().day;
  try {
    return withOffers ? services::clientPage(api.db(), *api.policies(), api.calendar, api.config, api.plugins,
                                             target->clientId, today)
                      : services::clientItems(api.db(), *api.policies(), api.config, api.plugins, target->clientId, today);
  } catch (const services::ServiceError&) {
    answer = refused("Este link não vale mais: o cadastro a que ele se refere não existe.");
    return std::nullopt;
  }
}

Response clientPage(ApiContext& api, const Call& call) {
  Response answer;
  services::LinkTarget link;
  const auto page = openPage(api, call, link, answer, true);
  if (!page) return answer;
  return htmlPage(200, renderPage("cliente.html.mustache", pageView(*page, link, "/c/" + call.params.at("token"))));
}

// The QR image of the total (no `titulo`) or of one item.
Response pixImage(ApiContext& api, const Call& call) {
  Response answer;
  services::LinkTarget link;
  const auto page = openPage(api, call, link, answer, false);
  if (!page) return answer;
  std::string code = page->items.size() == 1 ? page->items.front().pix : page->totalPix;
  if (const auto item = queryParam(call.request, "titulo")) {
    code.clear();
    for (const auto& i : page->items) {
      if (i.id == *item) code = i.pix;
    }
  }
  if (code.empty()) return problem(404, "não há código PIX para esse título neste link");
  Response image;
  image.contentType = "image/png";
  image.body = pix::qrPng(pix::qrModules(code));
  guardPage(image);
  return image;
}

Response notice(int status, const std::string& title, const std::string& message, const std::string& back) {
  data view;
  view.set("titulo", title);
  view.set("mensagem", message);
  view.set("voltar", back);
  return htmlPage(status, renderPage("proposta.html.mustache", view));
}

// parcelas=N&entrada=CENTAVOS from the offer's form; nothing when it is not that.
std::optional<std::pair<int, Money>> chosenOffer(const std::string& body) {
  const auto fields = parseForm(body, 2, 12);
  if (!fields) return std::nullopt;
  const auto number = [&](const std::string& name, long long max) -> std::optional<long long> {
    const auto it = fields->find(name);
    if (it == fields->end() || it->second.empty() || it->second.find_first_not_of("0123456789") != std::string::npos) {
      return std::nullopt;
    }
    const long long value = std::stoll(it->second);
    return value <= max ? std::optional(value) : std::nullopt;
  };
  const auto installments = number("parcelas", 120), down = number("entrada", 100'000'000'000LL);
  if (fields->size() != 2 || !installments || *installments < 1 || !down) return std::nullopt;
  return std::pair(static_cast<int>(*installments), Money::fromCentavos(*down));
}

// The client chose an offer: a proposal for the office to confirm.
Response proposeAgreement(ApiContext& api, const Call& call) {
  Response answer;
  const auto link = openLink(api, call, answer);
  if (!link) return answer;
  const std::string back = "/c/" + call.params.at("token");
  const auto chosen = chosenOffer(call.request.body);
  if (!chosen) {
    return notice(400, "Não entendemos a escolha", "O formulário chegou incompleto ou alterado. Volte e escolha uma opção.", back);
  }
  try {
    const auto proposal = services::proposeFromPage(api.db(), *api.policies(), api.calendar, api.config, api.plugins,
                                                    link->clientId, services::localNow().day, chosen->first, chosen->second);
    return notice(200, "Recebemos sua escolha",
                  "Proposta de acordo registrada: total " + proposal.total.toBrl() + ". O escritório vai confirmar e "
                  "enviar as novas cobranças; até lá, os títulos continuam como estão.", back);
  } catch (const services::NegotiationError& e) {
    return notice(409, "Não foi possível registrar a escolha", e.what(), back);
  } catch (const services::ServiceError&) {
    return refused("Este link não vale mais: o cadastro a que ele se refere não existe.");
  }
}

}  // namespace

void addClientPageRoutes(Router& router, ApiContext& api) {
  router.add("GET", "/c/{token}", Access::kPublic, [&api](const Call& call) { return clientPage(api, call); });
  router.add("GET", "/c/{token}/pix.png", Access::kPublic, [&api](const Call& call) { return pixImage(api, call); });
  router.add("POST", "/c/{token}/acordo", Access::kPublic, [&api](const Call& call) { return proposeAgreement(api, call); });
  router.add("GET", "/assets/regua.css", Access::kPublic, [](const Call&) {
    return pageAsset("regua.css", "text/css; charset=utf-8");
  }).answersInline = true;
  router.add("GET", "/assets/copiar.js", Access::kPublic, [](const Call&) {
    return pageAsset("copiar.js", "text/javascript; charset=utf-8");
  }).answersInline = true;
  router.add("GET", "/assets/favicon.svg", Access::kPublic, [](const Call&) {
    return pageAsset("favicon.svg", "image/svg+xml");
  }).answersInline = true;
}

}  // namespace regua::http
