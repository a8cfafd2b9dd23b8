"""The Python package against the CLI: the same dataset gives the same JSON
report byte for byte (parsed: the same value), validation finds the faults
put in a file, and errors are Python exceptions with the library's message.

Run by .ci/python.sh (UPSKILL_ROOT: the repository; UPSKILL_BIN: the CLI)."""

import json
import os
import subprocess
from pathlib import Path

import pytest

import upskill

ROOT = Path(os.environ.get("UPSKILL_ROOT", Path(__file__).resolve().parents[3]))
EXAMPLE = ROOT / "crates" / "upskill-dataset" / "example"
BIN = os.environ.get("UPSKILL_BIN", str(ROOT / "target" / "debug" / "upskill"))
AS_OF = "2026-05-11"


def cli(*args: str) -> str:
    done = subprocess.run([BIN, *args], capture_output=True, text=True)
    assert done.returncode in (0, 1), done.stderr
    return done.stdout


def test_the_package_is_the_installed_one():
    # Not the source folder: the extension module must be importable.
    assert upskill.__version__
    assert hasattr(upskill, "UpskillError")


def test_evaluate_equals_the_cli_json_report():
    args = ["--from", "2026-W10", "--to", "2026-W19", "--as-of", AS_OF]
    expected = cli("evaluate", str(EXAMPLE), *args, "--format", "json", "--quiet")
    report = upskill.evaluate(
        EXAMPLE, from_week="2026-W10", to_week="2026-W19", as_of=AS_OF
    )
    assert report == json.loads(expected)
    assert report["verdict"] in {"met", "not_met", "on_track", "at_risk", "insufficient_data"}
    assert upskill.report(
        EXAMPLE, format="json", from_week="2026-W10", to_week="2026-W19", as_of=AS_OF
    ) == expected


def test_evaluate_examples_data_from_the_root_equals_the_cli():
    # The issue's own words: `evaluate('examples/data', ...)` from the
    # repository's root is the CLI's JSON report (`examples/data` links to
    # the example dataset).
    args = ["--from", "2026-W10", "--to", "2026-W19", "--as-of", AS_OF]
    old = os.getcwd()
    os.chdir(ROOT)
    try:
        expected = cli("evaluate", "examples/data", *args, "--format", "json", "--quiet")
        report = upskill.evaluate(
            "examples/data", from_week="2026-W10", to_week="2026-W19", as_of=AS_OF
        )
    finally:
        os.chdir(old)
    assert report == json.loads(expected)
    assert report["inputs"][0]["name"] == "examples/data/pledge.json"


def test_text_and_html_reports_are_the_cli_renderers():
    text = upskill.report(EXAMPLE, as_of=AS_OF)
    assert text == cli("evaluate", str(EXAMPLE), "--as-of", AS_OF, "--color", "never", "--quiet")
    html = upskill.report(EXAMPLE, format="html", as_of=AS_OF)
    assert html.lstrip().lower().startswith("<!doctype html")
    report = upskill.evaluate(EXAMPLE, as_of=AS_OF)
    assert report._repr_html_() == html


def test_a_report_to_share_has_no_learner_rows():
    full = upskill.evaluate(EXAMPLE, as_of=AS_OF)
    shared = upskill.evaluate(EXAMPLE, as_of=AS_OF, detail="teams")
    assert full["learners"]
    assert not shared.get("learners")
    assert shared["verdict"] == full["verdict"]


def test_validate_locates_every_fault(tmp_path):
    sessions = tmp_path / "sessions.csv"
    sessions.write_text(
        "record_id,learner_id,start,duration_minutes,activity\n"
        "r1,e1,2026-03-02T09:00:00Z,30,course\n"
        "r2,e1,2026-03-02T09:00:00,30,course\n"
        "r3,e1,2026-03-02T09:00:00Z,30,podcast\n"
    )
    result = upskill.validate(sessions)
    assert result["valid"] is False
    problems = result["problems"]
    assert [(p["code"], p["location"]["line"], p["location"]["column"]) for p in problems] == [
        ("S006", 3, 7),
        ("S007", 4, 31),
    ], problems
    assert all(p["severity"] == "error" for p in problems)
    assert upskill.validate(EXAMPLE / "roster.csv")["valid"] is True


def test_errors_are_python_exceptions(tmp_path):
    with pytest.raises(upskill.UpskillError) as raised:
        upskill.evaluate(tmp_path / "nowhere")
    assert "nowhere" in str(raised.value)
    with pytest.raises(ValueError):
        upskill.evaluate(EXAMPLE, detail="everything")
    with pytest.raises(ValueError):
        upskill.evaluate(EXAMPLE, as_of="yesterday")
    with pytest.raises(upskill.UpskillError):
        upskill.evaluate(EXAMPLE, preset="no-such-preset")
    with pytest.raises(ValueError):
        upskill.validate(EXAMPLE / "roster.csv", kind="spreadsheet")
