#!/usr/bin/env bash
# Benchmarks procbook against Hugo on generated registers of 100, 1,000 and
# 10,000 processes (examples/gen-corpus.rs), and writes the figures into
# BENCHMARKS.md between its "results" markers.
#
#   bench/run.sh                         # the full run, as recorded in BENCHMARKS.md
#   BENCH_SIZES="100 1000" bench/run.sh  # a quicker run
#   PROCBOOK=/path/to/procbook bench/run.sh  # measure that binary instead of building one
#   BENCH_SERVE=0 BENCH_HISTORY=0 bench/run.sh  # builds and checks only
#   BENCH_WRITE=0 bench/run.sh           # print the results, leave BENCHMARKS.md alone
#
# BENCH_DIR is the work folder (corpora); BENCH_OUT where both tools write
# their sites, by default a folder in /dev/shm: on a disk, deleting the
# previous run's output and writing the next at once measures the file
# system (on this machine's journal-less ext4 most of the time goes to the
# kernel checking recently deleted inodes) rather than either tool.
#
# Measures, for each N: a full `procbook build` and a full `hugo --quiet`
# build into a fresh output folder (hyperfine, one warm-up run), `procbook
# check` alone, and the peak memory of both builds (/usr/bin/time -v). Where
# this procbook has them, also the edit-to-rebuilt time of `procbook serve`
# on the 1,000-process register and the cost of the change history on a git
# repository of 10,000 commits (written with `git fast-import`).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
read -r -a sizes <<<"${BENCH_SIZES:-100 1000 10000}"
work=${BENCH_DIR:-${TMPDIR:-/tmp}/procbook-bench}
if [ -z "${BENCH_OUT:-}" ] && [ -d /dev/shm ] && [ -w /dev/shm ]; then
  BENCH_OUT=/dev/shm/procbook-bench-out
fi
outs=${BENCH_OUT:-$work/out}
today=2026-11-25
history_commits=${BENCH_HISTORY_COMMITS:-10000}
history_n=${BENCH_HISTORY_N:-100}

log() { printf '== %s\n' "$*" >&2; }

# --- tools -----------------------------------------------------------------
missing=()
command -v hugo >/dev/null || missing+=(hugo)
command -v hyperfine >/dev/null || missing+=(hyperfine)
[ -x /usr/bin/time ] || missing+=(time)
command -v git >/dev/null || missing+=(git)
if ((${#missing[@]})); then
  log "installing ${missing[*]}"
  sudo=
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

target=${CARGO_TARGET_DIR:-$repo/target}
if [ -n "${PROCBOOK:-}" ]; then
  log "building the corpus generator (release); measuring $PROCBOOK"
  cargo build --release --quiet --example gen-corpus
  pb=$PROCBOOK
else
  log "building procbook and the corpus generator (release)"
  cargo build --release --quiet --bin procbook --example gen-corpus
  pb=$target/release/procbook
fi
gen=$target/release/examples/gen-corpus
mkdir -p "$work" "$outs"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

# --- helpers ---------------------------------------------------------------
# median_ms CSV NAME: the median time of NAME in a hyperfine CSV export, in
# ms. The median, not the mean: on a shared machine one run slowed down by
# someone else's job would move the mean of a few runs by seconds.
median_ms() { awk -F, -v name="$2" 'NR > 1 && $1 == name { printf "%.0f", $4 * 1000 }' "$1"; }
# min_ms CSV NAME: the fastest run of NAME in a hyperfine CSV export, in ms.
min_ms() { awk -F, -v name="$2" 'NR > 1 && $1 == name { printf "%.0f", $7 * 1000 }' "$1"; }
# cpu_s CSV NAME: the mean user + system time of NAME, in seconds.
cpu_s() { awk -F, -v name="$2" 'NR > 1 && $1 == name { printf "%.2f", $5 + $6 }' "$1"; }
# peak_mb COMMAND...: the peak resident memory of COMMAND, in MB.
peak_mb() {
  /usr/bin/time -v "$@" 2>&1 >/dev/null |
    awk -F: '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }'
}
# ratio A B: A / B to two decimals.
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
html_count() { find "$1" -name '*.html' | wc -l; }

rows=()
declare -A build_ms check_ms
for n in "${sizes[@]}"; do
  dir=$work/n$n
  log "N = $n: generating"
  "$gen" "$n" "$dir" 2>/dev/null
  root=$dir/procbook
  pb_out=$outs/procbook-$n
  hugo_out=$outs/hugo-$n
  runs=10
  ((n >= 10000)) && runs=5
  "$pb" check --root "$root" --today "$today" >/dev/null ||
    { log "the generated register of $n processes does not pass check"; exit 1; }

  log "N = $n: procbook build vs hugo ($runs runs each)"
  hyperfine --style basic --warmup 1 --runs "$runs" --export-csv "$dir/build.csv" \
    --prepare "rm -rf '$pb_out'" -n procbook "'$pb' build --root '$root' --out '$pb_out' --today $today" \
    --prepare "rm -rf '$hugo_out'" -n hugo "hugo --quiet -s '$dir/hugo' -d '$hugo_out'" >&2
  log "N = $n: procbook check"
  hyperfine --style basic --warmup 1 --runs $((runs * 3)) --export-csv "$dir/check.csv" \
    -n check "'$pb' check --root '$root' --today $today" >&2

  log "N = $n: peak memory"
  rm -rf "$pb_out" "$hugo_out"
  pb_mb=$(peak_mb "$pb" build --root "$root" --out "$pb_out" --today "$today")
  hugo_mb=$(peak_mb hugo --quiet -s "$dir/hugo" -d "$hugo_out")
  check_mb=$(peak_mb "$pb" check --root "$root" --today "$today")

  p=$(median_ms "$dir/build.csv" procbook)
  h=$(median_ms "$dir/build.csv" hugo)
  c="$(median_ms "$dir/check.csv" check) ($(min_ms "$dir/check.csv" check))"
  build_ms[$n]=$p
  check_ms[$n]=$c
  p_cpu=$(cpu_s "$dir/build.csv" procbook)
  h_cpu=$(cpu_s "$dir/build.csv" hugo)
  rows+=("| $n | $p | $h | **$(ratio "$p" "$h")** | $p_cpu / $h_cpu | $(html_count "$pb_out") / $(html_count "$hugo_out") | $c | $pb_mb | $hugo_mb | $check_mb |")
  rm -rf "$pb_out" "$hugo_out"
done

# --- serve: edit to rebuilt --------------------------------------------------
serve_text="Not measured: this procbook has no \`serve\` command (\`procbook serve --help\` fails)."
if [ "${BENCH_SERVE:-1}" = 0 ]; then
  serve_text="Not measured in this run (BENCH_SERVE=0)."
elif "$pb" serve --help >/dev/null 2>&1 && [ -d "$work/n1000/procbook" ]; then
  log "serve: edit-to-rebuilt on 1,000 processes"
  help=$("$pb" serve --help)
  root=$work/n1000/procbook
  args=(serve --root "$root")
  grep -q -- '--today' <<<"$help" && args+=(--today "$today")
  grep -q -- '--port' <<<"$help" && args+=(--port 0)
  err=$work/serve.stderr
  "$pb" "${args[@]}" >"$work/serve.stdout" 2>"$err" &
  serve_pid=$!
  # Ready once it says it watches (or, for another wording, once its log
  # has stopped growing for a second).
  size=-1
  for _ in $(seq 240); do
    sleep 0.5
    grep -q '^watching' "$err" && break
    new=$(wc -c <"$err")
    [ "$new" -gt 0 ] && [ "$new" -eq "$size" ] && break
    size=$new
  done
  first_build=$(grep -o '^built in [0-9]* ms' "$err" | grep -o '[0-9]*' || true)
  reported=()
  observed=()
  for k in 1 2 3 4 5 6 7; do
    before=$(grep -c 'rebuilt in' "$err" || true)
    date=2026-11-0$((k % 2 + 1))
    # Rewrite in place (same inode), as an editor saving the file would.
    sed "0,/^    reviewed_on: .*/s//    reviewed_on: $date/" "$root/processes.yaml" >"$work/edit.yaml"
    t0=$(date +%s%N)
    cat "$work/edit.yaml" >"$root/processes.yaml"
    got=
    for _ in $(seq 3000); do
      if [ "$(grep -c 'rebuilt in' "$err" || true)" -gt "$before" ]; then got=1; break; fi
      sleep 0.01
    done
    t1=$(date +%s%N)
    [ -n "$got" ] || break
    reported+=("$(grep -o 'rebuilt in [0-9.]* *ms' "$err" | tail -n 1 | grep -o '[0-9.]*')")
    observed+=($(((t1 - t0) / 1000000)))
    sleep 1
  done
  kill "$serve_pid" 2>/dev/null || true
  wait "$serve_pid" 2>/dev/null || true
  median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
  if ((${#reported[@]} >= 3)); then
    serve_text="\`procbook serve\` on the 1,000-process register (first build ${first_build:-?} ms): an edit of \`processes.yaml\` is rebuilt in **$(median "${reported[@]}") ms** (median of ${#reported[@]} edits, as serve logs it); $(median "${observed[@]}") ms pass from the write to the \"rebuilt\" line, which includes the file watcher's wait for the edit to settle."
  else
    serve_text="Not measured: \`procbook serve\` did not log \"rebuilt in N ms\" after an edit within 30 s (log: $(tail -n 3 "$err" | tr '\n' ' '))."
  fi
fi

# --- history: a git repository of many commits -------------------------------
history_text="Not measured: this procbook has no change history (\`procbook build --help\` has no \`--no-history\`)."
if [ "${BENCH_HISTORY:-1}" = 0 ]; then
  history_text="Not measured in this run (BENCH_HISTORY=0)."
elif "$pb" build --help 2>/dev/null | grep -q -- '--no-history'; then
  log "history: $history_commits commits of a $history_n-process register"
  hroot=$work/history
  rm -rf "$hroot"
  git init -q -b main "$hroot"
  "$gen" --history "$history_commits" "$history_n" | git -C "$hroot" fast-import --quiet
  git -C "$hroot" checkout -q -f main
  hout=$outs/history
  cache=$hroot/.git/procbook
  hyperfine --style basic --runs 3 --export-csv "$work/history-cold.csv" \
    --prepare "rm -rf '$hout' '$cache'" -n cold \
    "'$pb' build --root '$hroot' --out '$hout' --today $today" >&2 || true
  hyperfine --style basic --warmup 1 --runs 5 --export-csv "$work/history.csv" \
    --prepare "rm -rf '$hout'" -n cached \
    "'$pb' build --root '$hroot' --out '$hout' --today $today" \
    --prepare "rm -rf '$hout'" -n none \
    "'$pb' build --root '$hroot' --out '$hout' --today $today --no-history" >&2 || true
  if [ -s "$work/history.csv" ] && [ -s "$work/history-cold.csv" ]; then
    cold=$(median_ms "$work/history-cold.csv" cold)
    cached=$(median_ms "$work/history.csv" cached)
    none=$(median_ms "$work/history.csv" none)
    rm -rf "$hout" "$cache"
    cold_mb=$(peak_mb "$pb" build --root "$hroot" --out "$hout" --today "$today")
    rm -rf "$hout"
    history_text="A $history_n-process register in a git repository of $history_commits commits, each changing it: \`procbook build\` takes **$cold ms** reading the whole history (peak $cold_mb MB), **$cached ms** with the history cache it keeps in \`.git/procbook\` from the previous build, and $none ms with \`--no-history\`."
  else
    history_text="Not measured: \`procbook build\` failed on the generated git repository (see the hyperfine output)."
  fi
fi

# --- report --------------------------------------------------------------------
cpu=$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)
results=$(
  cat <<EOF
Measured on $(date -u +%Y-%m-%d) with \`bench/run.sh\` on $(nproc) cores ($cpu),
$(awk '/MemTotal/ { printf "%.0f GB RAM", $2 / 1048576 }' /proc/meminfo), $(uname -sr);
$("$pb" --version) $(if [ -n "${PROCBOOK:-}" ]; then echo "($PROCBOOK${BENCH_NOTE:+, $BENCH_NOTE})"; else echo "built from commit $(git -C "$repo" rev-parse --short HEAD)$(git -C "$repo" diff --quiet HEAD -- src Cargo.toml Cargo.lock themes || echo ' with uncommitted changes')"; fi);
$(hugo version | awk '{ print "hugo", $2 }').
Load average $load_before before the run, $(cut -d' ' -f1-3 /proc/loadavg) after (the machine is shared).
Times are hyperfine medians (one warm-up run; 10 runs, 5 at 10,000; check 30 and 15), each build into a
fresh output folder in \`$outs\`; CPU is the mean user + system time; memory is the peak
resident set size from \`/usr/bin/time -v\`.

| N | procbook build (ms) | Hugo build (ms) | procbook / Hugo | CPU s procbook / Hugo | HTML pages procbook / Hugo | procbook check, median (fastest) (ms) | build peak procbook (MB) | build peak Hugo (MB) | check peak (MB) |
|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|
$(printf '%s\n' "${rows[@]}")

procbook writes every page in two interface languages (Estonian and English)
plus the owners, directives, search and 404 pages, \`api/register.json\`,
\`processes.csv\`, the search index and the sitemap; the Hugo site renders each
page once with minimal layouts and no taxonomies, RSS or sitemap.

**serve:** $serve_text

**history:** $history_text
EOF
)
printf '%s\n' "$results"

if [ "${BENCH_WRITE:-1}" = 0 ]; then
  exit 0
fi
out=$repo/BENCHMARKS.md
start='<!-- results:start (written by bench/run.sh) -->'
end='<!-- results:end -->'
printf '%s\n' "$results" >"$work/results.md"
if [ -f "$out" ] && grep -qF "$start" "$out"; then
  awk -v start="$start" -v end="$end" -v file="$work/results.md" '
    $0 == start { print; while ((getline line < file) > 0) print line; skip = 1; next }
    $0 == end { skip = 0 }
    !skip { print }' "$out" >"$work/BENCHMARKS.md.new"
  mv "$work/BENCHMARKS.md.new" "$out"
else
  {
    printf '# Benchmarks\n\nprocbook against Hugo on generated registers; reproduce with `bench/run.sh`.\n\n'
    printf '%s\n%s\n%s\n' "$start" "$results" "$end"
  } >"$out"
fi
log "wrote $out"
