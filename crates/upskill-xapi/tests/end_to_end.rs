//! An LRS export with voided, duplicated, cmi5 and plain statements, imported
//! into sessions whose credited minutes match a hand computation.
#![cfg(test)]

use std::collections::BTreeMap;

use serde_json::{Value, json};
use upskill_xapi::{
    Fate, IdentityMap, Import, ImportOptions, Importer, InputFormat, NoCreditReason, SessionOrigin,
    vocab,
};

const MAPPING: &str = "\
learner_id,mbox,mbox_sha1sum,openid,account_home_page,account_name
ann,mailto:Ann@Example.com,,,,
bob,,,,https://lms.example.com,bob.b
cara,,68f2f27fcea8ca8529c478e62a5275b1080b469e,,,
cara,,,,https://lms.example.com,cara.c
dan,mailto:dan@example.com,,,,
";

fn uuid(n: u32) -> String {
    format!("00000000-0000-4000-8000-{n:012}")
}

fn ts(time: &str) -> String {
    format!("2026-03-02T{time}Z")
}

fn verb(name: &str) -> Value {
    let id = match name {
        "abandoned" => vocab::ABANDONED.to_string(),
        other => format!("http://adlnet.gov/expapi/verbs/{other}"),
    };
    json!({"id": id, "display": {"en-US": name}})
}

fn activity(id: &str, kind: &str, name: &str) -> Value {
    json!({"objectType": "Activity", "id": id, "definition": {"name": {"en-GB": name}, "type": format!("http://adlnet.gov/expapi/activities/{kind}")}})
}

fn plain(n: u32, actor: Value, verb_name: &str, duration: Option<&str>, time: &str) -> Value {
    let mut s = json!({
        "id": uuid(n),
        "actor": actor,
        "verb": verb(verb_name),
        "object": activity("https://lms.example.com/courses/gdpr", "course", "GDPR basics"),
        "timestamp": ts(time),
    });
    if let Some(d) = duration {
        s["result"] = json!({"duration": d});
    }
    s
}

fn account(name: &str) -> Value {
    json!({"objectType": "Agent", "account": {"homePage": "https://lms.example.com", "name": name}})
}

fn mbox(address: &str) -> Value {
    json!({"mbox": format!("mailto:{address}")})
}

/// A cmi5 statement: defined ones carry the cmi5 category (cmi5 9.6.2.1).
#[expect(clippy::too_many_arguments, reason = "one row of the export table")]
fn cmi5(
    n: u32,
    who: &str,
    session: &str,
    verb_name: &str,
    duration: Option<&str>,
    time: &str,
    mode: Option<&str>,
    defined: bool,
) -> Value {
    let mut s = plain(n, account(who), verb_name, duration, time);
    s["object"] = activity("https://lms.example.com/au/42", "lesson", "Data ethics AU");
    let mut extensions =
        json!({"https://w3id.org/xapi/cmi5/context/extensions/sessionid": session});
    if let Some(mode) = mode {
        extensions["https://w3id.org/xapi/cmi5/context/extensions/launchmode"] = json!(mode);
    }
    let mut context =
        json!({"registration": "ec531277-b57b-4c15-8d91-d292c5b2b8f7", "extensions": extensions});
    if defined {
        context["contextActivities"] = json!({"category": [{"id": vocab::CMI5_CATEGORY}]});
    }
    s["context"] = context;
    s
}

fn voiding(n: u32, target: u32) -> Value {
    json!({
        "id": uuid(n),
        "actor": mbox("admin@example.com"),
        "verb": {"id": vocab::VOIDED},
        "object": {"objectType": "StatementRef", "id": uuid(target)},
        "timestamp": ts("23:00:00"),
    })
}

/// The export, in LRS order. Comments give each statement's expected fate.
fn export() -> Vec<Value> {
    let ann = json!({"mbox": "mailto:Ann@example.COM"});
    let mut duplicate = plain(1, ann.clone(), "completed", Some("PT45M"), "10:15:00");
    duplicate["timestamp"] = json!("2026-03-02T11:15:00+01:00"); // same instant, other zone
    duplicate["verb"]["display"] = json!({"en-GB": "completed"}); // display is not part of the statement
    duplicate["stored"] = json!("2026-03-02T10:15:02Z");
    duplicate["authority"] = mbox("lrs@example.com");
    let mut conflict = plain(5, ann.clone(), "completed", Some("PT12M"), "12:00:00");
    conflict["object"]["id"] = json!("https://lms.example.com/courses/security");
    let mut conflict_first = conflict.clone();
    conflict_first["result"]["duration"] = json!("PT10M");
    let mut meeting = plain(3, ann.clone(), "attended", Some("PT1H30M"), "16:00:00");
    meeting["object"] = activity(
        "https://example.com/meetings/7",
        "meeting",
        "Team learning hour",
    );
    let mut missing_verb = plain(
        90,
        mbox("zed@example.com"),
        "completed",
        Some("PT5M"),
        "08:00:00",
    );
    missing_verb.as_object_mut().unwrap().remove("verb");
    let mut bad_time = plain(
        91,
        mbox("zed@example.com"),
        "completed",
        Some("PT5M"),
        "08:00:00",
    );
    bad_time["timestamp"] = json!("2026-03-02T08:00:00-00:00");
    let dan = json!({"mbox_sha1sum": "e8b0d3d8cab471422380d0139a052de678fdbdae"});
    let registration = |mut s: Value| {
        s["context"] = json!({"registration": "5b8f2c1e-0d2a-4c3b-9e4f-7a6b5c4d3e2f"});
        s
    };
    vec![
        plain(1, ann.clone(), "completed", Some("PT45M"), "10:15:00"), // 0 ann session 09:30-10:15
        duplicate,                                                     // 1 duplicate of 0
        voiding(4, 3),  // 2 voiding (before its target)
        meeting,        // 3 voided
        conflict_first, // 4 conflict
        conflict,       // 5 conflict
        cmi5(
            10,
            "bob.b",
            "s1",
            "launched",
            None,
            "13:00:00",
            Some("Normal"),
            true,
        ), // 6
        cmi5(
            11,
            "bob.b",
            "s1",
            "initialized",
            None,
            "13:00:05",
            None,
            true,
        ), // 7
        cmi5(
            12,
            "bob.b",
            "s1",
            "completed",
            Some("PT20M"),
            "13:20:00",
            None,
            true,
        ), // 8 not added
        cmi5(
            13,
            "bob.b",
            "s1",
            "passed",
            Some("PT25M"),
            "13:25:00",
            None,
            true,
        ), // 9 not added
        cmi5(
            14,
            "bob.b",
            "s1",
            "terminated",
            Some("PT30M"),
            "13:30:05",
            None,
            true,
        ), // 10 bob 13:00:05-13:30:05
        cmi5(
            20,
            "bob.b",
            "s2",
            "launched",
            None,
            "15:00:00",
            Some("Browse"),
            true,
        ), // 11
        cmi5(
            21,
            "bob.b",
            "s2",
            "initialized",
            None,
            "15:00:02",
            None,
            true,
        ), // 12
        cmi5(
            22,
            "bob.b",
            "s2",
            "terminated",
            Some("PT10M"),
            "15:10:02",
            None,
            true,
        ), // 13 browse: not counted
        plain(30, account("bob.b"), "completed", Some("PT7M"), "17:00:00"), // 14 voided
        voiding(31, 30), // 15 voiding (after)
        cmi5(
            40,
            "cara.c",
            "s3",
            "launched",
            None,
            "14:00:00",
            Some("Normal"),
            true,
        ), // 16
        cmi5(
            41,
            "cara.c",
            "s3",
            "initialized",
            None,
            "14:01:00",
            None,
            true,
        ), // 17
        cmi5(
            42,
            "cara.c",
            "s3",
            "experienced",
            Some("PT5M"),
            "14:10:00",
            None,
            false,
        ), // 18 cmi5 allowed: covered
        cmi5(
            43,
            "cara.c",
            "s3",
            "abandoned",
            Some("PT40M"),
            "18:00:00",
            None,
            true,
        ), // 19 cara 14:00-14:40
        plain(
            44,
            mbox("cara@EXAMPLE.com"),
            "experienced",
            Some("PT15M"),
            "14:45:00",
        ), // 20 cara 14:30-14:45
        plain(50, dan.clone(), "passed", Some("P1Y"), "09:00:00"), // 21 years: not exact
        plain(51, dan.clone(), "progressed", Some("PT10M"), "09:10:00"), // 22 verb not creditable
        registration(plain(
            52,
            dan.clone(),
            "terminated",
            Some("PT20M"),
            "09:20:00",
        )), // 23 dan 09:00-09:20
        registration(plain(
            53,
            dan.clone(),
            "completed",
            Some("PT20M"),
            "09:19:00",
        )), // 24 outcome of terminated
        plain(
            60,
            mbox("eve@example.com"),
            "completed",
            Some("PT5M"),
            "08:05:00",
        ), // 25 unknown learner
        missing_verb,   // 26 rejected
        bad_time,       // 27 rejected
    ]
}

fn import_page(statements: &[Value]) -> Import {
    let page = json!({"statements": statements, "more": ""}).to_string();
    let mapping = IdentityMap::read_csv(MAPPING.as_bytes(), "people.csv");
    assert!(mapping.diagnostics.is_empty(), "{:?}", mapping.diagnostics);
    let mut importer = Importer::new(ImportOptions::default());
    importer
        .read(page.as_bytes(), "lrs-export.json", InputFormat::Json)
        .unwrap();
    importer.finish(&mapping.map)
}

/// Minutes per learner after the interval union the engine applies
/// (DOMAIN.md step 5), computed with a tiny reference model.
fn union_minutes(import: &Import) -> BTreeMap<String, i64> {
    let mut spans: BTreeMap<String, Vec<(i64, i64)>> = BTreeMap::new();
    for s in &import.sessions {
        let start = s.session.start_utc().timestamp_millis();
        let end = start + i64::try_from(s.session.duration().as_millis()).unwrap();
        spans
            .entry(s.session.learner_id().to_string())
            .or_default()
            .push((start, end));
    }
    spans
        .into_iter()
        .map(|(learner, mut list)| {
            list.sort_unstable();
            let (mut total, mut current): (i64, Option<(i64, i64)>) = (0, None);
            for (start, end) in list {
                current = match current {
                    Some((s, e)) if start <= e => Some((s, e.max(end))),
                    Some((s, e)) => {
                        total += e - s;
                        Some((start, end))
                    }
                    None => Some((start, end)),
                };
            }
            if let Some((s, e)) = current {
                total += e - s;
            }
            (learner, total / 60_000)
        })
        .collect()
}

#[test]
fn export_imports_into_hand_computed_minutes() {
    let import = import_page(&export());

    // Hand computation (minutes):
    //   ann  45  completed PT45M; its duplicate once; the voided meeting and
    //            the conflicting pair credit nothing.
    //   bob  30  cmi5 s1 terminated PT30M (not +20 completed, +25 passed);
    //            s2 was launched in Browse mode; the plain PT7M is voided.
    //   cara 45  cmi5 s3 abandoned PT40M from launched 14:00 (14:00-14:40),
    //            plus experienced 14:30-14:45: the union is 14:00-14:45.
    //   dan  20  terminated PT20M; completed in the same registration is an
    //            outcome; P1Y is not exact; progressed is not creditable.
    let expected: BTreeMap<String, i64> = [("ann", 45), ("bob", 30), ("cara", 45), ("dan", 20)]
        .map(|(l, m)| (l.to_string(), m))
        .into();
    assert_eq!(union_minutes(&import), expected);

    let recorded: i64 = import
        .sessions
        .iter()
        .map(|s| s.session.duration().whole_minutes() as i64)
        .sum();
    assert_eq!(recorded, 45 + 30 + 40 + 15 + 20);

    // The unknown actor is reported, not dropped.
    assert_eq!(import.unknown_learners.len(), 1);
    let eve = &import.unknown_learners[0];
    assert_eq!(eve.actor.to_string(), "mailto:eve@example.com");
    assert_eq!(eve.duration.whole_minutes(), 5);
    assert_eq!(eve.start.to_rfc3339(), "2026-03-02T08:00:00+00:00");

    // Sessions carry their start instant, record id and origin.
    let bob = import
        .sessions
        .iter()
        .find(|s| s.session.learner_id().as_str() == "bob")
        .unwrap();
    assert_eq!(
        bob.session.start().to_rfc3339(),
        "2026-03-02T13:00:05+00:00"
    );
    assert_eq!(bob.session.record_id().as_str(), uuid(14));
    assert_eq!(bob.session.activity().name(), "e_learning");
    assert_eq!(
        bob.origin,
        SessionOrigin::Cmi5 {
            session_id: "s1".into(),
            launch_mode: Some(upskill_xapi::LaunchMode::Normal)
        }
    );
    let cara_cmi5 = import
        .sessions
        .iter()
        .find(|s| s.session.record_id().as_str() == uuid(43))
        .unwrap();
    assert_eq!(
        cara_cmi5.session.start().to_rfc3339(),
        "2026-03-02T14:00:00+00:00"
    );
    assert_eq!(cara_cmi5.session.title(), Some("Data ethics AU"));
}

#[test]
fn every_statement_has_exactly_one_fate() {
    let import = import_page(&export());
    let fates: Vec<Fate> = import.statements.iter().map(|s| s.fate).collect();
    use Fate::*;
    use NoCreditReason::*;
    #[rustfmt::skip]
    let expected = vec![
        Session, Duplicate, Voiding, Voided, Conflict, Conflict,
        InCmi5Session, InCmi5Session, InCmi5Session, InCmi5Session, Session,
        InCmi5Session, InCmi5Session, NoCredit(LaunchModeNotCounted),
        Voided, Voiding,
        InCmi5Session, InCmi5Session, InCmi5Session, Session, Session,
        NoCredit(CalendarDuration), NoCredit(VerbNotCreditable), Session, NoCredit(OutcomeOfTerminated),
        UnknownLearner, Rejected, Rejected,
    ];
    assert_eq!(fates, expected);
    let summary = import.summary();
    assert_eq!(summary.statements, 28);
    let sum = summary.sessions
        + summary.unknown_learner
        + summary.rejected
        + summary.duplicate
        + summary.conflict
        + summary.voided
        + summary.voiding
        + summary.in_cmi5_session
        + summary.in_video_session
        + summary.no_credit;
    assert_eq!(sum, summary.statements, "statements in == sum of fates");
    assert_eq!(summary.sessions as usize, import.sessions.len());
    assert_eq!(
        summary.unknown_learner as usize,
        import.unknown_learners.len()
    );
}

#[test]
fn every_problem_is_located() {
    let import = import_page(&export());
    let found: Vec<(String, u64, String)> = import
        .diagnostics
        .iter()
        // X064 sums a verb's uncredited time over the file, so it has no record.
        .filter(|d| d.code != "X064")
        .map(|d| {
            assert_eq!(d.location.file.as_deref(), Some("lrs-export.json"));
            (
                d.code.clone(),
                d.location.record.unwrap(),
                d.location.pointer.clone().unwrap_or_default(),
            )
        })
        .collect();
    let expected: Vec<(String, u64, String)> = [
        ("X040", 1, ""),
        ("X041", 4, ""),
        ("X041", 5, ""),
        ("X057", 13, ""),
        ("D002", 21, "/result/duration"),
        ("X045", 25, ""),
        ("X004", 26, "/verb"),
        ("X020", 27, "/timestamp"),
    ]
    .map(|(c, r, p)| (c.to_string(), r, p.to_string()))
    .into();
    assert_eq!(found, expected);
    // Every rejected statement has at least one error at its own record.
    for (index, statement) in import.statements.iter().enumerate() {
        if statement.fate == Fate::Rejected {
            assert!(
                import
                    .diagnostics
                    .iter()
                    .any(|d| d.is_error() && d.location.record == Some(index as u64))
            );
        }
    }
    let text: Vec<String> = import.diagnostics.iter().map(ToString::to_string).collect();
    insta::assert_snapshot!(text.join("\n"), @r"
    lrs-export.json: warning[X064]: 1 `experienced` statement with 5 minutes was not credited (`http://adlnet.gov/expapi/verbs/experienced`: 1 in_cmi5_session)
    lrs-export.json: warning[X064]: 1 `passed` statement with 25 minutes was not credited (`http://adlnet.gov/expapi/verbs/passed`: 1 in_cmi5_session)
    lrs-export.json: warning[X064]: 1 `progressed` statement with 10 minutes was not credited (`http://adlnet.gov/expapi/verbs/progressed`: 1 verb_not_creditable)
    lrs-export.json: warning[X064]: 1 `terminated` statement with 10 minutes was not credited (`http://adlnet.gov/expapi/verbs/terminated`: 1 launch_mode_not_counted)
    lrs-export.json: warning[X064]: 2 `completed` statements with 40 minutes were not credited (`http://adlnet.gov/expapi/verbs/completed`: 1 in_cmi5_session, 1 outcome_of_terminated)
    lrs-export.json[1]: warning[X040]: statement `00000000-0000-4000-8000-000000000001` repeats the one at lrs-export.json[0]; it is counted once
    lrs-export.json[4]: error[X041]: statement id `00000000-0000-4000-8000-000000000005` is used by 2 statements with different content (lrs-export.json[4], lrs-export.json[5]); none is credited
    lrs-export.json[5]: error[X041]: statement id `00000000-0000-4000-8000-000000000005` is used by 2 statements with different content (lrs-export.json[4], lrs-export.json[5]); none is credited
    lrs-export.json[13]: warning[X057]: cmi5 session `s2` was launched in Browse mode, which is not counted
    lrs-export.json[21]#/result/duration: warning[D002]: duration `P1Y` counts years or months, which have no exact length, so it is not credited
    lrs-export.json[25]: warning[X045]: actor `mailto:eve@example.com` matches no learner in the identity mapping
    lrs-export.json[26]#/verb: error[X004]: the statement has no `verb`
    lrs-export.json[27]#/timestamp: error[X020]: timestamp `2026-03-02T08:00:00-00:00` is not valid: the offset `-00:00` is not allowed; write `Z` or `+00:00`
    ");
}

/// Sessions without their locations (which copy of a duplicate is kept may
/// move with the input order; nothing else may).
fn essence(import: &Import) -> Vec<String> {
    import
        .sessions
        .iter()
        .map(|s| {
            let s = &s.session;
            format!(
                "{} {} {} {} {}",
                s.record_id(),
                s.learner_id(),
                s.start_utc(),
                s.duration(),
                s.activity()
            )
        })
        .chain(import.unknown_learners.iter().map(|u| {
            format!(
                "{} {} {} {}",
                u.record_id,
                u.actor,
                u.start.to_utc(),
                u.duration
            )
        }))
        .collect()
}

#[test]
fn input_order_does_not_change_the_sessions() {
    let forward = import_page(&export());
    let mut reversed = export();
    reversed.reverse();
    let backward = import_page(&reversed);
    assert_eq!(essence(&forward), essence(&backward));
    assert_eq!(forward.summary(), backward.summary());
    let mut rotated = export();
    rotated.rotate_left(11);
    assert_eq!(essence(&forward), essence(&import_page(&rotated)));
}

#[test]
fn json_lines_and_arrays_give_the_same_sessions() {
    let statements = export();
    let page = import_page(&statements);
    let mapping = IdentityMap::read_csv(MAPPING.as_bytes(), "people.csv").map;

    let lines: String = statements.iter().map(|s| format!("{s}\n\n")).collect();
    let mut importer = Importer::new(ImportOptions::default());
    importer
        .read(lines.as_bytes(), "export.jsonl", InputFormat::JsonLines)
        .unwrap();
    let from_lines = importer.finish(&mapping);
    assert_eq!(essence(&page), essence(&from_lines));
    // JSON Lines locations are lines (blank lines are counted, not read).
    let rejected: Vec<u64> = from_lines
        .statements
        .iter()
        .filter(|s| s.fate == Fate::Rejected)
        .map(|s| s.location.line.unwrap())
        .collect();
    assert_eq!(rejected, [53, 55]);

    let array = serde_json::to_string(&statements).unwrap();
    let mut importer = Importer::new(ImportOptions::default());
    importer
        .read(array.as_bytes(), "export.json", InputFormat::Json)
        .unwrap();
    assert_eq!(essence(&page), essence(&importer.finish(&mapping)));
}
