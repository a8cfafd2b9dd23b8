//! CSV dialects and encodings detected without flags (issue 11, item 3), and
//! naive local times read in a named zone (item 2).
//!
//! The files under `tests/data/excel-de-csv/` are the field case
//! `excel-de-csv`: a valid sessions file after Excel and Windows tools.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a panic is a failed test"
)]

use std::path::Path;

use proptest::prelude::*;
use upskill_formats::{ReadOptions, TextEncoding, read_roster, read_sessions};
use upskill_session::LearningSession;

/// Sessions read and every diagnostic (file problems last), as text.
fn read(name: &str, bytes: &[u8], options: ReadOptions) -> (Vec<LearningSession>, Vec<String>) {
    let mut reader = read_sessions(name, bytes, None, options);
    let mut sessions = Vec::new();
    let mut problems = Vec::new();
    for item in reader.by_ref() {
        match item {
            Ok(located) => {
                problems.extend(located.warnings.iter().map(ToString::to_string));
                sessions.push(located.value);
            }
            Err(rejected) => problems.extend(rejected.diagnostics().map(ToString::to_string)),
        }
    }
    let mut all: Vec<String> = reader
        .file_problems()
        .iter()
        .map(ToString::to_string)
        .collect();
    all.extend(problems);
    (sessions, all)
}

fn case(file: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data/excel-de-csv")
            .join(file),
    )
    .unwrap()
}

fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
    let mut out = if big_endian {
        vec![0xFE, 0xFF]
    } else {
        vec![0xFF, 0xFE]
    };
    for unit in text.encode_utf16() {
        let bytes = if big_endian {
            unit.to_be_bytes()
        } else {
            unit.to_le_bytes()
        };
        out.extend_from_slice(&bytes);
    }
    out
}

const CANONICAL: &str = "record_id,learner_id,start,duration_minutes,activity,title,skill_areas\n\
    r1,l1,2026-03-03T10:00:00+00:00,22.5,course,\"Datenschutz; Teil 2\",\"gdpr;privacy\"\n\
    r2,l2,2026-03-04T10:00:00+01:00,45,e_learning,Café Übung,\n";

#[test]
fn excel_de_file_reads_as_its_utf8_twin() {
    // Field case excel-de-csv: BOM, `;`, CRLF and `22,5`.
    let (sessions, problems) = read("de.csv", &case("sessions-excel-de.csv"), ReadOptions::new());
    let (expected, none) = read(
        "c.csv",
        b"record_id,learner_id,start,duration_minutes,activity\nr1,l1,2026-03-03T10:00:00+00:00,22.5,course\n",
        ReadOptions::new(),
    );
    assert!(none.is_empty(), "{none:?}");
    assert_eq!(sessions, expected);
    insta::assert_snapshot!(problems.join("\n"), @r"
    de.csv:1:1: warning[F017]: the header is `;`-separated, so every row is read so; pass `--delimiter` to change this
    de.csv:1:1: warning[F018]: numbers are read with `,` as the decimal mark (such as `22,5` in the file), as `;`-separated files write them; pass `--decimal-comma false` to change this
    ");
}

#[test]
fn excel_sep_line_is_obeyed_and_skipped() {
    let (sessions, problems) = read(
        "sep.csv",
        &case("sessions-sep-line.csv"),
        ReadOptions::new(),
    );
    assert_eq!(sessions.len(), 1);
    assert_eq!(sessions[0].duration().whole_minutes(), 45);
    insta::assert_snapshot!(problems.join("\n"), @"sep.csv:1:1: warning[F017]: Excel's `sep=` line names the delimiter `,`; the line is skipped");
}

#[test]
fn utf16_file_is_transcoded() {
    let (sessions, problems) = read("u16.csv", &case("sessions-utf16.csv"), ReadOptions::new());
    assert_eq!(sessions.len(), 1);
    assert_eq!(sessions[0].record_id().as_str(), "r1");
    insta::assert_snapshot!(problems.join("\n"), @"u16.csv:1:1: warning[F016]: the file is utf-16le (it starts with that byte-order mark); it is read as such: save it as UTF-8, or pass `--encoding`, to change this");
}

/// UTF-16 written without a byte-order mark (a .NET or Java export, or a
/// tool that dropped the BOM) used to be read as UTF-8 with a NUL in every
/// other byte: every column unknown, no record read. It is now told by its
/// zero bytes and gives exactly the records of the UTF-8 file.
#[test]
fn utf16_without_a_bom_is_told_by_its_zero_bytes() {
    let (expected, none) = read("c.csv", CANONICAL.as_bytes(), ReadOptions::new());
    assert!(none.is_empty(), "{none:?}");
    for (big_endian, name) in [(false, "utf-16le"), (true, "utf-16be")] {
        let bytes = utf16(CANONICAL, big_endian);
        let (sessions, problems) = read("u16.csv", &bytes[2..], ReadOptions::new());
        assert_eq!(sessions, expected, "{problems:?}");
        assert_eq!(
            problems,
            [format!(
                "u16.csv:1:1: warning[F016]: the file is {name} without a byte-order mark (every other byte is 0); it is read as such: save it as UTF-8, or pass `--encoding`, to change this"
            )]
        );
    }
}

/// A thousands separator (`1.234,5` in a `;` file, whose decimal mark is
/// already `,`) was told to "use `.` as the decimal mark, or
/// `--decimal-comma`", which the file already does.
#[test]
fn a_thousands_separator_is_named_as_such() {
    let bytes = b"record_id;learner_id;start;duration_minutes;activity\nr1;l1;2026-03-03T10:00:00+00:00;1.234,5;course\n";
    let (sessions, problems) = read("t.csv", bytes, ReadOptions::new());
    assert!(sessions.is_empty());
    assert_eq!(
        problems.last().map(String::as_str),
        Some(
            "t.csv:2:33: error[S010]: `duration_minutes` `1.234,5` is not a non-negative number of minutes such as `45` or `22.5`: write it without a thousands separator, such as `1234.5`"
        )
    );
}

#[test]
fn decimal_comma_in_a_comma_file_is_refused_with_a_hint_unless_asked_for() {
    let bytes = case("sessions-decimal-comma.csv");
    let (sessions, problems) = read("dc.csv", &bytes, ReadOptions::new());
    assert_eq!(sessions.len(), 1);
    insta::assert_snapshot!(problems.join("\n"), @"dc.csv:2:33: error[S010]: `duration_minutes` `22,5` is not a non-negative number of minutes such as `45` or `22.5`: use `.` as the decimal mark, or `--decimal-comma`");
    let (sessions, problems) = read(
        "dc.csv",
        &bytes,
        ReadOptions::new().with_decimal_comma(Some(true)),
    );
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(sessions.len(), 2);
    assert_eq!(sessions[0].duration().as_millis(), 22 * 60_000 + 30_000);
}

#[test]
fn semicolon_utf16_gives_exactly_the_utf8_sessions() {
    let (expected, problems) = read("c.csv", CANONICAL.as_bytes(), ReadOptions::new());
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(expected.len(), 2);
    let semicolon = CANONICAL
        .replace("22.5", "\"22,5\"")
        .replace(',', ";")
        .replace("\"22;5\"", "22,5")
        .replace("\r\n", "\n")
        .replace('\n', "\r\n");
    for big_endian in [false, true] {
        let (sessions, problems) = read(
            "u16.csv",
            &utf16(&semicolon, big_endian),
            ReadOptions::new(),
        );
        assert_eq!(sessions, expected, "{problems:?}");
        assert_eq!(problems.len(), 3, "{problems:?}");
    }
}

#[test]
fn windows_1252_is_read_when_the_bytes_are_not_utf8() {
    let mut bytes = b"record_id,learner_id,start,duration_minutes,activity,title\n\
        r1,l1,2026-03-03T10:00:00Z,30,course,Caf"
        .to_vec();
    bytes.extend_from_slice(b"\xE9 \x80\n");
    let (sessions, problems) = read("w.csv", &bytes, ReadOptions::new());
    assert_eq!(sessions[0].title(), Some("Café €"));
    insta::assert_snapshot!(problems.join("\n"), @"w.csv:1:1: warning[F016]: the file is not UTF-8; it is read as windows-1252: save it as UTF-8, or pass `--encoding`, to change this");
}

#[test]
fn overrides_win_over_detection() {
    let bytes = case("sessions-excel-de.csv");
    let forced = ReadOptions::new().with_delimiter(Some(b','));
    let (sessions, problems) = read("de.csv", &bytes, forced);
    assert!(sessions.is_empty());
    assert!(
        problems.iter().any(|p| p.contains("[F008]")),
        "{problems:?}"
    );
    assert!(
        !problems.iter().any(|p| p.contains("[F017]")),
        "{problems:?}"
    );
    let latin = ReadOptions::new().with_encoding(Some(TextEncoding::Windows1252));
    let (_, problems) = read(
        "l.csv",
        "record_id,learner_id,start,duration_minutes,activity,title\nr1,l1,2026-03-03T10:00:00Z,30,course,é\n".as_bytes(),
        latin,
    );
    assert!(problems.is_empty(), "{problems:?}");
}

#[test]
fn roster_numbers_follow_the_decimal_mark() {
    let csv = "learner_id;fte\r\nw1;0,5\r\n";
    let read: Vec<_> = read_roster("r.csv", csv.as_bytes(), None, ReadOptions::new()).collect();
    assert_eq!(read.len(), 1);
    assert!(read[0].is_ok(), "{read:?}");
}

fn london() -> ReadOptions {
    ReadOptions::new().with_local_time_zone(Some(chrono_tz::Europe::London))
}

fn one(start: &str, options: ReadOptions) -> (Vec<LearningSession>, Vec<String>) {
    let csv =
        format!("record_id,learner_id,start,duration_minutes,activity\nr1,l1,{start},30,course\n");
    read("t.csv", csv.as_bytes(), options)
}

#[test]
fn naive_times_are_wall_clock_in_the_named_zone() {
    let (sessions, problems) = one("2026-03-03T10:15:00", london());
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(
        sessions[0].start().to_rfc3339(),
        "2026-03-03T10:15:00+00:00"
    );
    let (sessions, _) = one("2026-03-30 10:15:00", london());
    assert_eq!(
        sessions[0].start().to_rfc3339(),
        "2026-03-30T10:15:00+01:00"
    );
    // An explicit offset is never reinterpreted.
    let (sessions, _) = one("2026-03-30T10:15:00Z", london());
    assert_eq!(
        sessions[0].start().to_rfc3339(),
        "2026-03-30T10:15:00+00:00"
    );
}

#[test]
fn spring_gap_is_rejected_and_autumn_overlap_takes_the_earlier_instant() {
    let (sessions, problems) = one("2026-03-29T01:30:00", london());
    assert!(sessions.is_empty());
    insta::assert_snapshot!(problems.join("\n"), @"t.csv:2:7: error[S016]: `start` `2026-03-29T01:30:00` does not exist in Europe/London: the clocks go forward over it");
    let (sessions, problems) = one("2026-10-25T01:30:00", london());
    assert_eq!(
        sessions[0].start().to_rfc3339(),
        "2026-10-25T01:30:00+01:00"
    );
    insta::assert_snapshot!(problems.join("\n"), @"t.csv:2:7: warning[S017]: `start` `2026-10-25T01:30:00` happens twice in Europe/London as the clocks go back; the earlier, `2026-10-25T01:30:00+01:00`, is taken");
}

#[test]
fn without_a_zone_naive_times_name_the_option() {
    let (_, problems) = one("2026-03-03T10:15:00", ReadOptions::new());
    insta::assert_snapshot!(problems.join("\n"), @"t.csv:2:7: error[S006]: `start` `2026-03-03T10:15:00` has no UTC offset: add one, such as `Z` or `+01:00`, or name the zone of local times (`--local-time-zone ZONE`, or `time_zone` in a mapping)");
}

proptest! {
    /// Any delimiter and encoding give the sessions of the canonical file.
    #[test]
    fn every_dialect_reads_like_canonical(
        rows in proptest::collection::vec((0u32..50, 1u32..600, 0u8..10), 1..8),
        delimiter in prop::sample::select(vec![',', ';', '\t', '|']),
        encoding in 0usize..3,
    ) {
        let mut canonical = String::from("record_id,learner_id,start,duration_minutes,activity\n");
        for (i, (learner, minutes, day)) in rows.iter().enumerate() {
            canonical.push_str(&format!("r{i},l{learner},2026-03-{:02}T09:00:00+00:00,{minutes},course\n", day + 1));
        }
        let text = canonical.replace(',', &delimiter.to_string());
        let bytes = match encoding {
            0 => text.into_bytes(),
            1 => utf16(&text, false),
            _ => utf16(&text, true),
        };
        let (expected, _) = read("c.csv", canonical.as_bytes(), ReadOptions::new());
        let (got, problems) = read("d.csv", &bytes, ReadOptions::new());
        prop_assert_eq!(got, expected, "{:?}", problems);
        prop_assert!(problems.iter().all(|p| p.contains("warning[F01")), "{:?}", problems);
    }
}

#[test]
fn detection_does_not_depend_on_the_readers_buffer() {
    // A tiny buffer (or a pipe's short reads), and a Windows-1252 file whose
    // transcoder hands out its first bytes a few at a time: the header line
    // is still read whole before the delimiter is told.
    let mut latin = b"record_id;learner_id;start;duration_minutes;activity;title\r\n\
        r1;l1;2026-03-03T10:00:00Z;22,5;course;Caf"
        .to_vec();
    latin.extend_from_slice(b"\xE9\r\n");
    let (expected, _) = read("w.csv", &latin, ReadOptions::new());
    assert_eq!(expected.len(), 1);
    assert_eq!(expected[0].title(), Some("Café"));
    let tiny = std::io::BufReader::with_capacity(3, &latin[..]);
    let read: Vec<_> = read_sessions("w.csv", tiny, None, ReadOptions::new())
        .map(|r| r.map(|l| l.value))
        .collect();
    assert_eq!(read.len(), 1);
    assert_eq!(read[0].as_ref().ok(), expected.first());
}
