// Real-browser tests of the built site (see README, "Browser tests").
// One headless Chromium and one loopback server are shared by all checks;
// each file under checks/ adds its tests with node:test. Run through
// run.sh, which builds the site first; or, with a site already built:
//   node --test-reporter=spec test.js          (site in ../../target/browser-site)
"use strict";

const fs = require("node:fs");
const { before, after } = require("node:test");
const { serve } = require("./lib/server");
const site = require("./lib/site");

/** What every check shares; filled in before the first test. */
const env = {
  browser: null,
  origin: null, // server root, e.g. http://127.0.0.1:41234
  prefixOrigin: null, // the same site under /some/prefix/
  server: null,
  strings: site.uiStrings(),
  pages: [],
  statusCache: new Map(),
  /** The HTTP status of `url` on the test server (HEAD, cached). */
  async fetchStatus(url) {
    if (!env.statusCache.has(url)) {
      const res = await fetch(url, { method: "HEAD" });
      env.statusCache.set(url, res.status);
    }
    return env.statusCache.get(url);
  },
};

before(async () => {
  if (!fs.existsSync(site.SITE)) throw new Error(`no built site at ${site.SITE}: run tests/browser/run.sh`);
  env.pages = site.htmlPages();
  for (const page of Object.values(site.PAGE_TYPES)) {
    if (!env.pages.includes(page)) throw new Error(`the built site has no ${page}`);
  }
  const { server, origin } = await serve(site.SITE, { prefixes: ["/some/prefix/"] });
  env.server = server;
  env.origin = origin;
  env.prefixOrigin = `${origin}/some/prefix`;
  env.browser = await site.launch();
  fs.rmSync(site.ARTIFACTS, { recursive: true, force: true });
});

after(async () => {
  if (env.browser) await env.browser.close();
  if (env.server) await new Promise((ok) => env.server.close(ok));
});

// ONLY=search,print runs just those checks (for working on one of them).
const only = (process.env.ONLY || "").split(",").filter(Boolean);
for (const name of ["accessibility", "keyboard", "search", "nojs", "print", "language", "links", "screenshots", "live-reload", "first-impressions", "annex-print", "guides"]) {
  if (only.length === 0 || only.includes(name)) require(`./checks/${name}`)(env);
}
