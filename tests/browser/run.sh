#!/usr/bin/env bash
# Real-browser tests of the published site (README, "Browser tests").
# Builds the shipped register into target/browser-site, then runs test.js
# in headless Chromium: axe-core WCAG 2.1 A/AA, keyboard, search, no-JS,
# print, language, file:// and sub-path links, screenshots, live reload.
# Screenshots and the print PDF go to target/browser-artifacts/.
# Exits non-zero when any check fails.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
cd "$repo"

chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ ! -x "$chromium" ]; then
  if [ "${CI:-}" = "true" ] || [ "$(id -u)" = "0" ]; then
    echo "== installing chromium"
    sudo=""
    [ "$(id -u)" = "0" ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends chromium >/dev/null
  fi
  if [ ! -x "$chromium" ]; then
    echo "no Chromium at $chromium: install the 'chromium' package or set CHROMIUM_PATH" >&2
    exit 2
  fi
fi
export CHROMIUM_PATH="$chromium"

# The annex-print and guides checks read printed PDFs with poppler's
# pdftotext (and pdfinfo).
if ! command -v pdftotext >/dev/null || ! command -v pdfinfo >/dev/null; then
  if [ "${CI:-}" = "true" ] || [ "$(id -u)" = "0" ]; then
    echo "== installing poppler-utils"
    sudo=""
    [ "$(id -u)" = "0" ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends poppler-utils >/dev/null
  fi
  if ! command -v pdftotext >/dev/null; then
    echo "no pdftotext: install the 'poppler-utils' package" >&2
    exit 2
  fi
fi

node_major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
if [ "$node_major" -lt 20 ]; then
  echo "the browser tests need Node.js 20 or later (and npm); found: $(node --version 2>/dev/null || echo none)" >&2
  exit 2
fi

echo "== npm ci (tests/browser)"
(cd "$here" && npm ci --no-audit --no-fund --loglevel=error)

# A debug build: CI has just built it for `cargo test`, so this is free there.
echo "== build the site"
cargo build --quiet
target="${CARGO_TARGET_DIR:-$repo/target}"
export PROCBOOK_BIN="$target/debug/procbook"
export SITE_DIR="$target/browser-site"
export ARTIFACTS_DIR="$target/browser-artifacts"
if ! "$PROCBOOK_BIN" build --root "$repo" --out "$SITE_DIR" --today 2026-11-25 --force >"$target/browser-build.log" 2>&1; then
  cat "$target/browser-build.log" >&2
  exit 1
fi
# Guidelines kept as a folder of pages (checks/guides.js).
export GUIDES_SITE_DIR="$target/browser-guides-site"
if ! "$PROCBOOK_BIN" build --root "$repo/tests/fixtures/browser-guides" --out "$GUIDES_SITE_DIR" --today 2026-11-25 --no-history --force >"$target/browser-build.log" 2>&1; then
  cat "$target/browser-build.log" >&2
  exit 1
fi

echo "== browser tests"
cd "$here"
status=0
timeout 900 node --test-reporter=spec test.js || status=$?
echo "screenshots and the print PDF: $ARTIFACTS_DIR"
exit "$status"
