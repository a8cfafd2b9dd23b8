//! Fuzzes the engine (`upskill_policy::Assessor`) with structured input
//! built by `arbitrary`: a zone and week start, counting and requirement
//! rules, a few learners (with FTE, employment dates and leave), and records
//! (any learner, including unknown ones, any time around the period, any
//! length, repeated ids), rejections and uncredited records. No input may
//! panic; every record read has exactly one fate
//! (`ledger.records_read == ledger.fates.total()`); and reading the records
//! on two forks and merging them gives the sequential assessment.
#![no_main]

use std::num::NonZeroU32;

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, Utc};
use libfuzzer_sys::arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;
use upskill_calendar::{Calendar, DayOfWeek, Week};
use upskill_diagnostics::Location;
use upskill_pledge::{Organisation, Pledge, PledgeVersion, ProRata, Proportion};
use upskill_policy::{Assessor, Period, Rejection, UncreditedRecord};
use upskill_quota::{Learner, Leave, LeaveKind, LeaveSpan, Roster, Workload};
use upskill_session::{ActivityKind, LearnerId, LearningSession, RecordId, SessionDuration};

const ZONES: [&str; 5] = [
    "Europe/London",
    "UTC",
    "Australia/Lord_Howe",
    "Pacific/Apia",
    "America/New_York",
];
const STARTS: [DayOfWeek; 3] = [DayOfWeek::Monday, DayOfWeek::Sunday, DayOfWeek::Saturday];
const FTES: [&str; 5] = ["1", "0.5", "0.6", "0.01", "0"];

fn cap(u: &mut Unstructured<'_>, most: u32) -> Result<Option<NonZeroU32>> {
    Ok(if u.arbitrary()? {
        NonZeroU32::new(u.int_in_range(1..=most)?)
    } else {
        None
    })
}

enum Step {
    Ingest(LearningSession, bool),
    Reject(bool),
    Uncredited(UncreditedRecord, bool),
}

fn run(u: &mut Unstructured<'_>) -> Result<()> {
    let Ok(calendar) = Calendar::from_zone_name(*u.choose(&ZONES)?, *u.choose(&STARTS)?) else {
        return Ok(());
    };
    let mut version = PledgeVersion::default();
    let counting = &mut version.counting;
    if u.arbitrary()? {
        let mut kinds: Vec<ActivityKind> = Vec::new();
        for kind in ActivityKind::ALL {
            if u.arbitrary()? {
                kinds.push(kind);
            }
        }
        counting.creditable = kinds;
    }
    counting.per_session_cap_minutes = cap(u, 600)?;
    counting.daily_cap_minutes = cap(u, 600)?;
    counting.minimum_session_minutes = cap(u, 120)?;
    counting.carry_forward_cap_minutes = cap(u, 600)?;
    counting.rounding_increment_minutes = cap(u, 60)?;
    counting.count_self_reported = u.arbitrary()?;
    let requirement = &mut version.requirement;
    if let Some(minutes) = NonZeroU32::new(u.int_in_range(1..=600)?) {
        requirement.minutes_per_week = minutes;
    }
    requirement.pro_rata = match u.int_in_range(0..=2)? {
        0 => ProRata::None,
        1 => ProRata::Fte,
        _ => ProRata::ContractedHours,
    };
    requirement.full_time_minutes =
        NonZeroU32::new(u.int_in_range(60..=3000)?).unwrap_or(NonZeroU32::MIN);
    requirement.grace_weeks = u.int_in_range(0..=3)?;
    let Ok(organisation) = Organisation::new("fuzz", "Fuzz Ltd") else {
        return Ok(());
    };
    let Ok(pledge) = Pledge::new(organisation, calendar.clone(), vec![version]) else {
        return Ok(());
    };
    let Ok(mut first) = calendar.parse_week(if calendar.week_start() == DayOfWeek::Monday {
        "2026-W10"
    } else {
        "2026-W10-sun"
    }) else {
        return Ok(());
    };
    for _ in 0..u.int_in_range(0..=60)? {
        first = first.next().unwrap_or(first);
    }
    let mut last: Week = first;
    for _ in 0..u.int_in_range(0..=8)? {
        last = last.next().unwrap_or(last);
    }
    let Ok(interval) = calendar.week_interval(first) else {
        return Ok(());
    };
    let base: DateTime<Utc> = interval.start;
    let day0: NaiveDate = base.date_naive();

    let learners = u.int_in_range(1..=4)?;
    let ids: Vec<LearnerId> = (0..=learners)
        .filter_map(|i| LearnerId::new(&format!("e{i}")).ok())
        .collect();
    let mut roster = Vec::new();
    let mut leave = Leave::default();
    for id in ids.iter().take(learners as usize) {
        let workload = if u.arbitrary()? {
            Proportion::parse(u.choose(&FTES)?).map(Workload::Fte)
        } else {
            Ok(Workload::ContractedMinutes(
                NonZeroU32::new(u.int_in_range(1..=4000)?).unwrap_or(NonZeroU32::MIN),
            ))
        };
        let Ok(workload) = workload else { continue };
        let Ok(mut learner) = Learner::new(id.clone(), workload) else {
            continue;
        };
        if u.arbitrary()? {
            let start = day0 + Duration::days(u.int_in_range(-30..=70)?);
            learner = learner
                .with_start_date(start)
                .unwrap_or_else(|_| learner_again(id));
        }
        if u.arbitrary()? {
            let end = day0 + Duration::days(u.int_in_range(-30..=70)?);
            learner = learner
                .with_end_date(end)
                .unwrap_or_else(|_| learner_again(id));
        }
        roster.push(learner.with_team(format!("t{}", u.int_in_range(0..=2)?)));
        for _ in 0..u.int_in_range(0..=2)? {
            let from = day0 + Duration::days(u.int_in_range(-10..=60)?);
            let to = from + Duration::days(u.int_in_range(-1..=14)?);
            if let Ok(span) = LeaveSpan::new(id, from, to, LeaveKind::Annual) {
                leave.insert(id.clone(), span);
            }
        }
    }
    let Ok(roster) = Roster::new(roster) else {
        return Ok(());
    };
    let Ok(period) = Period::new(first, last) else {
        return Ok(());
    };
    let as_of = base + Duration::minutes(u.int_in_range(-10_000..=120_000)?);
    let Ok(sequential) = Assessor::new(pledge, roster, leave, period, as_of) else {
        return Ok(());
    };

    let offset = FixedOffset::east_opt(u.int_in_range(-14..=14)? * 3600)
        .unwrap_or(FixedOffset::east_opt(0).unwrap_or_else(|| unreachable!()));
    let mut steps = Vec::new();
    for _ in 0..u.int_in_range(0..=48)? {
        let right: bool = u.arbitrary()?;
        let step = match u.int_in_range(0..=9)? {
            0 => Step::Reject(right),
            1 => Step::Uncredited(
                *u.choose(&[
                    UncreditedRecord::Duplicate,
                    UncreditedRecord::ConflictingDuplicate,
                    UncreditedRecord::Voided,
                    UncreditedRecord::NoTimeOfItsOwn,
                ])?,
                right,
            ),
            _ => {
                let learner = u.choose(&ids)?.clone();
                let Ok(record) = RecordId::new(&format!("r{}", u.int_in_range(0..=12)?)) else {
                    continue;
                };
                let start = (base
                    + Duration::milliseconds(u.int_in_range(-2_000_000_000..=7_000_000_000)?))
                .with_timezone(&offset);
                let length = SessionDuration::from_millis(u.int_in_range(0..=3_000_000_000)?);
                let kind = *u.choose(&ActivityKind::ALL)?;
                match LearningSession::new(record, learner, start, length, kind) {
                    Ok(s) => Step::Ingest(s.with_self_reported(u.arbitrary()?), right),
                    Err(_) => continue,
                }
            }
        };
        steps.push(step);
    }

    let mut sequential = sequential;
    let mut left = sequential.fork();
    let mut right = sequential.fork();
    for (i, step) in steps.iter().enumerate() {
        let rejection = || Rejection {
            location: Location::file("fuzz").at_line(i as u64 + 1),
            code: "F000".to_string(),
            message: "fuzz".to_string(),
        };
        match step {
            Step::Ingest(session, r) => {
                let at = Location::file("fuzz").at_line(i as u64 + 1);
                sequential.ingest_at(session, Some(&at));
                if *r { &mut right } else { &mut left }.ingest_at(session, Some(&at));
            }
            Step::Reject(r) => {
                sequential.reject(rejection());
                if *r { &mut right } else { &mut left }.reject(rejection());
            }
            Step::Uncredited(kind, r) => {
                sequential.record_uncredited(*kind);
                if *r { &mut right } else { &mut left }.record_uncredited(*kind);
            }
        }
    }
    let read = sequential.records_read();
    let one = sequential.finish();
    assert_eq!(one.ledger.records_read, read);
    assert_eq!(one.ledger.records_read, one.ledger.fates.total());
    let Ok(merged) = right.merge(left) else {
        panic!("forks of one assessor always merge");
    };
    let two = merged.finish();
    assert_eq!(two.ledger.records_read, two.ledger.fates.total());
    assert_eq!(one, two);
    Ok(())
}

fn learner_again(id: &LearnerId) -> Learner {
    Learner::new(id.clone(), Workload::default()).unwrap_or_else(|_| unreachable!())
}

fuzz_target!(|data: &[u8]| {
    let _ = run(&mut Unstructured::new(data));
});
