#!/usr/bin/env python3
"""Rewrites a generated dataset (`upskill generate ... DIR`) into the layouts
the mapped-CSV measurements of docs/performance.md compare with the
canonical file:

  OUT/foreign/     the sessions in a foreign layout (renamed columns,
                   `%d/%m/%Y %H:%M:%S` wall-clock times in the pledge's zone,
                   `H:MM:SS` durations, upper-case ids, display names for
                   the kinds), read with OUT/foreign.toml;
  OUT/foreign-semicolon/  the same, `;`-separated (dialect detected);
  OUT/semicolon/   the canonical file `;`-separated (delimiter and decimal
                   comma detected);
  OUT/semicolon-utf16/  that in UTF-16 LE with a byte-order mark.

Each directory holds the dataset's other files too, so
`upskill evaluate OUT/foreign --mapping OUT/foreign.toml` reads it. This is
the layout `crates/upskill-dataset/tests/support/foreign.rs` writes.

Usage: python3 scripts/mapped_layouts.py DIR OUT
"""

import csv
import datetime as dt
import json
import shutil
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

KINDS = [
    "e_learning", "course", "webinar", "workshop", "coaching",
    "mentoring", "reading", "conference", "on_the_job", "other",
]


def display(kind):
    return kind.replace("_", " ").upper()


def main(src, out):
    src, out = Path(src), Path(out)
    zone = ZoneInfo(json.loads((src / "pledge.json").read_text())["time_zone"])
    dirs = ["foreign", "foreign-semicolon", "semicolon", "semicolon-utf16"]
    for d in dirs:
        (out / d).mkdir(parents=True, exist_ok=True)
        for f in src.iterdir():
            if f.name != "sessions.csv" and f.is_file():
                shutil.copy(f, out / d / f.name)
    header = ["ID", "Employee", "Started", "Time spent", "Type", "Course",
              "Source", "Skills", "Self-reported"]
    with open(src / "sessions.csv", newline="", encoding="utf-8") as inp, \
            open(out / "foreign/sessions.csv", "w", newline="", encoding="utf-8") as fo, \
            open(out / "foreign-semicolon/sessions.csv", "w", newline="", encoding="utf-8") as fs:
        reader = csv.reader(inp)
        next(reader)
        writers = [csv.writer(fo, lineterminator="\n"),
                   csv.writer(fs, delimiter=";", lineterminator="\n")]
        for w in writers:
            w.writerow(header)
        for r in reader:
            try:
                start = dt.datetime.fromisoformat(r[2].replace("Z", "+00:00"))
                end = dt.datetime.fromisoformat(r[3].replace("Z", "+00:00"))
                seconds = int((end - start).total_seconds())
                started = start.astimezone(zone).strftime("%d/%m/%Y %H:%M:%S")
                spent = f"{seconds // 3600}:{seconds // 60 % 60:02}:{seconds % 60:02}"
            except ValueError:
                started, spent = r[2], "0:30:00"
            row = [r[0], r[1].upper(), started, spent, display(r[4]),
                   r[5], r[6], r[7], r[8]]
            for w in writers:
                w.writerow(row)
    with open(src / "sessions.csv", newline="", encoding="utf-8") as inp:
        rows = list(csv.reader(inp))
    with open(out / "semicolon/sessions.csv", "w", newline="", encoding="utf-8") as f:
        csv.writer(f, delimiter=";", lineterminator="\n").writerows(rows)
    text = (out / "semicolon/sessions.csv").read_text(encoding="utf-8")
    (out / "semicolon-utf16/sessions.csv").write_bytes(
        b"\xff\xfe" + text.encode("utf-16-le"))
    kinds = ", ".join(f'"{display(k)}" = "{k}"' for k in KINDS)
    (out / "foreign.toml").write_text(f'''schema_version = 1
kind = "sessions"
time_zone = "pledge"

[fields]
record_id = "ID"
learner_id = {{ column = "Employee", case = "lower" }}
start = {{ column = "Started", datetime = "%d/%m/%Y %H:%M:%S" }}
duration = {{ column = "Time spent", duration = "hms" }}
activity = {{ column = "Type", map = {{ {kinds} }} }}
title = "Course"
source = "Source"
skill_areas = "Skills"
self_reported = "Self-reported"
''')


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
