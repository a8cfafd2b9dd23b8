//! Runs the decision corpus in `testdata/cases/` (format:
//! `testdata/README.md`) through the path users run: each case is written to
//! files (pledge, roster and leave as JSON documents, sessions as JSON Lines), read back by
//! `upskill_dataset::evaluate` on one and on two threads, and must meet every
//! expectation and serialise byte-identically to the engine fed directly.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a panic is a failed run, not a crash a user sees"
)]

#[path = "../../../testdata/corpus_support.rs"]
mod support;

use std::io::Write;

use support::{Case, assessor, cases, check, options, records};
use upskill_dataset::{AsOf, DatasetFiles, EvaluateOptions, Source, evaluate};

fn json_lines<T: serde::Serialize>(path: &std::path::Path, records: &[T]) {
    let mut file = std::fs::File::create(path).unwrap();
    for r in records {
        serde_json::to_writer(&mut file, r).unwrap();
        file.write_all(b"\n").unwrap();
    }
}

fn files(dir: &std::path::Path, case: &Case) -> DatasetFiles {
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(
        dir.join("pledge.json"),
        serde_json::to_string_pretty(&case.pledge).unwrap(),
    )
    .unwrap();
    let document = |key: &str, records: serde_json::Value| {
        serde_json::to_string_pretty(&serde_json::json!({"schema_version": 1, key: records}))
            .unwrap()
    };
    std::fs::write(
        dir.join("roster.json"),
        document("learners", serde_json::to_value(&case.roster).unwrap()),
    )
    .unwrap();
    std::fs::write(
        dir.join("leave.json"),
        document("leave", serde_json::to_value(&case.leave).unwrap()),
    )
    .unwrap();
    json_lines(&dir.join("sessions.jsonl"), &case.sessions);
    let files = DatasetFiles::new(
        Source::path(dir.join("pledge.json")),
        Source::path(dir.join("roster.json")),
        vec![Source::path(dir.join("sessions.jsonl"))],
    )
    .with_leave(Source::path(dir.join("leave.json")));
    if case.time_totals.is_empty() {
        files
    } else {
        json_lines(&dir.join("time_totals.jsonl"), &case.time_totals);
        files.with_time_totals(vec![Source::path(dir.join("time_totals.jsonl"))])
    }
}

/// The report as JSON text, with rejection locations left out: the engine
/// fed directly names a record by its id, a file names its line.
fn comparable(assessment: &upskill_policy::Assessment) -> String {
    let mut json = serde_json::to_value(assessment).unwrap();
    if let Some(rejections) = json["ledger"]["rejections"].as_array_mut() {
        for r in rejections {
            r["location"] = serde_json::Value::Null;
        }
    }
    json.to_string()
}

#[test]
fn decision_corpus_through_files() {
    let root = std::env::temp_dir().join(format!("upskill-corpus-{}", std::process::id()));
    let mut failures = Vec::new();
    for (name, case) in cases() {
        let mut direct = assessor(&case);
        records(&case).iter().for_each(|r| r.ingest(&mut direct));
        let direct = comparable(&direct.finish());

        let files = files(&root.join(&name), &case);
        for threads in [1, 2] {
            let options = EvaluateOptions {
                from: Some(case.period.first.clone()),
                to: Some(case.period.last.clone()),
                as_of: AsOf::Instant(case.as_of),
                threads,
                engine: options(&case),
                ..EvaluateOptions::default()
            };
            let evaluation = evaluate(&files, &options)
                .unwrap_or_else(|e| panic!("{name}: {e}: {:?}", e.problems()));
            let how = format!("files, {threads} thread(s)");
            failures.extend(check(&name, &how, &evaluation.assessment, &case.expect));
            if comparable(&evaluation.assessment) != direct {
                failures.push(format!(
                    "{name} ({how}): the report differs from the engine's"
                ));
            }
        }
    }
    let _ = std::fs::remove_dir_all(&root);
    assert!(
        failures.is_empty(),
        "{} expectation(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
