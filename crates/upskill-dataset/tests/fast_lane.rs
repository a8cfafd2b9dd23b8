//! The fast lane of CSV session reading (`Reader::next_session`) and the
//! parallel `finish` change nothing: on a generated dataset of about 10^5
//! records (with the generator's bad, repeated and overlapping records),
//! every record the fast lane takes is the one the general reader reads,
//! and the assessment is byte-identical on 1, 2 and 8 threads.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

use std::path::{Path, PathBuf};

use upskill_dataset::{AsOf, DatasetFiles, EvaluateOptions, evaluate};
use upskill_formats::{ReadOptions, SessionItem, read_sessions};

/// About 10^5 records: 1,768 learners x 52 weeks, as `upskill generate`
/// makes them (bad, repeated, overlapping and unknown-learner records too).
fn generated(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("upskill-fast-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let options = upskill_generate::GenerateOptions {
        learners: 1_768,
        weeks: 52,
        seed: 7,
        ..Default::default()
    };
    upskill_generate::generate(&options)
        .unwrap()
        .write_to_with(&dir, |_, _| {})
        .unwrap();
    dir
}

fn options(threads: usize) -> EvaluateOptions {
    EvaluateOptions {
        from: Some("2026-W10".into()),
        to: Some("2027-W08".into()),
        as_of: AsOf::parse("2027-03-01T09:00:00+00:00").unwrap(),
        threads,
        ..EvaluateOptions::default()
    }
}

fn report(dir: &Path, threads: usize) -> String {
    let evaluation = evaluate(&DatasetFiles::open(dir).unwrap(), &options(threads)).unwrap();
    let mut out = serde_json::to_string_pretty(&evaluation.assessment).unwrap();
    for w in &evaluation.warnings {
        out.push_str(&format!("\n{w}"));
    }
    for i in &evaluation.inputs {
        out.push_str(&format!("\n{} {} {}", i.name, i.bytes, i.sha256));
    }
    out
}

#[test]
fn reports_are_byte_identical_on_1_2_and_8_threads() {
    let dir = generated("threads");
    let one = report(&dir, 1);
    assert!(one.contains("\"records_read\": 10"), "about 10^5 records");
    assert!(one.contains("\"location\""), "some rejections are listed");
    for threads in [2, 8] {
        assert!(report(&dir, threads) == one, "{threads} threads");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_fast_lane_reads_what_the_general_reader_reads() {
    let dir = generated("lane");
    let path = dir.join("sessions.csv");
    let bytes = std::fs::read(&path).unwrap();
    let mut general = read_sessions("sessions.csv", &bytes[..], None, ReadOptions::new());
    let mut fast = read_sessions("sessions.csv", &bytes[..], None, ReadOptions::new());
    let (mut clean, mut other) = (0u64, 0u64);
    while let Some(item) = fast.next_session() {
        let expected = general.next().expect("as many records");
        match item {
            SessionItem::Clean(c) => {
                clean += 1;
                let expected = expected.expect("a clean record is read");
                assert!(expected.warnings.is_empty(), "{:?}", expected.location);
                assert_eq!(c.session, expected.value.borrowed());
                assert_eq!(c.location(), expected.location);
                // The same offset too (DateTime equality is of instants).
                assert_eq!(c.session.start.offset(), expected.value.start().offset());
            }
            SessionItem::Read(read) => {
                other += 1;
                assert_eq!(format!("{read:?}"), format!("{expected:?}"));
            }
        }
    }
    assert!(general.next().is_none());
    assert_eq!(fast.file_problems(), general.file_problems());
    assert!(other > 0, "the generator writes bad records");
    assert!(
        clean > 20 * other,
        "most records take the fast lane: {clean} / {other}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
