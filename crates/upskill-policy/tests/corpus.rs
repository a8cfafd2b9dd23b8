//! Runs the decision corpus in `testdata/cases/` (format: `testdata/README.md`)
//! through every engine entry point: records in file order, in reverse order,
//! and one forked assessor per record merged back together. All three must
//! meet every expectation, and serialise byte-identically.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test and bench code: a panic is a failed run, not a crash a user sees"
)]

#[path = "../../../testdata/corpus_support.rs"]
mod support;

use support::{assessor, cases, check, sessions};

#[test]
fn decision_corpus() {
    let mut failures = Vec::new();
    for (name, case) in cases() {
        let records = sessions(&case);

        let mut forward = assessor(&case);
        records.iter().for_each(|r| forward.ingest(r));
        let forward = forward.finish();

        let mut backward = assessor(&case);
        records.iter().rev().for_each(|r| backward.ingest(r));
        let backward = backward.finish();

        let base = assessor(&case);
        let mut merged = base.fork();
        for r in &records {
            let mut part = base.fork();
            part.ingest(r);
            merged = part.merge(merged).expect("merge");
        }
        let merged = merged.finish();

        for (how, result) in [
            ("in order", &forward),
            ("reversed", &backward),
            ("merged", &merged),
        ] {
            failures.extend(check(&name, how, result, &case.expect));
        }
        let bytes = serde_json::to_string(&forward).expect("json");
        assert_eq!(
            bytes,
            serde_json::to_string(&backward).expect("json"),
            "{name}: reversed input serialises differently"
        );
        assert_eq!(
            bytes,
            serde_json::to_string(&merged).expect("json"),
            "{name}: merged input serialises differently"
        );
    }
    assert!(
        failures.is_empty(),
        "{} expectation(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
