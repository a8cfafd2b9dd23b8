//! The pledge validator: a setting that has no effect under the options
//! chosen is a warning (`P020`, issue 11 item 7; case `field/workday-40h-fulltime`),
//! and a number finer than the engine keeps is an error (`P005`, issue 14
//! item 4; case `reliability/pledge-target-silently-rounded`).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a panic is a failed test"
)]

use upskill_formats::DocumentKind;
use upskill_schema::{Input, ValidateOptions, validate};

fn problems(json: &str) -> String {
    let report = validate(
        DocumentKind::Pledge,
        Input::new("pledge.json", json.as_bytes()),
        &ValidateOptions::new(),
    );
    report
        .problems
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

const HEAD: &str = r#""schema_version": 1, "organisation": {"id": "acme-us", "name": "Acme Inc"}, "time_zone": "America/Chicago""#;

/// The handed pledge (`pro_rata: fte`, `full_time_hours: 40`): the setting is
/// now used (hours rows are measured against it), so no warning.
#[test]
fn full_time_hours_under_fte_is_used_and_not_warned() {
    let json = format!(
        r#"{{{HEAD}, "minutes_per_week": 60, "pro_rata": "fte", "full_time_hours": 40, "target": {{"learner_week_rate": 0.8}}}}"#
    );
    assert_eq!(problems(&json), "");
}

#[test]
fn settings_without_effect_are_warned_at_their_field() {
    let json = format!(
        r#"{{{HEAD}, "full_time_hours": 40, "holidays": ["2026-07-04", "2026-07-03"],
            "counting": {{"daily_cap_minutes": 1500, "per_session_cap_minutes": 44640, "rounding_increment_minutes": 1}},
            "versions": [{{"effective_from": "2026-W14", "full_time_hours": 38}},
                         {{"effective_from": "2026-W20", "pro_rata": "contracted_hours", "full_time_hours": 40}}]}}"#
    );
    insta::assert_snapshot!(problems(&json), @r"
    pledge.json#/counting/daily_cap_minutes: warning[P020]: `daily_cap_minutes` 1500 has no effect: no day holds more than 1500 minutes
    pledge.json#/counting/per_session_cap_minutes: warning[P020]: `per_session_cap_minutes` 44640 has no effect: no session may last more than 44640 minutes
    pledge.json#/counting/rounding_increment_minutes: warning[P020]: `rounding_increment_minutes` 1 has no effect: credited time is whole minutes already
    pledge.json#/full_time_hours: warning[P020]: `full_time_hours` has no effect: `pro_rata` is `none` wherever it is in force, so no learner is measured against a full-time week; set `pro_rata` to `fte` or `contracted_hours`, or remove it
    pledge.json#/versions/0/full_time_hours: warning[P020]: `full_time_hours` has no effect: `pro_rata` is `none` wherever it is in force, so no learner is measured against a full-time week; set `pro_rata` to `fte` or `contracted_hours`, or remove it
    pledge.json#/holidays/0: warning[P020]: the holiday `2026-07-04` has no effect: it falls on a saturday, not a working day
    ");
}

/// `full_time_hours` named under `pro_rata: none` and inherited by a later
/// version that switches pro-rata on has an effect: no warning.
#[test]
fn inherited_full_time_hours_used_later_is_not_warned() {
    let json = format!(
        r#"{{{HEAD}, "pro_rata": "none", "full_time_hours": 40,
            "versions": [{{"effective_from": "2026-W11", "pro_rata": "contracted_hours"}}]}}"#
    );
    assert_eq!(problems(&json), "");
}

#[test]
fn a_target_finer_than_a_millionth_is_an_error_at_its_field() {
    let json = format!(r#"{{{HEAD}, "target": {{"learner_week_rate": 0.5740741}}}}"#);
    insta::assert_snapshot!(problems(&json), @"pledge.json#/target/learner_week_rate: error[P005]: `0.5740741` is not a proportion: expected a number from 0 to 1 with at most 6 decimal places");
}
