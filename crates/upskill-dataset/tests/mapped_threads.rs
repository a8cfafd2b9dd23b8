//! Mapped session files read in chunks on several threads, like canonical
//! ones (issue 16: the mapped CSV path within 20 % of the canonical one):
//! the report is byte-identical on 1, 2 and 8 threads, for the presets'
//! fixtures, the mapped and dialect field cases, and generated data with
//! bad rows, warnings and quoted newlines (the same ledger, the same
//! diagnostics in the same order).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a panic is a failed run, not a crash a user sees"
)]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use upskill_dataset::{AsOf, DatasetFiles, EvaluateOptions, Source, evaluate};
use upskill_mapping::{MappedKind, Mapping, preset, presets};

#[path = "support/foreign.rs"]
mod foreign;

/// A copy of a field case in the CLI's tests, with its pledge and roster.
fn cli_case(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../upskill-cli/tests/cases")
        .join(name)
}

/// Everything an evaluation reports, in order: the assessment (ledger and
/// rejections included), the readers' warnings, the data warnings, the
/// audit rows; or the error.
fn report(files: &DatasetFiles, options: &EvaluateOptions) -> String {
    let evaluation = match evaluate(files, options) {
        Ok(evaluation) => evaluation,
        Err(error) => return format!("error: {error}"),
    };
    let mut out = serde_json::to_string_pretty(&evaluation.assessment).unwrap();
    for w in &evaluation.warnings {
        write!(out, "\n{w}").unwrap();
    }
    write!(out, "\nnot listed {}", evaluation.warnings_not_listed).unwrap();
    for w in &evaluation.data_warnings {
        write!(out, "\n{}", serde_json::to_string(w).unwrap()).unwrap();
    }
    for row in &evaluation.audit {
        write!(out, "\n{row:?}").unwrap();
    }
    out
}

fn options(threads: usize, from: &str, to: &str, as_of: &str) -> EvaluateOptions {
    let mut options = EvaluateOptions {
        from: Some(from.into()),
        to: Some(to.into()),
        as_of: AsOf::parse(as_of).unwrap(),
        threads,
        // Cut even the smallest fixture into as many chunks as it has lines.
        min_split_bytes: Some(1),
        ..EvaluateOptions::default()
    };
    options.engine.audit = true;
    options
}

/// The reports of `files` on 1, 2 and 8 threads are the same.
fn same_on_every_thread_count(
    what: &str,
    files: &DatasetFiles,
    mapping: Option<&Mapping>,
    period: (&str, &str, &str),
) -> String {
    let reports: Vec<String> = [1, 2, 8]
        .into_iter()
        .map(|threads| {
            let mut options = options(threads, period.0, period.1, period.2);
            if let Some(mapping) = mapping {
                options.mappings.add(mapping.clone()).unwrap();
            }
            report(files, &options)
        })
        .collect();
    for (threads, other) in [2, 8].into_iter().zip(&reports[1..]) {
        if other != &reports[0] {
            let line = other
                .lines()
                .zip(reports[0].lines())
                .position(|(a, b)| a != b)
                .unwrap_or(0);
            panic!(
                "{what}: {threads} threads differ from one from line {line}: {:?} against {:?}",
                other.lines().nth(line),
                reports[0].lines().nth(line)
            );
        }
    }
    reports.into_iter().next().unwrap()
}

#[test]
fn every_session_presets_fixture_reports_the_same_on_1_2_and_8_threads() {
    let case = cli_case("moodle-dedication-export");
    let fixtures =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../upskill-mapping/tests/data/presets");
    let mut read = 0;
    for p in presets() {
        let mapping = p.mapping().unwrap();
        if mapping.kind != MappedKind::Sessions {
            continue;
        }
        let mapping = if mapping.fields.contains_key("learner_id") {
            mapping
        } else {
            mapping.with_constant("learner_id", "l1").unwrap()
        };
        let files = DatasetFiles::new(
            Source::path(case.join("pledge.json")),
            Source::path(case.join("roster.csv")),
            vec![Source::path(fixtures.join(format!("{}.csv", p.name)))],
        );
        let out = same_on_every_thread_count(
            p.name,
            &files,
            Some(&mapping),
            ("2026-W10", "2026-W14", "2026-04-10"),
        );
        assert!(out.contains("\"records_read\": "), "{}: {out}", p.name);
        read += 1;
    }
    assert!(read >= 6, "{read} session presets");
}

#[test]
fn the_mapped_and_dialect_field_cases_report_the_same_on_1_2_and_8_threads() {
    let moodle = cli_case("moodle-dedication-export");
    let files = |dir: &Path, sessions: &str| {
        DatasetFiles::new(
            Source::path(dir.join("pledge.json")),
            Source::path(dir.join("roster.csv")),
            vec![Source::path(dir.join(sessions))],
        )
    };
    let period = ("2026-W10", "2026-W14", "2026-04-10");
    let stage1 = preset("moodle-dedication")
        .unwrap()
        .with_constant("learner_id", "l1")
        .unwrap();
    let one = same_on_every_thread_count(
        "stage 1",
        &files(&moodle, "dedication-user-report.csv"),
        Some(&stage1),
        period,
    );
    assert!(one.contains("\"credited\": 3"), "{one}");
    let stage2 =
        Mapping::from_toml_str(&std::fs::read_to_string(moodle.join("stage2.toml")).unwrap())
            .unwrap();
    let two = same_on_every_thread_count(
        "stage 2",
        &files(&moodle, "stage2-renamed.csv"),
        Some(&stage2),
        period,
    );
    assert!(two.contains("\"credited\": 3"), "{two}");
    let excel = cli_case("excel-de-csv");
    for name in [
        "sessions-utf8.csv",
        "sessions-decimal-comma.csv",
        "sessions-excel-de.csv",
        "sessions-sep-line.csv",
        "sessions-utf16.csv",
    ] {
        let out = same_on_every_thread_count(
            name,
            &files(&excel, name),
            None,
            ("2026-W10", "2026-W10", "2026-03-10"),
        );
        assert!(out.contains("\"records_read\": "), "{name}: {out}");
    }
}

/// About 10^4 generated sessions (bad, repeated, overlapping and
/// unknown-learner records among them) in the foreign layout, with rows
/// the mapping rejects (a duration that is none, a start in the spring
/// gap), rows it reads with a warning (a start in the autumn overlap), and
/// titles over two lines (a chunk may be cut inside one: the file is then
/// read again in one piece). Read in one piece (1 thread), and in 2 and 8
/// chunks, the report is the same; `;`-separated (with decimal commas) and
/// in UTF-16 too.
#[test]
fn generated_mapped_data_with_bad_rows_reports_the_same_on_1_2_and_8_threads() {
    let base = std::env::temp_dir().join(format!("upskill-mapped-threads-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&base);
    let generated = base.join("g");
    upskill_generate::generate(&upskill_generate::GenerateOptions {
        learners: 200,
        weeks: 52,
        seed: 11,
        ..Default::default()
    })
    .unwrap()
    .write_to_with(&generated, |_, _| {})
    .unwrap();
    let rows = foreign::rewrite(
        &generated.join("sessions.csv"),
        chrono_tz::Europe::London,
        None,
        &base.join("foreign.csv"),
        true,
    );
    assert!(rows > 5_000, "{rows} rows");
    // The same rows `;`-separated, with decimal commas where a field has a
    // `,` (the mapping's `H:MM:SS` and date-times have none).
    let text = std::fs::read_to_string(base.join("foreign.csv")).unwrap();
    let semi = text.replace(',', ";");
    // And that in UTF-16 LE with a byte-order mark (transcoded to a UTF-8
    // copy, which is cut).
    let mut utf16 = vec![0xFF, 0xFE];
    for unit in semi.encode_utf16() {
        utf16.extend_from_slice(&unit.to_le_bytes());
    }
    std::fs::write(base.join("semicolon.csv"), semi).unwrap();
    std::fs::write(base.join("utf16.csv"), utf16).unwrap();
    let pledge = generated.join("pledge.json");
    let zone = serde_json::from_slice::<serde_json::Value>(&std::fs::read(&pledge).unwrap())
        .unwrap()["time_zone"]
        .clone();
    assert_eq!(zone, "Europe/London");
    let period = ("2026-W10", "2027-W08", "2027-03-01T09:00:00+00:00");
    let mapping = foreign::mapping();
    for name in ["foreign.csv", "semicolon.csv", "utf16.csv"] {
        let files = DatasetFiles::new(
            Source::path(&pledge),
            Source::path(generated.join("roster.csv")),
            vec![Source::path(base.join(name))],
        );
        let out = same_on_every_thread_count(name, &files, Some(&mapping), period);
        for code in ["I003", "S016", "S017", "\"duplicate\""] {
            assert!(out.contains(code), "{name}: no {code}");
        }
    }
    let _ = std::fs::remove_dir_all(&base);
}
