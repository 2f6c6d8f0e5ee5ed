// The client's page in Debian's Chromium (playwright-core), as a client opens it: the
// amounts the API quotes, a QR code a bank app reads (zbarimg on what the browser drew,
// checked with `regua pix parse`), the copy button by keyboard, a phone's width, an offer
// chosen by keyboard, axe-core with no serious violation, and the polite 403 for an
// expired, altered or borrowed token.
// Run by scripts/browser-test, which starts the server and passes everything in REGUA_*.
"use strict";
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");
const assert = require("node:assert/strict");
const { env, noSeriousViolations, withBrowser } = require("./common.cjs");

const base = env("REGUA_URL");
const artifacts = env("REGUA_ARTIFACTS");

// "R$ 1.234,56" -> 123456
const centavos = (text) => Number(text.replace(/[^0-9]/g, ""));

async function quotedToday(id) {
  const answer = await fetch(`${base}/api/v1/quote?receivable=${encodeURIComponent(id)}`, {
    headers: { Authorization: `Bearer ${env("REGUA_API_KEY")}` },
  });
  assert.equal(answer.status, 200, `GET /api/v1/quote?receivable=${id}`);
  return (await answer.json()).total.centavos;
}

function scanned(png) {
  const file = path.join(artifacts, "qr-lido.png");
  fs.writeFileSync(file, png);
  return execFileSync("zbarimg", ["--nodbus", "--raw", "-q", file]).toString().trim();
}

function pixAmount(payload) {
  const out = execFileSync(env("REGUA_CLI"), ["--config", env("REGUA_CONFIG"), "pix", "parse", payload, "--json"]);
  return JSON.parse(out.toString()).amount;
}

async function checkPage(browser) {
  const context = await browser.newContext({ locale: "pt-BR", permissions: ["clipboard-read", "clipboard-write"] });
  const page = await context.newPage();
  const consoleErrors = [];  // a style, script or image its own CSP blocked shows here
  page.on("console", (message) => message.type() === "error" && consoleErrors.push(message.text()));
  const response = await page.goto(base + env("REGUA_LINK"));
  assert.equal(response.status(), 200);
  assert.match(await page.title(), /Farmácia Vida Plena/);

  // Each item at the amount GET /api/v1/quote gives, and the total their sum.
  let sum = 0;
  for (const section of await page.locator("section[data-titulo]").all()) {
    const id = await section.getAttribute("data-titulo");
    const shown = centavos(await section.locator(".item-total").innerText());
    assert.equal(shown, await quotedToday(id), `título ${id}`);
    sum += shown;
  }
  const total = centavos(await page.locator("#total-valor").innerText());
  assert.equal(total, sum);
  assert.ok(sum > 0);

  // The QR image as the browser drew it, read by a real reader: the copia-e-cola shown,
  // for the total.
  const qr = page.locator("section.total img");
  assert.ok(await qr.evaluate((img) => img.complete && img.naturalWidth > 0), "a imagem do QR code carregou");
  const payload = scanned(await qr.screenshot({ path: path.join(artifacts, "qr-total.png") }));
  assert.equal(payload, await page.locator("#pix-total").inputValue());
  assert.equal(pixAmount(payload), total);

  // The copy button, by keyboard only.
  await page.locator('button[data-copiar="pix-total"]').focus();
  await page.keyboard.press("Enter");
  await page.locator('button[data-copiar="pix-total"]', { hasText: "Código copiado" }).waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), payload);

  assert.deepEqual(consoleErrors, []);
  await page.screenshot({ path: path.join(artifacts, "cliente.png"), fullPage: true });

  // A phone: nothing wider than the screen.
  await page.setViewportSize({ width: 360, height: 740 });
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), "cabe num celular");
  await page.screenshot({ path: path.join(artifacts, "cliente-celular.png"), fullPage: true });
  await context.close();

  // axe-core is injected as an inline script, which the page's CSP forbids: only here is it bypassed.
  const audit = await browser.newPage({ locale: "pt-BR", bypassCSP: true });
  await audit.goto(base + env("REGUA_LINK"));
  await noSeriousViolations(audit, "a página do cliente");
  await audit.close();
}

// Choosing an offer, by keyboard: a proposal for the office, and the page then says it waits.
async function checkOffer(browser) {
  const page = await browser.newPage({ locale: "pt-BR" });
  await page.goto(base + env("REGUA_LINK"));
  const choice = page.getByRole("button", { name: /Quero esta opção \(3x/ });
  await choice.focus();
  await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
  assert.equal(await page.locator("h1").innerText(), "Recebemos sua escolha");
  await page.screenshot({ path: path.join(artifacts, "proposta.png"), fullPage: true });
  await page.getByRole("link", { name: "Voltar aos seus títulos" }).click();
  assert.match(await page.locator("section.acordo").innerText(), /aguarda a confirmação do escritório/);
  assert.equal(await page.locator("form.oferta").count(), 0);
  await page.close();

  const audit = await browser.newPage({ locale: "pt-BR", bypassCSP: true });  // for axe-core
  await audit.goto(base + env("REGUA_LINK"));
  await noSeriousViolations(audit, "a página com a proposta");
  await audit.close();
}

async function checkRefusals(browser) {
  const page = await browser.newPage({ locale: "pt-BR", bypassCSP: true });  // for axe-core
  const link = env("REGUA_LINK");
  const other = env("REGUA_OTHER_LINK");
  const otherId = other.split("/").pop().split(".")[0];
  const altered = link.slice(0, -1) + (link.endsWith("A") ? "B" : "A");
  const borrowed = `/c/${otherId}.${link.split("/").pop().split(".").slice(1).join(".")}`;
  for (const [name, url, words] of [
    ["link-expirado", env("REGUA_EXPIRED_LINK"), "expirou"],
    ["link-alterado", altered, "não foi gerado pelo escritório"],
    ["link-de-outro-cliente", borrowed, "não foi gerado pelo escritório"],
  ]) {
    const response = await page.goto(base + url);
    assert.equal(response.status(), 403, name);
    const text = await page.locator("main").innerText();
    assert.ok(text.includes(words), `${name}: ${text}`);
    assert.ok(!text.includes("R$") && !text.includes("Farmácia"), `${name} não mostra dados de ninguém`);
    await noSeriousViolations(page, name);
    await page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true });
  }
}

withBrowser(async (browser) => {
  await checkPage(browser);
  await checkOffer(browser);
  await checkRefusals(browser);
}, `página do cliente: ok (capturas em ${artifacts})`);
