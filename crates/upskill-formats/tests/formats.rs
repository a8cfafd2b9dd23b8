//! Readers and writers end to end: round trips, BOM / CRLF / quoted fields,
//! formula escaping, limits, and no panics on arbitrary input.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a panic is a failed test"
)]

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, TimeZone};
use proptest::prelude::*;
use upskill_formats::{
    CsvWriter, DocumentKind, FORMULA_TRIGGERS, Format, Holiday, JsonLinesWriter, LeaveEntry,
    Limits, ReadOptions, collect_leave, collect_roster, read_holidays, read_leave, read_pledge,
    read_roster, read_sessions,
};
use upskill_pledge::Proportion;
use upskill_quota::{Learner, LeaveKind, LeaveSpan, Workload};
use upskill_session::{ActivityKind, LearnerId, LearningSession, RecordId, SessionDuration};

fn sessions(input: &[u8], format: Option<Format>) -> Vec<Result<LearningSession, String>> {
    read_sessions("t", input, format, ReadOptions::new())
        .map(|item| {
            item.map(|l| l.value).map_err(|r| {
                r.into_diagnostics()
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("\n")
            })
        })
        .collect()
}

#[test]
fn csv_with_bom_crlf_quotes_and_odd_headers() {
    let input = "\u{feff} Record_ID ,LEARNER-ID,Start,Duration,Activity,Title,Skill Areas,Self_Reported\r\n\
                 r1,e1,2026-03-02T09:30:00+01:00,PT45M,E-Learning,\"GDPR, part \"\"2\"\"\",data; digital ;,Yes\r\n\
                 \r\n\
                 r2,e1,2026-03-02 11:00:00Z,PT1H30M,on the job,\"two\r\nlines\",,0\r\n";
    let read = sessions(input.as_bytes(), None);
    assert_eq!(read.len(), 2, "{read:?}");
    let first = read[0].as_ref().unwrap();
    assert_eq!(first.title(), Some("GDPR, part \"2\""));
    assert_eq!(first.skill_areas(), ["data", "digital"]);
    assert!(first.self_reported());
    assert_eq!(first.start().offset().local_minus_utc(), 3600);
    assert_eq!(first.duration(), SessionDuration::from_minutes(45));
    assert_eq!(first.activity(), ActivityKind::ELearning);
    let second = read[1].as_ref().unwrap();
    assert_eq!(second.title(), Some("two\nlines"));
    assert_eq!(second.activity(), ActivityKind::OnTheJob);
    assert!(!second.self_reported());
}

#[test]
fn csv_locations_point_at_fields() {
    let input = "record_id,learner_id,start,end,activity\n\
                 r1,e1,2026-03-02T09:00:00Z,2026-03-02T08:00:00Z,webinar\n\
                 \"r\"\"2\",\"e\n1\",2026-03-02T09:00:00Z,2026-03-02T09:00:00Z,webinar\n\
                 r3,é,2026-03-02T09:00:00,,webinar\n";
    let read = sessions(input.as_bytes(), None);
    assert_eq!(
        read[0].as_ref().unwrap_err(),
        "t:2:28: error[S012]: end `2026-03-02T08:00:00+00:00` is before start `2026-03-02T09:00:00+00:00`"
    );
    // A quoted field spanning lines: the fields after it are on the next line.
    assert_eq!(
        read[1].as_ref().unwrap_err(),
        "t:3:8: error[S004]: learner id `e\\n1` contains a control character\nt:4:25: error[S013]: the session lasts no time: `end` equals `start`"
    );
    // Columns count characters, not bytes.
    assert_eq!(
        read[2].as_ref().unwrap_err(),
        "t:5:1: error[S008]: the record gives no length: give one of `end`, `duration` or `duration_minutes`\n\
         t:5:6: error[S006]: `start` `2026-03-02T09:00:00` has no UTC offset: add one, such as `Z` or `+01:00`, or name the zone of local times (`--local-time-zone ZONE`, or `time_zone` in a mapping)"
    );
}

#[test]
fn header_problems() {
    let mut reader = read_sessions(
        "t.csv",
        "record_id,learner_id,activity,when\n".as_bytes(),
        None,
        ReadOptions::new(),
    );
    assert_eq!(reader.next(), None);
    let problems: Vec<String> = reader
        .file_problems()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        problems,
        [
            "t.csv:1:31: error[F009]: unknown column `when`: sessions columns are `record_id`, `learner_id`, `start`, `end`, `duration`, `duration_minutes`, `activity`, `title`, `source`, `skill_areas` or `self_reported`",
            "t.csv:1:1: error[F008]: the header has no `start` column; no row can be read",
            "t.csv:1:1: error[F008]: the header has none of the columns `end`, `duration` or `duration_minutes`: one is needed; no row can be read",
        ]
    );
    let mut lenient = read_roster(
        "r.csv",
        "learner_id,shoe_size,learner_id\ne1,9,e2\n".as_bytes(),
        None,
        ReadOptions::new().with_lenient(true),
    );
    assert_eq!(
        lenient.next().map(|r| r.map(|l| l.value.id().to_string())),
        Some(Ok("e1".into()))
    );
    let problems: Vec<String> = lenient
        .file_problems()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        problems,
        [
            "r.csv:1:12: warning[F009]: unknown column `shoe_size`: roster columns are `learner_id`, `start_date`, `end_date`, `fte`, `contracted_hours` or `team`",
            "r.csv:1:22: error[F010]: column `learner_id` appears twice; this one is ignored",
        ]
    );
    let mut empty = read_holidays("h.csv", "".as_bytes(), None, ReadOptions::new());
    assert_eq!(empty.next(), None);
    assert_eq!(
        empty.file_problems()[0].to_string(),
        "h.csv: warning[F013]: the input is empty: no header row and no records"
    );
}

#[test]
fn json_lines_and_arrays() {
    let jsonl = "\u{feff}{\"record_id\":\"r1\",\"learner_id\":\"e1\",\"start\":\"2026-03-02T09:00:00Z\",\"duration_minutes\":22.5,\"activity\":\"reading\",\"end\":null}\n\
                 \n\
                 {\"record_id\":\"r2\",\"learner_id\":\"e1\",\"start\":\"2026-03-02T09:00:00Z\",\"duration_minutes\":30,\"activity\":\"Reading\"}\n\
                 {not json}\n";
    let read = sessions(jsonl.as_bytes(), None);
    assert_eq!(
        read[0].as_ref().unwrap().duration(),
        SessionDuration::from_millis(1_350_000)
    );
    assert_eq!(
        read[1].as_ref().unwrap_err(),
        "t:3:90#/activity: error[S007]: unknown activity kind `Reading`: expected one of e_learning, course, webinar, workshop, coaching, mentoring, reading, conference, on_the_job, other"
    );
    assert_eq!(
        read[2].as_ref().unwrap_err(),
        "t:4:2: error[F005]: malformed JSON: key must be a string"
    );
    let array = "[{\"record_id\":\"r1\",\"learner_id\":\"e1\",\"start\":\"2026-03-02T09:00:00Z\",\"duration_minutes\":1,\"activity\":\"reading\",\"skill_areas\":[\"data\",7]}]";
    let read = sessions(array.as_bytes(), None);
    assert_eq!(
        read[0].as_ref().unwrap_err(),
        "t:1:111#/0/skill_areas: error[S003]: `skill_areas` item 1 must be a string, not a number"
    );
}

#[test]
fn limits_are_enforced_and_reading_goes_on() {
    let options = ReadOptions::new()
        .with_limits(Limits::default().with_max_line_bytes(120).with_max_depth(3));
    let good = r#"{"record_id":"r1","learner_id":"e1","start":"2026-03-02T09:00:00Z","duration_minutes":1,"activity":"reading"}"#;
    let long = format!(r#"{{"record_id":"r2","title":"{}"}}"#, "x".repeat(200));
    let deep = r#"{"record_id":"r3","skill_areas":[[["x"]]]}"#;
    let input = format!("{good}\n{long}\n{deep}\n{good}\n");
    let read: Vec<String> = read_sessions("t.jsonl", input.as_bytes(), None, options)
        .map(|item| match item {
            Ok(_) => "ok".to_string(),
            Err(r) => r.reason().to_string(),
        })
        .collect();
    assert_eq!(
        read,
        [
            "ok",
            "t.jsonl:2:1: error[F003]: the line is 229 bytes long, more than the limit of 120; it is skipped",
            "t.jsonl:3:1: error[F004]: the record is nested 4 levels deep, more than the limit of 3",
            "ok",
        ]
    );
    let deep_roster = format!(
        "{{\"schema_version\":1,\"learners\":{}]]]]}}",
        "[".repeat(4)
    );
    let mut reader = read_roster("r.json", deep_roster.as_bytes(), None, options);
    assert_eq!(reader.next(), None);
    assert_eq!(reader.file_problems()[0].code, "F004");
}

/// Field case `workday-40h-fulltime` (`roster-pct.csv`) and `excel-de-csv`
/// of the roster: an FTE written as a percentage, or a decimal comma in a
/// comma-separated file, is refused with the likely cause named.
#[test]
fn refused_workloads_name_the_likely_cause() {
    let csv = "learner_id,fte,contracted_hours\nw1,50,\nw2,80%,\nw3,\"0,5\",\nw4,,\"37,5\"\nw5,1.5,\nw6,,200\n";
    let (read, problems) = collect_roster(read_roster(
        "roster.csv",
        csv.as_bytes(),
        None,
        ReadOptions::new(),
    ));
    assert!(read.is_empty());
    let problems: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        problems,
        [
            "roster.csv:2:4: error[R006]: FTE `50` of `w1` must be above 0 and at most 1, with at most 6 decimal places: `50` looks like a percentage: write it as a share of 1 (50% is 0.5), or read the roster through a mapping with `percent = true` (such as the preset `workday-worker-roster`)",
            "roster.csv:3:4: error[R006]: FTE `80%` of `w2` must be above 0 and at most 1, with at most 6 decimal places: `80%` looks like a percentage: write it as a share of 1 (50% is 0.5), or read the roster through a mapping with `percent = true` (such as the preset `workday-worker-roster`)",
            "roster.csv:4:4: error[R006]: FTE `0,5` of `w3` must be above 0 and at most 1, with at most 6 decimal places: use `.` as the decimal mark, or `--decimal-comma`",
            "roster.csv:5:5: error[R007]: contracted hours `37,5` of `w4` must be above 0 and at most 168: use `.` as the decimal mark, or `--decimal-comma`",
            "roster.csv:6:4: error[R006]: FTE `1.5` of `w5` must be above 0 and at most 1, with at most 6 decimal places",
            "roster.csv:7:5: error[R007]: contracted hours `200` of `w6` must be above 0 and at most 168",
        ]
    );
}

#[test]
fn json_documents_for_roster_and_leave() {
    let roster = r#"{"schema_version": 1, "learners": [
        {"learner_id": "e1", "fte": 0.6, "team": "data"},
        {"learner_id": "e2", "fte": 0.1234567},
        {"learner_id": "e3", "contracted_hours": 22.5, "start_date": "2026-03-02", "end_date": "2026-02-01"},
        {"learner_id": "e1"}
    ], "extra": true}"#;
    let (read, problems) = collect_roster(read_roster(
        "roster.json",
        roster.as_bytes(),
        None,
        ReadOptions::new(),
    ));
    assert_eq!(read.len(), 1);
    let problems: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        problems,
        [
            "roster.json#/extra: error[R002]: unknown field `extra`: expected `schema_version` or `learners`",
            "roster.json[1]#/learners/1/fte: error[R006]: FTE `0.1234567` of `e2` must be above 0 and at most 1, with at most 6 decimal places",
            "roster.json[2]#/learners/2/end_date: error[R009]: employment of `e3` ends on 2026-02-01, before it starts on 2026-03-02",
            "roster.json[3]#/learners/3/learner_id: error[R010]: learner `e1` appears more than once in the roster (first at `/learners/0`)",
        ]
    );
    let leave = r#"{"schema_version": 2, "leave": [{"learner_id": "e1", "from": "2026-03-02", "to": "2026-03-06", "kind": "Annual"}]}"#;
    let (_, problems) = collect_leave(read_leave(
        "leave.json",
        leave.as_bytes(),
        None,
        ReadOptions::new(),
    ));
    let problems: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        problems,
        [
            "leave.json#/schema_version: error[F011]: `schema_version` 2 is not supported: this version of upskill reads 1",
            "leave.json[0]#/leave/0/kind: error[L006]: unknown leave kind `Annual`: expected annual, sick, parental or other",
        ]
    );
}

#[test]
fn pledge_problems() {
    let pledge = r#"{"schema_version": 1, "organisation": {"id": "acme", "name": "Acme"}, "time_zone": "Europe/London",
        "bands": {"most_weeks": 0.2, "some_weeks": 0.5}}"#;
    let problems = read_pledge("pledge.json", pledge.as_bytes(), ReadOptions::new()).unwrap_err();
    assert_eq!(problems[0].code, "P005");
    let pledge =
        r#"{"schema_version": 1, "organisation": {"id": "acme", "name": "Acme"}, "time_zone": 7}"#;
    let problems = read_pledge("pledge.json", pledge.as_bytes(), ReadOptions::new()).unwrap_err();
    assert_eq!(problems[0].code, "P003");
    assert!(
        read_pledge(
            "pledge.json",
            "{\"schema_version\":1,".as_bytes(),
            ReadOptions::new()
        )
        .unwrap_err()[0]
            .code
            == "F005"
    );
}

fn instant() -> impl Strategy<Value = DateTime<FixedOffset>> {
    (
        0i64..2_000_000_000,
        0i64..1000,
        -14i32..=14,
        prop::sample::select(vec![0, 30, 45]),
    )
        .prop_map(|(s, ms, h, m)| {
            let offset = FixedOffset::east_opt(h * 3600 + h.signum() * m * 60)
                .unwrap_or(FixedOffset::east_opt(0).unwrap());
            offset.timestamp_opt(s, 0).unwrap() + Duration::milliseconds(ms)
        })
}

/// Text a person would type: no surrounding white space (cells are trimmed).
fn text() -> impl Strategy<Value = String> {
    "[=+@'\\-a-zA-Z0-9\"][ -~\t\né€]{0,24}[a-zA-Z0-9.!?\"']"
}

fn id() -> impl Strategy<Value = String> {
    "[=+@'\\-a-zA-Z0-9][a-zA-Z0-9 _.@=+-]{0,10}[a-zA-Z0-9]"
}

prop_compose! {
    fn session()(record_id in id(), learner_id in id(), start in instant(), millis in 1u64..=31 * 24 * 3_600_000,
        activity in prop::sample::select(ActivityKind::ALL.to_vec()), title in prop::option::of(text()), source in prop::option::of(text()),
        skill_areas in prop::collection::vec("[=+a-z][a-z -]{0,6}[a-z]", 0..3), self_reported in prop::bool::ANY,
    ) -> LearningSession {
        let mut s = LearningSession::new(RecordId::new(&record_id).unwrap(), LearnerId::new(&learner_id).unwrap(), start, SessionDuration::from_millis(millis), activity)
            .unwrap()
            .with_skill_areas(skill_areas)
            .with_self_reported(self_reported);
        if let Some(t) = title { s = s.with_title(t); }
        if let Some(src) = source { s = s.with_source(src); }
        s
    }
}

fn same(a: &LearningSession, b: &LearningSession) -> bool {
    a == b && a.start().offset() == b.start().offset()
}

/// The formula-escape law on one name (also run on fixed inputs).
fn check_written_cells(name: &str) -> Result<(), TestCaseError> {
    let name = name.to_string();
    let date = NaiveDate::from_ymd_opt(2026, 12, 25).unwrap();
    let mut writer = CsvWriter::new(Vec::new()).unwrap();
    writer
        .write(&Holiday {
            date,
            name: Some(name.clone()),
        })
        .unwrap();
    let bytes = writer.finish().unwrap();
    let mut raw = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(bytes.as_slice());
    for record in raw.records() {
        for cell in record.unwrap().iter() {
            prop_assert!(!cell.starts_with(FORMULA_TRIGGERS), "{:?}", cell);
        }
    }
    let read: Vec<Holiday> = read_holidays("h.csv", bytes.as_slice(), None, ReadOptions::new())
        .map(|r| r.unwrap().value)
        .collect();
    let trimmed = name.trim();
    prop_assert_eq!(
        read[0].name.as_deref(),
        if trimmed.is_empty() {
            None
        } else {
            Some(trimmed)
        }
    );
    Ok(())
}

/// The input once stored in `formats.proptest-regressions`: CI runs without
/// failure persistence, so it is a fixed test.
#[test]
fn a_lone_carriage_return_is_written_and_read_back() {
    check_written_cells("\r").unwrap();
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, .. ProptestConfig::default() })]

    #[test]
    fn sessions_round_trip_through_csv(sessions in prop::collection::vec(session(), 0..6)) {
        let mut writer = CsvWriter::new(Vec::new()).unwrap();
        for s in &sessions { writer.write(s).unwrap(); }
        let bytes = writer.finish().unwrap();
        let read: Vec<LearningSession> = read_sessions("t.csv", bytes.as_slice(), None, ReadOptions::new()).map(|r| r.unwrap().value).collect();
        prop_assert_eq!(read.len(), sessions.len());
        for (a, b) in sessions.iter().zip(&read) {
            prop_assert!(same(a, b), "{:?} != {:?}", a, b);
        }
    }

    #[test]
    fn sessions_round_trip_through_json_lines(sessions in prop::collection::vec(session(), 0..6)) {
        let mut writer = JsonLinesWriter::new(Vec::new());
        for s in &sessions { writer.write(s).unwrap(); }
        let bytes = writer.finish().unwrap();
        let read: Vec<LearningSession> = read_sessions("t.jsonl", bytes.as_slice(), None, ReadOptions::new()).map(|r| r.unwrap().value).collect();
        prop_assert_eq!(read.len(), sessions.len());
        for (a, b) in sessions.iter().zip(&read) {
            prop_assert!(same(a, b), "{:?} != {:?}", a, b);
        }
    }

    #[test]
    fn roster_and_leave_round_trip_through_csv(
        rows in prop::collection::vec((id(), prop::option::of(0i64..20_000), prop::option::of(0i64..2_000), prop_oneof![(1u32..=1_000_000).prop_map(|p| Workload::Fte(Proportion::from_ppm(p).unwrap())), (1u32..=10_080).prop_map(|m| Workload::ContractedMinutes(std::num::NonZeroU32::new(m).unwrap()))], prop::option::of(text())), 0..6),
    ) {
        let epoch = NaiveDate::from_ymd_opt(2000, 1, 1).unwrap();
        let learners: Vec<Learner> = rows.iter().map(|(id, start, length, workload, team)| {
            let mut l = Learner::new(LearnerId::new(id).unwrap(), *workload).unwrap();
            if let Some(s) = start {
                let s = epoch + Duration::days(*s);
                l = l.with_start_date(s).unwrap();
                if let Some(n) = length { l = l.with_end_date(s + Duration::days(*n)).unwrap(); }
            }
            if let Some(t) = team { l = l.with_team(t.clone()); }
            l
        }).collect();
        let mut writer = CsvWriter::new(Vec::new()).unwrap();
        for l in &learners { writer.write(l).unwrap(); }
        let bytes = writer.finish().unwrap();
        let read: Vec<Learner> = read_roster("r.csv", bytes.as_slice(), None, ReadOptions::new()).map(|r| r.unwrap().value).collect();
        prop_assert_eq!(&read, &learners);

        let entries: Vec<LeaveEntry> = learners.iter().enumerate().map(|(i, l)| {
            let from = epoch + Duration::days(i as i64 * 3);
            let kind = [LeaveKind::Annual, LeaveKind::Sick, LeaveKind::Parental, LeaveKind::Other][i % 4];
            LeaveEntry { learner: l.id().clone(), span: LeaveSpan::new(l.id(), from, from + Duration::days(2), kind).unwrap() }
        }).collect();
        let mut writer = CsvWriter::new(Vec::new()).unwrap();
        for e in &entries { writer.write(e).unwrap(); }
        let bytes = writer.finish().unwrap();
        let read: Vec<LeaveEntry> = read_leave("l.csv", bytes.as_slice(), None, ReadOptions::new()).map(|r| r.unwrap().value).collect();
        prop_assert_eq!(read, entries);
    }

    /// No cell the writers produce starts with a formula trigger, and every
    /// text reads back as written.
    #[test]
    fn written_cells_never_start_a_formula(name in "[=+@'\\-\t\r a-z\"]{0,3}[ -~]{0,12}") {
        check_written_cells(&name)?;
    }

    #[test]
    fn readers_never_panic_on_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        for format in [None, Some(Format::Csv), Some(Format::JsonLines), Some(Format::Json)] {
            for _ in read_sessions("x", bytes.as_slice(), format, ReadOptions::new()) {}
            for _ in read_roster("x", bytes.as_slice(), format, ReadOptions::new()) {}
            for _ in read_leave("x", bytes.as_slice(), format, ReadOptions::new()) {}
            for _ in read_holidays("x", bytes.as_slice(), format, ReadOptions::new()) {}
        }
        let _ = read_pledge("x", bytes.as_slice(), ReadOptions::new());
    }

    #[test]
    fn readers_never_panic_on_almost_valid_input(
        pieces in prop::collection::vec(prop::sample::select(vec![
            "record_id", "learner_id", "start", "end", "duration", "activity", ",", "\"", "\"\"", "\n", "\r\n", "{", "}", "[", "]", ":",
            "2026-03-02T09:00:00Z", "PT45M", "45", "e1", "reading", "\u{feff}", "é", "\\", "null", "'=", " ",
        ]), 0..60),
        kind in prop::sample::select(DocumentKind::ALL.to_vec()),
    ) {
        let text: String = pieces.concat();
        let options = ReadOptions::new().with_limits(Limits::default().with_max_line_bytes(40).with_max_depth(3));
        for format in [Some(Format::Csv), Some(Format::JsonLines), Some(Format::Json)] {
            match kind {
                DocumentKind::Sessions => for _ in read_sessions("x", text.as_bytes(), format, options) {},
                DocumentKind::Roster => for _ in read_roster("x", text.as_bytes(), format, options) {},
                DocumentKind::Leave => for _ in read_leave("x", text.as_bytes(), format, options) {},
                DocumentKind::Holidays => for _ in read_holidays("x", text.as_bytes(), format, options) {},
                DocumentKind::Pledge => { let _ = read_pledge("x", text.as_bytes(), options); }
                DocumentKind::People => { let _ = upskill_formats::read_people("x", text.as_bytes(), options); }
                DocumentKind::TimeTotals => for _ in upskill_formats::read_time_totals("x", text.as_bytes(), format, options) {},
                // No reader here: upskill-xapi reads statements.
                DocumentKind::Xapi => {}
            }
        }
    }
}

/// Reads from a byte slice and counts what was read, to show a limit bounds
/// the reading itself, not just the verdict.
struct Counting<'a> {
    bytes: &'a [u8],
    read: std::rc::Rc<std::cell::Cell<usize>>,
}

impl std::io::Read for Counting<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = std::io::Read::read(&mut self.bytes, buf)?;
        self.read.set(self.read.get() + n);
        Ok(n)
    }
}

/// `F014` (issue 14, memory bounded on every path): a JSON document that
/// must be held whole (a roster or leave document, a pledge) and is larger
/// than `max_document_bytes` is refused with its own located code, after
/// reading at most one byte (and one buffer) past the limit; at the limit it
/// reads. A JSON array of sessions is streamed record by record instead, so
/// the document limit does not apply to it (the per-record limits do).
#[test]
fn a_document_over_the_size_limit_is_refused_without_reading_it_all() {
    let mut doc = String::from(r#"{"schema_version": 1, "learners": ["#);
    let mut sessions = String::from("[");
    for i in 0..200 {
        if i > 0 {
            doc.push(',');
            sessions.push(',');
        }
        doc.push_str(&format!(r#"{{"learner_id": "e{i}", "fte": 1}}"#));
        sessions.push_str(&format!(
            r#"{{"record_id": "r{i}", "learner_id": "e1", "start": "2026-03-02T09:00:00Z", "duration_minutes": 30, "activity": "course"}}"#
        ));
    }
    doc.push_str("]}");
    sessions.push(']');
    let size = doc.len() as u64;
    let at = |limit: u64| {
        ReadOptions::new().with_limits(Limits::default().with_max_document_bytes(limit))
    };

    let read = std::rc::Rc::new(std::cell::Cell::new(0));
    let input = std::io::BufReader::with_capacity(
        64,
        Counting {
            bytes: doc.as_bytes(),
            read: read.clone(),
        },
    );
    let mut reader = read_roster("roster.json", input, Some(Format::Json), at(1000));
    assert_eq!(reader.by_ref().count(), 0);
    let problems = reader.take_file_problems();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].code, "F014");
    assert_eq!(problems[0].location.to_string(), "roster.json");
    assert!(
        problems[0].message.contains("1000 bytes"),
        "{}",
        problems[0].message
    );
    assert!(
        read.get() <= 1001 + 64,
        "read {} bytes for a limit of 1000",
        read.get()
    );

    let mut reader = read_roster("roster.json", doc.as_bytes(), Some(Format::Json), at(size));
    assert_eq!(reader.by_ref().filter(Result::is_ok).count(), 200);
    assert!(reader.file_problems().is_empty());
    let mut reader = read_roster(
        "roster.json",
        doc.as_bytes(),
        Some(Format::Json),
        at(size - 1),
    );
    assert_eq!(reader.by_ref().count(), 0);
    assert_eq!(reader.file_problems()[0].code, "F014");

    let leave = br#"{"schema_version": 1, "leave": [{"learner_id": "e1", "from": "2026-03-02", "to": "2026-03-03", "kind": "annual"}]}"#;
    let mut reader = read_leave("leave.json", &leave[..], Some(Format::Json), at(20));
    assert_eq!(reader.by_ref().count(), 0);
    assert_eq!(reader.file_problems()[0].code, "F014");
    let pledge =
        br#"{"schema_version": 1, "organisation": {"name": "A", "time_zone": "Europe/London"}}"#;
    let refused = read_pledge("pledge.json", &pledge[..], at(20)).unwrap_err();
    assert_eq!(refused[0].code, "F014");

    let mut reader = read_sessions(
        "sessions.json",
        sessions.as_bytes(),
        Some(Format::Json),
        at(1000),
    );
    assert_eq!(reader.by_ref().filter(Result::is_ok).count(), 200);
    assert!(
        reader.file_problems().is_empty(),
        "{:?}",
        reader.file_problems()
    );
}

/// Windows PowerShell 5.1 writes `pledge.json` (and any JSON document) as
/// UTF-16LE with a BOM through `>` or `Out-File`: the CSV and xAPI readers
/// transcode such a file, the JSON document readers refused it with `F002`
/// "the text is not valid UTF-8". They read it now, as its UTF-8 twin.
#[test]
fn json_documents_in_utf16_read_as_their_utf8_twins() {
    let pledge = r#"{"schema_version": 1, "organisation": {"id": "acme", "name": "Acme Café"}, "time_zone": "Europe/London"}"#;
    let utf16 = |text: &str, big_endian: bool| {
        let mut out = if big_endian {
            vec![0xFE, 0xFF]
        } else {
            vec![0xFF, 0xFE]
        };
        for unit in text.encode_utf16() {
            out.extend_from_slice(&if big_endian {
                unit.to_be_bytes()
            } else {
                unit.to_le_bytes()
            });
        }
        out
    };
    let expected = format!(
        "{:?}",
        read_pledge("pledge.json", pledge.as_bytes(), ReadOptions::new()).unwrap()
    );
    for big_endian in [false, true] {
        let bytes = utf16(pledge, big_endian);
        let read = read_pledge("pledge.json", bytes.as_slice(), ReadOptions::new());
        assert_eq!(format!("{:?}", read.unwrap()), expected);
    }
    let roster = r#"{"schema_version": 1, "learners": [{"learner_id": "e1", "fte": 0.5}]}"#;
    let bytes = utf16(roster, false);
    let (read, problems) = collect_roster(read_roster(
        "roster.json",
        bytes.as_slice(),
        Some(Format::Json),
        ReadOptions::new(),
    ));
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(read.len(), 1);
}
