// Keyboard use on each page type: the skip link is the first tab stop and
// moves focus to <main>; Tab reaches every visible link, button and input,
// and each shows a visible focus indicator that differs from its unfocused
// look (outline or box-shadow). On a phone, wide tables scroll by keyboard.
"use strict";

const assert = require("node:assert/strict");
const { test } = require("node:test");
const site = require("../lib/site");

const FOCUSABLE = "a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]:not([tabindex='-1'])";

/** Numbers the focusable elements and records how each looks unfocused. */
function markFocusables(selector) {
  const style = (el) => {
    const s = getComputedStyle(el);
    return { outline: `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`, shadow: s.boxShadow };
  };
  document.activeElement && document.activeElement.blur();
  const list = [];
  document.querySelectorAll(selector).forEach((el, i) => {
    if (el.disabled || el.closest("[hidden], [inert]")) return;
    // Inside a closed <details> an element is reached by opening it first
    // (its summary is a Tab stop of its own).
    const details = el.closest("details");
    if (details && !details.open && el.tagName !== "SUMMARY") return;
    const r = el.getBoundingClientRect();
    const s = getComputedStyle(el);
    // Elements that are not rendered cannot be tabbed to; the skip link is
    // rendered (off-screen until focused), so it counts.
    if (s.display === "none" || s.visibility === "hidden" || (r.width === 0 && r.height === 0)) return;
    el.setAttribute("data-kb", String(i));
    list.push({ id: String(i), html: el.outerHTML.slice(0, 120), before: style(el) });
  });
  return list;
}

/** What the focused element is, how it looks now, and whether it shows. */
function focusedState() {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const s = getComputedStyle(el);
  const r = el.getBoundingClientRect();
  return {
    id: el.getAttribute("data-kb"),
    tag: el.localName,
    cls: el.className,
    inMain: !!el.closest("main"),
    html: el.outerHTML.slice(0, 120),
    outline: `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`,
    outlineVisible: s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 1 && !/rgba\(.*, 0\)$|transparent/.test(s.outlineColor),
    shadow: s.boxShadow,
    onScreen: r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth,
  };
}

module.exports = (env) => {
  test("keyboard: skip link first, everything reachable by Tab with a visible focus indicator", async () => {
    const { context, page, problems } = await site.open(env.browser, { viewport: { width: 1280, height: 900 } });
    const failures = [];
    try {
      for (const [name, path] of Object.entries(site.PAGE_TYPES)) {
        await page.goto(`${env.origin}/${path}`);

        // The skip link: first stop, shown when focused, lands on <main>.
        await page.keyboard.press("Tab");
        const first = await page.evaluate(focusedState);
        if (!first || !/\bskip-link\b/.test(first.cls)) {
          failures.push(`${name}: first tab stop is ${first ? first.html : "nothing"}, not the skip link`);
        } else {
          if (!first.onScreen) failures.push(`${name}: the focused skip link is not on screen`);
          await page.keyboard.press("Enter");
          const afterSkip = await page.evaluate(() => ({ id: document.activeElement.id, tag: document.activeElement.localName }));
          if (afterSkip.tag !== "main") failures.push(`${name}: activating the skip link focused <${afterSkip.tag} id="${afterSkip.id}">, not <main>`);
          await page.keyboard.press("Tab");
          const next = await page.evaluate(focusedState);
          if (next && !next.inMain && (await page.locator(`main :is(${FOCUSABLE})`).count()) > 0) {
            failures.push(`${name}: after the skip link, Tab went to ${next.html}, outside <main>`);
          }
        }
        const skipped = await page.locator(".banner").evaluateAll((els) => els.filter((el) => !el.closest("main")).map((el) => el.textContent.trim().slice(0, 60)));
        for (const text of skipped) failures.push(`${name}: the skip link jumps over the banner "${text}…" (it is outside <main>)`);

        // Every focusable element, in one pass of Tab from the top.
        await page.goto(`${env.origin}/${path}`);
        const expected = await page.evaluate(markFocusables, FOCUSABLE);
        const reached = new Map();
        for (let i = 0; i < expected.length + 5; i++) {
          await page.keyboard.press("Tab");
          const state = await page.evaluate(focusedState);
          if (!state) break; // tabbed out of the document
          if (state.id === null) {
            failures.push(`${name}: Tab stops on an element that is not a link, button or input: ${state.html}`);
            continue;
          }
          if (reached.has(state.id)) break; // wrapped around
          reached.set(state.id, state);
        }
        for (const el of expected) {
          const state = reached.get(el.id);
          if (!state) {
            failures.push(`${name}: not reachable by Tab: ${el.html}`);
            continue;
          }
          const changed = state.outline !== el.before.outline || state.shadow !== el.before.shadow;
          const visible = state.outlineVisible || (state.shadow !== "none" && state.shadow !== el.before.shadow);
          if (!changed || !visible) failures.push(`${name}: no visible focus indicator on ${el.html} (outline ${state.outline}, box-shadow ${state.shadow})`);
          if (!state.onScreen) failures.push(`${name}: focused element is off screen: ${el.html}`);
        }
      }
      // On a phone, a table wider than the screen scrolls with the arrow keys.
      await page.setViewportSize({ width: 375, height: 700 });
      for (const path of [site.PAGE_TYPES.home, site.PAGE_TYPES.directives]) {
        await page.goto(`${env.origin}/${path}`);
        const wrap = page.locator(".table-wrap").first();
        // A table that fits the screen (the annex is stacked by rows at this
        // width) has nothing to scroll; one that does not must scroll.
        const overflows = await wrap.evaluate((el) => el.scrollWidth > el.clientWidth + 1);
        if (!overflows) continue;
        await wrap.focus();
        for (let i = 0; i < 5; i++) await page.keyboard.press("ArrowRight");
        // Scrolling by key may be animated: give it up to two seconds (a
        // loaded machine) before calling it stuck.
        const handle = await wrap.elementHandle();
        const scrolled = await page
          .waitForFunction((el) => el.scrollLeft > 0, handle, { timeout: 2000 })
          .then(() => true, () => false);
        if (!scrolled) failures.push(`${path} at 375 px: the arrow keys do not scroll the table`);
      }
    } finally {
      await context.close();
    }
    assert.deepEqual(failures, [], `keyboard problems:\n  ${failures.join("\n  ")}`);
    assert.deepEqual(problems, []);
  });
};
