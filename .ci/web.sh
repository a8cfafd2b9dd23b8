#!/usr/bin/env bash
# The browser test of the page (docs/web.md): builds it (web/build.sh),
# then Playwright (npm playwright-core, pinned in web/package-lock.json)
# drives Debian's chromium on it from file://, and compares what the page
# shows with what the command prints for the same files (web/test.mjs).
# Screenshots land in target/web-test/.
#
#   bash .ci/web.sh            # from the repository root (CI calls it from .ci/run)
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x /usr/bin/chromium ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  rustup target add wasm32-unknown-unknown
fi
want=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/version = |"/, ""); print; exit}' Cargo.lock)
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$want" ]; then
  cargo install wasm-bindgen-cli --version "$want"
fi
(cd web && npm ci --no-audit --no-fund --silent)

bash web/build.sh >/dev/null

OUT=target/web-test
mkdir -p "$OUT"
cargo run -q --locked -p upskill-cli -- evaluate --example --out "$OUT/cli-example.json" 2>/dev/null || true
test -s "$OUT/cli-example.json"
status=0
cargo run -q --locked -p upskill-cli -- validate --format json \
  --roster crates/upskill-dataset/example/roster.csv web/testdata/faulty-sessions.csv \
  >"$OUT/cli-validation.json" || status=$?
[ "$status" -eq 1 ] # findings, as the file is meant to have
# A mapped export (field case moodle-dedication-export) through its preset,
# the learner given: what the page must judge after the user's correction.
status=0
(cd crates/upskill-cli/tests/cases/moodle-dedication-export &&
  cargo run -q --locked -p upskill-cli -- evaluate . --sessions dedication-user-report.csv \
    --preset moodle-dedication --set learner_id=l1 \
    --from 2026-W10 --to 2026-W14 --as-of 2026-04-10 --format json) >"$OUT/cli-mapped.json" || status=$?
[ "$status" -eq 1 ] # not_met, as the case's test says

WEB_DIR=target/web CLI_REPORT="$OUT/cli-example.json" CLI_VALIDATION="$OUT/cli-validation.json" \
  CLI_MAPPED="$OUT/cli-mapped.json" \
  SHOTS="$OUT" node web/test.mjs
