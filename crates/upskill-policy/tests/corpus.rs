//! Runs the decision corpus in `testdata/cases/` (format: `testdata/README.md`)
//! through every engine entry point: records in file order, in reverse order,
//! one forked assessor per record merged back together, two halves assessed
//! apart and merged the other way round, and records fed with their
//! locations. All must meet every expectation, and serialise
//! byte-identically (the located run, whenever nothing is rejected).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test and bench code: a panic is a failed run, not a crash a user sees"
)]

use std::path::PathBuf;

use serde_json::Value;
use upskill_diagnostics::Location;

#[path = "../../../testdata/corpus_support.rs"]
mod support;

use support::{RATES, assessor, cases, check, records};

#[test]
fn every_rate_of_the_report_schema_has_a_denominator() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../schemas/assessment-report.schema.json");
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("schema")).expect("json");
    let mut found = Vec::new();
    for (def, body) in schema["$defs"].as_object().expect("$defs") {
        let Some(props) = body["properties"].as_object() else {
            continue;
        };
        for (field, prop) in props {
            let numeric = prop["type"]
                .as_array()
                .is_some_and(|t| t.iter().any(|t| t == "number"));
            if numeric {
                found.push((def.clone(), field.clone()));
            }
        }
    }
    // Every number-typed field of the report is a rate or a threshold.
    let thresholds = [("Criterion", "threshold")];
    for (def, field) in &found {
        let known = RATES.iter().any(|(d, _, f, _, _)| d == def && f == field)
            || thresholds.iter().any(|(d, f)| d == def && f == field);
        assert!(
            known,
            "`{def}.{field}` is a number with no denominator listed in RATES"
        );
    }
    for (def, _, field, _, _) in RATES {
        assert!(
            found.iter().any(|(d, f)| d == def && f == field),
            "RATES lists `{def}.{field}`, which the schema does not have"
        );
    }
}

#[test]
fn decision_corpus() {
    let mut failures = Vec::new();
    for (name, case) in cases() {
        let records = records(&case);

        let mut forward = assessor(&case);
        records.iter().for_each(|r| r.ingest(&mut forward));
        let forward = forward.finish();

        let mut backward = assessor(&case);
        records.iter().rev().for_each(|r| r.ingest(&mut backward));
        let backward = backward.finish();

        let base = assessor(&case);
        let mut merged = base.fork();
        for r in &records {
            let mut part = base.fork();
            r.ingest(&mut part);
            merged = part.merge(merged).expect("merge");
        }
        let merged = merged.finish();

        // Two slices, assessed apart, merged the other way round.
        let base = assessor(&case);
        let (first, second) = records.split_at(records.len() / 2);
        let mut a = base.fork();
        first.iter().for_each(|r| r.ingest(&mut a));
        let mut b = base.fork();
        second.iter().for_each(|r| r.ingest(&mut b));
        let halves = b.merge(a).expect("merge").finish();

        // Each record fed with where it was read.
        let mut located = assessor(&case);
        for (line, r) in records.iter().enumerate() {
            r.ingest_at(
                &mut located,
                Some(&Location::file("sessions.jsonl").at_line(line as u64 + 1)),
            );
        }
        let located = located.finish();

        for (how, result) in [
            ("in order", &forward),
            ("reversed", &backward),
            ("merged", &merged),
            ("halves", &halves),
            ("located", &located),
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
        assert_eq!(
            bytes,
            serde_json::to_string(&halves).expect("json"),
            "{name}: halves merged serialise differently"
        );
        // Locations change only how a rejection is named.
        if forward.ledger.rejections.is_empty() {
            assert_eq!(
                bytes,
                serde_json::to_string(&located).expect("json"),
                "{name}: located input serialises differently"
            );
        }
    }
    assert!(
        failures.is_empty(),
        "{} expectation(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
