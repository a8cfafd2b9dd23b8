//! The `upskill` command end to end: outputs (insta snapshots, reviewed by
//! hand), exit statuses, and the agreement of the three report formats.

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

/// The example dataset on disk.
fn example_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../upskill-dataset/example")
}

/// The period and judging instant `--example` uses.
const EXAMPLE_PERIOD: [&str; 6] = [
    "--from",
    "2026-W10",
    "--to",
    "2026-W19",
    "--as-of",
    "2026-05-11T09:00:00+01:00",
];

/// A fresh scratch directory, holding copies of the example's files except `skip`.
fn scratch(name: &str, skip: &[&str]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("upskill-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for entry in std::fs::read_dir(example_dir()).unwrap() {
        let path = entry.unwrap().path();
        let file = path.file_name().unwrap().to_string_lossy().into_owned();
        if file != "README.md" && !skip.contains(&file.as_str()) {
            std::fs::copy(&path, dir.join(&file)).unwrap();
        }
    }
    dir
}

fn stdout_of(cmd: &mut Command, code: i32) -> String {
    let out = cmd.output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(code),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn stderr_of(cmd: &mut Command, code: i32) -> String {
    let out = cmd.output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(code),
        "stdout: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    String::from_utf8(out.stderr).unwrap()
}

#[test]
fn example_text_report() {
    let text = stdout_of(upskill().args(["evaluate", "--example"]), 0);
    assert!(
        text.lines().all(|l| l.chars().count() <= 100),
        "a line is wider than 100 columns"
    );
    assert!(!text.contains('\x1b'), "colour written to a pipe");
    insta::assert_snapshot!("example_text", text);
}

#[test]
fn example_json_report() {
    let json = stdout_of(
        upskill().args(["evaluate", "--example", "--format", "json"]),
        0,
    );
    let report: serde_json::Value = serde_json::from_str(&json).unwrap();
    // The contract of docs/report.md.
    let fates = &report["ledger"]["fates"];
    let sum: u64 = [
        "credited",
        "duplicate",
        "not_creditable",
        "outside_period",
        "unknown_learner",
        "rejected",
    ]
    .iter()
    .map(|f| fates[f].as_u64().unwrap())
    .sum();
    assert_eq!(sum, report["ledger"]["records_read"].as_u64().unwrap());
    let learners = report["learners"].as_array().unwrap();
    assert_eq!(learners.len(), 150);
    for week in learners[0]["weeks"].as_array().unwrap() {
        for key in ["week", "required_minutes", "credited_minutes", "status"] {
            assert!(week.get(key).is_some(), "learner-week without `{key}`");
        }
    }
    // Same inputs, byte-identical report.
    assert_eq!(
        json,
        stdout_of(
            upskill().args(["evaluate", "--example", "--format", "json"]),
            0
        )
    );
    insta::assert_snapshot!("example_json", first_learners(&json, 3));
}

/// The report as written, with only the first `n` learners of `learners`
/// (the rest, elided, have the same shape).
fn first_learners(json: &str, n: usize) -> String {
    let mut out = Vec::new();
    let mut in_learners = false;
    let mut seen = 0;
    for line in json.lines() {
        if line == "  \"learners\": [" {
            in_learners = true;
        } else if in_learners && line.starts_with("  ]") {
            in_learners = false;
            if seen > n {
                out.push(format!("    ... {} more learners", seen - n));
            }
        } else if in_learners {
            if line == "    {" {
                seen += 1;
            }
            if seen > n {
                continue;
            }
        }
        out.push(line.to_string());
    }
    out.join("\n")
}

#[test]
fn three_formats_one_verdict() {
    let text = stdout_of(upskill().args(["evaluate", "--example"]), 0);
    let json = stdout_of(
        upskill().args(["evaluate", "--example", "--format", "json"]),
        0,
    );
    let html = stdout_of(
        upskill().args(["evaluate", "--example", "--format", "html"]),
        0,
    );
    let verdict = serde_json::from_str::<serde_json::Value>(&json).unwrap()["verdict"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(verdict, "met");
    assert!(text.starts_with("Verdict: MET "));
    assert!(html.contains("<div class=\"verdict good\"><span class=\"word\">MET</span>"));
    // Self-contained: nothing fetched, no script.
    for banned in ["<script", "src=", "href=", "@import", "url("] {
        assert!(!html.contains(banned), "the page holds `{banned}`");
    }
    assert!(html.contains("Data &amp; Insight"));
    assert!(html.contains("suppressed: too few learners to show"));
}

#[test]
fn a_directory_reads_like_the_example() {
    // From inside the example's directory, the default DIR `.` names the files as the example does.
    let mut cmd = upskill();
    cmd.current_dir(example_dir())
        .arg("evaluate")
        .args(EXAMPLE_PERIOD);
    assert_eq!(
        stdout_of(&mut cmd, 0),
        stdout_of(upskill().args(["evaluate", "--example"]), 0)
    );
}

#[test]
fn examples_data_at_the_root_is_the_example() {
    // `examples/data` (a link to the example's directory) is the path the
    // README, docs/python.md and the Python package's docs use.
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut cmd = upskill();
    cmd.current_dir(&root)
        .args(["evaluate", "examples/data"])
        .args(EXAMPLE_PERIOD)
        .args(["--format", "json"]);
    let json = stdout_of(&mut cmd, 0);
    let example = stdout_of(
        upskill().args(["evaluate", "--example", "--format", "json"]),
        0,
    );
    // Locations and inputs name the files by the path given; the rest,
    // digests included, agrees.
    assert!(json.contains("\"examples/data/sessions.csv:112:44\""));
    assert_eq!(json.replace("examples/data/", ""), example);
}

#[test]
fn html_escapes_names_from_files() {
    let dir = scratch("escape", &[]);
    let roster = std::fs::read_to_string(dir.join("roster.csv")).unwrap();
    std::fs::write(
        dir.join("roster.csv"),
        roster.replace("Marketing", "<script>alert(1)</script> & co"),
    )
    .unwrap();
    let html = stdout_of(
        upskill().arg("evaluate").arg(&dir).args([
            "--as-of",
            "2026-05-11T09:00:00+01:00",
            "--format",
            "html",
        ]),
        0,
    );
    assert!(!html.contains("<script>"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; co"));
}

#[test]
fn missing_roster_is_exit_2() {
    let dir = scratch("no-roster", &["roster.csv"]);
    let stderr = stderr_of(upskill().arg("evaluate").arg(&dir), 2);
    let stderr = stderr.replace(&dir.display().to_string(), "DIR");
    insta::assert_snapshot!(stderr, @"error: the roster not found: `DIR/roster.csv` does not exist");
}

#[test]
fn invalid_pledge_is_exit_2_with_located_problems() {
    let dir = scratch("bad-pledge", &[]);
    let pledge = std::fs::read_to_string(dir.join("pledge.json")).unwrap();
    std::fs::write(
        dir.join("pledge.json"),
        pledge.replace("Europe/London", "Europe/Londres"),
    )
    .unwrap();
    let mut cmd = upskill();
    cmd.current_dir(&dir).arg("evaluate");
    insta::assert_snapshot!(stderr_of(&mut cmd, 2), @r"
    pledge.json#/time_zone: error[P004]: unknown time zone `Europe/Londres`: expected an IANA name such as `Europe/London`
    error: the dataset cannot be used: 1 problem found
    ");
}

#[test]
fn a_bad_roster_row_is_exit_2() {
    let dir = scratch("bad-roster", &[]);
    let roster = std::fs::read_to_string(dir.join("roster.csv")).unwrap();
    std::fs::write(dir.join("roster.csv"), roster.replacen(",0.6,", ",1.6,", 1)).unwrap();
    let mut cmd = upskill();
    cmd.current_dir(&dir).arg("evaluate");
    let stderr = stderr_of(&mut cmd, 2);
    assert!(
        stderr.contains("roster.csv:") && stderr.contains("error[R006]"),
        "{stderr}"
    );
}

#[test]
fn strict_with_a_rejected_record_is_exit_2() {
    let out = upskill()
        .args(["evaluate", "--example", "--strict"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    // The report is still written; the rejections are repeated on stderr.
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("Verdict: MET"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("sessions.csv:") && stderr.contains("error[S012]"),
        "{stderr}"
    );
    assert!(
        stderr.ends_with("error: 8 record(s) rejected and --strict given\n"),
        "{stderr}"
    );
}

#[test]
fn a_not_met_dataset_is_exit_1() {
    // The example judged against a stricter pledge (0.8 of learner-weeks).
    let dir = scratch("not-met", &[]);
    let pledge = std::fs::read_to_string(dir.join("pledge.json")).unwrap();
    std::fs::write(dir.join("pledge.json"), pledge.replace("0.5", "0.8")).unwrap();
    let text = stdout_of(
        upskill()
            .args(["evaluate", "--example", "--pledge"])
            .arg(dir.join("pledge.json")),
        1,
    );
    assert!(text.starts_with("Verdict: NOT MET"), "{text}");
    let json = stdout_of(
        upskill()
            .args(["evaluate", "--example", "--format", "json", "--pledge"])
            .arg(dir.join("pledge.json")),
        1,
    );
    assert!(json.contains("\"verdict\": \"not_met\""));
}

#[test]
fn a_running_period_is_judged_on_track_or_at_risk() {
    let json = stdout_of(
        upskill().args([
            "evaluate",
            "--example",
            "--format",
            "json",
            "--to",
            "2026-W19",
            "--as-of",
            "2026-04-15T12:00:00+01:00",
        ]),
        0,
    );
    let report: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(report["verdict"], "on_track");
    assert_eq!(report["period"]["closed"], false);
}

#[test]
fn usage_errors_are_exit_2() {
    stderr_of(upskill().args(["evaluate", "--format", "pdf"]), 2);
    stderr_of(
        upskill().args(["evaluate", "--example", "--from", "2026-W99"]),
        2,
    );
    stderr_of(
        upskill().args(["evaluate", "--example", "--as-of", "soon"]),
        2,
    );
    stderr_of(upskill().args(["evaluate", "/no/such/dir"]), 2);
    stdout_of(upskill().arg("--help"), 0);
}

#[test]
fn out_writes_a_file() {
    let dir = scratch("out", &[]);
    let out = dir.join("report.html");
    let stderr = stderr_of(
        upskill()
            .args(["evaluate", "--example", "--format", "html", "--out"])
            .arg(&out),
        0,
    );
    assert!(stderr.contains("verdict met"));
    assert!(
        std::fs::read_to_string(out)
            .unwrap()
            .starts_with("<!DOCTYPE html>")
    );
}

#[test]
fn generate_then_evaluate() {
    let dir = std::env::temp_dir().join(format!("upskill-cli-{}-generated", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let summary = stdout_of(
        upskill()
            .args([
                "generate",
                "--learners",
                "80",
                "--weeks",
                "4",
                "--seed",
                "9",
                "--jsonl",
            ])
            .arg(&dir),
        0,
    );
    assert!(summary.contains("2026-W10..2026-W13"), "{summary}");
    let json = stdout_of(
        upskill().arg("evaluate").arg(&dir).args([
            "--from",
            "2026-W10",
            "--to",
            "2026-W13",
            "--as-of",
            "2026-03-30T09:00:00+01:00",
            "--format",
            "json",
        ]),
        1,
    );
    let report: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(report["period"]["first_week"], "2026-W10");
    assert_eq!(report["verdict"], "not_met");
    assert!(report["ledger"]["fates"]["credited"].as_u64().unwrap() > 0);
}

#[test]
fn validate_reports_problems_with_exit_1() {
    let data = example_dir();
    let mut clean = upskill();
    clean.current_dir(&data).args([
        "validate",
        "pledge.json",
        "roster.csv",
        "leave.csv",
        "holidays.csv",
    ]);
    let text = stdout_of(&mut clean, 0);
    assert!(text.contains("roster.csv: 150 records read"), "{text}");
    let mut dirty = upskill();
    dirty
        .current_dir(&data)
        .args(["validate", "sessions.csv", "--roster", "roster.csv"]);
    let text = stdout_of(&mut dirty, 1);
    assert!(
        text.contains("error[S012]")
            && text.contains("error[S006]")
            && text.contains("error[S007]"),
        "{text}"
    );
    let mut sarif = upskill();
    sarif
        .current_dir(&data)
        .args(["validate", "sessions.csv", "--format", "sarif"]);
    let sarif: serde_json::Value = serde_json::from_str(&stdout_of(&mut sarif, 1)).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    let mut json = upskill();
    json.current_dir(&data).args([
        "validate",
        "holidays.csv",
        "sessions.jsonl",
        "--format",
        "json",
    ]);
    let reports: serde_json::Value = serde_json::from_str(&stdout_of(&mut json, 1)).unwrap();
    assert_eq!(reports[0]["valid"], true);
    // A same-id record with other times is an error to the validator (S024);
    // the engine keeps the earliest and counts the other as a duplicate.
    let codes: Vec<&str> = reports[1]["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"S024"), "{codes:?}");
    stderr_of(upskill().args(["validate", "/no/such/file.csv"]), 2);
    stderr_of(upskill().arg("validate"), 2);
}

#[test]
fn schema_lists_prints_and_writes() {
    let list = stdout_of(upskill().arg("schema"), 0);
    assert!(
        list.contains("pledge") && list.contains("learning-session"),
        "{list}"
    );
    let pledge: serde_json::Value =
        serde_json::from_str(&stdout_of(upskill().args(["schema", "pledge"]), 0)).unwrap();
    assert!(
        pledge["$id"]
            .as_str()
            .unwrap()
            .ends_with("pledge.schema.json")
    );
    stderr_of(upskill().args(["schema", "nonsense"]), 2);
    let dir = std::env::temp_dir().join(format!("upskill-cli-{}-schemas", std::process::id()));
    stdout_of(upskill().arg("schema").arg("--out").arg(&dir), 0);
    assert!(dir.join("roster.schema.json").is_file());
}

const STATEMENTS: &str = r#"{"statements": [{
    "id": "6e1f3c52-4d7e-4a59-8f6b-2d4c1a9e7b01",
    "actor": {"mbox": "mailto:ann@example.com"},
    "verb": {"id": "http://adlnet.gov/expapi/verbs/completed"},
    "object": {"id": "https://lms.example.com/courses/gdpr"},
    "result": {"duration": "PT75M"},
    "timestamp": "2026-03-04T11:15:00Z"
}, {
    "id": "6e1f3c52-4d7e-4a59-8f6b-2d4c1a9e7b02",
    "actor": {"mbox": "mailto:bob@example.com"},
    "verb": {"id": "http://adlnet.gov/expapi/verbs/completed"},
    "object": {"id": "https://lms.example.com/courses/sql"},
    "result": {"duration": "PT30M"},
    "timestamp": "2026-03-04T11:15:00Z"
}], "more": ""}"#;

#[test]
fn xapi_import_and_evaluate() {
    let dir = scratch("xapi", &[]);
    std::fs::write(dir.join("lrs.json"), STATEMENTS).unwrap();
    std::fs::write(
        dir.join("actors.csv"),
        "learner_id,mbox\ne0001,mailto:ann@example.com\n",
    )
    .unwrap();
    let mut import = upskill();
    import
        .current_dir(&dir)
        .args(["import", "xapi", "lrs.json", "--actors", "actors.csv"]);
    let out = import.output().unwrap();
    // Bob is not in the mapping: reported, exit 1.
    assert_eq!(out.status.code(), Some(1));
    let lines = String::from_utf8(out.stdout).unwrap();
    assert_eq!(lines.lines().count(), 1);
    assert!(lines.contains("\"learner_id\":\"e0001\""), "{lines}");
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("2 statements: 1 sessions written, 1 of actors not in the mapping")
    );

    // The same problems and counts as one JSON document.
    let mut as_json = upskill();
    as_json.current_dir(&dir).args([
        "import",
        "xapi",
        "lrs.json",
        "--actors",
        "actors.csv",
        "--format",
        "json",
    ]);
    let out = as_json.output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(report["summary"]["statements"], 2);
    assert_eq!(report["summary"]["unknown_learner"], 1);
    assert_eq!(report["problems"][0]["code"], "X045");

    // Recognised by content in `evaluate --sessions`, with --actors.
    let mut evaluate = upskill();
    evaluate.current_dir(&dir).args([
        "evaluate",
        "--sessions",
        "lrs.json",
        "--actors",
        "actors.csv",
        "--as-of",
        "2026-05-11T09:00:00+01:00",
        "--format",
        "json",
    ]);
    let report: serde_json::Value = serde_json::from_str(&stdout_of(&mut evaluate, 1)).unwrap();
    assert_eq!(report["ledger"]["records_read"], 2);
    assert_eq!(report["ledger"]["fates"]["credited"], 1);
    assert_eq!(report["ledger"]["fates"]["unknown_learner"], 1);
    assert_eq!(
        report["ledger"]["unknown_learners"][0]["learner_id"],
        "mailto:bob@example.com"
    );
    // Without the mapping: a usage error.
    let mut missing = upskill();
    missing
        .current_dir(&dir)
        .args(["evaluate", "--sessions", "lrs.json"]);
    assert!(stderr_of(&mut missing, 2).contains("give the identity mapping with --actors MAP"));
}

/// Statements that become no session of their own still get a ledger fate:
/// a repeated statement is a duplicate, a voided one and its voiding
/// statement are not creditable, so `records_read` counts every statement.
#[test]
fn every_xapi_statement_has_a_ledger_fate() {
    let dir = scratch("xapi-fates", &[]);
    let ann = r#"{"id": "6e1f3c52-4d7e-4a59-8f6b-2d4c1a9e7b01", "actor": {"mbox": "mailto:ann@example.com"},
        "verb": {"id": "http://adlnet.gov/expapi/verbs/completed"}, "object": {"id": "https://lms.example.com/courses/gdpr"},
        "result": {"duration": "PT75M"}, "timestamp": "2026-03-04T11:15:00Z"}"#;
    let voided = r#"{"id": "6e1f3c52-4d7e-4a59-8f6b-2d4c1a9e7b03", "actor": {"mbox": "mailto:ann@example.com"},
        "verb": {"id": "http://adlnet.gov/expapi/verbs/completed"}, "object": {"id": "https://lms.example.com/courses/sql"},
        "result": {"duration": "PT30M"}, "timestamp": "2026-03-11T11:15:00Z"}"#;
    let voiding = r#"{"id": "6e1f3c52-4d7e-4a59-8f6b-2d4c1a9e7b04", "actor": {"mbox": "mailto:ann@example.com"},
        "verb": {"id": "http://adlnet.gov/expapi/verbs/voided"},
        "object": {"objectType": "StatementRef", "id": "6e1f3c52-4d7e-4a59-8f6b-2d4c1a9e7b03"},
        "timestamp": "2026-03-12T09:00:00Z"}"#;
    let lines = [ann, ann, voided, voiding]
        .map(|s| s.replace('\n', " "))
        .join("\n");
    std::fs::write(dir.join("lrs.jsonl"), lines + "\n").unwrap();
    std::fs::write(
        dir.join("actors.csv"),
        "learner_id,mbox\ne0001,mailto:ann@example.com\n",
    )
    .unwrap();
    let mut evaluate = upskill();
    evaluate.current_dir(&dir).args([
        "evaluate",
        "--sessions",
        "lrs.jsonl",
        "--actors",
        "actors.csv",
        "--as-of",
        "2026-05-11T09:00:00+01:00",
        "--format",
        "json",
    ]);
    let report: serde_json::Value = serde_json::from_str(&stdout_of(&mut evaluate, 1)).unwrap();
    let ledger = &report["ledger"];
    assert_eq!(ledger["records_read"], 4);
    assert_eq!(ledger["fates"]["credited"], 1);
    assert_eq!(ledger["fates"]["duplicate"], 1);
    assert_eq!(ledger["fates"]["not_creditable"], 2);
    assert_eq!(ledger["detail"]["voided"], 2);
}

/// A dataset directory with a `people.json`: the People-principle scorecard
/// joins every report format; without one the report has no `people`.
#[test]
fn people_json_in_a_dataset_dir_adds_the_scorecard() {
    let dir = scratch("people", &[]);
    let people = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/people.json");
    std::fs::copy(&people, dir.join("people.json")).unwrap();
    let run = |format: &str| {
        stdout_of(
            upskill().arg("evaluate").arg(&dir).args([
                "--from",
                "2026-W10",
                "--to",
                "2026-W19",
                "--as-of",
                "2026-05-11T09:00:00+01:00",
                "--format",
                format,
            ]),
            0,
        )
    };
    let text = run("text");
    let section: String = text
        .lines()
        .skip_while(|l| !l.starts_with("People principle"))
        .take_while(|l| !l.starts_with("Ledger"))
        .map(|l| format!("{l}\n"))
        .collect();
    insta::assert_snapshot!(section, @r"
        People principle (DMA Code): advisory: a shortfall is reported to help, not counted as a failure
          micro_upskilling         evidenced
            measured        learner_week_rate 55.5% (781 of 1,407), at least 50.0%: passed
                            CPD time recorded: 83,636 minutes (1,393 h 56 min), 72,628 required
            attested        HR-POL-012 v3, 2026-01-15, Head of People: Every employee has a weekly learning
                            hour in their calendar
          diverse_inclusive_teams  evidenced
            representation by level, groups under 5 suppressed
              board         group c 9; 2 groups suppressed (9 people); total 18
              all staff     group a 61, group b 58, group c 31; total 150
        ");
    assert!(text.lines().all(|l| l.chars().count() <= 100));

    let json: serde_json::Value = serde_json::from_str(&run("json")).unwrap();
    let card = &json["people"];
    assert_eq!(card["organisation"], "northwind");
    assert_eq!(card["mode"], "advisory");
    assert_eq!(card["commitments"][0]["status"], "evidenced");
    assert_eq!(
        card["commitments"][0]["evidence"][0]["counts"]["credited_minutes"],
        json["metrics"]["credited_minutes"]
    );
    // Only the suppressed report is shown: the raw 3 and 6 of the board are not.
    let board = &card["commitments"][1]["evidence"][0]["levels"][0];
    insta::assert_snapshot!(board.to_string(), @r###"{"level":"board","shown":{"group c":9},"suppressed_groups":2,"suppressed_people":9,"total":18}"###);

    let html = run("html");
    assert!(html.contains("<h2>People principle (DMA Code)</h2>"));
    assert!(html.contains("2 groups suppressed (9 people)"));

    // The same dataset without the file: no `people` member at all.
    std::fs::remove_file(dir.join("people.json")).unwrap();
    let json: serde_json::Value = serde_json::from_str(&run("json")).unwrap();
    assert!(json.get("people").is_none());
    // --people names the file explicitly.
    let json = stdout_of(
        upskill()
            .arg("evaluate")
            .arg(&dir)
            .args(["--as-of", "2026-05-11T09:00:00+01:00", "--format", "json"])
            .arg("--people")
            .arg(&people),
        0,
    );
    assert!(json.contains("\"people\": {"));
}

/// The People-principle file is reference data: a bad one, or one about
/// another organisation, stops the run with a located problem.
#[test]
fn a_bad_people_json_is_exit_2() {
    let dir = scratch("bad-people", &[]);
    let people = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/people.json"),
    )
    .unwrap();
    std::fs::write(
        dir.join("people.json"),
        people.replace("\"group b\": 6", "\"group a\": 6"),
    )
    .unwrap();
    let mut cmd = upskill();
    cmd.current_dir(&dir).arg("evaluate");
    insta::assert_snapshot!(stderr_of(&mut cmd, 2), @r"
        people.json:19:68: error[E003]: `group a` is given twice
        error: the dataset cannot be used: 1 problem found
        ");
    // `validate` knows the file by its name and finds the same problem.
    let mut cmd = upskill();
    cmd.current_dir(&dir).args(["validate", "people.json"]);
    insta::assert_snapshot!(stdout_of(&mut cmd, 1), @r"
        people.json:19:68: error[E003]: `group a` is given twice
        people.json: 1 record read, 1 with errors, 0 with warnings only; 1 error, 0 warnings
        ");
    std::fs::write(
        dir.join("people.json"),
        people.replace("northwind", "globex"),
    )
    .unwrap();
    let mut cmd = upskill();
    cmd.current_dir(&dir).arg("evaluate");
    insta::assert_snapshot!(stderr_of(&mut cmd, 2), @r"
        people.json#/organisation_id: error[E004]: the People-principle file is about `globex`, but the pledge is `northwind`'s
        error: the dataset cannot be used: 1 problem found
        ");
}
