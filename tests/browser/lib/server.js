// A tiny static file server for the built site, on loopback only. It serves
// the same folder at `/` and under every prefix given (e.g. `/some/prefix/`),
// so the tests see the site both at a server root and at a sub-path.
//
// Run on its own to look at the site: node lib/server.js DIR [PORT]
"use strict";

const fs = require("node:fs");
const http = require("node:http");
const path = require("node:path");

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".xml": "application/xml; charset=utf-8",
  ".csv": "text/csv; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".pdf": "application/pdf",
};

/**
 * Maps a request path to a file under `root`, or null when it is outside
 * the site or under no known prefix. `/dir/` means `/dir/index.html`.
 */
function resolve(root, prefixes, urlPath) {
  let rest = null;
  for (const prefix of [...prefixes, "/"]) {
    if (urlPath.startsWith(prefix)) {
      rest = urlPath.slice(prefix.length);
      break;
    }
  }
  if (rest === null) return null;
  let decoded;
  try {
    decoded = decodeURIComponent(rest);
  } catch {
    return null;
  }
  if (decoded.includes("\0") || decoded.includes("\\")) return null;
  const segments = decoded.split("/");
  if (segments.some((s) => s === "..")) return null;
  let file = path.join(root, ...segments);
  if (!file.startsWith(root)) return null;
  if (decoded === "" || decoded.endsWith("/")) file = path.join(file, "index.html");
  return file;
}

/**
 * Starts serving `root` on 127.0.0.1 (port 0 picks a free one). Resolves to
 * `{ server, origin, requests }`; `requests` lists every request as
 * `{ url, status }`, for tests that want to know what was fetched.
 */
function serve(root, { prefixes = ["/some/prefix/"], port = 0 } = {}) {
  root = path.resolve(root);
  const requests = [];
  const server = http.createServer((req, res) => {
    const urlPath = new URL(req.url, "http://localhost").pathname;
    const file = resolve(root, prefixes, urlPath);
    const send = (status, type, body) => {
      requests.push({ url: req.url, status });
      res.writeHead(status, { "Content-Type": type, "Cache-Control": "no-store" });
      res.end(req.method === "HEAD" ? undefined : body);
    };
    if (req.method !== "GET" && req.method !== "HEAD") return send(405, "text/plain", "method not allowed\n");
    if (!file) return send(404, "text/plain", "not found\n");
    fs.stat(file, (err, stat) => {
      if (err || !stat.isFile()) {
        // Like most static hosts: a missing page gets the site's 404 page.
        const page404 = path.join(root, "404.html");
        if (fs.existsSync(page404)) return send(404, TYPES[".html"], fs.readFileSync(page404));
        return send(404, "text/plain", "not found\n");
      }
      const type = TYPES[path.extname(file).toLowerCase()] || "application/octet-stream";
      fs.readFile(file, (readErr, body) => {
        if (readErr) return send(500, "text/plain", "cannot read\n");
        send(200, type, body);
      });
    });
  });
  return new Promise((ok, fail) => {
    server.once("error", fail);
    server.listen(port, "127.0.0.1", () => {
      const { port: bound } = server.address();
      ok({ server, origin: `http://127.0.0.1:${bound}`, requests });
    });
  });
}

module.exports = { serve, resolve };

if (require.main === module) {
  const dir = process.argv[2];
  if (!dir) {
    console.error("usage: node lib/server.js DIR [PORT]");
    process.exit(2);
  }
  serve(dir, { port: Number(process.argv[3] || 8000) }).then(({ origin }) => {
    console.log(`serving ${dir} at ${origin}/ and ${origin}/some/prefix/`);
  });
}
