//! Helpers shared by the integration tests.
#![cfg(test)]
#![allow(dead_code, reason = "each test file uses a different subset")]

use serde_json::{Value, json};
use upskill_xapi::{Fate, IdentityMap, Import, ImportOptions, Importer, InputFormat, vocab};

pub const MAPPING: &str = "\
learner_id,mbox,account_home_page,account_name
ann,mailto:ann@example.com,,
bob,,https://lms.example.com,bob.b
";

pub fn uuid(n: u32) -> String {
    format!("00000000-0000-4000-8000-{n:012}")
}

pub fn ts(time: &str) -> String {
    format!("2026-03-02T{time}Z")
}

pub fn verb_iri(name: &str) -> String {
    match name {
        "abandoned" | "waived" | "satisfied" => format!("https://w3id.org/xapi/adl/verbs/{name}"),
        other => format!("http://adlnet.gov/expapi/verbs/{other}"),
    }
}

/// A plain statement by ann.
pub fn plain(n: u32, verb: &str, duration: Option<&str>, time: &str) -> Value {
    let mut s = json!({
        "id": uuid(n),
        "actor": {"mbox": "mailto:ann@example.com"},
        "verb": {"id": verb_iri(verb)},
        "object": {"id": "https://example.com/activities/a", "definition": {"type": "http://adlnet.gov/expapi/activities/course"}},
        "timestamp": ts(time),
    });
    if let Some(d) = duration {
        s["result"] = json!({"duration": d});
    }
    s
}

/// A cmi5 defined statement by bob (account) in `session`.
pub fn cmi5(n: u32, session: &str, verb: &str, duration: Option<&str>, time: &str) -> Value {
    let mut s = plain(n, verb, duration, time);
    s["actor"] = json!({"objectType": "Agent", "account": {"homePage": "https://lms.example.com", "name": "bob.b"}});
    s["object"] = json!({"id": "https://lms.example.com/au/1"});
    s["context"] = json!({
        "registration": "ec531277-b57b-4c15-8d91-d292c5b2b8f7",
        "contextActivities": {"category": [{"id": vocab::CMI5_CATEGORY}]},
        "extensions": {vocab::CMI5_SESSION_ID: session},
    });
    s
}

/// A `launched` statement with a launch mode.
pub fn launched(n: u32, session: &str, mode: &str, time: &str) -> Value {
    let mut s = cmi5(n, session, "launched", None, time);
    s["context"]["extensions"][vocab::CMI5_LAUNCH_MODE] = json!(mode);
    s
}

pub fn mapping() -> IdentityMap {
    let load = IdentityMap::read_csv(MAPPING.as_bytes(), "people.csv");
    assert!(load.diagnostics.is_empty(), "{:?}", load.diagnostics);
    load.map
}

pub fn import_with(statements: &[Value], options: ImportOptions) -> Import {
    let mut importer = Importer::new(options);
    let text = Value::Array(statements.to_vec()).to_string();
    importer
        .read(text.as_bytes(), "export.json", InputFormat::Json)
        .unwrap();
    importer.finish(&mapping())
}

pub fn import(statements: &[Value]) -> Import {
    import_with(statements, ImportOptions::default())
}

/// Diagnostic codes with their record index, without the per-verb `X064`
/// summaries of uncredited time (see `uncredited` below and tests/profiles.rs).
pub fn codes(import: &Import) -> Vec<(String, u64)> {
    import
        .diagnostics
        .iter()
        .filter(|d| d.code != "X064")
        .map(|d| {
            (
                d.code.clone(),
                d.location.record.or(d.location.line).unwrap_or(u64::MAX),
            )
        })
        .collect()
}

pub fn fates(import: &Import) -> Vec<Fate> {
    import.statements.iter().map(|s| s.fate).collect()
}

pub fn minutes(import: &Import) -> Vec<u64> {
    import
        .sessions
        .iter()
        .map(|s| s.session.duration().whole_minutes())
        .collect()
}

/// The uncredited time: (verb's last segment, fate detail, statements, minutes).
pub fn uncredited(import: &Import) -> Vec<(String, &'static str, u64, u64)> {
    import
        .uncredited
        .iter()
        .map(|u| {
            (
                u.verb.rsplit('/').next().unwrap().to_string(),
                u.fate.detail(),
                u.statements,
                u.whole_minutes(),
            )
        })
        .collect()
}
