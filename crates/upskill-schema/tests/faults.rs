//! A 1,000-record sessions CSV with exactly 50 seeded faults of varied kinds
//! at known places: the validator reports exactly those 50 problems (code,
//! line, column), and nothing else.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a panic is a failed test"
)]

use std::collections::BTreeSet;

use chrono::{DateTime, Duration, TimeZone, Utc};
use upskill_formats::{DocumentKind, Limits, ReadOptions};
use upskill_schema::{Input, ValidateOptions, validate};
use upskill_session::LearnerId;

const HEADER: &str =
    "record_id,learner_id,start,end,duration,duration_minutes,activity,title,self_reported";
const RECORDS: usize = 1000;
const MAX_LINE: usize = 4096;

#[derive(Clone, Copy, Debug)]
enum Fault {
    EndBeforeStart,
    NaiveStart,
    MalformedStart,
    UnknownActivity,
    ZeroMinutes,
    LongSession,
    StartsAfterAsOf,
    EndsAfterAsOf,
    DuplicateId,
    ConflictingId,
    DuplicateContent,
    UnknownLearner,
    BadIsoDuration,
    InexactDuration,
    OverMonth,
    TwoLengths,
    NoLength,
    EmptyLearner,
    BadFlag,
    ExtraField,
    TooLong,
    NotUtf8,
    BadMinutes,
    MissingActivity,
    InvalidDate,
}

use Fault::*;

const KINDS: [Fault; 25] = [
    EndBeforeStart,
    NaiveStart,
    MalformedStart,
    UnknownActivity,
    ZeroMinutes,
    LongSession,
    StartsAfterAsOf,
    EndsAfterAsOf,
    DuplicateId,
    ConflictingId,
    DuplicateContent,
    UnknownLearner,
    BadIsoDuration,
    InexactDuration,
    OverMonth,
    TwoLengths,
    NoLength,
    EmptyLearner,
    BadFlag,
    ExtraField,
    TooLong,
    NotUtf8,
    BadMinutes,
    MissingActivity,
    InvalidDate,
];

const ACTIVITIES: [&str; 5] = ["e_learning", "Webinar", "on the job", "reading", "course"];

fn as_of() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 31, 0, 0, 0).unwrap()
}

/// Cells of a good record `i` (already CSV text: quoting is part of the cell).
fn good(i: usize) -> Vec<Vec<u8>> {
    let base = Utc.with_ymd_and_hms(2026, 3, 2, 8, 0, 0).unwrap() + Duration::hours(i as i64);
    let offset = if i.is_multiple_of(3) { "+01:00" } else { "Z" };
    let start = if offset == "Z" {
        base.format("%Y-%m-%dT%H:%M:%SZ").to_string()
    } else {
        (base + Duration::hours(1))
            .format("%Y-%m-%dT%H:%M:%S+01:00")
            .to_string()
    };
    let minutes = 15 + (i % 8) as i64 * 15;
    let (end, duration, duration_minutes) = match i % 3 {
        0 => (
            (base + Duration::minutes(minutes))
                .format("%Y-%m-%dT%H:%M:%SZ")
                .to_string(),
            String::new(),
            String::new(),
        ),
        1 => (String::new(), format!("PT{minutes}M"), String::new()),
        _ => (String::new(), String::new(), format!("{minutes}")),
    };
    let title = if i.is_multiple_of(4) {
        format!("\"Module {i}, part \"\"{}\"\"\"", i % 7)
    } else {
        format!("Module {i}")
    };
    let flag = if i.is_multiple_of(5) { "yes" } else { "false" };
    [
        format!("r{i:04}"),
        format!("e{:03}", i % 50),
        start,
        end,
        duration,
        duration_minutes,
        ACTIVITIES[i % ACTIVITIES.len()].to_string(),
        title,
        flag.to_string(),
    ]
    .into_iter()
    .map(String::into_bytes)
    .collect()
}

/// Column (from 1, in characters) where cell `k` starts.
fn column(cells: &[Vec<u8>], k: usize) -> u64 {
    1 + cells[..k]
        .iter()
        .map(|c| String::from_utf8_lossy(c).chars().count() as u64 + 1)
        .sum::<u64>()
}

const RECORD_ID: usize = 0;
const LEARNER: usize = 1;
const START: usize = 2;
const END: usize = 3;
const DURATION: usize = 4;
const MINUTES: usize = 5;
const ACTIVITY: usize = 6;
const TITLE: usize = 7;
const FLAG: usize = 8;

fn set_length(cells: &mut [Vec<u8>], field: usize, value: &str) {
    for k in [END, DURATION, MINUTES] {
        cells[k] = Vec::new();
    }
    cells[field] = value.as_bytes().to_vec();
}

/// Applies `fault` to record `i`; returns the expected (code, column).
fn seed(
    fault: Fault,
    i: usize,
    cells: &mut Vec<Vec<u8>>,
    rows: &[Vec<Vec<u8>>],
) -> (&'static str, u64) {
    let start_of = |cells: &[Vec<u8>]| String::from_utf8(cells[START].clone()).unwrap();
    match fault {
        EndBeforeStart => {
            let start = DateTime::parse_from_rfc3339(&start_of(cells)).unwrap();
            set_length(cells, END, &(start - Duration::minutes(30)).to_rfc3339());
            ("S012", column(cells, END))
        }
        NaiveStart => {
            let start = start_of(cells);
            cells[START] = start.as_bytes()[..19].to_vec();
            ("S006", column(cells, START))
        }
        MalformedStart => {
            cells[START] = b"02/03/2026 09:00".to_vec();
            ("S005", column(cells, START))
        }
        InvalidDate => {
            cells[START] = b"2026-02-30T09:00:00Z".to_vec();
            set_length(cells, MINUTES, "30");
            ("S005", column(cells, START))
        }
        UnknownActivity => {
            cells[ACTIVITY] = b"napping".to_vec();
            ("S007", column(cells, ACTIVITY))
        }
        MissingActivity => {
            cells[ACTIVITY] = Vec::new();
            ("S001", column(cells, ACTIVITY))
        }
        ZeroMinutes => {
            set_length(cells, MINUTES, "0");
            ("S013", column(cells, MINUTES))
        }
        BadMinutes => {
            set_length(cells, MINUTES, "-20");
            ("S010", column(cells, MINUTES))
        }
        LongSession => {
            set_length(cells, DURATION, "PT13H");
            ("S020", column(cells, DURATION))
        }
        StartsAfterAsOf => {
            cells[START] = format!("2027-01-{:02}T09:00:00Z", 1 + i % 28).into_bytes();
            set_length(cells, DURATION, "PT30M");
            ("S021", column(cells, START))
        }
        EndsAfterAsOf => {
            cells[START] = format!("2026-12-30T23:{:02}:00Z", i % 60).into_bytes();
            set_length(cells, DURATION, "PT2H");
            ("S022", column(cells, DURATION))
        }
        DuplicateId => {
            // An exact copy of a good, earlier record.
            *cells = rows[i - 7].clone();
            ("S023", column(cells, RECORD_ID))
        }
        ConflictingId => {
            let id = rows[i - 5][RECORD_ID].clone();
            cells[LEARNER] = rows[i - 5][LEARNER].clone();
            cells[RECORD_ID] = id;
            ("S024", column(cells, RECORD_ID))
        }
        DuplicateContent => {
            let own_id = cells[RECORD_ID].clone();
            *cells = rows[i - 3].clone();
            cells[RECORD_ID] = own_id;
            ("S025", column(cells, RECORD_ID))
        }
        UnknownLearner => {
            cells[LEARNER] = b"x999".to_vec();
            ("S026", column(cells, LEARNER))
        }
        BadIsoDuration => {
            set_length(cells, DURATION, "45 minutes");
            ("S010", column(cells, DURATION))
        }
        InexactDuration => {
            set_length(cells, DURATION, "P1M");
            ("S011", column(cells, DURATION))
        }
        OverMonth => {
            set_length(cells, DURATION, "P40D");
            ("S014", column(cells, DURATION))
        }
        TwoLengths => {
            let start = DateTime::parse_from_rfc3339(&start_of(cells)).unwrap();
            set_length(cells, END, &(start + Duration::minutes(30)).to_rfc3339());
            cells[MINUTES] = b"30".to_vec();
            ("S009", column(cells, MINUTES))
        }
        NoLength => {
            for k in [END, DURATION, MINUTES] {
                cells[k] = Vec::new();
            }
            ("S008", 1)
        }
        EmptyLearner => {
            cells[LEARNER] = b"  ".to_vec();
            ("S001", column(cells, LEARNER))
        }
        BadFlag => {
            cells[FLAG] = b"maybe".to_vec();
            ("S015", column(cells, FLAG))
        }
        ExtraField => {
            cells.push(b"surplus".to_vec());
            ("F007", column(cells, 9))
        }
        TooLong => {
            cells[TITLE] = "x".repeat(MAX_LINE).into_bytes();
            ("F003", 1)
        }
        NotUtf8 => {
            cells[TITLE] = b"Caf\xE9 culture".to_vec();
            ("F002", column(cells, TITLE) + 3)
        }
    }
}

#[test]
fn fifty_seeded_faults_are_found_exactly() {
    let mut rows: Vec<Vec<Vec<u8>>> = Vec::with_capacity(RECORDS);
    let mut expected: BTreeSet<(String, u64, u64)> = BTreeSet::new();
    // 49 faults spread through the file (indexes 10, 30, ..., 970 and a few
    // more), and an unterminated quote on the very last line.
    let mut places: Vec<usize> = (0..49).map(|k| 10 + k * 20).collect();
    places.sort_unstable();
    for i in 0..RECORDS {
        let mut cells = good(i);
        let line = i as u64 + 2;
        if let Some(k) = places.iter().position(|p| *p == i) {
            let fault = KINDS[k % KINDS.len()];
            let (code, col) = seed(fault, i, &mut cells, &rows);
            expected.insert((code.to_string(), line, col));
        }
        rows.push(cells);
    }
    // Fault 50: the last record opens a quote it never closes.
    let last = RECORDS - 1;
    rows[last][TITLE] = b"\"Unclosed title".to_vec();
    expected.insert(("F006".into(), last as u64 + 2, 1));

    let mut file = HEADER.as_bytes().to_vec();
    file.extend_from_slice(b"\r\n");
    for cells in &rows {
        file.extend_from_slice(&cells.join(&b","[..]));
        file.extend_from_slice(b"\r\n");
    }

    let roster: Vec<LearnerId> = (0..50)
        .map(|n| LearnerId::new(&format!("e{n:03}")).unwrap())
        .collect();
    let options = ValidateOptions::new()
        .with_as_of(as_of())
        .with_roster_ids(roster)
        .with_read(ReadOptions::new().with_limits(Limits::default().with_max_line_bytes(MAX_LINE)));
    let report = validate(
        DocumentKind::Sessions,
        Input::new("sessions.csv", file.as_slice()),
        &options,
    );

    let found: BTreeSet<(String, u64, u64)> = report
        .problems
        .iter()
        .map(|p| {
            (
                p.code.clone(),
                p.location.line.unwrap_or(0),
                p.location.column.unwrap_or(0),
            )
        })
        .collect();
    let missing: Vec<_> = expected.difference(&found).collect();
    let extra: Vec<_> = found.difference(&expected).collect();
    let extra_text: Vec<String> = report
        .problems
        .iter()
        .filter(|p| {
            !expected.contains(&(
                p.code.clone(),
                p.location.line.unwrap_or(0),
                p.location.column.unwrap_or(0),
            ))
        })
        .map(ToString::to_string)
        .collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "missing: {missing:#?}\nextra: {extra_text:#?}"
    );
    assert_eq!(expected.len(), 50);
    assert_eq!(report.problems.len(), 50, "one problem per fault");
    assert_eq!(report.summary.records_read, RECORDS as u64);
    let warnings = report.problems.iter().filter(|p| !p.is_error()).count() as u64;
    assert_eq!(report.summary.warnings, warnings);
    assert_eq!(report.summary.errors, 50 - warnings);
    assert_eq!(
        report.summary.records_with_errors + report.summary.records_with_warnings,
        50
    );
    assert_eq!(report.summary.not_listed, 0);
    assert!(!report.valid);
}

#[test]
fn the_problem_list_is_capped_and_the_rest_counted() {
    let mut file = String::from("record_id,learner_id,start,duration_minutes,activity\n");
    for i in 0..30 {
        file.push_str(&format!("r{i},e1,2026-03-02T09:00:00,30,reading\n"));
    }
    let report = validate(
        DocumentKind::Sessions,
        Input::new("s.csv", file.as_bytes()),
        &ValidateOptions::new().with_max_problems(10),
    );
    assert_eq!(report.problems.len(), 10);
    assert_eq!(report.summary.errors, 30);
    assert_eq!(report.summary.not_listed, 20);
    assert_eq!(report.summary.records_with_errors, 30);
}
