#!/usr/bin/env bash
# End-to-end benchmark of `upskill evaluate` (CSV read + assess + JSON report)
# on generated datasets of 10^4 .. 10^7 session records, on 1 and 2 threads.
# Prints a Markdown table: wall time, records/s and peak RSS (`/usr/bin/time -v`).
#
# Usage: scripts/bench_evaluate.sh [DATA_DIR] [MAX_EXPONENT] [RUNS] [MIN_EXPONENT]
#   DATA_DIR      where datasets are generated (default /tmp/upskill-bench; reused)
#   MAX_EXPONENT  largest size, 10^MAX_EXPONENT records (default 7)
#   RUNS          runs per cell; the fastest is shown (default 3)
#   MIN_EXPONENT  smallest size (default 4)
# Environment: DETAIL=learners|teams|none (default learners), the report's
# `--detail`. At 10^8 the `learners` report alone is about 18 GB, so the
# 10^8 point is run with DETAIL=teams.
# Outside CI: it needs GNU time (/usr/bin/time), a few GB of disk at 10^7
# and about 13 GB at 10^8 (the sessions file, written by the generator as a
# stream: its memory does not grow with the records).
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${1:-/tmp/upskill-bench}
MAX=${2:-7}
RUNS=${3:-3}
MIN=${4:-4}
DETAIL=${DETAIL:-learners}
cargo build --release -q -p upskill-cli
BIN=$PWD/target/release/upskill
mkdir -p "$DATA"
PERIOD=(--from 2026-W10 --to 2027-W08 --as-of 2027-03-01T09:00:00+00:00)

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -g | awk '/Mem:/ {print $2}') GiB"
echo "report: --format json --detail $DETAIL"
echo
echo "| records | sessions.csv | threads | wall (best of $RUNS) | records/s | peak RSS |"
echo "|---:|---:|---:|---:|---:|---:|"
for n in $(seq "$MIN" "$MAX"); do
  dir="$DATA/d$n"
  # About 1.09 records per learner-week over 52 weeks.
  learners=$(python3 -c "print(round(10**$n / (1.088 * 52)))")
  if [ ! -f "$dir/sessions.csv" ]; then
    "$BIN" generate --force --learners "$learners" --weeks 52 --seed 7 "$dir" > /dev/null
  fi
  records=$(($(wc -l < "$dir/sessions.csv") - 1))
  size=$(du -m "$dir/sessions.csv" | cut -f1)
  for threads in 1 2; do
    best=""
    rss=0
    for _ in $(seq "$RUNS"); do
      UPSKILL_THREADS=$threads /usr/bin/time -v -o "$DATA/time.txt" \
        "$BIN" evaluate "$dir" "${PERIOD[@]}" --format json --detail "$DETAIL" --out "$DATA/report-$n-$threads.json" \
        2> /dev/null || true
      wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$DATA/time.txt" \
        | awk -F: '{ if (NF == 3) print $1*3600 + $2*60 + $3; else print $1*60 + $2 }')
      kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$DATA/time.txt")
      if [ -z "$best" ] || awk "BEGIN {exit !($wall < $best)}"; then best=$wall; fi
      if [ "$kb" -gt "$rss" ]; then rss=$kb; fi
    done
    rate=$(awk "BEGIN {printf \"%.2fM\", $records / $best / 1e6}")
    echo "| $records | ${size} MB | $threads | ${best} s | $rate | $((rss / 1024)) MiB |"
  done
  if ! cmp -s "$DATA/report-$n-1.json" "$DATA/report-$n-2.json"; then
    echo "reports differ between 1 and 2 threads at 10^$n" >&2
    exit 1
  fi
done
