//! The handed rules cases (`testdata/rules/<case>/`, copied from
//! `shared/cases/rules/`, each with its `expected.md` hand computation) run
//! the way their `expected.md` says: through the `upskill` command, on the
//! files, and give the hand-computed answer. The same inputs are decision
//! corpus cases too (`testdata/cases/`), which run them through every engine
//! entry point.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a panic is a failed run, not a crash a user sees"
)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

fn case_dir(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../testdata/rules")
        .join(name)
}

/// `upskill evaluate <case> <args> --format json`: the exit status and report.
fn evaluate(case: &str, args: &[&str]) -> (i32, Value) {
    let dir = case_dir(case);
    let output = Command::cargo_bin("upskill")
        .unwrap()
        .current_dir(&dir)
        .arg("evaluate")
        .arg(".")
        .args(args)
        .args(["--format", "json"])
        .output()
        .unwrap();
    let report = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "{case} {args:?}: no JSON report ({e}); stderr: {}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    (output.status.code().unwrap_or(-1), report)
}

fn week<'a>(report: &'a Value, learner: &str, label: &str) -> &'a Value {
    let learner = report["learners"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["learner_id"] == learner)
        .unwrap();
    learner["weeks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["week"] == label)
        .unwrap()
}

const CLOSED: [&str; 6] = [
    "--from",
    "2026-W10",
    "--to",
    "2026-W11",
    "--as-of",
    "2026-06-01T00:00:00Z",
];

#[test]
fn carry_forward_capped_by_the_receiving_week_only() {
    let (status, report) = evaluate("carry-forward-capped-by-earning-week", &CLOSED);
    assert_eq!(week(&report, "A", "2026-W11")["carried_in_minutes"], 60);
    assert_eq!(week(&report, "A", "2026-W11")["status"], "met");
    assert_eq!(report["verdict"], "met");
    assert_eq!(status, 0);

    let mut args = CLOSED.to_vec();
    args.extend(["--pledge", "pledge-cap-raised.json"]);
    let (_, report) = evaluate("carry-forward-capped-by-earning-week", &args);
    assert_eq!(week(&report, "A", "2026-W11")["carried_in_minutes"], 120);
    assert_eq!(report["verdict"], "met");
}

#[test]
fn full_time_hours_survive_a_pro_rata_switch() {
    let (status, report) = evaluate("full-time-hours-lost-across-versions", &CLOSED);
    assert_eq!(week(&report, "A", "2026-W11")["required_minutes"], 30);
    assert_eq!(week(&report, "A", "2026-W11")["status"], "met");
    assert_eq!(report["metrics"]["met_learner_weeks"], 2);
    assert_eq!(report["verdict"], "met");
    assert_eq!(status, 0);

    let mut args = CLOSED.to_vec();
    args.extend(["--pledge", "pledge-fte-first.json"]);
    let (_, report) = evaluate("full-time-hours-lost-across-versions", &args);
    // Under fte too, hours are measured against the pledge's full_time_hours
    // (issue 11 item 7, case workday-40h-fulltime): 60 x 20/40 = 30, not 32.
    assert_eq!(week(&report, "A", "2026-W10")["required_minutes"], 30);
    assert_eq!(week(&report, "A", "2026-W11")["required_minutes"], 30);
}

#[test]
fn forecast_rate_is_null_over_no_remaining_weeks() {
    let running = [
        "--from",
        "2026-W10",
        "--to",
        "2026-W11",
        "--as-of",
        "2026-03-10T12:00:00Z",
    ];
    let (_, report) = evaluate("forecast-rate-zero-denominator", &running);
    let forecast = &report["forecast"];
    assert_eq!(forecast["remaining_learner_weeks"], 0);
    assert_eq!(forecast["met_learner_weeks_still_needed"], 0);
    assert_eq!(forecast["required_rate_remaining"], Value::Null);
    assert_eq!(forecast["reachable"], true);
    assert_eq!(report["verdict"], "on_track");

    let mut args = running.to_vec();
    args.extend(["--sessions", "sessions-w10-missed.csv"]);
    let (_, report) = evaluate("forecast-rate-zero-denominator", &args);
    let forecast = &report["forecast"];
    assert_eq!(forecast["met_learner_weeks_still_needed"], 1);
    assert_eq!(forecast["required_rate_remaining"], Value::Null);
    assert_eq!(forecast["reachable"], false);
    assert_eq!(report["verdict"], "at_risk");
}

#[test]
fn zero_minimum_is_no_minimum_and_zero_working_days_is_refused_in_days() {
    let w10 = [
        "--from",
        "2026-W10",
        "--to",
        "2026-W10",
        "--as-of",
        "2026-06-01T00:00:00Z",
    ];
    let (status, report) = evaluate("zero-caps-schema-mismatch", &w10);
    assert_eq!(week(&report, "A", "2026-W10")["credited_minutes"], 60);
    assert_eq!(report["verdict"], "met");
    assert_eq!(status, 0);

    let output = Command::cargo_bin("upskill")
        .unwrap()
        .current_dir(case_dir("zero-caps-schema-mismatch"))
        .args(["evaluate", "."])
        .args(w10)
        .args(["--pledge", "pledge-working-days-0.json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("`partial_weeks.working_days` must be at least 1 working day"),
        "{stderr}"
    );
}
