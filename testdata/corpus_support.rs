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
use upskill_policy::{Assessment, Assessor, Period};
use upskill_quota::{Leave, LeaveDocument, LeaveRecord, Roster, RosterDocument, RosterRecord};
use upskill_session::{LearningSession, SessionRecord};

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
    pub period: PeriodText,
    pub as_of: DateTime<Utc>,
    pub expect: serde_json::Map<String, Value>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PeriodText {
    pub first: String,
    pub last: String,
}

pub fn assessor(case: &Case) -> Assessor {
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
    Assessor::new(pledge, roster, leave, period, case.as_of).expect("assessor")
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

pub fn check(
    name: &str,
    how: &str,
    assessment: &Assessment,
    expect: &serde_json::Map<String, Value>,
) -> Vec<String> {
    let json = serde_json::to_value(assessment).expect("serialise");
    let mut failures = Vec::new();
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
