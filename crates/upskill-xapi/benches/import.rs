//! Import throughput, in statements per second, on a generated LRS export
//! (JSON Lines): plain statements, cmi5 sessions, ADL SCORM Profile sittings,
//! voiding and duplicates, all validated, deduplicated, voided, grouped and
//! mapped to learners. Side by side on the same bytes: plain
//! `serde_json::Value` parsing of every line (`value`), and validation alone
//! (`validate`, [`upskill_xapi::validate_document`]).
//!
//! Run by hand (CI only compiles it): `cargo bench -p upskill-xapi --bench import`.
//! Figures are recorded in `docs/performance.md` and `docs/xapi.md`.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_main};
use upskill_xapi::{IdentityMap, ImportOptions, Importer, InputFormat};

#[path = "support/export.rs"]
mod export;

use export::{export, mapping};

fn import(lines: &str, people: &IdentityMap) -> upskill_xapi::Import {
    let mut importer = Importer::new(ImportOptions::default());
    let read = importer.read(lines.as_bytes(), "export.jsonl", InputFormat::JsonLines);
    assert!(read.is_ok());
    importer.finish(people)
}

/// Every line parsed into a `serde_json::Value`: the floor to compare with.
fn values(lines: &str) -> usize {
    lines
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .count()
}

fn throughput(c: &mut Criterion) {
    let people = mapping();
    let mut group = c.benchmark_group("xapi");
    group.sample_size(10);
    for count in [10_000u64, 100_000] {
        let lines = export(count);
        // The export is valid, and most statements become sessions or parts of one.
        let check = import(&lines, &people);
        let summary = check.summary();
        assert!(!check.has_errors(), "{:?}", check.diagnostics.first());
        assert!(
            summary.statements == count && summary.sessions == count / 10 * 3,
            "{summary:?}"
        );
        group.throughput(Throughput::Elements(count));
        group.bench_with_input(BenchmarkId::new("import", count), &lines, |b, lines| {
            b.iter(|| import(black_box(lines), &people).sessions.len());
        });
        group.bench_with_input(BenchmarkId::new("validate", count), &lines, |b, lines| {
            b.iter(|| {
                upskill_xapi::validate_document(
                    black_box(lines.as_bytes()),
                    "export.jsonl",
                    InputFormat::JsonLines,
                    upskill_xapi::ReadLimits::default(),
                )
                .map(|v| v.statements)
            });
        });
        group.bench_with_input(BenchmarkId::new("value", count), &lines, |b, lines| {
            b.iter(|| values(black_box(lines)));
        });
    }
    group.finish();
}

mod group {
    criterion::criterion_group!(benches, super::throughput);
}
criterion_main!(group::benches);
