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
use upskill_generate::{Dataset, EngagementMix, GenerateOptions, Intent, generate};
use upskill_pledge::{Pledge, PledgeDocument, Proportion};
use upskill_policy::{Assessment, Assessor, Band, Period, Rejection};
use upskill_quota::{Learner, Leave, LeaveKind, LeaveSpan, Roster, Workload};
use upskill_session::{ActivityKind, LearnerId, LearningSession, RecordId};

/// Assesses a dataset the way `upskill evaluate` does, with a minimal reader.
fn assess(dataset: &Dataset, as_of: DateTime<Utc>) -> Assessment {
    let doc: PledgeDocument = serde_json::from_str(&dataset.pledge_json()).unwrap();
    let pledge = Pledge::from_document(&doc)
        .unwrap()
        .with_holidays(dataset.holidays().iter().map(|h| h.date));
    let mut roster = Roster::default();
    for r in dataset.roster() {
        let workload = match r.fte_text() {
            Some(fte) => Workload::Fte(Proportion::parse(&fte).unwrap()),
            None => Workload::default(),
        };
        let mut learner = Learner::new(LearnerId::new(&r.learner_id).unwrap(), workload)
            .unwrap()
            .with_team(r.team.clone());
        if let Some(d) = r.start_date {
            learner = learner.with_start_date(d).unwrap();
        }
        if let Some(d) = r.end_date {
            learner = learner.with_end_date(d).unwrap();
        }
        roster.insert(learner).unwrap();
    }
    let mut leave = Leave::default();
    for l in dataset.leave() {
        let id = LearnerId::new(&l.learner_id).unwrap();
        leave.insert(
            id.clone(),
            LeaveSpan::new(&id, l.from, l.to, LeaveKind::parse(l.kind).unwrap()).unwrap(),
        );
    }
    let (first, last) = dataset.period();
    let mut assessor = Assessor::new(
        pledge,
        roster,
        leave,
        Period::new(first, last).unwrap(),
        as_of,
    )
    .unwrap();
    for (line, row) in dataset.sessions().enumerate() {
        let parsed = (|| -> Result<LearningSession, String> {
            let start = DateTime::parse_from_rfc3339(&row.start).map_err(|e| e.to_string())?;
            let end = DateTime::parse_from_rfc3339(&row.end).map_err(|e| e.to_string())?;
            let kind = ActivityKind::parse(row.activity).map_err(|e| e.to_string())?;
            LearningSession::from_start_end(
                RecordId::new(&row.record_id).unwrap(),
                LearnerId::new(&row.learner_id).unwrap(),
                start,
                end,
                kind,
            )
            .map_err(|e| e.to_string())
        })();
        match parsed {
            Ok(session) => assessor.ingest(&session),
            Err(message) => {
                assert!(row.intent.is_bad(), "{row:?} was rejected: {message}");
                assessor.reject(Rejection {
                    location: upskill_diagnostics::Location::file("sessions").at_line(line as u64),
                    code: "X".into(),
                    message,
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
