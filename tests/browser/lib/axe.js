// axe-core in a Playwright page: run it, and describe what it found.
"use strict";

const fs = require("node:fs");

const AXE_SOURCE = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
// WCAG 2.1 A and AA, plus axe's best practices: those caught real problems
// here (a banner outside every landmark, so the skip link jumped over it;
// two search landmarks with the same name).
const WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
const TAGS = [...WCAG, "best-practice"];

/** Runs axe (rules with any of `tags`) on the loaded page; returns its violations. */
async function axe(page, tags = TAGS) {
  // Evaluated through the DevTools protocol, so the page's CSP (script-src
  // 'self') does not block it; works with page JavaScript disabled too.
  if (!(await page.evaluate(() => typeof window.axe === "object"))) await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] }),
    tags,
  );
  return result.violations;
}

/** A readable account of violations, one block per rule. */
function describe(label, violations) {
  return violations
    .map((v) => {
      const nodes = v.nodes
        .map((n) => `      ${n.target.join(" ")}\n        ${n.html.slice(0, 200)}\n        ${(n.failureSummary || "").replace(/\n/g, "\n        ")}`)
        .join("\n");
      return `  ${label}: [${v.impact}] ${v.id} (${v.tags.join(", ")}): ${v.help}\n    ${v.helpUrl}\n${nodes}`;
    })
    .join("\n");
}

module.exports = { axe, describe, TAGS, WCAG };
