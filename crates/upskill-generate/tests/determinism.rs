//! Same options and seed, same bytes; another seed, other bytes.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a panic is a failed run, not a crash a user sees"
)]

use upskill_generate::{GenerateOptions, generate};

fn files(options: &GenerateOptions) -> Vec<(String, Vec<u8>)> {
    let dir = std::env::temp_dir().join(format!(
        "upskill-generate-{}-{}",
        std::process::id(),
        options.seed
    ));
    let _ = std::fs::remove_dir_all(&dir);
    let written = generate(options).unwrap().write_to(&dir).unwrap();
    let files = written
        .files
        .iter()
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(p).unwrap(),
            )
        })
        .collect();
    std::fs::remove_dir_all(&dir).unwrap();
    files
}

#[test]
fn same_seed_same_bytes() {
    let options = GenerateOptions {
        learners: 200,
        weeks: 8,
        seed: 11,
        sessions_jsonl: true,
        ..GenerateOptions::default()
    };
    let a = files(&options);
    let b = files(&options);
    assert_eq!(a, b);
    let names: Vec<&str> = a.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "pledge.json",
            "roster.csv",
            "leave.csv",
            "holidays.csv",
            "sessions.csv",
            "sessions.jsonl"
        ]
    );
}

#[test]
fn another_seed_other_bytes() {
    let a = files(&GenerateOptions {
        learners: 50,
        weeks: 3,
        seed: 1,
        ..GenerateOptions::default()
    });
    let b = files(&GenerateOptions {
        learners: 50,
        weeks: 3,
        seed: 2,
        ..GenerateOptions::default()
    });
    // The pledge does not depend on the seed; everything else does.
    assert_eq!(a[0], b[0]);
    for (x, y) in a
        .iter()
        .zip(&b)
        .skip(1)
        .filter(|(x, _)| x.0 != "holidays.csv")
    {
        assert_ne!(x.1, y.1, "{}", x.0);
    }
}

#[test]
fn sessions_stream_in_constant_memory_and_match_the_writer() {
    // Learner-weeks are generated one at a time: the iterator and the writer
    // agree record for record.
    let dataset = generate(&GenerateOptions {
        learners: 40,
        weeks: 4,
        seed: 8,
        ..GenerateOptions::default()
    })
    .unwrap();
    let rows: Vec<_> = dataset.sessions().collect();
    let mut csv = Vec::new();
    let counts = dataset.write_sessions(&mut csv, None::<Vec<u8>>).unwrap();
    assert_eq!(counts.records() as usize, rows.len());
    assert_eq!(csv.iter().filter(|b| **b == b'\n').count(), rows.len() + 1);
    // Iterating again gives the same records: each learner-week has its own stream.
    assert_eq!(dataset.sessions().collect::<Vec<_>>(), rows);
}

#[test]
fn bad_options_are_refused() {
    let bad = |o: GenerateOptions| generate(&o).unwrap_err().to_string();
    assert_eq!(
        bad(GenerateOptions {
            learners: 0,
            ..GenerateOptions::default()
        }),
        "a dataset needs at least 1 learner"
    );
    assert_eq!(
        bad(GenerateOptions {
            weeks: 521,
            ..GenerateOptions::default()
        }),
        "the period must have from 1 to 520 weeks, not 521"
    );
    assert_eq!(
        bad(GenerateOptions {
            bad_record_share: 0.9,
            ..GenerateOptions::default()
        }),
        "`bad_record_share` must be a share from 0 to 0.5, not 0.9"
    );
}
