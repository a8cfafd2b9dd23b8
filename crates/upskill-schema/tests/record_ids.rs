//! A record id names one learner's record, per `(source, record_id)`
//! (issue 11, item 7; field case `record-id-reused-across-learners`).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a panic is a failed test"
)]

use std::path::Path;

use upskill_formats::DocumentKind;
use upskill_schema::{Input, ValidateOptions, render_text, validate};

fn check(name: &str, bytes: &[u8]) -> String {
    let report = validate(
        DocumentKind::Sessions,
        Input::new(name, bytes),
        &ValidateOptions::new(),
    );
    render_text(&report)
}

#[test]
fn record_id_reused_across_learners_is_an_error_naming_the_first_use() {
    let bytes = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data/record-id-reused-across-learners/sessions.csv"),
    )
    .unwrap();
    insta::assert_snapshot!(check("sessions.csv", &bytes), @r"
    sessions.csv:4:1: error[S027]: record id `S1` of `L003` was first used on line 2 for another learner, `L001`: a record id names one record
    sessions.csv: 3 records read, 1 with errors, 0 with warnings only; 1 error, 0 warnings
    ");
}

#[test]
fn ids_are_unique_per_source() {
    let csv = "record_id,learner_id,start,duration_minutes,activity,source\n\
               S1,L001,2026-03-02T09:00:00Z,30,e_learning,lms\n\
               S1,L002,2026-03-02T10:00:00Z,45,course,lrs\n\
               S1,L003,2026-03-04T11:00:00Z,20,webinar,lrs\n\
               S1,L001,2026-03-05T11:00:00Z,20,webinar,lms\n";
    insta::assert_snapshot!(check("s.csv", csv.as_bytes()), @r"
    s.csv:4:1: error[S027]: record id `S1` from source `lrs` of `L003` was first used on line 3 for another learner, `L002`: a record id names one record
    s.csv:5:1: error[S024]: record id `S1` of `L001` was used on line 2 for a different session; the earliest is kept
    s.csv: 4 records read, 2 with errors, 0 with warnings only; 2 errors, 0 warnings
    ");
}
