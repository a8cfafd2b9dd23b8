//! Parquet in and out, end to end (issue 17 item 2): `evaluate` on a
//! dataset whose sessions, roster and leave are Parquet gives the report it
//! gives on the CSV files; `convert` round-trips; the ledger and the
//! learner-week detail are written as Parquet; a broken Parquet file is a
//! located error, not a crash.

#![cfg(feature = "arrow")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a panic is a failed run, not a crash a user sees"
)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn upskill() -> Command {
    let mut cmd = Command::cargo_bin("upskill").unwrap();
    cmd.env_remove("NO_COLOR");
    cmd
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("upskill-parquet-{}-{name}", std::process::id()));
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

/// The JSON report with what names the input files taken out: `inputs`
/// (names and digests) and the location of each listed rejection, whose
/// form differs by format (`sessions.csv:12:5`, `sessions.parquet[10]#/...`).
fn comparable(report: &str) -> (serde_json::Value, Vec<String>) {
    let mut value: serde_json::Value = serde_json::from_str(report).unwrap();
    value.as_object_mut().unwrap().remove("inputs");
    let mut locations = Vec::new();
    strip_locations(&mut value, &mut locations);
    (value, locations)
}

fn strip_locations(value: &mut serde_json::Value, out: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(map) => {
            if let Some(serde_json::Value::String(l)) = map.remove("location") {
                out.push(l);
            }
            for v in map.values_mut() {
                strip_locations(v, out);
            }
        }
        serde_json::Value::Array(items) => {
            for v in items {
                strip_locations(v, out);
            }
        }
        _ => {}
    }
}

fn copy(from: &Path, to: &Path, names: &[&str]) {
    for name in names {
        std::fs::copy(from.join(name), to.join(name)).unwrap();
    }
}

fn convert(args: &[&str], code: i32) -> String {
    let (_, stderr) = run(upskill().arg("convert").args(args), code);
    stderr
}

/// Evaluates `dir` as JSON, with `extra` arguments.
fn evaluate(dir: &Path, extra: &[&str]) -> String {
    let out = upskill()
        .arg("evaluate")
        .arg(dir)
        .args(["--format", "json"])
        .args(extra)
        .env("UPSKILL_THREADS", "1")
        .output()
        .unwrap();
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_example_as_parquet_gives_the_csv_report() {
    let csv = scratch("example-csv");
    run(
        upskill()
            .args(["generate", "--example", "--force"])
            .arg(&csv),
        0,
    );
    std::fs::remove_file(csv.join("sessions.jsonl")).unwrap();
    let parquet = scratch("example-parquet");
    copy(&csv, &parquet, &["pledge.json", "holidays.csv"]);
    let path = |dir: &Path, name: &str| dir.join(name).display().to_string();
    // Sessions keep their bad rows (as text); the roster and leave are typed.
    convert(
        &[
            &path(&csv, "sessions.csv"),
            &path(&parquet, "sessions.parquet"),
            "--as-text",
        ],
        0,
    );
    convert(
        &[&path(&csv, "roster.csv"), &path(&parquet, "roster.parquet")],
        0,
    );
    convert(
        &[&path(&csv, "leave.csv"), &path(&parquet, "leave.parquet")],
        0,
    );
    let period = [
        "--from",
        "2026-W10",
        "--to",
        "2026-W19",
        "--as-of",
        "2026-05-11T09:00:00+01:00",
    ];
    let (from_csv, csv_locations) = comparable(&evaluate(&csv, &period));
    let (from_parquet, parquet_locations) = comparable(&evaluate(&parquet, &period));
    assert_eq!(
        serde_json::to_string_pretty(&from_parquet).unwrap(),
        serde_json::to_string_pretty(&from_csv).unwrap()
    );
    // The same rejections, each located in its own file's terms.
    assert_eq!(csv_locations.len(), parquet_locations.len());
    assert!(!csv_locations.is_empty());
    assert!(
        csv_locations[0].starts_with(&path(&csv, "sessions.csv")),
        "{}",
        csv_locations[0]
    );
    assert!(
        parquet_locations[0].contains("sessions.parquet[")
            && parquet_locations[0].contains("#/row_groups/0/rows/"),
        "{}",
        parquet_locations[0]
    );
}

#[test]
fn a_generated_dataset_as_typed_parquet_gives_the_csv_report() {
    let csv = scratch("generated-csv");
    run(
        upskill()
            .args([
                "generate",
                "--learners",
                "400",
                "--weeks",
                "26",
                "--seed",
                "3",
            ])
            .args(["--bad-share", "0"])
            .arg(&csv),
        0,
    );
    let parquet = scratch("generated-parquet");
    copy(&csv, &parquet, &["pledge.json", "holidays.csv"]);
    let path = |dir: &Path, name: &str| dir.join(name).display().to_string();
    for (from, to) in [
        ("sessions.csv", "sessions.parquet"),
        ("roster.csv", "roster.parquet"),
        ("leave.csv", "leave.parquet"),
    ] {
        convert(&[&path(&csv, from), &path(&parquet, to)], 0);
    }
    let records = std::fs::read_to_string(csv.join("sessions.csv"))
        .unwrap()
        .lines()
        .count()
        - 1;
    assert!(records > 10_000, "{records} records");
    let period = ["--as-of", "2026-09-14T09:00:00Z"];
    let from_csv = evaluate(&csv, &period);
    let from_parquet = evaluate(&parquet, &period);
    let (a, _) = comparable(&from_csv);
    let (b, _) = comparable(&from_parquet);
    assert_eq!(a, b);
    // Without rejections, nothing but the inputs differs: byte-identical
    // once `inputs` is set aside.
    let strip = |report: &str| {
        let mut v: serde_json::Value = serde_json::from_str(report).unwrap();
        v.as_object_mut().unwrap().remove("inputs");
        serde_json::to_string(&v).unwrap()
    };
    assert_eq!(strip(&from_csv), strip(&from_parquet));
}

#[test]
fn convert_round_trips_canonical_csv_and_refuses_bad_records() {
    let dir = scratch("round-trip");
    run(
        upskill()
            .args(["generate", "--example", "--force"])
            .arg(&dir),
        0,
    );
    let path = |name: &str| dir.join(name).display().to_string();
    // The example's sessions hold bad records on purpose: refused, nothing written.
    let stderr = convert(&[&path("sessions.csv"), &path("s.parquet")], 2);
    assert!(stderr.contains("not written"), "{stderr}");
    assert!(!dir.join("s.parquet").exists());
    // A canonical file (as the CSV writer writes it: here, the example's
    // roster and leave once through Parquet) converts to Parquet and back
    // to the same bytes; so do the sessions of a dataset without bad records.
    run(
        upskill()
            .args([
                "generate",
                "--learners",
                "40",
                "--bad-share",
                "0",
                "--force",
            ])
            .arg(dir.join("clean")),
        0,
    );
    std::fs::copy(
        dir.join("clean/sessions.csv"),
        dir.join("sessions.clean.csv"),
    )
    .unwrap();
    for kind in ["roster", "leave", "sessions.clean"] {
        let csv = path(&format!("{kind}.csv"));
        let canonical = path(&format!("{kind}.canonical.csv"));
        convert(&[&csv, &path(&format!("{kind}.1.parquet"))], 0);
        convert(&[&path(&format!("{kind}.1.parquet")), &canonical], 0);
        convert(&[&canonical, &path(&format!("{kind}.2.parquet"))], 0);
        convert(
            &[
                &path(&format!("{kind}.2.parquet")),
                &path(&format!("{kind}.back.csv")),
            ],
            0,
        );
        let back = std::fs::read_to_string(dir.join(format!("{kind}.back.csv"))).unwrap();
        assert_eq!(back, std::fs::read_to_string(&canonical).unwrap(), "{kind}");
        assert!(back.lines().count() > 5, "{kind}: {back}");
    }
}

#[test]
fn a_broken_parquet_file_is_a_located_error() {
    let dir = scratch("broken");
    run(
        upskill()
            .args(["generate", "--example", "--force"])
            .arg(&dir),
        0,
    );
    std::fs::remove_file(dir.join("sessions.jsonl")).unwrap();
    std::fs::remove_file(dir.join("sessions.csv")).unwrap();
    std::fs::write(dir.join("sessions.parquet"), b"PAR1 but nothing more").unwrap();
    let (_, stderr) = run(upskill().arg("evaluate").arg(&dir), 2);
    assert!(stderr.contains("F019"), "{stderr}");
    assert!(stderr.contains("sessions.parquet"), "{stderr}");
}

/// The rows of a Parquet file whose column `column` is never null.
fn rows(path: &Path, column: &str) -> usize {
    use arrow_array::Array;
    let file = std::fs::File::open(path).unwrap();
    let reader = parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(file)
        .unwrap()
        .build()
        .unwrap();
    let mut n = 0;
    for batch in reader {
        let batch = batch.unwrap();
        assert_eq!(batch.column_by_name(column).unwrap().null_count(), 0);
        n += batch.num_rows();
    }
    n
}

#[test]
fn the_ledger_and_learner_weeks_are_written_as_parquet() {
    let dir = scratch("outputs");
    let ledger = dir.join("ledger.parquet");
    let weeks = dir.join("weeks.parquet");
    run(
        upskill()
            .args(["evaluate", "--example", "--format", "json", "--ledger"])
            .arg(&ledger)
            .arg("--out")
            .arg(dir.join("report.json"))
            .arg("--learner-weeks")
            .arg(&weeks),
        0,
    );
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("report.json")).unwrap()).unwrap();
    let records_read = report["ledger"]["records_read"].as_u64().unwrap();
    let learner_weeks: usize = report["learners"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["weeks"].as_array().unwrap().len())
        .sum();
    assert_eq!(rows(&ledger, "fate"), records_read as usize);
    assert_eq!(rows(&weeks, "status"), learner_weeks);
    // Nothing but the three files is left in the directory.
    let left: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left.len(), 3, "{left:?}");
    let (_, stderr) = run(
        upskill()
            .args(["evaluate", "--example", "--learner-weeks"])
            .arg(dir.join("weeks.csv")),
        2,
    );
    assert!(stderr.contains("name the file .parquet"), "{stderr}");
}

/// `validate` reads text exports; a Parquet file (told by its bytes, even
/// under a `.csv` name) is refused with the way to check it, not read as
/// text into a wall of meaningless problems.
#[test]
fn validate_refuses_a_parquet_file_and_says_what_checks_it() {
    let dir = scratch("validate-parquet");
    run(
        upskill()
            .args(["generate", "--example", "--force"])
            .arg(&dir),
        0,
    );
    convert(
        &[
            &dir.join("roster.csv").display().to_string(),
            &dir.join("roster.parquet").display().to_string(),
        ],
        0,
    );
    std::fs::copy(dir.join("roster.parquet"), dir.join("disguised.csv")).unwrap();
    for name in ["roster.parquet", "disguised.csv"] {
        let (stdout, stderr) = run(upskill().arg("validate").arg(dir.join(name)), 2);
        assert!(stdout.is_empty(), "{stdout}");
        assert!(
            stderr.contains("is a Parquet file") && stderr.contains("upskill evaluate"),
            "{stderr}"
        );
    }
}

/// A mapping is for CSV tables: given with a Parquet input of its kind, it
/// is not applied, and the report says so (`I006`) rather than leaving the
/// user to think it was.
#[test]
fn a_mapping_given_with_a_parquet_input_is_stated_not_applied() {
    let dir = scratch("mapping-parquet");
    run(
        upskill()
            .args([
                "generate",
                "--learners",
                "30",
                "--bad-share",
                "0",
                "--force",
            ])
            .arg(&dir),
        0,
    );
    let path = |name: &str| dir.join(name).display().to_string();
    run(
        upskill().args([
            "map",
            "suggest",
            &path("sessions.csv"),
            "--out",
            &path("sessions.toml"),
        ]),
        0,
    );
    convert(&[&path("sessions.csv"), &path("sessions.parquet")], 0);
    std::fs::remove_file(dir.join("sessions.csv")).unwrap();
    let report = evaluate(&dir, &["--mapping", &path("sessions.toml")]);
    let warned = report.contains("I006") && report.contains("sessions.parquet");
    assert!(warned, "{report}");
    // Without the mapping, no such warning.
    assert!(!evaluate(&dir, &[]).contains("I006"));
}
