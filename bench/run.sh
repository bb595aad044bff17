#!/usr/bin/env bash
# Benchmarks procbook against Hugo on generated registers of 100, 1,000 and
# 10,000 processes (examples/gen-corpus.rs), and writes the figures, with
# the targets of issue 16 beside them, into BENCHMARKS.md between its
# "results" markers.
#
#   bench/run.sh                         # the full run, as recorded in BENCHMARKS.md
#   BENCH_SIZES="100 1000" bench/run.sh  # a quicker run
#   PROCBOOK=/path/to/procbook bench/run.sh  # measure that binary instead of building one
#   BENCH_SERVE=0 BENCH_HISTORY=0 bench/run.sh  # builds and checks only
#   BENCH_WRITE=0 bench/run.sh           # print the results, leave BENCHMARKS.md alone
#
# BENCH_DIR is the work folder (corpora, hyperfine's CSV files; a fresh
# temporary folder, removed at the end, when unset); BENCH_OUT where both
# tools write their sites, by default a fresh folder in /dev/shm, removed at
# the end: on a disk, deleting the previous run's output and writing the
# next at once measures the file system (on this machine's journal-less ext4 most of the time goes to the
# kernel checking recently deleted inodes) rather than either tool.
#
# Measures, for each N:
# - a full `procbook build` and a full `hugo --quiet` build into a fresh
#   output folder (hyperfine, one warm-up run), `procbook check` alone, and
#   the peak memory of both builds (/usr/bin/time -v);
# - `cp -r` of procbook's output into a fresh folder beside it (the floor
#   for writing that many files on this file system);
# - where `procbook build` has `--no-cache` (an incremental build): after a
#   build, one process's goal edited in `processes.yaml` and the site
#   rebuilt into the same folder, against a `--no-cache` build into it;
# - where procbook has `serve`: what a process owner waits for after saving
#   an edit, from the write to the reloaded page showing it, and serve's
#   peak memory (bench/serve-reload.py plays the browser);
# and, where procbook has `--no-history`, the cost of the change history on
# a git repository of 10,000 commits (written with `git fast-import`).
# Every full build is given `--no-cache` where procbook has it, and its
# output folder's parent is removed before it, so no cache survives.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
read -r -a sizes <<<"${BENCH_SIZES:-100 1000 10000}"
# Without BENCH_DIR and BENCH_OUT, each run has folders of its own, removed
# when it ends, so that two runs at once do not delete each other's sites.
own=()
if [ -n "${BENCH_DIR:-}" ]; then
  work=$BENCH_DIR
else
  work=$(mktemp -d "${TMPDIR:-/tmp}/procbook-bench.XXXXXX")
  own+=("$work")
fi
if [ -z "${BENCH_OUT:-}" ] && [ -d /dev/shm ] && [ -w /dev/shm ]; then
  BENCH_OUT=$(mktemp -d /dev/shm/procbook-bench-out.XXXXXX)
  own+=("$BENCH_OUT")
  outs_shown=/dev/shm
fi
outs=${BENCH_OUT:-$work/out}
outs_shown=${outs_shown:-$outs}
today=2026-11-25
history_commits=${BENCH_HISTORY_COMMITS:-10000}
history_n=${BENCH_HISTORY_N:-100}
serve_timeout=${BENCH_SERVE_TIMEOUT:-120}

log() { printf '== %s\n' "$*" >&2; }

# The preview this script starts is stopped on every way out: the helper
# (serve-reload.py under timeout) is stopped, and stops it (the preview also
# dies with the helper); should both be killed outright, the pid the helper
# left behind is ended here, if it still names a procbook serve.
serve_pid_file=
stop_serve() {
  [ -n "$serve_pid_file" ] && [ -s "$serve_pid_file" ] || return 0
  local pid
  pid=$(cat "$serve_pid_file")
  if tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q ' serve --root '; then
    kill "$pid" 2>/dev/null || true
  fi
  rm -f "$serve_pid_file"
}
helper_pid=
finish() {
  if [ -n "$helper_pid" ]; then
    kill "$helper_pid" 2>/dev/null || true
    wait "$helper_pid" 2>/dev/null || true
  fi
  stop_serve
  ((${#own[@]} == 0)) || rm -rf "${own[@]}"
}
trap finish EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- tools -----------------------------------------------------------------
missing=()
command -v hugo >/dev/null || missing+=(hugo)
command -v hyperfine >/dev/null || missing+=(hyperfine)
[ -x /usr/bin/time ] || missing+=(time)
command -v git >/dev/null || missing+=(git)
command -v jq >/dev/null || missing+=(jq)
command -v python3 >/dev/null || missing+=(python3)
command -v node >/dev/null || missing+=(nodejs)
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
serve_pid_file=$work/serve.pid

# What this procbook has: an incremental build (`--no-cache` forces a full
# one), the preview, the change history.
build_help=$("$pb" build --help 2>/dev/null || true)
full=()
grep -q -- '--no-cache' <<<"$build_help" && full=(--no-cache)
has_serve=
"$pb" serve --help >/dev/null 2>&1 && has_serve=1
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

# --- helpers ---------------------------------------------------------------
# median_ms CSV NAME: the median time of NAME in a hyperfine CSV export, in
# ms. The median, not the mean: on a shared machine one run slowed down by
# someone else's job would move the mean of a few runs by seconds.
median_ms() { awk -F, -v name="$2" 'NR > 1 && $1 == name { printf "%.0f", $4 * 1000 }' "$1"; }
# min_ms CSV NAME: the fastest run of NAME in a hyperfine CSV export, in ms.
min_ms() { awk -F, -v name="$2" 'NR > 1 && $1 == name { printf "%.0f", $7 * 1000 }' "$1"; }
# range_ms CSV NAME: the fastest and the slowest run of NAME, in ms.
range_ms() { awk -F, -v name="$2" 'NR > 1 && $1 == name { printf "%.0f–%.0f", $7 * 1000, $8 * 1000 }' "$1"; }
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

# median LIST...: the median of numbers (the lower middle of an even count).
median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
# spread LIST...: the smallest and the largest of numbers, "a–b".
spread() { printf '%s\n' "$@" | sort -n | awk 'NR == 1 { a = $1 } { b = $1 } END { printf "%s–%s", a, b }'; }
# as_times X: X as a multiple, to one decimal ("11.0×").
as_times() { awk -v x="$1" 'BEGIN { printf "%.1f×", x }'; }
# is_le A B: "yes" when the number A is at most B, else "no".
is_le() { awk -v a="$1" -v b="$2" 'BEGIN { print (a + 0 <= b + 0) ? "yes" : "no" }'; }
# quoted command for hyperfine: the procbook build of ROOT into OUT, EXTRA flags.
pb_build() { printf "'%s' build --root '%s' --out '%s' --today %s %s" "$pb" "$1" "$2" "$today" "${*:3}"; }

rows=()
more_rows=()
declare -A build_ms check_ms hugo_ratio cp_times edit_ratio serve_visible serve_peak build_peak
for n in "${sizes[@]}"; do
  dir=$work/n$n
  log "N = $n: generating"
  "$gen" "$n" "$dir" 2>/dev/null
  root=$dir/procbook
  # Each procbook site sits alone in a folder that is removed before a full
  # build: whatever procbook keeps beside its output goes with it.
  pb_box=$outs/procbook-$n
  pb_out=$pb_box/site
  hugo_out=$outs/hugo-$n
  runs=10
  ((n >= 10000)) && runs=5
  "$pb" check --root "$root" --today "$today" >/dev/null ||
    { log "the generated register of $n processes does not pass check"; exit 1; }

  log "N = $n: procbook build vs hugo ($runs runs each)"
  hyperfine --style basic --warmup 1 --runs "$runs" --export-csv "$dir/build.csv" \
    --prepare "rm -rf '$pb_box'" -n procbook "$(pb_build "$root" "$pb_out" "${full[@]}")" \
    --prepare "rm -rf '$hugo_out'" -n hugo "hugo --quiet -s '$dir/hugo' -d '$hugo_out'" >&2
  log "N = $n: procbook check"
  hyperfine --style basic --warmup 1 --runs $((runs * 3)) --export-csv "$dir/check.csv" \
    -n check "'$pb' check --root '$root' --today $today" >&2

  log "N = $n: peak memory"
  rm -rf "$pb_box" "$hugo_out"
  pb_mb=$(peak_mb "$pb" build --root "$root" --out "$pb_out" --today "$today" "${full[@]}")
  hugo_mb=$(peak_mb hugo --quiet -s "$dir/hugo" -d "$hugo_out")
  check_mb=$(peak_mb "$pb" check --root "$root" --today "$today")

  # The floor for writing this site: copying it, file by file, into a fresh
  # folder on the same file system.
  log "N = $n: cp -r of procbook's output"
  copy=$outs/copy-$n
  hyperfine --style basic --warmup 1 --runs "$runs" --export-csv "$dir/copy.csv" \
    --prepare "rm -rf '$copy'" -n copy "cp -r '$pb_out' '$copy'" >&2
  rm -rf "$copy"

  p=$(median_ms "$dir/build.csv" procbook)
  h=$(median_ms "$dir/build.csv" hugo)
  c="$(median_ms "$dir/check.csv" check) ($(min_ms "$dir/check.csv" check))"
  cp_ms=$(median_ms "$dir/copy.csv" copy)
  build_ms[$n]=$p
  check_ms[$n]=$c
  hugo_ratio[$n]=$(ratio "$p" "$h")
  cp_times[$n]=$(ratio "$p" "$cp_ms")
  build_peak[$n]=$pb_mb
  p_cpu=$(cpu_s "$dir/build.csv" procbook)
  h_cpu=$(cpu_s "$dir/build.csv" hugo)
  rows+=("| $n | $p ($(range_ms "$dir/build.csv" procbook)) | $h ($(range_ms "$dir/build.csv" hugo)) | **${hugo_ratio[$n]}** | $p_cpu / $h_cpu | $(html_count "$pb_out") / $(html_count "$hugo_out") | $c | $pb_mb | $hugo_mb | $check_mb |")
  rm -rf "$pb_box" "$hugo_out"

  # One goal edited, the site rebuilt into the same folder: the incremental
  # build against a full one (`--no-cache`) into that folder. Each run is
  # prepared by an edit (serve-reload.py edit alternates two texts).
  edit_cells="n/a | n/a | n/a"
  edit_ratio[$n]=n/a
  if ((${#full[@]})); then
    log "N = $n: one goal edited, rebuilt into the same folder, incremental vs --no-cache"
    edit_box=$outs/edit-$n
    rm -rf "$edit_box"
    "$pb" build --root "$root" --out "$edit_box/site" --today "$today" >/dev/null 2>"$dir/edit.log" ||
      { cat "$dir/edit.log" >&2; log "N = $n: the build before the edits failed"; exit 1; }
    edit="python3 '$repo/bench/serve-reload.py' edit '$root'"
    hyperfine --style basic --warmup 1 --runs "$runs" --export-csv "$dir/edit.csv" \
      --prepare "$edit" -n rebuild "$(pb_build "$root" "$edit_box/site")" \
      --prepare "$edit" -n full "$(pb_build "$root" "$edit_box/site" --no-cache)" >&2
    rm -rf "$edit_box"
    e=$(median_ms "$dir/edit.csv" rebuild)
    f=$(median_ms "$dir/edit.csv" full)
    edit_ratio[$n]=$(ratio "$e" "$f")
    edit_cells="$e ($(range_ms "$dir/edit.csv" rebuild)) | $f ($(range_ms "$dir/edit.csv" full)) | **${edit_ratio[$n]}**"
  fi

  # serve: the page the owner has open, from saving the edit to showing it.
  serve_cells="n/a | n/a | n/a | n/a"
  serve_visible[$n]=n/a
  serve_peak[$n]=n/a
  if [ "${BENCH_SERVE:-1}" = 0 ]; then
    serve_cells="– | – | – | –"
    serve_visible[$n]="not measured (BENCH_SERVE=0)"
  elif [ -n "$has_serve" ]; then
    edits=7
    ((n >= 10000)) && edits=5
    log "N = $n: serve, $edits edits from the write to the reloaded page"
    # The helper bounds every wait by serve_timeout; timeout(1) bounds it.
    # In the background, so that a signal to this script stops it at once.
    timeout --kill-after=10 $((serve_timeout * (edits + 3))) \
      python3 "$repo/bench/serve-reload.py" serve "$pb" "$root" --today "$today" \
      --edits "$edits" --timeout "$serve_timeout" --pid-file "$serve_pid_file" \
      >"$dir/serve.json" &
    helper_pid=$!
    wait "$helper_pid" || true
    helper_pid=
    stop_serve
    measured=$(jq -r '.edits // 0' "$dir/serve.json" 2>/dev/null || true)
    if [ "${measured:-0}" -ge 3 ]; then
      visible=$(median $(jq -r '.visible_ms[]' "$dir/serve.json"))
      event=$(median $(jq -r '.event_ms[]' "$dir/serve.json"))
      rebuilt=$(median $(jq -r '.rebuilt_ms[]' "$dir/serve.json"))
      serve_visible[$n]="$visible ms"
      serve_peak[$n]=$(jq -r .peak_mb "$dir/serve.json")
      spread_visible=$(spread $(jq -r '.visible_ms[]' "$dir/serve.json"))
      serve_cells="$event | **$visible** ($spread_visible) | ${rebuilt:-?} | ${serve_peak[$n]}"
    else
      why=$(jq -r '.error // "no result"' "$dir/serve.json" 2>/dev/null || echo "no result")
      log "N = $n: serve not measured: $why"
      serve_visible[$n]="failed: $why"
      serve_cells="failed | failed | failed | failed"
    fi
  fi
  more_rows+=("| $n | $p | $cp_ms ($(range_ms "$dir/copy.csv" copy)) | **$(as_times "${cp_times[$n]}")** | $edit_cells | $serve_cells | $pb_mb |")
done

# --- history: a git repository of many commits -------------------------------
history_text="Not measured: this procbook has no change history (\`procbook build --help\` has no \`--no-history\`)."
history_cold="not measured"
history_ratio="not measured"
if [ "${BENCH_HISTORY:-1}" = 0 ]; then
  history_text="Not measured in this run (BENCH_HISTORY=0)."
elif grep -q -- '--no-history' <<<"$build_help"; then
  log "history: $history_commits commits of a $history_n-process register"
  hroot=$work/history
  rm -rf "$hroot"
  git init -q -b main "$hroot"
  "$gen" --history "$history_commits" "$history_n" | git -C "$hroot" fast-import --quiet
  git -C "$hroot" checkout -q -f main
  hbox=$outs/history
  hout=$hbox/site
  cache=$hroot/.git/procbook
  hyperfine --style basic --runs 3 --export-csv "$work/history-cold.csv" \
    --prepare "rm -rf '$hbox' '$cache'" -n cold "$(pb_build "$hroot" "$hout" "${full[@]}")" >&2 || true
  hyperfine --style basic --warmup 1 --runs 5 --export-csv "$work/history.csv" \
    --prepare "rm -rf '$hbox'" -n cached "$(pb_build "$hroot" "$hout" "${full[@]}")" \
    --prepare "rm -rf '$hbox'" -n none "$(pb_build "$hroot" "$hout" "${full[@]}" --no-history)" >&2 || true
  if [ -s "$work/history.csv" ] && [ -s "$work/history-cold.csv" ]; then
    cold=$(median_ms "$work/history-cold.csv" cold)
    cached=$(median_ms "$work/history.csv" cached)
    none=$(median_ms "$work/history.csv" none)
    rm -rf "$hbox" "$cache"
    cold_mb=$(peak_mb "$pb" build --root "$hroot" --out "$hout" --today "$today" "${full[@]}")
    # The change list each language's reader opens first.
    changes=$(find "$hout" -name changes.html -printf '%P %s\n' | sort |
      awk '{ printf "%s`%s` %.1f MB", (NR > 1 ? ", " : ""), $1, $2 / 1048576 }')
    rm -rf "$hbox"
    history_cold=$(awk -v ms="$cold" 'BEGIN { printf "%.1f s", ms / 1000 }')
    history_ratio="$(as_times "$(ratio "$cached" "$none")") (${changes:-no changes.html})"
    history_text="A $history_n-process register in a git repository of $history_commits commits, each changing it: \`procbook build\` takes **$cold ms** ($(range_ms "$work/history-cold.csv" cold)) reading the whole history (peak $cold_mb MB), **$cached ms** ($(range_ms "$work/history.csv" cached)) with the history cache it keeps in \`.git/procbook\` from the previous build, and $none ms ($(range_ms "$work/history.csv" none)) with \`--no-history\` (**$(as_times "$(ratio "$cached" "$none")")**); the change list, in each language: ${changes:-no \`changes.html\`}."
  else
    history_text="Not measured: \`procbook build\` failed on the generated git repository (see the hyperfine output)."
    history_cold="failed"
    history_ratio="failed"
  fi
fi

# --- targets (issue 16) --------------------------------------------------------
# target_row FIGURE TODAY TARGET MET: one row; MET is "–" when not measured.
target_row() { printf '| %s | %s | %s | %s |\n' "$@"; }
# at N ARRAY: ARRAY[N], or a note that N was not in this run.
at() {
  local -n values=$2
  if [ -n "${values[$1]+set}" ]; then echo "${values[$1]}"; else echo "not measured (N = $1 not in BENCH_SIZES)"; fi
}
number() { grep -Eo '^[0-9.]+' <<<"$1" || true; }
# met VALUE LIMIT: yes/no when VALUE starts with a number, else –.
met() { local v; v=$(number "$1"); if [ -n "$v" ]; then is_le "$v" "$2"; else echo "–"; fi; }
targets() {
  local r1 r10 cp10 ed10 s1 s10 peak10 bpeak10 chk10 serve10 serve10_met
  r1=$(at 1000 hugo_ratio)
  r10=$(at 10000 hugo_ratio)
  cp10=$(at 10000 cp_times)
  [ -n "$(number "$cp10")" ] && cp10=$(as_times "$cp10")
  ed10=$(at 10000 edit_ratio)
  [ "$ed10" = n/a ] && ed10="n/a (\`procbook build\` has no \`--no-cache\`)"
  s1=$(at 1000 serve_visible)
  s10=$(at 10000 serve_visible)
  [ "$s1" = n/a ] && s1="n/a (no \`procbook serve\`)"
  [ "$s10" = n/a ] && s10="n/a (no \`procbook serve\`)"
  chk10=$(at 10000 check_ms)
  [ -n "$(number "$chk10")" ] && chk10="${chk10%% *} ms"
  serve10=$s10
  serve10_met=$(met "$s10" 300)
  peak10=$(at 10000 serve_peak)
  bpeak10=$(at 10000 build_peak)
  if [ -n "$(number "$peak10")" ] && [ -n "$(number "$bpeak10")" ]; then
    serve10="$s10, $peak10 MB resident (build: $bpeak10 MB)"
    [ "$serve10_met" = yes ] && serve10_met=$(is_le "$peak10" "$bpeak10")
  fi
  echo "| figure | today | target | met |"
  echo "|---|---|---|---|"
  target_row "full build ÷ Hugo, 1,000 processes" "$r1" "≤ 0.5" "$(met "$r1" 0.5)"
  target_row "full build ÷ Hugo, 10,000" "$r10" "≤ 0.5" "$(met "$r10" 0.5)"
  target_row "full build ÷ \`cp -r\` of its own output, 10,000" "$cp10" "≤ 4×" "$(met "$cp10" 4)"
  target_row "one goal edited, rebuild ÷ full build, 10,000" "$ed10" "≤ 0.1" "$(met "$ed10" 0.1)"
  target_row "\`serve\`: file write → page reloaded, 1,000" "$s1" "≤ 100 ms" "$(met "$s1" 100)"
  target_row "\`serve\`: same, 10,000" "$serve10" "≤ 300 ms, ≤ build's peak" "$serve10_met"
  target_row "history of $history_commits commits, cold build" "$history_cold" "≤ 3 s" "$(met "$history_cold" 3)"
  target_row "history, warm build ÷ \`--no-history\` build" "$history_ratio" "≤ 1.5×" "$(met "$history_ratio" 1.5)"
  target_row "\`check\`, 10,000" "$chk10" "≤ 300 ms" "$(met "$chk10" 300)"
}

# --- report --------------------------------------------------------------------
cpu=$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)
results=$(
  cat <<EOF
Measured on $(date -u +%Y-%m-%d) with \`bench/run.sh\` on $(nproc) cores ($cpu),
$(awk '/MemTotal/ { printf "%.0f GB RAM", $2 / 1048576 }' /proc/meminfo), $(uname -sr);
$("$pb" --version) $(if [ -n "${PROCBOOK:-}" ]; then echo "($PROCBOOK${BENCH_NOTE:+, $BENCH_NOTE})"; else echo "built from commit $(git -C "$repo" rev-parse --short HEAD)$(git -C "$repo" diff --quiet HEAD -- src Cargo.toml Cargo.lock themes || echo ' with uncommitted changes')"; fi);
$(hugo version | awk '{ print "hugo", $2 }').
Load average $load_before before the run, $(cut -d' ' -f1-3 /proc/loadavg) after (the machine is shared).

The targets of issue 16 against this run ("met": today's figure within the target):

$(targets)

Times are hyperfine medians with the fastest and slowest run in brackets (one warm-up run; 10 runs, 5 at 10,000; check 30 and 15), each full build into a
fresh output folder in \`$outs_shown\`$( ((${#full[@]})) && echo " with \`--no-cache\`"); CPU is the mean user + system time; memory is the peak
resident set size from \`/usr/bin/time -v\`.

| N | procbook build (ms) | Hugo build (ms) | procbook / Hugo | CPU s procbook / Hugo | HTML pages procbook / Hugo | procbook check, median (fastest) (ms) | build peak procbook (MB) | build peak Hugo (MB) | check peak (MB) |
|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|
$(printf '%s\n' "${rows[@]}")

procbook writes every page in two interface languages (Estonian and English)
plus the owners, directives, search and 404 pages, \`api/register.json\`,
\`processes.csv\`, the search index and the sitemap; the Hugo site renders each
page once with minimal layouts and no taxonomies, RSS or sitemap.

Writing, editing and previewing, same run: \`cp -r\` copies the built site
into a fresh folder beside it (the time any build needs just to write those
files); "one goal edited" rewrites the first process's first goal before
each run and builds into the folder of the previous build, incrementally and
with \`--no-cache\`; for \`serve\`, \`bench/serve-reload.py\` plays the
browser with that process's page open: it opens the reload stream as the
page's \`live.js\` does, rewrites the goal in place, and times the reload
event and the page fetched after it showing the new goal (what the owner
sees; medians of 7 edits, 5 at 10,000, fastest–slowest in brackets), beside serve's own "rebuilt in"
log; serve's peak is its VmHWM after the edits. "n/a": this procbook has no
such command or flag.

| N | build (ms) | \`cp -r\` of its output (ms) | build ÷ \`cp -r\` | one goal edited: rebuild (ms) | full build into the same folder (ms) | rebuild ÷ full | serve: write → reload event (ms) | serve: write → page shows the edit (ms) | serve's rebuild, as logged (ms) | serve peak (MB) | build peak (MB) |
|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|
$(printf '%s\n' "${more_rows[@]}")

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
