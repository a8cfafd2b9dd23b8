"""Arrow tables in (issue 17): `Assessor.ingest_arrow` reads pyarrow,
Polars and pandas tables through the Arrow C stream interface with the
CSV reader's codes and ledger fates; `upskill.assess` judges tables and
returns the report of `upskill.evaluate` on the same data, with the
per-learner-week detail and the ledger as pyarrow tables.

Run by .ci/python.sh (UPSKILL_ROOT: the repository; UPSKILL_BIN: the CLI),
whose virtual environment has pyarrow, pandas and Polars."""

import json
import os
import shutil
import subprocess
import zlib
from pathlib import Path

import pytest

import upskill

pa = pytest.importorskip("pyarrow")
pd = pytest.importorskip("pandas")
pl = pytest.importorskip("polars")

ROOT = Path(os.environ.get("UPSKILL_ROOT", Path(__file__).resolve().parents[3]))
EXAMPLE = ROOT / "crates" / "upskill-dataset" / "example"
BIN = os.environ.get("UPSKILL_BIN", str(ROOT / "target" / "debug" / "upskill"))
SETUP = dict(from_week="2026-W10", to_week="2026-W19", as_of="2026-05-11")

# Two bad rows among good ones: an unknown activity, an end before its start.
BAD_ROWS = [
    ("b1", "e0002", "2026-03-03T09:00:00Z", "2026-03-03T10:00:00Z", "course"),
    ("b2", "e0002", "2026-03-04T09:00:00Z", "2026-03-04T09:30:00Z", "nap"),
    ("b3", "e0003", "2026-03-05T09:00:00Z", "2026-03-05T08:00:00Z", "reading"),
    ("b4", "e0003", "2026-03-06T09:00:00Z", "2026-03-06T09:45:00Z", "webinar"),
]
BAD_COLUMNS = ["record_id", "learner_id", "start", "end", "activity"]


def csv_dataset(tmp, sessions="sessions.csv"):
    """The example's reference files and one sessions CSV file, so that
    `evaluate` on the directory reads what a table holds."""
    for name in ("pledge.json", "roster.csv", "leave.csv", "holidays.csv"):
        shutil.copy(EXAMPLE / name, tmp / name)
    shutil.copy(EXAMPLE / sessions, tmp / "sessions.csv")
    return tmp


def without_inputs(report):
    report = dict(report)
    report.pop("inputs")
    return report


def unlocated(report):
    """The report with its rejections unlocated, in (code, message) order."""
    report = json.loads(json.dumps(report))
    report.pop("inputs", None)
    for r in report["ledger"]["rejections"]:
        r.pop("location")
    report["ledger"]["rejections"].sort(key=lambda r: (r["code"], r["message"]))
    return report


def tables(path):
    """The CSV file at `path` as a pyarrow Table, a Polars and a pandas
    DataFrame, every column read as text (the cells as the file has them)."""
    return {
        "pyarrow": pa.csv.read_csv(
            path,
            convert_options=pa.csv.ConvertOptions(
                column_types={n: pa.string() for n in open(path).readline().strip().split(",")},
                strings_can_be_null=True,
            ),
        ),
        "polars": pl.read_csv(path, infer_schema=False),
        "pandas": pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""]),
    }


import pyarrow.csv  # noqa: E402  (pa.csv)


@pytest.mark.parametrize("kind", ["pyarrow", "polars", "pandas"])
def test_ingest_arrow_equals_ingesting_the_csv_file(kind):
    table = tables(EXAMPLE / "sessions.csv")[kind]
    by_table = upskill.Assessor(EXAMPLE, **SETUP)
    assert by_table.ingest_arrow(table) == 1393
    by_file = upskill.Assessor(EXAMPLE, **SETUP)
    by_file.ingest(EXAMPLE / "sessions.csv")
    got, want = by_table.finish(), by_file.finish()
    assert got["ledger"]["rejections"], "the example has rejected rows"
    assert all(r["location"].startswith("sessions[") for r in got["ledger"]["rejections"])
    assert unlocated(got) == unlocated(want)


def test_natural_types_read_as_their_text():
    """pandas with parsed timestamps and integer minutes, Polars with
    booleans: the same records as the text."""
    frame = pd.DataFrame({
        "record_id": ["n1", "n2"],
        "learner_id": ["e0002", "e0003"],
        "start": pd.to_datetime(["2026-03-03T09:00:00Z", "2026-03-04T09:00:00Z"], utc=True),
        "duration_minutes": [45, 90],
        "activity": ["course", "webinar"],
        "title": [float("nan"), float("nan")],  # an empty column, as read_csv gives it
        "self_reported": [False, True],
    })
    part = upskill.Assessor(EXAMPLE, **SETUP)
    assert part.ingest_arrow(frame, name="frame") == 2
    ledger = part.finish()["ledger"]
    assert ledger["fates"]["credited"] == 2, ledger
    text = upskill.Assessor(EXAMPLE, **SETUP)
    text.ingest([
        ("n1", "e0002", "2026-03-03T09:00:00+00:00", "45", "course", "", "false"),
        ("n2", "e0003", "2026-03-04T09:00:00+00:00", "90", "webinar", "", "true"),
    ], columns=["record_id", "learner_id", "start", "duration_minutes", "activity", "title", "self_reported"])
    assert part.finish()["metrics"] == text.finish()["metrics"]
    # A RecordBatch and a RecordBatchReader are tables too.
    batch = pa.RecordBatch.from_pandas(frame.drop(columns=["title"]), preserve_index=False)
    assert upskill.Assessor(EXAMPLE, **SETUP).ingest_arrow(batch) == 2
    reader = pa.RecordBatchReader.from_batches(batch.schema, [batch, batch])
    assert upskill.Assessor(EXAMPLE, **SETUP).ingest_arrow(reader) == 4


def test_bad_rows_are_rejected_at_their_row_and_bad_tables_raise_with_codes():
    table = pa.table({c: [r[i] for r in BAD_ROWS] for i, c in enumerate(BAD_COLUMNS)})
    part = upskill.Assessor(EXAMPLE, **SETUP)
    assert part.ingest_arrow(table, name="mine") == 4
    ledger = part.finish()["ledger"]
    assert ledger["fates"]["rejected"] == 2
    assert sorted((r["location"], r["code"]) for r in ledger["rejections"]) == [
        ("mine[1]#/activity", "S007"),
        ("mine[2]#/end", "S012"),
    ]
    # A column of a type it is not read from: F020, no row read, no panic.
    wrong = table.set_column(2, "start", pa.array([1.5, 2.5, 3.5, 4.5]))
    with pytest.raises(upskill.UpskillError) as raised:
        part.ingest_arrow(wrong)
    assert raised.value.code == "F020"
    assert "F020" in str(raised.value) and "`start`" in str(raised.value)
    # A missing column: F008.
    with pytest.raises(upskill.UpskillError) as raised:
        part.ingest_arrow(table.drop(["start"]))
    assert raised.value.code == "F008"
    assert part.records_read == 4
    with pytest.raises(TypeError):
        part.ingest_arrow([{"record_id": "x"}])


@pytest.mark.parametrize("kind", ["pyarrow", "polars", "pandas"])
def test_ingest_arrow_split_over_two_assessors_then_merged_equals_one(kind):
    table = tables(EXAMPLE / "sessions.csv")["pyarrow"]
    learners = table.column("learner_id").to_pylist()
    halves = [
        table.filter(pa.array([zlib.crc32(l.encode()) % 2 == w for l in learners]))
        for w in range(2)
    ]
    assert all(h.num_rows for h in halves)
    convert = {"pyarrow": lambda t: t, "polars": pl.from_arrow, "pandas": lambda t: t.to_pandas()}[kind]
    parts = [upskill.Assessor(EXAMPLE, **SETUP) for _ in halves]
    for part, half in zip(parts, halves):
        part.ingest_arrow(convert(half))
    shipped = parts[0].fork_from_bytes(parts[1].to_bytes())
    merged = parts[0].merge(shipped)
    one = upskill.Assessor(EXAMPLE, **SETUP)
    one.ingest_arrow(table)
    assert merged.records_read == one.records_read == table.num_rows
    assert unlocated(merged.finish()) == unlocated(one.finish())


def generated(tmp):
    """A dataset written by `upskill generate` (sessions in one CSV file)."""
    out = tmp / "generated"
    done = subprocess.run(
        [BIN, "generate", str(out), "--learners", "60", "--weeks", "6", "--seed", "7",
         "--bad-share", "0.02", "--quiet"],
        capture_output=True, text=True,
    )
    assert done.returncode == 0, done.stderr
    assert not (out / "sessions.jsonl").exists()
    return out


def as_kind(path, kind):
    return tables(path)[kind]


@pytest.mark.parametrize("kind", ["pyarrow", "polars", "pandas"])
@pytest.mark.parametrize("dataset", ["example", "generated"])
def test_assess_over_tables_equals_evaluate_on_the_files(kind, dataset, tmp_path):
    data = csv_dataset(tmp_path) if dataset == "example" else generated(tmp_path)
    holidays = data / "holidays.csv" if (data / "holidays.csv").exists() else None
    leave = as_kind(data / "leave.csv", kind) if (data / "leave.csv").exists() else None
    for period in (SETUP, dict(as_of=SETUP["as_of"])):  # given, then from the data
        expected = upskill.evaluate(data, **period)
        result = upskill.assess(
            data / "pledge.json",
            as_kind(data / "roster.csv", kind),
            as_kind(data / "sessions.csv", kind),
            leave=leave,
            holidays=holidays,
            **period,
        )
        assert isinstance(result, upskill.Assessment)
        report = result.report
        assert report["ledger"]["fates"]["rejected"] > 0, "bad rows are in the data"
        assert unlocated(report) == unlocated(expected)
        assert [i["name"] for i in report["inputs"]][:2] == ["pledge.json", "roster"] or report["inputs"]
        # The CLI's JSON report says the same.
        cli = subprocess.run(
            [BIN, "evaluate", str(data), "--as-of", period["as_of"], "--format", "json", "--quiet"]
            + (["--from", period["from_week"], "--to", period["to_week"]] if "from_week" in period else []),
            capture_output=True, text=True,
        )
        assert cli.returncode in (0, 1), cli.stderr
        assert unlocated(json.loads(cli.stdout)) == unlocated(report)


def test_learner_weeks_and_ledger_are_tables_with_proper_dtypes():
    sessions = pa.table({c: [r[i] for r in BAD_ROWS] for i, c in enumerate(BAD_COLUMNS)})
    result = upskill.assess(
        {**json.loads((EXAMPLE / "pledge.json").read_text())},
        EXAMPLE / "roster.csv",
        sessions,
        leave=EXAMPLE / "leave.csv",
        **SETUP,
    )
    report = result.report
    weeks = result.learner_weeks
    assert weeks.num_rows == sum(len(l["weeks"]) for l in report["learners"]) == 150 * 10
    assert weeks.column_names == [
        "learner_id", "team", "week", "week_start", "required_minutes", "credited_minutes",
        "carried_in_minutes", "status", "missing_minutes", "reason", "open",
    ]
    assert weeks.schema.field("week_start").type == pa.timestamp("ms", tz="UTC")
    # The ledger accounts for every record, the bad rows included.
    ledger = result.ledger
    assert ledger.num_rows == report["ledger"]["records_read"] == 4
    fates = ledger.column("fate").to_pylist()
    assert fates.count("rejected") == 2 == report["ledger"]["fates"]["rejected"]
    assert sorted(ledger.column("location").to_pylist()) == [
        "sessions[0]", "sessions[1]#/activity", "sessions[2]#/end", "sessions[3]",
    ]
    frame = result.learner_weeks_pandas()
    assert len(frame) == 1500
    assert str(frame["week_start"].dtype) == "datetime64[ns, UTC]"
    assert frame["week"].iloc[0] == "2026-W10"
    assert frame["week_start"].iloc[0] == pd.Timestamp("2026-03-02T00:00:00Z")
    assert isinstance(frame["status"].dtype, pd.CategoricalDtype)
    assert set(frame["status"].cat.categories) == {"met", "short", "exempt", "not_employed"}
    assert str(frame["required_minutes"].dtype) == "uint32"
    assert str(frame["credited_minutes"].dtype) == "uint64"
    assert str(frame["missing_minutes"].dtype) == "float64"
    assert frame["open"].dtype == bool
    # A week in summer time starts at 23:00 UTC the day before (Europe/London).
    w14 = frame[frame["week"] == "2026-W14"]["week_start"].iloc[0]
    assert w14 == pd.Timestamp("2026-03-29T23:00:00Z")


def test_a_bad_table_in_assess_raises_with_its_code():
    roster = pa.table({"learner_id": ["e1"], "start_date": pa.array([1.5])})
    with pytest.raises(upskill.UpskillError) as raised:
        upskill.assess(EXAMPLE / "pledge.json", roster, EXAMPLE / "sessions.csv", **SETUP)
    assert raised.value.code == "F020"
    with pytest.raises(TypeError):
        upskill.assess(EXAMPLE / "pledge.json", 42, EXAMPLE / "sessions.csv", **SETUP)
    with pytest.raises(TypeError):
        upskill.assess(42, EXAMPLE / "roster.csv", EXAMPLE / "sessions.csv", **SETUP)


def test_the_assessment_shows_as_escaped_html_in_a_notebook():
    pledge = json.loads((EXAMPLE / "pledge.json").read_text())
    pledge["organisation"]["name"] = "Smith & <b>Sons</b>"
    result = upskill.assess(
        pledge, EXAMPLE / "roster.csv", EXAMPLE / "sessions.csv", leave=EXAMPLE / "leave.csv", **SETUP
    )
    page = result._repr_html_()
    assert "Smith &amp; &lt;b&gt;Sons&lt;/b&gt;" in page
    assert "<b>Sons</b>" not in page
    assert f">{result.verdict}<" in page
    assert "learners eligible" in page and ">149<" in page
    assert page.count("<tr>") >= 10 + len(result.report["metrics"])
    assert "2026-W19" in page
    assert "<!doctype" not in page.lower()
    assert "verdict=" in repr(result)
