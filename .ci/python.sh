#!/usr/bin/env bash
# The Python package (crates/upskill-py) as a user gets it: a fresh virtual
# environment, `pip install ./crates/upskill-py` (maturin builds the abi3
# extension from source), then its pytest suite, which compares
# `upskill.evaluate` with the CLI's JSON report byte for byte.
#
#   bash .ci/python.sh     # from the repository root (CI calls it from .ci/run)
#
# Environment: PY_VENV (default target/py-venv, reused between runs),
# UPSKILL_BIN (default target/debug/upskill, built here if missing).
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=${PY_VENV:-$PWD/target/py-venv}
# pytest; pyarrow, pandas and Polars for the Arrow tests (tests/test_arrow.py):
# pyarrow is the runtime requirement of `assess` (the `upskill[arrow]` extra).
PY_PACKAGES="pytest pyarrow pandas polars"
PY_REINSTALL=1
# shellcheck source=.ci/py-venv.sh
. .ci/py-venv.sh

export UPSKILL_BIN=${UPSKILL_BIN:-$PWD/target/debug/upskill}
if [ ! -x "$UPSKILL_BIN" ]; then
  cargo build --locked -p upskill-cli
fi
# Run from outside the source tree so `import upskill` is the installed
# package, not crates/upskill-py/python.
cd "$(mktemp -d)"
UPSKILL_ROOT="$OLDPWD" "$VENV/bin/python" -m pytest -q "$OLDPWD/crates/upskill-py/tests"
