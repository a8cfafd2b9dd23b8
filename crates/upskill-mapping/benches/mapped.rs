//! Mapped CSV throughput beside canonical CSV (docs/performance.md).
//!
//! `cargo bench -p upskill-mapping --bench mapped`
//!
//! The same 20,000 sessions, written four ways: canonical CSV read by
//! `read_sessions`; the same with naive local start times read with
//! `local_time_zone` (the zone work a foreign export also needs); the
//! canonical columns read through an identity mapping (what the mapping
//! machinery costs by itself); and a foreign layout (renamed columns,
//! `%d/%m/%Y %H:%M` local date-times, `H:MM:SS` durations, a value map,
//! lower-cased ids) read through its mapping.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "bench code: a panic is a failed bench"
)]

use criterion::{Criterion, Throughput, criterion_main};
use upskill_formats::{ReadOptions, read_sessions};
use upskill_mapping::{MapContext, Mapping, read_mapped_sessions};

const ROWS: usize = 20_000;

fn canonical() -> String {
    let mut out = String::from("record_id,learner_id,start,duration_minutes,activity,title\n");
    for i in 0..ROWS {
        out.push_str(&format!(
            "r{i},e{:04},2026-03-{:02}T{:02}:{:02}:00+00:00,{},e_learning,Module {}\n",
            i % 500,
            i % 28 + 1,
            i % 10 + 8,
            i % 60,
            15 + i % 60,
            i % 40
        ));
    }
    out
}

/// The canonical file with naive local start times (read with a zone).
fn canonical_local() -> String {
    canonical().replace(":00+00:00,", ":00,")
}

fn foreign() -> String {
    let mut out = String::from("ID,Employee,Started,Time spent,Type,Course\n");
    for i in 0..ROWS {
        let minutes = 15 + i % 60;
        out.push_str(&format!(
            "r{i},E{:04},{:02}/03/2026 {:02}:{:02},{}:{:02}:00,{},Module {}\n",
            i % 500,
            i % 28 + 1,
            i % 10 + 8,
            i % 60,
            minutes / 60,
            minutes % 60,
            if i % 3 == 0 { "Online Class" } else { "Video" },
            i % 40
        ));
    }
    out
}

const IDENTITY: &str = r#"
schema_version = 1
kind = "sessions"
[fields]
record_id = "record_id"
learner_id = "learner_id"
start = "start"
duration_minutes = "duration_minutes"
activity = "activity"
title = "title"
"#;

const FOREIGN: &str = r#"
schema_version = 1
kind = "sessions"
time_zone = "Europe/London"
[fields]
record_id = "ID"
learner_id = { column = "Employee", case = "lower" }
start = { column = "Started", datetime = "%d/%m/%Y %H:%M" }
duration = { column = "Time spent", duration = "hms" }
activity = { column = "Type", map = { "Online Class" = "e_learning", "Video" = "e_learning" } }
title = "Course"
"#;

fn bench(c: &mut Criterion) {
    let canonical = canonical();
    let canonical_local = canonical_local();
    let foreign = foreign();
    let london = ReadOptions::new().with_local_time_zone(Some(chrono_tz::Europe::London));
    let identity = Mapping::from_toml_str(IDENTITY).unwrap();
    let mapping = Mapping::from_toml_str(FOREIGN).unwrap();
    let mut group = c.benchmark_group("sessions_csv_20k");
    group.throughput(Throughput::Elements(ROWS as u64));
    group.bench_function("canonical", |b| {
        b.iter(|| {
            read_sessions("s.csv", canonical.as_bytes(), None, ReadOptions::new())
                .filter(Result::is_ok)
                .count()
        });
    });
    group.bench_function("canonical_local_time", |b| {
        b.iter(|| {
            read_sessions("s.csv", canonical_local.as_bytes(), None, london)
                .filter(Result::is_ok)
                .count()
        });
    });
    group.bench_function("identity_mapping", |b| {
        b.iter(|| {
            read_mapped_sessions(
                "s.csv",
                canonical.as_bytes(),
                &identity,
                MapContext::new(),
                ReadOptions::new(),
            )
            .unwrap()
            .filter(Result::is_ok)
            .count()
        });
    });
    group.bench_function("foreign_mapping", |b| {
        b.iter(|| {
            read_mapped_sessions(
                "f.csv",
                foreign.as_bytes(),
                &mapping,
                MapContext::new(),
                ReadOptions::new(),
            )
            .unwrap()
            .filter(Result::is_ok)
            .count()
        });
    });
    group.finish();
}

mod group {
    criterion::criterion_group!(benches, super::bench);
}
criterion_main!(group::benches);
