//! Parquet and Arrow IPC read as CSV is: same values, same codes, rows
//! located by row group and row; writers that round-trip; broken files
//! that are typed errors, never panics.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]
#![allow(clippy::indexing_slicing, reason = "tests")]

use std::sync::Arc;

use arrow_array::builder::{
    BooleanBuilder, Date32Builder, Float64Builder, Int64Builder, ListBuilder, StringBuilder,
    TimestampMillisecondBuilder,
};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema};
use parquet::arrow::ArrowWriter;
use parquet::file::properties::WriterProperties;
use upskill_arrow::{ColumnarError, ColumnarInput, read_roster, read_sessions, write_sessions};
use upskill_formats::{CsvWriter, ReadOptions};

/// A Parquet file whose columns are all text, holding the cells of `csv`
/// as written (the test twin of a CSV file), in row groups of `group` rows.
fn parquet_of_csv(csv: &str, group: usize) -> Vec<u8> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(csv.as_bytes());
    let names: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    let schema = Arc::new(Schema::new(
        names
            .iter()
            .map(|n| Field::new(n, DataType::Utf8, true))
            .collect::<Vec<_>>(),
    ));
    let properties = WriterProperties::builder()
        .set_max_row_group_row_count(Some(group))
        .build();
    let mut writer = ArrowWriter::try_new(Vec::new(), schema.clone(), Some(properties)).unwrap();
    let columns: Vec<ArrayRef> = (0..names.len())
        .map(|i| {
            let mut b = StringBuilder::new();
            for row in &rows {
                match row.get(i).map(String::as_str) {
                    None | Some("") => b.append_null(),
                    Some(cell) => b.append_value(cell),
                }
            }
            Arc::new(b.finish()) as ArrayRef
        })
        .collect();
    writer
        .write(&RecordBatch::try_new(schema, columns).unwrap())
        .unwrap();
    writer.into_inner().unwrap()
}

/// Each record's outcome as text: `ok <record_id>` or its codes.
fn outcomes<T>(
    items: impl Iterator<Item = Result<upskill_formats::Located<T>, upskill_formats::Rejected>>,
) -> Vec<String> {
    items
        .map(|item| match item {
            Ok(_) => "ok".to_string(),
            Err(rejected) => rejected
                .diagnostics()
                .map(|d| d.code.clone())
                .collect::<Vec<_>>()
                .join(","),
        })
        .collect()
}

const FAULTY: &str = "\
record_id,learner_id,start,end,duration_minutes,activity,self_reported,skill_areas
r1,e1,2026-03-02T09:00:00+00:00,,45,e_learning,yes,data;ai
r2,e1,2026-03-02T09:00:00,,45,e_learning,,
r3,e1,2026-03-02T09:00:00Z,2026-03-02T08:00:00Z,,webinar,,
r4,,2026-03-02T09:00:00Z,,30,webinar,,
r5,e2,not a time,,30,nap,maybe,
r6,e2,2026-03-02T09:00:00Z,,,reading,,
r7,e2,2026-03-02T09:00:00Z,2026-03-02T10:00:00Z,30,reading,,
r8,e2,2026-03-02T09:00:00Z,,22.5,reading,0,
r9,e2,2026-03-02T09:00:00Z,,0.0000001,reading,,
r10,e2,2026-03-02T09:00:00Z,,0,reading,,
";

#[test]
fn faulty_rows_get_the_codes_they_get_in_csv() {
    let csv = outcomes(upskill_formats::read_sessions(
        "s.csv",
        FAULTY.as_bytes(),
        None,
        ReadOptions::new(),
    ));
    let parquet = parquet_of_csv(FAULTY, 4);
    let columnar = outcomes(
        read_sessions(
            "s.parquet",
            ColumnarInput::memory(parquet),
            ReadOptions::new(),
        )
        .unwrap(),
    );
    assert_eq!(columnar, csv);
    // The faults are real: most rows are rejected, with their own codes.
    insta::assert_snapshot!(columnar.join(" | "), @"ok | S006 | S012 | S001 | S005,S007,S015 | S008 | S009 | ok | S010 | S013");
}

#[test]
fn rows_are_located_by_row_group_and_row() {
    let parquet = parquet_of_csv(FAULTY, 4);
    let reader = read_sessions(
        "s.parquet",
        ColumnarInput::memory(parquet),
        ReadOptions::new(),
    )
    .unwrap();
    let problems: Vec<String> = reader
        .filter_map(Result::err)
        .flat_map(|r| r.into_diagnostics())
        .map(|d| d.to_string())
        .collect();
    insta::assert_snapshot!(problems.join("\n"), @r"
    s.parquet[1]#/row_groups/0/rows/1/start: error[S006]: `start` `2026-03-02T09:00:00` has no UTC offset: add one, such as `Z` or `+01:00`, or name the zone of local times (`--local-time-zone ZONE`, or `time_zone` in a mapping)
    s.parquet[2]#/row_groups/0/rows/2/end: error[S012]: end `2026-03-02T08:00:00+00:00` is before start `2026-03-02T09:00:00+00:00`
    s.parquet[3]#/row_groups/0/rows/3/learner_id: error[S001]: `learner_id` is empty
    s.parquet[4]#/row_groups/1/rows/0/start: error[S005]: `start` `not a time` is not a timestamp: expected RFC 3339 such as `2026-03-02T09:30:00+00:00`
    s.parquet[4]#/row_groups/1/rows/0/activity: error[S007]: unknown activity kind `nap`: expected one of e_learning, course, webinar, workshop, coaching, mentoring, reading, conference, on_the_job, other
    s.parquet[4]#/row_groups/1/rows/0/self_reported: error[S015]: `self_reported` `maybe` is not a flag: expected true, false, yes, no, 1 or 0
    s.parquet[5]#/row_groups/1/rows/1: error[S008]: the record gives no length: give one of `end`, `duration` or `duration_minutes`
    s.parquet[6]#/row_groups/1/rows/2/duration_minutes: error[S009]: the record gives both `end` and `duration_minutes`: give one length
    s.parquet[8]#/row_groups/2/rows/0/duration_minutes: error[S010]: `duration_minutes` `0.0000001` is finer than a millisecond, which the engine keeps: give at most that precision
    s.parquet[9]#/row_groups/2/rows/1/duration_minutes: error[S013]: the session lasts no time: `duration_minutes` is zero
    ");
}

#[test]
fn natural_types_read_as_their_canonical_text() {
    // start: a timestamp in Europe/Berlin; duration_minutes: integers and
    // floats; self_reported: booleans; skill_areas: a list.
    let schema = Arc::new(Schema::new(vec![
        Field::new("record_id", DataType::Int64, false),
        Field::new("learner_id", DataType::Utf8, false),
        Field::new(
            "start",
            DataType::Timestamp(
                arrow_schema::TimeUnit::Millisecond,
                Some("Europe/Berlin".into()),
            ),
            false,
        ),
        Field::new("duration_minutes", DataType::Float64, false),
        Field::new("activity", DataType::Utf8, false),
        Field::new("self_reported", DataType::Boolean, true),
        Field::new(
            "skill_areas",
            DataType::List(Arc::new(Field::new("item", DataType::Utf8, true))),
            true,
        ),
    ]));
    let mut start = TimestampMillisecondBuilder::new().with_timezone("Europe/Berlin");
    start.append_value(1_772_442_000_000); // 2026-03-02T09:00:00Z
    let mut id = Int64Builder::new();
    id.append_value(17);
    let mut learner = StringBuilder::new();
    learner.append_value(" e1 ");
    let mut minutes = Float64Builder::new();
    minutes.append_value(22.5);
    let mut activity = StringBuilder::new();
    activity.append_value("reading");
    let mut flag = BooleanBuilder::new();
    flag.append_value(true);
    let mut areas = ListBuilder::new(StringBuilder::new());
    areas.values().append_value("data");
    areas.values().append_value("ai");
    areas.append(true);
    let columns: Vec<ArrayRef> = vec![
        Arc::new(id.finish()),
        Arc::new(learner.finish()),
        Arc::new(start.finish()),
        Arc::new(minutes.finish()),
        Arc::new(activity.finish()),
        Arc::new(flag.finish()),
        Arc::new(areas.finish()),
    ];
    let mut writer = ArrowWriter::try_new(Vec::new(), schema.clone(), None).unwrap();
    writer
        .write(&RecordBatch::try_new(schema, columns).unwrap())
        .unwrap();
    let bytes = writer.into_inner().unwrap();
    let session = read_sessions(
        "t.parquet",
        ColumnarInput::memory(bytes),
        ReadOptions::new(),
    )
    .unwrap()
    .next()
    .unwrap()
    .unwrap()
    .value;
    let mut out = CsvWriter::new(Vec::new()).unwrap();
    out.write(&session).unwrap();
    insta::assert_snapshot!(String::from_utf8(out.finish().unwrap()).unwrap(), @r"
    record_id,learner_id,start,end,activity,title,source,skill_areas,self_reported
    17,e1,2026-03-02T10:00:00+01:00,2026-03-02T10:22:30+01:00,reading,,,data;ai,true
    ");
}

#[test]
fn a_column_of_the_wrong_type_stops_the_file_with_f020() {
    let schema = Arc::new(Schema::new(vec![
        Field::new("learner_id", DataType::Utf8, false),
        Field::new("start_date", DataType::Boolean, true),
    ]));
    let mut id = StringBuilder::new();
    id.append_value("e1");
    let mut flag = BooleanBuilder::new();
    flag.append_value(true);
    let columns: Vec<ArrayRef> = vec![Arc::new(id.finish()), Arc::new(flag.finish())];
    let mut writer = ArrowWriter::try_new(Vec::new(), schema.clone(), None).unwrap();
    writer
        .write(&RecordBatch::try_new(schema, columns).unwrap())
        .unwrap();
    let bytes = writer.into_inner().unwrap();
    let mut reader = read_roster(
        "r.parquet",
        ColumnarInput::memory(bytes),
        ReadOptions::new(),
    )
    .unwrap();
    assert!(reader.next().is_none());
    let problems: Vec<String> = reader
        .file_problems()
        .iter()
        .map(ToString::to_string)
        .collect();
    insta::assert_snapshot!(problems.join("\n"), @"r.parquet#/columns/1: error[F020]: column `start_date` holds Boolean, which `start_date` is not read from: give `YYYY-MM-DD` text or dates; no row can be read");
}

#[test]
fn dates_are_read_from_date_columns() {
    let schema = Arc::new(Schema::new(vec![
        Field::new("learner_id", DataType::Utf8, false),
        Field::new("start_date", DataType::Date32, true),
        Field::new("fte", DataType::Float64, true),
    ]));
    let mut id = StringBuilder::new();
    id.append_value("e1");
    id.append_value("e2");
    let mut date = Date32Builder::new();
    date.append_value(20_514); // 2026-03-02
    date.append_null();
    let mut fte = Float64Builder::new();
    fte.append_value(0.6);
    fte.append_value(1.5);
    let columns: Vec<ArrayRef> = vec![
        Arc::new(id.finish()),
        Arc::new(date.finish()),
        Arc::new(fte.finish()),
    ];
    let mut writer = ArrowWriter::try_new(Vec::new(), schema.clone(), None).unwrap();
    writer
        .write(&RecordBatch::try_new(schema, columns).unwrap())
        .unwrap();
    let bytes = writer.into_inner().unwrap();
    let reader = read_roster(
        "r.parquet",
        ColumnarInput::memory(bytes),
        ReadOptions::new(),
    )
    .unwrap();
    let (roster, problems) = upskill_arrow::collect_roster(reader);
    let learners: Vec<_> = roster.learners().collect();
    assert_eq!(learners.len(), 1);
    assert_eq!(learners[0].start_date().unwrap().to_string(), "2026-03-02");
    assert_eq!(
        learners[0].workload(),
        upskill_quota::Workload::Fte(upskill_pledge::Proportion::parse("0.6").unwrap())
    );
    let problems: Vec<String> = problems.iter().map(ToString::to_string).collect();
    insta::assert_snapshot!(problems.join("\n"), @"r.parquet[1]#/row_groups/0/rows/1/fte: error[R006]: FTE `1.5` of `e2` must be above 0 and at most 1, with at most 6 decimal places");
}

/// The example's sessions, as the canonical CSV writer writes them.
fn canonical_example() -> (Vec<upskill_session::LearningSession>, Vec<u8>) {
    let text = upskill_dataset_example_sessions();
    let sessions: Vec<_> =
        upskill_formats::read_sessions("s.csv", text.as_bytes(), None, ReadOptions::new())
            .filter_map(Result::ok)
            .map(|l| l.value)
            .collect();
    let mut out = CsvWriter::new(Vec::new()).unwrap();
    for s in &sessions {
        out.write(s).unwrap();
    }
    (sessions, out.finish().unwrap())
}

fn upskill_dataset_example_sessions() -> String {
    std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../upskill-dataset/example/sessions.csv"
    ))
    .unwrap()
}

#[test]
fn canonical_csv_round_trips_through_parquet() {
    let (sessions, canonical) = canonical_example();
    assert!(sessions.len() > 1_000);
    let parquet = write_sessions(&sessions, Vec::new()).unwrap();
    let back: Vec<_> = read_sessions(
        "s.parquet",
        ColumnarInput::memory(parquet),
        ReadOptions::new(),
    )
    .unwrap()
    .map(|item| item.unwrap().value)
    .collect();
    let mut out = CsvWriter::new(Vec::new()).unwrap();
    for s in &back {
        out.write(s).unwrap();
    }
    assert_eq!(
        String::from_utf8(out.finish().unwrap()).unwrap(),
        String::from_utf8(canonical).unwrap()
    );
}

#[test]
fn truncated_and_garbage_files_are_typed_errors() {
    let (sessions, _) = canonical_example();
    let parquet = write_sessions(&sessions, Vec::new()).unwrap();
    for cut in [
        0,
        3,
        4,
        12,
        parquet.len() / 2,
        parquet.len() - 9,
        parquet.len() - 1,
    ] {
        let bytes = parquet[..cut].to_vec();
        match read_sessions(
            "s.parquet",
            ColumnarInput::memory(bytes),
            ReadOptions::new(),
        ) {
            Err(ColumnarError::Corrupt { .. }) => {}
            Err(other) => panic!("cut at {cut}: {other}"),
            Ok(mut reader) => {
                // A cut that leaves a footer behind would be read to its end.
                for _ in reader.by_ref() {}
                assert!(!reader.file_problems().is_empty(), "cut at {cut}");
            }
        }
    }
    let error = read_sessions(
        "s.parquet",
        ColumnarInput::memory(b"PAR1 this is not parquet".to_vec()),
        ReadOptions::new(),
    )
    .unwrap_err();
    insta::assert_snapshot!(error.to_diagnostic().to_string(), @"s.parquet: error[F019]: the file is not a readable Parquet file: Parquet error: Invalid Parquet file. Corrupt footer");
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

    /// No byte of a Parquet file, flipped, makes the reader panic.
    #[test]
    fn flipped_bytes_never_panic(at in 0usize..10_000, bit in 0u8..8) {
        let mut bytes = parquet_of_csv(FAULTY, 3);
        let at = at % bytes.len();
        bytes[at] ^= 1 << bit;
        if let Ok(reader) = read_sessions("s.parquet", ColumnarInput::memory(bytes), ReadOptions::new()) {
            for _ in reader {}
        }
    }
}

const TOTALS: &str = "\
record_id,learner_id,date,week,minutes,activity,source
t1,e1,2026-03-03,,45,e_learning,lms
t2,e1,,2026-W11,90,course,
t3,e1,2026-03-03,2026-W10,45,course,
t4,e2,2026-02-30,,45,course,
t5,e2,2026-03-03,,26:00,course,
t6,e2,2026-03-03,,1600,course,
t7,,,,,,
";

#[test]
fn time_totals_and_leave_get_their_csv_codes_too() {
    let csv = outcomes(upskill_formats::read_time_totals(
        "t.csv",
        TOTALS.as_bytes(),
        None,
        ReadOptions::new(),
    ));
    let columnar = outcomes(
        upskill_arrow::read_time_totals(
            "t.parquet",
            ColumnarInput::memory(parquet_of_csv(TOTALS, 2)),
            ReadOptions::new(),
        )
        .unwrap(),
    );
    assert_eq!(columnar, csv);
    assert_eq!(columnar.iter().filter(|o| *o == "ok").count(), 2);

    let leave = "learner_id,from,to,kind\ne1,2026-03-02,2026-03-06,annual\ne1,2026-03-09,2026-03-02,sick\ne2,2026-03-02,2026-03-03,holiday\n";
    let csv = outcomes(upskill_formats::read_leave(
        "l.csv",
        leave.as_bytes(),
        None,
        ReadOptions::new(),
    ));
    let columnar = outcomes(
        upskill_arrow::read_leave(
            "l.parquet",
            ColumnarInput::memory(parquet_of_csv(leave, 8)),
            ReadOptions::new(),
        )
        .unwrap(),
    );
    assert_eq!(columnar, csv);
    insta::assert_snapshot!(columnar.join(" | "), @"ok | L007 | L006");
}

/// The cells of `csv` as Arrow IPC (file or stream), all text, in batches of `batch` rows.
fn ipc_of_csv(csv: &str, batch: usize, stream: bool) -> Vec<u8> {
    let parquet = parquet_of_csv(csv, usize::MAX);
    let reader = parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(
        bytes::Bytes::from(parquet),
    )
    .unwrap()
    .with_batch_size(batch)
    .build()
    .unwrap();
    use arrow_array::RecordBatchReader;
    let schema = reader.schema();
    let batches: Vec<RecordBatch> = reader.map(Result::unwrap).collect();
    if stream {
        let mut w = arrow_ipc::writer::StreamWriter::try_new(Vec::new(), &schema).unwrap();
        for b in &batches {
            w.write(b).unwrap();
        }
        w.finish().unwrap();
        w.into_inner().unwrap()
    } else {
        let mut w = arrow_ipc::writer::FileWriter::try_new(Vec::new(), &schema).unwrap();
        for b in &batches {
            w.write(b).unwrap();
        }
        w.finish().unwrap();
        w.into_inner().unwrap()
    }
}

#[test]
fn arrow_ipc_files_and_streams_read_as_parquet_does() {
    let csv = outcomes(upskill_formats::read_sessions(
        "s.csv",
        FAULTY.as_bytes(),
        None,
        ReadOptions::new(),
    ));
    for (name, stream) in [("s.arrow", false), ("s.arrows", true)] {
        let bytes = ipc_of_csv(FAULTY, 4, stream);
        if !stream {
            assert!(bytes.starts_with(b"ARROW1"));
        }
        let reader = read_sessions(name, ColumnarInput::memory(bytes), ReadOptions::new()).unwrap();
        let mut located = Vec::new();
        let items: Vec<_> = reader
            .inspect(|item| {
                if let Err(r) = item {
                    located.push(r.location().to_string());
                }
            })
            .collect();
        assert_eq!(outcomes(items.into_iter()), csv, "{name}");
        assert_eq!(located[3], format!("{name}[4]#/batches/1/rows/0"), "{name}");
    }
}

/// Every byte of a small Parquet file damaged in turn: no panic, whatever
/// the byte was (the Parquet crate asserts on a negative column offset,
/// which a damaged footer can give; the reader turns that into `F019`:
/// found by `flipped_bytes_never_panic`).
#[test]
fn no_damaged_byte_makes_the_reader_panic() {
    let file = parquet_of_csv(FAULTY, 3);
    let mut typed_errors = 0;
    for at in 0..file.len() {
        for mask in [0x01u8, 0xFF] {
            let mut bytes = file.clone();
            bytes[at] ^= mask;
            match read_sessions(
                "s.parquet",
                ColumnarInput::memory(bytes),
                ReadOptions::new(),
            ) {
                Ok(reader) => for _ in reader {},
                Err(_) => typed_errors += 1,
            }
        }
    }
    assert!(typed_errors > 0);
}
