#!/usr/bin/env bash
# `upskill evaluate` against DuckDB and Polars on the same question, end to
# end, each tool in its own process: generates the datasets, runs the tools
# in turn (upskill, DuckDB, Polars, upskill, ...), RUNS times each, and
# prints the median wall time and peak RSS (GNU time) with the ratios to
# DuckDB's, and whether the credited minutes agree. Then upskill alone on
# 1 and 2 threads (records/s).
#
# Usage: scripts/bench.sh [DATA_DIR] [SIZES] [RUNS]
#   DATA_DIR  where datasets are generated (default /tmp/upskill-bench; reused)
#   SIZES     record counts, comma-separated (default 1e6,1e7)
#   RUNS      runs of each tool per size (default 3)
#
# Outside CI. Needs python3 (with venv), GNU time (/usr/bin/time) and, at
# 10^7 records, about 3 GB of disk. DuckDB and Polars are installed from PyPI
# into a virtual environment under target/bench-venv the first time.
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${1:-/tmp/upskill-bench}
SIZES=${2:-1e6,1e7}
RUNS=${3:-3}
VENV=target/bench-venv
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q duckdb polars
fi
cargo build --release -q -p upskill-cli
BIN=$PWD/target/release/upskill
mkdir -p "$DATA"

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -g | awk '/Mem:/ {print $2}') GiB; load average $(cut -d' ' -f1-3 /proc/loadavg)"
IFS=, read -r -a sizes <<< "$SIZES"
for size in "${sizes[@]}"; do
  echo
  echo "## $size records"
  "$VENV/bin/python" scripts/duckdb_compare.py --records "$size" --data "$DATA" \
    --binary "$BIN" --runs "$RUNS" --threads 2
done

PERIOD=(--from 2026-W10 --to 2027-W08 --as-of 2027-03-01T09:00:00+00:00)
echo
echo "## upskill alone (--format text), median of $RUNS"
echo
echo "| records | threads | wall | records/s | peak RSS |"
echo "|---:|---:|---:|---:|---:|"
for size in "${sizes[@]}"; do
  learners=$(python3 -c "print(round(float('$size') / (1.088 * 52)))")
  dir="$DATA/n$learners"
  records=$(($(wc -l < "$dir/sessions.csv") - 1))
  for threads in 1 2; do
    walls=()
    rss=()
    for _ in $(seq "$RUNS"); do
      UPSKILL_THREADS=$threads /usr/bin/time -f '%e %M' -o "$DATA/time.txt" \
        "$BIN" evaluate "$dir" "${PERIOD[@]}" --format text --out "$DATA/report.txt" \
        > /dev/null 2>&1 || true
      # GNU time puts "Command exited with non-zero status 1" first when
      # the verdict is not met (exit 1); the figures are the last line.
      read -r wall kb < <(tail -n 1 "$DATA/time.txt")
      walls+=("$wall")
      rss+=("$kb")
    done
    wall=$(printf '%s\n' "${walls[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    kb=$(printf '%s\n' "${rss[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    rate=$(awk "BEGIN {printf \"%.2f M\", $records / $wall / 1e6}")
    echo "| $records | $threads | ${wall} s | $rate | $((kb / 1024)) MiB |"
  done
done
