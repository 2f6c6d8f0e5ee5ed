// The office's pages in Debian's Chromium (playwright-core), as a person in the office
// uses them: sign in by keyboard, the dashboard's numbers equal `regua report dashboard`,
// the charts drawn by Chart.js under the page's own CSP, the delinquent list filtered,
// a client opened, a promise recorded and seen in the history; a wrong password told;
// axe-core on each page with no serious violation; a phone's width.
// Run by scripts/browser-test, which starts the server and passes everything in REGUA_*.
"use strict";
const { execFileSync } = require("node:child_process");
const path = require("node:path");
const assert = require("node:assert/strict");
const { env, noSeriousViolations, withBrowser } = require("./common.cjs");

const base = env("REGUA_URL");
const artifacts = env("REGUA_ARTIFACTS");

function regua(...args) {
  return execFileSync(env("REGUA_CLI"), ["--config", env("REGUA_CONFIG"), ...args]).toString();
}

// axe-core goes in as an inline script, which the pages' CSP forbids: a second context
// with the same session bypasses it, for the audit only.
async function audit(browser, context, url, what) {
  const auditing = await browser.newContext({ locale: "pt-BR", bypassCSP: true, storageState: await context.storageState() });
  const page = await auditing.newPage();
  await page.goto(base + url);
  await noSeriousViolations(page, what);
  await auditing.close();
}

async function signIn(page, password) {
  await page.goto(base + "/entrar");
  await page.getByLabel("E-mail").focus();
  await page.keyboard.type(env("REGUA_USER"));
  await page.keyboard.press("Tab");
  await page.keyboard.type(password);
  await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
}

async function checkSignIn(browser) {
  const context = await browser.newContext({ locale: "pt-BR" });
  const page = await context.newPage();
  await signIn(page, "senha-errada-123");
  assert.equal(new URL(page.url()).pathname, "/entrar");
  assert.match(await page.locator(".erro").innerText(), /E-mail ou senha incorretos/);
  await page.screenshot({ path: path.join(artifacts, "entrar-senha-errada.png"), fullPage: true });
  await audit(browser, context, "/entrar", "a página de entrada");
  await context.close();
}

async function checkDashboard(browser, context) {
  const page = await context.newPage();
  const consoleErrors = [];  // a script or style the page's own CSP blocked shows here
  page.on("console", (message) => message.type() === "error" && consoleErrors.push(message.text()));
  await page.goto(base + "/");
  assert.equal(await page.locator("h1").innerText(), "Painel de cobrança");

  const numbers = JSON.parse(regua("report", "dashboard", "--json"));
  assert.ok(numbers.overdue_items > 0);
  for (const [id, shown] of [
    ["vencido", numbers.overdue.brl],
    ["atualizado", numbers.updated.brl],
    ["recebido-mes", numbers.received_this_month.brl],
    ["inadimplencia", numbers.delinquency.percent],
    ["recuperado", numbers.recovered.percent],
  ]) {
    assert.equal((await page.locator(`#${id}`).innerText()).replace(/\s/g, " "), shown, `#${id}`);
  }

  // Chart.js (from the host) drew each chart on its canvas.
  for (const id of ["grafico-faixas", "grafico-meses", "grafico-dias"]) {
    const drawn = await page.evaluate((canvasId) => {
      const canvas = document.getElementById(canvasId);
      return typeof Chart !== "undefined" && Chart.getChart(canvas) !== undefined && canvas.width > 0;
    }, id);
    assert.ok(drawn, `gráfico ${id}`);
  }
  assert.deepEqual(consoleErrors, []);
  await page.screenshot({ path: path.join(artifacts, "painel.png"), fullPage: true });

  await page.setViewportSize({ width: 360, height: 740 });
  await page.screenshot({ path: path.join(artifacts, "painel-celular.png"), fullPage: true });
  const wide = await page.evaluate(() => [...document.querySelectorAll("body *")]
    .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1)
    .map((e) => `${e.tagName}#${e.id}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`).slice(0, 5));
  assert.deepEqual(wide, [], "cabe num celular");
  await page.close();
  await audit(browser, context, "/", "o painel");
}

// The list filtered by one responsible person, then a client opened from it; returns its path.
async function checkDelinquents(browser, context) {
  const page = await context.newPage();
  await page.goto(base + "/inadimplentes");
  const all = await page.locator("#inadimplentes tbody tr").count();
  assert.ok(all > 0);
  await page.getByLabel("Responsável").selectOption(env("REGUA_USER"));
  await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "Filtrar" }).click()]);
  const rows = page.locator("#inadimplentes tbody tr");
  const shown = await rows.count();
  assert.ok(shown > 0 && shown < all, `filtro: ${shown} de ${all}`);
  for (const row of await rows.all()) assert.match(await row.innerText(), new RegExp(env("REGUA_USER")));
  await page.screenshot({ path: path.join(artifacts, "inadimplentes.png"), fullPage: true });
  await audit(browser, context, "/inadimplentes", "a lista de inadimplentes");
  const link = rows.first().locator("a");
  const clientPath = await link.getAttribute("href");
  await Promise.all([page.waitForNavigation(), link.click()]);
  assert.equal(new URL(page.url()).pathname, clientPath);
  await page.close();
  return clientPath;
}

// A promise recorded from the client's screen shows in its history.
async function checkPromise(browser, context, clientPath) {
  const page = await context.newPage();
  await page.goto(base + clientPath);
  const historyBefore = await page.locator("#historico tbody tr").count();
  const until = new Date(Date.now() + 10 * 86400000).toISOString().slice(0, 10);
  await page.getByLabel("Dia prometido").fill(until);
  await page.getByLabel("Valor prometido (opcional)").fill("123,45");
  await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "Registrar promessa" }).click()]);
  assert.match(await page.locator(".feito").innerText(), /Promessa registrada/);
  assert.match(await page.locator("#promessa-aberta").innerText(), /R\$ 123,45/);
  const first = await page.locator("#historico tbody tr").first().innerText();
  assert.match(first, /promessa de pagamento de R\$ 123,45/);
  assert.match(first, new RegExp(`web:${env("REGUA_USER")}`));
  assert.equal(await page.locator("#historico tbody tr").count(), historyBefore + 1);
  await page.screenshot({ path: path.join(artifacts, "cliente-escritorio.png"), fullPage: true });
  await page.close();
  await audit(browser, context, clientPath, "a tela do cliente");

  // A refusal is a page too: a client that does not exist.
  const missing = await context.newPage();
  const response = await missing.goto(base + "/clientes/999999999");
  assert.equal(response.status(), 404);
  assert.match(await missing.locator(".erro").innerText(), /Cliente não encontrado/);
  await missing.screenshot({ path: path.join(artifacts, "aviso.png"), fullPage: true });
  await missing.close();
  await audit(browser, context, "/clientes/999999999", "uma página de aviso");
}

withBrowser(async (browser) => {
  await checkSignIn(browser);
  const context = await browser.newContext({ locale: "pt-BR" });
  await signIn(await context.newPage(), env("REGUA_PASSWORD"));
  await checkDashboard(browser, context);
  const clientPath = await checkDelinquents(browser, context);
  await checkPromise(browser, context, clientPath);
  await context.close();
}, `páginas do escritório: ok (capturas em ${artifacts})`);
