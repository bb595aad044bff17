// The search page with JavaScript: typo-tolerant enough for the register's
// words, diacritic-insensitive, says so when nothing matches, and the
// header search form of every page leads to it with the query applied.
"use strict";

const assert = require("node:assert/strict");
const { test } = require("node:test");
const site = require("../lib/site");

/** The names of the results the page shows. */
function shownResults(page) {
  return page.locator("#search-results li:not([hidden]) a").allInnerTexts();
}

/** Types `query` into the search page's field, as a user would. */
async function search(page, query) {
  const input = page.locator("#search-q");
  await input.fill("");
  await input.pressSequentially(query);
}

module.exports = (env) => {
  const { et, en } = env.strings;

  test("search: finds processes as you type, without diacritics, and says when nothing matches", async () => {
    const { context, page, problems } = await site.open(env.browser);
    try {
      await page.goto(`${env.origin}/search.html`);
      await page.locator("#search-status", { hasText: et.search_all }).waitFor();
      assert.equal((await shownResults(page)).length, site.PROCESS_COUNT, "an empty query lists every process");

      await search(page, "intsident");
      await page.locator("#search-results li:not([hidden])", { hasText: "Intsidendihaldus" }).waitFor();
      assert.ok((await shownResults(page)).includes("Intsidendihaldus"), "intsident finds Intsidendihaldus");
      assert.match(await page.locator("#search-status").innerText(), new RegExp(`^${et.search_results_for}`));

      await search(page, "sundmuse");
      await page.locator("#search-results li:not([hidden])", { hasText: "Seire- ja sündmusehaldus" }).waitFor();
      assert.ok((await shownResults(page)).includes("Seire- ja sündmusehaldus"), "sundmuse finds Seire- ja sündmusehaldus");

      await search(page, "qqxyzzy");
      await page.locator("#search-status", { hasText: et.search_no_results }).waitFor();
      assert.equal(site.squash(await page.locator("#search-status").innerText()), et.search_no_results);
      assert.deepEqual(await shownResults(page), [], "a nonsense query shows no process");

      // The page's own form: Enter keeps the user on the page with the query,
      // and the address keeps it too, so a reload shows the same results.
      await search(page, "muudatus");
      await page.locator("#search-q").press("Enter");
      await page.locator("#search-results li:not([hidden])", { hasText: "Muudatusehaldus" }).waitFor();
      assert.equal(new URL(page.url()).searchParams.get("q"), "muudatus", "the address holds the query");
      const before = await shownResults(page);
      await page.reload();
      assert.equal(await page.locator("#search-q").inputValue(), "muudatus");
      assert.deepEqual(await shownResults(page), before, "a reload shows the same results");
    } finally {
      await context.close();
    }
    assert.deepEqual(problems, []);
  });

  test("search: the header form submits to search.html?q=… and the results show", async () => {
    const { context, page, problems } = await site.open(env.browser);
    try {
      for (const [base, from, strings] of [
        [env.origin, "index.html", et],
        [env.prefixOrigin, "processes/intsidendihaldus.html", et],
        [env.origin, "en/owners.html", en],
      ]) {
        await page.goto(`${base}/${from}`);
        await page.locator("#site-search").fill("sundmuse");
        await page.locator("#site-search").press("Enter");
        await page.waitForURL((url) => url.pathname.endsWith("/search.html") && url.searchParams.get("q") === "sundmuse");
        await page.locator("#search-results li:not([hidden])", { hasText: "Seire- ja sündmusehaldus" }).waitFor();
        assert.equal(await page.locator("#search-q").inputValue(), "sundmuse", "the query is shown in the search field");
        assert.ok((await shownResults(page)).length < site.PROCESS_COUNT, `the list is filtered (from ${from})`);
        assert.match(await page.locator("#search-status").innerText(), new RegExp(`^${strings.search_results_for}`));
      }
    } finally {
      await context.close();
    }
    assert.deepEqual(problems, []);
  });

  test("search: works opened from disk (file://) and in English", async () => {
    const { context, page, problems } = await site.open(env.browser);
    try {
      await page.goto(site.fileUrl("search.html") + "?q=intsident");
      await page.locator("#search-results li:not([hidden])", { hasText: "Intsidendihaldus" }).waitFor();
      await search(page, "sundmuse");
      await page.locator("#search-results li:not([hidden])", { hasText: "Seire- ja sündmusehaldus" }).waitFor();
      await page.goto(`${env.origin}/en/search.html`);
      await search(page, "qqxyzzy");
      await page.locator("#search-status", { hasText: en.search_no_results }).waitFor();
    } finally {
      await context.close();
    }
    assert.deepEqual(problems, []);
  });
};
