#!/usr/bin/env bash
# End-to-end test of the LRS pull (crates/upskill-lrs) against a real Ralph
# LRS on loopback: a virtual environment with ralph-malph, its file-system
# backend in a temporary directory, one user, `ralph runserver` on
# 127.0.0.1, then the ignored-by-default Rust test `ralph_round_trip` with
# UPSKILL_LRS_URL set. The server is stopped and the directory removed on
# exit, whatever happens.
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
if ! cargo test -p upskill-lrs --locked --test ralph -- --ignored --test-threads=1; then
  echo "--- ralph server log" >&2
  tail -50 "$WORK/server.log" >&2
  exit 1
fi
