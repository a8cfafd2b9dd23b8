//! Partial assessments that travel (issue 17): the records split by learner
//! over N partial assessors, each state serialised, read back under a set-up
//! made anew (as another process would) and merged in any order, give the
//! JSON report of one assessor byte for byte; bytes of another set-up,
//! another version, truncated or corrupt are typed errors.
//!
//! `a_state_crosses_processes` runs the workers as separate processes: this
//! test binary again, with `UPSKILL_PARTIAL_WORKER` set.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a panic is a failed run, not a crash a user sees"
)]

use chrono::{DateTime, Duration, NaiveDate, Utc};
use proptest::prelude::*;
use sha2::{Digest, Sha256};
use upskill::calendar::{Calendar, DayOfWeek};
use upskill::diagnostics::Location;
use upskill::io::report::json::render_assessment;
use upskill::pledge::{Organisation, Pledge, PledgeVersion};
use upskill::policy::{
    Assessor, Options, Period, Rejection, STATE_FORMAT_VERSION, StateError, UncreditedRecord,
};
use upskill::quota::{Learner, Leave, LeaveKind, LeaveSpan, Roster, Workload};
use upskill::session::{
    ActivityKind, LearnerId, LearningSession, RecordId, SessionDuration, TimeTotal, TotalCovers,
};

/// Roster learners `l0`..`l5`; records also name `l6`, `l7` (unknown).
const ROSTER: usize = 6;

/// The set-up's parts, made anew on each call (as each process makes them).
fn set_up(as_of: &str, audit: bool) -> (Pledge, Roster, Leave, Period, DateTime<Utc>, Options) {
    let calendar = Calendar::from_zone_name("Europe/London", DayOfWeek::Monday).unwrap();
    let mut version = PledgeVersion::default();
    version
        .counting
        .creditable
        .retain(|k| *k != ActivityKind::Reading);
    let pledge = Pledge::new(
        Organisation::new("acme", "Acme Ltd").unwrap(),
        calendar.clone(),
        vec![version],
    )
    .unwrap();
    let roster =
        Roster::new((0..ROSTER).map(|i| Learner::new(learner(i), Workload::default()).unwrap()))
            .unwrap();
    let mut leave = Leave::default();
    leave.insert(
        learner(1),
        LeaveSpan::new(&learner(1), day(7), day(11), LeaveKind::Annual).unwrap(),
    );
    let period = Period::new(
        calendar.parse_week("2026-W12").unwrap(),
        calendar.parse_week("2026-W15").unwrap(),
    )
    .unwrap();
    let options = Options {
        audit,
        rejections_listed: 3,
        unknown_learners_listed: 1,
        ..Options::default()
    };
    (
        pledge,
        roster,
        leave,
        period,
        as_of.parse().unwrap(),
        options,
    )
}

const AS_OF: &str = "2026-04-08T12:00:00Z";

fn assessor(audit: bool) -> Assessor {
    let (p, r, l, period, as_of, o) = set_up(AS_OF, audit);
    Assessor::with_options(p, r, l, period, as_of, o).unwrap()
}

fn learner(i: usize) -> LearnerId {
    LearnerId::new(&format!("l{i}")).unwrap()
}

/// Day `offset` from Monday 2026-03-16 (the period's first day).
fn day(offset: i64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 16).unwrap() + Duration::days(offset)
}

/// One record of any kind the engine takes.
#[derive(Debug, Clone)]
enum Rec {
    Session {
        id: u32,
        learner: usize,
        start_minute: i64,
        minutes: u64,
        kind: usize,
    },
    Total {
        id: u32,
        learner: usize,
        day: i64,
        minutes: u64,
        week: bool,
    },
    Rejected {
        line: u64,
    },
    Uncredited {
        id: u32,
        which: u8,
    },
}

impl Rec {
    /// Which of `n` workers reads it: by learner (records without one by id).
    fn worker(&self, n: usize) -> usize {
        match self {
            Rec::Session { learner, .. } | Rec::Total { learner, .. } => learner % n,
            Rec::Rejected { line } => (*line as usize) % n,
            Rec::Uncredited { id, .. } => (*id as usize) % n,
        }
    }

    fn feed(&self, assessor: &mut Assessor) {
        match self {
            Rec::Session {
                id,
                learner: who,
                start_minute,
                minutes,
                kind,
            } => {
                let start = "2026-03-16T00:00:00+00:00"
                    .parse::<DateTime<chrono::FixedOffset>>()
                    .unwrap()
                    + Duration::minutes(*start_minute);
                let session = LearningSession::new(
                    RecordId::new(&format!("s{id}")).unwrap(),
                    learner(*who),
                    start,
                    SessionDuration::from_minutes(*minutes),
                    ActivityKind::ALL[*kind % ActivityKind::ALL.len()],
                )
                .unwrap();
                let at = Location::file("sessions.csv").at_line(u64::from(*id) + 2);
                assessor.ingest_at(&session, Some(&at));
            }
            Rec::Total {
                id,
                learner: who,
                day: offset,
                minutes,
                week,
            } => {
                let covers = if *week {
                    TotalCovers::Week
                } else {
                    TotalCovers::Day
                };
                let total = TimeTotal::new(
                    RecordId::new(&format!("t{id}")).unwrap(),
                    learner(*who),
                    day(*offset),
                    covers,
                    SessionDuration::from_minutes(*minutes),
                    ActivityKind::Course,
                )
                .unwrap();
                let at = Location::file("totals.csv").at_line(u64::from(*id) + 2);
                assessor.ingest_total_at(&total, Some(&at));
            }
            Rec::Rejected { line } => assessor.reject(Rejection {
                location: Location::file("sessions.csv").at_line(*line),
                code: "S004".to_string(),
                message: format!("bad row {line}"),
            }),
            Rec::Uncredited { id, which } => {
                let record = match which % 4 {
                    0 => UncreditedRecord::Duplicate,
                    1 => UncreditedRecord::ConflictingDuplicate,
                    2 => UncreditedRecord::Voided,
                    _ => UncreditedRecord::NoTimeOfItsOwn,
                };
                let at = Location::file("xapi.json").at_record(u64::from(*id));
                assessor.record_uncredited_at(record, Some(&format!("x{id}")), Some(&at));
            }
        }
    }
}

fn arb_rec() -> impl Strategy<Value = Rec> {
    prop_oneof![
        6 => (0u32..40, 0usize..8, -1440i64..(30 * 1440), 1u64..200, 0usize..10).prop_map(
            |(id, learner, start_minute, minutes, kind)| Rec::Session {
                id,
                learner,
                start_minute,
                minutes,
                kind,
            }
        ),
        2 => (0u32..10, 0usize..8, -3i64..30, 0u64..300, any::<bool>()).prop_map(
            |(id, learner, day, minutes, week)| Rec::Total {
                id,
                learner,
                day,
                minutes,
                week,
            }
        ),
        1 => (2u64..50).prop_map(|line| Rec::Rejected { line }),
        1 => (0u32..20, any::<u8>()).prop_map(|(id, which)| Rec::Uncredited { id, which }),
    ]
}

/// The JSON report (and audit rows) of one assessor reading every record.
fn whole(records: &[Rec], audit: bool) -> (String, String) {
    let mut one = assessor(audit);
    for r in records {
        r.feed(&mut one);
    }
    let (assessment, rows) = one.finish_audited();
    (render_assessment(&assessment).unwrap(), format!("{rows:?}"))
}

/// Each of `n` workers' state as bytes, each worker set up anew.
fn worker_bytes(records: &[Rec], n: usize, audit: bool) -> Vec<Vec<u8>> {
    (0..n)
        .map(|w| {
            let mut part = assessor(audit);
            for r in records.iter().filter(|r| r.worker(n) == w) {
                r.feed(&mut part);
            }
            part.to_bytes()
        })
        .collect()
}

/// Reads `bytes` back in `order` under set-ups made anew, and merges them:
/// even positions through `fork_from_bytes` of the driver, odd ones through
/// `Assessor::from_bytes` (another set-up object with the same fingerprint).
fn merged(bytes: &[Vec<u8>], order: &[usize], audit: bool) -> (String, String) {
    let mut driver = assessor(audit);
    for (k, i) in order.iter().enumerate() {
        let part = if k % 2 == 0 {
            driver.fork_from_bytes(&bytes[*i]).unwrap()
        } else {
            let (p, r, l, period, as_of, o) = set_up(AS_OF, audit);
            Assessor::from_bytes(p, r, l, period, as_of, o, &bytes[*i]).unwrap()
        };
        driver = if k % 3 == 1 {
            part.merge(driver).unwrap()
        } else {
            driver.merge(part).unwrap()
        };
    }
    let (assessment, rows) = driver.finish_audited();
    (render_assessment(&assessment).unwrap(), format!("{rows:?}"))
}

/// A permutation of `0..n` from `seed`.
fn shuffled(n: usize, mut seed: u64) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        order.swap(i, (seed >> 33) as usize % (i + 1));
    }
    order
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn shipped_states_merge_to_the_report_of_one_assessor(
        records in prop::collection::vec(arb_rec(), 0..60),
        seed in any::<u64>(),
        audit in any::<bool>(),
    ) {
        let expected = whole(&records, audit);
        for n in [1, 2, 7] {
            let bytes = worker_bytes(&records, n, audit);
            let got = merged(&bytes, &shuffled(n, seed), audit);
            prop_assert_eq!(&got.0, &expected.0, "n = {}", n);
            prop_assert_eq!(&got.1, &expected.1, "n = {}", n);
        }
    }

    #[test]
    fn no_bytes_panic_and_only_a_state_reads(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        let driver = assessor(false);
        prop_assert!(driver.fork_from_bytes(&bytes).is_err());
    }
}

/// A fixed set of records touching every fate.
fn fixed_records() -> Vec<Rec> {
    let mut records = Vec::new();
    for i in 0..8usize {
        for w in 0..4i64 {
            records.push(Rec::Session {
                id: (i * 10) as u32 + w as u32,
                learner: i,
                start_minute: (w * 7 + 1) * 1440 + 9 * 60 + i as i64,
                minutes: 25 + 10 * i as u64,
                kind: i + w as usize,
            });
        }
    }
    records.push(Rec::Session {
        id: 0,
        learner: 0,
        start_minute: 1440 + 9 * 60,
        minutes: 25,
        kind: 0,
    });
    records.push(Rec::Total {
        id: 1,
        learner: 2,
        day: 2,
        minutes: 90,
        week: false,
    });
    records.push(Rec::Total {
        id: 2,
        learner: 3,
        day: 9,
        minutes: 70,
        week: true,
    });
    for line in [5, 9, 14, 30, 41] {
        records.push(Rec::Rejected { line });
    }
    for id in 0..4 {
        records.push(Rec::Uncredited {
            id,
            which: id as u8,
        });
    }
    records
}

#[test]
fn a_fixed_case_is_the_same_for_one_two_and_seven_workers() {
    for audit in [false, true] {
        let records = fixed_records();
        let expected = whole(&records, audit);
        assert!(
            expected.0.contains("\"records_read\": 44"),
            "{}",
            expected.0
        );
        for n in [1, 2, 7] {
            let bytes = worker_bytes(&records, n, audit);
            for seed in 0..5 {
                assert_eq!(
                    merged(&bytes, &shuffled(n, seed), audit),
                    expected,
                    "n = {n}"
                );
            }
        }
    }
}

/// An envelope around `body` with the header of `valid` and a right checksum.
fn envelope(valid: &[u8], body: &[u8]) -> Vec<u8> {
    let mut out = valid[..42].to_vec();
    out.extend_from_slice(&(body.len() as u64).to_le_bytes());
    out.extend_from_slice(body);
    let checksum = Sha256::digest(&out);
    out.extend_from_slice(&checksum);
    out
}

#[test]
fn the_envelope_is_as_documented() {
    let mut one = assessor(false);
    for r in fixed_records() {
        r.feed(&mut one);
    }
    let bytes = one.to_bytes();
    assert_eq!(&bytes[..8], b"UPSKSTAT");
    assert_eq!(bytes[8..10], STATE_FORMAT_VERSION.to_le_bytes());
    let n = u64::from_le_bytes(bytes[42..50].try_into().unwrap()) as usize;
    assert_eq!(bytes.len(), 50 + n + 32);
    assert_eq!(
        bytes[50 + n..],
        Sha256::digest(&bytes[..50 + n])[..],
        "the checksum is the SHA-256 of all before it"
    );
    // Rebuilt from the documented parts, it reads back.
    assert_eq!(envelope(&bytes, &bytes[50..50 + n]), bytes);
    // The same set-up made again has the same fingerprint; bytes are stable.
    assert_eq!(assessor(false).to_bytes()[10..42], bytes[10..42]);
}

#[test]
fn bad_bytes_are_typed_errors() {
    let mut one = assessor(false);
    for r in fixed_records() {
        r.feed(&mut one);
    }
    let bytes = one.to_bytes();
    let driver = assessor(false);

    // Another set-up: another as_of, audit on, or another roster.
    let (p, r, l, period, _, o) = set_up(AS_OF, false);
    let other = Assessor::with_options(p, r, l, period, "2026-04-09T00:00:00Z".parse().unwrap(), o)
        .unwrap();
    assert_eq!(
        other.fork_from_bytes(&bytes).unwrap_err(),
        StateError::DifferentSetUp
    );
    assert_eq!(
        assessor(true).fork_from_bytes(&bytes).unwrap_err(),
        StateError::DifferentSetUp
    );
    // ... and merging assessors of different set-ups is refused too.
    assert!(other.merge(assessor(false)).is_err());

    // Another format version.
    let mut later = bytes.clone();
    later[8] = 2;
    assert_eq!(
        driver.fork_from_bytes(&later).unwrap_err(),
        StateError::UnsupportedVersion {
            found: 2,
            supported: STATE_FORMAT_VERSION
        }
    );
    assert_eq!(
        driver.fork_from_bytes(b"PAR1 not a state").unwrap_err(),
        StateError::NotAState
    );

    // Truncated anywhere, or one byte more: never a state.
    for len in 0..bytes.len() {
        assert!(driver.fork_from_bytes(&bytes[..len]).is_err(), "{len}");
    }
    let mut longer = bytes.clone();
    longer.push(0);
    assert!(matches!(
        driver.fork_from_bytes(&longer).unwrap_err(),
        StateError::WrongLength { .. }
    ));
    // Any bit flipped: never a state (the checksum, or an earlier check).
    for i in 0..bytes.len() {
        let mut flipped = bytes.clone();
        flipped[i] ^= 0x10;
        assert!(driver.fork_from_bytes(&flipped).is_err(), "byte {i}");
    }
    let mut flipped = bytes.clone();
    flipped[60] ^= 1;
    assert_eq!(
        driver.fork_from_bytes(&flipped).unwrap_err(),
        StateError::Corrupt
    );

    // A body with a right checksum that does not fit the set-up.
    let err = driver.fork_from_bytes(&envelope(&bytes, &[0])).unwrap_err();
    assert!(matches!(err, StateError::Malformed(_)), "{err}");
    insta::assert_snapshot!(err, @"the partial state is malformed: the body does not decode (`Hit the end of buffer, expected more data`)");
    let mut empty = assessor(false).to_bytes();
    let n = empty.len() - 82;
    let mut body = empty[50..50 + n].to_vec();
    body[1] = 5; // five records read, no fate
    empty = envelope(&empty, &body);
    let err = driver.fork_from_bytes(&empty).unwrap_err();
    insta::assert_snapshot!(err, @"the partial state is malformed: `5` records read but `0` fates and `0` kept records");
}

/// The worker's side of `a_state_crosses_processes`.
#[test]
fn partial_worker() {
    let (Ok(spec), Ok(out)) = (
        std::env::var("UPSKILL_PARTIAL_WORKER"),
        std::env::var("UPSKILL_PARTIAL_OUT"),
    ) else {
        return; // run as a test of its own: nothing to do
    };
    let (w, n) = spec.split_once('/').unwrap();
    let (w, n): (usize, usize) = (w.parse().unwrap(), n.parse().unwrap());
    let mut part = assessor(false);
    for r in fixed_records().iter().filter(|r| r.worker(n) == w) {
        r.feed(&mut part);
    }
    std::fs::write(out, part.to_bytes()).unwrap();
}

#[test]
fn a_state_crosses_processes() {
    let dir = tempfile::tempdir().unwrap();
    let expected = whole(&fixed_records(), false).0;
    for n in [2usize, 3] {
        let bytes: Vec<Vec<u8>> = (0..n)
            .map(|w| {
                let out = dir.path().join(format!("{w}-of-{n}.state"));
                let status = std::process::Command::new(std::env::current_exe().unwrap())
                    .args(["--exact", "partial_worker", "--test-threads", "1"])
                    .env("UPSKILL_PARTIAL_WORKER", format!("{w}/{n}"))
                    .env("UPSKILL_PARTIAL_OUT", &out)
                    .stdout(std::process::Stdio::null())
                    .status()
                    .unwrap();
                assert!(status.success());
                std::fs::read(&out).unwrap()
            })
            .collect();
        let order: Vec<usize> = (0..n).rev().collect();
        assert_eq!(merged(&bytes, &order, false).0, expected, "n = {n}");
    }
}
