"""The Spark recipe (examples/spark/assess_spark.py) in Spark local mode
against the CLI: a generated dataset's sessions converted to Parquet, read
by Spark, repartitioned by learner, one `upskill.Assessor` per partition
(`mapInArrow`), the states merged on the driver; the JSON report must be the
text `upskill evaluate --format json` prints for the same Parquet file, byte
for byte, but for what depends on where and in which order the records were
read: `inputs` (empty: no process saw every input), and the order of the
listed rejections and their `location`s (the row of the partition's Arrow
batch rather than of the Parquet file).

Run by .ci/spark.sh (UPSKILL_BIN: the CLI; JAVA_HOME: Java 17)."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import upskill

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
BIN = os.environ.get("UPSKILL_BIN", str(ROOT / "target" / "debug" / "upskill"))
sys.path.insert(0, str(HERE))

import assess_spark  # noqa: E402

LEARNERS, WEEKS, SEED = 120, 6, 17
SETUP = dict(from_week="2026-W10", to_week="2026-W15", as_of="2026-04-13T08:00:00+00:00")
PARTITIONS = 4


def run(*args, ok=(0,)):
    done = subprocess.run(args, capture_output=True, text=True)
    assert done.returncode in ok, f"{args} exited {done.returncode}:\n{done.stderr}"
    return done


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    """(set-up directory, sessions Parquet, the CLI's JSON report text)."""
    base = tmp_path_factory.mktemp("spark")
    generated = base / "generated"
    run(BIN, "generate", str(generated), "--learners", str(LEARNERS), "--weeks", str(WEEKS),
        "--seed", str(SEED))
    parquet = base / "sessions.parquet"
    # --as-text: every cell as written, the bad records too, so that the
    # Parquet file gives every record the fate it gets in the CSV file.
    run(BIN, "convert", "--as-text", str(generated / "sessions.csv"), str(parquet))
    cli = run(BIN, "evaluate", str(generated), "--sessions", str(parquet),
              "--from", SETUP["from_week"], "--to", SETUP["to_week"], "--as-of", SETUP["as_of"],
              "--format", "json", "--quiet", ok=(0, 1))
    return generated, parquet, cli.stdout


@pytest.fixture(scope="module")
def spark():
    session = assess_spark.spark_session("local[2]", "upskill-test")
    # The executors' Python imports `assess_partition` from it.
    session.sparkContext.addPyFile(assess_spark.__file__)
    yield session
    session.stop()


def comparable(text):
    """The report text with `inputs` emptied and the listed rejections
    without their locations, in (code, message) order: what depends on
    where and in which order the records were read. Every other byte is
    kept."""
    text, n = re.subn(r'\n  "inputs": \[\n.*?\n  \],\n', '\n  "inputs": [],\n', text,
                      count=1, flags=re.S)
    assert n == 1 or '\n  "inputs": [],\n' in text, "the report has its inputs"

    def rejections(found):
        items = re.findall(r'      \{\n.*?\n      \}', found.group(2), flags=re.S)
        items = sorted(re.sub(r'^( +"location": )".*",$', r'\1"-",', item, flags=re.M)
                       for item in items)
        return found.group(1) + ",\n".join(items) + found.group(3)

    text, n = re.subn(r'(\n    "rejections": \[\n)(.*?)(\n    \],\n)', rejections, text,
                      count=1, flags=re.S)
    assert n == 1 or '\n    "rejections": [],\n' in text, "the report has its rejections"
    return text


def rejected_locations(text):
    report = json.loads(text)
    return [r["location"] for r in report["ledger"]["rejections"]]


def test_each_partition_ships_one_state_of_its_learners(dataset, spark):
    from pyspark.sql import functions as F

    generated, parquet, expected = dataset
    files = assess_spark.set_up_files(str(generated))
    frame = spark.read.parquet(str(parquet)).repartition(PARTITIONS, "learner_id")
    # Split by learner: each learner's records are in one partition.
    spread = (frame.withColumn("partition", F.spark_partition_id()).groupBy("learner_id")
              .agg(F.countDistinct("partition").alias("n"))
              .agg(F.max("n")).collect()[0][0])
    assert spread == 1
    shipped = spark.sparkContext.broadcast({n: Path(p).read_bytes() for n, p in files.items()})
    rows = frame.mapInArrow(assess_spark.assess_partition(shipped, SETUP),
                            assess_spark.STATE_SCHEMA).collect()
    assert sorted(r["partition"] for r in rows) == list(range(PARTITIONS))
    assert all(bytes(r["state"])[:8] == b"UPSKSTAT" for r in rows)
    assert all(r["records"] > 0 for r in rows)
    assert sum(r["records"] for r in rows) == json.loads(expected)["ledger"]["records_read"]

    # Merged on the driver in two orders: the CLI's report both times.
    driver = assess_spark.make_assessor(files, SETUP)
    texts = []
    for order in (rows, rows[::-1]):
        merged = driver.fork_from_bytes(bytes(order[0]["state"]))
        for row in order[1:]:
            merged.merge(driver.fork_from_bytes(bytes(row["state"])))
        texts.append(merged.finish_json())
    assert comparable(texts[0]) == comparable(texts[1]) == comparable(expected)

    # The fingerprint guard: a driver of another set-up refuses the states.
    other = assess_spark.make_assessor(files, dict(SETUP, as_of="2026-04-14T08:00:00+00:00"))
    with pytest.raises(upskill.StateError) as refused:
        other.fork_from_bytes(bytes(rows[0]["state"]))
    assert refused.value.code == "different_set_up"
    assert driver.records_read == 0


def test_the_recipe_command_gives_the_cli_report(dataset, spark, tmp_path, capsys):
    """`assess_spark.py`'s command line, in this process (it reuses the
    running Spark session, and stops it: this test runs last)."""
    generated, parquet, expected = dataset
    out = tmp_path / "report.json"
    assert assess_spark.main([
        str(generated), str(parquet), "--from", SETUP["from_week"], "--to", SETUP["to_week"],
        "--as-of", SETUP["as_of"], "--master", "local[2]", "--partitions", str(PARTITIONS),
        "--out", str(out)]) == 0
    figures = capsys.readouterr().err
    text = out.read_text(encoding="utf-8")
    report = json.loads(text)
    ledger = report["ledger"]
    assert ledger["records_read"] == json.loads(expected)["ledger"]["records_read"] > 500
    assert ledger["fates"]["rejected"] > 0, "the generated data has bad records"
    assert ledger["fates"]["duplicate"] > 0 and ledger["fates"]["unknown_learner"] > 0
    assert f"partitions={PARTITIONS} records={ledger['records_read']} " in figures
    assert report["inputs"] == []
    # The CLI names the Parquet row, Spark the row of the partition's batch.
    assert all("sessions.parquet[" in loc for loc in rejected_locations(expected))
    assert rejected_locations(text) and all(
        re.fullmatch(r"partition\d+\[\d+\]#/\w+", loc) for loc in rejected_locations(text)
    ), rejected_locations(text)
    assert comparable(text) == comparable(expected)
