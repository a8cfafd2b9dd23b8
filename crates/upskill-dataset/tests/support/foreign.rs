//! Generated sessions rewritten into a foreign layout and its mapping, for
//! the tests of mapped reading (`mapped.rs`, `mapped_threads.rs`).

use std::fmt::Write as _;
use std::path::Path;

use chrono::{DateTime, TimeZone};
use upskill_mapping::Mapping;
use upskill_session::ActivityKind;

/// An activity kind's display name in the foreign layout (`E LEARNING`).
fn display(kind: &str) -> String {
    kind.replace('_', " ").to_uppercase()
}

/// Rewrites a generated `sessions.csv` (`input`: offsets, start and end)
/// into the foreign layout at `foreign` (renamed columns, `%d/%m/%Y
/// %H:%M:%S` wall-clock times in `zone`, `H:MM:SS` durations, upper-case
/// ids, display names for the kinds) and, when given, into the canonical
/// layout at `canonical` (naive local start times, ISO 8601 durations).
/// With `troubles`, some rows get a title over two lines, a start in the
/// autumn overlap or the spring gap of 2026 in London, or a duration that
/// is not one; a row whose times do not parse is written as it is. Returns
/// the number of rows.
pub fn rewrite(
    input: &Path,
    zone: chrono_tz::Tz,
    canonical: Option<&Path>,
    foreign: &Path,
    troubles: bool,
) -> usize {
    let mut input = csv::Reader::from_path(input).unwrap();
    let mut c = canonical.map(|path| csv::Writer::from_path(path).unwrap());
    let mut f = csv::Writer::from_path(foreign).unwrap();
    if let Some(c) = &mut c {
        c.write_record([
            "record_id",
            "learner_id",
            "start",
            "duration",
            "activity",
            "title",
            "source",
            "skill_areas",
            "self_reported",
        ])
        .unwrap();
    }
    f.write_record([
        "ID",
        "Employee",
        "Started",
        "Time spent",
        "Type",
        "Course",
        "Source",
        "Skills",
        "Self-reported",
    ])
    .unwrap();
    let mut rows = 0usize;
    for record in input.records() {
        let r = record.unwrap();
        let times = DateTime::parse_from_rfc3339(&r[2])
            .ok()
            .zip(DateTime::parse_from_rfc3339(&r[3]).ok());
        let (local, seconds) = match times {
            Some((start, end)) => (
                Some(zone.from_utc_datetime(&start.naive_utc()).naive_local()),
                (end - start).num_seconds(),
            ),
            None => (None, 1800),
        };
        let trouble = |every: usize| troubles && rows.is_multiple_of(every);
        let title = if trouble(97) {
            format!("{}\nsecond line", &r[5])
        } else {
            r[5].to_string()
        };
        let (started, iso) = match local {
            _ if trouble(101) => (
                "25/10/2026 01:30:00".to_string(),
                "2026-10-25T01:30:00".to_string(),
            ),
            _ if trouble(103) => (
                "29/03/2026 01:30:00".to_string(),
                "2026-03-29T01:30:00".to_string(),
            ),
            Some(local) => (
                local.format("%d/%m/%Y %H:%M:%S").to_string(),
                local.format("%Y-%m-%dT%H:%M:%S").to_string(),
            ),
            None => (r[2].to_string(), r[2].to_string()),
        };
        let spent = if trouble(89) {
            "soon".to_string()
        } else {
            format!(
                "{}:{:02}:{:02}",
                seconds / 3600,
                seconds / 60 % 60,
                seconds % 60
            )
        };
        if let Some(c) = &mut c {
            c.write_record([
                &r[0],
                &r[1],
                &iso,
                &format!("PT{seconds}S"),
                &r[4],
                &title,
                &r[6],
                &r[7],
                &r[8],
            ])
            .unwrap();
        }
        f.write_record([
            &r[0],
            &r[1].to_uppercase(),
            &started,
            &spent,
            &display(&r[4]),
            &title,
            &r[6],
            &r[7],
            &r[8],
        ])
        .unwrap();
        rows += 1;
    }
    if let Some(c) = &mut c {
        c.flush().unwrap();
    }
    f.flush().unwrap();
    rows
}

/// The mapping that reads the foreign layout of [`rewrite`] (its times in
/// the pledge's zone).
pub fn mapping() -> Mapping {
    let mut map = String::new();
    for kind in ActivityKind::ALL {
        write!(map, "\"{}\" = \"{}\", ", display(kind.name()), kind.name()).unwrap();
    }
    Mapping::from_toml_str(&format!(
        r#"
        schema_version = 1
        kind = "sessions"
        time_zone = "pledge"
        [fields]
        record_id = "ID"
        learner_id = {{ column = "Employee", case = "lower" }}
        start = {{ column = "Started", datetime = "%d/%m/%Y %H:%M:%S" }}
        duration = {{ column = "Time spent", duration = "hms" }}
        activity = {{ column = "Type", map = {{ {} }} }}
        title = "Course"
        source = "Source"
        skill_areas = "Skills"
        self_reported = "Self-reported"
        "#,
        map.trim_end_matches(", ")
    ))
    .unwrap()
}
