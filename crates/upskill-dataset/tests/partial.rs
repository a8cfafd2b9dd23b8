//! A dataset evaluated in parts (issue 17): each session input read by its
//! own part, the parts shipped as bytes and merged in either order, gives
//! the evaluation `evaluate` gives (but for the inputs' digests).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a panic is a failed run, not a crash a user sees"
)]

use upskill_dataset::{
    DatasetError, DatasetFiles, EvaluateOptions, PartialEvaluation, PeriodError, Source, evaluate,
    example,
};

fn options() -> EvaluateOptions {
    EvaluateOptions {
        from: Some("2026-W10".to_string()),
        to: Some("2026-W19".to_string()),
        as_of: example::as_of(),
        ..EvaluateOptions::default()
    }
}

fn files() -> DatasetFiles {
    DatasetFiles::open(concat!(env!("CARGO_MANIFEST_DIR"), "/example")).unwrap()
}

#[test]
fn parts_shipped_as_bytes_give_the_evaluation_of_the_whole() {
    let files = files();
    let whole = evaluate(&files, &options()).unwrap();
    assert_eq!(files.sessions.len(), 2, "sessions.csv and sessions.jsonl");
    let bytes: Vec<Vec<u8>> = files
        .sessions
        .iter()
        .map(|source| {
            let mut part = PartialEvaluation::new(&files, &options()).unwrap();
            part.ingest(source).unwrap();
            part.to_bytes()
        })
        .collect();
    for order in [[0, 1], [1, 0]] {
        let driver = PartialEvaluation::new(&files, &options()).unwrap();
        let mut merged = driver.fork_from_bytes(&bytes[order[0]]).unwrap();
        merged = merged
            .merge(driver.fork_from_bytes(&bytes[order[1]]).unwrap())
            .unwrap();
        assert_eq!(merged.records_read(), whole.assessment.ledger.records_read);
        let parts = merged.finish().unwrap();
        assert_eq!(parts.assessment, whole.assessment);
        assert_eq!(parts.data_warnings, whole.data_warnings);
        assert_eq!(parts.period_basis, whole.period_basis);
        assert_eq!(parts.run, whole.run);
        assert!(parts.inputs.is_empty());
    }
}

#[test]
fn rows_in_memory_are_read_as_a_file_is() {
    let files = files();
    let csv = "record_id,learner_id,start,end,activity\n\
               r1,e0002,2026-03-03T09:00:00Z,2026-03-03T10:00:00Z,course\n\
               r2,e0002,2026-03-03T09:00:00Z,,course\n";
    let mut part = PartialEvaluation::new(&files, &options()).unwrap();
    part.ingest(&Source::memory("rows", csv.as_bytes().to_vec()))
        .unwrap();
    let evaluation = part.finish().unwrap();
    let ledger = &evaluation.assessment.ledger;
    assert_eq!(
        (
            ledger.records_read,
            ledger.fates.credited,
            ledger.fates.rejected
        ),
        (2, 1, 1)
    );
    assert_eq!(ledger.rejections[0].location.to_string(), "rows:3:1");
}

#[test]
fn a_part_needs_its_period_and_a_state_of_its_set_up() {
    let files = files();
    let err = PartialEvaluation::new(
        &files,
        &EvaluateOptions {
            to: None,
            ..options()
        },
    )
    .unwrap_err();
    assert!(
        matches!(err, DatasetError::Period(PeriodError::NotGiven)),
        "{err}"
    );
    let other = PartialEvaluation::new(
        &files,
        &EvaluateOptions {
            to: Some("2026-W18".to_string()),
            ..options()
        },
    )
    .unwrap();
    let part = PartialEvaluation::new(&files, &options()).unwrap();
    assert_eq!(
        other.fork_from_bytes(&part.to_bytes()).unwrap_err(),
        upskill_policy::StateError::DifferentSetUp
    );
}
