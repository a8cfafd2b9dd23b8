//! Import mappings end to end: the field cases `moodle-dedication-export`
//! and `workday-40h-fulltime` (FTE as a percentage), value parsers, located
//! rejections, missing columns, lookups and derived ids.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a panic is a failed test"
)]

use std::path::Path;

use upskill_formats::{ReadOptions, read_roster, read_sessions};
use upskill_mapping::{
    Directory, MapContext, MappedKind, Mapping, MappingError, SuggestOptions, preset,
    read_mapped_leave, read_mapped_roster, read_mapped_sessions, suggest, write_canonical,
};
use upskill_quota::Learner;
use upskill_session::LearningSession;

fn data(path: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data")
            .join(path),
    )
    .unwrap()
}

fn london() -> MapContext<'static> {
    MapContext::new().with_pledge_zone(chrono_tz::Europe::London)
}

/// Sessions as `learner start duration_ms`, and every problem as text.
fn mapped(
    name: &str,
    bytes: &[u8],
    mapping: &Mapping,
    context: MapContext<'_>,
) -> (Vec<String>, Vec<String>) {
    let mut reader =
        read_mapped_sessions(name, bytes, mapping, context, ReadOptions::new()).unwrap();
    let mut sessions = Vec::new();
    let mut problems = Vec::new();
    for item in reader.by_ref() {
        match item {
            Ok(located) => {
                problems.extend(located.warnings.iter().map(ToString::to_string));
                sessions.push(line(&located.value));
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

fn line(s: &LearningSession) -> String {
    format!(
        "{} {} {} {}ms {}",
        s.record_id(),
        s.learner_id(),
        s.start().to_rfc3339(),
        s.duration().as_millis(),
        s.activity().name()
    )
}

#[test]
fn moodle_dedication_report_reads_with_the_preset_and_a_learner() {
    // Field case moodle-dedication-export, stage 1: the report as downloaded.
    let mapping = preset("moodle-dedication")
        .unwrap()
        .with_constant("learner_id", "l1")
        .unwrap();
    let (sessions, problems) = mapped(
        "dedication-user-report.csv",
        &data("moodle-dedication-export/dedication-user-report.csv"),
        &mapping,
        london(),
    );
    assert!(problems.is_empty(), "{problems:?}");
    // The third session is after the UK clock change: +01:00.
    insta::assert_snapshot!(sessions.join("\n"), @r"
    row-413fb420674c8069 l1 2026-03-03T10:15:00+00:00 3900000ms e_learning
    row-56d84974592f2157 l1 2026-03-04T09:02:00+00:00 2710000ms e_learning
    row-3731ae5abff64b17 l1 2026-03-30T08:40:00+01:00 1500000ms e_learning
    ");
}

#[test]
fn moodle_preset_without_a_learner_names_the_missing_piece() {
    let error = read_mapped_sessions(
        "d.csv",
        &data("moodle-dedication-export/dedication-user-report.csv")[..],
        &preset("moodle-dedication").unwrap(),
        london(),
        ReadOptions::new(),
    )
    .err()
    .unwrap();
    insta::assert_snapshot!(error.to_string(), @"the mapping gives no rule for `learner_id`: add one, or give a constant (`--set FIELD=VALUE`)");
}

#[test]
fn moodle_stage2_renamed_reads_with_a_small_mapping() {
    let mapping = Mapping::from_toml_str(
        r#"
        schema_version = 1
        kind = "sessions"
        time_zone = "Europe/London"
        [fields]
        record_id = "record_id"
        learner_id = "learner_id"
        start = { column = "start", datetime = "%d %B %Y, %I:%M %p" }
        duration = { column = "duration", duration = "text" }
        activity = "activity"
        "#,
    )
    .unwrap();
    let (sessions, problems) = mapped(
        "stage2.csv",
        &data("moodle-dedication-export/stage2-renamed.csv"),
        &mapping,
        MapContext::new(),
    );
    assert!(problems.is_empty(), "{problems:?}");
    insta::assert_snapshot!(sessions.join("\n"), @r"
    m1 l1 2026-03-03T10:15:00+00:00 3900000ms e_learning
    m2 l1 2026-03-04T09:02:00+00:00 2710000ms e_learning
    m3 l1 2026-03-30T08:40:00+01:00 1500000ms e_learning
    ");
}

#[test]
fn moodle_stage3_naive_iso_reads_canonically_with_a_local_zone() {
    // Stage 3 needs no mapping at all: the canonical reader and the zone option.
    let bytes = data("moodle-dedication-export/stage3-iso-naive.csv");
    let options = ReadOptions::new().with_local_time_zone(Some(chrono_tz::Europe::London));
    let read: Vec<String> = read_sessions("stage3.csv", &bytes[..], None, options)
        .map(|r| line(&r.unwrap().value))
        .collect();
    insta::assert_snapshot!(read.join("\n"), @r"
    m1 l1 2026-03-03T10:15:00+00:00 3900000ms e_learning
    m2 l1 2026-03-04T09:02:00+00:00 2710200ms e_learning
    m3 l1 2026-03-30T08:40:00+01:00 1500000ms e_learning
    ");
}

const FOREIGN: &str = r#"
schema_version = 1
kind = "sessions"
time_zone = "Europe/Berlin"
[fields]
learner_id = { column = "Mitarbeiter", case = "lower" }
start = { column = "Beginn", datetime = "%d.%m.%Y %H:%M" }
duration = { column = "Dauer", duration = "hours" }
activity = { column = "Art", map = { "Präsenz" = "course", "Online" = "e_learning" } }
title = "Kurs"
"#;

#[test]
fn bad_cells_are_located_coded_rejections_and_reading_goes_on() {
    let mapping = Mapping::from_toml_str(FOREIGN).unwrap();
    let csv = "Mitarbeiter;Beginn;Dauer;Art;Kurs\r\n\
               E1;02.03.2026 09:00;1,5;Präsenz;Führung\r\n\
               E2;31.02.2026 09:00;1;Online;Excel\r\n\
               E3;03.03.2026 10:00;viel;Online;Excel\r\n\
               E4;29.03.2026 02:30;1;Online;Excel\r\n\
               E5;04.03.2026 10:00;1;Blog;Excel\r\n\
               E6;05.03.2026 10:00;1;Online\r\n\
               E7;25.10.2026 02:30;0,25;online;Excel\r\n";
    let (sessions, problems) = mapped("export.csv", csv.as_bytes(), &mapping, MapContext::new());
    insta::assert_snapshot!(sessions.join("\n"), @r"
    row-4f39a7dcf8385550 e1 2026-03-02T09:00:00+01:00 5400000ms course
    row-92b1ecb761f67aef e7 2026-10-25T02:30:00+02:00 900000ms e_learning
    ");
    insta::assert_snapshot!(problems.join("\n"), @r"
    export.csv:1:1: warning[F017]: the header is `;`-separated, so every row is read so; pass `--delimiter` to change this
    export.csv:1:1: warning[F018]: numbers are read with `,` as the decimal mark (such as `1,5` in the file), as `;`-separated files write them; pass `--decimal-comma false` to change this
    export.csv:3:4: error[I001]: `start` `31.02.2026 09:00` is not a date-time in the pattern `%d.%m.%Y %H:%M`
    export.csv:4:21: error[I003]: `duration` `viel` is not a duration in decimal hours such as `1.5`
    export.csv:5:4: error[S016]: `start` `2026-03-29T02:30:00` does not exist in Europe/Berlin: the clocks go forward over it
    export.csv:6:23: error[S007]: unknown activity kind `Blog`: expected one of e_learning, course, webinar, workshop, coaching, mentoring, reading, conference, on_the_job, other
    export.csv:7:29: error[F007]: the row has 4 fields but the header has 5; the row is skipped
    export.csv:8:4: warning[S017]: `start` `2026-10-25T02:30:00` happens twice in Europe/Berlin as the clocks go back; the earlier, `2026-10-25T02:30:00+02:00`, is taken
    ");
}

#[test]
fn a_missing_column_is_a_typed_error_naming_it() {
    let mapping = Mapping::from_toml_str(FOREIGN).unwrap();
    let csv = "Mitarbeiter;Start;Dauer;Art;Kurs\r\nE1;02.03.2026 09:00;1;Online;X\r\n";
    let error = read_mapped_sessions(
        "x.csv",
        csv.as_bytes(),
        &mapping,
        MapContext::new(),
        ReadOptions::new(),
    )
    .err()
    .unwrap();
    assert!(matches!(error, MappingError::MissingColumn { ref column, .. } if column == "Beginn"));
    insta::assert_snapshot!(error.to_string(), @"x.csv: the mapping reads `start` from column `Beginn`, which the header does not have; its columns are `Mitarbeiter`, `Start`, `Dauer`, `Art` and `Kurs`");
}

#[test]
fn mappings_are_checked_before_any_file() {
    let bad = |text: &str| Mapping::from_toml_str(text).err().unwrap().to_string();
    insta::assert_snapshot!(bad("schema_version = 2\nkind = \"sessions\"\n[fields]\n"), @"mapping `schema_version` 2 is not supported: this version of upskill reads 1");
    insta::assert_snapshot!(bad("schema_version = 1\nkind = \"sessions\"\n[fields]\nwho = \"x\"\n"), @"the mapping names `who`, which is not a sessions field");
    insta::assert_snapshot!(bad("schema_version = 1\nkind = \"sessions\"\ntime_zone = \"Mars/Base\"\n[fields]\n"), @"`Mars/Base` is not an IANA time zone such as `Europe/London`");
    insta::assert_snapshot!(bad("schema_version = 1\nkind = \"sessions\"\n[fields]\nstart = { column = \"a\", value = \"b\" }\n"), @"the rule for `start` is invalid: give `column` or `value`, not both");
    insta::assert_snapshot!(bad("schema_version = 1\nkind = \"roster\"\n[fields]\nfte = { column = \"a\", percent = true, date = \"%Y\" }\n"), @"the rule for `fte` is invalid: give at most one of `datetime`, `date`, `duration` and the number rules");
    assert!(
        bad("schema_version = 1\nkind = \"sessions\"\nfields = 3\n")
            .starts_with("the mapping is not valid TOML")
    );
}

#[test]
fn json_mappings_read_like_toml() {
    let json = r#"{"schema_version":1,"kind":"sessions","fields":{"learner_id":"u","start":"s","duration_minutes":"d","activity":{"value":"course"}}}"#;
    let mapping = Mapping::from_str_any(json).unwrap();
    let (sessions, problems) = mapped(
        "j.csv",
        b"u,s,d\nA,2026-03-02T09:00:00Z,30\n",
        &mapping,
        MapContext::new(),
    );
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(sessions.len(), 1);
    assert!(sessions[0].ends_with("A 2026-03-02T09:00:00+00:00 1800000ms course"));
    // TOML written back reads back to the same mapping.
    let again = Mapping::from_toml_str(&mapping.to_toml_string().unwrap()).unwrap();
    assert_eq!(again, mapping);
}

#[test]
fn learners_are_looked_up_by_email_in_a_directory() {
    let (directory, problems) = Directory::from_csv(
        "people.csv",
        "learner_id,Email\ne042,Ada@Example.invalid\ne043,ben@example.invalid\n".as_bytes(),
        "email",
        &ReadOptions::new(),
    )
    .unwrap();
    assert!(problems.is_empty());
    let mapping = Mapping::from_toml_str(
        r#"
        schema_version = 1
        kind = "sessions"
        [fields]
        learner_id = { column = "E-mail", lookup = "email" }
        start = "When"
        duration = { column = "Seconds", duration = "seconds" }
        activity = { value = "webinar" }
        "#,
    )
    .unwrap();
    let csv = "E-mail,When,Seconds\n ADA@example.invalid ,2026-03-02T09:00:00Z,1800\nzed@example.invalid,2026-03-02T09:00:00Z,60\n";
    let (sessions, problems) = mapped(
        "w.csv",
        csv.as_bytes(),
        &mapping,
        MapContext::new().with_directory(&directory),
    );
    assert_eq!(sessions.len(), 1);
    assert!(sessions[0].contains(" e042 "), "{sessions:?}");
    insta::assert_snapshot!(problems.join("\n"), @"w.csv:3:1: error[I005]: `learner_id` `zed@example.invalid` is not in the directory's `email` column, so its learner is unknown");
    let without = read_mapped_sessions(
        "w.csv",
        csv.as_bytes(),
        &mapping,
        MapContext::new(),
        ReadOptions::new(),
    );
    assert!(matches!(without, Err(MappingError::NoDirectory { .. })));
}

#[test]
fn derived_record_ids_depend_on_content_not_position() {
    let mapping = Mapping::from_toml_str(FOREIGN).unwrap();
    let a = "Mitarbeiter;Beginn;Dauer;Art;Kurs\nE1;02.03.2026 09:00;1;Online;X\nE2;02.03.2026 09:00;1;Online;X\n";
    let b = "Kurs;Art;Dauer;Beginn;Mitarbeiter\nX;Online;1;02.03.2026 09:00;E2\n\nX;Online;1;02.03.2026 09:00;E1\n";
    let (first, _) = mapped("a.csv", a.as_bytes(), &mapping, MapContext::new());
    let (second, _) = mapped("b.csv", b.as_bytes(), &mapping, MapContext::new());
    let mut second = second;
    second.reverse();
    assert_eq!(first, second);
    assert_ne!(first[0].split(' ').next(), first[1].split(' ').next());
}

fn roster(mapping: &Mapping, bytes: &[u8]) -> Vec<String> {
    read_mapped_roster(
        "roster.csv",
        bytes,
        mapping,
        MapContext::new(),
        ReadOptions::new(),
    )
    .unwrap()
    .map(|r| match r {
        Ok(l) => learner(&l.value),
        Err(e) => e.to_string(),
    })
    .collect()
}

fn learner(l: &Learner) -> String {
    format!("{} {:?}", l.id(), l.workload())
}

#[test]
fn fte_as_a_percentage_reads_as_a_fraction() {
    // Field case workday-40h-fulltime: `roster-pct.csv` writes FTE as 50 and 100.
    let mapping = Mapping::from_toml_str(
        r#"
        schema_version = 1
        kind = "roster"
        [fields]
        learner_id = "learner_id"
        start_date = "start_date"
        end_date = "end_date"
        fte = { column = "fte", percent = true }
        team = "team"
        "#,
    )
    .unwrap();
    let pct = roster(&mapping, &data("workday-40h-fulltime/roster-pct.csv"));
    let canonical: Vec<String> = read_roster(
        "r.csv",
        "learner_id,start_date,fte,team\nw1,2020-01-01,0.5,Ops\nw2,2020-01-01,1,Ops\n".as_bytes(),
        None,
        ReadOptions::new(),
    )
    .map(|r| learner(&r.unwrap().value))
    .collect();
    assert_eq!(pct, canonical);
    // Hours instead of FTE: weekly hours over the organisation's full time.
    let hours = Mapping::from_toml_str(
        r#"
        schema_version = 1
        kind = "roster"
        [fields]
        learner_id = "learner_id"
        fte = { column = "contracted_hours", divide_by = 40 }
        "#,
    )
    .unwrap();
    assert_eq!(
        roster(&hours, &data("workday-40h-fulltime/roster.csv")),
        canonical
    );
}

#[test]
fn leave_kinds_are_mapped_and_dates_parsed() {
    let mapping = Mapping::from_toml_str(
        r#"
        schema_version = 1
        kind = "leave"
        [fields]
        learner_id = "Employee"
        from = { column = "First Day", date = "%d/%m/%Y" }
        to = { column = "Last Day", date = "excel" }
        kind = { column = "Absence Type", map = { "Annual Leave" = "annual", "Sickness" = "sick" } }
        "#,
    )
    .unwrap();
    let csv = "Employee,First Day,Last Day,Absence Type\ne1,02/03/2026,46087,Annual Leave\ne2,03/03/2026,46084,sickness\ne3,03/03/2026,46084,Sabbatical\n";
    let read: Vec<String> = read_mapped_leave(
        "leave.csv",
        csv.as_bytes(),
        &mapping,
        MapContext::new(),
        ReadOptions::new(),
    )
    .unwrap()
    .map(|r| match r {
        Ok(l) => format!("{} {:?}", l.value.learner, l.value.span),
        Err(e) => e.to_string(),
    })
    .collect();
    insta::assert_snapshot!(read.join("\n"), @r"
    e1 LeaveSpan { from: 2026-03-02, to: 2026-03-06, kind: Annual }
    e2 LeaveSpan { from: 2026-03-03, to: 2026-03-03, kind: Sick }
    leave.csv:4:21: error[L006]: unknown leave kind `Sabbatical`: expected annual, sick, parental or other
    ");
}

#[test]
fn import_writes_canonical_csv_that_reads_back_the_same() {
    let mapping = preset("moodle-dedication")
        .unwrap()
        .with_constant("learner_id", "l1")
        .unwrap();
    let bytes = data("moodle-dedication-export/dedication-user-report.csv");
    let mut reader =
        read_mapped_sessions("d.csv", &bytes[..], &mapping, london(), ReadOptions::new()).unwrap();
    let (summary, out) = write_canonical(&mut reader, Vec::new()).unwrap();
    assert_eq!((summary.written, summary.rejected), (3, 0));
    let back: Vec<String> = read_sessions("out.csv", &out[..], None, ReadOptions::new())
        .map(|r| line(&r.unwrap().value))
        .collect();
    let (direct, _) = mapped("d.csv", &bytes, &mapping, london());
    assert_eq!(back, direct);
}

const IDENTITY: &str = r#"
schema_version = 1
kind = "sessions"
[fields]
record_id = "record_id"
learner_id = "learner_id"
start = "start"
duration_minutes = "duration_minutes"
activity = "activity"
"#;

proptest::proptest! {
    /// The law behind "one path from rows to domain values": a mapping that
    /// renames nothing reads any file exactly as the canonical reader does,
    /// records and rejections alike, at the same locations.
    #[test]
    fn an_identity_mapping_reads_like_the_canonical_reader(
        rows in proptest::collection::vec(
            (
                "[a-z0-9]{0,3}",
                "[A-Z]?[0-9]{1,2}",
                proptest::sample::select(vec![
                    "2026-03-02T09:00:00Z", "2026-03-02T09:00:00", "2026-02-30T09:00:00Z",
                    "yesterday", "", "2026-03-29T01:30:00+01:00",
                ]),
                proptest::sample::select(vec!["30", "22.5", "-1", "", "x", "0"]),
                proptest::sample::select(vec!["course", "E-Learning", "blog", ""]),
            ),
            1..12,
        )
    ) {
        let mut csv = String::from("record_id,learner_id,start,duration_minutes,activity\n");
        for (id, learner, start, minutes, activity) in &rows {
            csv.push_str(&format!("{id},{learner},{start},{minutes},{activity}\n"));
        }
        let canonical: Vec<String> = read_sessions("t.csv", csv.as_bytes(), None, ReadOptions::new())
            .map(|r| match r {
                Ok(l) => line(&l.value),
                Err(e) => e.diagnostics().map(ToString::to_string).collect::<Vec<_>>().join("|"),
            })
            .collect();
        let mapping = Mapping::from_toml_str(IDENTITY).unwrap();
        let mapped: Vec<String> =
            read_mapped_sessions("t.csv", csv.as_bytes(), &mapping, MapContext::new(), ReadOptions::new())
                .unwrap()
                .map(|r| match r {
                    Ok(l) => line(&l.value),
                    Err(e) => e.diagnostics().map(ToString::to_string).collect::<Vec<_>>().join("|"),
                })
                .collect();
        proptest::prop_assert_eq!(mapped, canonical);
    }
}

proptest::proptest! {
    /// Hostile input never panics a mapped reader, and every data row it
    /// yields has a fate: read or rejected, counted by `records_read`.
    #[test]
    fn arbitrary_input_never_panics_and_every_row_has_a_fate(
        header in proptest::sample::select(vec![
            "Mitarbeiter;Beginn;Dauer;Art;Kurs\n",
            "Mitarbeiter,Beginn,Dauer,Art,Kurs\n",
            "\u{feff}Mitarbeiter\tBeginn\tDauer\tArt\tKurs\r\n",
        ]),
        body in proptest::collection::vec(proptest::num::u8::ANY, 0..400),
    ) {
        let mapping = Mapping::from_toml_str(FOREIGN).unwrap();
        let mut bytes = header.as_bytes().to_vec();
        bytes.extend_from_slice(&body);
        let mut reader = read_mapped_sessions("x.csv", &bytes[..], &mapping, MapContext::new(), ReadOptions::new()).unwrap();
        let mut items = 0u64;
        for item in reader.by_ref() {
            items += 1;
            if let Err(rejected) = item {
                proptest::prop_assert!(rejected.diagnostics().all(|d| !d.code.is_empty()));
            }
        }
        proptest::prop_assert_eq!(items, reader.records_read());
    }
}

/// Regression (found by the `mapped_reader` fuzz target): a column name
/// holding a control character (here U+0004 between two names of a Moodle
/// header) went raw into a TOML comment of the proposal, which TOML forbids,
/// so the proposal `map suggest` wrote could not be read back.
#[test]
fn suggest_writes_control_characters_in_names_visibly() {
    let csv = b"User's Fullname,Time\x04User's Fullname\nAda,5\n";
    for kind in [MappedKind::Sessions, MappedKind::Roster, MappedKind::Leave] {
        let text = suggest(
            "export.csv",
            &csv[..],
            SuggestOptions::new(kind),
            &ReadOptions::new(),
        );
        assert!(text.contains("Time\\u{4}User's Fullname"), "{text}");
        assert!(
            !matches!(
                Mapping::from_toml_str(&text),
                Err(MappingError::Syntax { .. })
            ),
            "{text}"
        );
    }
}

proptest::proptest! {
    /// Whatever the header and cells hold, a proposal is TOML that reads back
    /// (it may still lack a field the user must give, but never a syntax
    /// error the user did not write).
    #[test]
    fn suggest_always_writes_readable_toml(
        names in proptest::collection::vec("\\PC{0,6}|[\\x00-\\x1f\\x7f\"'\\\\#=]{1,3}", 1..6),
        cells in proptest::collection::vec("[\\x00-\\x7f]{0,8}", 0..12),
    ) {
        let quote = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
        let mut csv = names.iter().map(|n| quote(n)).collect::<Vec<_>>().join(",");
        csv.push('\n');
        for row in cells.chunks(names.len()) {
            csv.push_str(&row.iter().map(|c| quote(c)).collect::<Vec<_>>().join(","));
            csv.push('\n');
        }
        for kind in [MappedKind::Sessions, MappedKind::Roster, MappedKind::Leave] {
            let text = suggest("export.csv", csv.as_bytes(), SuggestOptions::new(kind), &ReadOptions::new());
            let read = Mapping::from_toml_str(&text);
            proptest::prop_assert!(!matches!(read, Err(MappingError::Syntax { .. })), "{:?}\n{}", read, text);
        }
    }
}
