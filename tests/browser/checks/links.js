// Every page opened from disk (file://) and from a sub-path of a server
// (/some/prefix/) as well as from the server root: each link, form target,
// script, stylesheet and image resolves; stylesheets apply; no console
// errors, uncaught exceptions or failed requests. External links (the wiki)
// are checked only for their host, never fetched. Each page also has the
// lang of its folder and a language switch to its counterpart.
"use strict";

const assert = require("node:assert/strict");
const { test } = require("node:test");
const site = require("../lib/site");

async function checkAll(env, label, urlOf) {
  const { context, page, problems } = await site.open(env.browser);
  try {
    for (const path of env.pages) {
      const res = await page.goto(urlOf(path), { waitUntil: "load" });
      if (res && res.status() !== 200) problems.push(`${label}: HTTP ${res.status()} for ${path}`);
      problems.push(...(await site.checkReferences(page, env)));
      // Language by folder (archived versions repeat the layout under
      // v/<tag>/), and the switch leads to the same page in the other one.
      const [, tree, english, rest] = /^((?:v\/[^/]+\/)?)(en\/)?(.*)$/.exec(path);
      const lang = await page.getAttribute("html", "lang");
      if (lang !== (english ? "en" : "et")) problems.push(`${label}: ${path} has lang="${lang}"`);
      const other = await page.locator(".lang-switch").getAttribute("href");
      const want = english ? `${tree}${rest}` : `${tree}en/${rest}`;
      const got = new URL(other, `http://x/${path}`).pathname.slice(1);
      if (got !== want) problems.push(`${label}: the language switch of ${path} leads to ${got}, not ${want}`);
      const unstyled = await page.evaluate(() => {
        const bad = [...document.querySelectorAll("link[rel=stylesheet]")]
          .filter((l) => {
            if (!l.sheet) return true;
            try {
              return l.sheet.cssRules.length === 0;
            } catch {
              return false; // loaded, but file:// makes its rules unreadable
            }
          })
          .map((l) => l.href);
        // The visible proof: the skip link sits off-screen until focused.
        const skip = document.querySelector(".skip-link");
        if (skip && skip.getBoundingClientRect().bottom > 0) bad.push("(the skip link is on screen: the theme's CSS is not applied)");
        return bad;
      });
      if (unstyled.length) problems.push(`${label}: stylesheet not applied on ${path}: ${unstyled.join(", ")}`);
    }
  } finally {
    await context.close();
  }
  assert.deepEqual(problems, [], `${label}:\n  ${problems.join("\n  ")}`);
}

module.exports = (env) => {
  test("links: every page from file:// resolves its links and assets", () => checkAll(env, "file://", (p) => site.fileUrl(p)));
  test("links: every page from /some/prefix/ resolves its links and assets", () => checkAll(env, "/some/prefix/", (p) => `${env.prefixOrigin}/${p}`));
  test("links: every page from the server root resolves its links and assets", () => checkAll(env, "/", (p) => `${env.origin}/${p}`));
};
