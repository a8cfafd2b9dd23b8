//! Record batches in memory (a table a program hands over, such as a
//! pyarrow or Polars table through the Arrow C stream interface) read as
//! CSV is: the same codes and fates, rows located by their place in the
//! whole table across batches, a failing stream a file problem.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]
#![allow(clippy::indexing_slicing, reason = "tests")]

use std::sync::Arc;

use arrow_array::builder::{Int64Builder, StringBuilder};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{ArrowError, DataType, Field, Schema, SchemaRef};
use upskill_arrow::{ArrowTable, ColumnarFormat, ColumnarInput, ColumnarReader, read_sessions};
use upskill_formats::{ReadOptions, Rejected};
use upskill_quota::Learner;
use upskill_session::LearningSession;

const FAULTY: &str = "\
record_id,learner_id,start,end,duration_minutes,activity,self_reported,skill_areas
r1,e1,2026-03-02T09:00:00+00:00,,45,e_learning,yes,data;ai
r2,e1,2026-03-02T09:00:00,,45,e_learning,,
r3,e1,2026-03-02T09:00:00Z,2026-03-02T08:00:00Z,,webinar,,
r4,,2026-03-02T09:00:00Z,,30,webinar,,
r5,e2,not a time,,30,nap,maybe,
r6,e2,2026-03-02T09:00:00Z,,,reading,,
r7,e2,2026-03-02T09:00:00Z,2026-03-02T10:00:00Z,30,reading,,
";

/// The cells of `csv` as text columns (empty: null), cut into batches of
/// `rows` rows.
fn batches_of_csv(csv: &str, rows: usize) -> (SchemaRef, Vec<RecordBatch>) {
    let mut reader = csv::ReaderBuilder::new().from_reader(csv.as_bytes());
    let names: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let all: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    let schema: SchemaRef = Arc::new(Schema::new(
        names
            .iter()
            .map(|n| Field::new(n, DataType::Utf8, true))
            .collect::<Vec<_>>(),
    ));
    let batches = all
        .chunks(rows)
        .map(|chunk| {
            let columns: Vec<ArrayRef> = (0..names.len())
                .map(|i| {
                    let mut b = StringBuilder::new();
                    for row in chunk {
                        match row[i].as_str() {
                            "" => b.append_null(),
                            cell => b.append_value(cell),
                        }
                    }
                    Arc::new(b.finish()) as ArrayRef
                })
                .collect();
            RecordBatch::try_new(Arc::clone(&schema), columns).unwrap()
        })
        .collect();
    (schema, batches)
}

fn codes(item: &Result<upskill_formats::Located<LearningSession>, Rejected>) -> String {
    match item {
        Ok(_) => "ok".to_string(),
        Err(rejected) => rejected
            .diagnostics()
            .map(|d| d.code.clone())
            .collect::<Vec<_>>()
            .join(","),
    }
}

#[test]
fn batches_get_the_codes_csv_gets_and_rows_are_located_in_the_whole_table() {
    let csv: Vec<String> =
        upskill_formats::read_sessions("s.csv", FAULTY.as_bytes(), None, ReadOptions::new())
            .map(|item| codes(&item))
            .collect();
    let (schema, batches) = batches_of_csv(FAULTY, 3);
    assert_eq!(batches.len(), 3);
    let reader = ColumnarReader::<LearningSession>::from_batches(
        "sessions",
        schema,
        batches.into_iter().map(Ok),
        ReadOptions::new(),
    );
    assert_eq!(reader.format(), ColumnarFormat::RecordBatches);
    let items: Vec<_> = reader.collect();
    let got: Vec<String> = items.iter().map(codes).collect();
    assert_eq!(got, csv);
    assert_eq!(items.len(), 7);
    // Row 3 (the fourth, in the second batch) and row 6 (the third batch):
    // located by their place in the whole table, not in their batch.
    let problems: Vec<String> = items
        .into_iter()
        .filter_map(Result::err)
        .flat_map(Rejected::into_diagnostics)
        .map(|d| d.to_string())
        .collect();
    insta::assert_snapshot!(problems.join("\n"), @r"
    sessions[1]#/start: error[S006]: `start` `2026-03-02T09:00:00` has no UTC offset: add one, such as `Z` or `+01:00`, or name the zone of local times (`--local-time-zone ZONE`, or `time_zone` in a mapping)
    sessions[2]#/end: error[S012]: end `2026-03-02T08:00:00+00:00` is before start `2026-03-02T09:00:00+00:00`
    sessions[3]#/learner_id: error[S001]: `learner_id` is empty
    sessions[4]#/start: error[S005]: `start` `not a time` is not a timestamp: expected RFC 3339 such as `2026-03-02T09:30:00+00:00`
    sessions[4]#/activity: error[S007]: unknown activity kind `nap`: expected one of e_learning, course, webinar, workshop, coaching, mentoring, reading, conference, on_the_job, other
    sessions[4]#/self_reported: error[S015]: `self_reported` `maybe` is not a flag: expected true, false, yes, no, 1 or 0
    sessions[5]: error[S008]: the record gives no length: give one of `end`, `duration` or `duration_minutes`
    sessions[6]#/duration_minutes: error[S009]: the record gives both `end` and `duration_minutes`: give one length
    ");
}

#[test]
fn a_table_reads_again_and_again_as_a_columnar_input() {
    let (schema, batches) = batches_of_csv(FAULTY, 2);
    let table = ArrowTable::new(schema, batches);
    assert_eq!(table.num_rows(), 7);
    assert_eq!(table.clone(), table);
    for _ in 0..2 {
        let reader = read_sessions(
            "sessions",
            ColumnarInput::Table(table.clone()),
            ReadOptions::new(),
        )
        .unwrap();
        let ok: Vec<String> = reader
            .filter_map(Result::ok)
            .map(|s| format!("{} {}", s.value.record_id(), s.location))
            .collect();
        assert_eq!(ok, ["r1 sessions[0]"]);
    }
    // The IPC stream of the table reads back to the same rows.
    let ipc = table.to_ipc_stream().unwrap();
    let back = read_sessions("s.arrows", ColumnarInput::memory(ipc), ReadOptions::new()).unwrap();
    assert_eq!(back.count(), 7);
}

#[test]
fn a_wrong_type_or_a_missing_column_is_a_file_problem_and_no_row_is_read() {
    // `start_date` as integers: no date column.
    let schema: SchemaRef = Arc::new(Schema::new(vec![
        Field::new("learner_id", DataType::Utf8, false),
        Field::new("start_date", DataType::Int64, true),
    ]));
    let mut id = StringBuilder::new();
    id.append_value("e1");
    let mut date = Int64Builder::new();
    date.append_value(20260302);
    let batch = RecordBatch::try_new(
        Arc::clone(&schema),
        vec![Arc::new(id.finish()), Arc::new(date.finish())],
    )
    .unwrap();
    let mut reader =
        ColumnarReader::<Learner>::from_batches("roster", schema, [Ok(batch)], ReadOptions::new());
    assert!(reader.next().is_none());
    let problems: Vec<String> = reader
        .file_problems()
        .iter()
        .map(ToString::to_string)
        .collect();
    insta::assert_snapshot!(problems.join("\n"), @"roster#/columns/1: error[F020]: column `start_date` holds Int64, which `start_date` is not read from: give `YYYY-MM-DD` text or dates; no row can be read");

    // Sessions without `start`.
    let schema: SchemaRef = Arc::new(Schema::new(vec![
        Field::new("record_id", DataType::Utf8, false),
        Field::new("learner_id", DataType::Utf8, false),
    ]));
    let mut reader = ColumnarReader::<LearningSession>::from_batches(
        "sessions",
        schema,
        std::iter::empty(),
        ReadOptions::new(),
    );
    assert!(reader.next().is_none());
    let codes: Vec<&str> = reader
        .file_problems()
        .iter()
        .map(|d| d.code.as_str())
        .collect();
    insta::assert_snapshot!(codes.join(","), @"F008,F008,F008");
}

#[test]
fn a_failing_stream_keeps_the_rows_before_and_is_a_file_problem() {
    let (schema, mut batches) = batches_of_csv(FAULTY, 3);
    batches.truncate(1);
    let stream =
        batches
            .into_iter()
            .map(Ok)
            .chain(std::iter::once(Err(ArrowError::CDataInterface(
                "the producer stopped".to_string(),
            ))));
    let mut reader = ColumnarReader::<LearningSession>::from_batches(
        "sessions",
        schema,
        stream,
        ReadOptions::new(),
    );
    let read = reader.by_ref().count();
    assert_eq!(read, 3);
    let problems: Vec<String> = reader
        .file_problems()
        .iter()
        .map(ToString::to_string)
        .collect();
    insta::assert_snapshot!(problems.join("\n"), @"sessions#/batches/1: error[F019]: record batch 1 cannot be read, nor any after it: C Data interface error: the producer stopped");
}
