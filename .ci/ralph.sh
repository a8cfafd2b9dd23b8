#!/usr/bin/env bash
# End-to-end test of the LRS pull (crates/upskill-lrs) against a real Ralph
# LRS on loopback: a virtual environment with ralph-malph, its file-system
# backend in a temporary directory, one user, `ralph runserver` on
# 127.0.0.1, then the ignored-by-default Rust test `ralph_round_trip` with
# UPSKILL_LRS_URL set (it POSTs 25 statements, one voiding another), then
# the command line on the same LRS: `upskill import xapi --lrs` (pages of
# 7, basic auth with the password in an environment variable, a cursor
# file) must write the same sessions as `upskill import xapi FILE` on the
# statements posted, a second run with the cursor must pull nothing, and
# `upskill evaluate --lrs` must read the pages. The server is stopped and the
# directory removed on exit, whatever happens.
#
#   bash .ci/ralph.sh            # from the repository root (CI calls it from .ci/run)
#
# Environment: RALPH_VENV (default target/ralph-venv, reused between runs),
# RALPH_PORT (default 8199).
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=${RALPH_VENV:-$PWD/target/ralph-venv}
PORT=${RALPH_PORT:-8199}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/upskill-ralph.XXXXXX")
SERVER_PID=""

cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    # runserver starts a reloader and a worker: stop its whole process group.
    kill -- "-$SERVER_PID" 2>/dev/null || kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

if [ ! -x "$VENV/bin/ralph" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --upgrade pip
  "$VENV/bin/pip" install --quiet 'ralph-malph[cli,lrs]' requests
fi

export RALPH_APP_DIR="$WORK/app"
export RALPH_RUNSERVER_BACKEND=fs
export RALPH_AUTH_FILE="$WORK/app/auth.json"
mkdir -p "$RALPH_APP_DIR" "$WORK/data"

USER_NAME=upskill
USER_PASS="ralph-$$-$RANDOM"
"$VENV/bin/ralph" auth -u "$USER_NAME" -p "$USER_PASS" -s all -M "mailto:$USER_NAME@example.com" -w >/dev/null

# From $WORK: runserver's reloader watches its working directory.
(cd "$WORK" && exec setsid "$VENV/bin/ralph" runserver -b fs --fs-default-directory-path "$WORK/data" \
  -h 127.0.0.1 -p "$PORT" >"$WORK/server.log" 2>&1) &
SERVER_PID=$!

# Wait (at most 60 s) for the LRS to answer.
for _ in $(seq 1 120); do
  if curl -s -o /dev/null "http://127.0.0.1:$PORT/__heartbeat__" 2>/dev/null \
     || python3 -c "import urllib.request,sys; urllib.request.urlopen('http://127.0.0.1:$PORT/__heartbeat__', timeout=1)" 2>/dev/null; then
    break
  fi
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    echo "ralph runserver stopped:" >&2
    cat "$WORK/server.log" >&2
    exit 1
  fi
  sleep 0.5
done

export UPSKILL_LRS_URL="http://127.0.0.1:$PORT/xAPI/"
export UPSKILL_LRS_USER="$USER_NAME"
export UPSKILL_LRS_PASSWORD="$USER_PASS"
export UPSKILL_RALPH_STATEMENTS_OUT="$WORK/posted.json"
if ! cargo test -p upskill-lrs --locked --test ralph -- --ignored --test-threads=1; then
  echo "--- ralph server log" >&2
  tail -50 "$WORK/server.log" >&2
  exit 1
fi

# The command line against the same LRS (which now holds exactly the
# statements the test posted: the server is this run's own).
cargo build -p upskill-cli --locked --quiet
UPSKILL=$PWD/target/debug/upskill
fail() {
  echo "ralph CLI round trip: $*" >&2
  tail -50 "$WORK/server.log" >&2
  exit 1
}
{
  echo "learner_id,mbox"
  for n in 0 1 2 3 4; do echo "e000$((n + 1)),mailto:learner$n@example.com"; done
} >"$WORK/actors.csv"
LRS_ARGS=(--lrs "$UPSKILL_LRS_URL" --lrs-user "$USER_NAME" --lrs-password-env UPSKILL_LRS_PASSWORD)

"$UPSKILL" import xapi --actors "$WORK/actors.csv" "${LRS_ARGS[@]}" --lrs-limit 7 \
  --lrs-cursor "$WORK/cli.cursor" --out "$WORK/from-lrs.jsonl" --format json 2>"$WORK/pull1.json" \
  || fail "import xapi --lrs failed: $(cat "$WORK/pull1.json")"
"$UPSKILL" import xapi --actors "$WORK/actors.csv" "$WORK/posted.json" --out "$WORK/from-file.jsonl" 2>/dev/null \
  || fail "import xapi FILE failed"
cmp -s "$WORK/from-lrs.jsonl" "$WORK/from-file.jsonl" \
  || fail "the sessions pulled differ from the file's: $(diff "$WORK/from-lrs.jsonl" "$WORK/from-file.jsonl" | head -20)"
python3 - "$WORK/pull1.json" "$WORK/from-lrs.jsonl" <<'PY' || fail "unexpected pull summary: $(cat "$WORK/pull1.json")"
import json, sys
report = json.load(open(sys.argv[1]))
sessions = sum(1 for line in open(sys.argv[2]) if line.strip())
assert report["lrs"]["statements"] == 25 and report["lrs"]["pages"] >= 4, report["lrs"]
assert report["summary"]["voided"] == 1 and report["summary"]["voiding"] == 1, report["summary"]
assert sessions == 23, sessions
PY
[ -s "$WORK/cli.cursor" ] || fail "the cursor file was not written"

# Run again with the cursor: nothing new.
"$UPSKILL" import xapi --actors "$WORK/actors.csv" "${LRS_ARGS[@]}" --lrs-cursor "$WORK/cli.cursor" \
  --out "$WORK/again.jsonl" --format json 2>"$WORK/pull2.json" || fail "the second pull failed"
python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); assert r["lrs"]["statements"] == 0, r["lrs"]' \
  "$WORK/pull2.json" || fail "the second pull with the cursor read statements again: $(cat "$WORK/pull2.json")"

# evaluate reads the LRS's pages as session inputs.
set +e
"$UPSKILL" evaluate crates/upskill-dataset/example --actors "$WORK/actors.csv" "${LRS_ARGS[@]}" --lrs-limit 7 \
  --format json --out "$WORK/report.json" 2>"$WORK/evaluate.err"
status=$?
set -e
[ "$status" -le 1 ] || fail "evaluate --lrs exited $status: $(cat "$WORK/evaluate.err")"
grep -q "statements in [0-9]* pages pulled from" "$WORK/evaluate.err" || fail "evaluate did not pull: $(cat "$WORK/evaluate.err")"
grep -q "${UPSKILL_LRS_URL}statements" "$WORK/report.json" || fail "the report does not name the LRS pages"
echo "ralph CLI round trip: import xapi --lrs = import xapi FILE (23 sessions), cursor, evaluate --lrs: ok"
