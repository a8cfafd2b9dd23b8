#!/usr/bin/env python3
"""Compare `upskill evaluate` with the same weekly aggregation in DuckDB (SQL) and Polars.

Outside CI. Needs `pip install duckdb polars` (scripts/bench.sh makes a
virtual environment under target/ with both) and GNU time (`/usr/bin/time -v`).

    python3 scripts/duckdb_compare.py --records 1000000 [--data /tmp/upskill-duckdb] [--threads 2] [--runs 3] [--no-polars]

What it does:

1. Generates a dataset of about --records session records with
   `upskill generate --bad-share 0 --duplicate-share 0` (52 weeks, seed 7):
   no unreadable records and no repeated records. The generator has no
   option to turn overlapping sessions or records of people outside the
   roster off, so the SQL does what the engine does with them: it drops
   records of learners not in roster.csv and merges overlapping (and
   touching) sessions of one learner into their union before splitting time
   at the Europe/London week boundaries and rounding each learner-week down
   to whole minutes (docs/rules.md, "From records to credited minutes").
   Defaults of the generated pledge (no caps, no minimum, no rounding
   increment, every kind credited) make nothing else apply.
2. Times `upskill evaluate DIR --format text` (the whole assessment: reading,
   engine, verdict, report), the DuckDB query (reading the CSV with
   explicit column types, union, week split, aggregation, writing the
   per-learner-week result to a Parquet file) and the same question as a
   Polars lazy query (same steps, same Parquet output), each in its own
   process under `/usr/bin/time -v`: wall time and peak RSS. With --runs N
   the tools run in turn (upskill, DuckDB, Polars, upskill, ...), N times
   each, and the median of each is shown, with the ratios to DuckDB's.
3. Checks the numbers agree: the total credited minutes of the period
   (upskill's text report against the SQL sum) always, and, with --detail,
   the credited minutes of every learner-week (from upskill's JSON report,
   produced by an extra untimed run; at 10^7 records that report is about
   2 GB).
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PERIOD = ["--from", "2026-W10", "--to", "2027-W08", "--as-of", "2027-03-01T09:00:00+00:00"]
PERIOD_START = "2026-03-02 00:00:00+00"
PERIOD_END = "2027-03-01 00:00:00+00"

SQL = """
SET TimeZone = 'UTC';
SET threads = {threads};
CREATE TEMP TABLE roster AS
  SELECT learner_id FROM read_csv('{roster}', header = true, all_varchar = true);
COPY (
  WITH s AS (
    SELECT s.learner_id,
           greatest(s."start", TIMESTAMPTZ '{start}') AS s_at,
           least(s."end", TIMESTAMPTZ '{end}') AS e_at
    FROM read_csv('{sessions}', header = true, columns = {{
           'record_id': 'VARCHAR', 'learner_id': 'VARCHAR', 'start': 'TIMESTAMPTZ',
           'end': 'TIMESTAMPTZ', 'activity': 'VARCHAR', 'title': 'VARCHAR',
           'source': 'VARCHAR', 'skill_areas': 'VARCHAR', 'self_reported': 'VARCHAR'}}) s
    SEMI JOIN roster r ON s.learner_id = r.learner_id
    WHERE s."end" > TIMESTAMPTZ '{start}' AND s."start" < TIMESTAMPTZ '{end}'
  ),
  -- Interval union per learner: a new island starts where a session starts
  -- after every earlier one has ended (touching sessions merge).
  marked AS (
    SELECT *, CASE WHEN s_at <= max(e_at) OVER (
                  PARTITION BY learner_id ORDER BY s_at, e_at
                  ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
             THEN 0 ELSE 1 END AS new_island
    FROM s
  ),
  islands AS (
    SELECT learner_id, s_at, e_at,
           sum(new_island) OVER (PARTITION BY learner_id ORDER BY s_at, e_at
                                 ROWS UNBOUNDED PRECEDING) AS island
    FROM marked
  ),
  merged AS (
    SELECT learner_id, min(s_at) AS s_at, max(e_at) AS e_at
    FROM islands GROUP BY learner_id, island
  ),
  -- Local Monday-midnight week starts in Europe/London, as instants.
  split AS (
    SELECT learner_id, s_at, e_at,
           unnest(generate_series(
             date_trunc('week', timezone('Europe/London', s_at)),
             date_trunc('week', timezone('Europe/London', e_at - INTERVAL 1 MILLISECOND)),
             INTERVAL 7 DAY)) AS week_local
    FROM merged
  ),
  pieces AS (
    SELECT learner_id, week_local,
           epoch_ms(least(e_at, timezone('Europe/London', week_local + INTERVAL 7 DAY)))
           - epoch_ms(greatest(s_at, timezone('Europe/London', week_local))) AS ms
    FROM split
  )
  SELECT learner_id, strftime(week_local, '%G-W%V') AS week,
         CAST(floor(sum(ms) / 60000) AS BIGINT) AS credited_minutes
  FROM pieces GROUP BY learner_id, week_local
) TO '{out}' (FORMAT parquet);
"""

DUCKDB_RUN = """
import sys, duckdb
con = duckdb.connect()
for statement in open(sys.argv[1]).read().split(';'):
    if statement.strip():
        con.execute(statement)
"""


POLARS_RUN = """
import sys, polars as pl
roster, sessions, out, start, end, threads = sys.argv[1:7]
p0 = pl.lit(start).str.to_datetime(time_zone="UTC")
p1 = pl.lit(end).str.to_datetime(time_zone="UTC")
ts = pl.Datetime("ms", "UTC")
learners = pl.scan_csv(roster, infer_schema=False).select("learner_id")
s = (
    pl.scan_csv(sessions, infer_schema=False)
    .select("learner_id", "start", "end")
    .join(learners, on="learner_id", how="semi")
    .with_columns(
        pl.col("start").str.to_datetime(time_zone="UTC", time_unit="ms"),
        pl.col("end").str.to_datetime(time_zone="UTC", time_unit="ms"),
    )
    .filter((pl.col("end") > p0) & (pl.col("start") < p1))
    .select(
        "learner_id",
        pl.max_horizontal(pl.col("start"), p0).cast(ts).alias("s_at"),
        pl.min_horizontal(pl.col("end"), p1).cast(ts).alias("e_at"),
    )
    .sort("learner_id", "s_at", "e_at")
    # Interval union per learner: a new island starts where a session
    # starts after every earlier one has ended (touching sessions merge).
    .with_columns(
        pl.col("e_at").cum_max().shift(1).over("learner_id").alias("reach")
    )
    .with_columns(
        (pl.col("reach").is_null() | (pl.col("s_at") > pl.col("reach")))
        .cast(pl.UInt32)
        .cum_sum()
        .over("learner_id")
        .alias("island")
    )
    .group_by("learner_id", "island")
    .agg(pl.col("s_at").min(), pl.col("e_at").max())
    # Local Monday-midnight week starts in Europe/London, as instants.
    .with_columns(
        pl.datetime_ranges(
            pl.col("s_at").dt.convert_time_zone("Europe/London").dt.replace_time_zone(None).dt.truncate("1w"),
            (pl.col("e_at") - pl.duration(milliseconds=1))
            .dt.convert_time_zone("Europe/London").dt.replace_time_zone(None).dt.truncate("1w"),
            interval="1w",
        ).alias("week_local")
    )
    .explode("week_local")
    .with_columns(
        pl.col("week_local").dt.replace_time_zone("Europe/London").dt.convert_time_zone("UTC").cast(ts).alias("w0"),
        (pl.col("week_local") + pl.duration(days=7))
        .dt.replace_time_zone("Europe/London").dt.convert_time_zone("UTC").cast(ts).alias("w1"),
    )
    .with_columns(
        (pl.min_horizontal("e_at", "w1") - pl.max_horizontal("s_at", "w0"))
        .dt.total_milliseconds()
        .alias("ms")
    )
    .group_by("learner_id", "week_local")
    .agg(pl.col("ms").sum())
    .select(
        "learner_id",
        pl.col("week_local").dt.strftime("%G-W%V").alias("week"),
        (pl.col("ms") // 60000).cast(pl.Int64).alias("credited_minutes"),
    )
)
s.sink_parquet(out)
"""


def timed(cmd, env=None):
    """Runs cmd under /usr/bin/time -v: (wall seconds, peak RSS MiB, stdout)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as t:
        proc = subprocess.run(["/usr/bin/time", "-v", "-o", t.name] + cmd,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True)
        report = t.read()
    if proc.returncode not in (0, 1):
        sys.exit(f"{cmd[0]} failed ({proc.returncode}): {proc.stderr[-2000:]}")
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", report).group(1)
    parts = [float(p) for p in wall.split(":")]
    seconds = sum(p * 60 ** i for i, p in enumerate(reversed(parts)))
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", report).group(1)) / 1024
    return seconds, rss, proc.stdout


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--records", type=float, default=1e6)
    parser.add_argument("--data", default="/tmp/upskill-duckdb")
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--runs", type=int, default=1,
                        help="timed runs of each, in turn; the median is shown")
    parser.add_argument("--no-polars", action="store_true", help="leave Polars out")
    parser.add_argument("--binary", help="the upskill binary (default: build target/release/upskill)")
    parser.add_argument("--detail", action="store_true",
                        help="also compare every learner-week (needs upskill's JSON report)")
    args = parser.parse_args()

    if args.binary:
        binary = os.path.abspath(args.binary)
    else:
        subprocess.run(["cargo", "build", "--release", "-q", "-p", "upskill-cli"], cwd=ROOT, check=True)
        binary = os.path.join(ROOT, "target", "release", "upskill")
    learners = round(args.records / (1.088 * 52))
    data = os.path.join(args.data, f"n{learners}")
    if not os.path.exists(os.path.join(data, "sessions.csv")):
        subprocess.run([binary, "generate", "--force", "--learners", str(learners), "--weeks", "52", "--seed", "7",
                        "--bad-share", "0", "--duplicate-share", "0", data], check=True,
                       stdout=subprocess.DEVNULL)
    sessions = os.path.join(data, "sessions.csv")
    with open(sessions, "rb") as f:
        records = sum(chunk.count(b"\n") for chunk in iter(lambda: f.read(1 << 24), b"")) - 1
    size = os.path.getsize(sessions) / 1e6

    env = dict(os.environ, UPSKILL_THREADS=str(args.threads))
    text_out = os.path.join(args.data, "report.txt")
    out = os.path.join(args.data, "duckdb.parquet")
    polars_out = os.path.join(args.data, "polars.parquet")
    sql_file = os.path.join(args.data, "compare.sql")
    with open(sql_file, "w") as f:
        f.write(SQL.format(threads=args.threads, roster=os.path.join(data, "roster.csv"),
                           sessions=sessions, start=PERIOD_START, end=PERIOD_END, out=out))
    tools = {
        "upskill": ([binary, "evaluate", data] + PERIOD + ["--format", "text", "--out", text_out], env),
        "duckdb": ([sys.executable, "-c", DUCKDB_RUN, sql_file], None),
    }
    if not args.no_polars:
        tools["polars"] = ([sys.executable, "-c", POLARS_RUN, os.path.join(data, "roster.csv"), sessions,
                            polars_out, "2026-03-02T00:00:00Z", "2027-03-01T00:00:00Z", str(args.threads)],
                           dict(os.environ, POLARS_MAX_THREADS=str(args.threads)))
    runs = {name: [] for name in tools}
    for _ in range(args.runs):
        for name, (cmd, cmd_env) in tools.items():
            runs[name].append(timed(cmd, cmd_env))

    def median(name):
        walls = sorted(r[0] for r in runs[name])
        rss = sorted(r[1] for r in runs[name])
        return walls[len(walls) // 2], rss[len(rss) // 2]

    up, duck = median("upskill"), median("duckdb")
    with open(text_out) as f:
        text = f.read()
    up_total = int(re.search(r"minutes\s+([\d,]+) credited", text).group(1).replace(",", ""))

    import duckdb
    con = duckdb.connect()
    rows = con.execute(f"SELECT learner_id, week, credited_minutes FROM '{out}'").fetchall()
    duck_total = sum(r[2] for r in rows)
    polars_rows = None
    if not args.no_polars:
        polars_rows = con.execute(f"SELECT learner_id, week, credited_minutes FROM '{polars_out}'").fetchall()

    print(f"records: {records:,} ({size:.0f} MB sessions.csv, {learners:,} learners x 52 weeks), "
          f"threads: {args.threads}")
    print(f"machine: {os.cpu_count()} cores, "
          + next((l.split(':', 1)[1].strip() for l in open('/proc/cpuinfo') if l.startswith('model name')), '?'))
    versions = f"duckdb {duckdb.__version__}"
    if not args.no_polars:
        import polars
        versions += f", polars {polars.__version__}"
    print(versions + f"; median of {args.runs} run(s) each, in turn")
    print()
    print("| tool | wall | peak RSS | wall / DuckDB | peak RSS / DuckDB | credited minutes (period) |")
    print("|---|---:|---:|---:|---:|---:|")

    def row(label, figures, total):
        print(f"| {label} | {figures[0]:.2f} s | {figures[1]:.0f} MiB | {figures[0] / duck[0]:.2f} "
              f"| {figures[1] / duck[1]:.2f} | {total:,} |")

    row("upskill evaluate --format text", up, up_total)
    row("DuckDB SQL (python3 -c, CSV -> Parquet)", duck, duck_total)
    ok = up_total == duck_total
    if polars_rows is not None:
        polars_total = sum(r[2] for r in polars_rows)
        row("Polars lazy query (python3 -c, CSV -> Parquet)", median("polars"), polars_total)
        ok = ok and polars_total == duck_total
        theirs = {(r[0], r[1]): r[2] for r in rows if r[2]}
        polars_map = {(r[0], r[1]): r[2] for r in polars_rows if r[2]}
        print(f"\nPolars and DuckDB learner-weeks agree: {theirs == polars_map}")
        ok = ok and theirs == polars_map
    print()
    print(f"total credited minutes agree: {ok}")

    if args.detail:
        json_out = os.path.join(args.data, "report.json")
        subprocess.run([binary, "evaluate", data] + PERIOD + ["--format", "json", "--out", json_out],
                       env=env, stderr=subprocess.DEVNULL)
        with open(json_out) as f:
            report = json.load(f)
        ours = {(l["learner_id"], w["week"]): w["credited_minutes"]
                for l in report["learners"] for w in l["weeks"] if w["credited_minutes"]}
        theirs = {(r[0], r[1]): r[2] for r in rows if r[2]}
        differ = [k for k in ours.keys() | theirs.keys() if ours.get(k) != theirs.get(k)]
        print(f"learner-weeks with credited minutes: upskill {len(ours):,}, DuckDB {len(theirs):,}; "
              f"differing: {len(differ):,}")
        for k in sorted(differ)[:10]:
            print(f"  {k}: upskill {ours.get(k)}, DuckDB {theirs.get(k)}")
        ok = ok and not differ
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
