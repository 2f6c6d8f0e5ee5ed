// The office's pages: sign-in, the dashboard (/), the delinquent list and one client on
// one screen with what an operator does there (promise, agreement, pause, call note).
// Each page calls the services the API and the CLI call; nothing here computes a number
// of its own. The credential is a session cookie (services::signIn): HttpOnly,
// SameSite=Strict, and every form carries the session's CSRF token besides.

#include <fstream>
#include <set>
#include <sstream>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/Logger.h>

#include "common/masking.hpp"
#include "engine/plugin_quoter.hpp"
#include "http/api_routes.hpp"
#include "http/page_files.hpp"
#include "http/page_kit.hpp"
#include "services/client_actions.hpp"
#include "services/client_history.hpp"
#include "services/client_overview.hpp"
#include "services/collection_service.hpp"
#include "services/dashboard.hpp"
#include "services/delinquency.hpp"
#include "services/effectiveness.hpp"
#include "services/staff.hpp"
#include "store/client_repository.hpp"

namespace regua::http {

namespace {

constexpr std::string_view kSessionCookie = "regua_sessao";
// The sign-in form has no session yet: its CSRF token is this cookie's value, repeated
// in the form (a site elsewhere can post the form but cannot read or set the cookie).
constexpr std::string_view kSignInCookie = "regua_entrada";
// Where Debian's libjs-chart.js puts Chart.js; served as /assets/chart.min.js.
constexpr const char* kChartJsFile = "/usr/share/javascript/chart.js/chart.min.js";

// A page refused with a status and a message for the person (pt-BR).
struct PageRefusal {
  int status;
  std::string message;
};

// `Secure` when serve speaks HTTPS itself (http.tls): the browser then never sends the
// cookie over plain HTTP.
std::string cookie(const ApiContext& api, std::string_view name, const std::string& value, int maxAgeSeconds) {
  return std::string(name) + "=" + value + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(maxAgeSeconds) +
         (api.config.httpTlsCertificate.empty() ? "" : "; Secure");
}

PageData layout(const services::StaffSession& session, const std::string& title) {
  PageData view;
  view.set("titulo", title);
  view.set("usuario", session.email);
  view.set("papel", std::string(services::roleName(session.role)));
  view.set("csrf", session.csrf);
  view.set("cabecalho", PageData(kainjow::mustache::partial([] { return std::string(pageFile("cabecalho.mustache")); })));
  return view;
}

Response refusalPage(const std::optional<services::StaffSession>& session, const PageRefusal& refusal) {
  PageData view = session ? layout(*session, "Não foi possível") : PageData();
  if (!session) view.set("titulo", "Não foi possível");
  view.set("mensagem", refusal.message);
  view.set("voltar", session ? "/" : "/entrar");
  return htmlPage(refusal.status, renderPage("aviso.html.mustache", view));
}

std::optional<services::StaffSession> signedIn(ApiContext& api, const Call& call) {
  return services::sessionFor(api.db(), cookieValue(call.request, kSessionCookie));
}

// ---- sign-in -------------------------------------------------------------------------

Response signInPage(const ApiContext& api, int status, const std::string& error, const std::string& email) {
  const std::string token = services::randomToken();
  PageData view;
  view.set("token", token);
  view.set("email", email);
  if (!error.empty()) view.set("erro", error);
  Response response = htmlPage(status, renderPage("entrar.html.mustache", view));
  response.headers.emplace_back("Set-Cookie", cookie(api, kSignInCookie, token, 3600));
  return response;
}

Response showSignIn(ApiContext& api, const Call& call) {
  if (signedIn(api, call)) return redirectTo("/");
  return signInPage(api, 200, "", "");
}

Response submitSignIn(ApiContext& api, const Call& call) {
  const auto form = parseForm(call.request.body, 4, 500);
  if (!form) return signInPage(api, 400, "O formulário chegou malformado ou grande demais. Tente de novo.", "");
  const auto field = [&](const char* name) {
    const auto it = form->find(name);
    return it == form->end() ? std::string() : it->second;
  };
  if (!services::sameToken(cookieValue(call.request, kSignInCookie), field("token"))) {
    return signInPage(api, 403, "O formulário expirou ou não veio desta página. Tente de novo.", field("email"));
  }
  const auto result = services::signIn(api.db(), field("email"), field("senha"));
  using Outcome = services::SignIn::Outcome;
  // Who tried, masked as every e-mail in the log; never the password.
  static constexpr const char* kOutcomeWords[] = {"aceita", "recusada", "bloqueada"};
  Poco::Logger::get("regua.http").information("entrada de %s: %s", maskPersonalData(field("email")),
                                              std::string(kOutcomeWords[static_cast<int>(result.outcome)]));
  if (result.outcome == Outcome::kLocked) {
    return signInPage(api, 429, "Muitas tentativas com senha errada: a conta está bloqueada até " + result.lockedUntil +
                               ". Peça a quem administra o Régua para trocar a senha (regua user password) se preciso.",
                      field("email"));
  }
  if (result.outcome == Outcome::kRefused) return signInPage(api, 401, "E-mail ou senha incorretos.", field("email"));
  Response response = redirectTo("/");
  response.headers.emplace_back("Set-Cookie", cookie(api, kSessionCookie, result.cookie, services::kSessionHours * 3600));
  response.headers.emplace_back("Set-Cookie", cookie(api, kSignInCookie, "", 0));
  return response;
}

Response signOut(ApiContext& api, const Call& call) {
  const auto session = signedIn(api, call);
  const auto form = parseForm(call.request.body, 2, 200);
  if (session && form && services::sameToken(session->csrf, form->count("csrf") ? form->at("csrf") : "")) {
    services::signOut(api.db(), cookieValue(call.request, kSessionCookie));
  } else if (session) {
    return refusalPage(session, {403, "O formulário expirou; recarregue a página e tente de novo."});
  }
  Response response = redirectTo("/entrar");
  response.headers.emplace_back("Set-Cookie", cookie(api, kSessionCookie, "", 0));
  return response;
}

// ---- dashboard ----------------------------------------------------------------------

// The charts' data, read by painel.js; "</" is escaped so the JSON cannot end its block.
std::string chartData(const services::Dashboard& d) {
  Poco::JSON::Object data(Poco::JSON_PRESERVE_KEY_ORDER);
  Poco::JSON::Array::Ptr agingLabels = new Poco::JSON::Array, agingValues = new Poco::JSON::Array;
  for (const auto& b : d.aging) {
    agingLabels->add(b.bucket + " dias");
    agingValues->add(b.amount.centavos());
  }
  Poco::JSON::Array::Ptr monthLabels = new Poco::JSON::Array, monthValues = new Poco::JSON::Array;
  for (const auto& m : d.months) {
    monthLabels->add((m.month < 10 ? "0" : "") + std::to_string(m.month) + "/" + std::to_string(m.year));
    const auto bp = m.delinquency.basisPoints();
    monthValues->add(bp ? Poco::Dynamic::Var(*bp) : Poco::Dynamic::Var());
  }
  Poco::JSON::Array::Ptr dayLabels = new Poco::JSON::Array, dueValues = new Poco::JSON::Array,
                         receivedValues = new Poco::JSON::Array;
  for (const auto& day : d.monthDays) {
    dayLabels->add(day.day.br().substr(0, 5));
    dueValues->add(day.due.centavos());
    receivedValues->add(day.received.centavos());
  }
  data.set("faixas", agingLabels);
  data.set("faixas_centavos", agingValues);
  data.set("meses", monthLabels);
  data.set("meses_pontos_base", monthValues);
  data.set("dias", dayLabels);
  data.set("dias_vencido_centavos", dueValues);
  data.set("dias_recebido_centavos", receivedValues);
  std::ostringstream out;
  data.stringify(out);
  std::string text = out.str();
  for (auto at = text.find("</"); at != std::string::npos; at = text.find("</", at + 3)) text.replace(at, 2, "<\\/");
  return text;
}

PageList effectivenessRows(store::Database& db, Date asOf) {
  PageList rows;
  for (const auto& r : services::effectiveness(db, asOf.plusDays(-90), asOf).rows) {
    const auto share = [&](int n) {
      return r.receivables > 0 ? std::to_string((n * 100 + r.receivables / 2) / r.receivables) + "%" : "—";
    };
    PageData row;
    row.set("estagio", r.policyId + "/" + r.stageId);
    row.set("canal", r.channel);
    row.set("modelo", r.templateName.empty() ? "—" : r.templateName);
    row.set("titulos", std::to_string(r.receivables));
    row.set("em3", share(r.paidWithin3));
    row.set("em7", share(r.paidWithin7));
    row.set("em15", share(r.paidWithin15));
    std::string median = "—";
    if (r.medianDays) {
      std::ostringstream text;
      text << *r.medianDays;
      median = text.str();
      for (auto& c : median) c = c == '.' ? ',' : c;
    }
    row.set("mediana", median);
    rows.push_back(row);
  }
  return rows;
}

void fillDashboard(ApiContext& api, const services::Dashboard& d, PageData& view) {
  view.set("hoje", d.asOf.br());
  view.set("de", d.from.iso());
  view.set("ate", d.to.iso());
  view.set("periodo", d.from.br() + " a " + d.to.br());
  view.set("vencido", d.overdue.toBrl());
  view.set("vencido_titulos", std::to_string(d.overdueItems));
  view.set("vencido_clientes", std::to_string(d.overdueClients));
  view.set("atualizado", d.updated.toBrl());
  view.set("recebido_mes", d.receivedThisMonth.toBrl());
  view.set("inadimplencia", d.delinquency.percent());
  view.set("inadimplencia_parte", d.delinquency.part.toBrl());
  view.set("inadimplencia_todo", d.delinquency.whole.toBrl());
  view.set("inadimplencia_definicao", services::delinquencyDefinition());
  view.set("recuperado", d.recovered.percent());
  view.set("recuperado_parte", d.recovered.part.toBrl());
  view.set("recuperado_todo", d.recovered.whole.toBrl());
  view.set("recuperado_definicao", services::recoveredDefinition());
  PageList aging, months, days;
  for (const auto& b : d.aging) {
    PageData row;
    row.set("faixa", b.bucket);
    row.set("titulos", std::to_string(b.items));
    row.set("valor", b.amount.toBrl());
    aging.push_back(row);
  }
  for (const auto& m : d.months) {
    PageData row;
    row.set("mes", (m.month < 10 ? "0" : "") + std::to_string(m.month) + "/" + std::to_string(m.year));
    row.set("taxa", m.delinquency.percent());
    months.push_back(row);
  }
  for (const auto& day : d.monthDays) {
    PageData row;
    row.set("dia", day.day.br());
    row.set("vencido", day.due.toBrl());
    row.set("recebido", day.received.toBrl());
    days.push_back(row);
  }
  view.set("faixas", aging);
  view.set("meses", months);
  view.set("dias", days);
  view.set("dados_graficos", chartData(d));
  const auto effectiveness = effectivenessRows(api.db(), d.asOf);
  view.set("tem_eficacia", !effectiveness.empty());
  view.set("eficacia", effectiveness);
  view.set("eficacia_metodo", services::effectivenessMethod());
}

std::optional<Date> dateField(const std::optional<std::string>& text) {
  if (!text || text->empty()) return std::nullopt;
  return Date::parse(*text);
}

Response dashboardPage(ApiContext& api, const Call& call) {
  const auto session = signedIn(api, call);
  if (!session) return redirectTo("/entrar");
  const Date today = services::localNow().day;
  const auto fromText = queryParam(call.request, "de"), toText = queryParam(call.request, "ate");
  const auto from = dateField(fromText), to = dateField(toText);
  if ((fromText && !fromText->empty() && !from) || (toText && !toText->empty() && !to)) {
    return refusalPage(session, {400, "Data do período inválida; use o seletor de datas (dd/mm/aaaa)."});
  }
  const auto policies = api.policies();
  const auto quoter = engine::makeQuoter(api.plugins, api.config.city);
  try {
    const auto d = api.dashboards.get(api.db(), policies, api.calendar, api.config.city, *quoter, today, from, to);
    PageData view = layout(*session, "Painel");
    fillDashboard(api, d, view);
    return htmlPage(200, renderPage("painel.html.mustache", view));
  } catch (const services::ServiceError& e) {
    return refusalPage(session, {400, e.what()});
  }
}

// ---- delinquent list ----------------------------------------------------------------

PageList choices(const std::set<std::string>& values, const std::string& chosen) {
  PageList out;
  for (const auto& v : values) {
    if (v.empty()) continue;
    PageData option;
    option.set("valor", v);
    option.set("escolhido", v == chosen);
    out.push_back(option);
  }
  return out;
}

Response delinquentsPage(ApiContext& api, const Call& call) {
  const auto session = signedIn(api, call);
  if (!session) return redirectTo("/entrar");
  const Date today = services::localNow().day;
  const services::DelinquentFilter filter{queryParam(call.request, "responsavel").value_or(""),
                                          queryParam(call.request, "segmento").value_or(""),
                                          queryParam(call.request, "faixa").value_or("")};
  const auto policies = api.policies();
  const auto quoter = engine::makeQuoter(api.plugins, api.config.city);
  const auto all = services::delinquents(api.db(), *policies, api.calendar, api.config.city, *quoter, today);
  std::set<std::string> responsibles, segments;
  for (const auto& c : all) {
    responsibles.insert(c.responsible);
    segments.insert(c.segment);
  }
  const auto rows = services::filtered(all, filter);
  PageData view = layout(*session, "Inadimplentes");
  view.set("hoje", today.br());
  view.set("responsaveis", choices(responsibles, filter.responsible));
  view.set("segmentos", choices(segments, filter.segment));
  const auto& buckets = services::agingBuckets();
  view.set("faixas", choices({buckets.begin(), buckets.end()}, filter.bucket));
  PageList clients;
  Money overdue, updated;
  for (const auto& c : rows) {
    PageData row;
    row.set("link", "/clientes/" + std::to_string(c.clientKey));
    row.set("nome", c.name);
    row.set("id", c.clientId);
    row.set("titulos", std::to_string(c.items));
    row.set("vencido", c.overdue.toBrl());
    row.set("atualizado", c.updated.toBrl());
    row.set("desde", c.oldestDue.br());
    row.set("dias", std::to_string(c.daysLate));
    row.set("faixa", c.bucket);
    row.set("estagio", c.lastStage.empty() ? "—" : c.lastStage);
    row.set("responsavel", c.responsible.empty() ? "—" : c.responsible);
    clients.push_back(row);
    overdue += c.overdue;
    updated += c.updated;
  }
  view.set("clientes", clients);
  view.set("tem_clientes", !rows.empty());
  view.set("quantos", std::to_string(rows.size()));
  view.set("total_vencido", overdue.toBrl());
  view.set("total_atualizado", updated.toBrl());
  return htmlPage(200, renderPage("inadimplentes.html.mustache", view));
}

// ---- one client ---------------------------------------------------------------------

std::string localTime(const std::string& utc) {
  const auto parsed = parseUtc(utc);
  return parsed ? formatLocal(*parsed) : utc;
}

PageList openItemsView(const services::ClientOverview& o) {
  PageList items;
  for (const auto& item : o.open) {
    PageData row;
    row.set("id", item.facts.receivableExternalId);
    row.set("descricao", item.facts.description.empty() ? "—" : item.facts.description);
    row.set("vencimento", item.facts.dueDate.br());
    row.set("situacao", item.daysLate > 0 ? std::to_string(item.daysLate) + " dias de atraso" : std::string("em dia"));
    row.set("aberto", item.facts.open.toBrl());
    row.set("hoje", item.amountToday.toBrl());
    items.push_back(row);
  }
  return items;
}

PageList agreementsView(const services::ClientOverview& o) {
  PageList out;
  for (const auto& a : o.agreements) {
    PageData row;
    row.set("numero", std::to_string(a.id));
    row.set("situacao", a.status);
    row.set("total", a.total.toBrl());
    row.set("parcelas", std::to_string(a.installments));
    row.set("proposto", a.proposedOn.br());
    out.push_back(row);
  }
  return out;
}

PageList historyView(store::Database& db, std::int64_t clientId) {
  PageList out;
  for (const auto& e : services::historyOf(db, clientId, 60)) {
    PageData row;
    row.set("quando", localTime(e.at));
    row.set("tipo", std::string(services::describeKind(e.kind)));
    row.set("quem", e.actor);
    row.set("resumo", e.summary);
    out.push_back(row);
  }
  return out;
}

PageList offersView(ApiContext& api, const domain::Client& client, Date today) {
  PageList out;
  try {
    NegotiationFor n(api);
    const auto debt = n.service.debtOf(client, today);
    for (const auto& offer : n.service.offers(debt)) {
      PageData row;
      row.set("plano", offer.planText());
      row.set("parcelas", std::to_string(offer.count));
      if (offer.down > Money()) row.set("entrada", offer.down.toBrl());
      row.set("regular", offer.regular().toBrl());
      row.set("total", offer.total().toBrl());
      out.push_back(row);
    }
  } catch (const services::NegotiationError&) {  // nothing overdue or no negotiation section: no offers
  }
  return out;
}

constexpr std::pair<std::string_view, std::string_view> kDone[] = {
    {"promessa", "Promessa registrada: a cobrança pausa até o dia útil seguinte ao prometido."},
    {"acordo", "Proposta de acordo registrada; aceite-a com regua agreement accept ou pela API."},
    {"pausa", "Cobrança pausada."},
    {"nota", "Nota registrada no histórico."},
};

Response clientScreen(ApiContext& api, const services::StaffSession& session, std::int64_t clientKey, int status,
                      const std::string& error, const std::string& done) {
  const Date today = services::localNow().day;
  const auto policies = api.policies();
  const auto quoter = engine::makeQuoter(api.plugins, api.config.city);
  const auto o = services::clientOverview(api.db(), *policies, api.calendar, api.config, *quoter, clientKey, today);
  if (!o) return refusalPage(session, {404, "Cliente não encontrado. Volte à lista de inadimplentes."});
  PageData view = layout(session, o->client.name);
  view.set("acao", "/clientes/" + std::to_string(clientKey));
  view.set("nome", o->client.name);
  view.set("id", o->client.externalId);
  view.set("origem", o->client.source);
  view.set("segmento", o->client.segment.empty() ? "—" : o->client.segment);
  view.set("responsavel", o->client.responsible.empty() ? "—" : o->client.responsible);
  view.set("hoje", today.br());
  view.set("hoje_iso", today.iso());
  if (o->client.pausedUntil && *o->client.pausedUntil > today) {
    view.set("pausado", "Cobrança pausada; volta em " + o->client.pausedUntil->br() + ".");
  }
  view.set("perfil", std::string(domain::toString(o->profile.kind)));
  view.set("itens", openItemsView(*o));
  view.set("tem_itens", !o->open.empty());
  view.set("total_aberto", o->openTotal.toBrl());
  view.set("total_hoje", o->todayTotal.toBrl());
  if (o->openPromise) {
    view.set("promessa", "Promessa de pagamento" +
                             (o->openPromise->amount > Money() ? " de " + o->openPromise->amount.toBrl() : std::string()) +
                             " até " + o->openPromise->until.br() + ".");
  }
  view.set("acordos", agreementsView(*o));
  view.set("tem_acordos", !o->agreements.empty());
  PageList tasks;
  for (const auto& t : o->openTasks) {
    PageData row;
    row.set("tipo", t.type);
    row.set("responsavel", t.responsible.empty() ? "—" : t.responsible);
    row.set("prazo", t.dueDate.br());
    tasks.push_back(row);
  }
  view.set("tarefas", tasks);
  view.set("tem_tarefas", !o->openTasks.empty());
  view.set("historico", historyView(api.db(), clientKey));
  view.set("ofertas", offersView(api, o->client, today));
  view.set("pode_agir", session.role != services::Role::kLeitura);
  if (!error.empty()) view.set("erro", error);
  for (const auto& [code, message] : kDone) {
    if (code == done) view.set("feito", std::string(message));
  }
  return htmlPage(status, renderPage("cliente_escritorio.html.mustache", view));
}

Response clientPage(ApiContext& api, const Call& call) {
  const auto session = signedIn(api, call);
  if (!session) return redirectTo("/entrar");
  const auto key = internalIdParam(call);
  if (!key) return refusalPage(session, {404, "Cliente não encontrado. Volte à lista de inadimplentes."});
  return clientScreen(api, *session, *key, 200, "", queryParam(call.request, "feito").value_or(""));
}

using Form = std::map<std::string, std::string>;

std::string fieldOf(const Form& form, const char* name) {
  const auto it = form.find(name);
  return it == form.end() ? std::string() : it->second;
}

Date requiredDate(const Form& form, const char* name, const char* what) {
  const auto day = dateField(fieldOf(form, name));
  if (!day) throw services::ServiceError(services::ServiceError::Kind::kRefused, std::string("informe ") + what + " (dd/mm/aaaa)");
  return *day;
}

Money optionalMoney(const Form& form, const char* name, const char* what) {
  const std::string text = fieldOf(form, name);
  if (text.empty()) return Money();
  const auto amount = Money::parse(text, MoneyFormat::kText);
  if (!amount || *amount < Money()) {
    throw services::ServiceError(services::ServiceError::Kind::kRefused,
                                 std::string(what) + " inválido: '" + text + "'; use 1.234,56");
  }
  return *amount;
}

// One operator action on the client `{id}`: signed in, a well-formed form with this
// session's CSRF token, a role that may act; `act` does it through a service (which
// refuses with NegotiationError or ServiceError, then nothing was stored) and names
// the notice to show after the redirect.
template <typename Act>
Response clientAction(ApiContext& api, const Call& call, Act act) {
  const auto session = signedIn(api, call);
  if (!session) return redirectTo("/entrar");
  const auto form = parseForm(call.request.body);
  if (!form) {
    return refusalPage(session, {400, "O formulário chegou malformado ou grande demais (até 4.000 caracteres por campo); "
                                      "nada foi gravado."});
  }
  if (!services::sameToken(session->csrf, fieldOf(*form, "csrf"))) {
    return refusalPage(session, {403, "O formulário expirou ou não veio desta página; nada foi gravado. Recarregue a "
                                      "página e tente de novo."});
  }
  if (session->role == services::Role::kLeitura) {
    return refusalPage(session, {403, "Seu usuário (papel leitura) só consulta; peça a um operador ou administrador."});
  }
  const auto key = internalIdParam(call);
  const auto client = key ? store::ClientRepository(api.db()).findById(*key) : std::nullopt;
  if (!client) return refusalPage(session, {404, "Cliente não encontrado; nada foi gravado."});
  const std::string actor = "web:" + session->email;
  try {
    const std::string done = act(*form, *client, *session, actor);
    return redirectTo("/clientes/" + std::to_string(client->id) + "?feito=" + done);
  } catch (const PageRefusal& refusal) {
    return refusalPage(session, refusal);
  } catch (const services::NegotiationError& e) {
    return clientScreen(api, *session, client->id, 422, e.what(), "");
  } catch (const services::ServiceError& e) {
    return clientScreen(api, *session, client->id, 422, e.what(), "");
  }
}

Response recordPromise(ApiContext& api, const Call& call) {
  return clientAction(api, call, [&](const Form& form, const domain::Client& client, const auto&, const std::string& actor) {
    const Date until = requiredDate(form, "ate", "o dia prometido");
    const Money amount = optionalMoney(form, "valor", "valor prometido");
    NegotiationFor n(api);
    n.service.promise(client, until, amount, services::localNow().day, actor);
    return std::string("promessa");
  });
}

Response proposeAgreement(ApiContext& api, const Call& call) {
  return clientAction(api, call, [&](const Form& form, const domain::Client& client, const services::StaffSession& session,
                                     const std::string& actor) {
    const std::string installments = fieldOf(form, "parcelas");
    if (installments.empty() || installments.size() > 3 || installments.find_first_not_of("0123456789") != std::string::npos ||
        std::stoi(installments) < 1) {
      throw services::ServiceError(services::ServiceError::Kind::kRefused, "informe o número de parcelas (1 a 360)");
    }
    services::ProposalRequest request;
    request.installments = std::stoi(installments);
    if (!fieldOf(form, "entrada").empty()) request.down = optionalMoney(form, "entrada", "valor da entrada");
    request.asOf = services::localNow().day;
    request.actor = actor;
    if (fieldOf(form, "aprovar") == "1") {
      // Beyond the policy's limits only an administrator answers for the deal.
      if (session.role != services::Role::kAdmin) {
        throw PageRefusal{403, "Só um administrador aprova um acordo fora dos limites da política; nada foi gravado. "
                               "Proponha dentro dos limites ou peça a um administrador."};
      }
      request.approver = session.email;
    }
    NegotiationFor n(api);
    n.service.propose(n.service.debtOf(client, request.asOf), request);
    return std::string("acordo");
  });
}

Response pauseCollection(ApiContext& api, const Call& call) {
  return clientAction(api, call, [&](const Form& form, const domain::Client& client, const auto&, const std::string& actor) {
    services::pauseClient(api.db(), client, requiredDate(form, "ate", "o último dia da pausa"), fieldOf(form, "motivo"),
                          actor, services::localNow().day);
    return std::string("pausa");
  });
}

Response addNote(ApiContext& api, const Call& call) {
  return clientAction(api, call, [&](const Form& form, const domain::Client& client, const auto&, const std::string& actor) {
    services::addCallNote(api.db(), client, fieldOf(form, "texto"), actor);
    return std::string("nota");
  });
}

Response chartJs() {
  std::ifstream file(kChartJsFile, std::ios::binary);
  if (!file) {
    return problem(404, "Chart.js não está instalado (pacote Debian libjs-chart.js); os gráficos ficam como tabelas");
  }
  std::ostringstream text;
  text << file.rdbuf();
  Response response;
  response.contentType = "text/javascript; charset=utf-8";
  response.body = text.str();
  response.headers.emplace_back("Cache-Control", "public, max-age=86400");
  response.headers.emplace_back("X-Content-Type-Options", "nosniff");
  return response;
}

}  // namespace

void addOfficePageRoutes(Router& router, ApiContext& api) {
  const auto page = [&](const char* method, const char* pattern, Response (*handler)(ApiContext&, const Call&)) {
    router.add(method, pattern, Access::kPublic, [&api, handler](const Call& call) { return handler(api, call); });
  };
  page("GET", "/", dashboardPage);
  page("GET", "/entrar", showSignIn);
  page("POST", "/entrar", submitSignIn);
  page("POST", "/sair", signOut);
  page("GET", "/inadimplentes", delinquentsPage);
  page("GET", "/clientes/{id}", clientPage);
  page("POST", "/clientes/{id}/promessa", recordPromise);
  page("POST", "/clientes/{id}/acordo", proposeAgreement);
  page("POST", "/clientes/{id}/pausa", pauseCollection);
  page("POST", "/clientes/{id}/nota", addNote);
  router.add("GET", "/assets/chart.min.js", Access::kPublic, [](const Call&) { return chartJs(); });
  router.add("GET", "/assets/painel.js", Access::kPublic, [](const Call&) {
    return pageAsset("painel.js", "text/javascript; charset=utf-8");
  }).answersInline = true;
}

}  // namespace regua::http
