//! Import, validation and plain `serde_json::Value` parsing of the same
//! bytes, timed in turn in one process (best of 7 rounds each), so that the
//! ratios hold on a machine shared with other work.
//!
//! Run by hand (CI only compiles it):
//! `cargo bench -p upskill-xapi --bench ratio`; figures in `docs/performance.md`.
//! `XAPI_PARTS=import` (a comma-separated list of `value`, `validate`,
//! `import`) times only those, for `perf stat` and `perf record`.

#[path = "support/export.rs"]
mod export;

use std::hint::black_box;
use std::time::{Duration, Instant};

use export::{export, mapping};
use upskill_xapi::{ImportOptions, Importer, InputFormat, ReadLimits, validate_document};

fn best(rounds: &mut [Duration]) -> Duration {
    rounds.sort();
    rounds.first().copied().unwrap_or_default()
}

fn main() {
    let count: u64 = std::env::var("XAPI_STATEMENTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let lines = export(count);
    let people = mapping();
    // `XAPI_THREADS`: the import's `ImportOptions::threads` (0: every core).
    let threads: usize = std::env::var("XAPI_THREADS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let parts = std::env::var("XAPI_PARTS").unwrap_or_else(|_| "value,validate,import".into());
    // The import reads the lines from memory as `upskill import xapi` reads a
    // file (`Importer::read_file`), with a copy on disk to read again;
    // `XAPI_STREAM=1` reads them as a stream that cannot be read again.
    let stream = std::env::var("XAPI_STREAM").is_ok_and(|v| v == "1");
    let on_disk = std::env::temp_dir().join(format!("upskill-ratio-{}.jsonl", std::process::id()));
    if let Err(error) = std::fs::write(&on_disk, lines.as_bytes()) {
        eprintln!("cannot write `{}`: {error}", on_disk.display());
        return;
    }
    let run = |part: &str| parts.split(',').any(|p| p.trim() == part);
    let (mut value, mut validate, mut import) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..7 {
        if run("value") {
            let t = Instant::now();
            let parsed = lines
                .lines()
                .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
                .count();
            value.push(t.elapsed());
            assert_eq!(parsed as u64, count);
        }

        if run("validate") {
            let t = Instant::now();
            let checked = validate_document(
                black_box(lines.as_bytes()),
                "export.jsonl",
                InputFormat::JsonLines,
                ReadLimits::default(),
            );
            validate.push(t.elapsed());
            assert!(checked.is_ok_and(|c| c.statements == count && !c.has_errors()));
        }

        if run("import") {
            let t = Instant::now();
            let mut importer = Importer::new(ImportOptions {
                threads,
                ..ImportOptions::default()
            });
            let read = if stream {
                importer.read(
                    black_box(lines.as_bytes()),
                    "export.jsonl",
                    InputFormat::JsonLines,
                )
            } else {
                importer.read_file(
                    black_box(lines.as_bytes()),
                    "export.jsonl",
                    InputFormat::JsonLines,
                    &on_disk,
                )
            };
            let done = importer.finish(&people);
            import.push(t.elapsed());
            assert!(read.is_ok() && !done.has_errors());
        }
    }
    let _ = std::fs::remove_file(&on_disk);
    let rate = |d: Duration| count as f64 / d.as_secs_f64();
    let (value, validate, import) = (best(&mut value), best(&mut validate), best(&mut import));
    println!(
        "{count} statements, {} bytes of JSON Lines (best of 7)",
        lines.len()
    );
    println!(
        "value    {:>8.3} s {:>10.0} statements/s",
        value.as_secs_f64(),
        rate(value)
    );
    println!(
        "validate {:>8.3} s {:>10.0} statements/s  ({:.2} of value)",
        validate.as_secs_f64(),
        rate(validate),
        rate(validate) / rate(value)
    );
    println!(
        "import   {:>8.3} s {:>10.0} statements/s  ({:.2} of value)",
        import.as_secs_f64(),
        rate(import),
        rate(import) / rate(value)
    );
}
