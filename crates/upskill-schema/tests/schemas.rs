//! The published schemas: no drift from `schemas/`, valid draft 2020-12,
//! and they accept every example file and proptest-made instance and
//! reject known-bad ones.
//!
//! Regenerate after changing a document type:
//! `UPDATE_SCHEMAS=1 cargo test -p upskill-schema` (ignored when `CI` is set).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a panic is a failed test"
)]

use std::path::{Path, PathBuf};

use proptest::prelude::*;
use serde_json::{Value, json};
use upskill_schema::{PUBLISHED, Published, check_schemas, write_schemas};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn updating() -> bool {
    std::env::var_os("UPDATE_SCHEMAS").is_some_and(|v| v == "1") && std::env::var_os("CI").is_none()
}

#[test]
fn checked_in_schemas_match_generated() {
    let dir = workspace().join("schemas");
    if updating() {
        write_schemas(&dir).unwrap();
    }
    let drift = check_schemas(&dir);
    let mut report = String::new();
    for d in &drift {
        report.push_str(&format!(
            "--- schemas/{} (checked in)\n+++ generated\n",
            d.file
        ));
        let found = d.found.clone().unwrap_or_default();
        let diff = similar::TextDiff::from_lines(&found, &d.expected);
        report.push_str(&diff.unified_diff().context_radius(3).to_string());
    }
    assert!(
        drift.is_empty(),
        "the checked-in schemas differ from the generated ones; if the change is intended, run\n\
         UPDATE_SCHEMAS=1 cargo test -p upskill-schema --test schemas\n\n{report}"
    );
    // No stale schema files either.
    let expected: Vec<String> = PUBLISHED.iter().map(Published::file_name).collect();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if name.ends_with(".schema.json") {
            assert!(
                expected.contains(&name),
                "schemas/{name} is not published by upskill-schema"
            );
        }
    }
}

#[test]
fn schemas_are_valid_draft_2020_12_with_ids_titles_and_versions() {
    for p in PUBLISHED {
        let schema = p.schema();
        assert_eq!(
            schema["$schema"], "https://json-schema.org/draft/2020-12/schema",
            "{}",
            p.name
        );
        jsonschema::draft202012::meta::validate(&schema)
            .unwrap_or_else(|e| panic!("{}: {e}", p.name));
        assert_eq!(
            schema["$id"],
            format!(
                "https://upskill.invalid/schemas/v{}/{}.schema.json",
                p.schema_version, p.name
            )
        );
        assert!(
            schema["title"].as_str().is_some_and(|t| !t.is_empty()),
            "{}",
            p.name
        );
        assert_eq!(schema["x-schema-version"], p.schema_version, "{}", p.name);
    }
}

fn validator(name: &str) -> jsonschema::Validator {
    let schema = Published::find(name).unwrap().schema();
    jsonschema::draft202012::new(&schema).unwrap()
}

fn errors(name: &str, instance: &Value) -> Vec<String> {
    validator(name)
        .iter_errors(instance)
        .map(|e| format!("{}: {e}", e.instance_path))
        .collect()
}

/// Which schema an example file is an instance of, by its name.
fn schema_for(path: &Path) -> Option<(&'static str, bool)> {
    let name = path.file_name()?.to_string_lossy().to_lowercase();
    let lines = name.ends_with(".jsonl") || name.ends_with(".ndjson");
    let schema = if name.contains("pledge") {
        "pledge"
    } else if name.contains("roster") {
        "roster"
    } else if name.contains("leave") {
        "leave"
    } else if name.contains("validation") {
        "validation-report"
    } else if name.contains("session") && lines {
        "learning-session"
    } else if name.contains("session") {
        "sessions"
    } else {
        return None;
    };
    Some((schema, lines))
}

fn json_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            json_files(&path, out);
        } else if path
            .extension()
            .is_some_and(|e| e == "json" || e == "jsonl" || e == "ndjson")
        {
            out.push(path);
        }
    }
}

#[test]
fn every_example_file_validates() {
    let mut files = Vec::new();
    json_files(&workspace().join("examples"), &mut files);
    files.sort();
    let mut checked = 0;
    let mut failures = Vec::new();
    for file in &files {
        let Some((schema, lines)) = schema_for(file) else {
            eprintln!("skipped (no schema by its name): {}", file.display());
            continue;
        };
        // Files meant to be bad say so in their name.
        let bad =
            file.to_string_lossy().contains("bad") || file.to_string_lossy().contains("invalid");
        let text = std::fs::read_to_string(file).unwrap();
        let instances: Vec<Value> = if lines {
            text.lines()
                .filter(|l| !l.trim().is_empty())
                .map(|l| serde_json::from_str(l).unwrap())
                .collect()
        } else {
            vec![serde_json::from_str(&text).unwrap()]
        };
        for (i, instance) in instances.iter().enumerate() {
            let found = errors(schema, instance);
            checked += 1;
            if found.is_empty() == bad {
                failures.push(format!(
                    "{} #{i} against {schema}: {found:?}",
                    file.display()
                ));
            }
        }
    }
    eprintln!(
        "{checked} example instances checked in {} files",
        files.len()
    );
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn known_bad_instances_are_rejected() {
    let session = json!({"record_id": "r1", "learner_id": "e1", "start": "2026-03-02T09:00:00+00:00", "end": "2026-03-02T10:00:00Z", "activity": "webinar"});
    assert_eq!(errors("learning-session", &session), Vec::<String>::new());
    let bad_sessions = [
        json!({"learner_id": "e1", "start": "2026-03-02T09:00:00Z", "end": "2026-03-02T10:00:00Z", "activity": "webinar"}),
        json!({"record_id": "r1", "learner_id": "e1", "start": "2026-03-02T09:00:00", "end": "2026-03-02T10:00:00Z", "activity": "webinar"}),
        json!({"record_id": "r1", "learner_id": "e1", "start": "2026-03-02T09:00:00Z", "duration_minutes": -5, "activity": "webinar"}),
        json!({"record_id": "r1", "learner_id": "e1", "start": "2026-03-02T09:00:00Z", "end": "2026-03-02T10:00:00Z", "activity": "napping"}),
        json!({"record_id": "", "learner_id": "e1", "start": "2026-03-02T09:00:00Z", "end": "2026-03-02T10:00:00Z", "activity": "webinar"}),
        json!({"record_id": "r1", "learner_id": "e1", "start": "2026-03-02T09:00:00Z", "end": "2026-03-02T10:00:00Z", "activity": "webinar", "colour": "red"}),
        json!({"record_id": "r1", "learner_id": "e1", "start": "2026-03-02T09:00:00Z", "end": "2026-03-02T10:00:00Z", "activity": "webinar", "self_reported": "yes"}),
    ];
    for bad in &bad_sessions {
        assert!(
            !errors("learning-session", bad).is_empty(),
            "accepted {bad}"
        );
    }
    assert!(!errors("sessions", &json!([session, {"record_id": 5}])).is_empty());

    let pledge = json!({"schema_version": 1, "organisation": {"id": "acme", "name": "Acme Ltd"}, "time_zone": "Europe/London"});
    assert_eq!(errors("pledge", &pledge), Vec::<String>::new());
    for bad in [
        json!({"schema_version": 2, "organisation": {"id": "acme", "name": "Acme Ltd"}, "time_zone": "Europe/London"}),
        json!({"schema_version": 1, "organisation": {"id": "acme"}, "time_zone": "Europe/London"}),
        json!({"schema_version": 1, "organisation": {"id": "acme", "name": "Acme Ltd"}, "time_zone": "Europe/London", "minutes_per_week": 0}),
        json!({"schema_version": 1, "organisation": {"id": "acme", "name": "Acme Ltd"}, "time_zone": "Europe/London", "target": {"learner_week_rate": 1.5}}),
        json!({"schema_version": 1, "organisation": {"id": "acme", "name": "Acme Ltd"}, "time_zone": "Europe/London", "week_start": "funday"}),
        json!({"schema_version": 1, "organisation": {"id": "acme", "name": "Acme Ltd"}, "time_zone": "Europe/London", "versions": [{"effective_from": "2026-15"}]}),
    ] {
        assert!(!errors("pledge", &bad).is_empty(), "accepted {bad}");
    }

    let roster = json!({"schema_version": 1, "learners": [{"learner_id": "e1", "fte": 0.6, "start_date": "2026-01-05"}]});
    assert_eq!(errors("roster", &roster), Vec::<String>::new());
    for bad in [
        json!({"schema_version": 1, "learners": [{"learner_id": "e1", "fte": 1.6}]}),
        json!({"schema_version": 1, "learners": [{"fte": 1}]}),
        json!({"schema_version": 1, "people": []}),
        json!({"learners": []}),
    ] {
        assert!(!errors("roster", &bad).is_empty(), "accepted {bad}");
    }

    let leave = json!({"schema_version": 1, "leave": [{"learner_id": "e1", "from": "2026-03-02", "to": "2026-03-06", "kind": "annual"}]});
    assert_eq!(errors("leave", &leave), Vec::<String>::new());
    for bad in [
        json!({"schema_version": 1, "leave": [{"learner_id": "e1", "from": "2026-03-02", "to": "2026-03-06", "kind": "gardening"}]}),
        json!({"schema_version": 1, "leave": [{"learner_id": "e1", "from": "2026-03-02"}]}),
    ] {
        assert!(!errors("leave", &bad).is_empty(), "accepted {bad}");
    }
}

fn id() -> impl Strategy<Value = String> {
    "[a-z0-9][a-z0-9_.-]{0,15}"
}

fn instant() -> impl Strategy<Value = String> {
    (
        2000i32..2100,
        1u32..13,
        1u32..29,
        0u32..24,
        0u32..60,
        0u32..60,
        prop::option::of(0u32..1000),
        -14i32..15,
        prop::bool::ANY,
    )
        .prop_map(|(y, mo, d, h, mi, s, ms, off, z)| {
            let fraction = ms.map(|ms| format!(".{ms:03}")).unwrap_or_default();
            let offset = if z && off == 0 {
                "Z".to_string()
            } else {
                format!("{}{:02}:00", if off < 0 { '-' } else { '+' }, off.abs())
            };
            format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}{fraction}{offset}")
        })
}

const ACTIVITIES: [&str; 10] = [
    "e_learning",
    "course",
    "webinar",
    "workshop",
    "coaching",
    "mentoring",
    "reading",
    "conference",
    "on_the_job",
    "other",
];

prop_compose! {
    fn session_record()(
        record_id in id(), learner_id in id(), start in instant(), end in instant(),
        minutes in prop::option::of(0u32..100_000), activity in prop::sample::select(ACTIVITIES.as_slice()),
        title in prop::option::of("[ -~]{0,40}"), skill_areas in prop::collection::vec("[a-z]{1,10}", 0..4),
        self_reported in prop::bool::ANY,
    ) -> Value {
        let mut record = json!({"record_id": record_id, "learner_id": learner_id, "start": start, "activity": activity});
        match minutes {
            Some(m) => record["duration_minutes"] = json!(f64::from(m) / 4.0),
            None => record["end"] = json!(end),
        }
        if let Some(title) = title { record["title"] = json!(title); }
        if !skill_areas.is_empty() { record["skill_areas"] = json!(skill_areas); }
        if self_reported { record["self_reported"] = json!(true); }
        record
    }
}

fn date() -> impl Strategy<Value = String> {
    (1990i32..2100, 1u32..13, 1u32..29).prop_map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}"))
}

prop_compose! {
    fn roster_entry()(learner_id in id(), start in prop::option::of(date()), end in prop::option::of(date()),
        workload in prop::option::of(prop_oneof![(1u32..=1_000_000).prop_map(|ppm| ("fte", f64::from(ppm) / 1e6)), (1u32..=168).prop_map(|h| ("contracted_hours", f64::from(h)))]),
        team in prop::option::of("[a-z]{1,8}"),
    ) -> Value {
        let mut entry = json!({"learner_id": learner_id});
        if let Some(s) = start { entry["start_date"] = json!(s); }
        if let Some(e) = end { entry["end_date"] = json!(e); }
        if let Some((field, value)) = workload { entry[field] = json!(value); }
        if let Some(t) = team { entry["team"] = json!(t); }
        entry
    }
}

prop_compose! {
    fn pledge()(id in id(), zone in prop::sample::select(vec!["Europe/London", "America/New_York", "Asia/Kolkata", "UTC"]),
        minutes in prop::option::of(1u32..=10080), pro_rata in prop::option::of(prop::sample::select(vec!["none", "fte", "contracted_hours"])),
        rate in prop::option::of(0u32..=100), caps in prop::option::of(1u32..600),
        creditable in prop::option::of(prop::sample::subsequence(ACTIVITIES.to_vec(), 1..10)),
        versions in prop::collection::vec((2026i32..2030, 1u32..53, prop::option::of(1u32..=600)), 0..3),
    ) -> Value {
        let mut doc = json!({"schema_version": 1, "organisation": {"id": id, "name": "Org"}, "time_zone": zone});
        if let Some(m) = minutes { doc["minutes_per_week"] = json!(m); }
        if let Some(p) = pro_rata { doc["pro_rata"] = json!(p); }
        if let Some(r) = rate { doc["target"] = json!({"learner_week_rate": f64::from(r) / 100.0}); }
        if let Some(c) = caps { doc["counting"] = json!({"per_session_cap_minutes": c, "creditable_activities": creditable}); }
        let versions: Vec<Value> = versions.into_iter().map(|(y, w, m)| {
            let mut v = json!({"effective_from": format!("{y}-W{w:02}")});
            if let Some(m) = m { v["minutes_per_week"] = json!(m); }
            v
        }).collect();
        if !versions.is_empty() { doc["versions"] = json!(versions); }
        doc
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, .. ProptestConfig::default() })]

    #[test]
    fn session_records_validate_and_deserialise(record in session_record()) {
        prop_assert_eq!(errors("learning-session", &record), Vec::<String>::new());
        // What the schema accepts, serde reads (the schema is not looser).
        prop_assert!(serde_json::from_value::<upskill_session::SessionRecord>(record).is_ok());
    }

    #[test]
    fn session_arrays_validate(records in prop::collection::vec(session_record(), 0..5)) {
        prop_assert_eq!(errors("sessions", &json!(records)), Vec::<String>::new());
    }

    #[test]
    fn roster_documents_validate(learners in prop::collection::vec(roster_entry(), 0..5)) {
        let doc = json!({"schema_version": 1, "learners": learners});
        prop_assert_eq!(errors("roster", &doc), Vec::<String>::new());
        prop_assert!(serde_json::from_value::<upskill_quota::RosterDocument>(doc).is_ok());
    }

    #[test]
    fn leave_documents_validate(entries in prop::collection::vec((id(), date(), date(), prop::option::of(prop::sample::select(vec!["annual", "sick", "parental", "other"]))), 0..5)) {
        let leave: Vec<Value> = entries.into_iter().map(|(l, f, t, k)| {
            let mut e = json!({"learner_id": l, "from": f, "to": t});
            if let Some(k) = k { e["kind"] = json!(k); }
            e
        }).collect();
        let doc = json!({"schema_version": 1, "leave": leave});
        prop_assert_eq!(errors("leave", &doc), Vec::<String>::new());
        prop_assert!(serde_json::from_value::<upskill_quota::LeaveDocument>(doc).is_ok());
    }

    #[test]
    fn pledge_documents_validate(doc in pledge()) {
        prop_assert_eq!(errors("pledge", &doc), Vec::<String>::new());
        prop_assert!(serde_json::from_value::<upskill_pledge::PledgeDocument>(doc).is_ok());
    }

    #[test]
    fn pledges_written_by_the_library_validate(doc in pledge()) {
        let parsed: upskill_pledge::PledgeDocument = serde_json::from_value(doc).unwrap();
        if let Ok(pledge) = upskill_pledge::Pledge::from_document(&parsed) {
            let written = serde_json::to_value(pledge.to_document()).unwrap();
            prop_assert_eq!(errors("pledge", &written), Vec::<String>::new());
        }
    }

    #[test]
    fn validation_reports_validate(lines in prop::collection::vec(prop_oneof![
        session_record().prop_map(|r| r.to_string()),
        "[ -~]{0,60}",
    ], 0..8)) {
        let input = lines.join("\n");
        let report = upskill_schema::validate(
            upskill_formats::DocumentKind::Sessions,
            upskill_schema::Input::new("s.jsonl", input.as_bytes()),
            &upskill_schema::ValidateOptions::new(),
        );
        let value: Value = serde_json::from_str(&upskill_schema::render_json(&report)).unwrap();
        prop_assert_eq!(errors("validation-report", &value), Vec::<String>::new());
    }
}

/// Every data file under `examples/` is readable by the validator: no
/// problem with the file itself (`F` codes: encoding, limits, syntax,
/// header, shape). The example data carries deliberate record-level faults
/// for the engine to reject, so those are printed, not failed on.
#[test]
fn example_data_passes_the_validator() {
    use upskill_formats::DocumentKind;
    let mut files = Vec::new();
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| {
                ["csv", "json", "jsonl", "ndjson"].contains(&e.to_string_lossy().as_ref())
            }) {
                out.push(path);
            }
        }
    }
    walk(&workspace().join("examples"), &mut files);
    files.sort();
    let kind_of = |path: &Path| {
        let name = path.file_name()?.to_string_lossy().to_lowercase();
        let bad = name.contains("bad") || name.contains("invalid");
        [
            ("session", DocumentKind::Sessions),
            ("roster", DocumentKind::Roster),
            ("leave", DocumentKind::Leave),
            ("holiday", DocumentKind::Holidays),
            ("pledge", DocumentKind::Pledge),
        ]
        .into_iter()
        .find(|(word, _)| name.contains(word))
        .map(|(_, kind)| (kind, bad))
    };
    // Learners of the first example roster, for the roster check.
    let roster = files
        .iter()
        .find(|f| kind_of(f).is_some_and(|(k, bad)| k == DocumentKind::Roster && !bad))
        .map(|f| {
            let input = std::io::BufReader::new(std::fs::File::open(f).unwrap());
            let (roster, _) = upskill_formats::collect_roster(upskill_formats::read_roster(
                &f.to_string_lossy(),
                input,
                None,
                upskill_formats::ReadOptions::new(),
            ));
            roster
        });
    let mut options = upskill_schema::ValidateOptions::new();
    if let Some(roster) = &roster {
        options = options.with_roster(roster);
    }
    let mut failures = Vec::new();
    for file in &files {
        let Some((kind, bad)) = kind_of(file) else {
            continue;
        };
        let name = file
            .strip_prefix(workspace())
            .unwrap_or(file)
            .to_string_lossy()
            .into_owned();
        let input = std::io::BufReader::new(std::fs::File::open(file).unwrap());
        let report =
            upskill_schema::validate(kind, upskill_schema::Input::new(name, input), &options);
        eprint!("{}", upskill_schema::render_text(&report));
        let file_level = report
            .problems
            .iter()
            .any(|p| p.is_error() && p.code.starts_with('F'));
        if (file_level && !bad) || report.summary.records_read == 0 {
            failures.push(report.file.clone());
        }
    }
    assert!(failures.is_empty(), "{failures:?}");
}

/// The JSON report of the example data, made the way `upskill evaluate`
/// makes it (`upskill_dataset::evaluate`, rendered by `upskill-report`),
/// over a period wider than the data and with the period chosen from the
/// data, is an instance of the published assessment-report schema.
#[test]
fn assessment_of_the_example_data_validates() {
    use upskill_dataset::{AsOf, DatasetFiles, EvaluateOptions, evaluate};

    let data = workspace().join("crates/upskill-dataset/example");
    let files = DatasetFiles::open(&data).unwrap();
    for (from, to) in [(Some("2026-W09"), Some("2026-W22")), (None, None)] {
        let options = EvaluateOptions {
            from: from.map(str::to_string),
            to: to.map(str::to_string),
            as_of: AsOf::parse("2026-06-15T00:00:00Z").unwrap(),
            ..EvaluateOptions::default()
        };
        let evaluation = evaluate(&files, &options).unwrap();
        let text = upskill_report::json::render(&evaluation).unwrap();
        let report: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(errors("assessment-report", &report), Vec::<String>::new());
    }
    let options = EvaluateOptions {
        as_of: AsOf::parse("2026-06-15T00:00:00Z").unwrap(),
        ..EvaluateOptions::default()
    };
    let evaluation = evaluate(&files, &options).unwrap();
    let report: serde_json::Value =
        serde_json::from_str(&upskill_report::json::render(&evaluation).unwrap()).unwrap();
    assert_eq!(errors("assessment-report", &report), Vec::<String>::new());
    let mut bad = report.clone();
    bad["verdict"] = json!("splendid");
    assert!(!errors("assessment-report", &bad).is_empty());
}

#[test]
fn every_preset_mapping_validates_and_bad_mappings_do_not() {
    let validator = validator("mapping");
    for preset in upskill_mapping::presets() {
        let mapping = preset.mapping().unwrap();
        let value = serde_json::to_value(&mapping).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&value)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{}: {errors:?}", preset.name);
    }
    for bad in [
        serde_json::json!({"schema_version": 2, "kind": "sessions", "fields": {}}),
        serde_json::json!({"schema_version": 1, "kind": "courses", "fields": {}}),
        serde_json::json!({"schema_version": 1, "kind": "sessions", "fields": {"start": {"column": "a", "pattern": "%d"}}}),
        serde_json::json!({"schema_version": 1, "kind": "sessions", "fields": {"duration": {"column": "a", "duration": "fortnights"}}}),
    ] {
        assert!(!validator.is_valid(&bad), "{bad}");
    }
}
