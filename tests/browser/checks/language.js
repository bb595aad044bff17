// The English interface: en/index.html says lang="en" and uses the English
// strings of ui.yaml; the Estonian home page says lang="et". (links.js
// checks lang and the language switch on every page.)
"use strict";

const assert = require("node:assert/strict");
const { test } = require("node:test");
const site = require("../lib/site");

module.exports = (env) => {
  const { et, en } = env.strings;

  test("language: en/index.html is English (lang and labels), index.html Estonian", async () => {
    const { context, page, problems } = await site.open(env.browser);
    try {
      await page.goto(`${env.origin}/en/index.html`);
      assert.equal(await page.getAttribute("html", "lang"), "en");
      const headers = (await page.locator("#annex-table thead th").allInnerTexts()).map(site.squash);
      assert.deepEqual(headers, [en.col_process, en.col_goal_outcome, en.col_owner, en.col_documentation]);
      assert.ok(headers.includes("Process owner"));
      assert.equal(site.squash(await page.locator(".skip-link").innerText()), en.skip_to_content);
      assert.equal(await page.locator("header nav").getAttribute("aria-label"), en.nav_label);
      assert.equal(site.squash(await page.locator("label[for=site-search]").textContent()), en.search_label);
      assert.ok((await page.title()).includes(en.annex_heading), "the title is English");

      await page.goto(`${env.origin}/index.html`);
      assert.equal(await page.getAttribute("html", "lang"), "et");
      assert.ok((await page.locator("#annex-table thead th").allInnerTexts()).map(site.squash).includes(et.col_owner));
    } finally {
      await context.close();
    }
    assert.deepEqual(problems, []);
  });
};
