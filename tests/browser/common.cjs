// What both browser tests share: their settings from scripts/browser-test, the browser,
// and the accessibility audit.
"use strict";
const { chromium } = require("playwright-core");
const assert = require("node:assert/strict");

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`falta ${name} (rode scripts/browser-test)`);
  return value;
};

async function noSeriousViolations(page, what) {
  await page.addScriptTag({ path: require.resolve("axe-core/axe.min.js") });
  const result = await page.evaluate(() => axe.run());
  const serious = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  assert.deepEqual(serious.map((v) => `${v.id}: ${v.help}`), [], `axe-core em ${what}`);
}

// Debian's Chromium, headless, quiet; `check(browser)` runs, then the browser closes and
// `done` is printed (a failure prints the error and exits 1).
function withBrowser(check, done) {
  (async () => {
    const browser = await chromium.launch({
      executablePath: env("REGUA_CHROMIUM"),
      args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
             "--disable-component-update", "--disable-sync"],
    });
    try {
      await check(browser);
      console.log(done);
    } finally {
      await browser.close();
    }
  })().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}

module.exports = { env, noSeriousViolations, withBrowser };
