//! The generator's datasets, read back and assessed by the real engine: the
//! bands come out as drawn and every anomaly meets its intended fate.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a panic is a failed run, not a crash a user sees"
)]

use chrono::{DateTime, Utc};
use upskill_formats::{
    ReadOptions, collect_leave, collect_roster, read_holidays, read_leave, read_pledge,
    read_roster, read_sessions,
};
use upskill_generate::{Dataset, EngagementMix, GenerateOptions, Intent, generate};
use upskill_policy::{Assessment, Assessor, Band, Period, Rejection};

/// Assesses a dataset the way `upskill evaluate` does: the generator's files
/// are read by the located readers of `upskill-formats` (the one decoder of
/// every format, so the generator's claims about its rows are checked by the
/// same code users run), then assessed by the engine.
fn assess(dataset: &Dataset, as_of: DateTime<Utc>) -> Assessment {
    let options = ReadOptions::new;
    let mut holidays_csv = Vec::new();
    dataset.write_holidays(&mut holidays_csv).unwrap();
    let holidays: Vec<_> = read_holidays("holidays.csv", &holidays_csv[..], None, options())
        .map(|h| h.unwrap().value.date)
        .collect();
    let pledge = read_pledge("pledge.json", dataset.pledge_json().as_bytes(), options())
        .unwrap()
        .with_holidays(holidays);
    let mut roster_csv = Vec::new();
    dataset.write_roster(&mut roster_csv).unwrap();
    let (roster, problems) =
        collect_roster(read_roster("roster.csv", &roster_csv[..], None, options()));
    assert!(problems.is_empty(), "{problems:?}");
    let mut leave_csv = Vec::new();
    dataset.write_leave(&mut leave_csv).unwrap();
    let (leave, problems) = collect_leave(read_leave("leave.csv", &leave_csv[..], None, options()));
    assert!(problems.is_empty(), "{problems:?}");
    let (first, last) = dataset.period();
    let mut assessor = Assessor::new(
        pledge,
        roster,
        leave,
        Period::new(first, last).unwrap(),
        as_of,
    )
    .unwrap();
    let mut sessions_csv = Vec::new();
    dataset
        .write_sessions(&mut sessions_csv, None::<Vec<u8>>)
        .unwrap();
    let intents: Vec<Intent> = dataset.sessions().map(|row| row.intent).collect();
    for (item, intent) in
        read_sessions("sessions.csv", &sessions_csv[..], None, options()).zip(&intents)
    {
        match item {
            Ok(session) => assessor.ingest(&session.value),
            Err(rejected) => {
                assert!(intent.is_bad(), "a {intent:?} row was rejected: {rejected}");
                assessor.reject(Rejection {
                    location: rejected.location().clone(),
                    code: rejected.reason().code.to_string(),
                    message: rejected.reason().message.clone(),
                });
            }
        }
    }
    assessor.finish()
}

#[test]
fn bands_follow_the_dma_pilot_mix_on_1000_learners() {
    let options = GenerateOptions {
        learners: 1000,
        weeks: 10,
        seed: 99,
        ..GenerateOptions::default()
    };
    let dataset = generate(&options).unwrap();
    let assessment = assess(&dataset, dataset.closing_as_of());
    let bands = assessment.bands;
    let banded = bands.banded() as f64;
    let share = |n: u64| n as f64 / banded;
    for (name, measured, expected) in [
        ("most_weeks", share(bands.most_weeks), 0.35),
        ("some_weeks", share(bands.some_weeks), 0.39),
        ("rarely", share(bands.rarely), 0.26),
    ] {
        assert!(
            (measured - expected).abs() <= 0.03,
            "{name}: {measured:.3} vs {expected}"
        );
    }
    // Learner by learner, the engine's band is the engagement drawn, bar a
    // handful whose few eligible weeks cannot hold their band.
    let mut mismatches = 0;
    for (plan, result) in dataset.learners().iter().zip(&assessment.learners) {
        assert_eq!(plan.entry.learner_id, result.learner_id);
        let expected = match plan.engagement {
            upskill_generate::Engagement::MostWeeks => Band::MostWeeks,
            upskill_generate::Engagement::SomeWeeks => Band::SomeWeeks,
            upskill_generate::Engagement::Rarely => Band::Rarely,
        };
        if result.band.is_some_and(|b| b != expected) {
            mismatches += 1;
        }
        assert_eq!(
            result.met_weeks as usize,
            plan.met_weeks.len(),
            "{}",
            plan.entry.learner_id
        );
        assert_eq!(
            result.eligible_weeks as usize,
            plan.eligible_weeks.len(),
            "{}",
            plan.entry.learner_id
        );
    }
    assert!(mismatches <= 10, "{mismatches} learners out of their band");
}

#[test]
fn every_record_meets_its_intended_fate() {
    let options = GenerateOptions {
        learners: 300,
        weeks: 6,
        seed: 5,
        bad_record_share: 0.03,
        duplicate_share: 0.05,
        unknown_learner_share: 0.02,
        ..GenerateOptions::default()
    };
    let dataset = generate(&options).unwrap();
    let mut counts = std::collections::BTreeMap::<Intent, u64>::new();
    for row in dataset.sessions() {
        *counts.entry(row.intent).or_default() += 1;
    }
    let n = |i: Intent| counts.get(&i).copied().unwrap_or(0);
    let ledger = assess(&dataset, dataset.closing_as_of()).ledger;
    assert_eq!(ledger.records_read, counts.values().sum::<u64>());
    assert_eq!(ledger.fates.total(), ledger.records_read);
    assert_eq!(
        ledger.fates.rejected,
        n(Intent::EndBeforeStart) + n(Intent::NaiveTimestamp) + n(Intent::UnknownActivity)
    );
    assert_eq!(
        ledger.fates.duplicate,
        n(Intent::ExactDuplicate) + n(Intent::ConflictingId) + n(Intent::CrossSystemDuplicate)
    );
    assert_eq!(ledger.detail.conflicting_ids, n(Intent::ConflictingId));
    assert_eq!(
        ledger.detail.duplicate_content,
        n(Intent::CrossSystemDuplicate)
    );
    assert_eq!(ledger.fates.unknown_learner, n(Intent::UnknownLearner));
    assert_eq!(ledger.fates.outside_period, n(Intent::OutsidePeriod));
    assert_eq!(ledger.fates.credited, n(Intent::Valid) + n(Intent::Overlap));
    for intent in Intent::ALL {
        assert!(n(intent) > 0, "no {} record", intent.name());
    }
}

#[test]
fn a_keen_organisation_meets_its_pledge() {
    let options = GenerateOptions {
        learners: 60,
        weeks: 4,
        seed: 3,
        engagement_mix: EngagementMix {
            most_weeks: 1.0,
            some_weeks: 0.0,
            rarely: 0.0,
        },
        ..GenerateOptions::default()
    };
    let dataset = generate(&options).unwrap();
    let assessment = assess(&dataset, dataset.closing_as_of());
    assert_eq!(assessment.verdict, upskill_policy::Verdict::Met);
    assert!(assessment.metrics.learner_week_rate.unwrap() >= 0.9);
}

/// The generator's headers name only columns the readers define: it writes
/// rows itself (faulty ones on purpose, which no domain value can hold), so
/// this is where its layout and the one decoder's are tied together.
#[test]
fn generated_headers_are_the_readers_columns() {
    use upskill_formats::{HOLIDAY_FIELDS, LEAVE_FIELDS, ROSTER_FIELDS, SESSION_FIELDS};
    use upskill_generate::{HOLIDAY_COLUMNS, LEAVE_COLUMNS, ROSTER_COLUMNS, SESSION_COLUMNS};
    for (columns, fields) in [
        (&SESSION_COLUMNS[..], SESSION_FIELDS),
        (&ROSTER_COLUMNS[..], ROSTER_FIELDS),
        (&LEAVE_COLUMNS[..], LEAVE_FIELDS),
        (&HOLIDAY_COLUMNS[..], HOLIDAY_FIELDS),
    ] {
        for column in columns {
            assert!(fields.contains(column), "`{column}` is not a reader column");
        }
    }
}
