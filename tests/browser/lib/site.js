// Shared set-up for the browser tests: where the built site is, its pages,
// the interface strings, the browser, and helpers that watch a page for
// console errors and failed requests and check that its links resolve.
"use strict";

const fs = require("node:fs");
const path = require("node:path");
const { pathToFileURL, fileURLToPath } = require("node:url");
const { chromium } = require("playwright-core");

const REPO = path.resolve(__dirname, "..", "..", "..");
const SITE = path.resolve(process.env.SITE_DIR || path.join(REPO, "target", "browser-site"));
const ARTIFACTS = path.resolve(process.env.ARTIFACTS_DIR || path.join(REPO, "target", "browser-artifacts"));
const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

/** Chromium flags: no sandbox (containers) and no background traffic. */
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Hosts of links the pages may carry but the tests never fetch. */
const EXTERNAL_HOSTS = new Set(["wiki.smit.sise"]);

/** The number of processes in the shipped register. */
const PROCESS_COUNT = 8;

/** The page of each page type, by a short name used in artifact file names. */
const PAGE_TYPES = {
  home: "index.html",
  process: "processes/intsidendihaldus.html",
  "process-no-outcome": "processes/seire-ja-sundmusehaldus.html",
  owners: "owners.html",
  overview: "overview.html",
  "directive-in-force": "directives/kaskkiri-1-1-61.html",
  "directive-repealed": "directives/kaskkiri-1-1-118.html",
  directives: "directives/index.html",
  search: "search.html",
  "not-found": "404.html",
  "en-home": "en/index.html",
};
// The change history is optional: only sites with history have it.
if (fs.existsSync(path.join(SITE, "changes.html"))) PAGE_TYPES.changes = "changes.html";

/** Every HTML page of the built site, as paths relative to its root. */
function htmlPages() {
  const out = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith(".html")) out.push(path.relative(SITE, full).split(path.sep).join("/"));
    }
  };
  walk(SITE);
  return out.sort();
}

/**
 * The interface strings of themes/default/i18n/ui.yaml by language. The file
 * is a flat two-level map of plain scalars, so a line parser is enough.
 */
function uiStrings() {
  const file = path.join(REPO, "themes", "default", "i18n", "ui.yaml");
  const strings = {};
  let lang = null;
  for (const line of fs.readFileSync(file, "utf8").split("\n")) {
    if (/^\s*(#|$)/.test(line)) continue;
    let m = /^([A-Za-z_-]+):\s*$/.exec(line);
    if (m) {
      lang = m[1];
      strings[lang] = {};
      continue;
    }
    m = /^\s+([A-Za-z_]+):\s*(.*)$/.exec(line);
    if (m && lang) strings[lang][m[1]] = m[2].replace(/^(["'])(.*)\1$/, "$2");
  }
  return strings;
}

/** Starts headless Chromium. */
function launch() {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM} (set CHROMIUM_PATH)`);
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

function isExternal(url) {
  try {
    const u = new URL(url);
    return (u.protocol === "http:" || u.protocol === "https:") && u.hostname !== "127.0.0.1" && u.hostname !== "localhost";
  } catch {
    return false;
  }
}

/**
 * Makes every page of `context` record its problems: console errors,
 * uncaught exceptions, failed requests, HTTP errors, and any attempt to
 * reach a host other than loopback (those requests are aborted).
 * Returns the list the problems are pushed to; `ignore(text)` true keeps
 * an expected one out of it.
 */
async function watchProblems(context, { ignore = () => false } = {}) {
  const problems = [];
  const report = (text) => {
    if (!ignore(text)) problems.push(text);
  };
  await context.route(
    (url) => isExternal(url.href),
    (route) => {
      report(`request to an external host: ${route.request().url()}`);
      return route.abort("blockedbyclient");
    },
  );
  context.on("page", (page) => watchPage(page, report));
  return problems;
}

/**
 * A new browser context (options as for browser.newContext) watched by
 * watchProblems, with one page open in it. Waits time out after 10 s, so a
 * missing element fails the test quickly.
 */
async function open(browser, options = {}, watch = {}) {
  const context = await browser.newContext(options);
  context.setDefaultTimeout(10_000);
  const problems = await watchProblems(context, watch);
  const page = await context.newPage();
  return { context, page, problems };
}

function watchPage(page, report) {
  const where = () => page.url();
  page.on("console", (msg) => {
    if (msg.type() === "error") report(`console error on ${where()}: ${msg.text()}`);
  });
  page.on("pageerror", (err) => report(`uncaught exception on ${where()}: ${err.message}`));
  page.on("requestfailed", (req) => {
    if (isExternal(req.url())) return; // already reported by the route
    // Moving on to the next page cancels an icon still loading; whether the
    // icons load is checked in checks/first-impressions.js.
    const failure = req.failure() && req.failure().errorText;
    if (failure === "net::ERR_ABORTED" && /\/favicon\.(svg|ico)$/.test(new URL(req.url()).pathname)) return;
    report(`request failed on ${where()}: ${req.url()} (${req.failure() && req.failure().errorText})`);
  });
  page.on("response", (res) => {
    if (res.status() >= 400) report(`HTTP ${res.status()} on ${where()}: ${res.url()}`);
  });
}

/**
 * Every URL the loaded page refers to: links, form targets, scripts,
 * stylesheets and other <link>s, images and other embedded media. URLs are
 * resolved by the browser against the page's address.
 */
function pageReferences(page) {
  return page.evaluate(() => {
    const refs = [];
    const add = (el, attr, prop) => {
      if (el.hasAttribute(attr)) refs.push({ kind: `${el.localName}[${attr}]`, raw: el.getAttribute(attr), url: el[prop] });
    };
    document.querySelectorAll("a[href], area[href]").forEach((el) => add(el, "href", "href"));
    document.querySelectorAll("link[href]").forEach((el) => add(el, "href", "href"));
    document.querySelectorAll("script[src], img[src], iframe[src], source[src], video[src], audio[src]").forEach((el) => add(el, "src", "src"));
    document.querySelectorAll("img[srcset], source[srcset]").forEach((el) => {
      for (const part of el.getAttribute("srcset").split(",")) {
        const raw = part.trim().split(/\s+/)[0];
        if (raw) refs.push({ kind: `${el.localName}[srcset]`, raw, url: new URL(raw, document.baseURI).href });
      }
    });
    document.querySelectorAll("form[action]").forEach((el) => add(el, "action", "action"));
    return refs;
  });
}

/** The ids of the elements of the HTML file at `file` (cached). */
const idCache = new Map();
function idsOf(file) {
  if (!idCache.has(file)) {
    const html = fs.readFileSync(file, "utf8");
    idCache.set(file, new Set([...html.matchAll(/\sid="([^"]*)"/g)].map((m) => m[1])));
  }
  return idCache.get(file);
}

/**
 * Checks that every reference of the loaded page resolves: a file that
 * exists (file://) or a 200 answer (http://), and for a `#fragment` an
 * element with that id in the target page. External hosts are only listed.
 * Returns the problems found.
 */
async function checkReferences(page, { fetchStatus }) {
  const problems = [];
  const from = page.url();
  for (const ref of await pageReferences(page)) {
    const where = `${ref.kind}="${ref.raw}" on ${from}`;
    let url;
    try {
      url = new URL(ref.url);
    } catch {
      problems.push(`unparseable ${where}`);
      continue;
    }
    if (url.protocol === "mailto:" || url.protocol === "tel:" || url.protocol === "data:") continue;
    if (isExternal(url.href)) {
      if (!EXTERNAL_HOSTS.has(url.hostname)) problems.push(`link to an unexpected external host: ${where}`);
      continue;
    }
    let file;
    if (url.protocol === "file:") {
      file = fileURLToPath(url.href.replace(/[?#].*$/, ""));
      if (!fs.existsSync(file) || !fs.statSync(file).isFile()) {
        problems.push(`missing file ${file}: ${where}`);
        continue;
      }
    } else if (url.protocol === "http:") {
      const status = await fetchStatus(url.origin + url.pathname);
      if (status !== 200) {
        problems.push(`HTTP ${status} for ${url.href}: ${where}`);
        continue;
      }
      file = null;
    } else {
      problems.push(`unexpected scheme ${url.protocol}: ${where}`);
      continue;
    }
    if (url.hash.length > 1) {
      const id = decodeURIComponent(url.hash.slice(1));
      const target = file || localFileOf(url);
      if (target && target.endsWith(".html") && !idsOf(target).has(id)) problems.push(`no element with id "${id}" for ${where}`);
    }
  }
  return problems;
}

/** The file of the built site an http:// URL on the test server serves. */
function localFileOf(url) {
  let p = url.pathname.replace(/^\/some\/prefix\//, "/");
  if (p.endsWith("/")) p += "index.html";
  const file = path.join(SITE, decodeURIComponent(p));
  return fs.existsSync(file) ? file : null;
}

/** The file:// URL of a page of the built site. */
function fileUrl(page) {
  return pathToFileURL(path.join(SITE, page)).href;
}

/** `text` with its whitespace collapsed. */
function squash(text) {
  return String(text).replace(/\s+/g, " ").trim();
}

/** Creates the artifacts folder and returns the path of `name` in it. */
function artifact(name) {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  return path.join(ARTIFACTS, name);
}

module.exports = {
  REPO,
  SITE,
  ARTIFACTS,
  PAGE_TYPES,
  PROCESS_COUNT,
  htmlPages,
  uiStrings,
  launch,
  watchProblems,
  open,
  pageReferences,
  checkReferences,
  fileUrl,
  squash,
  artifact,
};
