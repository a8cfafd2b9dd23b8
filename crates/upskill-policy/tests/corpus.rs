//! Runs the decision corpus in `testdata/cases/` (format: `testdata/README.md`)
//! through every engine entry point: records in file order, in reverse order,
//! and one forked assessor per record merged back together. All three must
//! meet every expectation, and serialise byte-identically.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test and bench code: a panic is a failed run, not a crash a user sees"
)]

use std::path::PathBuf;

use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::Value;
use upskill_pledge::{Pledge, PledgeDocument};
use upskill_policy::{Assessment, Assessor, Detail, Options, Period, TeamDisclosure};
use upskill_quota::{Leave, LeaveDocument, LeaveRecord, Roster, RosterDocument, RosterRecord};
use upskill_session::{LearningSession, SessionRecord};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    description: String,
    pledge: PledgeDocument,
    roster: Vec<RosterRecord>,
    #[serde(default)]
    leave: Vec<LeaveRecord>,
    #[serde(default)]
    sessions: Vec<SessionRecord>,
    period: PeriodText,
    as_of: DateTime<Utc>,
    #[serde(default)]
    options: CaseOptions,
    expect: serde_json::Map<String, Value>,
}

/// Report options a case sets (`Options`); absent fields keep the defaults.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct CaseOptions {
    /// `exact`, or `rounded` (base 5, the default).
    #[serde(default)]
    team_disclosure: Option<String>,
    /// `learners` (the default), `teams` or `none`.
    #[serde(default)]
    detail: Option<Detail>,
}

fn options(case: &Case) -> Options {
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
struct PeriodText {
    first: String,
    last: String,
}

fn assessor(case: &Case) -> Assessor {
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
    Assessor::with_options(pledge, roster, leave, period, case.as_of, options(case))
        .expect("assessor")
}

fn sessions(case: &Case) -> Vec<LearningSession> {
    case.sessions
        .iter()
        .map(|r| LearningSession::try_from(r.clone()).expect("session"))
        .collect()
}

/// Resolves `a.b[key].c[0]`: `[key]` picks the array element whose id field
/// (`learner_id`, `week`, `team` or `name`) equals `key`; `[N]` an index.
fn resolve<'a>(root: &'a Value, path: &str) -> Option<&'a Value> {
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
const RATES: &[(&str, &str, &str, &str, &str)] = &[
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

#[test]
fn every_rate_of_the_report_schema_has_a_denominator() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../schemas/assessment-report.schema.json");
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("schema")).expect("json");
    let mut found = Vec::new();
    for (def, body) in schema["$defs"].as_object().expect("$defs") {
        let Some(props) = body["properties"].as_object() else {
            continue;
        };
        for (field, prop) in props {
            let numeric = prop["type"]
                .as_array()
                .is_some_and(|t| t.iter().any(|t| t == "number"));
            if numeric {
                found.push((def.clone(), field.clone()));
            }
        }
    }
    // Every number-typed field of the report is a rate or a threshold.
    let thresholds = [("Criterion", "threshold")];
    for (def, field) in &found {
        let known = RATES.iter().any(|(d, _, f, _, _)| d == def && f == field)
            || thresholds.iter().any(|(d, f)| d == def && f == field);
        assert!(
            known,
            "`{def}.{field}` is a number with no denominator listed in RATES"
        );
    }
    for (def, _, field, _, _) in RATES {
        assert!(
            found.iter().any(|(d, f)| d == def && f == field),
            "RATES lists `{def}.{field}`, which the schema does not have"
        );
    }
}

fn check(
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

#[test]
fn decision_corpus() {
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
    let mut failures = Vec::new();
    for path in &paths {
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
        let records = sessions(&case);

        let mut forward = assessor(&case);
        records.iter().for_each(|r| forward.ingest(r));
        let forward = forward.finish();

        let mut backward = assessor(&case);
        records.iter().rev().for_each(|r| backward.ingest(r));
        let backward = backward.finish();

        let base = assessor(&case);
        let mut merged = base.fork();
        for r in &records {
            let mut part = base.fork();
            part.ingest(r);
            merged = part.merge(merged).expect("merge");
        }
        let merged = merged.finish();

        for (how, result) in [
            ("in order", &forward),
            ("reversed", &backward),
            ("merged", &merged),
        ] {
            failures.extend(check(&name, how, result, &case.expect));
        }
        let bytes = serde_json::to_string(&forward).expect("json");
        assert_eq!(
            bytes,
            serde_json::to_string(&backward).expect("json"),
            "{name}: reversed input serialises differently"
        );
        assert_eq!(
            bytes,
            serde_json::to_string(&merged).expect("json"),
            "{name}: merged input serialises differently"
        );
    }
    assert!(
        failures.is_empty(),
        "{} expectation(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
