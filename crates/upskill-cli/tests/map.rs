//! `upskill map` and `upskill import csv`: import mappings from the command
//! line (field case `moodle-dedication-export`, in one command).

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
    cmd.env("NO_COLOR", "1");
    cmd
}

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/map")
        .join(name)
}

#[test]
fn map_list_names_every_preset() {
    let out = upskill().args(["map", "list"]).assert().success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert_eq!(text.lines().count(), upskill::io::mapping::presets().len());
    assert!(text.contains("moodle-dedication"));
}

#[test]
fn map_show_prints_the_preset_and_an_unknown_name_exits_2() {
    upskill()
        .args(["map", "show", "moodle-dedication"])
        .assert()
        .success()
        .stdout(predicates::str::contains("Session duration"));
    upskill()
        .args(["map", "show", "nope"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("no preset is named `nope`"));
}

#[test]
fn moodle_report_imports_in_one_command() {
    let out = upskill()
        .args(["import", "csv"])
        .arg(data("dedication-user-report.csv"))
        .args([
            "--preset",
            "moodle-dedication",
            "--set",
            "learner_id=l1",
            "--pledge-zone",
            "Europe/London",
        ])
        .assert()
        .success();
    let csv = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    insta::assert_snapshot!(csv, @r"
    record_id,learner_id,start,end,activity,title,source,skill_areas,self_reported
    row-413fb420674c8069,l1,2026-03-03T10:15:00+00:00,2026-03-03T11:20:00+00:00,e_learning,,moodle,,false
    row-56d84974592f2157,l1,2026-03-04T09:02:00+00:00,2026-03-04T09:47:10+00:00,e_learning,,moodle,,false
    row-3731ae5abff64b17,l1,2026-03-30T08:40:00+01:00,2026-03-30T09:05:00+01:00,e_learning,,moodle,,false
    ");
}

#[test]
fn a_mapping_that_does_not_fit_exits_2_naming_the_gap() {
    upskill()
        .args(["import", "csv"])
        .arg(data("dedication-user-report.csv"))
        .args([
            "--preset",
            "moodle-dedication",
            "--pledge-zone",
            "Europe/London",
        ])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("no rule for `learner_id`"));
    upskill()
        .args(["import", "csv"])
        .arg(data("dedication-user-report.csv"))
        .args([
            "--preset",
            "docebo-users-courses",
            "--pledge-zone",
            "Europe/London",
        ])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "column `Course Type`, which the header does not have",
        ));
}

#[test]
fn map_suggest_writes_a_mapping_that_reads() {
    let out = upskill()
        .args(["map", "suggest"])
        .arg(data("dedication-user-report.csv"))
        .assert()
        .success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let mapping = upskill::io::mapping::Mapping::from_toml_str(&text).unwrap();
    assert!(mapping.fields.contains_key("start"), "{text}");
    assert!(mapping.fields.contains_key("duration"), "{text}");
}

#[test]
fn validate_reads_through_a_preset_and_with_a_local_zone() {
    upskill()
        .arg("validate")
        .arg(data("dedication-user-report.csv"))
        .args([
            "--preset",
            "moodle-dedication",
            "--set",
            "learner_id=l1",
            "--pledge-zone",
            "Europe/London",
        ])
        .assert()
        .success()
        .stdout(predicates::str::contains("3 records read, 0 with errors"));
    // Field case moodle-dedication-export, stage 3: naive ISO times.
    upskill()
        .arg("validate")
        .arg(data("stage3-iso-naive.csv"))
        .assert()
        .code(1)
        .stdout(predicates::str::contains("--local-time-zone ZONE"));
    upskill()
        .arg("validate")
        .arg(data("stage3-iso-naive.csv"))
        .args(["--local-time-zone", "Europe/London"])
        .assert()
        .success();
}

#[test]
fn validate_detects_utf16_and_obeys_an_encoding_override() {
    // Field case excel-de-csv: UTF-16 LE with a BOM.
    upskill()
        .arg("validate")
        .arg(data("sessions-utf16.csv"))
        .assert()
        .success()
        .stdout(predicates::str::contains("warning[F016]"));
    upskill()
        .arg("validate")
        .arg(data("sessions-utf16.csv"))
        .args(["--encoding", "utf-8"])
        .assert()
        .code(1);
    upskill()
        .arg("validate")
        .arg(data("sessions-utf16.csv"))
        .args(["--encoding", "ebcdic"])
        .assert()
        .code(2);
}

#[test]
fn map_suggest_without_kind_guesses_it_from_the_columns_and_says_so() {
    // New-user review (issue 11): a Workday roster was proposed as
    // sessions, with `start = Termination Date`.
    let roster = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../upskill-mapping/tests/data/presets/workday-worker-roster.csv");
    let out = upskill()
        .args(["map", "suggest"])
        .arg(&roster)
        .assert()
        .success()
        .stderr(predicates::str::contains(
            "`--kind` not given: guessed `roster` from the columns",
        ));
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(
        text.lines()
            .nth(2)
            .is_some_and(|l| l.starts_with("# `--kind` not given: guessed `roster`")),
        "{text}"
    );
    let mapping = upskill::io::mapping::Mapping::from_toml_str(&text).unwrap();
    assert_eq!(mapping.kind, upskill::io::mapping::MappedKind::Roster);
    assert!(!mapping.fields.contains_key("start"), "{text}");
    assert!(mapping.fields.contains_key("fte"), "{text}");
    // A kind given is obeyed and not announced.
    upskill()
        .args(["map", "suggest", "--kind", "sessions"])
        .arg(&roster)
        .assert()
        .success()
        .stderr(predicates::str::is_empty())
        .stdout(predicates::str::contains("kind = \"sessions\""));
}

#[test]
fn map_suggest_refuses_to_overwrite_its_input() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("s2.csv");
    let csv = std::fs::read(data("dedication-user-report.csv")).unwrap();
    std::fs::write(&input, &csv).unwrap();
    upskill()
        .args(["map", "suggest"])
        .arg(&input)
        .arg("--out")
        .arg(&input)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("is one of this run's inputs"));
    assert_eq!(std::fs::read(&input).unwrap(), csv);
}

#[test]
fn a_mapping_syntax_error_shows_the_parser_diagram_on_separate_lines() {
    let dir = tempfile::tempdir().unwrap();
    let mapping = dir.path().join("m.toml");
    std::fs::write(
        &mapping,
        "schema_version = 1\nkind = \"sessions\"\n[fields\n",
    )
    .unwrap();
    let out = upskill()
        .args(["import", "csv"])
        .arg(data("dedication-user-report.csv"))
        .arg("--mapping")
        .arg(&mapping)
        .assert()
        .code(2);
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(!stderr.contains("\\n"), "{stderr}");
    assert!(stderr.lines().count() >= 3, "{stderr}");
    assert!(
        stderr.lines().any(|l| l.starts_with("3 | [fields")),
        "{stderr}"
    );
    assert!(
        stderr
            .lines()
            .next()
            .is_some_and(|l| l.contains("cannot be used")),
        "{stderr}"
    );
}

#[test]
fn local_time_zone_pledge_works_wherever_the_flag_exists() {
    // New-user review (issue 11): `pledge` worked only in `evaluate`.
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        data("stage3-iso-naive.csv"),
        dir.path().join("sessions.csv"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("pledge.json"),
        r#"{"schema_version": 1, "organisation": {"id": "acme-uk", "name": "Acme UK"}, "time_zone": "Europe/London", "minutes_per_week": 60, "target": {"learner_week_rate": 0.8}}"#,
    )
    .unwrap();
    // The zone from the dataset's pledge.json.
    upskill()
        .arg("validate")
        .arg(dir.path())
        .args(["--local-time-zone", "pledge"])
        .assert()
        .success();
    // The zone from `--pledge-zone`.
    upskill()
        .arg("validate")
        .arg(data("stage3-iso-naive.csv"))
        .args([
            "--local-time-zone",
            "pledge",
            "--pledge-zone",
            "Europe/London",
        ])
        .assert()
        .success();
    // No zone: the error names `--pledge-zone`.
    upskill()
        .arg("validate")
        .arg(data("stage3-iso-naive.csv"))
        .args(["--local-time-zone", "pledge"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("--pledge-zone"));
    // `import csv` with a mapping of naive times.
    let mapping = dir.path().join("m.toml");
    std::fs::write(
        &mapping,
        "schema_version = 1\nkind = \"sessions\"\n[fields]\nrecord_id = \"record_id\"\nlearner_id = \"learner_id\"\nstart = { column = \"start\", datetime = \"%Y-%m-%dT%H:%M:%S\" }\nduration = { column = \"duration_minutes\", duration = \"minutes\" }\nactivity = \"activity\"\n",
    )
    .unwrap();
    upskill()
        .args(["import", "csv"])
        .arg(data("stage3-iso-naive.csv"))
        .arg("--mapping")
        .arg(&mapping)
        .args([
            "--local-time-zone",
            "pledge",
            "--pledge-zone",
            "Europe/London",
        ])
        .assert()
        .success()
        .stdout(predicates::str::contains("2026-03-03T10:15:00+00:00"));
}

#[test]
fn validate_preset_without_a_pledge_zone_names_the_flag() {
    upskill()
        .arg("validate")
        .arg(data("dedication-user-report.csv"))
        .args(["--preset", "moodle-dedication", "--set", "learner_id=l1"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("no pledge zone was given"))
        .stderr(predicates::str::contains("--pledge-zone ZONE"));
}
