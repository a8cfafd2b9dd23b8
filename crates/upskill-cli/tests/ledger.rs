//! `upskill evaluate --ledger FILE` end to end (issue 12 item 3): one row per
//! record read, fates adding up to the report's, the report unchanged.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a panic is a failed run, not a crash a user sees"
)]

use std::collections::BTreeMap;
use std::path::PathBuf;

use assert_cmd::Command;

fn upskill() -> Command {
    let mut cmd = Command::cargo_bin("upskill").unwrap();
    cmd.env_remove("NO_COLOR");
    cmd
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("upskill-ledger-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn run(cmd: &mut Command, code: i32) -> (String, String) {
    let out = cmd.output().unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(code), "stderr: {stderr}");
    (String::from_utf8(out.stdout).unwrap(), stderr)
}

const JSON: [&str; 4] = ["evaluate", "--example", "--format", "json"];

#[test]
fn the_example_ledger_has_records_read_rows_and_the_reports_fates() {
    let dir = scratch("example");
    let (plain, _) = run(upskill().args(JSON), 0);
    let csv = dir.join("ledger.csv");
    let (with_csv, _) = run(upskill().args(JSON).arg("--ledger").arg(&csv), 0);
    assert_eq!(with_csv, plain, "the report does not change");
    let jsonl = dir.join("ledger.jsonl");
    let (with_jsonl, _) = run(upskill().args(JSON).arg("--ledger").arg(&jsonl), 0);
    assert_eq!(with_jsonl, plain);

    let report: serde_json::Value = serde_json::from_str(&plain).unwrap();
    let records_read = report["ledger"]["records_read"].as_u64().unwrap();
    assert_eq!(records_read, 1_698);

    let csv = std::fs::read_to_string(&csv).unwrap();
    let header = csv.lines().next().unwrap();
    assert!(header.starts_with("file,line,record,location,record_id,learner_id,fate,detail,"));
    let mut rows = 0;
    let mut fates: BTreeMap<String, u64> = BTreeMap::new();
    for line in std::fs::read_to_string(&jsonl).unwrap().lines() {
        let row: serde_json::Value = serde_json::from_str(line).unwrap();
        *fates
            .entry(row["fate"].as_str().unwrap().to_string())
            .or_default() += 1;
        rows += 1;
    }
    assert_eq!(rows, records_read);
    for (fate, count) in report["ledger"]["fates"].as_object().unwrap() {
        assert_eq!(
            fates.get(fate).copied().unwrap_or(0),
            count.as_u64().unwrap(),
            "{fate}"
        );
    }
    // The CSV holds the same rows (one line each in the example: no text
    // with a line break), after its header.
    assert_eq!(csv.lines().count() as u64, records_read + 1);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_ledger_naming_an_input_or_the_report_is_refused() {
    let dir = scratch("refused");
    let report = dir.join("report.json");
    let (_, stderr) = run(
        upskill()
            .args(JSON)
            .arg("--out")
            .arg(&report)
            .arg("--ledger")
            .arg(&report),
        2,
    );
    assert!(stderr.contains("--ledger"), "{stderr}");
    assert!(!report.exists(), "nothing written");
    let _ = std::fs::remove_dir_all(&dir);
}
