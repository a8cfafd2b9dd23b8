//! Exactness promises (issue 14 item 4): a number with more decimals than the
//! engine keeps is a located error in every reader, never silently rounded.
//! Case `reliability/pledge-target-silently-rounded`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a panic is a failed test"
)]

use upskill_formats::{Format, ReadOptions, read_pledge, read_roster, read_sessions};

fn pledge_problem(extra: &str) -> String {
    let json = format!(
        r#"{{"schema_version": 1, "organisation": {{"id": "acme", "name": "Acme Ltd"}},
            "time_zone": "Europe/London", "minutes_per_week": 60, "pro_rata": "fte"{extra}}}"#
    );
    match read_pledge("pledge.json", json.as_bytes(), ReadOptions::new()) {
        Ok(pledge) => format!("read: {:?}", pledge.versions()[0].target),
        Err(problems) => problems
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n"),
    }
}

/// The handed case: `0.5740741` was rounded to 0.574074 and flipped the verdict to `met`.
#[test]
fn pledge_target_with_seven_decimals_is_refused_at_its_field() {
    insta::assert_snapshot!(pledge_problem(r#", "target": {"learner_week_rate": 0.5740741}"#), @"pledge.json#/target/learner_week_rate: error[P005]: `0.5740741` is not a proportion: expected a number from 0 to 1 with at most 6 decimal places");
}

#[test]
fn every_proportion_and_hours_field_of_the_pledge_is_checked() {
    for (extra, pointer) in [
        (
            r#", "target": {"learner_week_rate": 1e-7}"#,
            "#/target/learner_week_rate",
        ),
        (
            r#", "target": {"participation_rate": 0.99999999999}"#,
            "#/target/participation_rate",
        ),
        (
            r#", "target": {"most_weeks_share": 0.0000004}"#,
            "#/target/most_weeks_share",
        ),
        (
            r#", "bands": {"most_weeks": 0.7500001}"#,
            "#/bands/most_weeks",
        ),
        (
            r#", "bands": {"some_weeks": 0.2500001}"#,
            "#/bands/some_weeks",
        ),
        (r#", "full_time_hours": 37.51"#, "#/full_time_hours"),
        (
            r#", "versions": [{"effective_from": "2026-W14", "target": {"learner_week_rate": 0.8000001}}]"#,
            "#/versions/0/target/learner_week_rate",
        ),
        (
            r#", "versions": [{"effective_from": "2026-W14", "full_time_hours": 40.001}]"#,
            "#/versions/0/full_time_hours",
        ),
    ] {
        let problem = pledge_problem(extra);
        assert!(
            problem.starts_with(&format!("pledge.json{pointer}: error[P005]")),
            "{extra}: {problem}"
        );
    }
    insta::assert_snapshot!(pledge_problem(r#", "full_time_hours": 37.51"#), @"pledge.json#/full_time_hours: error[P005]: `37.51` hours is not a whole number of minutes: the engine keeps hours to the minute, give at most that precision");
}

#[test]
fn exact_pledge_numbers_are_read_exactly() {
    let read = pledge_problem(
        r#", "full_time_hours": 37.5, "target": {"learner_week_rate": 0.574074, "participation_rate": 0.8}, "bands": {"most_weeks": 0.75}"#,
    );
    assert!(read.starts_with("read: "), "{read}");
    assert!(read.contains("ppm: 574074"), "{read}");
}

#[test]
fn roster_hours_and_fte_finer_than_kept_are_refused() {
    let csv = "learner_id,fte,contracted_hours\n\
               e1,0.5000001,\n\
               e2,,20.001\n\
               e3,,0.016667\n\
               e4,0.5,\n";
    let rows: Vec<String> = read_roster("roster.csv", csv.as_bytes(), None, ReadOptions::new())
        .map(|row| match row {
            Ok(learner) => format!("ok {:?}", learner.value.workload()),
            Err(rejected) => rejected
                .into_diagnostics()
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("; "),
        })
        .collect();
    insta::assert_snapshot!(rows.join("\n"), @r"
    roster.csv:2:4: error[R006]: FTE `0.5000001` of `e1` must be above 0 and at most 1, with at most 6 decimal places
    roster.csv:3:5: error[R007]: contracted hours `20.001` of `e2` are not a whole number of minutes, which the engine keeps: give at most that precision
    ok ContractedMinutes(1)
    ok Fte(Proportion { ppm: 500000 })
    ");
}

#[test]
fn session_minutes_finer_than_a_millisecond_are_refused_in_csv_and_json() {
    let csv = "record_id,learner_id,start,duration_minutes,duration,activity\n\
               r1,e1,2026-03-02T09:00:00Z,0.00001,,reading\n\
               r2,e1,2026-03-02T10:00:00Z,22.5,,reading\n\
               r3,e1,2026-03-02T11:00:00Z,,PT1.005S,reading\n\
               r4,e1,2026-03-02T12:00:00Z,,PT1.250S,reading\n";
    let json = r#"{"record_id":"r1","learner_id":"e1","start":"2026-03-02T09:00:00Z","duration_minutes":0.00001,"activity":"reading"}"#;
    let mut shown = Vec::new();
    for (file, input, format) in [
        ("s.csv", csv, Format::Csv),
        ("s.jsonl", json, Format::JsonLines),
    ] {
        for row in read_sessions(file, input.as_bytes(), Some(format), ReadOptions::new()) {
            shown.push(match row {
                Ok(session) => format!("ok {}", session.value.duration().as_millis()),
                Err(rejected) => rejected
                    .into_diagnostics()
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("; "),
            });
        }
    }
    insta::assert_snapshot!(shown.join("\n"), @r"
    s.csv:2:28: error[S010]: `duration_minutes` `0.00001` is finer than a millisecond, which the engine keeps: give at most that precision
    ok 1350000
    s.csv:4:29: error[S010]: `duration` `PT1.005S` is finer than a hundredth of a second, the precision durations are read to: give at most that precision
    ok 1250
    s.jsonl:1:68#/duration_minutes: error[S010]: `duration_minutes` `0.00001` is finer than a millisecond, which the engine keeps: give at most that precision
    ");
}

/// Leap seconds (`23:59:60`) are refused the same way by every reader: the
/// CSV, JSON Lines and JSON array session readers give `S005` with the shared
/// reason (the xAPI reader gives `X020` with it; see its `syntax` tests).
#[test]
fn leap_seconds_are_refused_by_every_session_reader() {
    let csv = "record_id,learner_id,start,end,activity\n\
               r1,e1,2016-12-31T23:59:60Z,2017-01-01T00:30:00Z,reading\n\
               r2,e1,2016-12-31T23:00:00Z,2017-01-01T00:59:60+01:00,reading\n";
    let jsonl = r#"{"record_id":"r1","learner_id":"e1","start":"2016-12-31T23:59:60Z","duration_minutes":30,"activity":"reading"}"#;
    let json = r#"[{"record_id":"r1","learner_id":"e1","start":"2016-12-31T23:59:60.250Z","duration_minutes":30,"activity":"reading"}]"#;
    let mut shown = Vec::new();
    for (file, input, format) in [
        ("s.csv", csv, Format::Csv),
        ("s.jsonl", jsonl, Format::JsonLines),
        ("s.json", json, Format::Json),
    ] {
        for row in read_sessions(file, input.as_bytes(), Some(format), ReadOptions::new()) {
            let rejected = row.expect_err("a leap second is refused");
            for problem in rejected.into_diagnostics() {
                assert_eq!(problem.code, "S005");
                shown.push(problem.to_string());
            }
        }
    }
    insta::assert_snapshot!(shown.join("\n"), @r"
    s.csv:2:7: error[S005]: `start` `2016-12-31T23:59:60Z`: second 60 (a leap second) has no exact place on the engine's time line: write the second before it (`23:59:59.999`) or after it
    s.csv:3:28: error[S005]: `end` `2017-01-01T00:59:60+01:00`: second 60 (a leap second) has no exact place on the engine's time line: write the second before it (`23:59:59.999`) or after it
    s.jsonl:1:37#/start: error[S005]: `start` `2016-12-31T23:59:60Z`: second 60 (a leap second) has no exact place on the engine's time line: write the second before it (`23:59:59.999`) or after it
    s.json:1:38#/0/start: error[S005]: `start` `2016-12-31T23:59:60.250Z`: second 60 (a leap second) has no exact place on the engine's time line: write the second before it (`23:59:59.999`) or after it
    ");
}

/// An embedder building sessions directly meets the same rule.
#[test]
fn leap_seconds_are_refused_by_the_session_constructors() {
    use chrono::DateTime;
    use upskill_session::{ActivityKind, LearnerId, LearningSession, RecordId, SessionDuration};
    let leap = DateTime::parse_from_rfc3339("2016-12-31T23:59:60Z").unwrap();
    let before = DateTime::parse_from_rfc3339("2016-12-31T23:00:00Z").unwrap();
    let id = || RecordId::new("r1").unwrap();
    let who = || LearnerId::new("e1").unwrap();
    let started = LearningSession::new(
        id(),
        who(),
        leap,
        SessionDuration::from_millis(60_000),
        ActivityKind::Reading,
    );
    let ended = LearningSession::from_start_end(id(), who(), before, leap, ActivityKind::Reading);
    insta::assert_snapshot!(started.unwrap_err(), @"`2016-12-31T23:59:60+00:00`: second 60 (a leap second) has no exact place on the engine's time line: write the second before it (`23:59:59.999`) or after it");
    assert_eq!(started_err_code(ended.unwrap_err()), "leap");
}

fn started_err_code(error: upskill_session::SessionError) -> &'static str {
    match error {
        upskill_session::SessionError::LeapSecond(_) => "leap",
        _ => "other",
    }
}
