// axe-core with the WCAG 2.1 A and AA rules (and axe's best practices) on
// every page of the site in both languages, on the search page with and
// without results, and on each page type at phone width. Any violation
// fails, printed with the elements concerned.
"use strict";

const assert = require("node:assert/strict");
const { test } = require("node:test");
const site = require("../lib/site");
const { axe, describe } = require("../lib/axe");

module.exports = (env) => {
  test("axe: no WCAG 2.1 A/AA (or best-practice) violation on any page, any state", async () => {
    const { context, page, problems } = await site.open(env.browser, { viewport: { width: 1280, height: 900 } });
    const report = [];
    const check = async (label) => {
      const violations = await axe(page);
      if (violations.length) report.push(describe(label, violations));
    };
    try {
      for (const path of env.pages) {
        await page.goto(`${env.origin}/${path}`);
        await check(path);
      }
      // The search page in its two scripted states.
      const { et } = env.strings;
      await page.goto(`${env.origin}/search.html?q=intsident`);
      await page.locator("#search-results li:not([hidden])").first().waitFor();
      await check("search.html?q=intsident (results)");
      await page.goto(`${env.origin}/search.html?q=qqxyzzy`);
      await page.locator("#search-status", { hasText: et.search_no_results }).waitFor();
      await check("search.html?q=qqxyzzy (no results)");
      // Page types at phone width (reflow, scrollable regions).
      await page.setViewportSize({ width: 375, height: 800 });
      for (const [name, path] of Object.entries(site.PAGE_TYPES)) {
        await page.goto(`${env.origin}/${path}`);
        await check(`${name} at 375 px`);
      }
    } finally {
      await context.close();
    }
    assert.equal(report.length, 0, `axe found WCAG violations:\n${report.join("\n")}`);
    assert.deepEqual(problems, []);
  });
};
