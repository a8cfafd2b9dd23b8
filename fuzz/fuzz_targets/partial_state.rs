//! Fuzzes reading a partial assessment back from bytes
//! (`upskill_policy::Assessor::fork_from_bytes`, issue 17). The first byte
//! picks the set-up (audit ledger on or off) and the mode:
//!
//! - the rest of the bytes as a whole serialised state;
//! - the rest as the **body** of a state, in an envelope with the right
//!   magic, version, set-up fingerprint, length and checksum (as
//!   `docs/scale.md` documents it), so the fuzzer reaches the decoder and
//!   the checks against the set-up past the checksum;
//! - a real state with bytes of the input XOR-ed into it, or cut short.
//!
//! No input may panic. A state that reads back must merge with a real one
//! and finish with every record accounted for
//! (`ledger.records_read == ledger.fates.total()`); a damaged real state
//! must be refused unless it is unchanged.
#![no_main]

use chrono::{DateTime, Utc};
use libfuzzer_sys::fuzz_target;
use sha2::{Digest, Sha256};
use upskill_calendar::{Calendar, DayOfWeek};
use upskill_diagnostics::Location;
use upskill_pledge::{Organisation, Pledge, PledgeVersion};
use upskill_policy::{Assessor, Options, Period, Rejection};
use upskill_quota::{Learner, Leave, Roster, Workload};
use upskill_session::{
    ActivityKind, LearnerId, LearningSession, RecordId, SessionDuration, TimeTotal, TotalCovers,
};

fn set_up(audit: bool) -> Option<Assessor> {
    let calendar = Calendar::from_zone_name("Europe/London", DayOfWeek::Monday).ok()?;
    let pledge = Pledge::new(
        Organisation::new("acme", "Acme").ok()?,
        calendar.clone(),
        vec![PledgeVersion::default()],
    )
    .ok()?;
    let roster = Roster::new(
        ["e1", "e2", "e3"]
            .into_iter()
            .filter_map(|id| Learner::new(LearnerId::new(id).ok()?, Workload::default()).ok()),
    )
    .ok()?;
    let period = Period::new(
        calendar.parse_week("2026-W12").ok()?,
        calendar.parse_week("2026-W14").ok()?,
    )
    .ok()?;
    let as_of: DateTime<Utc> = "2026-03-31T12:00:00Z".parse().ok()?;
    let options = Options {
        audit,
        rejections_listed: 2,
        unknown_learners_listed: 1,
        ..Options::default()
    };
    Assessor::with_options(pledge, roster, Leave::default(), period, as_of, options).ok()
}

/// A state with a record of each kind.
fn real(setup: &Assessor) -> Option<Assessor> {
    let mut state = setup.fork();
    for (i, (who, start)) in [
        ("e1", "2026-03-17T09:00:00+00:00"),
        ("e2", "2026-03-24T09:00:00+01:00"),
        ("e2", "2026-03-31T11:30:00+01:00"),
        ("zz", "2026-03-18T09:00:00+00:00"),
        ("e3", "2026-04-10T09:00:00+00:00"),
    ]
    .into_iter()
    .enumerate()
    {
        let session = LearningSession::new(
            RecordId::new(&format!("r{i}")).ok()?,
            LearnerId::new(who).ok()?,
            DateTime::parse_from_rfc3339(start).ok()?,
            SessionDuration::from_minutes(45),
            ActivityKind::Course,
        )
        .ok()?;
        state.ingest_at(&session, Some(&Location::file("s.csv").at_line(i as u64 + 2)));
    }
    let total = TimeTotal::new(
        RecordId::new("t1").ok()?,
        LearnerId::new("e3").ok()?,
        chrono::NaiveDate::from_ymd_opt(2026, 3, 19)?,
        TotalCovers::Day,
        SessionDuration::from_minutes(70),
        ActivityKind::Course,
    )
    .ok()?;
    state.ingest_total(&total);
    state.reject(Rejection {
        location: Location::file("s.csv").at_line(9),
        code: "S004".to_string(),
        message: "bad".to_string(),
    });
    Some(state)
}

fn check(read: Assessor, setup: &Assessor) {
    let Some(other) = real(setup) else { return };
    let Ok(merged) = read.merge(other) else {
        panic!("a state read under a set-up must merge with one of it");
    };
    let (assessment, rows) = merged.finish_audited();
    let ledger = &assessment.ledger;
    assert_eq!(ledger.records_read, ledger.fates.total());
    if !rows.is_empty() {
        assert_eq!(rows.len() as u64, ledger.records_read);
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let Some(setup) = set_up(first & 1 == 1) else {
        return;
    };
    match (first >> 1) % 3 {
        0 => {
            if let Ok(read) = setup.fork_from_bytes(rest) {
                check(read, &setup);
            }
        }
        1 => {
            let valid = setup.fork().to_bytes();
            let Some(header) = valid.get(..42) else {
                return;
            };
            let mut bytes = header.to_vec();
            bytes.extend_from_slice(&(rest.len() as u64).to_le_bytes());
            bytes.extend_from_slice(rest);
            let checksum = Sha256::digest(&bytes);
            bytes.extend_from_slice(&checksum);
            if let Ok(read) = setup.fork_from_bytes(&bytes) {
                check(read, &setup);
            }
        }
        _ => {
            let Some(state) = real(&setup) else { return };
            let valid = state.to_bytes();
            let mut damaged = valid.clone();
            if let Some((&cut, xor)) = rest.split_first()
                && cut & 1 == 1
            {
                damaged.truncate(usize::from(cut >> 1) * damaged.len() / 128);
                damaged.extend_from_slice(xor);
            } else {
                for (i, b) in rest.iter().enumerate() {
                    if let Some(d) = damaged.get_mut(i * 7 % valid.len().max(1)) {
                        *d ^= b;
                    }
                }
            }
            match setup.fork_from_bytes(&damaged) {
                Ok(read) => {
                    assert_eq!(damaged, valid, "a damaged state was read");
                    check(read, &setup);
                }
                Err(e) => assert!(!e.to_string().is_empty()),
            }
        }
    }
});
