# Sourced by .ci/python.sh and .ci/spark.sh (not run alone): the virtual
# environment both suites use, with `upskill` installed by pip from this
# checkout when it is missing or older than this tree's.
#
# In:  VENV (the environment's directory), PY_PACKAGES (what the suite needs
#      from PyPI besides `upskill`), PY_REINSTALL (1: always rebuild
#      `upskill`, as .ci/python.sh does to test the checkout; else only when
#      `import upskill` fails or lacks UPSKILL_PROBE, a Python expression).
# Out: "$VENV/bin/python" ready.

# The wheel is built with Cargo's dev profile here (maturin's PEP 517 hook
# reads MATURIN_PEP517_ARGS): the tests check behaviour, not speed, and an
# optimised build of Arrow and Parquet costs minutes of CI's 30. A user's
# `pip install ./crates/upskill-py` builds in release, as maturin does.
export MATURIN_PEP517_ARGS=${MATURIN_PEP517_ARGS:---profile dev}
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install --quiet --upgrade pip
# shellcheck disable=SC2086 # PY_PACKAGES is a list of requirement words
"$VENV/bin/python" -m pip install --quiet $PY_PACKAGES
if [ "${PY_REINSTALL:-0}" = 1 ] ||
  ! "$VENV/bin/python" -c "import upskill; ${UPSKILL_PROBE:-upskill.evaluate}" 2>/dev/null; then
  # --no-cache-dir: the package is rebuilt from this checkout every time.
  "$VENV/bin/python" -m pip install --quiet --no-cache-dir --force-reinstall ./crates/upskill-py
fi
