// Printing the home page gives annex 1: approval block, label, opening
// sentences and the table with every process, and none of the site's chrome
// (header, navigation, search, footer) or the register's own data. Saves the
// PDF and a screenshot of the print layout as artifacts.
"use strict";

const fs = require("node:fs");
const assert = require("node:assert/strict");
const { test } = require("node:test");
const site = require("../lib/site");

module.exports = (env) => {
  test("print: the home page prints as the annex table, without header, nav or footer", async () => {
    const { context, page, problems } = await site.open(env.browser, { viewport: { width: 1280, height: 900 } });
    try {
      await page.goto(`${env.origin}/index.html`);
      await page.emulateMedia({ media: "print" });
      assert.ok(await page.locator("#annex-table").isVisible(), "the annex table is visible");
      const rows = page.locator("#annex-table tbody tr");
      assert.equal(await rows.count(), site.PROCESS_COUNT);
      for (let i = 0; i < site.PROCESS_COUNT; i++) assert.ok(await rows.nth(i).isVisible(), `row ${i + 1} is visible`);
      assert.ok(await page.locator("#annex .approval").isVisible(), "the approval block prints");
      assert.ok(await page.locator("#annex-label").isVisible(), "the annex label prints");
      // The site's own heading and the register's data are not the annex.
      for (const chrome of [".site-header", "nav", ".search-form", ".site-footer", ".skip-link", "main h1", ".register-notes", ".site-note"]) {
        const shown = await page.locator(chrome).evaluateAll((els) => els.filter((el) => getComputedStyle(el).display !== "none" && el.getClientRects().length > 0).length);
        assert.equal(shown, 0, `${chrome} is hidden in print`);
      }
      // A4 landscape less the 12 mm margins is about 1030 CSS px wide: the
      // table must fit, or the PDF cuts columns off.
      await page.setViewportSize({ width: 1030, height: 700 });
      const overflow = await page.evaluate(() => document.getElementById("annex-table").getBoundingClientRect().right - document.documentElement.clientWidth);
      assert.ok(overflow <= 1, `the annex table fits the printed page width (overflows by ${overflow}px)`);
      await page.screenshot({ path: site.artifact("print-home.png"), fullPage: true });
      const pdf = site.artifact("print-home.pdf");
      await page.pdf({ path: pdf, preferCSSPageSize: true, printBackground: true });
      const bytes = fs.readFileSync(pdf);
      assert.equal(bytes.subarray(0, 5).toString(), "%PDF-", "page.pdf wrote a PDF");
    } finally {
      await context.close();
    }
    assert.deepEqual(problems, []);
  });
};
