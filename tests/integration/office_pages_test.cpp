// The office's pages end to end: users made with `regua user create|password`, a real
// `regua serve`, forms posted as a browser posts them. The numbers on the dashboard are
// the CLI's (`regua report dashboard`), the actions land in the client's history, and
// every refused form (wrong password, lockout, missing CSRF token, a role that may not,
// a date in the past, beyond the policy's limits, a huge or malformed form) says why and
// stores nothing.
#include <gtest/gtest.h>

#include <thread>

#include <Poco/JSON/Parser.h>
#include <Poco/URI.h>
#include <regua/value.hpp>

#include "serve_process.hpp"
#include "test_support.hpp"

namespace regua::testing {
namespace {

using Answer = ServeProcess::Answer;
using Headers = std::vector<std::pair<std::string, std::string>>;

Poco::JSON::Object::Ptr parse(const std::string& body) {
  return Poco::JSON::Parser().parse(body).extract<Poco::JSON::Object::Ptr>();
}

std::string formEncoded(const std::vector<std::pair<std::string, std::string>>& fields) {
  std::string body;
  for (const auto& [name, value] : fields) {
    std::string encoded;
    Poco::URI::encode(value, "&=+;", encoded);
    body += (body.empty() ? "" : "&") + name + "=" + encoded;
  }
  return body;
}

// Today in the office's time zone (America/Sao_Paulo, UTC-3 all year) plus `days`, ISO.
std::string officeTodayPlus(int days) {
  const auto local = std::chrono::system_clock::now() - std::chrono::hours(3);
  const auto today = std::chrono::floor<std::chrono::days>(local).time_since_epoch().count();
  return Date::fromDaysSinceEpoch(static_cast<std::int32_t>(today + days)).iso();
}

// The value of input `name` in a page ("" when absent).
std::string inputValue(const std::string& html, const std::string& name) {
  const std::string marker = "name=\"" + name + "\" value=\"";
  const auto at = html.find(marker);
  if (at == std::string::npos) return "";
  const auto start = at + marker.size();
  return html.substr(start, html.find('"', start) - start);
}

// The text of the element with id `id`, up to the next '<'.
std::string byId(const std::string& html, const std::string& id) {
  const std::string marker = "id=\"" + id + "\">";
  const auto at = html.find(marker);
  if (at == std::string::npos) return "(#" + id + " not found)";
  const auto start = at + marker.size();
  return html.substr(start, html.find('<', start) - start);
}

std::string cookieNamed(const Answer& answer, const std::string& name) {
  for (const auto& c : answer.cookies) {
    if (c.rfind(name + "=", 0) == 0) return c;
  }
  return "";
}

// The sample office, synced, with an admin, an operator and a reader, and `regua serve`.
class OfficePages : public ::testing::Test {
 protected:
  void SetUp() override {
    copySampleOffice(dir_);
    ASSERT_EQ(regua({"sync"}).exitCode, 0);
    for (const auto& [email, role] : {std::pair{"chefe@escritorio.com.br", "admin"},
                                      std::pair{"ana@escritorio.com.br", "operador"},
                                      std::pair{"leo@escritorio.com.br", "leitura"}}) {
      const auto made = regua({"user", "create", "--email", email, "--role", role});
      ASSERT_EQ(made.exitCode, 0) << made.err;
      ASSERT_EQ(regua({"user", "password", email}, std::string(role) + "-senha-longa\n").exitCode, 0);
    }
    serve_ = std::make_unique<ServeProcess>(dir_.path() / "config/regua.yaml");
    ASSERT_NE(serve_->port(), 0) << serve_->waitExit() << serve_->err();
  }

  RunResult regua(std::vector<std::string> args, const std::string& input = "") {
    args.insert(args.begin(), {"--config", (dir_.path() / "config/regua.yaml").string()});
    return run(REGUA_BINARY, args, dir_.path().string(), {}, input.empty() ? std::nullopt : std::optional(input));
  }

  // Posts the sign-in form as the page gives it; the answer carries the session cookie.
  Answer signIn(const std::string& email, const std::string& password) {
    const auto form = serve_->call("GET", "/entrar");
    EXPECT_EQ(form.status, 200);
    const std::string entry = cookieNamed(form, "regua_entrada");
    return serve_->call("POST", "/entrar",
                        formEncoded({{"token", inputValue(form.body, "token")}, {"email", email}, {"senha", password}}),
                        {{"Cookie", entry}, {"Content-Type", "application/x-www-form-urlencoded"}});
  }
  // The session cookie of a signed-in user of `role`.
  std::string sessionOf(const std::string& email, const std::string& role) {
    const auto answer = signIn(email, role + "-senha-longa");
    EXPECT_EQ(answer.status, 303) << answer.body;
    EXPECT_EQ(answer.headers.count("Location") ? answer.headers.at("Location") : "", "/");
    return cookieNamed(answer, "regua_sessao");
  }
  Answer get(const std::string& path, const std::string& session) {
    return serve_->call("GET", path, "", {{"Cookie", session}});
  }
  Answer postForm(const std::string& path, const std::string& session, const std::string& body) {
    return serve_->call("POST", path, body, {{"Cookie", session}, {"Content-Type", "application/x-www-form-urlencoded"}});
  }
  // The client screen's path of the first delinquent client owing at least R$ 400,00
  // (three installments above the sample policy's minimum of R$ 100,00).
  std::string delinquentClientPath(const std::string& session) {
    const auto report = regua({"report", "delinquents", "--csv"});
    std::istringstream rows(report.out);
    std::string row, name;
    std::getline(rows, row);  // cliente;nome;titulos;total_vencido;...
    while (name.empty() && std::getline(rows, row)) {
      std::vector<std::string> fields;
      std::istringstream cells(row);
      for (std::string cell; std::getline(cells, cell, ';');) fields.push_back(cell);
      std::string overdue = fields.at(3);
      overdue.replace(overdue.find(','), 1, ".");
      if (std::stod(overdue) >= 400) name = fields.at(1);
    }
    const auto list = get("/inadimplentes", session);
    const auto at = list.body.find("\">" + name + "</a>");
    EXPECT_NE(at, std::string::npos) << name;
    const auto href = list.body.rfind("href=\"", at) + 6;
    return list.body.substr(href, at - href);
  }

  TempDir dir_;
  std::unique_ptr<ServeProcess> serve_;
};

TEST_F(OfficePages, OnlyTheRightPasswordSignsInAndRepeatedFailuresLockTheAccount) {
  const auto bare = serve_->call("GET", "/");
  EXPECT_EQ(bare.status, 303);
  EXPECT_EQ(bare.headers.at("Location"), "/entrar");
  EXPECT_EQ(get("/", "regua_sessao=forjado").status, 303) << "a made-up cookie opens nothing";

  const auto wrong = signIn("ana@escritorio.com.br", "errada-errada");
  EXPECT_EQ(wrong.status, 401);
  EXPECT_NE(wrong.body.find("E-mail ou senha incorretos."), std::string::npos);
  EXPECT_TRUE(cookieNamed(wrong, "regua_sessao").empty());
  const auto unknown = signIn("ninguem@escritorio.com.br", "qualquer-uma");
  EXPECT_EQ(unknown.status, 401) << "an unknown e-mail is refused exactly as a wrong password";
  EXPECT_NE(unknown.body.find("E-mail ou senha incorretos."), std::string::npos);

  const auto form = serve_->call("GET", "/entrar");
  EXPECT_NE(form.headers.at("Set-Cookie").find("HttpOnly; SameSite=Strict"), std::string::npos);
  EXPECT_EQ(form.headers.at("Set-Cookie").find("Secure"), std::string::npos) << "plain HTTP: a Secure cookie would be dropped";
  const auto noToken = serve_->call("POST", "/entrar", formEncoded({{"email", "ana@escritorio.com.br"}, {"senha", "operador-senha-longa"}}),
                                    {{"Content-Type", "application/x-www-form-urlencoded"}});
  EXPECT_EQ(noToken.status, 403) << "a sign-in form not given by the page is refused";
  EXPECT_TRUE(cookieNamed(noToken, "regua_sessao").empty());

  // Four more wrong passwords make five: locked, and then even the right one is refused.
  for (int i = 0; i < 3; ++i) EXPECT_EQ(signIn("ana@escritorio.com.br", "errada-errada").status, 401);
  const auto fifth = signIn("ana@escritorio.com.br", "errada-errada");
  EXPECT_EQ(fifth.status, 429);
  EXPECT_NE(fifth.body.find("bloqueada até"), std::string::npos) << fifth.body;
  const auto locked = signIn("ana@escritorio.com.br", "operador-senha-longa");
  EXPECT_EQ(locked.status, 429);
  EXPECT_TRUE(cookieNamed(locked, "regua_sessao").empty());
  EXPECT_NE(regua({"user", "list"}).out.find("bloqueado até"), std::string::npos);

  // A new password lifts the lock.
  ASSERT_EQ(regua({"user", "password", "ana@escritorio.com.br"}, "operador-senha-longa\n").exitCode, 0);
  const std::string session = sessionOf("ana@escritorio.com.br", "operador");
  ASSERT_FALSE(session.empty());
  const auto dashboard = get("/", session);
  EXPECT_EQ(dashboard.status, 200);
  EXPECT_NE(dashboard.body.find("ana@escritorio.com.br (operador)"), std::string::npos);

  // The log names each attempt with the e-mail masked, and never a password.
  EXPECT_EQ(serve_->stop(SIGTERM), 0);
  const std::string& log = serve_->err();
  EXPECT_NE(log.find(": recusada"), std::string::npos) << log;
  EXPECT_NE(log.find(": bloqueada"), std::string::npos);
  EXPECT_EQ(log.find("ana@escritorio.com.br"), std::string::npos) << "e-mails are masked";
  EXPECT_EQ(log.find("operador-senha-longa"), std::string::npos);
  EXPECT_EQ(log.find("errada-errada"), std::string::npos);
  serve_ = std::make_unique<ServeProcess>(dir_.path() / "config/regua.yaml");
  ASSERT_NE(serve_->port(), 0) << serve_->waitExit() << serve_->err();

  // Signing out needs the page's token too, and ends the session.
  EXPECT_EQ(postForm("/sair", session, "csrf=outro").status, 403);
  EXPECT_EQ(get("/", session).status, 200);
  EXPECT_EQ(postForm("/sair", session, "csrf=" + inputValue(dashboard.body, "csrf")).status, 303);
  EXPECT_EQ(get("/", session).status, 303);

  EXPECT_EQ(regua({"user", "password", "ana@escritorio.com.br"}, "curta\n").exitCode, 64);
  EXPECT_EQ(regua({"user", "create", "--email", "x@escritorio.com.br", "--role", "integracao"}).exitCode, 64);
  EXPECT_EQ(regua({"user", "create", "--email", "ANA@escritorio.com.br", "--role", "admin"}).exitCode, 64)
      << "e-mails are compared without case";
}

TEST_F(OfficePages, TheDashboardShowsWhatReguaReportDashboardSays) {
  const auto cli = regua({"report", "dashboard", "--json"});
  ASSERT_EQ(cli.exitCode, 0) << cli.err;
  const auto numbers = parse(cli.out);
  const auto brl = [&](const std::string& field) { return numbers->getObject(field)->getValue<std::string>("brl"); };
  const auto rate = [&](const std::string& field) { return numbers->getObject(field)->getValue<std::string>("percent"); };
  ASSERT_GT(numbers->getValue<int>("overdue_items"), 0) << "the sample office has overdue items";

  const std::string session = sessionOf("leo@escritorio.com.br", "leitura");
  const auto page = get("/", session);
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_EQ(byId(page.body, "vencido"), brl("overdue"));
  EXPECT_EQ(byId(page.body, "atualizado"), brl("updated"));
  EXPECT_EQ(byId(page.body, "recebido-mes"), brl("received_this_month"));
  EXPECT_EQ(byId(page.body, "inadimplencia"), rate("delinquency"));
  EXPECT_EQ(byId(page.body, "recuperado"), rate("recovered"));
  EXPECT_EQ(byId(page.body, "vencido-titulos"), std::to_string(numbers->getValue<int>("overdue_items")));
  // The report's total: the dashboard's updated amount is the delinquency report's.
  const auto report = regua({"report", "delinquents"});
  EXPECT_NE(report.out.find("atualizado " + brl("updated")), std::string::npos) << report.out;

  // The API answers the same document (and its contract holds).
  const auto key = bearerFrom(regua({"api-key", "create", "--name", "painel", "--role", "leitura"}).out);
  const auto api = serve_->call("GET", "/api/v1/reports/dashboard", "", {{"Authorization", key}});
  ASSERT_EQ(api.status, 200) << api.body;
  std::ostringstream fromCli, fromApi;
  numbers->stringify(fromCli);
  parse(api.body)->stringify(fromApi);
  EXPECT_EQ(fromApi.str(), fromCli.str());
  EXPECT_EQ(serve_->call("GET", "/api/v1/reports/dashboard?from=2026-12-01&to=2026-11-01", "", {{"Authorization", key}}).status, 400);

  // A payment recorded after the page was drawn (and kept) shows on the next view.
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));  // past the second of the last write
  ASSERT_EQ(get("/", session).status, 200);
  const auto admin = bearerFrom(regua({"api-key", "create", "--name", "caixa", "--role", "admin"}).out);
  const auto paid = serve_->call("POST", "/api/v1/payments?source=csv",
                                 R"({"payments": [{"id": "PG-PAINEL", "receivable_id": "C008-202611", "amount": 5000, "paid_date": ")" +
                                     officeTodayPlus(0) + R"("}]})",
                                 {{"Authorization", admin}});
  ASSERT_EQ(paid.status, 200) << paid.body;
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  const auto afterPayment = parse(regua({"report", "dashboard", "--json"}).out);
  EXPECT_NE(afterPayment->getObject("received_this_month")->getValue<std::string>("brl"), brl("received_this_month"));
  const auto repainted = get("/", session);
  EXPECT_EQ(byId(repainted.body, "recebido-mes"), afterPayment->getObject("received_this_month")->getValue<std::string>("brl"));
  EXPECT_EQ(byId(repainted.body, "vencido"), afterPayment->getObject("overdue")->getValue<std::string>("brl"));

  // A period: the page's rates follow it, as the CLI's do.
  const auto november = parse(regua({"report", "dashboard", "--from", "2026-11-01", "--to", "2026-11-30", "--json"}).out);
  const auto periodPage = get("/?de=2026-11-01&ate=2026-11-30", session);
  EXPECT_EQ(byId(periodPage.body, "inadimplencia"), november->getObject("delinquency")->getValue<std::string>("percent"));
  EXPECT_EQ(get("/?de=ontem", session).status, 400);

  // Charts come from the host (Debian's libjs-chart.js), nothing from elsewhere.
  EXPECT_NE(page.body.find("<script src=\"/assets/chart.min.js\""), std::string::npos);
  const auto chart = serve_->call("GET", "/assets/chart.min.js");
  ASSERT_EQ(chart.status, 200);
  EXPECT_NE(chart.body.find("Chart.js v"), std::string::npos);
  EXPECT_EQ(page.body.find("https://"), std::string::npos) << "nothing loaded from another site";
  EXPECT_NE(page.headers.at("Content-Security-Policy").find("script-src 'self'"), std::string::npos);
}

// serve computes today's numbers on its own once it is up (and again after a change), so
// the office's first view finds them ready; /health says when.
TEST_F(OfficePages, ServeComputesTodaysDashboardInTheBackground) {
  for (int i = 0; i < 100 && parse(serve_->call("GET", "/health").body)->isNull("dashboard"); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  const auto health = parse(serve_->call("GET", "/health").body);
  ASSERT_FALSE(health->isNull("dashboard")) << "not computed within 10 s";
  EXPECT_EQ(health->getObject("dashboard")->getValue<std::string>("as_of"), officeTodayPlus(0));
}

TEST_F(OfficePages, TheDelinquentListFiltersAsTheApiDoes) {
  const std::string session = sessionOf("leo@escritorio.com.br", "leitura");
  const auto key = bearerFrom(regua({"api-key", "create", "--name", "lista", "--role", "leitura"}).out);
  const auto all = get("/inadimplentes", session);
  ASSERT_EQ(all.status, 200);
  const auto count = [](const std::string& html) {
    std::size_t n = 0;
    for (auto at = html.find("href=\"/clientes/"); at != std::string::npos; at = html.find("href=\"/clientes/", at + 1)) ++n;
    return n;
  };
  const auto api = parse(serve_->call("GET", "/api/v1/reports/delinquents?limit=1000", "", {{"Authorization", key}}).body);
  EXPECT_EQ(count(all.body), api->getArray("items")->size());
  const auto mine = get("/inadimplentes?responsavel=ana%40escritorio.com.br&faixa=6-30", session);
  const auto apiMine = parse(serve_->call("GET", "/api/v1/reports/delinquents?limit=1000&responsible=ana%40escritorio.com.br&bucket=6-30",
                                          "", {{"Authorization", key}}).body);
  ASSERT_GT(apiMine->getArray("items")->size(), 0u);
  EXPECT_LT(apiMine->getArray("items")->size(), api->getArray("items")->size());
  EXPECT_EQ(count(mine.body), apiMine->getArray("items")->size());
}

TEST_F(OfficePages, AnOperatorRecordsAPromiseAPauseAndANoteAndSeesThemInTheHistory) {
  const std::string session = sessionOf("ana@escritorio.com.br", "operador");
  const std::string client = delinquentClientPath(session);
  ASSERT_EQ(client.rfind("/clientes/", 0), 0u) << client;
  const auto screen = get(client, session);
  ASSERT_EQ(screen.status, 200);
  const std::string csrf = inputValue(screen.body, "csrf");
  ASSERT_FALSE(csrf.empty());
  const auto historyRows = [&] {
    const auto page = get(client, session).body;
    const auto start = page.find("id=\"historico\"");
    std::size_t n = 0;
    for (auto at = page.find("<tr><td>", start); at != std::string::npos; at = page.find("<tr><td>", at + 1)) ++n;
    return n;
  };
  const std::size_t before = historyRows();

  const std::string until = officeTodayPlus(10);
  const auto promised = postForm(client + "/promessa", session, formEncoded({{"csrf", csrf}, {"ate", until}, {"valor", "150,00"}}));
  ASSERT_EQ(promised.status, 303) << promised.body;
  EXPECT_EQ(promised.headers.at("Location"), client + "?feito=promessa");
  const auto after = get(client + "?feito=promessa", session).body;
  EXPECT_NE(after.find("Promessa registrada"), std::string::npos);
  EXPECT_NE(byId(after, "promessa-aberta").find("R$ 150,00"), std::string::npos) << byId(after, "promessa-aberta");
  EXPECT_NE(after.find("promessa de pagamento de R$ 150,00"), std::string::npos) << "in the history";
  EXPECT_NE(after.find("web:ana@escritorio.com.br"), std::string::npos) << "who did it";
  EXPECT_EQ(historyRows(), before + 1);

  ASSERT_EQ(postForm(client + "/pausa", session, formEncoded({{"csrf", csrf}, {"ate", until}, {"motivo", "sócio viajando"}})).status, 303);
  ASSERT_EQ(postForm(client + "/nota", session, formEncoded({{"csrf", csrf}, {"texto", "Liguei; pediu o boleto por e-mail."}})).status, 303);
  const auto last = get(client, session).body;
  EXPECT_NE(last.find("sócio viajando"), std::string::npos);
  EXPECT_NE(last.find("Liguei; pediu o boleto por e-mail."), std::string::npos);
  EXPECT_EQ(historyRows(), before + 3);
}

TEST_F(OfficePages, RefusedFormsSayWhyAndStoreNothing) {
  const std::string operador = sessionOf("ana@escritorio.com.br", "operador");
  const std::string client = delinquentClientPath(operador);
  const std::string csrf = inputValue(get(client, operador).body, "csrf");
  const auto historyText = [&] { return regua({"history", client.substr(client.rfind('/') + 1)}).out; };
  const std::string before = historyText();
  const std::string future = officeTodayPlus(5);

  const auto noCsrf = postForm(client + "/nota", operador, formEncoded({{"texto", "sem token"}}));
  EXPECT_EQ(noCsrf.status, 403);
  EXPECT_NE(noCsrf.body.find("O formulário expirou"), std::string::npos);
  EXPECT_EQ(postForm(client + "/nota", operador, formEncoded({{"csrf", csrf + "x"}, {"texto", "token errado"}})).status, 403);

  const auto past = postForm(client + "/promessa", operador, formEncoded({{"csrf", csrf}, {"ate", "2020-01-10"}}));
  EXPECT_EQ(past.status, 422);
  EXPECT_NE(past.body.find("já passou"), std::string::npos) << past.body;

  const auto beyond = postForm(client + "/acordo", operador, formEncoded({{"csrf", csrf}, {"parcelas", "48"}}));
  EXPECT_EQ(beyond.status, 422);
  EXPECT_NE(beyond.body.find("Nada foi gravado"), std::string::npos) << beyond.body;
  const auto approvedByOperator =
      postForm(client + "/acordo", operador, formEncoded({{"csrf", csrf}, {"parcelas", "48"}, {"aprovar", "1"}}));
  EXPECT_EQ(approvedByOperator.status, 403);
  EXPECT_NE(approvedByOperator.body.find("Só um administrador aprova"), std::string::npos);

  const auto huge = postForm(client + "/nota", operador, formEncoded({{"csrf", csrf}, {"texto", std::string(5000, 'a')}}));
  EXPECT_EQ(huge.status, 400);
  EXPECT_NE(huge.body.find("grande demais"), std::string::npos);
  EXPECT_EQ(postForm(client + "/nota", operador, "csrf=" + csrf + "&texto=%zz").status, 400);
  EXPECT_EQ(postForm(client + "/pausa", operador, formEncoded({{"csrf", csrf}, {"ate", future}, {"motivo", "  "}})).status, 422);
  EXPECT_EQ(postForm("/clientes/999999/nota", operador, formEncoded({{"csrf", csrf}, {"texto", "ninguém"}})).status, 404);

  const std::string reader = sessionOf("leo@escritorio.com.br", "leitura");
  const auto readerScreen = get(client, reader).body;
  EXPECT_EQ(readerScreen.find("/promessa\""), std::string::npos) << "a reader is not offered the forms";
  const auto byReader = postForm(client + "/nota", reader,
                                 formEncoded({{"csrf", inputValue(readerScreen, "csrf")}, {"texto", "leitura tenta"}}));
  EXPECT_EQ(byReader.status, 403);
  EXPECT_EQ(historyText(), before) << "nothing refused reached the history";

  // An administrator may approve beyond the limits; the approver goes to the history.
  const std::string admin = sessionOf("chefe@escritorio.com.br", "admin");
  const std::string adminCsrf = inputValue(get(client, admin).body, "csrf");
  const auto approved = postForm(client + "/acordo", admin, formEncoded({{"csrf", adminCsrf}, {"parcelas", "24"}, {"aprovar", "1"}}));
  ASSERT_EQ(approved.status, 303) << approved.body;
  EXPECT_NE(historyText().find("chefe@escritorio.com.br"), std::string::npos);
  EXPECT_EQ(postForm(client + "/nota", admin, formEncoded({{"csrf", csrf}, {"texto", "token de outra sessão"}})).status, 403)
      << "a session's token does not open another's forms";
}

TEST_F(OfficePages, PauseAndNotesThroughTheApiAndTheCli) {
  const auto operador = bearerFrom(regua({"api-key", "create", "--name", "op", "--role", "operador"}).out);
  const auto leitura = bearerFrom(regua({"api-key", "create", "--name", "le", "--role", "leitura"}).out);
  const std::string future = officeTodayPlus(7);
  EXPECT_EQ(serve_->call("POST", "/api/v1/clients/C008/notes", R"({"text": "oi"})", {{"Authorization", leitura}}).status, 403);
  const auto noted = serve_->call("POST", "/api/v1/clients/C008/notes", R"({"text": "Ligou pedindo segunda via."})",
                                  {{"Authorization", operador}});
  EXPECT_EQ(noted.status, 201) << noted.body;
  const auto paused = serve_->call("POST", "/api/v1/clients/C008/pause",
                                   R"({"until": ")" + future + R"(", "reason": "em férias"})", {{"Authorization", operador}});
  ASSERT_EQ(paused.status, 200) << paused.body;
  EXPECT_EQ(parse(paused.body)->getValue<std::string>("paused_until"), future);
  EXPECT_EQ(serve_->call("POST", "/api/v1/clients/C008/pause", R"({"until": "2020-01-01", "reason": "x"})",
                         {{"Authorization", operador}}).status, 422);
  EXPECT_EQ(serve_->call("POST", "/api/v1/clients/NAOEXISTE/notes", R"({"text": "x"})", {{"Authorization", operador}}).status, 404);
  EXPECT_EQ(regua({"client", "note", "C008", "--text", "pela linha de comando"}).exitCode, 0);
  EXPECT_EQ(regua({"client", "pause", "C008", "--until", "2020-01-01", "--reason", "x"}).exitCode, 1);
  const auto history = regua({"history", "C008"}).out;
  EXPECT_NE(history.find("Ligou pedindo segunda via."), std::string::npos) << history;
  EXPECT_NE(history.find("em férias"), std::string::npos);
  EXPECT_NE(history.find("pela linha de comando"), std::string::npos);
}

}  // namespace
}  // namespace regua::testing
