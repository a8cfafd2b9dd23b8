//! Disclosure control across releases (issue 14 item 6; case
//! `reliability/privacy-suppression-differencing`, its `r1` copied to
//! `tests/data/privacy-differencing/`; `r2` is `r1` plus the joiner `zz99`
//! in team Delta).
//!
//! The attack of the case uses only the team table and the organisation
//! totals of two reports one learner apart: report 1's total minus Alpha
//! (report 1) minus Beta (report 2) gave report 1's withheld `other`, and
//! report 2's `other` minus that gave the joiner. Under the old rule
//! (`TeamDisclosure::Exact`) the attack recovers both exactly; under the
//! default (counts rounded to 5) it recovers neither.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a panic is a failed test"
)]

use chrono::{DateTime, Utc};
use serde_json::Value;
use upskill_calendar::{Calendar, DayOfWeek};
use upskill_pledge::{Organisation, Pledge, PledgeVersion, ProRata};
use upskill_policy::{Assessment, Assessor, Detail, Options, Period, TeamDisclosure};
use upskill_quota::{Learner, Leave, Roster, Workload};
use upskill_session::{ActivityKind, LearnerId, LearningSession, RecordId, SessionDuration};

const ROSTER: &str = include_str!("data/privacy-differencing/roster.csv");
const SESSIONS: &str = include_str!("data/privacy-differencing/sessions.csv");
/// The joiner of report 2.
const JOINER: &str = "zz99,Delta";
const JOINER_SESSIONS: &str = "zz99-0,zz99,2026-03-02T10:00:00+00:00,60,course\n\
                               zz99-1,zz99,2026-03-09T10:00:00+00:00,90,course\n";

fn rows(csv: &str) -> impl Iterator<Item = Vec<&str>> {
    csv.lines()
        .skip(1)
        .filter(|l| !l.is_empty())
        .map(|l| l.split(',').collect())
}

fn report(with_joiner: bool, options: Options) -> Assessment {
    let calendar = Calendar::from_zone_name("Europe/London", DayOfWeek::Monday).unwrap();
    let mut version = PledgeVersion::default();
    version.requirement.pro_rata = ProRata::Fte;
    let pledge = Pledge::new(
        Organisation::new("acme", "Acme Ltd").unwrap(),
        calendar.clone(),
        vec![version],
    )
    .unwrap();
    let mut roster = Roster::default();
    let joiner = if with_joiner { JOINER } else { "" };
    for row in rows(ROSTER).chain(joiner.lines().map(|l| l.split(',').collect())) {
        let learner = Learner::new(LearnerId::new(row[0]).unwrap(), Workload::default())
            .unwrap()
            .with_team(row[1].to_string());
        roster.insert(learner).unwrap();
    }
    let period = Period::new(
        calendar.parse_week("2026-W10").unwrap(),
        calendar.parse_week("2026-W12").unwrap(),
    )
    .unwrap();
    let as_of: DateTime<Utc> = "2026-03-23T09:00:00Z".parse().unwrap();
    let mut assessor =
        Assessor::with_options(pledge, roster, Leave::default(), period, as_of, options).unwrap();
    let extra = if with_joiner {
        format!("header\n{JOINER_SESSIONS}")
    } else {
        String::new()
    };
    for row in rows(SESSIONS).chain(rows(&extra)) {
        let session = LearningSession::new(
            RecordId::new(row[0]).unwrap(),
            LearnerId::new(row[1]).unwrap(),
            DateTime::parse_from_rfc3339(row[2]).unwrap(),
            SessionDuration::from_minutes(row[3].parse().unwrap()),
            ActivityKind::Course,
        )
        .unwrap();
        assessor.ingest(&session);
    }
    assessor.finish()
}

fn json(a: &Assessment) -> Value {
    serde_json::to_value(a).unwrap()
}

fn team<'a>(report: &'a Value, name: &str) -> &'a Value {
    report["teams"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["team"] == name)
        .unwrap_or_else(|| panic!("team {name}"))
}

/// (eligible learner-weeks, met learner-weeks, most, some, rarely).
type Figures = [i64; 5];

fn figures_of(row: &Value) -> Option<Figures> {
    let n = |v: &Value| v.as_i64();
    Some([
        n(&row["eligible_learner_weeks"])?,
        n(&row["met_learner_weeks"])?,
        n(&row["bands"]["most_weeks"])?,
        n(&row["bands"]["some_weeks"])?,
        n(&row["bands"]["rarely"])?,
    ])
}

fn totals(report: &Value) -> Figures {
    let m = &report["metrics"];
    let b = &report["bands"];
    [
        m["eligible_learner_weeks"].as_i64().unwrap(),
        m["met_learner_weeks"].as_i64().unwrap(),
        b["most_weeks"].as_i64().unwrap(),
        b["some_weeks"].as_i64().unwrap(),
        b["rarely"].as_i64().unwrap(),
    ]
}

/// The case's attack, on the team table and the organisation totals only:
/// the recovered `other` of report 1 and the recovered joiner.
fn attack(r1: &Value, r2: &Value) -> Option<(Figures, Figures)> {
    let org1 = totals(r1);
    let alpha1 = figures_of(team(r1, "Alpha"))?;
    let beta2 = figures_of(team(r2, "Beta"))?;
    let other2 = figures_of(team(r2, "other"))?;
    let group: Figures = std::array::from_fn(|i| org1[i] - alpha1[i] - beta2[i]);
    let person: Figures = std::array::from_fn(|i| other2[i] - group[i]);
    Some((group, person))
}

/// The truth, from the per-learner detail of the exact reports.
fn truth() -> (Figures, Figures) {
    let exact = Options {
        team_disclosure: TeamDisclosure::Exact,
        ..Options::default()
    };
    let r1 = report(false, exact);
    let r2 = report(true, exact);
    let sum = |learners: Vec<&upskill_policy::LearnerResult>| -> Figures {
        let band = |name: &str| {
            learners
                .iter()
                .filter(|l| {
                    l.band
                        .is_some_and(|b| serde_json::to_value(b).unwrap() == name)
                })
                .count() as i64
        };
        [
            learners.iter().map(|l| l.eligible_weeks as i64).sum(),
            learners.iter().map(|l| l.met_weeks as i64).sum(),
            band("most_weeks"),
            band("some_weeks"),
            band("rarely"),
        ]
    };
    let group = sum(r1
        .learners
        .iter()
        .filter(|l| l.team == "Gamma" || l.team == "Delta")
        .collect());
    let person = sum(r2
        .learners
        .iter()
        .filter(|l| l.learner_id == "zz99")
        .collect());
    (group, person)
}

/// The old rule (exact counts, complementary suppression) falls to the
/// attack: it gives the withheld group and the joiner back exactly. This is
/// what makes the test below able to fail.
#[test]
fn the_old_exact_rule_gives_back_the_group_and_the_person() {
    let exact = Options {
        team_disclosure: TeamDisclosure::Exact,
        ..Options::default()
    };
    let r1 = json(&report(false, exact));
    let r2 = json(&report(true, exact));
    assert_eq!(team(&r1, "other")["suppressed"], true);
    assert_eq!(team(&r1, "Beta")["suppressed"], true, "complementary");
    assert_eq!(team(&r2, "Beta")["suppressed"], false);
    let (group, person) = attack(&r1, &r2).expect("the exact rule publishes what the attack needs");
    assert_eq!((group, person), truth());
    assert_eq!(
        person,
        [3, 2, 0, 1, 0],
        "zz99: 3 eligible, 2 met, some_weeks"
    );
}

/// Under the default rule the same attack recovers neither the group nor the
/// person, and every figure it aims at stays ambiguous: each published count
/// stands for five possible true counts, so the differences of two reports
/// stand for a range of at least five values, with the truth somewhere in it.
#[test]
fn the_default_rule_holds_across_two_releases() {
    let r1 = json(&report(false, Options::default()));
    let r2 = json(&report(true, Options::default()));
    // Which rows are withheld depends on each row's own size only: the same
    // in both releases for the teams that did not change.
    for name in ["Alpha", "Beta"] {
        assert_eq!(team(&r1, name)["suppressed"], false, "{name}");
        assert_eq!(team(&r2, name)["suppressed"], false, "{name}");
    }
    assert_eq!(team(&r1, "other")["suppressed"], true);
    // Every published count is a multiple of 5.
    for report in [&r1, &r2] {
        for row in report["teams"].as_array().unwrap() {
            assert_eq!(row["learners"].as_u64().unwrap() % 5, 0, "{row}");
            if let Some(f) = figures_of(row) {
                assert!(f.iter().all(|n| n % 5 == 0), "{row}");
            }
        }
    }
    let (true_group, true_person) = truth();
    let (group, person) = attack(&r1, &r2).unwrap();
    assert_ne!(group, true_group, "the group is not given back");
    assert_ne!(person, true_person, "the person is not given back");
    // The attacker's best: each rounded count r means a true count in
    // r-2..=r+2. The group is org - alpha - beta: an interval of 9 values
    // (fewer only at 0), holding the truth; the person, other2 - group, wider.
    let org1 = totals(&r1);
    let alpha1 = figures_of(team(&r1, "Alpha")).unwrap();
    let beta2 = figures_of(team(&r2, "Beta")).unwrap();
    let other2 = figures_of(team(&r2, "other")).unwrap();
    for i in 0..5 {
        let group_range =
            (org1[i] - alpha1[i] - beta2[i] - 4)..=(org1[i] - alpha1[i] - beta2[i] + 4);
        assert!(group_range.contains(&true_group[i]));
        let candidates = group_range.clone().filter(|g| *g >= 0).count();
        assert!(candidates >= 5, "figure {i}: {candidates} candidates");
        let lowest = other2[i] - 2 - group_range.end();
        let highest = other2[i] + 2 - group_range.start();
        assert!((lowest..=highest).contains(&true_person[i]));
        assert!(highest - lowest >= 8, "figure {i}");
    }
}

/// `Detail::Teams` and `Detail::None` leave every per-learner row out, in
/// JSON too: no learner id appears anywhere in the report.
#[test]
fn shareable_reports_hold_no_learner_ids() {
    for detail in [Detail::Teams, Detail::None] {
        let options = Options {
            detail,
            ..Options::default()
        };
        let assessment = report(true, options);
        let text = serde_json::to_string(&assessment).unwrap();
        assert!(assessment.learners.is_empty());
        for id in ["p01", "p15", "zz99"] {
            assert!(!text.contains(id), "{detail:?}: `{id}` in {text}");
        }
        let value = json(&assessment);
        assert_eq!(value["detail"], serde_json::to_value(detail).unwrap());
        assert_eq!(
            value["teams"].as_array().unwrap().is_empty(),
            detail == Detail::None
        );
        // The organisation figures stay, and the ledger still balances.
        assert_eq!(value["metrics"]["learners_in_roster"], 16);
        assert_eq!(value["ledger"]["records_read"], 32);
    }
    let full = json(&report(true, Options::default()));
    assert!(
        full.get("detail").is_none(),
        "the default report is unchanged"
    );
    assert_eq!(full["learners"].as_array().unwrap().len(), 16);
}

/// `Options::learner_weeks` off (what the text report asks for) leaves out
/// only the learners' weekly rows: every learner's totals, band and rate,
/// and every other figure, are those of the full assessment.
#[test]
fn without_learner_weeks_only_the_weekly_rows_are_left_out() {
    let full = report(true, Options::default());
    let lean = report(
        true,
        Options {
            learner_weeks: false,
            ..Options::default()
        },
    );
    assert!(full.learners.iter().any(|l| !l.weeks.is_empty()));
    assert!(lean.learners.iter().all(|l| l.weeks.is_empty()));
    let mut expected = json(&full);
    for learner in expected["learners"].as_array_mut().unwrap() {
        learner["weeks"] = serde_json::json!([]);
    }
    assert_eq!(json(&lean), expected);
}
