//! The three renderings of a small bad file, pinned as snapshots; SARIF
//! checked for what code-scanning views need; the code table in
//! `docs/validation-codes.md` checked against the code lists.
//!
//! Snapshots live in `tests/snapshots/`; review changes with
//! `cargo insta review` (CI runs with `INSTA_UPDATE=no`).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a panic is a failed test"
)]

use std::path::Path;

use chrono::{TimeZone, Utc};
use serde_json::Value;
use upskill_formats::DocumentKind;
use upskill_schema::{
    Input, ValidateOptions, ValidationReport, all_codes, render_json, render_sarif, render_text,
    validate,
};
use upskill_session::LearnerId;

const BAD_CSV: &str = "\u{feff}Record_ID, Learner ID ,start,end,duration_minutes,activity,title,colour\r\n\
r1,e1,2026-03-02T09:00:00+00:00,2026-03-02T08:00:00+00:00,,webinar,\"Intro, part 1\",red\r\n\
r2,e1,2026-03-02T09:00:00,,30,webinar,Intro,red\r\n\
r3,e9,2026-03-03T09:00:00Z,,30,napping,Intro,red\r\n\
r4,e2,2026-03-04T09:00:00Z,,900,reading,\"Long \"\"read\"\"\",blue\r\n\
r4,e2,2026-03-04T09:00:00Z,,900,reading,Again,blue\r\n\
r5,e2,2027-01-04T09:00:00Z,,30,course,Future,blue\r\n";

const BAD_JSON: &str = r#"[
  {"record_id": "j1", "learner_id": "e1", "start": "2026-03-02T09:00:00Z", "duration_minutes": 0, "activity": "webinar"},
  {"record_id": "j2", "learner_id": "e1", "start": "2026-03-02T09:00:00Z", "end": "2026-03-02T10:00:00Z", "activity": "webinar", "mood": "good"},
  {"record_id": "j3", "learner_id": "e1", "start": 5, "activity": "webinar"}
]
"#;

fn options() -> ValidateOptions {
    ValidateOptions::new()
        .with_as_of(Utc.with_ymd_and_hms(2026, 12, 31, 0, 0, 0).unwrap())
        .with_roster_ids(["e1", "e2"].map(|id| LearnerId::new(id).unwrap()))
}

fn reports() -> Vec<ValidationReport> {
    vec![
        validate(
            DocumentKind::Sessions,
            Input::new("exports/sessions.csv", BAD_CSV.as_bytes()),
            &options(),
        ),
        validate(
            DocumentKind::Sessions,
            Input::new("exports/sessions.json", BAD_JSON.as_bytes()),
            &options(),
        ),
    ]
}

#[test]
fn text_report() {
    let text: String = reports().iter().map(render_text).collect();
    insta::assert_snapshot!("text", text);
}

#[test]
fn json_report() {
    let reports = reports();
    insta::assert_snapshot!("json_csv", render_json(&reports[0]));
    insta::assert_snapshot!("json_array", render_json(&reports[1]));
}

#[test]
fn sarif_report() {
    insta::assert_snapshot!("sarif", render_sarif(&reports()));
}

/// Checks the SARIF log for what the 2.1.0 schema requires of the parts we
/// write, and what GitHub code scanning reads. When `SARIF_SCHEMA` names a
/// copy of the OASIS `sarif-schema-2.1.0.json`, the log is also validated
/// against it (the schema is not vendored here).
#[test]
fn sarif_is_well_formed() {
    let log: Value = serde_json::from_str(&render_sarif(&reports())).unwrap();
    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "upskill");
    let rules = driver["rules"].as_array().unwrap();
    assert_eq!(rules.len(), all_codes().len());
    for rule in rules {
        assert!(rule["id"].is_string() && rule["shortDescription"]["text"].is_string());
        assert!(
            ["error", "warning"].contains(&rule["defaultConfiguration"]["level"].as_str().unwrap())
        );
    }
    let results = run["results"].as_array().unwrap();
    assert!(!results.is_empty());
    for result in results {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
        assert!(["error", "warning"].contains(&result["level"].as_str().unwrap()));
        assert!(
            result["message"]["text"]
                .as_str()
                .is_some_and(|t| !t.is_empty())
        );
        let location = &result["locations"][0];
        let physical = &location["physicalLocation"];
        assert!(
            physical["artifactLocation"]["uri"]
                .as_str()
                .is_some_and(|u| u.starts_with("exports/"))
        );
        let region = &physical["region"];
        if !region.is_null() {
            assert!(region["startLine"].as_u64().unwrap() >= 1);
            assert!(region["startColumn"].as_u64().is_none_or(|c| c >= 1));
        }
        if let Some(pointer) = result["properties"]["jsonPointer"].as_str() {
            assert_eq!(
                location["logicalLocations"][0]["fullyQualifiedName"],
                pointer
            );
        }
    }
    if let Some(path) = std::env::var_os("SARIF_SCHEMA") {
        let schema: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let validator = jsonschema::options()
            .should_validate_formats(true)
            .build(&schema)
            .unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&log)
            .map(|e| format!("{}: {e}", e.instance_path))
            .collect();
        assert!(errors.is_empty(), "{errors:#?}");
        eprintln!("validated against the SARIF 2.1.0 schema");
    }
}

fn codes_table() -> String {
    let mut table =
        String::from("| code | severity | reported by | meaning |\n|---|---|---|---|\n");
    for (code, by) in all_codes() {
        table.push_str(&format!(
            "| `{}` | {} | {by} | {} |\n",
            code.code,
            code.severity,
            code.summary.replace('|', "\\|")
        ));
    }
    table
}

/// The table between the markers in `docs/validation-codes.md` is generated
/// from the code lists; `UPDATE_SCHEMAS=1` rewrites it (not when `CI` is set).
#[test]
fn code_table_in_the_docs_matches_the_code_lists() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/validation-codes.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let (start, end) = ("<!-- codes:start -->\n", "<!-- codes:end -->");
    let from = text.find(start).expect("start marker") + start.len();
    let to = text.find(end).expect("end marker");
    let table = codes_table();
    if text[from..to] != table {
        let updating = std::env::var_os("UPDATE_SCHEMAS").is_some_and(|v| v == "1")
            && std::env::var_os("CI").is_none();
        if updating {
            std::fs::write(&path, format!("{}{table}{}", &text[..from], &text[to..])).unwrap();
        } else {
            let diff = similar::TextDiff::from_lines(&text[from..to], table.as_str())
                .unified_diff()
                .to_string();
            panic!(
                "docs/validation-codes.md is out of date; run UPDATE_SCHEMAS=1 cargo test -p upskill-schema\n{diff}"
            );
        }
    }
}
