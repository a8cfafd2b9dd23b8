//! The habits users expect of a command line (issue 12, item 5), each tried
//! end to end as a new user would.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a panic is a failed run, not a crash a user sees"
)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;

fn upskill() -> Command {
    let mut cmd = Command::cargo_bin("upskill").unwrap();
    cmd.env_remove("NO_COLOR").env_remove("CLICOLOR_FORCE");
    cmd
}

fn example_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../upskill-dataset/example")
}

#[test]
fn out_extension_picks_the_report_format() {
    let dir = tempfile::tempdir().unwrap();
    for (name, start) in [
        ("report.html", "<!DOCTYPE html>"),
        ("report.json", "{"),
        ("report.txt", "Verdict: MET"),
    ] {
        let out = dir.path().join(name);
        upskill()
            .args(["evaluate", "--example", "-o"])
            .arg(&out)
            .assert()
            .code(0);
        let body = std::fs::read_to_string(&out).unwrap();
        assert!(body.starts_with(start), "{name}: {}", &body[..40]);
    }
    // --format says otherwise.
    let out = dir.path().join("plain.html");
    upskill()
        .args(["evaluate", "--example", "--format", "text", "-o"])
        .arg(&out)
        .assert()
        .code(0);
    assert!(
        std::fs::read_to_string(&out)
            .unwrap()
            .starts_with("Verdict:")
    );
}

#[test]
fn generate_refuses_a_non_empty_directory_without_force() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "mine").unwrap();
    upskill()
        .args(["generate", "--example"])
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is not empty").and(predicate::str::contains("--force")));
    assert!(!dir.path().join("sessions.csv").exists(), "nothing written");
    upskill()
        .args(["generate", "--example", "--force"])
        .arg(dir.path())
        .assert()
        .code(0);
    assert!(dir.path().join("sessions.csv").exists());
    assert_eq!(
        std::fs::read_to_string(dir.path().join("notes.txt")).unwrap(),
        "mine"
    );
    // A new directory and an empty one need no --force.
    upskill()
        .args(["generate", "--example", "-q"])
        .arg(dir.path().join("new"))
        .assert()
        .code(0)
        .stdout("");
}

#[test]
fn validate_checks_a_whole_directory_against_its_roster() {
    let output = upskill()
        .arg("validate")
        .arg(example_dir())
        .args(["--format", "json"])
        .output()
        .unwrap();
    let reports: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let kinds: Vec<(String, String)> = reports
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let file = r["file"].as_str().unwrap();
            let name = Path::new(file)
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (name, r["kind"].as_str().unwrap().to_string())
        })
        .collect();
    for expected in [
        ("pledge.json", "pledge"),
        ("roster.csv", "roster"),
        ("sessions.csv", "sessions"),
    ] {
        assert!(
            kinds.contains(&(expected.0.to_string(), expected.1.to_string())),
            "{kinds:?}"
        );
    }
    // The directory's roster is used: unknown learners are reported.
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("S026"), "no unknown-learner check");
}

#[test]
fn validate_tells_a_renamed_file_by_its_content() {
    let dir = tempfile::tempdir().unwrap();
    let people = dir.path().join("people-export.csv");
    std::fs::copy(example_dir().join("roster.csv"), &people).unwrap();
    let plan = dir.path().join("commitment.json");
    std::fs::copy(example_dir().join("pledge.json"), &plan).unwrap();
    let output = upskill()
        .arg("validate")
        .arg(&people)
        .arg(&plan)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
    let reports: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(reports[0]["kind"], "roster");
    assert_eq!(reports[1]["kind"], "pledge");
}

#[test]
fn quiet_prints_the_report_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.json");
    upskill()
        .args(["evaluate", "--example", "--quiet", "-o"])
        .arg(&out)
        .assert()
        .code(0)
        .stdout("")
        .stderr("");
    upskill()
        .args(["evaluate", "--example", "-o"])
        .arg(&out)
        .assert()
        .stderr(predicate::str::contains("wrote"));
}

#[test]
fn color_always_never_and_no_color() {
    let coloured = |args: &[&str], no_color: bool| {
        let mut cmd = upskill();
        cmd.args(["evaluate", "--example"]).args(args);
        if no_color {
            cmd.env("NO_COLOR", "1");
        }
        let out = cmd.output().unwrap();
        String::from_utf8(out.stdout).unwrap().contains('\x1b')
    };
    assert!(coloured(&["--color", "always"], false));
    assert!(coloured(&["--color=always"], true), "always beats NO_COLOR");
    assert!(!coloured(&["--color", "never"], false));
    assert!(!coloured(&[], false), "a pipe is no terminal");
    let mut force = upskill();
    force
        .args(["evaluate", "--example"])
        .env("CLICOLOR_FORCE", "1");
    assert!(
        String::from_utf8(force.output().unwrap().stdout)
            .unwrap()
            .contains('\x1b')
    );
    upskill()
        .args(["evaluate", "--example", "--color", "sometimes"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "possible values: auto, always, never",
        ));
}

#[test]
fn completions_and_man_page_come_from_the_definition() {
    for (shell, marker) in [
        ("bash", "_upskill()"),
        ("zsh", "#compdef upskill"),
        ("fish", "complete -c upskill"),
    ] {
        upskill()
            .args(["completions", shell])
            .assert()
            .code(0)
            .stdout(predicate::str::contains(marker).and(predicate::str::contains("evaluate")));
    }
    upskill().arg("man").assert().code(0).stdout(
        predicate::str::contains(".TH upskill 1").and(predicate::str::contains("validate")),
    );
    let dir = tempfile::tempdir().unwrap();
    upskill()
        .args(["man", "-q", "--out"])
        .arg(dir.path())
        .assert()
        .code(0);
    let page = std::fs::read_to_string(dir.path().join("upskill-evaluate.1")).unwrap();
    assert!(page.contains("most\\-behind"), "{page}");
}

#[test]
fn judged_at_prints_seconds_not_nanoseconds() {
    let output = upskill()
        .args(["evaluate", "--example", "--as-of", "now"])
        .output()
        .unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    let line = text.lines().find(|l| l.starts_with("Judged at ")).unwrap();
    let instant = line.split_whitespace().nth(2).unwrap();
    assert!(!instant.contains('.'), "{line}");
    assert_eq!(instant.len(), "2026-11-30T13:26:21+00:00".len(), "{line}");
}

#[test]
fn every_pledge_problem_at_once_in_plain_words() {
    let dir = tempfile::tempdir().unwrap();
    for f in ["roster.csv", "sessions.csv"] {
        std::fs::copy(example_dir().join(f), dir.path().join(f)).unwrap();
    }
    std::fs::write(
        dir.path().join("pledge.json"),
        r#"{"schema_version": 1, "organisation": {"id": "a"}, "time_zone": "UTC",
            "minutes_per_week": "sixty", "mode": "sometimes",
            "target": {"learner_week_rate": 1.5}, "colour": 3}"#,
    )
    .unwrap();
    let out = upskill()
        .arg("evaluate")
        .arg(dir.path())
        .args(["--as-of", "2026-05-11"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    for expected in [
        "#/minutes_per_week: error[P003]: `sixty` is the wrong type: expected a whole number",
        "#/mode: error[P003]: `sometimes` is not allowed: expected one of `advisory`, `enforcing`",
        "#/organisation: error[P001]: missing field `name`",
        "#/target/learner_week_rate: error[P003]: `1.5` is too large: the most allowed is 1",
        "#/colour: error[P002]: unknown field `colour`",
        "error: the dataset cannot be used: 5 problems found",
    ] {
        assert!(stderr.contains(expected), "{expected}\n{stderr}");
    }
    for jargon in ["anyOf", "oneOf", "is not of types"] {
        assert!(!stderr.contains(jargon), "{stderr}");
    }
}
