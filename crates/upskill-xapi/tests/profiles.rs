//! Time crediting by profile (docs/xapi.md, "What credits time"): the ADL
//! xAPI SCORM Profile, the xAPI Video Profile, the pledge's settings, and no
//! silent loss of any duration.
#![cfg(test)]

mod common;

use common::*;
use serde_json::{Value, json};
use upskill_pledge::CountingRules;
use upskill_xapi::{
    Fate, IdentityMap, ImportOptions, Importer, LaunchMode, NoCreditReason, SessionOrigin, vocab,
};

const CASES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/cases");

fn case_import(case: &str, file: &str, options: ImportOptions) -> upskill_xapi::Import {
    let actors = std::fs::read_to_string(format!("{CASES}/{case}/actors.csv")).unwrap();
    let map = IdentityMap::read_csv(actors.as_bytes(), "actors.csv");
    assert!(map.diagnostics.is_empty(), "{:?}", map.diagnostics);
    let mut importer = Importer::new(options);
    importer
        .read_path(std::path::Path::new(&format!("{CASES}/{case}/{file}")))
        .unwrap();
    importer.finish(&map.map)
}

/// Case field/xapi-scorm-profile-suspended: one SCORM attempt in three
/// sittings; the profile puts each sitting's time on `suspended` or
/// `terminated`, so 40 + 25 + 35 = 100 minutes.
#[test]
fn scorm_profile_credits_every_sitting() {
    let import = case_import(
        "xapi-scorm-profile-suspended",
        "scorm-profile-attempt.json",
        ImportOptions::default(),
    );
    assert_eq!(minutes(&import), [40, 25, 35]);
    let starts: Vec<String> = import
        .sessions
        .iter()
        .map(|s| s.session.start().to_rfc3339())
        .collect();
    assert_eq!(
        starts,
        [
            "2026-03-03T09:00:00+00:00",
            "2026-03-04T14:00:00+00:00",
            "2026-03-05T10:00:00+00:00"
        ]
    );
    assert!(import.diagnostics.is_empty(), "{:?}", import.diagnostics);
    assert_eq!(
        fates(&import),
        [
            Fate::NoCredit(NoCreditReason::VerbNotCreditable),
            Fate::Session,
            Fate::NoCredit(NoCreditReason::VerbNotCreditable),
            Fate::Session,
            Fate::NoCredit(NoCreditReason::VerbNotCreditable),
            Fate::NoCredit(NoCreditReason::NoDuration),
            Fate::Session,
        ]
    );
}

/// With the profile rule off, the two `suspended` sittings are not credited,
/// and the import says so per verb, with their minutes: nothing silent.
#[test]
fn uncredited_sittings_are_counted_and_warned() {
    let options = ImportOptions {
        scorm_profile: false,
        ..ImportOptions::default()
    };
    let import = case_import(
        "xapi-scorm-profile-suspended",
        "scorm-profile-attempt.json",
        options,
    );
    assert_eq!(minutes(&import), [35]);
    assert_eq!(
        uncredited(&import),
        [("suspended".to_string(), "verb_not_creditable", 2, 65)]
    );
    let message = import.diagnostics[0].to_string();
    assert!(
        message.ends_with("warning[X064]: 2 `suspended` statements with 65 minutes were not credited (`http://adlnet.gov/expapi/verbs/suspended`: 2 verb_not_creditable)"),
        "{message}"
    );
}

/// `suspended` outside the SCORM Profile (no category) is not a session time
/// by default; adding the verb through the pledge credits it.
#[test]
fn pledge_verbs_add_and_remove_credited_verbs() {
    let statements = [
        plain(1, "suspended", Some("PT20M"), "10:00:00"),
        plain(2, "experienced", Some("PT15M"), "11:00:00"),
    ];
    let import = import(&statements);
    assert_eq!(minutes(&import), [15]);
    assert_eq!(
        uncredited(&import),
        [("suspended".to_string(), "verb_not_creditable", 1, 20)]
    );

    let rules = CountingRules {
        xapi_credited_verbs: vec![vocab::SUSPENDED.to_string()],
        xapi_uncredited_verbs: vec![vocab::EXPERIENCED.to_string()],
        ..CountingRules::default()
    };
    let import = import_with(&statements, ImportOptions::for_counting(&rules));
    assert_eq!(minutes(&import), [20]);
    assert_eq!(
        uncredited(&import),
        [("experienced".to_string(), "verb_not_creditable", 1, 15)]
    );
}

/// The pledge's `counting.cmi5_browse_review_counts` reaches the importer.
#[test]
fn pledge_browse_review_setting_takes_effect() {
    let off = ImportOptions::for_counting(&CountingRules::default());
    assert_eq!(
        off.cmi5_launch_modes.iter().copied().collect::<Vec<_>>(),
        [LaunchMode::Normal]
    );
    let rules = CountingRules {
        cmi5_browse_review_counts: true,
        ..CountingRules::default()
    };
    let session = [
        launched(1, "s", "Browse", "10:00:00"),
        cmi5(2, "s", "initialized", None, "10:00:05"),
        cmi5(3, "s", "terminated", Some("PT30M"), "10:30:00"),
    ];
    assert_eq!(
        minutes(&import_with(&session, ImportOptions::default())),
        [] as [u64; 0]
    );
    assert_eq!(
        minutes(&import_with(&session, ImportOptions::for_counting(&rules))),
        [30]
    );
}

fn video(n: u32, session: &str, verb: &str, time: &str, result: Value) -> Value {
    let mut s = plain(n, "initialized", None, time);
    s["verb"] = json!({"id": match verb {
        "played" | "paused" | "seeked" => format!("https://w3id.org/xapi/video/verbs/{verb}"),
        other => verb_iri(other),
    }});
    s["object"] = json!({"id": "https://example.com/videos/1", "definition": {"type": "https://w3id.org/xapi/video/activity-type/video"}});
    s["context"] = json!({"extensions": {vocab::VIDEO_SESSION_ID: session}});
    if !result.is_null() {
        s["result"] = result;
    }
    s
}

fn segments(text: &str) -> Value {
    json!({"extensions": {vocab::VIDEO_PLAYED_SEGMENTS: text}})
}

/// Video Profile without a `terminated` duration: the union of the watched
/// segments (cumulative strings, overlapping re-watches counted once).
#[test]
fn video_watched_segments_are_credited_once() {
    let import = import(&[
        video(1, "v", "initialized", "10:00:00", Value::Null),
        video(2, "v", "played", "10:00:01", Value::Null),
        video(3, "v", "paused", "10:05:00", segments("0[.]300")),
        video(
            4,
            "v",
            "paused",
            "10:12:00",
            segments("0[.]300[,]240[.]600"),
        ),
        video(
            5,
            "v",
            "terminated",
            "10:13:00",
            segments("0[.]300[,]240[.]600[,]600[.]"),
        ),
    ]);
    // 0..600 s: ten minutes, ending at the last statement with segments.
    assert_eq!(minutes(&import), [10]);
    assert_eq!(
        import.sessions[0].session.start().to_rfc3339(),
        "2026-03-02T10:03:00+00:00"
    );
    assert_eq!(
        import.sessions[0].origin,
        SessionOrigin::Video {
            session_id: "v".to_string(),
            watched_segments: true
        }
    );
    assert_eq!(
        fates(&import),
        [
            Fate::InVideoSession,
            Fate::InVideoSession,
            Fate::InVideoSession,
            Fate::InVideoSession,
            Fate::Session
        ]
    );
}

/// A `terminated` duration is the session's time; segments are never added.
#[test]
fn video_terminated_duration_wins_over_segments() {
    let import = import(&[
        video(1, "v", "played", "10:00:00", Value::Null),
        video(2, "v", "paused", "10:05:00", segments("0[.]300")),
        video(
            3,
            "v",
            "terminated",
            "10:20:00",
            json!({"duration": "PT20M", "extensions": {vocab::VIDEO_PLAYED_SEGMENTS: "0[.]300"}}),
        ),
    ]);
    assert_eq!(minutes(&import), [20]);
    assert_eq!(import.summary().in_video_session, 2);
}

#[test]
fn unreadable_segments_are_a_warning_not_a_guess() {
    let import = import(&[video(1, "v", "paused", "10:05:00", segments("0-300"))]);
    assert_eq!(minutes(&import), [] as [u64; 0]);
    assert_eq!(codes(&import), [("X065".to_string(), 0)]);
}
