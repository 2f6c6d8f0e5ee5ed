// The client's own page end to end: `regua link` makes the address, a real `regua serve`
// answers it, and what the page shows is checked against the API's quote (the same
// service), the PIX QR image against a real QR reader (zbarimg) and `regua pix parse`.
// Expired, forged and other clients' tokens get a polite 403 and nothing of anyone's data.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>

#include <Poco/JSON/Parser.h>
#include <regua/value.hpp>

#include "serve_process.hpp"
#include "test_support.hpp"

namespace regua::testing {
namespace {

constexpr const char* kKey = "chave-de-teste-dos-links-0123456789abcdef";

Poco::JSON::Object::Ptr parse(const std::string& body) {
  return Poco::JSON::Parser().parse(body).extract<Poco::JSON::Object::Ptr>();
}

// The sample office with client pages on, synced, and `regua serve` answering. The page
// names no PIX receiver of its own: it pays regua.yaml's `office.pix`, as the e-mails do.
class ClientPage : public ::testing::Test {
 protected:
  void SetUp() override {
    copySampleOffice(dir_, "\nclient_page:\n  base_url: https://cobranca.exemplo.com.br/\n  key: " + std::string(kKey) +
                               "\n  valid_days: 7\n");
    ASSERT_EQ(regua({"sync"}).exitCode, 0);
    bearer_ = bearerFrom(regua({"api-key", "create", "--name", "leitor", "--role", "leitura"}).out);
    serve_ = std::make_unique<ServeProcess>(dir_.path() / "config/regua.yaml");
    ASSERT_NE(serve_->port(), 0) << serve_->waitExit() << serve_->err();
  }

  RunResult regua(std::vector<std::string> args) {
    args.insert(args.begin(), {"--config", (dir_.path() / "config/regua.yaml").string()});
    return run(REGUA_BINARY, args, dir_.path().string());
  }
  // The page's path from `regua link` (the address is its last line).
  std::string linkPath(const std::string& client, const std::vector<std::string>& more = {}) {
    std::vector<std::string> args = {"link", client};
    args.insert(args.end(), more.begin(), more.end());
    const auto made = regua(args);
    EXPECT_EQ(made.exitCode, 0) << made.err;
    const std::string url = made.out.substr(made.out.rfind("https://"));
    const std::string base = "https://cobranca.exemplo.com.br";
    EXPECT_EQ(url.rfind(base + "/c/", 0), 0u) << url;
    return url.substr(base.size(), url.find('\n') - base.size());
  }
  // What GET /api/v1/quote says a receivable costs today; nothing for a bill not yet
  // issued (the API refuses to price it, and the page leaves it out).
  std::optional<long long> quotedToday(const std::string& receivable) {
    const auto answer = serve_->call("GET", "/api/v1/quote?receivable=" + receivable, "", {{"Authorization", bearer_}});
    if (answer.status == 422 && answer.body.find("só foi emitido em") != std::string::npos) return std::nullopt;
    EXPECT_EQ(answer.status, 200) << answer.body;
    return parse(answer.body)->getObject("total")->getValue<long long>("centavos");
  }

  TempDir dir_;
  std::string bearer_;
  std::unique_ptr<ServeProcess> serve_;
};

// The text after `marker` up to the next '<', past `from`.
std::string textAfter(const std::string& html, const std::string& marker, std::size_t from = 0) {
  const auto at = html.find(marker, from);
  if (at == std::string::npos) return "(" + marker + " not found)";
  const auto start = at + marker.size();
  return html.substr(start, html.find('<', start) - start);
}

// As the page writes text (Mustache's {{ }}).
std::string htmlEscaped(const std::string& text) {
  std::string out;
  for (char c : text) {
    out += c == '&' ? "&amp;" : c == '<' ? "&lt;" : c == '>' ? "&gt;" : c == '"' ? "&quot;" : std::string(1, c);
  }
  return out;
}

// What zbarimg reads from a PNG.
std::string scanned(const TempDir& dir, const std::string& png) {
  const auto file = dir.write("qr.png", png);
  const auto read = run("/usr/bin/zbarimg", {"--nodbus", "--raw", "-q", file.string()});
  EXPECT_EQ(read.exitCode, 0) << read.err;
  std::string out = read.out;
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

TEST_F(ClientPage, ShowsEachOpenItemAtTheAmountTheApiQuotesAndAPixCodeABankAppScans) {
  const std::string path = linkPath("C008");
  const auto page = serve_->call("GET", path);
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_EQ(page.contentType, "text/html; charset=utf-8");
  EXPECT_EQ(page.headers.at("Cache-Control"), "no-store");
  EXPECT_EQ(page.headers.at("Referrer-Policy"), "no-referrer");
  EXPECT_NE(page.body.find("Farmácia Vida Plena"), std::string::npos);

  const auto shown = parse(regua({"client", "show", "C008", "--json"}).out);
  long long total = 0;
  std::size_t items = 0;
  for (const auto& entry : *shown->getArray("open_items")) {
    const auto item = entry.extract<Poco::JSON::Object::Ptr>();
    const std::string id = item->getValue<std::string>("id");
    const auto section = page.body.find("data-titulo=\"" + id + "\"");
    const auto quoted = quotedToday(id);
    if (!quoted) {
      EXPECT_EQ(section, std::string::npos) << id << " is not issued yet: nothing to pay today";
      continue;
    }
    ASSERT_NE(section, std::string::npos) << id;
    EXPECT_EQ(textAfter(page.body, "item-total\">", section), Money::fromCentavos(*quoted).toBrl()) << id;
    total += *quoted;
    ++items;
  }
  ASSERT_GE(items, 2u);
  EXPECT_EQ(textAfter(page.body, "<span id=\"total-valor\">"), Money::fromCentavos(total).toBrl());
  EXPECT_NE(page.body.find("<th scope=\"row\">Juros</th>"), std::string::npos) << "an overdue item shows its interest";

  // The QR image of the total: what a bank app reads is the copia-e-cola shown, for the total.
  const auto image = serve_->call("GET", path + "/pix.png");
  ASSERT_EQ(image.status, 200);
  EXPECT_EQ(image.contentType, "image/png");
  const std::string payload = scanned(dir_, image.body);
  EXPECT_EQ(textAfter(page.body, "<textarea id=\"pix-total\" readonly rows=\"3\">"), payload);
  const auto parsed = regua({"pix", "parse", payload, "--json"});
  ASSERT_EQ(parsed.exitCode, 0) << parsed.err;
  EXPECT_EQ(parse(parsed.out)->getValue<long long>("amount"), total) << parsed.out;
  // The receiver is the office of regua.yaml, told once for the page and the messages.
  EXPECT_EQ(parse(parsed.out)->getValue<std::string>("key"), "financeiro@escritorio-exemplo.com.br") << parsed.out;
  EXPECT_EQ(parse(parsed.out)->getValue<std::string>("name"), "ESCRITORIO CONTABIL EXEMP") << parsed.out;

  // One item's own code.
  const std::string first = shown->getArray("open_items")->getObject(0)->getValue<std::string>("id");
  const auto one = serve_->call("GET", path + "/pix.png?titulo=" + first);
  ASSERT_EQ(one.status, 200);
  const auto oneParsed = regua({"pix", "parse", scanned(dir_, one.body), "--json"});
  EXPECT_EQ(parse(oneParsed.out)->getValue<long long>("amount"), quotedToday(first).value_or(-1));
}

TEST_F(ClientPage, AnExpiredForgedOrMalformedTokenGetsAPolite403AndNothingOfAnyClient) {
  const std::string path = linkPath("C008");
  const std::string token = path.substr(3);
  const auto refusedWith = [&](const std::string& wrong, const std::string& words) {
    const auto answer = serve_->call("GET", wrong);
    EXPECT_EQ(answer.status, 403) << wrong;
    EXPECT_NE(answer.body.find(words), std::string::npos) << wrong << "\n" << answer.body;
    EXPECT_EQ(answer.body.find("Farmácia"), std::string::npos) << "a refusal names no client";
    EXPECT_EQ(answer.body.find("R$"), std::string::npos) << "a refusal shows no amount";
  };
  // valid_days 7: a link made 7 days ago closed yesterday. (Made without --as-of, the
  // token carries today as AAAAMMDD after the client id.)
  const std::string made = token.substr(token.find('.') + 1, 8);
  const Date today = Date::parseIso(made.substr(0, 4) + "-" + made.substr(4, 2) + "-" + made.substr(6, 2)).value();
  refusedWith(linkPath("C008", {"--as-of", today.plusDays(-7).iso()}), "expirou");
  EXPECT_EQ(serve_->call("GET", linkPath("C008", {"--as-of", today.plusDays(-6).iso()})).status, 200)
      << "the seventh day still opens";

  // Another client's id under C008's signature, a changed signature, garbage.
  const std::string otherToken = linkPath("C030").substr(3);
  const std::string otherId = otherToken.substr(0, otherToken.find('.'));
  refusedWith("/c/" + otherId + token.substr(token.find('.')), "não foi gerado pelo escritório");
  std::string flipped = token;
  flipped.back() = flipped.back() == 'A' ? 'B' : 'A';
  refusedWith("/c/" + flipped, "não foi gerado pelo escritório");
  refusedWith("/c/" + flipped + "/pix.png", "não foi gerado pelo escritório");
  refusedWith("/c/lixo", "não é um link de pagamento válido");
  refusedWith("/c/" + std::string(300, '9') + ".20261201.x", "não é um link de pagamento válido");

  // C008's link never reaches C030's items.
  const auto other = serve_->call("GET", path + "/pix.png?titulo=C030-202611");
  EXPECT_EQ(other.status, 404);
  EXPECT_EQ(other.contentType.find("image"), std::string::npos);
}

// Every reminder of the day carries its client's link ({{link_pagamento}}), and the link
// opens that client's page.
TEST_F(ClientPage, EachReminderCarriesItsClientsLinkAndTheLinkOpensThatClientsPage) {
  const auto ran = regua({"run", "--at", "10:00"});
  ASSERT_EQ(ran.exitCode, 0) << ran.err;
  std::size_t messages = 0;
  for (const auto& file : std::filesystem::recursive_directory_iterator(dir_.path() / "var/saida")) {
    if (!file.is_regular_file() || file.path().parent_path().filename() == "tmp") continue;
    std::string text = dir_.read(std::filesystem::relative(file.path(), dir_.path()).string());
    // An e-mail's body is quoted-printable: undo its soft line breaks and escaped '='.
    for (auto at = text.find("=\r\n"); at != std::string::npos; at = text.find("=\r\n", at)) text.erase(at, 3);
    for (auto at = text.find("=\n"); at != std::string::npos; at = text.find("=\n", at)) text.erase(at, 2);
    for (auto at = text.find("=3D"); at != std::string::npos; at = text.find("=3D", at)) text.replace(at, 3, "=");
    const auto link = text.find("https://cobranca.exemplo.com.br/c/");
    ASSERT_NE(link, std::string::npos) << file.path() << "\n" << text;
    const auto start = link + std::string("https://cobranca.exemplo.com.br").size();
    const auto end = text.find_first_not_of("/c0123456789.abdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_-", start);
    const std::string path = text.substr(start, end - start);
    const auto page = serve_->call("GET", path);
    ASSERT_EQ(page.status, 200) << path;
    // The client the token names (its internal id) has the address the message went to.
    const std::string clientId = path.substr(3, path.find('.') - 3);
    const auto client = parse(regua({"client", "show", clientId, "--json"}).out)->getObject("client");
    EXPECT_EQ(textAfter(page.body, "<h1>Olá, "), htmlEscaped(client->getValue<std::string>("name")));
    bool addressed = false;
    for (const auto& contact : *client->getArray("contacts")) {
      const auto address = contact.extract<Poco::JSON::Object::Ptr>()->getValue<std::string>("address");
      addressed = addressed || text.find(address) != std::string::npos;
    }
    EXPECT_TRUE(addressed) << "the link in a message to someone else:\n" << text;
    ++messages;
  }
  EXPECT_GT(messages, 0u) << ran.out;
}

// An offer chosen on the page becomes a proposal the office confirms; it is not offered
// again while it waits, and an offer the policy does not make today, or a form that is
// not the page's, stores nothing.
TEST_F(ClientPage, AnOfferChosenOnThePageIsAProposalForTheOfficeAndOnlyTodaysOffersAreTaken) {
  const std::string path = linkPath("C008");
  const auto page = serve_->call("GET", path);
  ASSERT_NE(page.body.find("name=\"parcelas\" value=\"3\""), std::string::npos) << "the sample policy offers 3x";
  const auto post = [&](const std::string& form) {
    return serve_->call("POST", path + "/acordo", form, {{"Content-Type", "application/x-www-form-urlencoded"}});
  };
  const auto agreements = [&] { return regua({"agreement", "list"}).out; };
  const std::string before = agreements();

  EXPECT_EQ(post("parcelas=5&entrada=0").status, 409) << "5x is not among the policy's offers";
  EXPECT_EQ(post("parcelas=3").status, 400);
  EXPECT_EQ(post("parcelas=3&entrada=0&outro=1").status, 400);
  EXPECT_EQ(post("parcelas=" + std::string(5000, '9') + "&entrada=0").status, 400);
  EXPECT_EQ(post("").status, 400);
  EXPECT_EQ(agreements(), before) << "nothing stored";

  const auto chosen = post("parcelas=3&entrada=0");
  ASSERT_EQ(chosen.status, 200) << chosen.body;
  EXPECT_NE(chosen.body.find("Recebemos sua escolha"), std::string::npos);
  const std::string after = agreements();
  EXPECT_NE(after.find("proposta"), std::string::npos) << after;
  EXPECT_NE(after.find("C008"), std::string::npos) << after;

  const auto waiting = serve_->call("GET", path);
  EXPECT_NE(waiting.body.find("aguarda a confirmação do escritório"), std::string::npos);
  EXPECT_EQ(waiting.body.find("/acordo"), std::string::npos) << "no second offer while one waits";
  EXPECT_EQ(post("parcelas=3&entrada=0").status, 409);
  EXPECT_EQ(agreements(), after);
  EXPECT_NE(regua({"history", "C008"}).out.find("cliente (página de pagamento)"), std::string::npos)
      << "the history says who proposed";
}

TEST_F(ClientPage, AClientWithNothingOpenIsToldSoAndOffersNoCode) {
  const auto shown = parse(regua({"client", "show", "C030", "--json"}).out);
  for (const auto& entry : *shown->getArray("open_items")) {
    const auto cancel = regua({"receivable", "cancel", entry.extract<Poco::JSON::Object::Ptr>()->getValue<std::string>("id")});
    ASSERT_EQ(cancel.exitCode, 0) << cancel.err;
  }
  const std::string path = linkPath("C030");
  const auto page = serve_->call("GET", path);
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("Não há nada em aberto"), std::string::npos) << page.body;
  EXPECT_EQ(page.body.find("pix.png"), std::string::npos);
  EXPECT_EQ(serve_->call("GET", path + "/pix.png").status, 404);
}

TEST_F(ClientPage, LinksNeedAKeyLongEnoughAndSayWhereItIsMissing) {
  std::string yaml = dir_.read("config/regua.yaml");
  yaml.replace(yaml.find(kKey), std::string(kKey).size(), "curta");
  dir_.write("config/regua.yaml", yaml);
  const auto refused = regua({"link", "C008"});
  EXPECT_NE(refused.exitCode, 0);
  EXPECT_NE(refused.err.find("32 caracteres"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("regua.yaml:"), std::string::npos) << refused.err;

  yaml.replace(yaml.find("client_page:"), std::string::npos, "");
  dir_.write("config/regua.yaml", yaml);
  const auto off = regua({"link", "C008"});
  EXPECT_EQ(off.exitCode, 1);
  EXPECT_NE(off.err.find("acrescente client_page"), std::string::npos) << off.err;
}

}  // namespace
}  // namespace regua::testing
