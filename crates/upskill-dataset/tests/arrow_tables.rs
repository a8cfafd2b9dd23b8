//! Tables of Arrow record batches as dataset inputs (`Source::Arrow`, the
//! Python package's `assess`) and as a part's sessions
//! (`PartialEvaluation::ingest_columnar`): the same assessment as the CSV
//! files holding the same cells, rows located at `name[N]`.

#![cfg(feature = "arrow")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests"
)]
#![allow(clippy::indexing_slicing, reason = "tests")]

use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow_array::builder::StringBuilder;
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use upskill_arrow::{ArrowTable, ColumnarReader};
use upskill_dataset::{DatasetFiles, EvaluateOptions, PartialEvaluation, Source, evaluate};
use upskill_session::LearningSession;

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("example")
}

/// The CSV file at `path` as a table of text columns (empty cells null),
/// in batches of 500 rows.
fn table_of_csv(path: &Path) -> ArrowTable {
    let mut reader = csv::Reader::from_path(path).unwrap();
    let names: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    let schema: SchemaRef = Arc::new(Schema::new(
        names
            .iter()
            .map(|n| Field::new(n, DataType::Utf8, true))
            .collect::<Vec<_>>(),
    ));
    let batches = rows
        .chunks(500)
        .map(|chunk| {
            let columns: Vec<ArrayRef> = (0..names.len())
                .map(|i| {
                    let mut b = StringBuilder::new();
                    for row in chunk {
                        match row.get(i).map(String::as_str) {
                            None | Some("") => b.append_null(),
                            Some(cell) => b.append_value(cell),
                        }
                    }
                    Arc::new(b.finish()) as ArrayRef
                })
                .collect();
            RecordBatch::try_new(Arc::clone(&schema), columns).unwrap()
        })
        .collect();
    ArrowTable::new(schema, batches)
}

fn options(period: bool) -> EvaluateOptions {
    let mut options = EvaluateOptions {
        as_of: upskill_dataset::AsOf::parse("2026-05-11").unwrap(),
        ..EvaluateOptions::default()
    };
    if period {
        options.from = Some("2026-W10".to_string());
        options.to = Some("2026-W19".to_string());
    }
    options.engine.audit = true;
    options
}

/// The assessment without the rejections' locations, as JSON.
fn unlocated(assessment: &upskill_policy::Assessment) -> serde_json::Value {
    let mut value = serde_json::to_value(assessment).unwrap();
    let rejections = value["ledger"]["rejections"].as_array_mut().unwrap();
    for r in rejections.iter_mut() {
        r.as_object_mut().unwrap().remove("location");
    }
    rejections.sort_by_key(|r| r.to_string());
    value
}

#[test]
fn tables_as_inputs_give_the_assessment_of_the_csv_files() {
    let dir = example();
    for period in [true, false] {
        let csv = DatasetFiles::new(
            Source::path(dir.join("pledge.json")),
            Source::path(dir.join("roster.csv")),
            vec![Source::path(dir.join("sessions.csv"))],
        )
        .with_leave(Source::path(dir.join("leave.csv")));
        let tables = DatasetFiles::new(
            Source::path(dir.join("pledge.json")),
            Source::arrow("roster", table_of_csv(&dir.join("roster.csv"))),
            vec![Source::arrow(
                "sessions",
                table_of_csv(&dir.join("sessions.csv")),
            )],
        )
        .with_leave(Source::arrow("leave", table_of_csv(&dir.join("leave.csv"))));
        let want = evaluate(&csv, &options(period)).unwrap();
        let got = evaluate(&tables, &options(period)).unwrap();
        assert!(got.assessment.ledger.fates.rejected > 0);
        assert_eq!(unlocated(&got.assessment), unlocated(&want.assessment));
        assert_eq!(got.audit.len(), want.audit.len());
        assert!(
            got.assessment
                .ledger
                .rejections
                .iter()
                .all(|r| r.location.file.as_deref() == Some("sessions")
                    && r.location.record.is_some())
        );
        // A table's digest is of its Arrow IPC stream.
        let roles: Vec<(&str, &str)> = got
            .inputs
            .iter()
            .map(|i| (i.role.as_str(), i.name.as_str()))
            .collect();
        assert!(roles.contains(&("roster", "roster")) && roles.contains(&("sessions", "sessions")));
        assert!(
            got.inputs
                .iter()
                .all(|i| i.bytes > 0 && i.sha256.len() == 64)
        );
    }
}

#[test]
fn a_part_ingests_a_table_as_it_ingests_the_csv_file() {
    let dir = example();
    let files = DatasetFiles::new(
        Source::path(dir.join("pledge.json")),
        Source::path(dir.join("roster.csv")),
        Vec::new(),
    );
    let mut by_file = PartialEvaluation::new(&files, &options(true)).unwrap();
    by_file
        .ingest(&Source::path(dir.join("sessions.csv")))
        .unwrap();
    let mut by_table = PartialEvaluation::new(&files, &options(true)).unwrap();
    let table = table_of_csv(&dir.join("sessions.csv"));
    let reader = ColumnarReader::<LearningSession>::from_table(
        "sessions",
        &table,
        by_table.session_read_options(),
    );
    by_table.ingest_columnar(reader).unwrap();
    assert_eq!(by_table.records_read(), 1393);
    let (got, want) = (by_table.finish().unwrap(), by_file.finish().unwrap());
    assert_eq!(unlocated(&got.assessment), unlocated(&want.assessment));

    // A table without `start`: F008, an error of the table, nothing read.
    let mut part = PartialEvaluation::new(&files, &options(true)).unwrap();
    let schema: SchemaRef = Arc::new(Schema::new(vec![Field::new(
        "record_id",
        DataType::Utf8,
        true,
    )]));
    let reader = ColumnarReader::<LearningSession>::from_batches(
        "sessions",
        schema,
        std::iter::empty(),
        part.session_read_options(),
    );
    let error = part.ingest_columnar(reader).unwrap_err();
    match error {
        upskill_dataset::DatasetError::Unusable { problems, .. } => {
            assert!(problems.iter().any(|p| p.code == "F008"));
        }
        other => panic!("not unusable: {other}"),
    }
    assert_eq!(part.records_read(), 0);
}
