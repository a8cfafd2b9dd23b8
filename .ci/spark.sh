#!/usr/bin/env bash
# The Spark recipe (examples/spark) in Spark local mode: PySpark from PyPI
# reads a generated dataset's sessions as Parquet, runs one
# `upskill.Assessor` per partition (`mapInArrow`), merges the states on the
# driver, and its pytest suite compares the report with the CLI's JSON.
#
#   bash .ci/spark.sh     # from the repository root (CI calls it from .ci/run,
#                         # after .ci/python.sh)
#
# Environment: PY_VENV (default target/py-venv: .ci/python.sh's, whose
# freshly installed `upskill` is reused; installed here when missing),
# UPSKILL_BIN (default target/debug/upskill, built here if missing),
# JAVA_HOME (default: Java 17 under /usr/lib/jvm, else the `java` on PATH).
# Spark binds to 127.0.0.1 with no web UI; every process started here is
# stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=${PY_VENV:-$PWD/target/py-venv}
PY_PACKAGES="pytest pyarrow pandas>=2.2,<3 pyspark>=3.5,<5"
UPSKILL_PROBE=upskill.Assessor.finish_json
# shellcheck source=.ci/py-venv.sh
. .ci/py-venv.sh

if [ -z "${JAVA_HOME:-}" ]; then
  if [ -x /usr/lib/jvm/java-17-openjdk-amd64/bin/java ]; then
    export JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64
  else
    JAVA_HOME=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
    export JAVA_HOME
  fi
fi
"$JAVA_HOME/bin/java" -version 2>&1 | head -1

export UPSKILL_BIN=${UPSKILL_BIN:-$PWD/target/debug/upskill}
if [ ! -x "$UPSKILL_BIN" ]; then
  cargo build --locked -p upskill-cli
fi

# The suite runs in its own process group (Spark's JVM and Python workers
# are its children), killed whole on exit whatever happened.
WORK=$(mktemp -d)
GROUP=
cleanup() {
  if [ -n "$GROUP" ]; then
    kill -TERM -- "-$GROUP" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
cd "$WORK"
export PYSPARK_PYTHON="$VENV/bin/python"
export PYSPARK_DRIVER_PYTHON="$VENV/bin/python"
export SPARK_LOCAL_IP=127.0.0.1
# No __pycache__ left in examples/spark.
export PYTHONDONTWRITEBYTECODE=1
setsid "$VENV/bin/python" -m pytest -q -p no:cacheprovider --basetemp="$WORK/pytest" \
  "$OLDPWD/examples/spark" &
GROUP=$!
wait "$GROUP"
