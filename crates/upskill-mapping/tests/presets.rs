//! Every preset reads its fixture (synthetic values in the vendor's
//! layout), and `suggest`, unedited, reads each fixture's id, time and
//! duration columns as the preset does (issue 11, items 5 and 6).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a panic is a failed test"
)]

use std::path::Path;

use upskill_formats::ReadOptions;
use upskill_mapping::{
    MapContext, MappedKind, Mapping, SuggestOptions, preset, presets, propose, read_mapped_roster,
    read_mapped_sessions, suggest,
};

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data/presets")
            .join(format!("{name}.csv")),
    )
    .unwrap()
}

/// The pledge zone the tests read with; a preset naming its own zone
/// (LinkedIn's PST/PDT) is read in that zone, as an analyst would set it.
fn context(mapping: &Mapping) -> MapContext<'static> {
    let zone = match mapping.time_zone.as_deref() {
        Some(name) if name != "pledge" => name.parse().unwrap(),
        _ => chrono_tz::Europe::London,
    };
    MapContext::new().with_pledge_zone(zone)
}

/// What matters of a session: learner, start instant, length; or the problem.
fn sessions(name: &str, mapping: &Mapping, zone_of: &Mapping) -> Vec<String> {
    let mapping = if mapping.fields.contains_key("learner_id") {
        mapping.clone()
    } else {
        mapping.clone().with_constant("learner_id", "u1").unwrap()
    };
    let bytes = fixture(name);
    let reader = read_mapped_sessions(
        &format!("{name}.csv"),
        &bytes[..],
        &mapping,
        context(zone_of),
        ReadOptions::new(),
    )
    .unwrap();
    reader
        .map(|r| match r {
            Ok(l) => format!(
                "{} {} {}s",
                l.value.learner_id(),
                l.value.start_utc().to_rfc3339(),
                l.value.duration().as_millis() as f64 / 1000.0
            ),
            Err(e) => e.to_string(),
        })
        .collect()
}

#[test]
fn there_are_at_least_six_presets_and_each_reads() {
    assert!(presets().len() >= 6);
    for p in presets() {
        let mapping = p.mapping().unwrap();
        assert!(
            p.toml.contains("https://"),
            "{}: the preset's comment names its source",
            p.name
        );
        assert_eq!(preset(p.name).unwrap(), mapping);
    }
    insta::assert_snapshot!(preset("excel").unwrap_err().to_string(), @"no preset is named `excel`: presets are `cornerstone-transcript`, `docebo-users-courses`, `linkedin-learning-learner-detail`, `moodle-dedication`, `totara-record-of-learning`, `workday-learning-record`, `workday-worker-roster`");
}

#[test]
fn every_session_preset_reads_its_fixture() {
    let mut out = Vec::new();
    for p in presets() {
        let mapping = p.mapping().unwrap();
        if mapping.kind != MappedKind::Sessions {
            continue;
        }
        out.push(format!("{}:", p.name));
        for line in sessions(p.name, &mapping, &mapping) {
            out.push(format!("  {line}"));
        }
    }
    insta::assert_snapshot!(out.join("\n"), @r"
    cornerstone-transcript:
      u1001 2026-03-02T09:15:00+00:00 2700s
      u1002 2026-03-03T14:00:00+00:00 9000s
      u1001 2026-03-04T11:30:00+00:00 900s
      u1003 2026-03-05T16:45:00+00:00 3600s
    docebo-users-courses:
      ada.example 2026-03-02T10:05:00+00:00 2412s
      ben.example 2026-03-03T13:00:00+00:00 10800s
      ada.example 2026-03-04T16:00:00+00:00 3300s
      cy.example 2026-03-05T09:20:00+00:00 2325s
    linkedin-learning-learner-detail:
      EMP-0001 2026-03-02T08:00:00+00:00 2730s
      EMP-0002 2026-03-03T08:00:00+00:00 725s
      EMP-0001 2026-03-05T08:00:00+00:00 3720s
      EMP-0003 2026-03-06T08:00:00+00:00 1800s
    moodle-dedication:
      u1 2026-03-03T10:15:00+00:00 3900s
      u1 2026-03-04T09:02:00+00:00 2710s
      u1 2026-03-30T07:40:00+00:00 1500s
    totara-record-of-learning:
      ada@example.invalid 2026-03-02T09:30:00+00:00 1800s
      ben@example.invalid 2026-03-03T14:00:00+00:00 5400s
      ada@example.invalid 2026-03-05T10:00:00+00:00 2700s
      cy@example.invalid 2026-03-06T16:15:00+00:00 1200s
    workday-learning-record:
      100231 2026-03-02T00:00:00+00:00 3600s
      100232 2026-03-03T00:00:00+00:00 14400s
      100231 2026-03-04T00:00:00+00:00 900s
      100233 2026-03-05T00:00:00+00:00 3600s
    ");
}

#[test]
fn workday_roster_preset_reads_fte_percentages() {
    let mapping = preset("workday-worker-roster").unwrap();
    let bytes = fixture("workday-worker-roster");
    let read: Vec<String> = read_mapped_roster(
        "roster.csv",
        &bytes[..],
        &mapping,
        MapContext::new(),
        ReadOptions::new(),
    )
    .unwrap()
    .map(|r| match r {
        Ok(l) => format!(
            "{} {:?} {:?} {:?}",
            l.value.id(),
            l.value.workload(),
            l.value.start_date(),
            l.value.end_date()
        ),
        Err(e) => e.to_string(),
    })
    .collect();
    insta::assert_snapshot!(read.join("\n"), @r"
    100231 Fte(Proportion { ppm: 500000 }) Some(2020-01-15) None
    100232 Fte(Proportion { ppm: 1000000 }) Some(2021-06-01) None
    100233 Fte(Proportion { ppm: 750000 }) Some(2022-09-01) Some(2026-03-31)
    ");
}

#[test]
fn suggestions_read_id_time_and_duration_as_the_presets_do() {
    for p in presets() {
        let mapping = p.mapping().unwrap();
        let bytes = fixture(p.name);
        let text = suggest(
            &format!("{}.csv", p.name),
            &bytes[..],
            SuggestOptions::new(mapping.kind),
            &ReadOptions::new(),
        );
        let suggested =
            Mapping::from_toml_str(&text).unwrap_or_else(|e| panic!("{}: {e}\n{text}", p.name));
        if mapping.kind == MappedKind::Sessions {
            assert_eq!(
                sessions(p.name, &suggested, &mapping),
                sessions(p.name, &mapping, &mapping),
                "{}:\n{text}",
                p.name
            );
        } else {
            for field in ["learner_id", "start_date", "end_date", "fte"] {
                assert_eq!(
                    suggested.fields.get(field),
                    mapping.fields.get(field),
                    "{}: {field}\n{text}",
                    p.name
                );
            }
        }
    }
}

#[test]
fn a_suggestion_explains_itself() {
    let text = suggest(
        "linkedin.csv",
        &fixture("linkedin-learning-learner-detail")[..],
        SuggestOptions::new(MappedKind::Sessions),
        &ReadOptions::new(),
    );
    insta::assert_snapshot!(text, @r#"
    # Proposed by `upskill map suggest` from `linkedin.csv` (7 columns, 4 rows sampled).
    # Check each choice, edit what is wrong, then pass the file with `--mapping`.
    schema_version = 1
    kind = "sessions"
    # The date-times carry no UTC offset: they are read as wall-clock times in the
    # pledge's zone. Name the export's zone instead (such as "Europe/London") if it differs.
    time_zone = "pledge"

    [fields]
    # `Unique User ID`: the learner: the header names a user or employee id (text, 3 distinct values in 4 rows)
    learner_id = { column = "Unique User ID" }
    # no column looks like a record id: each row gets one derived from its content (`row-` and a hash)
    # `Last Viewed Date`: when the learning started (every value reads as a date with the pattern `%Y-%m-%d`); a date only, so sessions start at midnight
    start = { column = "Last Viewed Date", datetime = "%Y-%m-%d" }
    # `Hours Viewed`: how long (every value is a duration `H:MM:SS`)
    duration = { column = "Hours Viewed", duration = "hms" }
    # `Content Type`: the kind of learning (3 distinct values in 4 rows); each value is mapped to the activity kind it most likely means: check the map
    activity = { column = "Content Type", default = "e_learning", map = { "Book" = "reading", "Course" = "course", "Video" = "e_learning" } }
    # `Content Title`: the title of what was learned (text, 4 distinct values in 4 rows)
    title = "Content Title"

    # Columns not placed:
    # - `Name`: text, 3 distinct values in 4 rows; not used
    # - `Email`: every value is an e-mail address; not used
    "#);
}

#[test]
fn without_a_kind_each_fixture_is_guessed_as_its_presets_kind_and_the_guess_stated() {
    // New-user review (issue 11): the Workday roster was proposed as
    // sessions (`start = Termination Date`).
    for p in presets() {
        let mapping = p.mapping().unwrap();
        let proposal = propose(
            &format!("{}.csv", p.name),
            &fixture(p.name)[..],
            SuggestOptions::guess_kind(),
            &ReadOptions::new(),
        );
        assert_eq!(
            proposal.kind, mapping.kind,
            "{}:\n{}",
            p.name, proposal.text
        );
        let stated = format!("`--kind` not given: guessed `{}`", mapping.kind.name());
        assert!(
            proposal.guesses.iter().any(|g| g.starts_with(&stated)),
            "{}: {:?}",
            p.name,
            proposal.guesses
        );
        assert!(
            proposal
                .text
                .lines()
                .nth(2)
                .is_some_and(|l| l.starts_with(&format!("# {stated}"))),
            "{}",
            proposal.text
        );
        let read = Mapping::from_toml_str(&proposal.text).unwrap();
        assert_eq!(read.kind, mapping.kind);
    }
    let roster = propose(
        "roster.csv",
        &fixture("workday-worker-roster")[..],
        SuggestOptions::guess_kind(),
        &ReadOptions::new(),
    );
    insta::assert_snapshot!(roster.guesses.join("\n"), @r"
    `--kind` not given: guessed `roster` from the columns (`Hire Date`, `Termination Date`, `Scheduled Weekly Hours`, `FTE`, `Supervisory Organization` name employment (FTE, hours, team or hire dates) and no column reads as a learning date-time with a duration); pass `--kind` if it is wrong
    ");
    // A leave export: from and to dates and a leave type.
    let leave = "Employee,Absence Type,From,To\nE1,Annual Leave,2026-03-02,2026-03-06\nE2,Sick,2026-03-03,2026-03-03\nE3,Annual Leave,2026-04-01,2026-04-03\n";
    let proposal = propose(
        "leave.csv",
        leave.as_bytes(),
        SuggestOptions::guess_kind(),
        &ReadOptions::new(),
    );
    assert_eq!(proposal.kind, MappedKind::Leave, "{}", proposal.text);
    // A kind given is obeyed, and not stated as a guess.
    let given = propose(
        "roster.csv",
        &fixture("workday-worker-roster")[..],
        SuggestOptions::new(MappedKind::Sessions),
        &ReadOptions::new(),
    );
    assert_eq!(given.kind, MappedKind::Sessions);
    assert!(given.guesses.is_empty(), "{:?}", given.guesses);
}

#[test]
fn excel_serial_dates_are_proposed_as_excel_and_read() {
    // New-user review (issue 11): `Started` `46083.5` was "every value is a
    // number; not used".
    let csv = "Employee ID,Course,Started,Time Spent\n100231,A,46083.5,1:05:00\n100232,B,46084.375,0:30:00\n";
    let text = suggest(
        "excel.csv",
        csv.as_bytes(),
        SuggestOptions::guess_kind(),
        &ReadOptions::new(),
    );
    assert!(
        text.contains("start = { column = \"Started\", datetime = \"excel\" }"),
        "{text}"
    );
    assert!(
        text.contains("which Excel writes for a date-time"),
        "{text}"
    );
    let mapping = Mapping::from_toml_str(&text).unwrap();
    let read: Vec<String> = read_mapped_sessions(
        "excel.csv",
        csv.as_bytes(),
        &mapping,
        MapContext::new().with_pledge_zone(chrono_tz::Europe::London),
        ReadOptions::new(),
    )
    .unwrap()
    .map(|r| {
        let l = r.unwrap();
        format!(
            "{} {} {}s",
            l.value.learner_id(),
            l.value.start_utc().to_rfc3339(),
            l.value.duration().as_millis() / 1000
        )
    })
    .collect();
    insta::assert_snapshot!(read.join("\n"), @r"
    100231 2026-03-02T12:00:00+00:00 3900s
    100232 2026-03-03T09:00:00+00:00 1800s
    ");
    // Numbers that are not plausible serials, or whose header names no
    // date, stay numbers.
    for csv in [
        "Employee ID,Started,Minutes\n1,12.5,30\n2,13,40\n",
        "Employee ID,Score,Minutes\n1,46083,30\n2,46084,40\n",
        "Employee ID,Time spent (min),Started\n1,46083.5,2026-03-02 09:00\n",
    ] {
        let text = suggest(
            "n.csv",
            csv.as_bytes(),
            SuggestOptions::guess_kind(),
            &ReadOptions::new(),
        );
        assert!(!text.contains("\"excel\""), "{csv}\n{text}");
    }
}

#[test]
fn every_dialect_guess_is_stated_in_the_proposal_and_returned() {
    // New-user review (issue 11): the encoding guessed was never stated.
    let utf8 = "Mitarbeiter;Beginn;Dauer (min);Kurs\nE1;02.03.2026 09:00;22,5;Führung\nE2;03.03.2026 10:00;30;Café\n";
    let cp1252: Vec<u8> = utf8
        .chars()
        .map(|c| match c {
            'ü' => 0xFC,
            'é' => 0xE9,
            c => c as u8,
        })
        .collect();
    let mut utf16 = vec![0xFF, 0xFE];
    for unit in utf8.encode_utf16() {
        utf16.extend_from_slice(&unit.to_le_bytes());
    }
    for (bytes, encoding) in [(&cp1252[..], "windows-1252"), (&utf16[..], "utf-16le")] {
        let proposal = propose(
            "de.csv",
            bytes,
            SuggestOptions::new(MappedKind::Sessions),
            &ReadOptions::new(),
        );
        let text = &proposal.text;
        assert!(
            text.contains(&format!("encoding = \"{encoding}\"")),
            "{text}"
        );
        assert_eq!(proposal.guesses.len(), 3, "{:?}", proposal.guesses);
        for guess in &proposal.guesses {
            assert!(text.contains(&format!("# {guess}")), "{guess}\n{text}");
        }
        let mapping = Mapping::from_toml_str(text).unwrap();
        assert_eq!(mapping.csv.encoding.as_deref(), Some(encoding));
    }
    insta::assert_snapshot!(
        propose("de.csv", &cp1252[..], SuggestOptions::new(MappedKind::Sessions), &ReadOptions::new()).guesses.join("\n"),
        @r"
    the file is not UTF-8; it is read as windows-1252: save it as UTF-8, or pass `--encoding`, to change this
    the header is `;`-separated, so every row is read so; pass `--delimiter` to change this
    numbers are read with `,` as the decimal mark (such as `22,5` in the file), as `;`-separated files write them; pass `--decimal-comma false` to change this
    "
    );
}
