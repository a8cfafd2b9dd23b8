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

/// The text report of the dataset in `dir`, as of the same instant as [`json`].
fn text_report(dir: &Path) -> String {
    let out = upskill()
        .arg("evaluate")
        .arg(dir)
        .args(["--as-of", "2026-11-30T09:00:00Z"])
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_period_covers_the_data_and_says_so() {
    let dir = copy_of_example("period");
    let (code, report) = json(&dir, &[]);
    // W09 holds 7 records, the median week 139: a sparse lead-in, left
    // out and named (W007), so the period is the example's W10..W19.
    assert_eq!(report["period"]["first_week"], "2026-W10");
    assert_eq!(report["period"]["last_week"], "2026-W19");
    assert_eq!(report["period_basis"]["how"], "data");
    assert_eq!(report["period_basis"]["first_record_week"], "2026-W09");
    assert!(
        report["period_basis"]["text"]
            .as_str()
            .unwrap()
            .contains("sparse lead-in 2026-W09..2026-W09"),
        "{}",
        report["period_basis"]
    );
    let w007 = report["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["code"] == "W007")
        .expect("a W007 warning");
    assert_eq!(w007["counts"]["lead_in_records"], 7, "{w007}");
    assert_ne!(report["verdict"], "insufficient_data");
    assert!(report["ledger"]["fates"]["credited"].as_u64().unwrap() > 1000);
    assert!(code < 2);
    // `--to` alone keeps the lead-in rule; week labels read leniently.
    let (_, report) = json(&dir, &["--to", "2026w12"]);
    assert_eq!(report["period"]["first_week"], "2026-W10");
    assert_eq!(report["period"]["last_week"], "2026-W12");
    // The text report says how the period was chosen.
    let text = text_report(&dir);
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
    // The explanation names the cause as a reader says it: "N by learners
    // not on the roster", not "N of learners not on the roster".
    let explanation = report["explanation"].as_str().unwrap();
    assert!(
        explanation.contains(" by learners not on the roster"),
        "{explanation}"
    );
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
    // A report to share leaves the ids out: the warning must not count
    // the ids it no longer lists as one.
    let (_, shared) = json(&dir, &["--detail", "teams"]);
    let warning = shared["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["code"] == "W003")
        .expect("a W003 warning")
        .clone();
    let message = warning["message"].as_str().unwrap();
    assert!(!message.contains("of 1 learner id(s)"), "{message}");
    assert!(
        message.contains("of learners not on the roster"),
        "{message}"
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

/// Writes the JSON report of `evaluate DIR EXTRA --out REPORT`.
fn report_of(dir: &Path, report: &Path, extra: &[&str]) {
    let out = upskill()
        .arg("evaluate")
        .arg(dir)
        .args(["--as-of", "2026-11-30T09:00:00Z", "--format", "json"])
        .args(extra)
        .arg("--out")
        .arg(report)
        .output()
        .unwrap();
    assert!(
        out.status.code().unwrap() < 2,
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn verify_run(report: &Path, dir: &Path, extra: &[&str]) -> (i32, String) {
    let out = upskill()
        .arg("verify")
        .arg(report)
        .arg(dir)
        .args(extra)
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn verify_reruns_with_the_recorded_detail() {
    let dir = copy_of_example("verify-detail");
    for detail in ["teams", "none", "learners"] {
        let report = dir.join(format!("report-{detail}.json"));
        report_of(&dir, &report, &["--detail", detail]);
        let recorded: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
        let expected = if detail == "learners" {
            serde_json::Value::Null
        } else {
            serde_json::Value::from(detail)
        };
        assert_eq!(recorded["run"]["detail"], expected, "{detail}");
        let (code, stdout) = verify_run(&report, &dir, &[]);
        assert_eq!(code, 0, "--detail {detail}: {stdout}");
        assert!(stdout.contains("verified"), "{stdout}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn verify_takes_the_inputs_as_evaluate_was_given_them() {
    let dir = copy_of_example("verify-named");
    // One session file in the directory, so it names the same data.
    let _ = std::fs::remove_file(dir.join("sessions.jsonl"));
    let other = dir.join("other.csv");
    std::fs::copy(dir.join("sessions.csv"), &other).unwrap();
    let report = dir.join("report.json");
    report_of(&dir, &report, &["--sessions", other.to_str().unwrap()]);
    // The directory's own sessions.csv has the same bytes under another
    // name: not a changed input, a renamed one, with the flag to give.
    let (code, stdout) = verify_run(&report, &dir, &[]);
    assert_eq!(code, 1, "{stdout}");
    assert!(!stdout.contains("changed:"), "{stdout}");
    assert!(stdout.contains("renamed:"), "{stdout}");
    assert!(stdout.contains("--sessions"), "{stdout}");
    assert!(stdout.contains("other.csv"), "{stdout}");
    // Given as evaluate was given it, the report verifies.
    let (code, stdout) = verify_run(&report, &dir, &["--sessions", other.to_str().unwrap()]);
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.contains("verified"), "{stdout}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_period_from_the_data_agrees_with_the_example() {
    let dir = copy_of_example("agree");
    let from_data = upskill()
        .arg("evaluate")
        .arg(&dir)
        .args(["--as-of", "2026-05-11", "--format", "json"])
        .output()
        .unwrap();
    let example = upskill()
        .args(["evaluate", "--example", "--format", "json"])
        .output()
        .unwrap();
    let from_data: serde_json::Value = serde_json::from_slice(&from_data.stdout).unwrap();
    let example: serde_json::Value = serde_json::from_slice(&example.stdout).unwrap();
    assert_eq!(
        from_data["period"]["first_week"],
        example["period"]["first_week"]
    );
    assert_eq!(
        from_data["period"]["last_week"],
        example["period"]["last_week"]
    );
    assert_eq!(
        from_data["criteria"]["participation"],
        example["criteria"]["participation"]
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_as_of_before_the_data_says_so_and_is_not_chosen_from_the_data() {
    let dir = copy_of_example("early");
    let out = upskill()
        .arg("evaluate")
        .arg(&dir)
        .args(["--as-of", "2026-01-05", "--format", "json"])
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        report["period_basis"]["how"], "default",
        "{}",
        report["period_basis"]
    );
    let text = report["period_basis"]["text"].as_str().unwrap();
    assert!(!text.contains("chosen from the data"), "{text}");
    assert!(
        text.contains("no week of the data is over at as-of"),
        "{text}"
    );
    let warnings = report["warnings"].as_array().unwrap();
    let w008 = warnings
        .iter()
        .find(|w| w["code"] == "W008")
        .expect("a W008 warning");
    assert!(w008["fix"].as_str().unwrap().contains("--as-of"), "{w008}");
    if let Some(w002) = warnings.iter().find(|w| w["code"] == "W002") {
        let fix = w002["fix"].as_str().unwrap();
        assert!(fix.contains("later --as-of"), "{fix}");
        assert!(fix.contains("validate --as-of"), "{fix}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_given_from_is_not_called_a_sparse_lead_in() {
    let dir = copy_of_example("from-given");
    let (_, report) = json(&dir, &["--from", "2026-W15"]);
    assert_eq!(report["period"]["first_week"], "2026-W15");
    // The period's sentence says the first week was the caller's.
    let basis = report["period_basis"]["text"].as_str().unwrap();
    assert!(
        basis.contains("2026-W15..") && basis.contains("starts at the given --from"),
        "{basis}"
    );
    assert!(!basis.contains("was chosen from the data"), "{basis}");
    let warnings = report["warnings"].as_array().unwrap();
    // 2026-W09..W14 hold hundreds of records: the caller left them out,
    // not the sparse-lead-in rule.
    assert!(
        !warnings
            .iter()
            .any(|w| w["code"] == "W007" && w["message"].as_str().unwrap().contains("lead-in")),
        "{warnings:?}"
    );
    // Without --from, the real sparse lead-in (W09) is still named.
    let (_, report) = json(&dir, &[]);
    let warnings = report["warnings"].as_array().unwrap();
    assert!(warnings.iter().any(|w| w["code"] == "W007"), "{warnings:?}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_as_of_before_the_data_does_not_blame_the_roster_ids() {
    let dir = copy_of_example("early-ids");
    let out = upskill()
        .arg("evaluate")
        .arg(&dir)
        .args(["--as-of", "2026-01-05", "--format", "json"])
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let warnings = report["warnings"].as_array().unwrap();
    assert!(warnings.iter().any(|w| w["code"] == "W008"), "{warnings:?}");
    assert!(
        !warnings.iter().any(|w| w["code"] == "W006"),
        "{warnings:?}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_empty_session_file_leads_the_report_with_a_warning() {
    let dir = copy_of_example("empty-sessions");
    let _ = std::fs::remove_file(dir.join("sessions.jsonl"));
    std::fs::write(
        dir.join("sessions.csv"),
        "record_id,learner_id,start,duration_minutes,activity\n",
    )
    .unwrap();
    let (_, report) = json(&dir, &[]);
    assert_eq!(report["ledger"]["records_read"], 0);
    let warnings = report["warnings"].as_array().unwrap();
    let w006 = warnings
        .iter()
        .find(|w| w["code"] == "W006")
        .expect("a W006 warning");
    assert!(
        w006["message"]
            .as_str()
            .unwrap()
            .contains("no learning record was read"),
        "{w006}"
    );
    let text = text_report(&dir);
    assert!(text.starts_with("Data warnings"), "{text}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn ids_that_lost_their_leading_zeros_are_named() {
    let dir = copy_of_example("leading-zeros");
    let _ = std::fs::remove_file(dir.join("sessions.jsonl"));
    // One learner's id is digits with leading zeros in the roster and has
    // lost them in the sessions, as a spreadsheet writes it.
    let roster = std::fs::read_to_string(dir.join("roster.csv")).unwrap();
    std::fs::write(dir.join("roster.csv"), roster.replace("e0001,", "00001,")).unwrap();
    let leave = std::fs::read_to_string(dir.join("leave.csv")).unwrap();
    std::fs::write(dir.join("leave.csv"), leave.replace("e0001,", "00001,")).unwrap();
    let sessions = std::fs::read_to_string(dir.join("sessions.csv")).unwrap();
    std::fs::write(dir.join("sessions.csv"), sessions.replace(",e0001,", ",1,")).unwrap();
    let (_, report) = json(&dir, &[]);
    let warnings = report["warnings"].as_array().unwrap();
    let w003 = warnings
        .iter()
        .find(|w| w["code"] == "W003")
        .expect("a W003 warning");
    let message = w003["message"].as_str().unwrap();
    assert!(message.contains("`1` (roster: `00001`)"), "{message}");
    assert!(
        w003["fix"].as_str().unwrap().contains("leading zeros"),
        "{w003}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn records_without_creditable_time_do_not_blame_the_roster_ids() {
    let dir = copy_of_example("uncredited-verb");
    // A rostered learner's statement whose verb is not credited (`https`
    // for `http`): the record is of a known learner, but earns nothing.
    let statement = r#"{"id": "0f3c2a10-4b5e-4c6d-8e7f-9a0b1c2d3e4f", "actor": {"mbox": "mailto:ann@example.com"}, "verb": {"id": "https://adlnet.gov/expapi/verbs/completed"}, "object": {"id": "https://lms.example.com/course/1"}, "result": {"duration": "PT40M"}, "timestamp": "2026-03-03T10:40:00Z"}"#;
    std::fs::write(dir.join("x.json"), statement).unwrap();
    std::fs::write(
        dir.join("actors.csv"),
        "learner_id,mbox\ne0001,mailto:ann@example.com\n",
    )
    .unwrap();
    let x = dir.join("x.json");
    let actors = dir.join("actors.csv");
    let (_, report) = json(
        &dir,
        &[
            "--sessions",
            x.to_str().unwrap(),
            "--actors",
            actors.to_str().unwrap(),
        ],
    );
    assert_eq!(report["ledger"]["fates"]["unknown_learner"], 0);
    let warnings = report["warnings"].as_array().unwrap();
    let w006 = warnings
        .iter()
        .find(|w| w["code"] == "W006")
        .expect("a W006 warning");
    assert!(
        w006["fix"]
            .as_str()
            .unwrap()
            .contains("the ids are not the cause"),
        "{w006}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
