//! The handed field cases of issue 11 through the page's functions: the
//! mapping the page proposes for each file, the preview of its rows, and
//! the JSON report, which must be the command's byte for byte for the same
//! files, mapping and options (the command's path: files read from disk by
//! `upskill_dataset::evaluate`, with the mapping `--preset`/`--set` or
//! `--mapping` make).
//!
//! The inputs are the project's copies of `shared/cases/field/<case>` in
//! `crates/upskill-cli/tests/cases/<case>` (with the pledge and roster
//! each case needs), which the command's own tests
//! (`crates/upskill-cli/tests/evaluate_mapped.rs`) run.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests"
)]

use std::path::{Path, PathBuf};

use serde_json::Value;
use upskill::io::mapping::{Mapping, preset};
use upskill::io::report::json;
use upskill::io::{AsOf, DatasetFiles, EvaluateOptions, Mappings, Progress, Source};
use upskill_wasm::{
    Role, WebFile, WebOptions, choose_mapping, evaluate, presets, preview, recognise,
};

fn case(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../upskill-cli/tests/cases")
        .join(name)
}

/// A file of a case as the page gives it: named by its path (as the
/// command names an input), with the role the page recognises.
fn web_file(dir: &Path, name: &str) -> WebFile {
    let path = dir.join(name);
    let bytes = std::fs::read(&path).unwrap();
    let role = recognise(name, &bytes).role;
    WebFile::new(path.to_string_lossy(), role, bytes)
}

/// `--from FROM --to TO --as-of AS_OF`.
struct Period(&'static str, &'static str, &'static str);

fn web_options(period: &Period) -> WebOptions {
    WebOptions::from_json(&format!(
        r#"{{"from": "{}", "to": "{}", "as_of": "{}"}}"#,
        period.0, period.1, period.2
    ))
    .unwrap()
}

/// The command's report: `upskill evaluate . --pledge P --roster R
/// --sessions S ... --format json` with these mappings, read from disk.
fn command_report(
    dir: &Path,
    pledge: &str,
    roster: &str,
    sessions: &[&str],
    mappings: Mappings,
    period: &Period,
) -> String {
    let source = |name: &str| Source::path(dir.join(name));
    let dataset = DatasetFiles::new(
        source(pledge),
        source(roster),
        sessions.iter().map(|s| source(s)).collect(),
    );
    let options = EvaluateOptions {
        from: Some(period.0.to_string()),
        to: Some(period.1.to_string()),
        as_of: AsOf::parse(period.2).unwrap(),
        mappings,
        ..EvaluateOptions::default()
    };
    json::render(&upskill::io::evaluate(&dataset, &options).unwrap()).unwrap()
}

/// The page's report for these files.
fn page_report(files: &[WebFile], period: &Period) -> String {
    evaluate(files, &web_options(period), Progress::none())
        .unwrap()
        .report_json()
        .unwrap()
}

fn same(page: &str, command: &str, what: &str) -> Value {
    assert!(
        page == command,
        "{what}: the page's JSON report is not the command's\n--- page\n{page}\n--- command\n{command}"
    );
    serde_json::from_str(page).unwrap()
}

const MOODLE: Period = Period("2026-W10", "2026-W14", "2026-04-10");

/// Case `moodle-dedication-export`, stage 1 (the raw per-user report): the
/// page proposes the `moodle-dedication` preset, its preview says the
/// learner is missing; with the learner given in the mapping (what
/// `--set learner_id=l1` does) the report is the command's
/// (`--preset moodle-dedication --set learner_id=l1`).
#[test]
fn moodle_dedication_export_through_the_preset_is_the_commands() {
    let dir = case("moodle-dedication-export");
    let pledge = web_file(&dir, "pledge.json");
    let roster = web_file(&dir, "roster.csv");
    let sessions = web_file(&dir, "dedication-user-report.csv");
    assert_eq!(
        (pledge.role, roster.role, sessions.role),
        (Role::Pledge, Role::Roster, Role::Sessions)
    );
    let chosen = choose_mapping(&sessions.name, sessions.role, &sessions.bytes).unwrap();
    let moodle = presets()
        .into_iter()
        .find(|p| p.name == "moodle-dedication")
        .unwrap();
    assert_eq!(chosen, moodle.toml, "the preset is the page's choice");

    // As chosen: the preset, whose per-user report names no learner.
    let shown = preview(
        &sessions.clone().with_mapping(Some(chosen.clone())),
        Some(&pledge),
        10,
    )
    .unwrap();
    assert_eq!(
        (shown.reading, shown.preset),
        ("preset", Some("moodle-dedication"))
    );
    insta::assert_snapshot!(shown.problems.join("\n").replace(&dir.to_string_lossy().into_owned(), "DIR"), @"`DIR/dedication-user-report.csv` cannot be read through its mapping: the mapping gives no rule for `learner_id`: add one, or give a constant (`--set FIELD=VALUE`)");

    // Corrected in the page's editor: the learner as a constant.
    let edited = format!("{chosen}learner_id = {{ value = \"l1\" }}\n");
    let sessions = sessions.with_mapping(Some(edited));
    let shown = preview(&sessions, Some(&pledge), 10).unwrap();
    assert_eq!(shown.reading, "mapping");
    assert!(shown.problems.is_empty(), "{:?}", shown.problems);
    let rows: Vec<String> = shown
        .rows
        .iter()
        .map(|r| format!("{:?} {}", r.line, r.cells.join(" | ")))
        .collect();
    // Naive times in the pledge's zone (Europe/London): +01:00 after the
    // clock change of 29 March.
    insta::assert_snapshot!(rows.join("\n"), @r"
    Some(2) row-413fb420674c8069 | l1 | 2026-03-03T10:15:00+00:00 | 65 | e_learning
    Some(3) row-56d84974592f2157 | l1 | 2026-03-04T09:02:00+00:00 | 45.17 | e_learning
    Some(4) row-3731ae5abff64b17 | l1 | 2026-03-30T08:40:00+01:00 | 25 | e_learning
    ");

    let mut mappings = Mappings::default();
    mappings
        .add(
            preset("moodle-dedication")
                .unwrap()
                .with_constant("learner_id", "l1")
                .unwrap(),
        )
        .unwrap();
    let command = command_report(
        &dir,
        "pledge.json",
        "roster.csv",
        &["dedication-user-report.csv"],
        mappings,
        &MOODLE,
    );
    let page = page_report(&[pledge, roster, sessions], &MOODLE);
    let report = same(&page, &command, "moodle stage 1");
    assert_eq!(report["verdict"], "not_met");
    assert_eq!(report["ledger"]["fates"]["credited"], 3);
}

/// Case `moodle-dedication-export`, stage 2 (renamed columns, Moodle's
/// dates and durations): the header is the canonical one (`duration` is a
/// canonical column), so the page reads it as it is, and its preview shows
/// every row rejected, located (S005, S010); given the case's mapping
/// file, the report is the command's (`--mapping stage2.toml`).
#[test]
fn moodle_stage_two_through_a_mapping_is_the_commands() {
    let dir = case("moodle-dedication-export");
    let sessions = web_file(&dir, "stage2-renamed.csv");
    assert_eq!(
        choose_mapping(&sessions.name, sessions.role, &sessions.bytes),
        None
    );
    let shown = preview(&sessions, None, 10).unwrap();
    assert_eq!(shown.reading, "canonical");
    let codes: Vec<String> = shown
        .rows
        .iter()
        .map(|r| {
            assert!(r.cells.is_empty(), "{r:?}");
            r.problems
                .iter()
                .map(|p| {
                    p.split('[')
                        .nth(1)
                        .unwrap_or_default()
                        .get(..4)
                        .unwrap_or_default()
                        .to_string()
                })
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    assert_eq!(codes, ["S005 S010", "S005 S010", "S005 S010"]);
    let text = std::fs::read_to_string(dir.join("stage2.toml")).unwrap();
    let mut mappings = Mappings::default();
    mappings
        .add(Mapping::from_toml_str(&text).unwrap())
        .unwrap();
    let command = command_report(
        &dir,
        "pledge.json",
        "roster.csv",
        &["stage2-renamed.csv"],
        mappings,
        &MOODLE,
    );
    let files = [
        web_file(&dir, "pledge.json"),
        web_file(&dir, "roster.csv"),
        sessions.with_mapping(Some(text)),
    ];
    let report = same(&page_report(&files, &MOODLE), &command, "moodle stage 2");
    assert_eq!(report["ledger"]["fates"]["credited"], 3);
}

/// Case `excel-de-csv`: each file that went through Excel or a Windows
/// tool is read as it is (its dialect detected, no mapping proposed), and
/// the report is the command's (`upskill evaluate . --sessions FILE`).
#[test]
fn excel_and_windows_csv_are_the_commands() {
    let dir = case("excel-de-csv");
    let period = Period("2026-W10", "2026-W10", "2026-03-10");
    for (name, credited) in [
        ("sessions-utf8.csv", 2),
        ("sessions-excel-de.csv", 1),
        ("sessions-sep-line.csv", 1),
        ("sessions-utf16.csv", 1),
        // `22,5` in a comma file: rejected (S010), as the command does
        // without `--decimal-comma true`.
        ("sessions-decimal-comma.csv", 1),
    ] {
        let sessions = web_file(&dir, name);
        assert_eq!(sessions.role, Role::Sessions, "{name}");
        assert_eq!(
            choose_mapping(name, sessions.role, &sessions.bytes),
            None,
            "{name}"
        );
        let shown = preview(&sessions, None, 10).unwrap();
        assert_eq!(shown.reading, "canonical");
        assert_eq!(
            shown.rows.iter().filter(|r| !r.cells.is_empty()).count(),
            credited,
            "{name}: {shown:?}"
        );
        let command = command_report(
            &dir,
            "pledge.json",
            "roster.csv",
            &[name],
            Mappings::default(),
            &period,
        );
        let files = [
            web_file(&dir, "pledge.json"),
            web_file(&dir, "roster.csv"),
            sessions,
        ];
        let report = same(&page_report(&files, &period), &command, name);
        assert_eq!(report["ledger"]["fates"]["credited"], credited, "{name}");
    }
}

/// Case `workday-40h-fulltime`: w1 works 20 of 40 hours and is met by 30
/// minutes under either pro-rata mode; FTE written as a percentage reads
/// canonically but every row is refused in the preview (R006), and through
/// the case's roster mapping the report is the command's (`--roster
/// roster-pct.csv --mapping roster-pct.toml`).
#[test]
fn workday_40h_full_time_is_the_commands() {
    let dir = case("workday-40h-fulltime");
    let period = Period("2026-W10", "2026-W10", "2026-03-10");
    let w1 = |report: &Value| {
        let learner = report["learners"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["learner_id"] == "w1")
            .unwrap()
            .clone();
        (
            learner["weeks"][0]["status"].clone(),
            learner["weeks"][0]["required_minutes"].clone(),
        )
    };
    for pledge in ["pledge.json", "pledge-contracted-hours.json"] {
        let command = command_report(
            &dir,
            pledge,
            "roster.csv",
            &["sessions.csv"],
            Mappings::default(),
            &period,
        );
        let files = [
            web_file(&dir, pledge),
            web_file(&dir, "roster.csv"),
            web_file(&dir, "sessions.csv"),
        ];
        let report = same(&page_report(&files, &period), &command, pledge);
        assert_eq!(w1(&report), ("met".into(), 30.into()), "{pledge}");
    }
    let roster = web_file(&dir, "roster-pct.csv");
    assert_eq!(roster.role, Role::Roster);
    assert_eq!(
        choose_mapping(&roster.name, roster.role, &roster.bytes),
        None
    );
    let shown = preview(&roster, None, 10).unwrap();
    assert_eq!(
        shown.columns,
        [
            "learner_id",
            "start_date",
            "end_date",
            "fte",
            "contracted_hours",
            "team"
        ]
    );
    assert!(
        shown
            .rows
            .iter()
            .all(|r| r.cells.is_empty() && r.problems.iter().any(|p| p.contains("R006"))),
        "{shown:?}"
    );
    let text = std::fs::read_to_string(dir.join("roster-pct.toml")).unwrap();
    let roster = roster.with_mapping(Some(text.clone()));
    let shown = preview(&roster, None, 10).unwrap();
    let rows: Vec<String> = shown.rows.iter().map(|r| r.cells.join(",")).collect();
    assert_eq!(rows, ["w1,2020-01-01,,0.5,,Ops", "w2,2020-01-01,,1,,Ops"]);
    let mut mappings = Mappings::default();
    mappings
        .add(Mapping::from_toml_str(&text).unwrap())
        .unwrap();
    let command = command_report(
        &dir,
        "pledge.json",
        "roster-pct.csv",
        &["sessions.csv"],
        mappings,
        &period,
    );
    let files = [
        web_file(&dir, "pledge.json"),
        roster,
        web_file(&dir, "sessions.csv"),
    ];
    let report = same(&page_report(&files, &period), &command, "roster-pct");
    assert_eq!(w1(&report), ("met".into(), 30.into()));
}

/// Case `record-id-reused-across-learners`: the reused id is a duplicate
/// in the page's ledger as in the command's.
#[test]
fn record_id_reused_across_learners_is_the_commands() {
    let dir = case("record-id-reused-across-learners");
    let period = Period("2026-W10", "2026-W10", "2026-03-10");
    let command = command_report(
        &dir,
        "pledge.json",
        "roster.csv",
        &["sessions.csv"],
        Mappings::default(),
        &period,
    );
    let files = [
        web_file(&dir, "pledge.json"),
        web_file(&dir, "roster.csv"),
        web_file(&dir, "sessions.csv"),
    ];
    let report = same(&page_report(&files, &period), &command, "record ids");
    assert_eq!(report["ledger"]["fates"]["duplicate"], 1);
    assert_eq!(report["ledger"]["detail"]["ids_reused_across_learners"], 1);
}

/// The page's mapping rules: every file of a role through one mapping, a
/// mapping of the role's kind, none on a pledge.
#[test]
fn mappings_are_checked_against_roles() {
    let dir = case("moodle-dedication-export");
    let period = MOODLE;
    let moodle = preset("moodle-dedication").unwrap();
    let text = format!(
        "{}learner_id = {{ value = \"l1\" }}\n",
        presets()
            .into_iter()
            .find(|p| p.name == "moodle-dedication")
            .unwrap()
            .toml
    );
    assert_eq!(moodle.kind.name(), "sessions");
    let base = || vec![web_file(&dir, "pledge.json"), web_file(&dir, "roster.csv")];
    let strip = |e: String| e.replace(&dir.to_string_lossy().into_owned(), "DIR");

    let mut files = base();
    files.push(web_file(&dir, "dedication-user-report.csv").with_mapping(Some(text.clone())));
    files.push(web_file(&dir, "stage3-iso-naive.csv"));
    let e = evaluate(&files, &web_options(&period), Progress::none()).unwrap_err();
    insta::assert_snapshot!(strip(e.to_string()), @"`DIR/dedication-user-report.csv` and `DIR/stage3-iso-naive.csv` are both sessions files but are read differently: give them the same mapping (or both none)");

    let mut files = base();
    files[1] = files[1].clone().with_mapping(Some(text.clone()));
    files.push(web_file(&dir, "stage3-iso-naive.csv"));
    let e = evaluate(&files, &web_options(&period), Progress::none()).unwrap_err();
    insta::assert_snapshot!(strip(e.to_string()), @"the mapping of `DIR/roster.csv` reads sessions, but the file is the roster: choose a roster mapping or change the role");

    let mut files = base();
    files[0] = files[0].clone().with_mapping(Some(text));
    files.push(web_file(&dir, "stage3-iso-naive.csv"));
    let e = evaluate(&files, &web_options(&period), Progress::none()).unwrap_err();
    insta::assert_snapshot!(strip(e.to_string()), @"`DIR/pledge.json` is the pledge, which no mapping reads: remove its mapping");

    let mut files = base();
    files.push(
        web_file(&dir, "stage3-iso-naive.csv").with_mapping(Some("kind = \"sessions\"".into())),
    );
    let e = evaluate(&files, &web_options(&period), Progress::none()).unwrap_err();
    assert!(
        strip(e.to_string())
            .starts_with("the mapping of `DIR/stage3-iso-naive.csv` cannot be used: "),
        "{e}"
    );
}

/// The presets the page lists are the library's (`upskill map list`),
/// each with its kind.
#[test]
fn presets_are_the_librarys() {
    let listed: Vec<String> = presets()
        .iter()
        .map(|p| format!("{} {}", p.kind, p.name))
        .collect();
    let library: Vec<&str> = upskill::io::mapping::presets()
        .iter()
        .map(|p| p.name)
        .collect();
    assert_eq!(listed.len(), library.len());
    insta::assert_snapshot!(listed.join("\n"), @r"
    sessions cornerstone-transcript
    sessions docebo-users-courses
    sessions linkedin-learning-learner-detail
    sessions moodle-dedication
    sessions totara-record-of-learning
    sessions workday-learning-record
    roster workday-worker-roster
    ");
}
