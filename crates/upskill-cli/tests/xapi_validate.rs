//! `upskill validate` speaks xAPI (issue 13): an LRS export is recognised
//! by content (or `--kind xapi`), needs no identity mapping, and every spec
//! problem is reported with its record, JSON pointer, line and column in
//! text, JSON and SARIF.
//!
//! Case `validate-xapi-export` (`tests/cases/validate-xapi-export/`, from
//! `shared/cases/field/`): an LRS page and the same statements as JSON
//! Lines; the second statement's timestamp has a space for `T`.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

fn case() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases/validate-xapi-export")
}

/// `upskill validate ARGS` run in the case directory: (exit code, stdout).
fn validate(args: &[&str]) -> (i32, String) {
    let output = Command::cargo_bin("upskill")
        .unwrap()
        .env("NO_COLOR", "1")
        .current_dir(case())
        .arg("validate")
        .args(args)
        .output()
        .unwrap();
    (
        output.status.code().unwrap(),
        String::from_utf8(output.stdout).unwrap(),
    )
}

#[test]
fn an_lrs_page_is_validated_as_xapi_by_content() {
    let (code, text) = validate(&["lrs-export.json"]);
    assert_eq!(code, 1);
    insta::assert_snapshot!(text, @r"
    lrs-export.json:20:20#/timestamp: error[X020]: timestamp `2026-03-04 15:00:00Z` is not valid: date and time must be separated by an uppercase `T`
    lrs-export.json: 2 records read, 1 with errors, 0 with warnings only; 1 error, 0 warnings
    ");
    // `--kind xapi` says the same.
    assert_eq!(
        validate(&["--kind", "xapi", "lrs-export.json"]),
        (code, text)
    );
}

#[test]
fn json_lines_of_statements_are_validated_as_xapi() {
    let (code, text) = validate(&["statements.jsonl"]);
    assert_eq!(code, 1);
    insta::assert_snapshot!(text, @r"
    statements.jsonl:2:366#/timestamp: error[X020]: timestamp `2026-03-04 15:00:00Z` is not valid: date and time must be separated by an uppercase `T`
    statements.jsonl: 2 records read, 1 with errors, 0 with warnings only; 1 error, 0 warnings
    ");
}

#[test]
fn json_output_names_the_record_pointer_line_and_column() {
    let (code, json) = validate(&["--format", "json", "lrs-export.json"]);
    assert_eq!(code, 1);
    let reports: Value = serde_json::from_str(&json).unwrap();
    let report = &reports[0];
    assert_eq!(
        (&report["kind"], &report["format"], &report["valid"]),
        (
            &Value::from("xapi"),
            &Value::from("json"),
            &Value::from(false)
        )
    );
    insta::assert_json_snapshot!(report["problems"], @r###"
    [
      {
        "code": "X020",
        "location": {
          "column": 20,
          "file": "lrs-export.json",
          "line": 20,
          "pointer": "/timestamp",
          "record": 1
        },
        "message": "timestamp `2026-03-04 15:00:00Z` is not valid: date and time must be separated by an uppercase `T`",
        "severity": "error"
      }
    ]
    "###);
}

#[test]
fn sarif_output_has_the_x_rule_and_the_located_result() {
    let (code, sarif) = validate(&["--format", "sarif", "lrs-export.json"]);
    assert_eq!(code, 1);
    let log: Value = serde_json::from_str(&sarif).unwrap();
    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let result = &run["results"][0];
    let index = result["ruleIndex"].as_u64().unwrap() as usize;
    assert_eq!(rules[index]["id"], "X020");
    assert_eq!(run["results"].as_array().unwrap().len(), 1);
    // The rule index moves as codes are added; the rule it names is checked above.
    let mut result = result.clone();
    result.as_object_mut().unwrap().remove("ruleIndex");
    insta::assert_json_snapshot!(result, @r###"
    {
      "level": "error",
      "locations": [
        {
          "logicalLocations": [
            {
              "fullyQualifiedName": "/timestamp"
            }
          ],
          "physicalLocation": {
            "artifactLocation": {
              "uri": "lrs-export.json"
            },
            "region": {
              "startColumn": 20,
              "startLine": 20
            }
          }
        }
      ],
      "message": {
        "text": "timestamp `2026-03-04 15:00:00Z` is not valid: date and time must be separated by an uppercase `T`"
      },
      "properties": {
        "jsonPointer": "/timestamp",
        "record": 1
      },
      "ruleId": "X020"
    }
    "###);
}

/// An export with no fault is valid (exit 0), with no mapping given.
#[test]
fn a_clean_export_is_valid_without_an_actor_map() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(case().join("statements.jsonl")).unwrap();
    let first = text.lines().next().unwrap();
    let path = dir.path().join("clean.jsonl");
    std::fs::write(&path, format!("{first}\n")).unwrap();
    let output = Command::cargo_bin("upskill")
        .unwrap()
        .args(["validate", path.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert!(
        String::from_utf8(output.stdout).unwrap().ends_with(
            "1 record read, 0 with errors, 0 with warnings only; 0 errors, 0 warnings\n"
        )
    );
}

/// Case `xapi-duplicate-ids` (issue 13 review): two statements share an id
/// with another actor and duration, which `import xapi` refuses (`X041`);
/// `validate` used to pass the file. It now reports `X041` at the later
/// statement naming the first, and a repeated statement as `X040`, in text,
/// JSON and SARIF.
#[test]
fn statements_sharing_an_id_are_x041_or_x040_in_every_format() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases/xapi-duplicate-ids");
    let run = |format: &str| {
        let output = Command::cargo_bin("upskill")
            .unwrap()
            .env("NO_COLOR", "1")
            .current_dir(&dir)
            .args(["validate", "--format", format, "conf.json"])
            .output()
            .unwrap();
        (
            output.status.code().unwrap(),
            String::from_utf8(output.stdout).unwrap(),
        )
    };
    let (code, text) = run("text");
    assert_eq!(code, 1);
    insta::assert_snapshot!(text, @r"
    conf.json:4:10#/id: error[X041]: statement id `0000000a-0000-4000-8000-000000000000` is used by the statement at conf.json:2:3 with different content; none of them is credited
    conf.json:5:10#/id: warning[X040]: statement `0000000b-0000-4000-8000-000000000000` repeats the one at conf.json:3:3; it is counted once
    conf.json: 4 records read, 1 with errors, 1 with warnings only; 1 error, 1 warning
    ");

    let (code, json) = run("json");
    assert_eq!(code, 1);
    let reports: Value = serde_json::from_str(&json).unwrap();
    let problems: Vec<(String, String, u64)> = reports[0]["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["code"].as_str().unwrap().to_string(),
                p["location"]["pointer"].as_str().unwrap().to_string(),
                p["location"]["record"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        problems,
        [
            ("X041".to_string(), "/id".to_string(), 2),
            ("X040".to_string(), "/id".to_string(), 3)
        ]
    );

    let (code, sarif) = run("sarif");
    assert_eq!(code, 1);
    let log: Value = serde_json::from_str(&sarif).unwrap();
    let results = log["runs"][0]["results"].as_array().unwrap();
    let found: Vec<(&str, &str, u64)> = results
        .iter()
        .map(|r| {
            (
                r["ruleId"].as_str().unwrap(),
                r["level"].as_str().unwrap(),
                r["locations"][0]["physicalLocation"]["region"]["startLine"]
                    .as_u64()
                    .unwrap(),
            )
        })
        .collect();
    assert_eq!(found, [("X041", "error", 4), ("X040", "warning", 5)]);
}

/// The case's page saved by Windows PowerShell 5.1 (`>` writes UTF-16LE):
/// still recognised as xAPI by content and read, with the same error at the
/// same place and one warning naming the encoding.
#[test]
fn a_utf16_export_is_validated_with_one_warning() {
    let text = std::fs::read_to_string(case().join("lrs-export.json")).unwrap();
    let mut bytes = vec![0xFF, 0xFE];
    for unit in text.encode_utf16() {
        bytes.extend(unit.to_le_bytes());
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("lrs-export.json"), bytes).unwrap();
    let output = Command::cargo_bin("upskill")
        .unwrap()
        .env("NO_COLOR", "1")
        .current_dir(dir.path())
        .args(["validate", "lrs-export.json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    insta::assert_snapshot!(String::from_utf8(output.stdout).unwrap(), @r"
    lrs-export.json:1:1: warning[X033]: the file is UTF-16LE (it starts with that byte order mark); it is read as such, but JSON exchanged between systems is UTF-8 (RFC 8259 8.1): save it as UTF-8
    lrs-export.json:20:20#/timestamp: error[X020]: timestamp `2026-03-04 15:00:00Z` is not valid: date and time must be separated by an uppercase `T`
    lrs-export.json: 2 records read, 1 with errors, 0 with warnings only; 1 error, 1 warning
    ");
}
