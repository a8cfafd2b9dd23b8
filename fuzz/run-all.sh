#!/usr/bin/env bash
# Runs every fuzz target for SECONDS (default 600) one after another, seeded
# from the project's own example files, and prints one line of libFuzzer's
# final statistics per target (executions, exec/s, coverage, corpus size).
# A crash stops that target and leaves its input under artifacts/TARGET/.
#
#   bash fuzz/run-all.sh [SECONDS] [TARGET...]
#
# Needs a nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz`).
# Logs go to fuzz/logs/TARGET.log. Not run by CI (issue 14: run by hand).
set -uo pipefail
cd "$(dirname "$0")"
SECONDS_EACH=${1:-600}
shift || true
ROOT=..
TARGETS=("$@")
if [ ${#TARGETS[@]} -eq 0 ]; then
  TARGETS=(iso8601_duration week_label xapi_statement xapi_page session_reader pledge_file roster_csv engine mapped_reader partial_state)
fi
mkdir -p logs
# Build once, then run the binaries directly: editing the crates while the
# run goes on must not rebuild a target half-way through the list.
cargo +nightly fuzz build || exit 2
BIN=target/$(rustc +nightly -vV | sed -n 's/^host: //p')/release

seed() {
  local target=$1 dir=corpus/$1
  mkdir -p "$dir"
  case $target in
    session_reader)
      head -c 3000 "$ROOT/crates/upskill-dataset/example/sessions.csv" > "$dir/example.csv" ;;
    roster_csv)
      head -c 3000 "$ROOT/crates/upskill-dataset/example/roster.csv" > "$dir/roster.csv"
      head -c 3000 "$ROOT/crates/upskill-dataset/example/leave.csv" > "$dir/leave.csv" 2>/dev/null || true ;;
    pledge_file)
      cp "$ROOT/crates/upskill-dataset/example/pledge.json" "$dir/" ;;
    week_label)
      printf '2026-W05' > "$dir/a"; printf '2026-W53' > "$dir/b"; printf '2026-W06-sun' > "$dir/c" ;;
    iso8601_duration)
      printf 'PT1H30M' > "$dir/a"; printf 'P1DT2.5S' > "$dir/b"; printf '0001:30:00.5' > "$dir/c" ;;
    mapped_reader)
      # The first byte picks the preset (index modulo the preset count).
      local i=0
      for f in "$ROOT"/crates/upskill-mapping/tests/data/presets/*.csv; do
        { printf "\\x$(printf %02x $i)"; head -c 3000 "$f"; } > "$dir/$(basename "$f")"
        i=$((i + 1))
      done ;;
  esac
}

for t in "${TARGETS[@]}"; do
  seed "$t"
  max_len=4096
  case $t in week_label | iso8601_duration) max_len=64 ;; engine) max_len=1024 ;; esac
  mkdir -p "artifacts/$t"
  "$BIN/$t" "corpus/$t" -artifact_prefix="artifacts/$t/" -max_total_time="$SECONDS_EACH" \
    -max_len=$max_len -print_final_stats=1 > "logs/$t.log" 2>&1
  status=$?
  execs=$(grep -h "stat::number_of_executed_units" "logs/$t.log" | awk '{print $2}')
  rate=$(grep -h "stat::average_exec_per_sec" "logs/$t.log" | awk '{print $2}')
  cov=$(grep -hE "^#[0-9]+.*cov: " "logs/$t.log" | tail -1 | sed -E 's/.*cov: ([0-9]+).*/\1/')
  corpus=$(grep -hE "^#[0-9]+.*corp: " "logs/$t.log" | tail -1 | sed -E 's/.*corp: ([0-9]+).*/\1/')
  echo "$t status=$status seconds=$SECONDS_EACH max_len=$max_len executions=${execs:-?} exec/s=${rate:-?} cov=${cov:-?} corpus=${corpus:-?}"
done
