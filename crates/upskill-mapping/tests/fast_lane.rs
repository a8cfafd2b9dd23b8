//! The fast lane of mapped session reading (`MappedReader::next_session`)
//! reads every row it takes exactly as the general path (`Iterator::next`,
//! the canonical decoder) does, and leaves every other row to it: the same
//! session, at the same location, and nothing taken that has a problem or
//! a warning (issue 16).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a panic is a failed test"
)]

use proptest::prelude::*;
use upskill_formats::{ReadOptions, SessionItem};
use upskill_mapping::{MapContext, Mapping, read_mapped_sessions};

fn mapping(record_id: bool, length: &str) -> Mapping {
    let record_id = if record_id { "record_id = \"ID\"" } else { "" };
    Mapping::from_toml_str(&format!(
        r#"
        schema_version = 1
        kind = "sessions"
        time_zone = "pledge"
        [fields]
        {record_id}
        learner_id = {{ column = "Employee", case = "lower" }}
        start = {{ column = "Started", datetime = "%d/%m/%Y %H:%M" }}
        {length}
        activity = {{ column = "Type", map = {{ "Online Class" = "course", "Video" = "e_learning" }} }}
        source = {{ column = "Source", default = " lms " }}
        self_reported = "Self"
        title = "Course"
        "#
    ))
    .unwrap()
}

/// Each row as the fast lane reads it, beside the general path's reading.
fn both_lanes(csv: &str, mapping: &Mapping) -> (usize, usize) {
    let context = MapContext::new().with_pledge_zone(chrono_tz::Europe::London);
    let open = || {
        read_mapped_sessions(
            "f.csv",
            csv.as_bytes(),
            mapping,
            context,
            ReadOptions::new(),
        )
        .unwrap()
    };
    let (mut general, mut fast) = (open(), open());
    let (mut clean, mut other) = (0, 0);
    while let Some(item) = fast.next_session() {
        let expected = general.next().expect("as many rows");
        match item {
            SessionItem::Clean(c) => {
                clean += 1;
                let expected = expected.expect("a clean row is read");
                assert!(expected.warnings.is_empty(), "{:?}", expected.warnings);
                assert_eq!(
                    format!("{:?}", c.session),
                    format!("{:?}", expected.value.borrowed())
                );
                assert_eq!(c.location(), expected.location);
            }
            SessionItem::Read(read) => {
                other += 1;
                assert_eq!(format!("{read:?}"), format!("{expected:?}"));
            }
        }
    }
    assert!(general.next().is_none(), "as many rows");
    assert_eq!(fast.take_file_problems(), general.take_file_problems());
    (clean, other)
}

const HEADER: &str = "ID,Employee,Started,Time spent,Ended,Type,Source,Self,Course\n";

#[test]
fn canonical_rows_take_the_fast_lane_and_troubled_rows_do_not() {
    let rows = [
        // Clean.
        "r1,E1,02/03/2026 09:30,0:45:00,02/03/2026 10:15,Video,lms,no,Intro",
        "r2,E2,02/03/2026 09:30,1:00:00,02/03/2026 10:30,Online Class,,yes,\"Two\nlines\"",
        // The autumn overlap (a warning), the spring gap (an error).
        "r3,E1,25/10/2026 01:30,0:45:00,25/10/2026 02:15,Video,lms,no,x",
        "r4,E1,29/03/2026 01:30,0:45:00,29/03/2026 02:45,Video,lms,no,x",
        // Zero, too long, not a duration; an unknown kind; a bad flag; no id.
        "r5,E1,02/03/2026 09:30,0:00:00,02/03/2026 09:30,Video,lms,no,x",
        "r6,E1,02/03/2026 09:30,800:00:00,05/04/2026 09:30,Video,lms,no,x",
        "r7,E1,02/03/2026 09:30,soon,later,Video,lms,no,x",
        "r8,E1,02/03/2026 09:30,0:45:00,02/03/2026 10:15,Podcast,lms,no,x",
        "r9,E1,02/03/2026 09:30,0:45:00,02/03/2026 10:15,Video,lms,maybe,x",
        ",E1,02/03/2026 09:30,0:45:00,02/03/2026 10:15,Video,lms,no,x",
        "r10,E1,02/03/2026 09:30,0:45:00",
    ];
    let csv = format!("{HEADER}{}\n", rows.join("\n"));
    let duration = r#"duration = { column = "Time spent", duration = "hms" }"#;
    let end = r#"end = { column = "Ended", datetime = "%d/%m/%Y %H:%M" }"#;
    // With a record id: the two clean rows (the second's source is the
    // default, with spaces around it: the general path reads that).
    assert_eq!(both_lanes(&csv, &mapping(true, duration)), (1, 10));
    assert_eq!(both_lanes(&csv, &mapping(true, end)), (1, 10));
    // A record id derived from the row: taken by the fast lane too.
    assert_eq!(both_lanes(&csv, &mapping(false, duration)), (2, 9));
}

proptest! {
    /// The law: on any row, the fast lane reads what the general path reads.
    #[test]
    fn the_fast_lane_reads_what_the_general_path_reads(
        rows in proptest::collection::vec(
            (
                prop::sample::select(vec!["r1", " r2 ", "", "r\u{7}", "r3"]),
                prop::sample::select(vec!["E1", "e2", " E3", ""]),
                (1u32..32, prop::sample::select(vec![3u32, 10]), 0u32..24, 0u32..60),
                prop::sample::select(vec!["0:45:00", "0:00:00", "1:30:15", "800:00:00", "x", "", "0:00:01"]),
                prop::sample::select(vec!["Video", "Online Class", "course", " Video", "Podcast", ""]),
                prop::sample::select(vec!["lms", "", "crm "]),
                prop::sample::select(vec!["", "yes", "no", "1", "maybe"]),
            ),
            1..12,
        ),
        derived in any::<bool>(),
        with_end in any::<bool>(),
    ) {
        let mut csv = HEADER.to_string();
        for (id, learner, (day, month, hour, minute), spent, kind, source, self_reported) in &rows {
            let started = format!("{day:02}/{month:02}/2026 {hour:02}:{minute:02}");
            let ended = format!("{day:02}/{month:02}/2026 {:02}:{minute:02}", (hour + 1) % 24);
            csv.push_str(&format!(
                "\"{id}\",\"{learner}\",{started},{spent},{ended},\"{kind}\",\"{source}\",{self_reported},t\n"
            ));
        }
        let length = if with_end {
            r#"end = { column = "Ended", datetime = "%d/%m/%Y %H:%M" }"#
        } else {
            r#"duration = { column = "Time spent", duration = "hms" }"#
        };
        both_lanes(&csv, &mapping(!derived, length));
    }
}
