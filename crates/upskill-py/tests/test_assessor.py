"""`upskill.Assessor` across processes (issue 17): the example's sessions
split by learner over 2 and 3 worker processes, each state shipped as
bytes, read back and merged in shuffled order, give the report of
`upskill.evaluate` and of the CLI (but for `inputs`, which no worker sees
whole). Bytes of another set-up, truncated or corrupt are `StateError`s
with a code.

Run by .ci/python.sh (UPSKILL_ROOT: the repository; UPSKILL_BIN: the CLI)."""

import csv
import json
import multiprocessing
import os
import random
import re
import subprocess
import zlib
from pathlib import Path

import pytest

import upskill

ROOT = Path(os.environ.get("UPSKILL_ROOT", Path(__file__).resolve().parents[3]))
EXAMPLE = ROOT / "crates" / "upskill-dataset" / "example"
BIN = os.environ.get("UPSKILL_BIN", str(ROOT / "target" / "debug" / "upskill"))
SETUP = dict(from_week="2026-W10", to_week="2026-W19", as_of="2026-05-11")


def example_rows():
    """Every session row of the example: the CSV file's rows (text), then
    the JSON Lines file's (JSON values)."""
    with open(EXAMPLE / "sessions.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    with open(EXAMPLE / "sessions.jsonl", encoding="utf-8") as f:
        rows += [json.loads(line) for line in f if line.strip()]
    return rows


def worker_of(row, n):
    return zlib.crc32(row["learner_id"].encode()) % n


def assess_part(job):
    """A worker process: its rows in, its state out (bytes)."""
    example, rows = job
    part = upskill.Assessor(example, **SETUP)
    assert part.ingest(rows) == len(rows)
    return os.getpid(), part.to_bytes()


def without_inputs(report):
    report = dict(report)
    report.pop("inputs")
    return report


def without_locations(report):
    """The report with its rejections unlocated, in (code, message) order."""
    report = json.loads(json.dumps(report))
    rejections = report["ledger"]["rejections"]
    for r in rejections:
        r.pop("location")
    rejections.sort(key=lambda r: (r["code"], r["message"]))
    return report


@pytest.fixture(scope="module")
def expected():
    report = upskill.evaluate(EXAMPLE, **SETUP)
    assert report["inputs"], "evaluate names its inputs"
    return without_inputs(report)


@pytest.mark.parametrize("n", [2, 3])
def test_states_from_worker_processes_merge_to_the_evaluate_report(n, expected):
    rows = example_rows()
    jobs = [(str(EXAMPLE), [r for r in rows if worker_of(r, n) == w]) for w in range(n)]
    assert all(rows for _, rows in jobs), "every worker has rows"
    with multiprocessing.get_context("spawn").Pool(n) as pool:
        results = pool.map(assess_part, jobs)
    assert len({pid for pid, _ in results}) > 1 or n == 1, "separate processes"
    states = [state for _, state in results]
    for seed in range(3):
        order = list(range(n))
        random.Random(seed).shuffle(order)
        driver = upskill.Assessor(EXAMPLE, **SETUP)
        merged = driver.fork_from_bytes(states[order[0]])
        for i in order[1:]:
            if i % 2:
                part = upskill.Assessor.from_bytes(EXAMPLE, states[i], **SETUP)
            else:
                part = driver.fork_from_bytes(states[i])
            merged.merge(part)
        assert merged.records_read == len(rows)
        report = merged.finish()
        assert report["inputs"] == []
        assert report["ledger"]["rejections"], "the example has rejected rows"
        assert all(r["location"].startswith("rows:") for r in report["ledger"]["rejections"])
        assert without_locations(without_inputs(report)) == without_locations(expected)
        assert report._repr_html_().lstrip().lower().startswith("<!doctype html")


def test_the_merged_report_is_the_cli_json(expected):
    done = subprocess.run(
        [BIN, "evaluate", str(EXAMPLE), "--from", SETUP["from_week"], "--to",
         SETUP["to_week"], "--as-of", SETUP["as_of"], "--format", "json", "--quiet"],
        capture_output=True,
        text=True,
    )
    assert done.returncode in (0, 1), done.stderr
    parts = [upskill.Assessor(EXAMPLE, **SETUP) for _ in range(2)]
    parts[0].ingest(EXAMPLE / "sessions.jsonl")
    parts[1].ingest(EXAMPLE / "sessions.csv")
    shipped = parts[1].fork_from_bytes(parts[0].to_bytes())
    merged = parts[1].merge(shipped).finish()
    assert without_inputs(merged) == without_inputs(json.loads(done.stdout)) == expected
    # finish_json: the CLI's text byte for byte, but for the inputs list.
    text = parts[1].finish_json()
    assert json.loads(text) == merged
    cli_text, n = re.subn(r'\n  "inputs": \[\n.*?\n  \],\n', '\n  "inputs": [],\n', done.stdout,
                          count=1, flags=re.S)
    assert n == 1
    assert text == cli_text


def test_rows_are_read_as_csv_rows(tmp_path):
    part = upskill.Assessor(EXAMPLE / "pledge.json", **SETUP)
    assert part.ingest([
        ("r1", "e0002", "2026-03-03T09:00:00Z", "2026-03-03T10:00:00Z", "course"),
        ("r2", "e0002", "2026-03-03T09:00:00", "2026-03-03T10:00:00Z", "course"),
    ]) == 2
    assert part.ingest(
        [{"record_id": "r3", "learner_id": "e0002", "start": "2026-03-10T09:00:00Z",
          "duration_minutes": 45, "activity": "webinar", "skill_areas": ["data", "digital"],
          "self_reported": False}],
        name="more",
    ) == 1
    assert part.records_read == 3
    ledger = part.finish()["ledger"]
    assert ledger["fates"]["credited"] == 2
    assert ledger["fates"]["rejected"] == 1
    assert [r["location"] for r in ledger["rejections"]] == ["rows:3:10"]
    with pytest.raises(ValueError):
        part.ingest([("r1", "e1", "s", "e", "course", "t", "s", "a", "no", "extra")])
    header_only = tmp_path / "s.csv"
    header_only.write_text("record_id,learner_id\n")
    with pytest.raises(upskill.UpskillError):
        part.ingest(header_only)


def test_bad_bytes_are_state_errors_with_codes():
    part = upskill.Assessor(EXAMPLE, **SETUP)
    part.ingest(EXAMPLE / "sessions.jsonl")
    state = part.to_bytes()
    assert state[:8] == b"UPSKSTAT"
    driver = upskill.Assessor(EXAMPLE, **SETUP)

    def code(data, setup=driver):
        with pytest.raises(upskill.StateError) as raised:
            setup.fork_from_bytes(data)
        assert isinstance(raised.value, upskill.UpskillError)
        return raised.value.code

    assert code(b"not a state at all") == "not_a_state"
    assert code(state[:8] + b"\x07\x00" + state[10:]) == "unsupported_version"
    assert code(state[:-1]) == "wrong_length"
    assert code(state[:100]) == "wrong_length"
    flipped = bytearray(state)
    flipped[len(state) // 2] ^= 0x01
    assert code(bytes(flipped)) == "corrupt"
    other = upskill.Assessor(EXAMPLE, **dict(SETUP, as_of="2026-05-12"))
    assert code(state, other) == "different_set_up"
    with pytest.raises(upskill.StateError) as raised:
        other.merge(part)
    assert raised.value.code == "different_set_up"
    # The refused bytes changed nothing.
    assert driver.records_read == 0


def test_a_set_up_needs_its_period_and_files(tmp_path):
    with pytest.raises(TypeError):
        upskill.Assessor(EXAMPLE, from_week="2026-W10", as_of="2026-05-11")
    with pytest.raises(upskill.UpskillError):
        upskill.Assessor(tmp_path, **SETUP)
    with pytest.raises(ValueError):
        upskill.Assessor(EXAMPLE, **dict(SETUP, as_of="someday"))
    with pytest.raises(upskill.UpskillError):
        upskill.Assessor(EXAMPLE, **dict(SETUP, from_week="2026-W99"))
