// The printed annex is the signed annex: Chromium prints the home page to
// PDF, pdftotext takes the text out, and it must hold every word and mark
// of annex 1 as signed (tests/fixtures/signed/, itself extracted from the
// signed PDF) and no other: nothing the site or the register adds prints.
// The comparison counts characters without white space, so a word the
// layout breaks across lines (the long wiki address in a narrow cell) still
// counts once; the tokens that differ are reported to read the failure.
// pdftotext runs with -raw: otherwise it joins a word hyphenated at a line's
// end and drops the hyphen ("IT-teenustes").
"use strict";

const fs = require("node:fs");
const path = require("node:path");
const { execFileSync } = require("node:child_process");
const assert = require("node:assert/strict");
const { test } = require("node:test");
const site = require("../lib/site");

/** Layout, not text: list bullets (the source's Symbol glyph U+F0B7, the browser's •). */
const BULLETS = new Set(["\uf0b7", "•"]);

function tokens(text) {
  return (text.normalize("NFKC").match(/[\p{L}\p{N}]+|[^\s\p{L}\p{N}]/gu) || []).filter((t) => !BULLETS.has(t));
}

/** Counts of each item; `a` minus `b`, only what differs. */
function difference(a, b) {
  const counts = new Map();
  for (const x of a) counts.set(x, (counts.get(x) || 0) + 1);
  for (const x of b) counts.set(x, (counts.get(x) || 0) - 1);
  return [...counts].filter(([, n]) => n !== 0);
}

module.exports = (env) => {
  test("annex-print: the printed home page has exactly the words and marks of the signed annex", async () => {
    const { context, page, problems } = await site.open(env.browser, { viewport: { width: 1280, height: 900 } });
    try {
      await page.goto(`${env.origin}/index.html`);
      await page.emulateMedia({ media: "print" });
      const pdf = site.artifact("annex-print.pdf");
      await page.pdf({ path: pdf, preferCSSPageSize: true });
      const printed = execFileSync("pdftotext", ["-raw", "-enc", "UTF-8", pdf, "-"], { encoding: "utf8" });
      fs.writeFileSync(site.artifact("annex-print.txt"), printed);
      const signedText = fs.readFileSync(path.join(site.REPO, "tests", "fixtures", "signed", "directive-2025-1-1-61.txt"), "utf8");
      const signed = signedText.slice(signedText.indexOf("KINNITATUD"));
      const [p, s] = [tokens(printed), tokens(signed)];
      const chars = difference([...p.join("")], [...s.join("")]);
      assert.deepEqual(chars, [], `the printed annex differs from the signed one; tokens printed (+) or missing (-): ${JSON.stringify(difference(p, s))}`);
      // The site's heading and the register's box are on screen, not in print.
      assert.ok(!printed.includes(env.strings.et.register_notes_heading), "the register's box printed");
      assert.ok(!printed.includes(env.strings.et.annex_heading), "the site's heading printed");
    } finally {
      await context.close();
    }
    assert.deepEqual(problems, []);
  });
};
