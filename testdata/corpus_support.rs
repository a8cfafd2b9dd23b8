//! Shared by the decision-corpus runners (`crates/upskill-policy/tests/corpus.rs`,
//! `crates/upskill-dataset/tests/corpus.rs`): the case format of
//! `testdata/README.md`, the engine set-up of a case, and the expectation checks.
//! Included with `#[path]`, so every runner reads cases the same way.

#![allow(dead_code, reason = "each runner uses part of it")]

use std::path::PathBuf;

use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::Value;
use upskill_pledge::{Pledge, PledgeDocument};
use upskill_policy::{Assessment, Assessor, Detail, Options, Period, TeamDisclosure};
use upskill_quota::{Leave, LeaveDocument, LeaveRecord, Roster, RosterDocument, RosterRecord};
use upskill_session::{
    ActivityKind, LearnerId, LearningSession, RecordId, SessionDuration, SessionRecord, TimeTotal,
    TotalCovers,
};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    pub description: String,
    pub pledge: PledgeDocument,
    pub roster: Vec<RosterRecord>,
    #[serde(default)]
    pub leave: Vec<LeaveRecord>,
    #[serde(default)]
    pub sessions: Vec<SessionRecord>,
    /// Time-spent totals (the `time_totals.jsonl` record format).
    #[serde(default)]
    pub time_totals: Vec<TotalRecord>,
    pub period: PeriodText,
    pub as_of: DateTime<Utc>,
    #[serde(default)]
    pub options: CaseOptions,
    pub expect: serde_json::Map<String, Value>,
}

/// Report options a case sets; absent fields keep the defaults.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct CaseOptions {
    /// `exact`, or `rounded` (base 5, the default).
    #[serde(default)]
    pub team_disclosure: Option<String>,
    /// `learners` (the default), `teams` or `none`.
    #[serde(default)]
    pub detail: Option<Detail>,
}

/// The engine options of a case.
pub fn options(case: &Case) -> Options {
    let mut options = Options::default();
    match case.options.team_disclosure.as_deref() {
        None | Some("rounded") => {}
        Some("exact") => options.team_disclosure = TeamDisclosure::Exact,
        Some(other) => panic!("unknown team_disclosure `{other}`"),
    }
    if let Some(detail) = case.options.detail {
        options.detail = detail;
    }
    options
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PeriodText {
    pub first: String,
    pub last: String,
}

pub fn assessor(case: &Case) -> Assessor {
    assessor_with(case, options(case))
}

/// The engine set-up of a case, with `options`.
pub fn assessor_with(case: &Case, given: Options) -> Assessor {
    let pledge = Pledge::from_document(&case.pledge).expect("pledge");
    let (roster, errors) = Roster::from_document(&RosterDocument {
        schema_version: 1,
        learners: case.roster.clone(),
    });
    assert!(errors.is_empty(), "roster errors: {errors:?}");
    let (leave, errors) = Leave::from_document(&LeaveDocument {
        schema_version: 1,
        leave: case.leave.clone(),
    });
    assert!(errors.is_empty(), "leave errors: {errors:?}");
    let calendar = pledge.calendar().clone();
    let period = Period::new(
        calendar.parse_week(&case.period.first).expect("first week"),
        calendar.parse_week(&case.period.last).expect("last week"),
    )
    .expect("period");
    // The case's own options (team disclosure, detail) with the caller's.
    let own = options(case);
    let options = Options {
        team_disclosure: own.team_disclosure,
        detail: own.detail,
        ..given
    };
    Assessor::with_options(pledge, roster, leave, period, case.as_of, options).expect("assessor")
}

/// A time-spent total of a case: `date` (a day) or `week` (an ISO week
/// label), whole `minutes`.
#[derive(Deserialize, serde::Serialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct TotalRecord {
    pub record_id: String,
    pub learner_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<chrono::NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub week: Option<String>,
    pub minutes: u64,
    pub activity: String,
}

impl TotalRecord {
    pub fn total(&self) -> TimeTotal {
        let (date, covers) = match (&self.date, &self.week) {
            (Some(date), None) => (*date, TotalCovers::Day),
            (None, Some(week)) => {
                let (year, week) = week.split_once("-W").expect("week label");
                let monday = chrono::NaiveDate::from_isoywd_opt(
                    year.parse().expect("year"),
                    week.parse().expect("week"),
                    chrono::Weekday::Mon,
                )
                .expect("week");
                (monday, TotalCovers::Week)
            }
            _ => panic!("a total needs one of date and week"),
        };
        TimeTotal::new(
            RecordId::new(&self.record_id).expect("record id"),
            LearnerId::new(&self.learner_id).expect("learner id"),
            date,
            covers,
            SessionDuration::from_minutes(self.minutes),
            ActivityKind::parse(&self.activity).expect("activity"),
        )
        .expect("total")
    }
}

/// A record of a case: a session or a time total.
pub enum Record {
    Session(LearningSession),
    Total(TimeTotal),
}

impl Record {
    pub fn ingest(&self, assessor: &mut Assessor) {
        self.ingest_at(assessor, None);
    }

    pub fn ingest_at(
        &self,
        assessor: &mut Assessor,
        location: Option<&upskill_diagnostics::Location>,
    ) {
        match self {
            Record::Session(s) => assessor.ingest_at(s, location),
            Record::Total(t) => assessor.ingest_total_at(t, location),
        }
    }
}

/// The case's sessions, then its time totals.
pub fn records(case: &Case) -> Vec<Record> {
    let mut all: Vec<Record> = sessions(case).into_iter().map(Record::Session).collect();
    all.extend(case.time_totals.iter().map(|t| Record::Total(t.total())));
    all
}

pub fn sessions(case: &Case) -> Vec<LearningSession> {
    case.sessions
        .iter()
        .map(|r| LearningSession::try_from(r.clone()).expect("session"))
        .collect()
}

/// Resolves `a.b[key].c[0]`: `[key]` picks the array element whose id field
/// (`learner_id`, `week`, `team` or `name`) equals `key`; `[N]` an index.
pub fn resolve<'a>(root: &'a Value, path: &str) -> Option<&'a Value> {
    let mut here = root;
    for segment in path.split('.') {
        let (name, key) = match segment.split_once('[') {
            Some((name, rest)) => (name, Some(rest.strip_suffix(']')?)),
            None => (segment, None),
        };
        here = here.get(name)?;
        if let Some(key) = key {
            let items = here.as_array()?;
            here = match key.parse::<usize>() {
                Ok(i) => items.get(i)?,
                Err(_) => items.iter().find(|item| {
                    ["learner_id", "week", "team", "name"]
                        .iter()
                        .any(|field| item.get(field).and_then(Value::as_str) == Some(key))
                })?,
            };
        }
    }
    Some(here)
}

/// Every rate of the report, by the schema definition holding it: where its
/// objects sit in the report, the rate field, and the fields of its
/// numerator and denominator. docs/report.md: a rate is `null` exactly when
/// its denominator is 0, else `numerator / denominator` to 6 decimals.
pub const RATES: &[(&str, &str, &str, &str, &str)] = &[
    (
        "Metrics",
        "metrics",
        "learner_week_rate",
        "met_learner_weeks",
        "eligible_learner_weeks",
    ),
    (
        "Metrics",
        "metrics",
        "participation_rate",
        "learners_participating",
        "learners_eligible",
    ),
    (
        "Criterion",
        "criteria",
        "measured",
        "numerator",
        "denominator",
    ),
    ("WeekSummary", "weekly", "rate", "met", "eligible"),
    (
        "LearnerResult",
        "learners",
        "rate",
        "met_weeks",
        "eligible_weeks",
    ),
    (
        "TeamSummary",
        "teams",
        "learner_week_rate",
        "met_learner_weeks",
        "eligible_learner_weeks",
    ),
    ("TeamSummary", "teams", "participation_rate", "", "learners"),
    (
        "Forecast",
        "forecast",
        "required_rate_remaining",
        "met_learner_weeks_still_needed",
        "remaining_learner_weeks",
    ),
];

/// The rate contract on one report: each rate is `null` exactly when its
/// denominator is 0 (a suppressed team row has no rate at all), and equals its
/// fraction rounded to 6 decimals when the numerator is in the report.
/// The one documented exception: the forecast's rate is `null` without a
/// learner-week-rate target.
fn check_rates(name: &str, how: &str, json: &Value) -> Vec<String> {
    let mut failures = Vec::new();
    let has_rate_target = json["criteria"]
        .as_array()
        .is_some_and(|c| c.iter().any(|c| c["name"] == "learner_week_rate"));
    for (_, at, field, numerator, denominator) in RATES {
        let objects: Vec<&Value> = match &json[*at] {
            Value::Array(items) => items.iter().collect(),
            Value::Null => Vec::new(),
            one => vec![one],
        };
        for object in objects {
            let rate = object.get(*field);
            let den = object.get(*denominator).and_then(Value::as_u64);
            let num = object.get(*numerator).and_then(Value::as_u64);
            let suppressed = object.get("suppressed") == Some(&Value::Bool(true));
            let ok = match (rate, den) {
                _ if suppressed => rate.is_none(),
                (Some(Value::Null), Some(0)) => true,
                (Some(Value::Null), Some(_)) => *at == "forecast" && !has_rate_target,
                (Some(Value::Number(r)), Some(d)) if d > 0 => num.is_none_or(|n| {
                    let exact = (n as f64) / (d as f64);
                    (r.as_f64().unwrap() - (exact * 1e6).round() / 1e6).abs() < 1e-9
                }),
                _ => false,
            };
            if !ok {
                failures.push(format!(
                    "{name} ({how}): `{at}.{field}` is {} over denominator `{denominator}` {}",
                    rate.map_or("absent".to_string(), Value::to_string),
                    den.map_or("absent".to_string(), |d| d.to_string())
                ));
            }
        }
    }
    failures
}

pub fn check(
    name: &str,
    how: &str,
    assessment: &Assessment,
    expect: &serde_json::Map<String, Value>,
) -> Vec<String> {
    let json = serde_json::to_value(assessment).expect("serialise");
    let mut failures = check_rates(name, how, &json);
    let total = assessment.ledger.fates.total();
    if total != assessment.ledger.records_read {
        failures.push(format!(
            "{name} ({how}): ledger sums to {total}, read {}",
            assessment.ledger.records_read
        ));
    }
    for (path, wanted) in expect {
        let got = resolve(&json, path);
        let ok = match (wanted, got) {
            (Value::String(s), None) if s == "absent" => true,
            (Value::Null, Some(Value::Null)) => true,
            (Value::Number(w), Some(Value::Number(g))) => w.as_f64() == g.as_f64(),
            (w, Some(g)) => w == g,
            _ => false,
        };
        if !ok {
            failures.push(format!(
                "{name} ({how}): `{path}` expected {wanted}, got {}",
                got.map_or("nothing".to_string(), Value::to_string)
            ));
        }
    }
    failures
}

/// Every case of `testdata/cases/`, by file stem, in name order.
pub fn cases() -> Vec<(String, Case)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../testdata/cases");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("testdata/cases")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    assert!(
        paths.len() >= 30,
        "the corpus must hold at least 30 cases, found {}",
        paths.len()
    );
    paths
        .iter()
        .map(|path| {
            let name = path
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or("?")
                .to_string();
            let text = std::fs::read_to_string(path).expect("read case");
            let case: Case = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert!(
                !case.description.is_empty() && !case.expect.is_empty(),
                "{name}: needs a description and expectations"
            );
            (name, case)
        })
        .collect()
}
