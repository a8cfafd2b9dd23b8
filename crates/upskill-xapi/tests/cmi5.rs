//! cmi5 sessions (cmi5 section 9): where the time comes from, the
//! session-order rules as warnings, and launch modes.
#![cfg(test)]

mod common;

use std::collections::BTreeSet;

use common::*;
use serde_json::json;
use upskill_xapi::{Fate, ImportOptions, LaunchMode, NoCreditReason, vocab};

fn session(extra: &[serde_json::Value]) -> Vec<serde_json::Value> {
    let mut statements = vec![
        launched(1, "s", "Normal", "10:00:00"),
        cmi5(2, "s", "initialized", None, "10:00:10"),
        cmi5(3, "s", "terminated", Some("PT30M"), "10:30:10"),
    ];
    statements.extend_from_slice(extra);
    statements
}

#[test]
fn a_clean_session_credits_terminated_and_warns_nothing() {
    let import = import(&session(&[]));
    assert!(import.diagnostics.is_empty(), "{:?}", import.diagnostics);
    assert_eq!(minutes(&import), [30]);
    assert_eq!(
        import.sessions[0].session.start().to_rfc3339(),
        "2026-03-02T10:00:10+00:00"
    );
    assert_eq!(
        fates(&import),
        [Fate::InCmi5Session, Fate::InCmi5Session, Fate::Session]
    );
}

#[test]
fn completed_passed_failed_durations_are_never_added() {
    // cmi5 9.5.4.1: completed/passed/failed carry their own durations, all
    // inside the session that terminated measures.
    let import = import(&session(&[
        cmi5(4, "s", "completed", Some("PT25M"), "10:25:00"),
        cmi5(5, "s", "passed", Some("PT28M"), "10:28:00"),
    ]));
    assert_eq!(minutes(&import), [30]);
    assert_eq!(codes(&import), []);
    // Not added, but never silently: each verb's time is summed and warned about.
    assert_eq!(
        uncredited(&import),
        [
            ("completed".to_string(), "in_cmi5_session", 1, 25),
            ("passed".to_string(), "in_cmi5_session", 1, 28)
        ]
    );
    let warnings: Vec<String> = import.diagnostics.iter().map(|d| d.to_string()).collect();
    assert_eq!(
        warnings,
        [
            "export.json: warning[X064]: 1 `completed` statement with 25 minutes was not credited (`http://adlnet.gov/expapi/verbs/completed`: 1 in_cmi5_session)",
            "export.json: warning[X064]: 1 `passed` statement with 28 minutes was not credited (`http://adlnet.gov/expapi/verbs/passed`: 1 in_cmi5_session)"
        ]
    );
}

#[test]
fn a_cmi5_allowed_statement_is_covered_by_its_session() {
    // A creditable verb with a duration, but in a cmi5 session: the session's
    // terminated statement carries the time (no double counting).
    let mut allowed = plain(4, "experienced", Some("PT10M"), "10:15:00");
    allowed["actor"] = cmi5(0, "s", "initialized", None, "10:00:00")["actor"].clone();
    allowed["context"] = json!({"extensions": {vocab::CMI5_SESSION_ID: "s"}});
    let import = import(&session(&[allowed]));
    assert_eq!(minutes(&import), [30]);
    assert_eq!(import.statements[3].fate, Fate::InCmi5Session);
}

#[test]
fn missing_initialized_is_a_warning() {
    // cmi5 9.3.2: the AU MUST use initialized first.
    let import = import(&[
        launched(1, "s", "Normal", "10:00:00"),
        cmi5(3, "s", "terminated", Some("PT30M"), "10:30:10"),
    ]);
    assert_eq!(codes(&import), [("X051".to_string(), 1)]);
    assert_eq!(minutes(&import), [30], "still credited");
}

#[test]
fn a_statement_before_initialized_is_a_warning() {
    // cmi5 9.3: "The Initialized verb MUST be the first statement".
    let import = import(&session(&[cmi5(
        4,
        "s",
        "completed",
        Some("PT1M"),
        "10:00:05",
    )]));
    assert_eq!(codes(&import), [("X052".to_string(), 3)]);
}

#[test]
fn a_repeated_defined_verb_is_a_warning() {
    // cmi5 9.3: verbs MUST NOT be duplicated in cmi5 defined statements.
    let import = import(&session(&[
        cmi5(4, "s", "completed", Some("PT5M"), "10:10:00"),
        cmi5(5, "s", "completed", Some("PT6M"), "10:11:00"),
    ]));
    assert_eq!(codes(&import), [("X053".to_string(), 4)]);
}

#[test]
fn passed_and_failed_in_one_session_is_a_warning() {
    // cmi5 9.3: more than one of {passed, failed} MUST NOT be used.
    let import = import(&session(&[
        cmi5(4, "s", "failed", Some("PT5M"), "10:10:00"),
        cmi5(5, "s", "passed", Some("PT6M"), "10:11:00"),
    ]));
    assert_eq!(codes(&import), [("X054".to_string(), 4)]);
}

#[test]
fn statements_after_terminated_are_a_warning() {
    // cmi5 9.3.8: terminated MUST be the last statement of the AU; satisfied
    // comes from the LMS and may follow.
    let import = import(&session(&[
        cmi5(4, "s", "experienced", None, "10:40:00"),
        cmi5(5, "s", "satisfied", None, "10:41:00"),
    ]));
    assert_eq!(codes(&import), [("X050".to_string(), 3)]);
}

#[test]
fn a_session_that_never_ended_credits_nothing() {
    // cmi5 9.3.6 / 9.3.8: no terminated and no abandoned (the export was cut).
    let import = import(&[
        launched(1, "s", "Normal", "10:00:00"),
        cmi5(2, "s", "initialized", None, "10:00:10"),
    ]);
    assert_eq!(codes(&import), [("X055".to_string(), 1)]);
    assert!(import.sessions.is_empty());
    assert_eq!(fates(&import), [Fate::InCmi5Session, Fate::InCmi5Session]);
}

#[test]
fn terminated_without_duration_is_a_warning() {
    // cmi5 9.5.4.1: the AU MUST include duration in terminated.
    let mut statements = session(&[]);
    statements[2].as_object_mut().unwrap().remove("result");
    let import = import(&statements);
    assert_eq!(codes(&import), [("X056".to_string(), 2)]);
    assert_eq!(
        import.statements[2].fate,
        Fate::NoCredit(NoCreditReason::NoDuration)
    );
}

#[test]
fn abandoned_is_measured_from_launched() {
    // cmi5 9.5.4.2: abandoned's duration runs from launched to the last AU
    // statement; the LMS may record abandoned much later.
    let import = import(&[
        launched(1, "s", "Normal", "10:00:00"),
        cmi5(2, "s", "initialized", None, "10:00:10"),
        cmi5(3, "s", "abandoned", Some("PT20M"), "23:59:00"),
    ]);
    assert!(import.diagnostics.is_empty(), "{:?}", import.diagnostics);
    assert_eq!(minutes(&import), [20]);
    assert_eq!(
        import.sessions[0].session.start().to_rfc3339(),
        "2026-03-02T10:00:00+00:00"
    );
}

#[test]
fn terminated_wins_over_abandoned() {
    let import = import(&session(&[cmi5(
        4,
        "s",
        "abandoned",
        Some("PT50M"),
        "10:30:10",
    )]));
    assert_eq!(codes(&import), [("X062".to_string(), 3)]);
    assert_eq!(minutes(&import), [30]);
}

#[test]
fn browse_and_review_do_not_count_by_default() {
    for mode in ["Browse", "Review"] {
        let mut statements = session(&[]);
        statements[0] = launched(1, "s", mode, "10:00:00");
        let import = import(&statements);
        assert_eq!(codes(&import), [("X057".to_string(), 2)], "{mode}");
        assert!(import.sessions.is_empty());
        assert_eq!(
            import.statements[2].fate,
            Fate::NoCredit(NoCreditReason::LaunchModeNotCounted)
        );
    }
}

#[test]
fn browse_counts_when_the_option_says_so() {
    let mut statements = session(&[]);
    statements[0] = launched(1, "s", "Browse", "10:00:00");
    let options = ImportOptions {
        cmi5_launch_modes: BTreeSet::from([LaunchMode::Normal, LaunchMode::Browse]),
        ..ImportOptions::default()
    };
    let import = import_with(&statements, options);
    assert!(import.diagnostics.is_empty());
    assert_eq!(minutes(&import), [30]);
}

#[test]
fn no_launched_statement_is_assumed_normal_with_a_warning() {
    let statements = &session(&[])[1..];
    let import = import(statements);
    assert_eq!(codes(&import), [("X058".to_string(), 1)]);
    assert_eq!(minutes(&import), [30]);
    assert_eq!(
        import.sessions[0].origin,
        upskill_xapi::SessionOrigin::Cmi5 {
            session_id: "s".into(),
            launch_mode: None
        }
    );

    let strict = ImportOptions {
        cmi5_assume_normal: false,
        ..ImportOptions::default()
    };
    let import = import_with(statements, strict);
    assert!(import.sessions.is_empty());
    assert_eq!(
        import.statements[1].fate,
        Fate::NoCredit(NoCreditReason::LaunchModeUnknown)
    );
}

#[test]
fn an_unknown_launch_mode_value_is_a_warning() {
    let mut statements = session(&[]);
    statements[0] = launched(1, "s", "normal", "10:00:00");
    let import = import(&statements);
    assert_eq!(codes(&import), [("X058".to_string(), 2)]);
}

#[test]
fn defined_statements_need_an_account_actor() {
    // cmi5 9.2.
    let mut statements = session(&[]);
    statements[1]["actor"] = json!({"mbox": "mailto:bob@example.com"});
    let import = import(&statements);
    assert!(codes(&import).contains(&("X059".to_string(), 1)));
}

#[test]
fn timestamps_must_be_utc() {
    // cmi5 9.7.
    let mut statements = session(&[]);
    statements[1]["timestamp"] = json!("2026-03-02T11:00:10+01:00");
    let import = import(&statements);
    assert_eq!(codes(&import), [("X060".to_string(), 1)]);
    let diagnostic = &import.diagnostics[0];
    assert_eq!(diagnostic.location.pointer.as_deref(), Some("/timestamp"));
}

#[test]
fn a_session_id_that_is_not_a_string_reads_as_plain_xapi() {
    // cmi5 9.6.3.1: the session id is a string.
    let mut statement = cmi5(1, "s", "completed", Some("PT12M"), "10:00:00");
    statement["context"]["extensions"][vocab::CMI5_SESSION_ID] = json!(7);
    let import = import(&[statement]);
    assert_eq!(codes(&import), [("X063".to_string(), 0)]);
    assert_eq!(minutes(&import), [12]);
}

#[test]
fn sessions_are_kept_apart_by_session_id() {
    let import = import(&[
        launched(1, "a", "Normal", "10:00:00"),
        cmi5(2, "a", "initialized", None, "10:00:00"),
        cmi5(3, "a", "terminated", Some("PT10M"), "10:10:00"),
        launched(4, "b", "Normal", "11:00:00"),
        cmi5(5, "b", "initialized", None, "11:00:00"),
        cmi5(6, "b", "terminated", Some("PT15M"), "11:15:00"),
    ]);
    assert!(import.diagnostics.is_empty());
    assert_eq!(minutes(&import), [10, 15]);
}

#[test]
fn voiding_terminated_leaves_the_session_unended() {
    let voiding = json!({
        "actor": {"mbox": "mailto:admin@example.com"},
        "verb": {"id": vocab::VOIDED},
        "object": {"objectType": "StatementRef", "id": uuid(3)},
    });
    let import = import(&session(&[voiding]));
    assert!(import.sessions.is_empty());
    assert_eq!(codes(&import), [("X055".to_string(), 1)]);
    assert_eq!(import.statements[2].fate, Fate::Voided);
}
