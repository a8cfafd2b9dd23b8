//! Parquet writers: records (for `upskill convert`), the audit ledger and
//! the per-learner-week detail. Schemas are documented in `docs/formats.md`.

use std::borrow::{Borrow, Cow};
use std::io::Write;
use std::sync::Arc;

use arrow_array::builder::{
    BooleanBuilder, Date32Builder, Float64Builder, StringBuilder, TimestampMillisecondBuilder,
    UInt32Builder, UInt64Builder,
};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{ArrowError, DataType, Field, Schema, SchemaRef, TimeUnit};
use chrono::{NaiveDate, SecondsFormat};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;
use upskill_formats::LeaveEntry;
use upskill_policy::{Assessment, AuditRow, LearnerWeekStatus};
use upskill_quota::{Learner, Workload};
use upskill_session::{LearningSession, TimeTotal};

use crate::error::WriteError;

/// Rows per record batch written.
const BATCH_ROWS: usize = 8 * 1024;
/// Rows per Parquet row group: what a reader holds in memory at once.
const ROW_GROUP_ROWS: usize = 128 * 1024;

/// One cell to write.
enum Cell<'a> {
    Text(Option<Cow<'a, str>>),
    Flag(Option<bool>),
    Date(Option<NaiveDate>),
    Float(Option<f64>),
    Count(Option<u64>),
    Small(Option<u32>),
    Instant(Option<i64>),
}

fn text(value: impl Into<Cow<'static, str>>) -> Cell<'static> {
    Cell::Text(Some(value.into()))
}

fn text_of(value: Option<&str>) -> Cell<'_> {
    Cell::Text(value.filter(|v| !v.is_empty()).map(Cow::Borrowed))
}

enum Builder {
    Text(StringBuilder),
    Flag(BooleanBuilder),
    Date(Date32Builder),
    Float(Float64Builder),
    Count(UInt64Builder),
    Small(UInt32Builder),
    Instant(TimestampMillisecondBuilder),
}

impl Builder {
    fn for_type(data_type: &DataType) -> Builder {
        match data_type {
            DataType::Boolean => Builder::Flag(BooleanBuilder::new()),
            DataType::Date32 => Builder::Date(Date32Builder::new()),
            DataType::Float64 => Builder::Float(Float64Builder::new()),
            DataType::UInt64 => Builder::Count(UInt64Builder::new()),
            DataType::UInt32 => Builder::Small(UInt32Builder::new()),
            DataType::Timestamp(_, _) => {
                Builder::Instant(TimestampMillisecondBuilder::new().with_timezone("UTC"))
            }
            _ => Builder::Text(StringBuilder::new()),
        }
    }

    fn push(&mut self, cell: Cell<'_>) {
        match (self, cell) {
            (Builder::Text(b), Cell::Text(v)) => b.append_option(v),
            (Builder::Flag(b), Cell::Flag(v)) => b.append_option(v),
            (Builder::Date(b), Cell::Date(v)) => b.append_option(v.map(days_since_epoch)),
            (Builder::Float(b), Cell::Float(v)) => b.append_option(v),
            (Builder::Count(b), Cell::Count(v)) => b.append_option(v),
            (Builder::Small(b), Cell::Small(v)) => b.append_option(v),
            (Builder::Instant(b), Cell::Instant(v)) => b.append_option(v),
            // The tables below give each column its builder's cell.
            (Builder::Text(b), _) => b.append_null(),
            (Builder::Flag(b), _) => b.append_null(),
            (Builder::Date(b), _) => b.append_null(),
            (Builder::Float(b), _) => b.append_null(),
            (Builder::Count(b), _) => b.append_null(),
            (Builder::Small(b), _) => b.append_null(),
            (Builder::Instant(b), _) => b.append_null(),
        }
    }

    fn finish(&mut self) -> ArrayRef {
        match self {
            Builder::Text(b) => Arc::new(b.finish()),
            Builder::Flag(b) => Arc::new(b.finish()),
            Builder::Date(b) => Arc::new(b.finish()),
            Builder::Float(b) => Arc::new(b.finish()),
            Builder::Count(b) => Arc::new(b.finish()),
            Builder::Small(b) => Arc::new(b.finish()),
            Builder::Instant(b) => Arc::new(b.finish()),
        }
    }
}

fn days_since_epoch(date: NaiveDate) -> i32 {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
    i32::try_from((date - epoch).num_days()).unwrap_or_default()
}

/// Record batches built row by row: one builder per column, a batch cut
/// every [`BATCH_ROWS`] rows. Shared by the Parquet writers ([`Table`])
/// and the batches handed to programs ([`learner_week_batches`],
/// [`ledger_batches`]).
struct Batches {
    schema: SchemaRef,
    builders: Vec<Builder>,
    rows: usize,
}

impl Batches {
    fn new(columns: &[(&str, DataType, bool)]) -> Batches {
        let schema: SchemaRef = Arc::new(Schema::new(
            columns
                .iter()
                .map(|(name, data_type, nullable)| Field::new(*name, data_type.clone(), *nullable))
                .collect::<Vec<_>>(),
        ));
        let builders = schema
            .fields()
            .iter()
            .map(|f| Builder::for_type(f.data_type()))
            .collect();
        Batches {
            schema,
            builders,
            rows: 0,
        }
    }

    /// Adds a row; a full batch when this row completes one.
    fn push(&mut self, cells: Vec<Cell<'_>>) -> Result<Option<RecordBatch>, ArrowError> {
        for (builder, cell) in self.builders.iter_mut().zip(cells) {
            builder.push(cell);
        }
        self.rows += 1;
        if self.rows >= BATCH_ROWS {
            return self.cut();
        }
        Ok(None)
    }

    /// The rows added since the last batch, as a batch (`None`: none).
    fn cut(&mut self) -> Result<Option<RecordBatch>, ArrowError> {
        if self.rows == 0 {
            return Ok(None);
        }
        let arrays: Vec<ArrayRef> = self.builders.iter_mut().map(Builder::finish).collect();
        self.rows = 0;
        RecordBatch::try_new(Arc::clone(&self.schema), arrays).map(Some)
    }
}

/// Rows collected into record batches in memory.
struct Collected {
    batches: Batches,
    done: Vec<RecordBatch>,
}

impl Collected {
    fn new(columns: &[(&str, DataType, bool)]) -> Collected {
        Collected {
            batches: Batches::new(columns),
            done: Vec::new(),
        }
    }
}

/// Where the rows of a table go: a Parquet file or batches in memory.
trait Sink {
    fn push(&mut self, cells: Vec<Cell<'_>>) -> Result<(), WriteError>;
}

impl Sink for Collected {
    fn push(&mut self, cells: Vec<Cell<'_>>) -> Result<(), WriteError> {
        self.done.extend(self.batches.push(cells)?);
        Ok(())
    }
}

impl Collected {
    fn finish(mut self) -> Result<(SchemaRef, Vec<RecordBatch>), WriteError> {
        self.done.extend(self.batches.cut()?);
        Ok((self.batches.schema, self.done))
    }
}

/// A Parquet file written batch by batch.
struct Table<W: Write + Send> {
    writer: ArrowWriter<W>,
    batches: Batches,
}

impl<W: Write + Send> Sink for Table<W> {
    fn push(&mut self, cells: Vec<Cell<'_>>) -> Result<(), WriteError> {
        if let Some(batch) = self.batches.push(cells)? {
            self.writer.write(&batch)?;
        }
        Ok(())
    }
}

impl<W: Write + Send> Table<W> {
    fn new(out: W, columns: &[(&str, DataType, bool)]) -> Result<Table<W>, WriteError> {
        let batches = Batches::new(columns);
        let properties = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_max_row_group_row_count(Some(ROW_GROUP_ROWS))
            .build();
        let writer = ArrowWriter::try_new(out, Arc::clone(&batches.schema), Some(properties))?;
        Ok(Table { writer, batches })
    }

    fn finish(mut self) -> Result<W, WriteError> {
        if let Some(batch) = self.batches.cut()? {
            self.writer.write(&batch)?;
        }
        Ok(self.writer.into_inner()?)
    }
}

/// `batches` of the schema `schema` as an Arrow IPC stream, uncompressed.
pub(crate) fn ipc_stream(
    schema: &SchemaRef,
    batches: &[RecordBatch],
) -> Result<Vec<u8>, ArrowError> {
    let mut writer = arrow_ipc::writer::StreamWriter::try_new(Vec::new(), schema)?;
    for batch in batches {
        writer.write(batch)?;
    }
    writer.into_inner()
}

/// Record batches of one schema as an Arrow IPC stream (a schema message,
/// then each batch; uncompressed): how [`learner_week_batches`] and
/// [`ledger_batches`] cross into a program that reads IPC (pyarrow's
/// `ipc.open_stream`).
///
/// # Errors
///
/// [`WriteError::Arrow`] for a batch that does not fit the schema.
pub fn write_ipc_stream(
    schema: &SchemaRef,
    batches: &[RecordBatch],
) -> Result<Vec<u8>, WriteError> {
    Ok(ipc_stream(schema, batches)?)
}

/// Writes a table of text cells as Parquet, every column `Utf8` (nullable)
/// under its name as given, each cell as given (`None`: null): the cells
/// of a CSV file kept as written, bad ones included, so that a reader of
/// this crate gives every row the fate the CSV row gets
/// (`upskill convert --as-text`).
///
/// # Errors
///
/// [`WriteError`] when `out` fails.
pub fn write_text_columns<W: Write + Send>(
    names: &[&str],
    rows: impl IntoIterator<Item = Vec<Option<String>>>,
    out: W,
) -> Result<W, WriteError> {
    let columns: Vec<(&str, DataType, bool)> =
        names.iter().map(|n| (*n, DataType::Utf8, true)).collect();
    let mut table = Table::new(out, &columns)?;
    for row in rows {
        let mut cells: Vec<Cell<'_>> = row
            .into_iter()
            .map(|c| Cell::Text(c.map(Cow::Owned)))
            .collect();
        cells.resize_with(names.len(), || Cell::Text(None));
        table.push(cells)?;
    }
    table.finish()
}

fn instant(t: chrono::DateTime<chrono::FixedOffset>) -> String {
    t.to_rfc3339_opts(SecondsFormat::AutoSi, false)
}

/// Writes learning sessions as Parquet to `out` and returns it: the
/// columns of the canonical CSV writer, `start` and `end` as RFC 3339 text
/// (each keeps its own UTC offset, which an Arrow timestamp column, one zone
/// for all rows, cannot), `self_reported` as a boolean.
///
/// # Errors
///
/// [`WriteError`] when `out` fails.
pub fn write_sessions<W: Write + Send>(
    sessions: impl IntoIterator<Item = impl Borrow<LearningSession>>,
    out: W,
) -> Result<W, WriteError> {
    let utf8 = DataType::Utf8;
    let mut table = Table::new(
        out,
        &[
            ("record_id", utf8.clone(), false),
            ("learner_id", utf8.clone(), false),
            ("start", utf8.clone(), false),
            ("end", utf8.clone(), false),
            ("activity", utf8.clone(), false),
            ("title", utf8.clone(), true),
            ("source", utf8.clone(), true),
            ("skill_areas", utf8, true),
            ("self_reported", DataType::Boolean, false),
        ],
    )?;
    for s in sessions {
        let s: &LearningSession = s.borrow();
        table.push(vec![
            text(s.record_id().to_string()),
            text(s.learner_id().to_string()),
            text(instant(s.start())),
            text(instant(s.end())),
            text(s.activity().name()),
            text_of(s.title()),
            text_of(s.source()),
            Cell::Text(
                Some(s.skill_areas().join(";"))
                    .filter(|t| !t.is_empty())
                    .map(Cow::Owned),
            ),
            Cell::Flag(Some(s.self_reported())),
        ])?;
    }
    table.finish()
}

/// Writes roster rows as Parquet: dates as dates, `fte` and
/// `contracted_hours` as floating-point numbers (the shortest decimal of
/// each reads back to the same value), `team` as text.
///
/// # Errors
///
/// [`WriteError`] when `out` fails.
pub fn write_roster<W: Write + Send>(
    learners: impl IntoIterator<Item = impl Borrow<Learner>>,
    out: W,
) -> Result<W, WriteError> {
    let mut table = Table::new(
        out,
        &[
            ("learner_id", DataType::Utf8, false),
            ("start_date", DataType::Date32, true),
            ("end_date", DataType::Date32, true),
            ("fte", DataType::Float64, true),
            ("contracted_hours", DataType::Float64, true),
            ("team", DataType::Utf8, true),
        ],
    )?;
    for learner in learners {
        let learner: &Learner = learner.borrow();
        let (fte, hours) = match learner.workload() {
            Workload::Fte(p) => (p.to_string().parse::<f64>().ok(), None),
            Workload::ContractedMinutes(m) => (None, Some(f64::from(m.get()) / 60.0)),
        };
        table.push(vec![
            text(learner.id().to_string()),
            Cell::Date(learner.start_date()),
            Cell::Date(learner.end_date()),
            Cell::Float(fte),
            Cell::Float(hours),
            text_of(learner.team()),
        ])?;
    }
    table.finish()
}

/// Writes leave rows as Parquet: `from` and `to` as dates.
///
/// # Errors
///
/// [`WriteError`] when `out` fails.
pub fn write_leave<W: Write + Send>(
    entries: impl IntoIterator<Item = impl Borrow<LeaveEntry>>,
    out: W,
) -> Result<W, WriteError> {
    let mut table = Table::new(
        out,
        &[
            ("learner_id", DataType::Utf8, false),
            ("from", DataType::Date32, false),
            ("to", DataType::Date32, false),
            ("kind", DataType::Utf8, false),
        ],
    )?;
    for entry in entries {
        let entry: &LeaveEntry = entry.borrow();
        let kind = match entry.span.kind {
            upskill_quota::LeaveKind::Annual => "annual",
            upskill_quota::LeaveKind::Sick => "sick",
            upskill_quota::LeaveKind::Parental => "parental",
            _ => "other",
        };
        table.push(vec![
            text(entry.learner.to_string()),
            Cell::Date(Some(entry.span.from)),
            Cell::Date(Some(entry.span.to)),
            text(kind),
        ])?;
    }
    table.finish()
}

/// Writes time totals as Parquet: a day total's `date` (a date), a week
/// total's ISO `week` label, the time as an ISO 8601 `duration` in
/// seconds to the hundredth, as the CSV writer writes them.
///
/// # Errors
///
/// [`WriteError`] when `out` fails.
pub fn write_time_totals<W: Write + Send>(
    totals: impl IntoIterator<Item = impl Borrow<TimeTotal>>,
    out: W,
) -> Result<W, WriteError> {
    use upskill_formats::CsvRow;
    let utf8 = DataType::Utf8;
    let mut table = Table::new(
        out,
        &[
            ("record_id", utf8.clone(), false),
            ("learner_id", utf8.clone(), false),
            ("date", DataType::Date32, true),
            ("week", utf8.clone(), true),
            ("duration", utf8.clone(), false),
            ("activity", utf8.clone(), false),
            ("source", utf8, true),
            ("self_reported", DataType::Boolean, false),
        ],
    )?;
    for total in totals {
        let total: &TimeTotal = total.borrow();
        // The CSV writer's cells: record_id, learner_id, date, week,
        // duration, activity, source, self_reported.
        let cells = total.cells();
        let cell = |i: usize| cells.get(i).cloned().filter(|c| !c.is_empty());
        table.push(vec![
            Cell::Text(cell(0).map(Cow::Owned)),
            Cell::Text(cell(1).map(Cow::Owned)),
            Cell::Date(cell(2).and_then(|d| d.parse().ok())),
            Cell::Text(cell(3).map(Cow::Owned)),
            Cell::Text(cell(4).map(Cow::Owned)),
            Cell::Text(cell(5).map(Cow::Owned)),
            Cell::Text(cell(6).map(Cow::Owned)),
            Cell::Flag(Some(total.self_reported())),
        ])?;
    }
    table.finish()
}

/// The columns of the Parquet audit ledger, in order: those of the JSON
/// Lines ledger (`docs/ledger.md`), `duplicate_of` as two columns and
/// `weeks` as `week:minutes` pairs joined with `;`.
pub const LEDGER_COLUMNS: [&str; 18] = [
    "file",
    "line",
    "record",
    "location",
    "record_id",
    "learner_id",
    "fate",
    "detail",
    "duplicate_of_record_id",
    "duplicate_of_location",
    "clipped_to_as_of_ms",
    "capped_ms",
    "clipped_to_period_ms",
    "overlap_ms",
    "daily_cap_ms",
    "credited_minutes",
    "weeks",
    "message",
];

/// The Arrow types of the ledger's columns.
fn ledger_columns() -> Vec<(&'static str, DataType, bool)> {
    LEDGER_COLUMNS
        .iter()
        .map(|name| {
            let (data_type, nullable) = match *name {
                "line" | "record" => (DataType::UInt64, true),
                "location" | "fate" | "weeks" => (DataType::Utf8, false),
                n if n.ends_with("_ms") || n == "credited_minutes" => (DataType::UInt64, false),
                _ => (DataType::Utf8, true),
            };
            (*name, data_type, nullable)
        })
        .collect()
}

/// Pushes one row per ledger row into `sink`.
fn ledger_rows(rows: &[AuditRow], sink: &mut impl Sink) -> Result<(), WriteError> {
    for row in rows {
        let (of_id, of_location) = match &row.duplicate_of {
            Some((id, location)) => (Some(id.as_str()), Some(location.to_string())),
            None => (None, None),
        };
        let weeks: Vec<String> = row
            .weeks
            .iter()
            .map(|(week, minutes)| format!("{week}:{minutes}"))
            .collect();
        sink.push(vec![
            text_of(row.location.file.as_deref()),
            Cell::Count(row.location.line),
            Cell::Count(row.location.record),
            text(row.location.to_string()),
            text_of(row.record_id.as_deref()),
            text_of(row.learner_id.as_deref()),
            text(row.fate.as_str()),
            text_of(row.detail.as_deref()),
            text_of(of_id),
            Cell::Text(of_location.map(Cow::Owned)),
            Cell::Count(Some(row.clipped_to_as_of_ms)),
            Cell::Count(Some(row.capped_ms)),
            Cell::Count(Some(row.clipped_to_period_ms)),
            Cell::Count(Some(row.overlap_ms)),
            Cell::Count(Some(row.daily_capped_ms)),
            Cell::Count(Some(row.minutes())),
            text(weeks.join(";")),
            text_of(row.message.as_deref()),
        ])?;
    }
    Ok(())
}

/// Writes the audit ledger (one row per record read, as
/// `upskill_dataset::write_ledger` writes it in CSV) as Parquet: text
/// columns unescaped (a Parquet file is no spreadsheet), times in whole
/// milliseconds (`UInt64`), `line` and `record` `UInt64` (null when not
/// known), `credited_minutes` `UInt64`.
///
/// # Errors
///
/// [`WriteError`] when `out` fails.
pub fn write_ledger<W: Write + Send>(rows: &[AuditRow], out: W) -> Result<W, WriteError> {
    let mut table = Table::new(out, &ledger_columns())?;
    ledger_rows(rows, &mut table)?;
    table.finish()
}

/// The audit ledger as record batches in memory (the schema and rows of
/// [`write_ledger`]'s Parquet file, batches of at most 8192 rows): for a
/// program that takes Arrow tables (the Python package's `assess`).
///
/// # Errors
///
/// [`WriteError::Arrow`] never in practice (a batch is built of the
/// columns its schema lists).
pub fn ledger_batches(rows: &[AuditRow]) -> Result<(SchemaRef, Vec<RecordBatch>), WriteError> {
    let mut collected = Collected::new(&ledger_columns());
    ledger_rows(rows, &mut collected)?;
    collected.finish()
}

/// The columns of the Parquet learner-week detail, in order.
pub const LEARNER_WEEK_COLUMNS: [&str; 11] = [
    "learner_id",
    "team",
    "week",
    "week_start",
    "required_minutes",
    "credited_minutes",
    "carried_in_minutes",
    "status",
    "missing_minutes",
    "reason",
    "open",
];

/// The Arrow types of the learner-week detail's columns.
fn learner_week_columns() -> Vec<(&'static str, DataType, bool)> {
    let utf8 = DataType::Utf8;
    vec![
        ("learner_id", utf8.clone(), false),
        ("team", utf8.clone(), false),
        ("week", utf8.clone(), false),
        (
            "week_start",
            DataType::Timestamp(TimeUnit::Millisecond, Some("UTC".into())),
            true,
        ),
        ("required_minutes", DataType::UInt32, false),
        ("credited_minutes", DataType::UInt64, false),
        ("carried_in_minutes", DataType::UInt64, false),
        ("status", utf8.clone(), false),
        ("missing_minutes", DataType::UInt32, true),
        ("reason", utf8, true),
        ("open", DataType::Boolean, false),
    ]
}

/// Pushes one row per learner and week of `assessment` into `sink`.
fn learner_week_rows(assessment: &Assessment, sink: &mut impl Sink) -> Result<(), WriteError> {
    let zone: Option<chrono_tz::Tz> = assessment.organisation.time_zone.parse().ok();
    for learner in &assessment.learners {
        for week in &learner.weeks {
            let start = zone.and_then(|zone| {
                upskill_calendar::Calendar::new(zone, week.week.start_day())
                    .week_interval(week.week)
                    .ok()
                    .map(|interval| interval.start.timestamp_millis())
            });
            let status = match week.status {
                LearnerWeekStatus::Met => "met",
                LearnerWeekStatus::Short => "short",
                LearnerWeekStatus::Exempt => "exempt",
                LearnerWeekStatus::NotEmployed => "not_employed",
            };
            sink.push(vec![
                Cell::Text(Some(Cow::Borrowed(learner.learner_id.as_str()))),
                Cell::Text(Some(Cow::Borrowed(learner.team.as_str()))),
                text(week.week.label()),
                Cell::Instant(start),
                Cell::Small(Some(week.required_minutes)),
                Cell::Count(Some(week.credited_minutes)),
                Cell::Count(Some(week.carried_in_minutes)),
                text(status),
                Cell::Small(week.missing_minutes),
                Cell::Text(week.reason.map(|r| Cow::Borrowed(r.name()))),
                Cell::Flag(Some(week.open)),
            ])?;
        }
    }
    Ok(())
}

/// Writes the per-learner-week detail of `assessment` (one row per learner
/// and week of the period, as the JSON report's `learners[].weeks`) as
/// Parquet: `week` the label (`2026-W10`), `week_start` the instant the
/// week starts in the organisation's zone (timestamp, milliseconds, UTC),
/// minutes as integers, `status` and `reason` as their report names.
///
/// Empty when the assessment holds no per-learner detail (`--detail teams`
/// or `none`).
///
/// # Errors
///
/// [`WriteError`] when `out` fails.
pub fn write_learner_weeks<W: Write + Send>(
    assessment: &Assessment,
    out: W,
) -> Result<W, WriteError> {
    let mut table = Table::new(out, &learner_week_columns())?;
    learner_week_rows(assessment, &mut table)?;
    table.finish()
}

/// The per-learner-week detail of `assessment` as record batches in memory
/// (the schema and rows of [`write_learner_weeks`]'s Parquet file, batches
/// of at most 8192 rows): for a program that takes Arrow tables.
///
/// # Errors
///
/// [`WriteError::Arrow`] never in practice.
pub fn learner_week_batches(
    assessment: &Assessment,
) -> Result<(SchemaRef, Vec<RecordBatch>), WriteError> {
    let mut collected = Collected::new(&learner_week_columns());
    learner_week_rows(assessment, &mut collected)?;
    collected.finish()
}
