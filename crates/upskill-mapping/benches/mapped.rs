//! Mapped CSV throughput beside canonical CSV (docs/performance.md).
//!
//! `cargo bench -p upskill-mapping --bench mapped`
//!
//! The same 20,000 sessions, written six ways: canonical CSV read by
//! `read_sessions`; the same with naive local start times read with
//! `local_time_zone` (the zone work a foreign export also needs); the same
//! `;`-separated, and `;`-separated in UTF-16 LE (dialect and encoding
//! detected); the
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

include!("support/data.rs");

fn bench(c: &mut Criterion) {
    let canonical = canonical();
    let canonical_local = canonical_local();
    let foreign = foreign();
    let london = ReadOptions::new().with_local_time_zone(Some(chrono_tz::Europe::London));
    // The same canonical file as German Excel writes it: `;`-separated
    // (detected), then also UTF-16 LE with a byte-order mark (detected).
    let semicolon = canonical.replace(',', ";");
    let mut semicolon_utf16 = vec![0xFF, 0xFE];
    for unit in semicolon.encode_utf16() {
        semicolon_utf16.extend_from_slice(&unit.to_le_bytes());
    }
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
    group.bench_function("canonical_semicolon", |b| {
        b.iter(|| {
            read_sessions("s.csv", semicolon.as_bytes(), None, ReadOptions::new())
                .filter(Result::is_ok)
                .count()
        });
    });
    group.bench_function("canonical_semicolon_utf16", |b| {
        b.iter(|| {
            read_sessions(
                "s.csv",
                semicolon_utf16.as_slice(),
                None,
                ReadOptions::new(),
            )
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
