// Without JavaScript: every page loads and its links resolve, and the search
// page lists every process with the no-script explanation.
"use strict";

const assert = require("node:assert/strict");
const { test } = require("node:test");
const site = require("../lib/site");

module.exports = (env) => {
  test("no JavaScript: every page loads, links resolve, search lists all processes", async () => {
    const { context, page, problems } = await site.open(env.browser, { javaScriptEnabled: false });
    try {
      for (const path of env.pages) {
        const res = await page.goto(`${env.origin}/${path}`);
        if (res.status() !== 200) problems.push(`HTTP ${res.status()} for ${path}`);
        if (!(await page.locator("main h1").first().isVisible())) problems.push(`${path}: no visible <h1> in <main>`);
        problems.push(...(await site.checkReferences(page, env)));
      }
      for (const [path, strings] of [["search.html", env.strings.et], ["en/search.html", env.strings.en]]) {
        await page.goto(`${env.origin}/${path}?q=intsident`);
        assert.equal(await page.locator("#search-results li:visible").count(), site.PROCESS_COUNT, `${path} lists every process`);
        assert.equal(site.squash(await page.locator("#search-status").innerText()), strings.search_nojs);
      }
      // The header form still gets the user to the full list.
      await page.goto(`${env.origin}/owners.html`);
      await page.locator("#site-search").fill("intsident");
      await page.locator("#site-search").press("Enter");
      await page.waitForURL(/\/search\.html\?q=intsident$/);
      assert.equal(await page.locator("#search-results li:visible").count(), site.PROCESS_COUNT);
    } finally {
      await context.close();
    }
    assert.deepEqual(problems, [], `problems without JavaScript:\n  ${problems.join("\n  ")}`);
  });
};
