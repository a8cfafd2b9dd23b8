//! The page's calls give the command's answers: the same JSON report, the
//! same validation reports, the same proposed mapping, for the same bytes.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

use upskill::io::report::json;
use upskill::io::{DatasetFiles, EvaluateOptions, Progress, example};
use upskill_wasm::{
    Role, WebError, WebFile, WebOptions, evaluate, map_suggest, recognise, validate,
    validation_json, validation_sarif, validation_text,
};

/// The example dataset as the page gives it: each file with the role the
/// page recognised.
fn example_files() -> Vec<WebFile> {
    example::FILES
        .iter()
        .map(|(name, text)| {
            WebFile::new(
                *name,
                recognise(name, text.as_bytes()).role,
                text.as_bytes(),
            )
        })
        .collect()
}

fn example_options() -> WebOptions {
    WebOptions::from_json(&format!(
        r#"{{"from": "{}", "to": "{}", "as_of": "{}"}}"#,
        example::FROM,
        example::TO,
        example::AS_OF
    ))
    .unwrap()
}

#[test]
fn example_files_are_recognised_by_role() {
    let seen: Vec<String> = example::FILES
        .iter()
        .map(|(name, text)| {
            let r = recognise(name, text.as_bytes());
            format!("{name}: {} {} {:?}", r.role.name(), r.format, r.content)
        })
        .collect();
    insta::assert_snapshot!(seen.join("\n"), @r#"
    pledge.json: pledge json None
    roster.csv: roster csv None
    leave.csv: leave csv None
    holidays.csv: holidays csv None
    sessions.csv: sessions csv Some("records")
    sessions.jsonl: sessions json_lines Some("records")
    "#);
}

/// Names do not decide when the content does: a roster named `export.csv`
/// is a roster; an identity map is told by its name.
#[test]
fn content_decides_and_actors_by_name() {
    let roster = recognise("export.csv", example::FILES[1].1.as_bytes());
    assert_eq!(roster.role, Role::Roster);
    assert_eq!(
        recognise("actors.csv", b"actor,learner_id\n").role,
        Role::Actors
    );
    let xapi = br#"{"actor": {"mbox": "mailto:a@example.org"}, "verb": {"id": "http://adlnet.gov/expapi/verbs/completed"}}"#;
    let r = recognise("lrs.json", xapi);
    assert_eq!((r.role, r.content), (Role::Sessions, Some("xapi")));
}

#[test]
fn preview_shows_first_lines_escaped() {
    let r = recognise("s.csv", b"a,b\n1,\x072\n3,4\n");
    assert_eq!(r.preview, vec!["a,b", "1,\\u{7}2", "3,4"]);
    assert_eq!(r.bytes, 13);
}

/// The acceptance test of the page's engine: the JSON report the page
/// makes for the example is the pipeline's (what `upskill evaluate
/// --example --format json` writes), byte for byte.
#[test]
fn example_report_is_the_pipelines_byte_for_byte() {
    let judged = evaluate(&example_files(), &example_options(), Progress::none()).unwrap();
    let options = EvaluateOptions {
        from: Some(example::FROM.to_string()),
        to: Some(example::TO.to_string()),
        as_of: example::as_of(),
        ..EvaluateOptions::default()
    };
    let expected =
        json::render(&upskill::io::evaluate(&DatasetFiles::example(), &options).unwrap()).unwrap();
    let got = judged.report_json().unwrap();
    assert!(
        got == expected,
        "the page's JSON report differs from the pipeline's"
    );
    assert!(got.contains("\"verdict\": \"met\"") || got.contains("\"verdict\": \"not_met\""));
    let html = judged.report_html();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(!html.contains("<script"), "the HTML report runs no script");
}

/// Progress is told of every session byte the evaluation reads.
#[test]
fn progress_counts_session_bytes() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicU64, Ordering};
    let read = Arc::new(AtomicU64::new(0));
    let counter = Arc::clone(&read);
    let progress = Progress::new(move |n| {
        counter.fetch_add(n, Ordering::Relaxed);
    });
    evaluate(&example_files(), &example_options(), progress).unwrap();
    let sessions: u64 = example::FILES
        .iter()
        .filter(|(n, _)| n.starts_with("sessions"))
        .map(|(_, t)| t.len() as u64)
        .sum();
    assert!(read.load(Ordering::Relaxed) >= sessions);
}

#[test]
fn dataset_needs_one_pledge_one_roster_and_sessions() {
    let mut files = example_files();
    files.retain(|f| f.role != Role::Roster);
    let e = evaluate(&files, &example_options(), Progress::none()).unwrap_err();
    insta::assert_snapshot!(e, @"no roster file: add one (its role can be set by hand)");
    let mut files = example_files();
    files.push(WebFile::new(
        "pledge-2.json",
        Role::Pledge,
        b"{}".as_slice(),
    ));
    let e = evaluate(&files, &example_options(), Progress::none()).unwrap_err();
    insta::assert_snapshot!(e, @"two files are the pledge: `pledge.json` and `pledge-2.json`; keep one");
    let files: Vec<WebFile> = example_files()
        .into_iter()
        .filter(|f| f.role != Role::Sessions)
        .collect();
    let e = evaluate(&files, &example_options(), Progress::none()).unwrap_err();
    insta::assert_snapshot!(e, @"no session file: add one (its role can be set by hand)");
}

/// A broken roster stops the run with every problem located, as the
/// command prints them.
#[test]
fn unusable_dataset_lists_located_problems() {
    let mut files = example_files();
    for f in &mut files {
        if f.role == Role::Roster {
            *f = WebFile::new(
                "roster.csv",
                Role::Roster,
                b"learner_id,team\n,sales\n".as_slice(),
            );
        }
    }
    let e = evaluate(&files, &example_options(), Progress::none()).unwrap_err();
    assert!(matches!(e, WebError::Dataset(_)));
    let text = e.describe();
    assert!(text.starts_with("the dataset cannot be used"), "{text}");
    assert!(!e.problems().is_empty());
    assert!(
        e.problems().iter().all(|p| p.starts_with("roster.csv:")),
        "{text}"
    );
}

#[test]
fn options_are_strict_json() {
    let e = WebOptions::from_json(r#"{"form": "2026-W10"}"#).unwrap_err();
    assert!(
        e.to_string()
            .starts_with("the options cannot be read: unknown field `form`"),
        "{e}"
    );
    assert_eq!(WebOptions::from_json("").unwrap(), WebOptions::default());
    let e = evaluate(
        &example_files(),
        &WebOptions::from_json(r#"{"as_of": "yesterday"}"#).unwrap(),
        Progress::none(),
    )
    .unwrap_err();
    assert!(e.to_string().contains("`yesterday`"), "{e}");
}

const FAULTY: &str = "record_id,learner_id,start,end,activity\n\
r1,e1,2026-03-02T09:00:00Z,2026-03-02T08:00:00Z,webinar\n\
r2,e1,2026-03-02T10:00:00Z,2026-03-02T23:30:00Z,webinar\n\
r2,e1,2026-03-03T10:00:00Z,2026-03-03T10:30:00Z,webinar\n";

/// Validation is the validator's: the same reports as calling it on the
/// file, the learners checked against the roster among the files.
#[test]
fn validate_lists_every_problem_located() {
    let files = vec![
        WebFile::new("roster.csv", Role::Roster, example::FILES[1].1.as_bytes()),
        WebFile::new("sessions.csv", Role::Sessions, FAULTY.as_bytes()),
    ];
    let reports = validate(&files, &WebOptions::default()).unwrap();
    assert_eq!(reports.len(), 2);
    assert!(reports[0].valid);
    let text = validation_text(&reports[1..]);
    insta::assert_snapshot!(text, @r"
    sessions.csv:2:28: error[S012]: end `2026-03-02T08:00:00+00:00` is before start `2026-03-02T09:00:00+00:00`
    sessions.csv:3:4: warning[S026]: learner `e1` is not in the roster; the session credits no one
    sessions.csv:3:28: warning[S020]: the session lasts 13h 30m, more than 12h: check its end or duration
    sessions.csv:4:1: error[S024]: record id `r2` of `e1` was used on line 3 for a different session; the earliest is kept
    sessions.csv:4:4: warning[S026]: learner `e1` is not in the roster; the session credits no one
    sessions.csv: 3 records read, 2 with errors, 1 with warnings only; 2 errors, 3 warnings
    ");
    let json = validation_json(&reports).unwrap();
    assert!(json.ends_with("]\n"));
    let sarif = validation_sarif(&reports);
    assert!(sarif.contains("\"version\": \"2.1.0\""));
    assert_eq!(sarif.matches("\"ruleId\"").count(), 5);
}

#[test]
fn map_suggest_is_the_proposers() {
    let csv = "User ID,Started,Time spent (min)\nu1,2026-03-02 09:00,30\n";
    let text = map_suggest("export.csv", csv.as_bytes(), "sessions", 10).unwrap();
    assert!(
        text.contains("learner_id = { column = \"User ID\" }"),
        "{text}"
    );
    let e = map_suggest("export.csv", csv.as_bytes(), "pledge", 10).unwrap_err();
    insta::assert_snapshot!(e, @"`pledge` is not a kind a mapping reads: give sessions, roster or leave");
}

/// The summary the page shows first is the JSON report's own values.
#[test]
fn summary_is_the_reports_values() {
    let judged = evaluate(&example_files(), &example_options(), Progress::none()).unwrap();
    let summary: serde_json::Value = serde_json::from_str(&judged.summary_json().unwrap()).unwrap();
    let report: serde_json::Value = serde_json::from_str(&judged.report_json().unwrap()).unwrap();
    assert_eq!(summary["verdict"], report["verdict"]);
    assert_eq!(
        summary["metrics"]["learner_week_rate"],
        report["metrics"]["learner_week_rate"]
    );
    assert_eq!(
        summary["ledger"]["records_read"],
        report["ledger"]["records_read"]
    );
    assert!(summary["ledger"]["records_read"].as_u64().unwrap() > 0);
    upskill_wasm::warm_up().unwrap();
}
