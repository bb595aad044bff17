// Screenshots of each page type at desktop (1280 px) and phone (375 px)
// width, saved under target/browser-artifacts/screens/ for review. At phone
// width (and at 320 px, WCAG 1.4.10 reflow) no page scrolls sideways:
// wide tables scroll inside their own box, with their caption in view, and
// that box takes keyboard focus so arrow keys can scroll it.
"use strict";

const assert = require("node:assert/strict");
const { test } = require("node:test");
const site = require("../lib/site");

const WIDTHS = { desktop: 1280, phone: 375 };

module.exports = (env) => {
  test("screenshots: each page type at 1280 and 375 px; no sideways scrolling on phones", async () => {
    const { context, page, problems } = await site.open(env.browser);
    const overflows = [];
    try {
      for (const [device, width] of Object.entries(WIDTHS)) {
        await page.setViewportSize({ width, height: 900 });
        for (const [name, path] of Object.entries(site.PAGE_TYPES)) {
          await page.goto(`${env.origin}/${path}`);
          await page.screenshot({ path: site.artifact(`screens/${name}-${device}.png`), fullPage: true });
        }
      }
      for (const width of [375, 320]) {
        await page.setViewportSize({ width, height: 700 });
        for (const [name, path] of Object.entries(site.PAGE_TYPES)) {
          await page.goto(`${env.origin}/${path}`);
          const wide = await page.evaluate(() => {
            const limit = document.documentElement.clientWidth;
            if (document.documentElement.scrollWidth <= limit) return null;
            // Name the widest culprits: elements sticking out whose parent does not scroll.
            return [...document.querySelectorAll("body *")]
              .filter((el) => el.getBoundingClientRect().right > limit + 1 && !el.closest(".table-wrap"))
              .slice(-3)
              .map((el) => el.outerHTML.slice(0, 100));
          });
          if (wide) overflows.push(`${name} at ${width} px scrolls sideways; sticking out: ${wide.join(" | ")}`);
          // A table that scrolls in its box must not take its caption along.
          const cut = await page.locator("caption").evaluateAll((els) =>
            els.filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1).map((el) => el.textContent.trim().slice(0, 60)),
          );
          for (const text of cut) overflows.push(`${name} at ${width} px: the caption "${text}" runs off screen`);
          // What scrolls sideways in a box must be scrollable by keyboard:
          // links inside it need not reach its far side, so the box itself
          // takes focus.
          const unreachable = await page.evaluate(() =>
            [...document.querySelectorAll("body *")]
              .filter((el) => el.scrollWidth > el.clientWidth + 1 && /auto|scroll/.test(getComputedStyle(el).overflowX) && !(el.tabIndex >= 0 && el.hasAttribute("tabindex")))
              .map((el) => el.outerHTML.slice(0, 80)),
          );
          for (const html of unreachable) overflows.push(`${name} at ${width} px: scrolls sideways but takes no keyboard focus: ${html}`);
        }
      }
    } finally {
      await context.close();
    }
    assert.deepEqual(overflows, [], overflows.join("\n"));
    assert.deepEqual(problems, []);
  });
};
