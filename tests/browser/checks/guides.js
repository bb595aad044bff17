// Guidelines kept as a folder of pages (the fixture site
// tests/fixtures/browser-guides, built by run.sh into GUIDES_SITE_DIR): the
// table of contents and previous/next links lead through every page, a
// search for a word in the guidelines shows an excerpt with the word marked
// and the page it is on, and print.html of the shipped register prints to a
// PDF whose text names every process.
"use strict";

const fs = require("node:fs");
const path = require("node:path");
const assert = require("node:assert/strict");
const { execFileSync } = require("node:child_process");
const { test, before, after } = require("node:test");
const { serve } = require("../lib/server");
const site = require("../lib/site");
const { axe, describe } = require("../lib/axe");

const GUIDES_SITE = path.resolve(process.env.GUIDES_SITE_DIR || path.join(site.SITE, "..", "browser-guides-site"));

module.exports = (env) => {
  let origin = null;
  let server = null;
  before(async () => {
    if (!fs.existsSync(GUIDES_SITE)) throw new Error(`no built site at ${GUIDES_SITE}: run tests/browser/run.sh`);
    ({ server, origin } = await serve(GUIDES_SITE, { prefixes: [] }));
  });
  after(async () => {
    if (server) await new Promise((ok) => server.close(ok));
  });

  test("guides: the table of contents and previous/next links lead through every page", async () => {
    const { context, page, problems } = await site.open(env.browser);
    try {
      await page.goto(`${origin}/processes/alpha.html`);
      const toc = page.locator("nav.toc");
      assert.ok(await toc.isVisible(), "the process page shows the contents");
      const titles = (await toc.locator("li a").allInnerTexts()).map(site.squash);
      assert.deepEqual(titles, ["Registreerimine", "Eskaleerimine", "Teine tase", "Sulgemine"], "weight first, then titles, a sub-folder in place");
      // The image beside the pages loads, as an image.
      const image = page.locator(".prose img[alt='Alfa töövoog']");
      assert.ok(await image.evaluate((img) => img.complete && img.naturalWidth > 0), "the SVG image loads");
      assert.equal(await page.locator(".prose svg").count(), 0, "the SVG is never inline");

      // Following "next" from the process page visits every page once, in
      // the contents' order, each marking itself in the contents.
      const visited = [];
      for (let i = 0; i < 10; i++) {
        const next = page.locator(".prev-next a[rel='next']");
        if ((await next.count()) === 0) break;
        await next.click();
        await page.waitForLoadState("load");
        const h1 = site.squash(await page.locator("main h1").innerText());
        visited.push(h1);
        assert.equal(site.squash(await page.locator("nav.toc a[aria-current='page']").innerText()), h1, `${h1} is marked current`);
      }
      assert.deepEqual(visited, titles, "next leads through the contents in order");
      // And "previous" leads all the way back to the process page.
      for (let i = 0; i < titles.length; i++) {
        await page.locator(".prev-next a[rel='prev']").click();
        await page.waitForLoadState("load");
      }
      assert.equal(new URL(page.url()).pathname, "/processes/alpha.html");
    } finally {
      await context.close();
    }
    assert.deepEqual(problems, []);
  });

  test("guides: search finds words in the guidelines and shows them marked, with the page", async () => {
    const { context, page, problems } = await site.open(env.browser);
    try {
      await page.goto(`${origin}/search.html`);
      const input = page.locator("#search-q");
      for (const [query, marked, pageTitle] of [
        ["jira", "Jira", "Registreerimine"],
        ["CAB", "CAB", "Registreerimine"],
        ["poordumine", "Pöördumine", "Registreerimine"],
        ["teise taseme", "Teise", "Teine tase"],
      ]) {
        await input.fill(query);
        const result = page.locator("#search-results li:not([hidden])");
        await result.locator("mark").first().waitFor();
        assert.equal(await result.count(), 1, `${query} finds one process`);
        assert.equal(site.squash(await result.locator("a").first().innerText()), "Alpha");
        const marks = await result.locator(".excerpt mark").allInnerTexts();
        assert.ok(marks.includes(marked), `${query}: the excerpt marks ${marked} (${marks})`);
        const found = result.locator(".found-in a");
        assert.equal(site.squash(await found.innerText()), pageTitle, `${query} says on which page`);
      }
      // The page link leads there.
      await input.fill("jira");
      await page.locator("#search-results li:not([hidden]) .found-in a").click();
      await page.waitForLoadState("load");
      assert.equal(new URL(page.url()).pathname, "/processes/alpha/registreerimine.html");
      await page.waitForLoadState("networkidle");
      // Opened from disk too: the text files load as scripts.
      await page.goto(`${require("node:url").pathToFileURL(path.join(GUIDES_SITE, "search.html")).href}?q=cab`);
      await page.locator("#search-results li:not([hidden]) .excerpt mark", { hasText: "CAB" }).waitFor();
      // A name match ranks before a match in the guidelines only.
      await page.goto(`${origin}/search.html?q=beta`);
      await page.locator("#search-results li:not([hidden])").first().waitFor();
      assert.equal(site.squash(await page.locator("#search-results li:not([hidden]) a").first().innerText()), "Beta");
    } finally {
      await context.close();
    }
    assert.deepEqual(problems, []);
  });

  test("guides: axe finds no violation on the guideline pages, the print page and search excerpts", async () => {
    const { context, page, problems } = await site.open(env.browser, { viewport: { width: 1280, height: 900 } });
    const report = [];
    try {
      const pages = [
        "processes/alpha.html",
        "processes/alpha/registreerimine.html",
        "processes/alpha/eskaleerimine/teine-tase.html",
        "en/processes/alpha/sulgemine.html",
        "print.html",
        "search.html?q=jira",
      ];
      for (const path of pages) {
        await page.goto(`${origin}/${path}`);
        if (path.startsWith("search")) await page.locator(".excerpt mark").first().waitFor();
        const violations = await axe(page);
        if (violations.length) report.push(describe(path, violations));
      }
    } finally {
      await context.close();
    }
    assert.deepEqual(report, []);
    assert.deepEqual(problems, []);
  });

  test("guides: print.html of the shipped register prints to a PDF naming every process", async () => {
    const { context, page, problems } = await site.open(env.browser);
    try {
      await page.goto(`${env.origin}/print.html`);
      await page.emulateMedia({ media: "print" });
      assert.equal(await page.locator("nav").count(), 0, "no navigation");
      const pdf = site.artifact("print-register.pdf");
      fs.mkdirSync(path.dirname(pdf), { recursive: true });
      await page.pdf({ path: pdf, preferCSSPageSize: true, printBackground: true });
      const text = execFileSync("pdftotext", ["-layout", pdf, "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
      const register = JSON.parse(fs.readFileSync(path.join(site.SITE, "api", "register.json"), "utf8"));
      for (const p of register.processes) assert.ok(text.includes(p.name), `the PDF names ${p.name}`);
      for (const d of register.directives) assert.ok(text.includes(d.number), `the PDF has directive ${d.number}`);
      // A page per process at least: the annex, then each process on its own.
      const pages = execFileSync("pdfinfo", [pdf], { encoding: "utf8" }).match(/Pages:\s+(\d+)/);
      assert.ok(pages && Number(pages[1]) >= register.processes.length + 1, `pages: ${pages && pages[1]}`);
      // Outside links print with their address.
      const wiki = register.wiki_spaces.find((s) => s.url);
      if (wiki) assert.ok(text.includes(wiki.url.slice(0, 30)), "an outside address is printed");
    } finally {
      await context.close();
    }
    assert.deepEqual(problems, []);
  });
};
