//! Assess an organisation held in memory: build a pledge, a roster and a few
//! sessions in code, feed them to the engine, read the verdict and the ledger.
//!
//! Run: `cargo run -p upskill --example assess_in_memory`

use chrono::{DateTime, Utc};
use upskill::pledge::ProRata;
use upskill::{
    ActivityKind, Assessor, Calendar, DayOfWeek, Learner, LearnerId, LearningSession, Leave,
    Organisation, Period, Pledge, PledgeVersion, Proportion, RecordId, Roster, SessionDuration,
    Workload,
};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // The organisation counts its weeks in London, Monday to Sunday.
    let calendar = Calendar::from_zone_name("Europe/London", DayOfWeek::Monday)?;
    let mut rules = PledgeVersion::default(); // 60 minutes a week, target rate 0.8
    rules.requirement.pro_rata = ProRata::Fte;
    let pledge = Pledge::new(
        Organisation::new("acme", "Acme Ltd")?,
        calendar.clone(),
        vec![rules],
    )?;

    let roster = Roster::new([
        Learner::new(LearnerId::new("ana")?, Workload::default())?.with_team("Data"),
        Learner::new(
            LearnerId::new("ben")?,
            Workload::Fte(Proportion::parse("0.6")?),
        )?
        .with_team("Data"),
    ])?;

    // Two weeks around the UK clocks going forward (29 March 2026).
    let period = Period::new(
        calendar.parse_week("2026-W13")?,
        calendar.parse_week("2026-W14")?,
    )?;
    let as_of: DateTime<Utc> = "2026-04-06T09:00:00Z".parse()?;
    let mut assessor = Assessor::new(pledge, roster, Leave::default(), period, as_of)?;

    let sessions = [
        (
            "s1",
            "ana",
            "2026-03-24T12:30:00+00:00",
            60,
            ActivityKind::ELearning,
        ),
        // Sunday 23:30 BST to Monday 00:30: 30 minutes in each week.
        (
            "s2",
            "ana",
            "2026-03-29T23:30:00+01:00",
            60,
            ActivityKind::Webinar,
        ),
        (
            "s3",
            "ana",
            "2026-03-31T08:00:00+01:00",
            30,
            ActivityKind::Reading,
        ),
        (
            "s4",
            "ben",
            "2026-03-25T10:00:00+00:00",
            36,
            ActivityKind::Course,
        ),
        (
            "s4",
            "ben",
            "2026-03-25T10:00:00+00:00",
            36,
            ActivityKind::Course,
        ), // a duplicate
        (
            "s5",
            "cat",
            "2026-03-25T10:00:00+00:00",
            60,
            ActivityKind::Course,
        ), // not in the roster
    ];
    for (id, learner, start, minutes, kind) in sessions {
        let session = LearningSession::new(
            RecordId::new(id)?,
            LearnerId::new(learner)?,
            DateTime::parse_from_rfc3339(start)?,
            SessionDuration::from_minutes(minutes),
            kind,
        )?;
        assessor.ingest(&session);
    }

    let assessment = assessor.finish();
    println!(
        "verdict: {} ({})",
        assessment.verdict, assessment.explanation
    );
    for learner in &assessment.learners {
        for week in &learner.weeks {
            println!(
                "  {:<4} {}  required {:>3}  credited {:>3}  {:?}",
                learner.learner_id,
                week.week,
                week.required_minutes,
                week.credited_minutes,
                week.status
            );
        }
    }
    let fates = assessment.ledger.fates;
    println!(
        "ledger: {} read = {} credited + {} duplicate + {} unknown learner",
        assessment.ledger.records_read, fates.credited, fates.duplicate, fates.unknown_learner
    );
    Ok(())
}
