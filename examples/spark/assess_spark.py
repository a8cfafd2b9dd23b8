"""Judge a pledge with Spark: sessions from Parquet, one `upskill.Assessor`
per partition, the partial states merged on the driver.

    python examples/spark/assess_spark.py DATASET_DIR SESSIONS.parquet \\
        --from 2026-W10 --to 2026-W13 --as-of 2026-03-30T08:00:00+00:00 \\
        --master 'local[2]' --out report.json

DATASET_DIR holds the set-up files (pledge.json, roster.csv, and leave.csv
and holidays.csv when present); SESSIONS.parquet is a Parquet file or a
directory of Parquet files with the sessions columns of docs/formats.md
(`upskill convert sessions.csv sessions.parquet` writes one).

What runs where (docs/scale.md, "Spark"):

* the driver ships the set-up files' bytes once to every executor (a
  broadcast variable); each partition writes them to a temporary directory
  to make its Assessor;
* Spark reads the Parquet, `repartition`s the rows by `learner_id` (so each
  partition's state holds only its own learners' records) and runs
  `assess_partition` on each partition with `mapInArrow`: one
  `upskill.Assessor` per partition ingests the partition's Arrow record
  batches and yields one row, its partial state (`Assessor.to_bytes`, a few
  bytes per learner and about 23 per record kept);
* the driver collects the states, reads each back with
  `Assessor.fork_from_bytes` (which refuses a state of another set-up or
  upskill version: its fingerprint guard), `merge`s them in any order and
  `finish`es: the JSON report of `upskill evaluate --format json` on the
  same records, period and as-of, but for `inputs` (empty here) and the
  listed rejections: their `location`s name rows of the partitions' Arrow
  batches, not of the Parquet file, and they are listed in merge order.

Every executor needs the `upskill` wheel installed (`pip install
./crates/upskill-py`, or the built wheel) and pyarrow; the driver too.
"""

from __future__ import annotations

import argparse
import itertools
import os
import sys
import tempfile
import time
from typing import Any, Callable, Dict, Iterator, List, Optional, Tuple

import pyarrow as pa

import upskill

#: The set-up files of a dataset directory, in the order the Assessor takes
#: them; leave and holidays are optional.
SET_UP_FILES = ("pledge.json", "roster.csv", "leave.csv", "holidays.csv")

#: The schema of `mapInArrow`'s output: one row per partition.
STATE_SCHEMA = "partition INT, records LONG, state BINARY"


def set_up_files(dataset: str) -> Dict[str, str]:
    """The set-up files present in `dataset`: name -> path."""
    found = {}
    for name in SET_UP_FILES:
        path = os.path.join(dataset, name)
        if os.path.isfile(path):
            found[name] = path
    for required in SET_UP_FILES[:2]:
        if required not in found:
            raise FileNotFoundError(f"`{os.path.join(dataset, required)}` is missing")
    return found


def make_assessor(files: Dict[str, str], setup: Dict[str, str]) -> "upskill.Assessor":
    """An `upskill.Assessor` of the set-up files `files` (name -> local
    path) judging with `setup` (from_week, to_week, as_of, detail)."""
    return upskill.Assessor(
        files["pledge.json"],
        roster=files["roster.csv"],
        leave=files.get("leave.csv"),
        holidays=files.get("holidays.csv"),
        **setup,
    )


def assess_partition(
    shipped: Any, setup: Dict[str, str]
) -> Callable[[Iterator[pa.RecordBatch]], Iterator[pa.RecordBatch]]:
    """The function `mapInArrow` runs on each partition (on an executor):
    the set-up files come from the broadcast variable `shipped` (name ->
    bytes) and are written to a temporary directory, one Assessor ingests
    the partition's record batches (`Assessor.ingest_arrow`), and one row
    comes out: the
    partition's index, the records read and the state's bytes."""

    def run(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        from pyspark import TaskContext

        # The set-up is read once, when the Assessor is made: the files
        # need to exist only for that.
        with tempfile.TemporaryDirectory(prefix="upskill-setup-") as local:
            files = {}
            for name, data in shipped.value.items():
                files[name] = os.path.join(local, name)
                with open(files[name], "wb") as f:
                    f.write(data)
            part = make_assessor(files, setup)
        context = TaskContext.get()
        index = context.partitionId() if context is not None else -1
        records = 0
        first = next(batches, None)
        if first is not None:
            # The partition's batches as one stream, read in Rust through
            # the Arrow C stream interface; a rejected row is located at
            # `partitionI[N]`, row N of partition I.
            stream = pa.RecordBatchReader.from_batches(
                first.schema, itertools.chain([first], batches))
            records = part.ingest_arrow(stream, name=f"partition{index}")
        yield pa.RecordBatch.from_pydict(
            {"partition": [index], "records": [records], "state": [part.to_bytes()]},
            schema=pa.schema(
                [("partition", pa.int32()), ("records", pa.int64()), ("state", pa.binary())]
            ),
        )

    return run


def spark_session(master: str, app_name: str = "upskill", conf: Optional[Dict[str, str]] = None):
    """A SparkSession for `master` (`local[2]`, or a cluster's URL), with
    Arrow batches between the JVM and Python. Local mode binds the driver to
    127.0.0.1, runs no web UI, and runs its Python workers with this
    Python unless `PYSPARK_PYTHON` names another."""
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.master(master).appName(app_name)
    settings = {
        "spark.sql.execution.arrow.pyspark.enabled": "true",
        "spark.ui.enabled": "false",
        "spark.sql.shuffle.partitions": "8",
    }
    if master.startswith("local"):
        # Local mode's Python workers run this Python (the one with
        # upskill), unless PYSPARK_PYTHON says otherwise.
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        settings["spark.driver.host"] = "127.0.0.1"
        settings["spark.driver.bindAddress"] = "127.0.0.1"
    settings.update(conf or {})
    for key, value in settings.items():
        builder = builder.config(key, value)
    return builder.getOrCreate()


def assess(
    spark: Any,
    dataset: str,
    sessions: str,
    setup: Dict[str, str],
    partitions: Optional[int] = None,
) -> Tuple["upskill.Assessor", Dict[str, Any]]:
    """Runs the job: returns the driver's merged Assessor (call `finish`
    or `finish_json`) and figures of the run (partitions, records, state
    bytes, seconds)."""
    files = set_up_files(dataset)
    context = spark.sparkContext
    if __name__ != "__main__":
        # Imported as a module: the executors' Python needs it to unpickle
        # `assess_partition`'s function (as a script, it is sent by value).
        context.addPyFile(os.path.abspath(__file__))
    contents = {}
    for name, path in files.items():
        with open(path, "rb") as f:
            contents[name] = f.read()
    # Sent once to each executor (not with every task), kept there for
    # every partition it runs.
    shipped = context.broadcast(contents)

    started = time.perf_counter()
    frame = spark.read.parquet(sessions)
    if partitions is None:
        partitions = max(2, context.defaultParallelism)
    frame = frame.repartition(partitions, "learner_id")
    rows = frame.mapInArrow(assess_partition(shipped, setup), STATE_SCHEMA).collect()
    assessed = time.perf_counter()
    shipped.destroy()

    whole = make_assessor(files, setup)
    for row in rows:  # any order: merging is associative and commutative
        whole.merge(whole.fork_from_bytes(bytes(row["state"])))
    merged = time.perf_counter()
    figures = {
        "partitions": len(rows),
        "records": sum(row["records"] for row in rows),
        "state_bytes": sum(len(row["state"]) for row in rows),
        "spark_seconds": round(assessed - started, 3),
        "merge_seconds": round(merged - assessed, 3),
    }
    return whole, figures


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dataset", help="directory of pledge.json, roster.csv, leave.csv, holidays.csv")
    parser.add_argument("sessions", help="the sessions Parquet file or directory")
    parser.add_argument("--from", dest="from_week", required=True, help="first week, like 2026-W10")
    parser.add_argument("--to", dest="to_week", required=True, help="last week")
    parser.add_argument("--as-of", required=True, help="RFC 3339 instant or a date")
    parser.add_argument("--detail", default="learners", choices=["learners", "teams", "none"])
    parser.add_argument("--master", default="local[2]", help="Spark master [local[2]]")
    parser.add_argument("--partitions", type=int, help="partitions by learner [the default parallelism, at least 2]")
    parser.add_argument("--out", help="write the JSON report here [standard output]")
    parser.add_argument("--conf", action="append", default=[], metavar="KEY=VALUE",
                        help="a Spark setting, such as spark.driver.memory=4g (repeatable)")
    args = parser.parse_args(argv)
    conf = {}
    for setting in args.conf:
        key, sep, value = setting.partition("=")
        if not sep:
            parser.error(f"--conf `{setting}`: expected KEY=VALUE")
        conf[key] = value

    setup = dict(from_week=args.from_week, to_week=args.to_week, as_of=args.as_of, detail=args.detail)
    spark = spark_session(args.master, conf=conf)
    try:
        started = time.perf_counter()
        whole, figures = assess(spark, args.dataset, args.sessions, setup, args.partitions)
        text = whole.finish_json()
        figures["finish_seconds"] = round(time.perf_counter() - started - figures["spark_seconds"] - figures["merge_seconds"], 3)
        figures["total_seconds"] = round(time.perf_counter() - started, 3)
    finally:
        spark.stop()
    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            f.write(text)
    else:
        sys.stdout.write(text)
    print(" ".join(f"{k}={v}" for k, v in figures.items()), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
