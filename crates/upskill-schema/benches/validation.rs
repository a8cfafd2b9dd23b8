//! Validation throughput (MB/s) against plain serde_json on the same bytes.
//!
//! Run: `cargo bench -p upskill-schema --bench validation -- --warm-up-time 1 --measurement-time 3`
//! (figures are recorded in `docs/performance.md`, "Validation").
//!
//! - `validate/json_lines`: [`upskill_schema::validate`] of a JSON Lines
//!   sessions file (every reader check plus duplicates, `as_of`, long sessions);
//! - `serde_json/values`: the same bytes into `Vec<serde_json::Value>`;
//! - `serde_json/records`: the same bytes into `Vec<SessionRecord>` (serde
//!   derive, no checks beyond types);
//! - `validate/csv`: the same records as CSV;
//! - `sessions_records/*`: the same three readings (validate JSON Lines,
//!   validate CSV, JSON Lines bytes into `serde_json::Value`) in records
//!   per second, the one unit the CSV and JSON figures share.
//!
//! Last, the three are timed alternately in this process (median of 15
//! rounds each) and the ratios of `validate` to `serde_json::Value` are
//! printed side by side (`ratio ...` lines), the figure issue 16 targets
//! (at least 0.8): records per second of `validate` on a file against
//! records per second of parsing the same records' JSON Lines bytes into
//! `serde_json::Value`.

use std::hint::black_box;
use std::time::{Duration as Elapsed, Instant};

use chrono::{Duration, TimeZone, Utc};
use criterion::{Criterion, Throughput, criterion_main};
use upskill_formats::DocumentKind;
use upskill_schema::{Input, ValidateOptions, validate};
use upskill_session::SessionRecord;

const RECORDS: usize = 20_000;
const ACTIVITIES: [&str; 4] = ["e_learning", "webinar", "reading", "course"];

fn files() -> (Vec<u8>, Vec<u8>) {
    let base = Utc
        .with_ymd_and_hms(2026, 1, 5, 8, 0, 0)
        .single()
        .unwrap_or_default();
    let mut jsonl = String::new();
    let mut csv = String::from(
        "record_id,learner_id,start,end,activity,title,source,skill_areas,self_reported\n",
    );
    for i in 0..RECORDS {
        let start = base + Duration::minutes(i as i64 * 97);
        let end = start + Duration::minutes(15 + (i % 8) as i64 * 15);
        let (start, end) = (start.to_rfc3339(), end.to_rfc3339());
        let learner = format!("e{:04}", i % 500);
        let activity = ACTIVITIES
            .get(i % ACTIVITIES.len())
            .copied()
            .unwrap_or("other");
        jsonl.push_str(&format!(
            "{{\"record_id\":\"lms-{i:07}\",\"learner_id\":\"{learner}\",\"start\":\"{start}\",\"end\":\"{end}\",\"activity\":\"{activity}\",\"title\":\"Module {i}: data protection basics\",\"source\":\"acme-lms\",\"skill_areas\":[\"data\",\"digital\"]}}\n"
        ));
        csv.push_str(&format!(
            "lms-{i:07},{learner},{start},{end},{activity},Module {i}: data protection basics,acme-lms,data;digital,false\n"
        ));
    }
    (jsonl.into_bytes(), csv.into_bytes())
}

fn bench(c: &mut Criterion) {
    let (jsonl, csv) = files();
    let options = ValidateOptions::new().with_as_of(
        Utc.with_ymd_and_hms(2040, 1, 1, 0, 0, 0)
            .single()
            .unwrap_or_default(),
    );

    let mut group = c.benchmark_group("sessions_jsonl");
    group.throughput(Throughput::Bytes(jsonl.len() as u64));
    group.sample_size(20);
    group.bench_function("validate/json_lines", |b| {
        b.iter(|| {
            let report = validate(
                DocumentKind::Sessions,
                Input::new("bench.jsonl", black_box(jsonl.as_slice())),
                &options,
            );
            assert!(report.valid);
            black_box(report.summary.records_read)
        });
    });
    group.bench_function("serde_json/values", |b| {
        b.iter(|| {
            let values: Vec<serde_json::Value> =
                serde_json::Deserializer::from_slice(black_box(jsonl.as_slice()))
                    .into_iter::<serde_json::Value>()
                    .filter_map(Result::ok)
                    .collect();
            black_box(values.len())
        });
    });
    group.bench_function("serde_json/records", |b| {
        b.iter(|| {
            let records: Vec<SessionRecord> =
                serde_json::Deserializer::from_slice(black_box(jsonl.as_slice()))
                    .into_iter::<SessionRecord>()
                    .filter_map(Result::ok)
                    .collect();
            black_box(records.len())
        });
    });
    group.finish();

    let mut group = c.benchmark_group("sessions_csv");
    group.throughput(Throughput::Bytes(csv.len() as u64));
    group.sample_size(20);
    group.bench_function("validate/csv", |b| {
        b.iter(|| {
            let report = validate(
                DocumentKind::Sessions,
                Input::new("bench.csv", black_box(csv.as_slice())),
                &options,
            );
            assert!(report.valid);
            black_box(report.summary.records_read)
        });
    });
    group.finish();

    let mut group = c.benchmark_group("sessions_records");
    group.throughput(Throughput::Elements(RECORDS as u64));
    group.sample_size(20);
    group.bench_function("validate/json_lines", |b| {
        b.iter(|| validate_records(black_box(&jsonl), "bench.jsonl", &options));
    });
    group.bench_function("validate/csv", |b| {
        b.iter(|| validate_records(black_box(&csv), "bench.csv", &options));
    });
    group.bench_function("serde_json/values", |b| {
        b.iter(|| value_records(black_box(&jsonl)));
    });
    group.finish();

    ratios(&jsonl, &csv, &options);
}

/// `validate` of `bytes` (named `name`): the records read.
fn validate_records(bytes: &[u8], name: &str, options: &ValidateOptions) -> u64 {
    let report = validate(DocumentKind::Sessions, Input::new(name, bytes), options);
    assert!(report.valid);
    report.summary.records_read
}

/// The JSON Lines `bytes` into `serde_json::Value`s: the values read.
fn value_records(bytes: &[u8]) -> u64 {
    let values: Vec<serde_json::Value> = serde_json::Deserializer::from_slice(bytes)
        .into_iter::<serde_json::Value>()
        .filter_map(Result::ok)
        .collect();
    values.len() as u64
}

/// Times the three readings alternately (15 rounds, median of each) and
/// prints records per second and the ratios of `validate` to `Value`.
fn ratios(jsonl: &[u8], csv: &[u8], options: &ValidateOptions) {
    const ROUNDS: usize = 15;
    let time = |f: &dyn Fn() -> u64| {
        let started = Instant::now();
        let records = black_box(f());
        assert_eq!(records, RECORDS as u64);
        started.elapsed()
    };
    let mut times: [Vec<Elapsed>; 3] = Default::default();
    for _ in 0..ROUNDS {
        let [values, json_lines, csv_times] = &mut times;
        values.push(time(&|| value_records(jsonl)));
        json_lines.push(time(&|| validate_records(jsonl, "bench.jsonl", options)));
        csv_times.push(time(&|| validate_records(csv, "bench.csv", options)));
    }
    let [values, json_lines, csv_times] = times.map(|mut t| {
        t.sort();
        t.get(ROUNDS / 2).copied().unwrap_or_default()
    });
    let per_second = |t: Elapsed| RECORDS as f64 / t.as_secs_f64();
    println!(
        "records/s (median of {ROUNDS}, alternating): serde_json::Value {:.0}, validate json_lines {:.0}, validate csv {:.0}",
        per_second(values),
        per_second(json_lines),
        per_second(csv_times)
    );
    println!(
        "ratio validate/json_lines to serde_json::Value: {:.2}",
        values.as_secs_f64() / json_lines.as_secs_f64()
    );
    println!(
        "ratio validate/csv to serde_json::Value (same records as JSON Lines): {:.2}",
        values.as_secs_f64() / csv_times.as_secs_f64()
    );
}

mod group {
    criterion::criterion_group!(benches, super::bench);
}
criterion_main!(group::benches);
