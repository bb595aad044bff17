// What a new visitor meets first: every page names an icon that the site
// serves (so no browser logs a 404 for /favicon.ico), the site root answers
// /favicon.ico itself, and the header search field says what it searches
// while keeping its label as the accessible name.
"use strict";

const assert = require("node:assert/strict");
const { test } = require("node:test");
const site = require("../lib/site");

async function iconsOf(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll("link[rel~=icon]")].map((l) => ({ href: l.href, type: l.type })),
  );
}

module.exports = (env) => {
  const { et, en } = env.strings;

  test("first impressions: every page links an icon that loads, at / and at /some/prefix/", async () => {
    const problems = [];
    for (const [label, origin] of [["/", env.origin], ["/some/prefix/", env.prefixOrigin]]) {
      const { context, page, problems: seen } = await site.open(env.browser);
      try {
        for (const path of env.pages) {
          await page.goto(`${origin}/${path}`, { waitUntil: "load" });
          const icons = await iconsOf(page);
          if (!icons.some((i) => i.type === "image/svg+xml")) problems.push(`${label}${path}: no SVG icon`);
          if (icons.length < 2) problems.push(`${label}${path}: no fallback icon beside the SVG`);
          for (const icon of icons) {
            const status = await env.fetchStatus(icon.href);
            if (status !== 200) problems.push(`${label}${path}: icon ${icon.href} answers ${status}`);
          }
        }
        // (lib/site.js lets a cancelled icon load pass; the status of
        // each icon is checked above.)
        problems.push(...seen);
      } finally {
        await context.close();
      }
    }
    const root = await fetch(`${env.origin}/favicon.ico`);
    const type = root.headers.get("content-type") || "";
    if (root.status !== 200) problems.push(`/favicon.ico answers ${root.status}`);
    else if (!/^image\//.test(type)) problems.push(`/favicon.ico is served as ${type}`);
    assert.deepEqual(problems, [], problems.join("\n"));
  });

  test("first impressions: the header search field has a visible hint and keeps its label", async () => {
    const { context, page, problems } = await site.open(env.browser);
    try {
      for (const [path, t] of [["index.html", et], ["en/index.html", en], ["processes/intsidendihaldus.html", et]]) {
        await page.goto(`${env.origin}/${path}`);
        const input = page.locator("#site-search");
        const hint = (await input.getAttribute("placeholder")) || "";
        assert.ok(hint.startsWith(t.search_label), `${path}: placeholder "${hint}" does not say what is searched`);
        assert.equal(site.squash(await page.locator("label[for=site-search]").textContent()), t.search_label);
      }
    } finally {
      await context.close();
    }
    assert.deepEqual(problems, []);
  });
};
