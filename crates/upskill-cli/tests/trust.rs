//! A report that cannot mislead (issue 12), end to end through the command.
//! Case `first-run-outside-period`: the example directory evaluated months
//! after its data ends.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn upskill() -> Command {
    let mut cmd = Command::cargo_bin("upskill").unwrap();
    cmd.env("NO_COLOR", "1");
    cmd
}

fn copy_of_example(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("upskill-trust-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("../upskill-dataset/example");
    for f in std::fs::read_dir(example).unwrap() {
        let f = f.unwrap().path();
        std::fs::copy(&f, dir.join(f.file_name().unwrap())).unwrap();
    }
    dir
}

fn json(dir: &Path, extra: &[&str]) -> (i32, serde_json::Value) {
    let out = upskill()
        .arg("evaluate")
        .arg(dir)
        .args(["--as-of", "2026-11-30T09:00:00Z", "--format", "json"])
        .args(extra)
        .output()
        .unwrap();
    let code = out.status.code().unwrap();
    (
        code,
        serde_json::from_slice(&out.stdout).unwrap_or_default(),
    )
}

#[test]
fn the_period_covers_the_data_and_says_so() {
    let dir = copy_of_example("period");
    let (code, report) = json(&dir, &[]);
    assert_eq!(report["period"]["first_week"], "2026-W09");
    assert_eq!(report["period"]["last_week"], "2026-W19");
    assert_eq!(report["period_basis"]["how"], "data");
    assert_ne!(report["verdict"], "insufficient_data");
    assert!(report["ledger"]["fates"]["credited"].as_u64().unwrap() > 1000);
    assert!(code < 2);
    // `--to` alone keeps the data's first week; week labels read leniently.
    let (_, report) = json(&dir, &["--to", "2026w12"]);
    assert_eq!(report["period"]["first_week"], "2026-W09");
    assert_eq!(report["period"]["last_week"], "2026-W12");
    // The text report says how the period was chosen.
    let text = upskill()
        .arg("evaluate")
        .arg(&dir)
        .args(["--as-of", "2026-11-30T09:00:00Z"])
        .output()
        .unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains("was chosen from the data"), "{text}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn given_weeks_that_hold_no_data_are_insufficient_data_with_a_warning() {
    let dir = copy_of_example("outside");
    let (code, report) = json(&dir, &["--from", "2026-W39", "--to", "2026-W48"]);
    assert_eq!(report["verdict"], "insufficient_data");
    assert!(
        report["explanation"]
            .as_str()
            .unwrap()
            .contains("outside the period")
    );
    assert!(
        report["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w["code"] == "W001")
    );
    assert_eq!(code, 1);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_roster_in_another_case_is_insufficient_data_naming_the_mismatch() {
    let dir = copy_of_example("case");
    let roster = std::fs::read_to_string(dir.join("roster.csv")).unwrap();
    let mut lines = roster.lines();
    let mut upper = format!("{}\n", lines.next().unwrap());
    for line in lines {
        let (id, rest) = line.split_once(',').unwrap();
        upper.push_str(&format!("{},{rest}\n", id.to_uppercase()));
    }
    std::fs::write(dir.join("roster.csv"), upper).unwrap();
    let (_, report) = json(&dir, &[]);
    assert_eq!(report["verdict"], "insufficient_data");
    let warning = report["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["code"] == "W003")
        .expect("a W003 warning")
        .clone();
    assert!(
        warning["message"]
            .as_str()
            .unwrap()
            .contains("apart from case"),
        "{warning}"
    );
    assert!(
        warning["counts"]["matching_apart_from_case"]
            .as_u64()
            .unwrap()
            > 0
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_all_rejected_file_is_insufficient_data_with_the_top_codes() {
    let dir = copy_of_example("rejected");
    std::fs::remove_file(dir.join("sessions.jsonl")).unwrap();
    let sessions = std::fs::read_to_string(dir.join("sessions.csv")).unwrap();
    // Every end is made to come before its start.
    let mut broken = String::new();
    for (i, line) in sessions.lines().enumerate() {
        if i == 0 {
            broken.push_str(line);
        } else {
            let fields: Vec<&str> = line.split(',').collect();
            let mut f: Vec<String> = fields.iter().map(|s| s.to_string()).collect();
            f[3] = "2020-01-01T00:00:00+00:00".to_string();
            broken.push_str(&f.join(","));
        }
        broken.push('\n');
    }
    std::fs::write(dir.join("sessions.csv"), broken).unwrap();
    let (_, report) = json(&dir, &["--from", "2026-W10", "--to", "2026-W19"]);
    assert_eq!(report["verdict"], "insufficient_data");
    assert!(report["explanation"].as_str().unwrap().contains("rejected"));
    let w002 = report["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["code"] == "W002")
        .expect("a W002 warning")
        .clone();
    assert!(w002["message"].as_str().unwrap().contains("S0"), "{w002}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn verify_passes_unchanged_and_names_a_changed_file() {
    let dir = copy_of_example("verify");
    let report = dir.join("report.json");
    let out = upskill()
        .arg("evaluate")
        .arg(&dir)
        .args([
            "--as-of",
            "2026-11-30T09:00:00Z",
            "--format",
            "json",
            "--out",
        ])
        .arg(&report)
        .output()
        .unwrap();
    assert!(out.status.code().unwrap() < 2);
    // The report is not an input of the layout, so it may live in DIR.
    let ok = upskill()
        .arg("verify")
        .arg(&report)
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(
        ok.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&ok.stdout)
    );
    assert!(String::from_utf8_lossy(&ok.stdout).contains("verified"));
    // One byte of one input changes: a letter of a session's title.
    let path = dir.join("sessions.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    let second = text.find('\n').unwrap() + 1;
    let title = second + text[second..].match_indices(',').nth(4).unwrap().0 + 1;
    let mut bytes = text.into_bytes();
    bytes[title] = if bytes[title] == b'X' { b'Y' } else { b'X' };
    std::fs::write(&path, bytes).unwrap();
    let bad = upskill()
        .arg("verify")
        .arg(&report)
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&bad.stdout);
    assert!(stdout.contains("sessions.csv"), "{stdout}");
    let _ = std::fs::remove_dir_all(&dir);
}
