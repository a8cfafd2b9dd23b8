//! Field cases of issue 11, each to its verdict in ONE `upskill evaluate`
//! command: an import mapping or preset (`--mapping`, `--preset`), naive
//! local times (`--local-time-zone pledge`), and CSV dialects detected or
//! given (`--delimiter`, `--encoding`, `--decimal-comma`). The inputs are
//! copies of `shared/cases/field/<case>` in `tests/cases/<case>`, with the
//! pledge and roster each case needs to be evaluated.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a panic is a failed run, not a crash a user sees"
)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

fn upskill() -> Command {
    let mut cmd = Command::cargo_bin("upskill").unwrap();
    cmd.env("NO_COLOR", "1");
    cmd
}

fn case(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/cases")
        .join(name)
}

/// Runs `upskill evaluate . ARGS --format json` in DIR: the exit code,
/// the report, and standard error.
fn evaluate(dir: &Path, args: &[&str]) -> (i32, Value, String) {
    let out = upskill()
        .current_dir(dir)
        .arg("evaluate")
        .arg(".")
        .args(args)
        .args(["--format", "json"])
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        serde_json::from_slice(&out.stdout).unwrap_or_default(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// The judgement of a report: verdict, metrics, weeks, learners, ledger
/// fates (not its inputs' names and digests, nor its run options).
fn judgement(report: &Value) -> Value {
    let mut kept = serde_json::Map::new();
    for key in ["verdict", "metrics", "weekly", "learners"] {
        kept.insert(key.to_string(), report[key].clone());
    }
    kept.insert("fates".into(), report["ledger"]["fates"].clone());
    Value::Object(kept)
}

fn warning_codes(report: &Value) -> Vec<String> {
    report["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["code"].as_str().unwrap().to_string())
        .collect()
}

const MOODLE_PERIOD: [&str; 6] = [
    "--from",
    "2026-W10",
    "--to",
    "2026-W14",
    "--as-of",
    "2026-04-10",
];

/// Case `moodle-dedication-export`: each stage of the analyst's rework
/// reaches the same verdict in one command; stage 1 is the raw export.
#[test]
fn moodle_dedication_export_reaches_its_verdict_at_every_stage() {
    let dir = case("moodle-dedication-export");
    // Stage 1: the raw per-user report, through the preset (its learner
    // given as a constant; its naive times read in the pledge's zone).
    let (code, stage1, stderr) = evaluate(
        &dir,
        &[
            &["--sessions", "dedication-user-report.csv"][..],
            &["--preset", "moodle-dedication", "--set", "learner_id=l1"],
            &MOODLE_PERIOD,
        ]
        .concat(),
    );
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(stage1["ledger"]["fates"]["credited"], 3);
    assert_eq!(stage1["ledger"]["records_read"], 3);
    // 65 min + 45 min 10 s in W10 (met), 25 min in W14 (the row after the
    // UK clock change, read at +01:00).
    assert_eq!(stage1["weekly"][0]["credited_minutes"], 110);
    assert_eq!(stage1["weekly"][0]["met"], 1);
    assert_eq!(stage1["weekly"][4]["credited_minutes"], 25);
    assert_eq!(stage1["verdict"], "not_met");
    assert_eq!(stage1["run"]["mappings"][0]["kind"], "sessions");
    // Stage 2: renamed columns, Moodle's dates and durations: a mapping file.
    let (_, stage2, stderr) = evaluate(
        &dir,
        &[
            &["--sessions", "stage2-renamed.csv"][..],
            &["--mapping"],
            &[dir.join("stage2.toml").to_str().unwrap()],
            &MOODLE_PERIOD,
        ]
        .concat(),
    );
    assert_eq!(judgement(&stage2), judgement(&stage1), "{stderr}");
    // Stage 3: ISO dates without offsets: the pledge's zone.
    let (_, stage3, stderr) = evaluate(
        &dir,
        &[
            &["--sessions", "stage3-iso-naive.csv"][..],
            &["--local-time-zone", "pledge"],
            &MOODLE_PERIOD,
        ]
        .concat(),
    );
    assert_eq!(judgement(&stage3), judgement(&stage1), "{stderr}");
    assert_eq!(stage3["run"]["local_time_zone"], "pledge");
    // Without the zone every row is rejected, and the message names the option.
    let (_, naive, _) = evaluate(
        &dir,
        &[&["--sessions", "stage3-iso-naive.csv"][..], &MOODLE_PERIOD].concat(),
    );
    assert_eq!(naive["ledger"]["fates"]["rejected"], 3);
    let message = naive["ledger"]["rejections"][0]["message"]
        .as_str()
        .unwrap();
    assert!(message.contains("--local-time-zone ZONE"), "{message}");
}

/// Case `moodle-dedication-export`: a mapping that names a column the
/// file lacks stops with exit 2 naming it; a bad row is rejected into the
/// ledger, the rest go on.
#[test]
fn a_mapping_that_does_not_fit_stops_evaluate_with_exit_2() {
    let dir = case("moodle-dedication-export");
    upskill()
        .current_dir(&dir)
        .arg("evaluate")
        .arg(".")
        .args(["--sessions", "stage2-renamed.csv"])
        .args(["--preset", "moodle-dedication", "--set", "learner_id=l1"])
        .args(MOODLE_PERIOD)
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "from column `Session duration`, which the header does not have",
        ));
    upskill()
        .current_dir(&dir)
        .arg("evaluate")
        .arg(".")
        .args(["--sessions", "dedication-user-report.csv"])
        .args([
            "--preset",
            "moodle-dedication",
            "--preset",
            "moodle-dedication",
        ])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("two sessions mappings"));
    upskill()
        .current_dir(&dir)
        .arg("evaluate")
        .arg(".")
        .args(["--sessions", "stage3-iso-naive.csv"])
        .args(["--local-time-zone", "Mars/Olympus"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("nor `pledge`"));
}

/// Case `excel-de-csv`: each file that went through Excel or a Windows
/// tool gets the verdict of the same data as comma-separated UTF-8, in one
/// command, and each guess of its dialect is one of the report's warnings.
#[test]
fn excel_and_windows_csv_give_the_utf8_verdict() {
    let dir = case("excel-de-csv");
    let period = [
        "--from",
        "2026-W10",
        "--to",
        "2026-W10",
        "--as-of",
        "2026-03-10",
    ];
    let run = |file: &str, extra: &[&str]| {
        let (code, report, stderr) =
            evaluate(&dir, &[&["--sessions", file][..], &period, extra].concat());
        assert!(code < 2, "{file}: {stderr}");
        (report, stderr)
    };
    let (utf8, _) = run("sessions-utf8.csv", &[]);
    assert_eq!(utf8["ledger"]["fates"]["credited"], 2);
    // The same two records, with `22,5` minutes, written with a decimal comma.
    let (comma, _) = run("sessions-decimal-comma.csv", &["--decimal-comma", "true"]);
    assert_eq!(judgement(&comma), judgement(&utf8));
    // Unflagged, `22,5` in a comma file is rejected, located (S010).
    let (unflagged, _) = run("sessions-decimal-comma.csv", &[]);
    assert_eq!(unflagged["ledger"]["rejections"][0]["code"], "S010");

    // One-record files: `;` + BOM + CRLF + `22,5`; `sep=,`; UTF-16 LE.
    let (de, stderr) = run("sessions-excel-de.csv", &[]);
    assert_eq!(de["ledger"]["fates"]["credited"], 1);
    assert_eq!(de["metrics"]["credited_minutes"], 22);
    assert_eq!(warning_codes(&de), ["F017", "F018"]);
    assert_eq!(stderr.matches("warning[F017]").count(), 1, "{stderr}");
    let (sep, _) = run("sessions-sep-line.csv", &[]);
    assert_eq!(sep["metrics"]["credited_minutes"], 45);
    assert_eq!(warning_codes(&sep), ["F017"]);
    let (utf16, _) = run("sessions-utf16.csv", &[]);
    assert_eq!(judgement(&utf16), judgement(&sep));
    assert_eq!(warning_codes(&utf16), ["F016"]);
    // Overrides: given, a guess is no longer a warning; a wrong one is
    // obeyed (the UTF-16 file read as UTF-8 is unusable).
    let (given, _) = run(
        "sessions-excel-de.csv",
        &["--delimiter", ";", "--decimal-comma", "true"],
    );
    assert_eq!(judgement(&given), judgement(&de));
    assert!(warning_codes(&given).is_empty());
    assert_eq!(given["run"]["delimiter"], ";");
    let (code, forced, _) = evaluate(
        &dir,
        &[
            &["--sessions", "sessions-utf16.csv", "--encoding", "utf-8"][..],
            &period,
        ]
        .concat(),
    );
    assert!(code == 2 || forced["ledger"]["fates"]["credited"] == 0);
}

/// Case `workday-40h-fulltime`: w1 works 20 of the organisation's 40
/// hours, so owes 30 minutes and is met by 30, under either pro-rata mode
/// and with FTE written as a percentage (through a roster mapping).
#[test]
fn workday_40h_full_time_is_honoured_in_one_command() {
    let dir = case("workday-40h-fulltime");
    let period = [
        "--from",
        "2026-W10",
        "--to",
        "2026-W10",
        "--as-of",
        "2026-03-10",
    ];
    let w1 = |report: &Value| {
        let learner = report["learners"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["learner_id"] == "w1")
            .unwrap()
            .clone();
        let week = &learner["weeks"][0];
        (
            week["status"].as_str().unwrap().to_string(),
            week["required_minutes"].as_u64().unwrap(),
        )
    };
    let (_, fte, stderr) = evaluate(&dir, &period);
    assert_eq!(w1(&fte), ("met".to_string(), 30), "{stderr}");
    let (_, hours, _) = evaluate(
        &dir,
        &[&["--pledge", "pledge-contracted-hours.json"][..], &period].concat(),
    );
    assert_eq!(w1(&hours), ("met".to_string(), 30));
    let mapping = dir.join("roster-pct.toml");
    let (code, pct, stderr) = evaluate(
        &dir,
        &[
            &["--roster", "roster-pct.csv", "--mapping"][..],
            &[mapping.to_str().unwrap()],
            &period,
        ]
        .concat(),
    );
    assert!(code < 2, "{stderr}");
    assert_eq!(w1(&pct), ("met".to_string(), 30));
    // Unmapped, the percentage is refused, naming the value (R006).
    upskill()
        .current_dir(&dir)
        .arg("evaluate")
        .arg(".")
        .args(["--roster", "roster-pct.csv"])
        .args(period)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("R006"));
}

/// Case `record-id-reused-across-learners`: the engine counts the reused
/// id in its ledger; the second learner's `S1` is a duplicate, not credit.
#[test]
fn a_record_id_reused_across_learners_is_counted_in_the_ledger() {
    let dir = case("record-id-reused-across-learners");
    let (_, report, stderr) = evaluate(
        &dir,
        &[
            "--from",
            "2026-W10",
            "--to",
            "2026-W10",
            "--as-of",
            "2026-03-10",
        ],
    );
    let ledger = &report["ledger"];
    assert_eq!(ledger["records_read"], 3, "{stderr}");
    assert_eq!(ledger["fates"]["credited"], 2);
    assert_eq!(ledger["fates"]["duplicate"], 1);
    assert_eq!(ledger["detail"]["ids_reused_across_learners"], 1);
}

/// A report made through a mapping and a local zone is verified: `run`
/// records them, and `upskill verify` reads the files the same way.
#[test]
fn a_mapped_report_verifies() {
    let dir = std::env::temp_dir().join(format!("upskill-mapped-verify-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let from = case("moodle-dedication-export");
    for (name, to) in [
        ("pledge.json", "pledge.json"),
        ("roster.csv", "roster.csv"),
        ("dedication-user-report.csv", "sessions.csv"),
    ] {
        std::fs::copy(from.join(name), dir.join(to)).unwrap();
    }
    let report = dir.join("report.json");
    upskill()
        .current_dir(&dir)
        .args(["evaluate", ".", "--preset", "moodle-dedication"])
        .args([
            "--set",
            "learner_id=l1",
            "--local-time-zone",
            "Europe/London",
        ])
        .args(MOODLE_PERIOD)
        .arg("--out")
        .arg(&report)
        .assert()
        .code(1);
    upskill()
        .current_dir(&dir)
        .args(["verify", "report.json", "."])
        .assert()
        .success()
        .stdout(predicates::str::contains("verified"));
    let _ = std::fs::remove_dir_all(&dir);
}

/// Time-spent totals beside sessions (issue 11, item 4): each week is
/// credited the larger of the two accounts, and each total has a fate.
#[test]
fn time_totals_beside_sessions_credit_the_larger_account() {
    let dir = case("time-totals");
    let period = [
        "--from",
        "2026-W10",
        "--to",
        "2026-W12",
        "--as-of",
        "2026-04-01",
    ];
    let (code, report, stderr) = evaluate(&dir, &period);
    assert!(code < 2, "{stderr}");
    let weeks: Vec<u64> = report["weekly"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["credited_minutes"].as_u64().unwrap())
        .collect();
    assert_eq!(weeks, [60, 90, 40]);
    let ledger = &report["ledger"];
    assert_eq!(ledger["records_read"], 6);
    assert_eq!(ledger["fates"]["credited"], 5);
    assert_eq!(ledger["fates"]["outside_period"], 1);
    assert_eq!(ledger["detail"]["time_totals"], 3);
    assert_eq!(ledger["detail"]["totals_within_sessions_minutes"], 45 + 30);
    // Named explicitly, and validated on its own.
    let (_, named, _) = evaluate(
        &dir,
        &[&["--time-totals", "time_totals.csv"][..], &period].concat(),
    );
    assert_eq!(judgement(&named), judgement(&report));
    upskill()
        .current_dir(&dir)
        .args(["validate", "time_totals.csv"])
        .assert()
        .success()
        .stdout(predicates::str::contains("4 records read, 0 with errors"));
}
