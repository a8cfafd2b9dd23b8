//! Foreign inputs through the pipeline (issue 11): mappings by kind, the
//! zone of naive local times (`pledge`), CSV dialect overrides, and the
//! parallel reader on files in another dialect.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a panic is a failed run, not a crash a user sees"
)]

use upskill_dataset::{
    AsOf, DatasetError, DatasetFiles, EvaluateOptions, LocalTimeZone, Mappings, Source, evaluate,
};
use upskill_mapping::{Mapping, preset};

#[path = "support/foreign.rs"]
mod foreign;

const PLEDGE: &str = r#"{"schema_version": 1, "organisation": {"id": "acme-uk", "name": "Acme UK"}, "time_zone": "Europe/London", "minutes_per_week": 60, "pro_rata": "fte", "target": {"learner_week_rate": 0.8}}"#;
const ROSTER: &str =
    "learner_id,start_date,end_date,fte,contracted_hours,team\nl1,2020-01-01,,1,,Ops\n";

fn files(roster: &str, sessions: Vec<Source>) -> DatasetFiles {
    DatasetFiles::new(
        Source::memory("pledge.json", PLEDGE.as_bytes().to_vec()),
        Source::memory("roster.csv", roster.as_bytes().to_vec()),
        sessions,
    )
}

fn options() -> EvaluateOptions {
    EvaluateOptions {
        from: Some("2026-W10".into()),
        to: Some("2026-W14".into()),
        as_of: AsOf::parse("2026-04-10").unwrap(),
        threads: 1,
        ..EvaluateOptions::default()
    }
}

/// Credited minutes by week, and the ledger's fates, of an evaluation.
fn summary(options: &EvaluateOptions, files: &DatasetFiles) -> String {
    let evaluation = evaluate(files, options).unwrap();
    let a = &evaluation.assessment;
    let weeks: Vec<String> = a
        .weekly
        .iter()
        .map(|w| format!("{}:{}", w.week, w.credited_minutes))
        .collect();
    format!(
        "{} read {} credited {} rejected {} | {}",
        serde_json::to_value(a.verdict).unwrap(),
        a.ledger.records_read,
        a.ledger.fates.credited,
        a.ledger.fates.rejected,
        weeks.join(" ")
    )
}

const REPORT: &str = "Session start,Session duration\n\"03 March 2026, 10:15 AM\",1 hour 5 mins\n\"04 March 2026, 09:02 AM\",45 mins 10 secs\n\"30 March 2026, 08:40 AM\",25 mins\nnot a date,25 mins\n";

#[test]
fn a_sessions_preset_reads_every_session_input_and_each_row_has_a_fate() {
    let mut options = options();
    let mut mappings = Mappings::default();
    mappings
        .add(
            preset("moodle-dedication")
                .unwrap()
                .with_constant("learner_id", "l1")
                .unwrap(),
        )
        .unwrap();
    options.mappings = mappings;
    let files = files(
        ROSTER,
        vec![Source::memory("report.csv", REPORT.as_bytes().to_vec())],
    );
    let text = summary(&options, &files);
    // Four rows: three credited, the bad date rejected into the ledger.
    assert!(text.contains("read 4 credited 3 rejected 1"), "{text}");
    assert!(text.starts_with("\"not_met\""), "{text}");
    assert!(text.contains("2026-W10:110"), "{text}");
    assert!(text.contains("2026-W14:25"), "{text}");
    // Without a period, the first pass reads through the mapping too.
    options.from = None;
    options.to = None;
    let evaluation = evaluate(&files, &options).unwrap();
    assert_eq!(
        evaluation.assessment.period.first_week.to_string(),
        "2026-W10"
    );
    assert_eq!(
        evaluation.assessment.period.last_week.to_string(),
        "2026-W14"
    );
    // The run records the mapping, so a rerun reads the same way.
    assert_eq!(evaluation.run.mappings.len(), 1);
    let mut again = EvaluateOptions::default();
    evaluation.run.reading(&mut again).unwrap();
    assert_eq!(
        again.mappings.sessions.as_ref().map(|m| m.kind),
        options.mappings.sessions.as_ref().map(|m| m.kind)
    );
}

#[test]
fn a_mapping_naming_a_missing_column_stops_the_run_naming_it() {
    let mut options = options();
    options
        .mappings
        .add(preset("docebo-users-courses").unwrap())
        .unwrap();
    let error = evaluate(
        &files(
            ROSTER,
            vec![Source::memory("report.csv", REPORT.as_bytes().to_vec())],
        ),
        &options,
    )
    .unwrap_err();
    assert!(matches!(error, DatasetError::Mapping { .. }));
    assert!(
        error.to_string().contains("which the header does not have"),
        "{error}"
    );
}

#[test]
fn a_roster_mapping_reads_fte_as_a_percentage() {
    let mapping = Mapping::from_toml_str(
        r#"
        schema_version = 1
        kind = "roster"
        [fields]
        learner_id = "Employee"
        fte = { column = "FTE %", percent = true }
        "#,
    )
    .unwrap();
    let mut options = options();
    options.mappings.add(mapping).unwrap();
    let sessions = "record_id,learner_id,start,duration_minutes,activity\nr1,l1,2026-03-03T10:00:00Z,30,course\n";
    let evaluation = evaluate(
        &files(
            "Employee,FTE %\nl1,50\n",
            vec![Source::memory("sessions.csv", sessions.as_bytes().to_vec())],
        ),
        &options,
    )
    .unwrap();
    // Half time: 30 of 60 minutes owed, so W10 is met.
    let w10 = &evaluation.assessment.weekly[0];
    assert_eq!((w10.met, w10.credited_minutes), (1, 30));
    // A bad roster row stops the run, as in a canonical roster.
    let error = evaluate(
        &files(
            "Employee,FTE %\nl1,fifty\n",
            vec![Source::memory("sessions.csv", sessions.as_bytes().to_vec())],
        ),
        &options,
    )
    .unwrap_err();
    assert!(matches!(error, DatasetError::Unusable { .. }), "{error}");
}

#[test]
fn naive_times_are_read_in_the_pledge_zone_when_asked() {
    let sessions = "record_id,learner_id,start,duration_minutes,activity\nm1,l1,2026-03-03T10:15:00,65,e_learning\nm3,l1,2026-03-29T01:30:00,25,e_learning\n";
    let files = files(
        ROSTER,
        vec![Source::memory("sessions.csv", sessions.as_bytes().to_vec())],
    );
    let mut options = options();
    // Without a zone, both rows are rejected (S006).
    assert!(summary(&options, &files).contains("credited 0 rejected 2"));
    // In the pledge's zone (Europe/London), the first is read; the second
    // is in the spring gap of 29 March 2026 and is rejected with its code.
    options.local_time_zone = Some(LocalTimeZone::Pledge);
    let evaluation = evaluate(&files, &options).unwrap();
    let ledger = &evaluation.assessment.ledger;
    assert_eq!((ledger.fates.credited, ledger.fates.rejected), (1, 1));
    assert_eq!(ledger.rejections[0].code, "S016");
    assert_eq!(evaluation.run.local_time_zone.as_deref(), Some("pledge"));
}

#[test]
fn dialect_overrides_apply_and_guesses_are_report_warnings() {
    let semi = "record_id;learner_id;start;duration_minutes;activity\nr1;l1;2026-03-03T10:00:00Z;22,5;course\n";
    let files = files(
        ROSTER,
        vec![Source::memory("sessions.csv", semi.as_bytes().to_vec())],
    );
    let evaluation = evaluate(&files, &options()).unwrap();
    let codes: Vec<&str> = evaluation
        .data_warnings
        .iter()
        .map(|w| w.code.as_str())
        .filter(|c| c.starts_with('F'))
        .collect();
    assert_eq!(codes, ["F017", "F018"], "each guess once");
    assert_eq!(evaluation.assessment.metrics.credited_minutes, 22);
    // Told the decimal mark is `.`: `22,5` is no number, the row is rejected.
    let mut options = options();
    options.decimal_comma = Some(false);
    let evaluation = evaluate(&files, &options).unwrap();
    assert_eq!(evaluation.assessment.ledger.fates.rejected, 1);
    let codes: Vec<&str> = evaluation
        .data_warnings
        .iter()
        .map(|w| w.code.as_str())
        .filter(|c| c.starts_with('F'))
        .collect();
    assert_eq!(codes, ["F017"], "no decimal-comma guess when it is given");
    assert_eq!(evaluation.run.decimal_comma, Some(false));
}

/// A session file of `rows` records, UTF-8 with CRLF line ends.
fn big_csv(rows: usize) -> String {
    let mut t = String::from("record_id,learner_id,start,duration_minutes,activity\r\n");
    for i in 0..rows {
        t.push_str(&format!(
            "r{i},l1,2026-03-{:02}T{:02}:{:02}:00+00:00,{},course\r\n",
            i % 5 + 2,
            8 + i % 8,
            i % 60,
            1 + i % 7
        ));
    }
    t
}

#[test]
fn files_in_another_dialect_read_on_two_threads_give_the_utf8_verdict() {
    let dir = std::env::temp_dir().join(format!("upskill-dataset-mapped-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let text = big_csv(6_000);
    let mut utf16 = vec![0xFF, 0xFE];
    for unit in text.encode_utf16() {
        utf16.extend_from_slice(&unit.to_le_bytes());
    }
    let written = [
        ("utf8.csv", text.as_bytes().to_vec()),
        ("utf16.csv", utf16),
        ("sep.csv", format!("sep=,\r\n{text}").into_bytes()),
        ("semi.csv", text.replace(',', ";").into_bytes()),
    ];
    let mut options = options();
    options.threads = 2;
    let mut summaries = Vec::new();
    for (name, bytes) in &written {
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        assert!(bytes.len() > 128 * 1024, "large enough to be cut");
        summaries.push(summary(&options, &files(ROSTER, vec![Source::path(path)])));
    }
    let _ = std::fs::remove_dir_all(&dir);
    assert!(summaries[0].contains("read 6000"), "{}", summaries[0]);
    for s in &summaries[1..] {
        assert_eq!(s, &summaries[0]);
    }
}

#[test]
fn time_totals_are_read_canonical_or_mapped_and_each_has_a_fate() {
    let sessions = "record_id,learner_id,start,duration_minutes,activity\ns1,l1,2026-03-03T10:00:00Z,45,course\n";
    // W10: 45 session minutes, a 60-minute day total: 60 (the larger).
    // W11: a week total of 30 only. One total outside the period, one bad.
    let totals = "record_id,learner_id,date,week,minutes,activity\nt1,l1,2026-03-03,,60,e_learning\nt2,l1,,2026-W11,30,course\nt3,l1,2026-01-05,,40,course\nt4,l1,,,40,course\n";
    let files = files(
        ROSTER,
        vec![Source::memory("sessions.csv", sessions.as_bytes().to_vec())],
    )
    .with_time_totals(vec![Source::memory(
        "time_totals.csv",
        totals.as_bytes().to_vec(),
    )]);
    let evaluation = evaluate(&files, &options()).unwrap();
    let a = &evaluation.assessment;
    assert_eq!(a.ledger.records_read, 5);
    let f = &a.ledger.fates;
    assert_eq!((f.credited, f.outside_period, f.rejected), (3, 1, 1));
    assert_eq!(a.ledger.rejections[0].code, "T006");
    assert_eq!(a.ledger.detail.time_totals, 2);
    assert_eq!(a.ledger.detail.totals_within_sessions_minutes, 45);
    let weeks: Vec<u64> = a.weekly.iter().map(|w| w.credited_minutes).collect();
    assert_eq!(weeks[..2], [60, 30]);

    // The same report in a foreign layout, through a time-totals mapping.
    let foreign = "User,Day,Time spent\nl1,03/03/2026,1 hour\nl1,10/03/2026,30 mins\n";
    let mut options = options();
    options
        .mappings
        .add(
            Mapping::from_toml_str(
                r#"
                schema_version = 1
                kind = "time_totals"
                [fields]
                learner_id = "User"
                date = { column = "Day", date = "%d/%m/%Y" }
                duration = { column = "Time spent", duration = "text" }
                activity = { value = "e_learning" }
                "#,
            )
            .unwrap(),
        )
        .unwrap();
    let files = files_only_totals(foreign);
    let evaluation = evaluate(&files, &options).unwrap();
    let a = &evaluation.assessment;
    assert_eq!(a.ledger.fates.credited, 2);
    let weeks: Vec<u64> = a.weekly.iter().map(|w| w.credited_minutes).collect();
    assert_eq!(weeks[..2], [60, 30]);
}

/// A dataset whose only learning records are time totals.
fn files_only_totals(totals: &str) -> DatasetFiles {
    files(ROSTER, Vec::new()).with_time_totals(vec![Source::memory(
        "report.csv",
        totals.as_bytes().to_vec(),
    )])
}

/// The same generated sessions (about 16,000, with repeated, overlapping
/// and unknown-learner records) written twice: in the canonical layout with
/// naive local start times (read with `local_time_zone = pledge`) and ISO
/// 8601 durations, and in
/// a foreign layout (renamed columns, `%d/%m/%Y %H:%M:%S` local times,
/// `H:MM:SS` durations, upper-case ids, display names for the activity
/// kinds) read through a mapping. Every mapped row gets the canonical
/// checks and codes and its ledger fate, so the assessment and the warnings
/// serialise byte-identically (the inputs differ, so their names and
/// digests are left out).
#[test]
fn a_mapped_foreign_layout_reports_byte_identically_to_the_canonical_layout() {
    use std::fmt::Write as _;

    let base =
        std::env::temp_dir().join(format!("upskill-mapped-identical-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&base);
    let (generated, canonical, foreign) = (base.join("g"), base.join("c"), base.join("f"));
    let options = upskill_generate::GenerateOptions {
        learners: 300,
        weeks: 52,
        seed: 7,
        bad_record_share: 0.0,
        ..Default::default()
    };
    upskill_generate::generate(&options)
        .unwrap()
        .write_to_with(&generated, |_, _| {})
        .unwrap();
    for dir in [&canonical, &foreign] {
        std::fs::create_dir_all(dir).unwrap();
        for entry in std::fs::read_dir(&generated).unwrap() {
            let path = entry.unwrap().path();
            if path.file_name().unwrap() != "sessions.csv" {
                std::fs::copy(&path, dir.join(path.file_name().unwrap())).unwrap();
            }
        }
    }
    let pledge: serde_json::Value =
        serde_json::from_slice(&std::fs::read(generated.join("pledge.json")).unwrap()).unwrap();
    let zone: chrono_tz::Tz = pledge["time_zone"].as_str().unwrap().parse().unwrap();
    let rows = foreign::rewrite(
        &generated.join("sessions.csv"),
        zone,
        Some(&canonical.join("sessions.csv")),
        &foreign.join("sessions.csv"),
        false,
    );
    assert!(rows > 10_000, "{rows} rows");
    let mapping = foreign::mapping();

    let period = |options: &mut EvaluateOptions| {
        options.from = Some("2026-W10".into());
        options.to = Some("2027-W08".into());
        options.as_of = AsOf::parse("2027-03-01T09:00:00+00:00").unwrap();
        options.threads = 2;
    };
    let report = |dir: &std::path::Path, options: &EvaluateOptions| {
        let evaluation = evaluate(&DatasetFiles::open(dir).unwrap(), options).unwrap();
        let mut out = serde_json::to_string_pretty(&evaluation.assessment).unwrap();
        for w in &evaluation.warnings {
            write!(out, "\n{w}").unwrap();
        }
        out
    };
    let mut plain = EvaluateOptions::default();
    period(&mut plain);
    plain.local_time_zone = Some(LocalTimeZone::Pledge);
    let mut mapped = EvaluateOptions::default();
    period(&mut mapped);
    mapped.mappings.add(mapping).unwrap();

    let expected = report(&canonical, &plain);
    assert!(
        expected.contains("\"duplicate\""),
        "repeated records have their fate"
    );
    let got = report(&foreign, &mapped);
    if got != expected {
        let line = got
            .lines()
            .zip(expected.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(0);
        panic!(
            "the mapped report differs from line {line}: {:?} against {:?}",
            got.lines().nth(line),
            expected.lines().nth(line)
        );
    }
    let _ = std::fs::remove_dir_all(&base);
}
