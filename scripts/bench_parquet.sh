#!/usr/bin/env bash
# `upskill evaluate` on the same generated dataset as CSV and as Parquet:
# wall time (median of RUNS) and peak RSS, one and two reading threads;
# checks that the two JSON reports are the same once `inputs` (the files'
# names and digests) is set aside. See docs/performance.md.
#
#   scripts/bench_parquet.sh [DATA_DIR] [EXPONENT] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${1:-/tmp/upskill-bench-parquet}
N=${2:-6}
RUNS=${3:-5}
cargo build --release -q -p upskill-cli
BIN=$PWD/target/release/upskill
PERIOD=(--from 2026-W10 --to 2027-W08 --as-of 2027-03-01T09:00:00+00:00)
CSV=$DATA/csv-$N
PQ=$DATA/parquet-$N
learners=$(python3 -c "print(round(10**$N / (1.088 * 52)))")
if [ ! -f "$CSV/sessions.csv" ]; then
  # No bad records: `convert` writes typed Parquet only from clean files.
  "$BIN" generate --force --learners "$learners" --weeks 52 --seed 7 --bad-share 0 "$CSV" > /dev/null
fi
mkdir -p "$PQ"
cp "$CSV/pledge.json" "$CSV/holidays.csv" "$PQ/"
for kind in sessions roster leave; do
  [ -f "$PQ/$kind.parquet" ] || "$BIN" convert "$CSV/$kind.csv" "$PQ/$kind.parquet"
done
records=$(($(wc -l < "$CSV/sessions.csv") - 1))
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "records: $records; sessions.csv $(du -m "$CSV/sessions.csv" | cut -f1) MB, sessions.parquet $(du -m "$PQ/sessions.parquet" | cut -f1) MB"
echo
echo "| input | threads | wall (median of $RUNS) | records/s | peak RSS |"
echo "|---|---:|---:|---:|---:|"
for dir in "$CSV" "$PQ"; do
  name=$(basename "$dir")
  for threads in 1 2; do
    walls=()
    rss=0
    for _ in $(seq "$RUNS"); do
      UPSKILL_THREADS=$threads /usr/bin/time -v -o "$DATA/time.txt" \
        "$BIN" evaluate "$dir" "${PERIOD[@]}" --format json --out "$DATA/report-$name-$threads.json" \
        2> /dev/null || true
      wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$DATA/time.txt" \
        | awk -F: '{ if (NF == 3) print $1*3600 + $2*60 + $3; else print $1*60 + $2 }')
      kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$DATA/time.txt")
      walls+=("$wall")
      if [ "$kb" -gt "$rss" ]; then rss=$kb; fi
    done
    median=$(printf '%s\n' "${walls[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    rate=$(awk "BEGIN {printf \"%.2fM\", $records / $median / 1e6}")
    echo "| ${name%-*} | $threads | ${median} s | $rate | $((rss / 1024)) MiB |"
  done
done
for t in 1 2; do
  python3 -c "
import json,sys
a=json.load(open('$DATA/report-csv-$N-$t.json')); a.pop('inputs')
b=json.load(open('$DATA/report-parquet-$N-$t.json')); b.pop('inputs')
sys.exit(0 if a==b else 1)" || { echo "the CSV and Parquet reports differ ($t threads)" >&2; exit 1; }
done
echo
echo "the CSV and Parquet reports are the same (inputs aside) at 1 and 2 threads"
