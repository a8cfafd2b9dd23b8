//! Statements outside cmi5 sessions: the verb rule, timestamps, voiding,
//! duplicates and activity kinds.
#![cfg(test)]

mod common;

use std::collections::BTreeSet;

use common::*;
use serde_json::json;
use upskill_session::ActivityKind;
use upskill_xapi::{Fate, ImportOptions, NoCreditReason, TimestampMarks, vocab};

#[test]
fn the_timestamp_marks_the_end_by_default() {
    let import = import(&[plain(1, "completed", Some("PT1H30M"), "12:00:00")]);
    let session = &import.sessions[0].session;
    assert_eq!(session.start().to_rfc3339(), "2026-03-02T10:30:00+00:00");
    assert_eq!(session.end().to_rfc3339(), "2026-03-02T12:00:00+00:00");
    assert_eq!(session.source(), Some("xapi"));

    let options = ImportOptions {
        timestamp_marks: TimestampMarks::Start,
        ..ImportOptions::default()
    };
    let import = import_with(
        &[plain(1, "completed", Some("PT1H30M"), "12:00:00")],
        options,
    );
    assert_eq!(
        import.sessions[0].session.start().to_rfc3339(),
        "2026-03-02T12:00:00+00:00"
    );
}

#[test]
fn the_offset_of_the_timestamp_is_kept() {
    let mut statement = plain(1, "attended", Some("PT1H"), "12:00:00");
    statement["timestamp"] = json!("2026-03-02T13:00:00+01:00");
    let import = import(&[statement]);
    assert_eq!(
        import.sessions[0].session.start().to_rfc3339(),
        "2026-03-02T12:00:00+01:00"
    );
}

#[test]
fn durations_are_exact_to_the_centisecond() {
    let import = import(&[plain(1, "completed", Some("PT59M59.999S"), "12:00:00")]);
    assert_eq!(import.sessions[0].session.duration().as_millis(), 3_599_990);
}

#[test]
fn only_listed_verbs_credit_time() {
    let import = import(&[
        plain(1, "progressed", Some("PT10M"), "10:00:00"),
        plain(2, "answered", Some("PT1M"), "10:01:00"),
        plain(3, "experienced", Some("PT10M"), "10:20:00"),
        plain(4, "completed", None, "10:30:00"),
    ]);
    assert_eq!(
        fates(&import),
        [
            Fate::NoCredit(NoCreditReason::VerbNotCreditable),
            Fate::NoCredit(NoCreditReason::VerbNotCreditable),
            Fate::Session,
            Fate::NoCredit(NoCreditReason::NoDuration),
        ]
    );
    assert_eq!(codes(&import), []);
    // The left-out durations are summed per verb, never dropped silently.
    assert_eq!(
        uncredited(&import),
        [
            ("answered".to_string(), "verb_not_creditable", 1, 1),
            ("progressed".to_string(), "verb_not_creditable", 1, 10)
        ]
    );
}

#[test]
fn the_verb_list_is_an_option() {
    let options = ImportOptions {
        creditable_verbs: BTreeSet::from(["http://adlnet.gov/expapi/verbs/progressed".to_string()]),
        ..ImportOptions::default()
    };
    let import = import_with(
        &[
            plain(1, "progressed", Some("PT10M"), "10:00:00"),
            plain(2, "completed", Some("PT10M"), "11:00:00"),
        ],
        options,
    );
    assert_eq!(
        fates(&import),
        [
            Fate::Session,
            Fate::NoCredit(NoCreditReason::VerbNotCreditable)
        ]
    );
}

#[test]
fn outcomes_in_a_terminated_registration_are_not_more_time() {
    let registration = json!({"registration": "5b8f2c1e-0d2a-4c3b-9e4f-7a6b5c4d3e2f"});
    let mut terminated = plain(1, "terminated", Some("PT40M"), "10:40:00");
    terminated["context"] = registration.clone();
    let mut completed = plain(2, "completed", Some("PT35M"), "10:35:00");
    completed["context"] = registration;
    let elsewhere = plain(3, "completed", Some("PT35M"), "12:35:00");
    let import = import(&[completed, terminated, elsewhere]);
    assert_eq!(
        fates(&import),
        [
            Fate::NoCredit(NoCreditReason::OutcomeOfTerminated),
            Fate::Session,
            Fate::Session
        ]
    );
}

#[test]
fn years_and_months_are_not_credited() {
    // xAPI 4.6: valid, but "approximately three years".
    let import = import(&[
        plain(1, "completed", Some("P3Y"), "10:00:00"),
        plain(2, "completed", Some("P1M"), "11:00:00"),
    ]);
    assert_eq!(
        codes(&import),
        [("D002".to_string(), 0), ("D002".to_string(), 1)]
    );
    assert!(import.sessions.is_empty());
    assert!(!import.has_errors(), "valid statements, only not credited");
}

#[test]
fn weeks_and_days_are_exact() {
    let import = import(&[
        plain(1, "attended", Some("P1W"), "10:00:00"),
        plain(2, "attended", Some("P1DT1H"), "10:00:00"),
    ]);
    assert_eq!(minutes(&import), [7 * 24 * 60, 25 * 60]);
}

#[test]
fn sessions_longer_than_31_days_are_not_sessions() {
    let import = import(&[plain(1, "attended", Some("P32D"), "10:00:00")]);
    assert_eq!(codes(&import), [("X046".to_string(), 0)]);
    assert_eq!(
        import.statements[0].fate,
        Fate::NoCredit(NoCreditReason::TooLong)
    );
}

#[test]
fn a_duration_too_long_to_count_is_a_warning() {
    let import = import(&[plain(
        1,
        "attended",
        Some("PT99999999999999999999S"),
        "10:00:00",
    )]);
    assert_eq!(codes(&import), [("D003".to_string(), 0)]);
}

#[test]
fn zero_duration_credits_nothing() {
    let import = import(&[plain(1, "completed", Some("PT0S"), "10:00:00")]);
    assert_eq!(
        import.statements[0].fate,
        Fate::NoCredit(NoCreditReason::ZeroDuration)
    );
}

#[test]
fn stored_stands_in_for_a_missing_timestamp() {
    // xAPI 2.4.7.s3.b2: the LRS sets timestamp to stored when absent.
    let mut with_stored = plain(1, "completed", Some("PT10M"), "10:00:00");
    with_stored.as_object_mut().unwrap().remove("timestamp");
    with_stored["stored"] = json!(ts("11:00:00"));
    let mut with_neither = plain(2, "completed", Some("PT10M"), "10:00:00");
    with_neither.as_object_mut().unwrap().remove("timestamp");
    let import = import(&[with_stored, with_neither]);
    assert_eq!(
        import.sessions[0].session.start().to_rfc3339(),
        "2026-03-02T10:50:00+00:00"
    );
    assert_eq!(codes(&import), [("X043".to_string(), 1)]);
    assert_eq!(
        import.statements[1].fate,
        Fate::NoCredit(NoCreditReason::NoTime)
    );
}

#[test]
fn a_group_actor_is_not_credited_to_members() {
    let mut statement = plain(1, "attended", Some("PT1H"), "10:00:00");
    statement["actor"] =
        json!({"objectType": "Group", "member": [{"mbox": "mailto:ann@example.com"}]});
    let import = import(&[statement]);
    assert_eq!(codes(&import), [("X044".to_string(), 0)]);
    assert_eq!(
        import.statements[0].fate,
        Fate::NoCredit(NoCreditReason::GroupActor)
    );
}

#[test]
fn activity_types_map_to_kinds() {
    let typed = |n: u32, kind: Option<&str>| {
        let mut s = plain(n, "attended", Some("PT10M"), &format!("1{n}:00:00"));
        match kind {
            Some(kind) => s["object"]["definition"]["type"] = json!(kind),
            None => {
                s["object"].as_object_mut().unwrap().remove("definition");
            }
        }
        s
    };
    let import = import(&[
        typed(1, Some("http://adlnet.gov/expapi/activities/meeting")),
        typed(2, Some("http://adlnet.gov/expapi/activities/module")),
        typed(3, Some("http://id.tincanapi.com/activitytype/webinar")),
        typed(4, Some("https://example.com/types/unknown")),
        typed(5, None),
    ]);
    let kinds: Vec<ActivityKind> = import
        .sessions
        .iter()
        .map(|s| s.session.activity())
        .collect();
    assert_eq!(
        kinds,
        [
            ActivityKind::Workshop,
            ActivityKind::ELearning,
            ActivityKind::Webinar,
            ActivityKind::Other,
            ActivityKind::Other
        ]
    );
}

#[test]
fn voiding_works_in_either_order_and_across_files() {
    let voiding = |n: u32, target: u32| {
        json!({"id": uuid(n), "actor": {"mbox": "mailto:admin@example.com"}, "verb": {"id": vocab::VOIDED},
               "object": {"objectType": "StatementRef", "id": uuid(target)}})
    };
    let mut importer = upskill_xapi::Importer::new(ImportOptions::default());
    let first = serde_json::to_string(&[
        voiding(10, 1),
        plain(2, "completed", Some("PT5M"), "10:00:00"),
    ])
    .unwrap();
    let second = serde_json::to_string(&[
        plain(1, "completed", Some("PT5M"), "09:00:00"),
        voiding(11, 2),
    ])
    .unwrap();
    importer
        .read(first.as_bytes(), "a.json", upskill_xapi::InputFormat::Json)
        .unwrap();
    importer
        .read(second.as_bytes(), "b.json", upskill_xapi::InputFormat::Json)
        .unwrap();
    let import = importer.finish(&mapping());
    assert!(import.sessions.is_empty());
    assert_eq!(
        fates(&import),
        [Fate::Voiding, Fate::Voided, Fate::Voided, Fate::Voiding]
    );
}

#[test]
fn a_voiding_statement_cannot_be_voided() {
    // xAPI 2.3.2: "Any Statement that voids another cannot itself be voided."
    let v1 = json!({"id": uuid(10), "actor": {"mbox": "mailto:admin@example.com"}, "verb": {"id": vocab::VOIDED},
                    "object": {"objectType": "StatementRef", "id": uuid(1)}});
    let v2 = json!({"id": uuid(11), "actor": {"mbox": "mailto:admin@example.com"}, "verb": {"id": vocab::VOIDED},
                    "object": {"objectType": "StatementRef", "id": uuid(10)}});
    let import = import(&[plain(1, "completed", Some("PT5M"), "10:00:00"), v1, v2]);
    assert_eq!(fates(&import), [Fate::Voided, Fate::Voiding, Fate::Voiding]);
    assert_eq!(codes(&import), [("X042".to_string(), 2)]);
}

#[test]
fn an_invalid_voiding_statement_voids_nothing() {
    let bad = json!({"actor": {"mbox": "mailto:admin@example.com"}, "verb": {"id": vocab::VOIDED},
                     "object": {"id": "https://example.com/activities/a"}});
    let import = import(&[plain(1, "completed", Some("PT5M"), "10:00:00"), bad]);
    assert_eq!(fates(&import), [Fate::Session, Fate::Rejected]);
    assert_eq!(codes(&import), [("X022".to_string(), 1)]);
}

#[test]
fn statements_without_id_are_duplicates_by_content() {
    let mut a = plain(1, "completed", Some("PT5M"), "10:00:00");
    a.as_object_mut().unwrap().remove("id");
    let mut b = a.clone();
    b["timestamp"] = json!("2026-03-02T11:00:00+01:00");
    let mut c = a.clone();
    c["result"]["duration"] = json!("PT6M");
    let import = import(&[a, b, c]);
    assert_eq!(
        fates(&import),
        [Fate::Session, Fate::Duplicate, Fate::Session]
    );
    assert!(
        import.sessions[0]
            .session
            .record_id()
            .as_str()
            .starts_with("sha1:")
    );
}

#[test]
fn ids_are_compared_case_insensitively() {
    let a = plain(1, "completed", Some("PT5M"), "10:00:00");
    let mut b = a.clone();
    b["id"] = json!(uuid(1).to_uppercase());
    let import = import(&[a, b]);
    assert_eq!(fates(&import), [Fate::Session, Fate::Duplicate]);
}

#[test]
fn a_different_score_is_a_different_statement() {
    // xAPI 2.3.1.s9.b2: differences outside the exceptions count.
    let a = plain(1, "completed", Some("PT5M"), "10:00:00");
    let mut b = a.clone();
    b["result"]["score"] = json!({"scaled": 0.5});
    let import = import(&[a, b]);
    assert_eq!(fates(&import), [Fate::Conflict, Fate::Conflict]);
    assert!(import.has_errors());
}

#[test]
fn unknown_learners_are_reported_and_kept() {
    let mut statement = plain(1, "completed", Some("PT5M"), "10:00:00");
    statement["actor"] = json!({"openid": "https://id.example.org/zed"});
    let import = import(&[statement]);
    assert_eq!(import.statements[0].fate, Fate::UnknownLearner);
    assert_eq!(
        import.unknown_learners[0].actor.to_string(),
        "openid:https://id.example.org/zed"
    );
    assert_eq!(codes(&import), [("X045".to_string(), 0)]);
}
