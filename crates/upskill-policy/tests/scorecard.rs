//! The engine fills the People-principle scorecard from its own measurements.

#![allow(
    clippy::unwrap_used,
    reason = "test code: a panic is a failed test, not a crash a user sees"
)]

use chrono::{DateTime, Utc};
use upskill_calendar::{Calendar, DayOfWeek};
use upskill_people::{Commitment, Status};
use upskill_pledge::{Mode, Organisation, Pledge, PledgeVersion};
use upskill_policy::{Assessment, Assessor, Period};
use upskill_quota::{Learner, Leave, Roster, Workload};
use upskill_session::{ActivityKind, LearnerId, LearningSession, RecordId, SessionDuration};

fn assess(minutes: u64, mode: Mode) -> Assessment {
    let calendar = Calendar::from_zone_name("Europe/London", DayOfWeek::Monday).unwrap();
    let pledge = Pledge::new(
        Organisation::new("acme", "Acme Ltd").unwrap(),
        calendar.clone(),
        vec![PledgeVersion::default()],
    )
    .unwrap()
    .with_mode(mode);
    let roster =
        Roster::new([Learner::new(LearnerId::new("e1").unwrap(), Workload::default()).unwrap()])
            .unwrap();
    let week = calendar.parse_week("2026-W10").unwrap();
    let as_of: DateTime<Utc> = "2026-06-01T00:00:00Z".parse().unwrap();
    let mut assessor = Assessor::new(
        pledge,
        roster,
        Leave::default(),
        Period::new(week, week).unwrap(),
        as_of,
    )
    .unwrap();
    let session = LearningSession::new(
        RecordId::new("r1").unwrap(),
        LearnerId::new("e1").unwrap(),
        DateTime::parse_from_rfc3339("2026-03-03T09:00:00+00:00").unwrap(),
        SessionDuration::from_minutes(minutes),
        ActivityKind::Course,
    )
    .unwrap();
    assessor.ingest(&session);
    assessor.finish()
}

#[test]
fn a_met_target_evidences_the_micro_upskilling_commitment() {
    let card = assess(60, Mode::Advisory).people_scorecard().unwrap();
    assert_eq!(card.status(Commitment::MicroUpskilling), Status::Evidenced);
    // The engine measures nothing about representation: that is the organisation's to add.
    assert_eq!(
        card.status(Commitment::DiverseInclusiveTeams),
        Status::NoEvidence
    );
    assert!(!card.fails());
    // The CPD time recorded is on the card, with what it is set against.
    let upskill_people::Evidence::Measured(rate) =
        &card.entry(Commitment::MicroUpskilling).evidence()[0]
    else {
        panic!("the engine's evidence is measured");
    };
    let counts: Vec<(&str, u64)> = rate
        .counts()
        .iter()
        .map(|(k, v)| (k.as_str(), *v))
        .collect();
    assert_eq!(
        counts,
        [
            ("credited_minutes", 60),
            ("denominator", 1),
            ("numerator", 1),
            ("required_minutes", 60)
        ]
    );
}

#[test]
fn a_missed_target_is_a_shortfall_and_fails_only_when_enforcing() {
    let advisory = assess(30, Mode::Advisory).people_scorecard().unwrap();
    assert_eq!(
        advisory.status(Commitment::MicroUpskilling),
        Status::Shortfall
    );
    assert!(!advisory.fails());
    let enforcing = assess(30, Mode::Enforcing).people_scorecard().unwrap();
    assert!(enforcing.fails());
}
