//! The JSON Lines lane of `Reader::next_session`: on records built from
//! canonical, odd and wrong members (escaped strings, `null`s, members of
//! another type, unknown and repeated members, non-canonical timestamps,
//! every length, nesting over the limit), every record the lane takes is
//! the one the general reader reads, at the same location and without a
//! problem, and every other record is exactly what the iterator gives.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

use proptest::prelude::*;
use upskill_formats::{Format, Limits, ReadOptions, SessionItem, read_sessions};

/// Candidate members: each with values the lane may take and values it
/// must leave to the general reader (`None` leaves the member out).
type Member = (
    &'static str,
    &'static [Option<&'static str>],
    &'static [Option<&'static str>],
);

const MEMBERS: &[Member] = &[
    (
        "record_id",
        &[Some(r#""r1""#), Some(r#""r2""#)],
        &[
            Some(r#"" r1""#),
            Some(r#""r\u0031""#),
            Some(r#""""#),
            Some("null"),
            Some("5"),
            Some(r#""r\t1""#),
            None,
        ],
    ),
    (
        "learner_id",
        &[Some(r#""e1""#), Some(r#""e2""#)],
        &[Some(r#""e1 ""#), Some("null"), Some(r#""\u0065""#), None],
    ),
    (
        "start",
        &[
            Some(r#""2026-03-02T09:00:00Z""#),
            Some(r#""2026-03-02T09:00:00+01:00""#),
            Some(r#""2026-03-02T09:00:00.5Z""#),
        ],
        &[
            Some(r#""2026-03-02 09:00:00Z""#),
            Some(r#""2026-03-02T09:00:00""#),
            Some(r#""2026-02-30T09:00:00Z""#),
            Some(r#""2026-03-02T09:00:60Z""#),
            Some("null"),
            None,
        ],
    ),
    (
        "activity",
        &[Some(r#""webinar""#), Some(r#""e_learning""#)],
        &[
            Some(r#""Webinar""#),
            Some(r#""e-learning""#),
            Some(r#""chess""#),
            Some("null"),
            Some("3"),
            None,
        ],
    ),
    (
        "title",
        &[None, Some("null"), Some(r#""T""#)],
        &[Some(r#""T \"q\"""#), Some("5")],
    ),
    (
        "source",
        &[None, Some("null"), Some(r#""lms""#), Some(r#""""#)],
        &[Some(r#""l\u006ds""#)],
    ),
    (
        "skill_areas",
        &[None, Some("[]"), Some(r#"["a","b"]"#)],
        &[
            Some("null"),
            Some("[1]"),
            Some(r#""a""#),
            Some(r#"[["a"]]"#),
            Some(r#"["\u0061"]"#),
        ],
    ),
    (
        "self_reported",
        &[None, Some("true"), Some("false")],
        &[Some("null"), Some(r#""true""#), Some("1")],
    ),
    ("x", &[None], &[Some("1")]),
    ("record_id", &[None], &[Some(r#""r9""#)]),
];

/// The length members: `end`, `duration` or `duration_minutes`, one or two
/// of them or none, each with a right or wrong value.
const LENGTHS: &[&str] = &[
    r#""end":"2026-03-02T09:30:00Z""#,
    r#""end":"2026-03-02T23:00:00+01:00""#,
    r#""end":"2026-03-02T09:00:00Z""#,
    r#""end":"2026-03-01T09:00:00Z""#,
    r#""end":"2026-04-10T09:00:00Z""#,
    r#""end":null"#,
    r#""end":5"#,
    r#""duration":"PT45M""#,
    r#""duration":"PT13H""#,
    r#""duration":"P1M""#,
    r#""duration":"PT0S""#,
    r#""duration":45"#,
    r#""duration_minutes":30"#,
    r#""duration_minutes":30.5"#,
    r#""duration_minutes":30.0"#,
    r#""duration_minutes":0"#,
    r#""duration_minutes":-1"#,
    r#""duration_minutes":1e3"#,
    r#""duration_minutes":"30""#,
    r#""duration_minutes":0.0001"#,
    r#""duration_minutes":1000000"#,
    r#""duration_minutes":18446744073709551615"#,
    r#""duration_minutes":null"#,
];

/// Whole lines that are not records of the usual shape.
const ODD_LINES: &[&str] = &[
    "",
    "   ",
    "[1]",
    "{",
    "{}",
    "null",
    r#"{"record_id":"r1"} x"#,
    "\u{feff}{}",
];

fn member((name, good, bad): &'static Member) -> impl Strategy<Value = Option<String>> {
    prop_oneof![
        20 => proptest::sample::select(good.to_vec()),
        1 => proptest::sample::select(bad.to_vec()),
    ]
    .prop_map(move |value| value.map(|v| format!("\"{name}\":{v}")))
}

fn line() -> impl Strategy<Value = String> {
    let members: Vec<_> = MEMBERS.iter().map(member).collect();
    let good = [0, 1, 7, 8, 12, 13, 14].map(|i| LENGTHS.get(i).copied().unwrap_or_default());
    let lengths = prop_oneof![
        8 => proptest::sample::select(good.to_vec()).prop_map(|l| vec![l]),
        1 => proptest::collection::vec(proptest::sample::select(LENGTHS.to_vec()), 0..=2),
    ];
    prop_oneof![
        9 => (members, lengths, any::<bool>(), any::<bool>()).prop_map(
            |(members, lengths, reversed, spaced)| {
                let mut parts: Vec<String> = members.into_iter().flatten().collect();
                parts.extend(lengths.into_iter().map(str::to_string));
                if reversed {
                    parts.reverse();
                }
                let separator = if spaced { ", " } else { "," };
                format!("{{{}}}", parts.join(separator))
            }
        ),
        1 => proptest::sample::select(ODD_LINES.to_vec()).prop_map(str::to_string),
    ]
}

/// Reads `text` both ways and checks that they agree, record by record.
fn agree(text: &str, options: ReadOptions) -> Result<u64, TestCaseError> {
    let bytes = text.as_bytes();
    let format = Some(Format::JsonLines);
    let mut general = read_sessions("s.jsonl", bytes, format, options);
    let mut fast = read_sessions("s.jsonl", bytes, format, options);
    let mut clean = 0;
    loop {
        let expected = general.next();
        let Some(item) = fast.next_session() else {
            prop_assert!(expected.is_none(), "as many records");
            break;
        };
        let expected = expected.expect("as many records");
        match item {
            SessionItem::Clean(c) => {
                clean += 1;
                let expected = expected.expect("a clean record is read");
                prop_assert!(expected.warnings.is_empty(), "{:?}", expected.warnings);
                prop_assert_eq!(c.session, expected.value.borrowed());
                let offset = *expected.value.start().offset();
                prop_assert_eq!(*c.session.start.offset(), offset);
                prop_assert_eq!(c.location(), expected.location.clone());
                let again = fast
                    .read_last_again()
                    .expect("the last record")
                    .expect("read");
                prop_assert_eq!(format!("{again:?}"), format!("{expected:?}"));
            }
            SessionItem::Read(read) => {
                prop_assert_eq!(format!("{read:?}"), format!("{expected:?}"));
            }
        }
    }
    prop_assert_eq!(fast.file_problems(), general.file_problems());
    Ok(clean)
}

#[test]
fn canonical_records_take_the_lane() {
    let text = concat!(
        r#"{"record_id":"r1","learner_id":"e1","start":"2026-03-02T09:00:00Z","end":"2026-03-02T09:30:00Z","activity":"webinar","title":"T","source":"lms","skill_areas":["a"],"self_reported":false}"#,
        "\n\n",
        r#"{"record_id":"r2","learner_id":"e1","start":"2026-03-02T10:00:00+01:00","duration":"PT45M","activity":"reading"}"#,
        "\n",
        r#"{"record_id":"r3","learner_id":"e1","start":"2026-03-02T11:00:00Z","duration_minutes":22.5,"activity":"course","self_reported":true}"#,
        "\n",
        r#"{"record_id":"r4","learner_id":"e1","start":"2026-03-02T11:00:00Z","duration_minutes":22.5,"activity":"Course"}"#,
        "\n",
    );
    assert_eq!(agree(text, ReadOptions::new()).unwrap(), 3);
    // A depth limit of 1 leaves every record to the general reader.
    let shallow = ReadOptions::new().with_limits(Limits::default().with_max_depth(1));
    assert_eq!(agree(text, shallow).unwrap(), 0);
}

/// Records the lane took, and lines read, over the property's cases.
static CLEAN: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
static READ: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

#[test]
fn the_property_exercises_both_lanes() {
    the_lane_reads_what_the_general_reader_reads();
    let (clean, read) = (
        CLEAN.load(std::sync::atomic::Ordering::Relaxed),
        READ.load(std::sync::atomic::Ordering::Relaxed),
    );
    assert!(
        clean * 10 > read && clean * 10 < read * 9,
        "{clean} of {read}"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn the_lane_reads_what_the_general_reader_reads(
        lines in proptest::collection::vec(line(), 1..12),
        depth in prop_oneof![Just(1usize), Just(2), Just(64)],
        lenient in any::<bool>(),
        zone in any::<bool>(),
    ) {
        let options = ReadOptions::new()
            .with_limits(Limits::default().with_max_depth(depth))
            .with_lenient(lenient)
            .with_local_time_zone(zone.then_some(chrono_tz::Europe::London));
        let clean = agree(&lines.join("\n"), options)?;
        CLEAN.fetch_add(clean, std::sync::atomic::Ordering::Relaxed);
        READ.fetch_add(lines.len() as u64, std::sync::atomic::Ordering::Relaxed);
    }
}
