#!/usr/bin/env bash
# Load test of the live preview: starts `procbook serve` on the shipped site
# (loopback, a free port), runs wrk against the front page and a process
# page, samples the server's resident memory (VmRSS in /proc/<pid>/status)
# throughout, and prints requests/s, errors and the peak RSS.
#
#   bench/load-test.sh                      # wrk -t2 -c50 -d10s per page
#   LOAD_CONNECTIONS=200 LOAD_DURATION=30s bench/load-test.sh
#
# Traffic goes to 127.0.0.1 only, and every run is bounded by its duration.
set -euo pipefail
cd "$(dirname "$0")/.."

threads=${LOAD_THREADS:-2}
connections=${LOAD_CONNECTIONS:-50}
duration=${LOAD_DURATION:-10s}
page=${LOAD_PAGE:-processes/intsidendihaldus.html}
today=2026-11-25

log() { printf '== %s\n' "$*" >&2; }

if ! command -v wrk >/dev/null; then
  log "installing wrk"
  sudo=
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq wrk >/dev/null
fi

log "building procbook (release)"
cargo build --release --quiet
bin=target/release/procbook

work=$(mktemp -d "${TMPDIR:-/tmp}/procbook-load.XXXXXX")
server_pid=
sampler_pid=
cleanup() {
  [ -n "$sampler_pid" ] && kill "$sampler_pid" 2>/dev/null || true
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

"$bin" serve --root . --bind 127.0.0.1 --port 0 --today "$today" 2>"$work/serve.log" &
server_pid=$!

url=
for _ in $(seq 1 600); do
  url=$(sed -n 's|.*serving on \(http://[^ ]*/\).*|\1|p' "$work/serve.log" | head -n 1)
  [ -n "$url" ] && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/serve.log" >&2; exit 1; }
  sleep 0.1
done
[ -n "$url" ] || { log "the server did not start"; cat "$work/serve.log" >&2; exit 1; }
case "$url" in
  http://127.*) ;;
  *) log "refusing to load-test $url: loopback only"; exit 1 ;;
esac
log "serving on $url (pid $server_pid)"

rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$server_pid/status" 2>/dev/null || echo 0; }
idle_kib=$(rss_kib)

# Sample VmRSS every 50 ms while the server runs.
(
  while kill -0 "$server_pid" 2>/dev/null; do
    rss_kib
    sleep 0.05
  done
) >"$work/rss.txt" &
sampler_pid=$!

printf '%-40s %12s %10s %8s %8s %10s\n' "target" "requests/s" "requests" "errors" "non-2xx" "p99"
for path in "" "$page"; do
  wrk -t"$threads" -c"$connections" -d"$duration" --latency "$url$path" >"$work/wrk.txt" 2>&1 || true
  rps=$(awk '/^Requests\/sec:/ {print $2}' "$work/wrk.txt")
  total=$(awk '/requests in/ {print $1}' "$work/wrk.txt")
  errors=$(awk '/Socket errors:/ {gsub(",", ""); print $4 + $6 + $8 + $10}' "$work/wrk.txt")
  non2xx=$(awk '/Non-2xx or 3xx responses:/ {print $5}' "$work/wrk.txt")
  p99=$(awk '$1 == "99%" {print $2}' "$work/wrk.txt")
  printf '%-40s %12s %10s %8s %8s %10s\n' "/$path" "${rps:-?}" "${total:-?}" "${errors:-0}" "${non2xx:-0}" "${p99:-?}"
  if [ -z "$rps" ]; then
    cat "$work/wrk.txt" >&2
  fi
done

kill "$sampler_pid" 2>/dev/null || true
wait "$sampler_pid" 2>/dev/null || true
sampler_pid=
peak_kib=$(sort -n "$work/rss.txt" | tail -n 1)
hwm_kib=$(awk '/^VmHWM:/ {print $2}' "/proc/$server_pid/status" 2>/dev/null || echo 0)
threads_now=$(awk '/^Threads:/ {print $2}' "/proc/$server_pid/status" 2>/dev/null || echo "?")
samples=$(wc -l <"$work/rss.txt")
mib() { awk -v k="${1:-0}" 'BEGIN { printf "%.1f", k / 1024 }'; }
printf 'server RSS: idle %s MiB, peak under load %s MiB (%s samples; kernel VmHWM %s MiB); threads after the run: %s\n' \
  "$(mib "$idle_kib")" "$(mib "$peak_kib")" "$samples" "$(mib "$hwm_kib")" "$threads_now"
if grep -q panicked "$work/serve.log"; then
  log "the server panicked:"
  cat "$work/serve.log" >&2
  exit 1
fi
