//! Streaming readers of Parquet and Arrow IPC files.

use std::borrow::Cow;
use std::fs::File;
use std::io::{BufReader, Cursor, Read, Seek};
use std::path::Path;
use std::sync::Arc;

use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{ArrowError, SchemaRef};
use bytes::Bytes;
use parquet::arrow::ProjectionMask;
use parquet::arrow::arrow_reader::{
    ArrowReaderMetadata, ArrowReaderOptions, ParquetRecordBatchReader,
    ParquetRecordBatchReaderBuilder,
};
use parquet::errors::ParquetError;
use upskill_diagnostics::{Diagnostic, Location};
use upskill_formats::{CanonicalLayout, LeaveEntry, Located, ReadOptions, Rejected, codes};
use upskill_quota::{Learner, Leave, Roster};
use upskill_session::{LearningSession, TimeTotal};

use crate::cells;
use crate::detect::ColumnarFormat;
use crate::error::ColumnarError;

/// Runs a call into the Parquet or Arrow crates, turning a panic of theirs
/// (an `assert!` on a corrupt file, such as a negative column offset) into
/// an error message: no input may crash a reader.
fn contained<T>(call: impl FnOnce() -> T) -> Result<T, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(call)).map_err(|payload| {
        let what = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "the reader stopped".to_string());
        format!("the file is corrupt: {what}")
    })
}

/// Rows decoded per batch: bounds the memory of a batch's text.
const BATCH_ROWS: usize = 8 * 1024;

/// The bytes of a columnar file: an open file (read from any offset, a row
/// group at a time) or bytes in memory; or a table already decoded into
/// Arrow record batches in memory.
#[derive(Debug)]
pub enum ColumnarInput {
    /// A regular file.
    File(File),
    /// Bytes in memory.
    Memory(Bytes),
    /// Record batches in memory (a table handed over by a program, such as
    /// a pyarrow, Polars or pandas table through the Arrow C stream
    /// interface), read as [`ColumnarFormat::RecordBatches`].
    Table(ArrowTable),
}

/// A table of Arrow record batches in memory, shared (a clone shares the
/// batches): one schema, the batches in order. Read again and again, as a
/// file is, by [`ColumnarInput::Table`].
///
/// Two tables are equal when they share their batches (a clone) and have
/// equal schemas: equality never compares the cells.
#[derive(Debug, Clone)]
pub struct ArrowTable {
    schema: SchemaRef,
    batches: Arc<[RecordBatch]>,
}

impl PartialEq for ArrowTable {
    fn eq(&self, other: &ArrowTable) -> bool {
        Arc::ptr_eq(&self.batches, &other.batches) && self.schema == other.schema
    }
}

impl Eq for ArrowTable {}

impl ArrowTable {
    /// The table of `batches` (each of the schema `schema`).
    pub fn new(schema: SchemaRef, batches: Vec<RecordBatch>) -> ArrowTable {
        ArrowTable {
            schema,
            batches: batches.into(),
        }
    }

    /// Collects the batches of a stream (an Arrow C stream reader, an IPC
    /// reader) of the schema `schema`.
    ///
    /// # Errors
    ///
    /// The first error of the stream.
    pub fn try_collect(
        schema: SchemaRef,
        batches: impl IntoIterator<Item = Result<RecordBatch, ArrowError>>,
    ) -> Result<ArrowTable, ArrowError> {
        let batches = batches.into_iter().collect::<Result<Vec<_>, _>>()?;
        Ok(ArrowTable::new(schema, batches))
    }

    /// The schema.
    pub fn schema(&self) -> &SchemaRef {
        &self.schema
    }

    /// The batches, in order.
    pub fn batches(&self) -> &[RecordBatch] {
        &self.batches
    }

    /// Rows in all the batches.
    pub fn num_rows(&self) -> usize {
        self.batches.iter().map(RecordBatch::num_rows).sum()
    }

    /// The table as an Arrow IPC stream (a schema message, then each batch;
    /// no compression): what a digest of the table is taken over.
    ///
    /// # Errors
    ///
    /// The IPC writer's error (a batch that does not fit the schema).
    pub fn to_ipc_stream(&self) -> Result<Vec<u8>, ArrowError> {
        crate::write::ipc_stream(&self.schema, &self.batches)
    }
}

impl ColumnarInput {
    /// Opens the file at `path`.
    ///
    /// # Errors
    ///
    /// The operating system's error.
    pub fn open(path: impl AsRef<Path>) -> std::io::Result<ColumnarInput> {
        File::open(path).map(ColumnarInput::File)
    }

    /// Bytes in memory (a `Vec<u8>`, an `Arc<[u8]>`, a `&'static [u8]`).
    pub fn memory(bytes: impl AsRef<[u8]> + Send + 'static) -> ColumnarInput {
        ColumnarInput::Memory(Bytes::from_owner(bytes))
    }

    /// The first bytes (up to 8), to tell the format.
    fn head(&mut self) -> std::io::Result<Vec<u8>> {
        match self {
            ColumnarInput::File(file) => {
                let mut head = Vec::with_capacity(8);
                file.by_ref().take(8).read_to_end(&mut head)?;
                file.rewind()?;
                Ok(head)
            }
            ColumnarInput::Memory(bytes) => Ok(bytes.iter().take(8).copied().collect()),
            ColumnarInput::Table(_) => Ok(Vec::new()),
        }
    }
}

/// Where the record batches come from.
enum Batches {
    Parquet {
        open: Box<dyn FnMut(usize) -> Result<ParquetRecordBatchReader, ParquetError> + Send>,
        /// The first row of each row group (and the file's row count last).
        starts: Vec<u64>,
        next_group: usize,
        current: Option<(usize, ParquetRecordBatchReader)>,
    },
    Ipc {
        batches: Box<dyn Iterator<Item = Result<RecordBatch, ArrowError>> + Send>,
        next: usize,
    },
    Done,
}

/// A batch read: its unit (row group or IPC batch), the rows of the unit
/// before it, the index of its first row in the file.
struct Batch {
    unit: usize,
    first_in_unit: u64,
    first_in_file: u64,
}

/// A streaming reader of one record kind from a Parquet or Arrow IPC file:
/// an iterator of `Result<Located<T>, Rejected>`, one item per row, exactly
/// as [`upskill_formats::Reader`] yields CSV rows. Problems of the file
/// (its columns, an unreadable row group) are in
/// [`file_problems`](ColumnarReader::file_problems).
///
/// Holds one batch of at most 8192 rows, and the Parquet reader one row
/// group's pages, at a time.
pub struct ColumnarReader<T: 'static> {
    file: String,
    format: ColumnarFormat,
    layout: Option<CanonicalLayout<T>>,
    /// The file's column names, aligned with the layout's columns.
    names: Vec<String>,
    options: ReadOptions,
    batches: Batches,
    batch: Option<(Batch, RecordBatch)>,
    /// The current batch's arrays, aligned with the layout's columns.
    columns: Vec<Option<ArrayRef>>,
    row: usize,
    problems: Vec<Diagnostic>,
    read: u64,
}

impl<T: 'static> std::fmt::Debug for ColumnarReader<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ColumnarReader")
            .field("file", &self.file)
            .field("format", &self.format)
            .field("columns", &self.names)
            .finish_non_exhaustive()
    }
}

type Layout<T> = fn(&str, &[&str], bool) -> (Option<CanonicalLayout<T>>, Vec<Diagnostic>);

/// A kind of record the columnar readers read: learning sessions, roster
/// rows, leave rows, time totals, each with the columns of its CSV file
/// (`docs/formats.md`).
pub trait ColumnarRecord: Sized + 'static {
    /// The kind's layout for a table whose column names are `names`, and
    /// the problems of those columns (`upskill_formats::CanonicalLayout`'s
    /// constructor for the kind).
    fn layout(
        file: &str,
        names: &[&str],
        lenient: bool,
    ) -> (Option<CanonicalLayout<Self>>, Vec<Diagnostic>);
}

impl ColumnarRecord for LearningSession {
    fn layout(
        file: &str,
        names: &[&str],
        lenient: bool,
    ) -> (Option<CanonicalLayout<Self>>, Vec<Diagnostic>) {
        CanonicalLayout::sessions_columns(file, names, lenient)
    }
}

impl ColumnarRecord for Learner {
    fn layout(
        file: &str,
        names: &[&str],
        lenient: bool,
    ) -> (Option<CanonicalLayout<Self>>, Vec<Diagnostic>) {
        CanonicalLayout::roster_columns(file, names, lenient)
    }
}

impl ColumnarRecord for LeaveEntry {
    fn layout(
        file: &str,
        names: &[&str],
        lenient: bool,
    ) -> (Option<CanonicalLayout<Self>>, Vec<Diagnostic>) {
        CanonicalLayout::leave_columns(file, names, lenient)
    }
}

impl ColumnarRecord for TimeTotal {
    fn layout(
        file: &str,
        names: &[&str],
        lenient: bool,
    ) -> (Option<CanonicalLayout<Self>>, Vec<Diagnostic>) {
        CanonicalLayout::time_totals_columns(file, names, lenient)
    }
}

impl<T: ColumnarRecord> ColumnarReader<T> {
    /// A reader of the record batches `batches`, all of the schema
    /// `schema` (an Arrow C stream reader, an IPC reader, a table's batches
    /// in memory), named `name` in every location: the rows get the
    /// columns, codes and fates of a CSV file of the kind, as the Parquet
    /// reader gives them. Row `N` of the whole stream (from 0) is located
    /// at `name[N]` and its field at `name[N]#/start`: the row's place in
    /// the table the program handed over, batches being its own business.
    /// The batches are read one at a time, as the iterator is.
    ///
    /// A stream that fails is a file problem (`F019`, at `#/batches/B`):
    /// the rows before it are kept, none after it is read.
    pub fn from_batches<I>(
        name: &str,
        schema: SchemaRef,
        batches: I,
        options: ReadOptions,
    ) -> ColumnarReader<T>
    where
        I: IntoIterator<Item = Result<RecordBatch, ArrowError>>,
        I::IntoIter: Send + 'static,
    {
        ColumnarReader::with_batches(
            name,
            &schema,
            Box::new(batches.into_iter()),
            options,
            T::layout,
        )
    }

    /// A reader of the rows of `table`, as
    /// [`from_batches`](ColumnarReader::from_batches).
    pub fn from_table(name: &str, table: &ArrowTable, options: ReadOptions) -> ColumnarReader<T> {
        ColumnarReader::from_table_with(name, table, options, T::layout)
    }
}

fn corrupt(file: &str, format: ColumnarFormat, reason: impl std::fmt::Display) -> ColumnarError {
    ColumnarError::Corrupt {
        file: file.to_string(),
        format,
        reason: reason.to_string(),
    }
}

impl<T: 'static> ColumnarReader<T> {
    /// A reader of `batches` of the schema `schema`, named `file`.
    fn with_batches(
        file: &str,
        schema: &SchemaRef,
        batches: Box<dyn Iterator<Item = Result<RecordBatch, ArrowError>> + Send>,
        options: ReadOptions,
        layout: Layout<T>,
    ) -> ColumnarReader<T> {
        let mut reader = ColumnarReader {
            file: file.to_string(),
            format: ColumnarFormat::RecordBatches,
            layout: None,
            names: Vec::new(),
            options,
            batches: Batches::Ipc { batches, next: 0 },
            batch: None,
            columns: Vec::new(),
            row: 0,
            problems: Vec::new(),
            read: 0,
        };
        reader.set_schema(schema, layout);
        reader
    }

    /// [`ColumnarReader::from_table`] with the layout given.
    fn from_table_with(
        file: &str,
        table: &ArrowTable,
        options: ReadOptions,
        layout: Layout<T>,
    ) -> ColumnarReader<T> {
        let batches = Arc::clone(&table.batches);
        let count = batches.len();
        let iter = (0..count).filter_map(move |i| batches.get(i).cloned().map(Ok));
        ColumnarReader::with_batches(file, &table.schema, Box::new(iter), options, layout)
    }

    fn open(
        file: &str,
        input: ColumnarInput,
        options: ReadOptions,
        layout: Layout<T>,
    ) -> Result<ColumnarReader<T>, ColumnarError> {
        let io = |source| ColumnarError::Io {
            file: file.to_string(),
            source,
        };
        let input = match input {
            ColumnarInput::Table(table) => {
                return Ok(ColumnarReader::from_table_with(
                    file, &table, options, layout,
                ));
            }
            other => other,
        };
        let mut input = input;
        let head = input.head().map_err(io)?;
        let format = ColumnarFormat::detect(file, &head).unwrap_or(ColumnarFormat::Parquet);
        let (schema, batches) = match format {
            ColumnarFormat::Parquet => open_parquet(file, input, layout, options.lenient)?,
            ColumnarFormat::ArrowFile
            | ColumnarFormat::ArrowStream
            | ColumnarFormat::RecordBatches => {
                type Boxed = Box<dyn Iterator<Item = Result<RecordBatch, ArrowError>> + Send>;
                fn boxed<R>(reader: R, schema: SchemaRef) -> (Option<SchemaRef>, Boxed)
                where
                    R: Iterator<Item = Result<RecordBatch, ArrowError>> + Send + 'static,
                {
                    (Some(schema), Box::new(reader))
                }
                use arrow_ipc::reader::{FileReader, StreamReader};
                let bad = |e: String| corrupt(file, format, e);
                let (schema, batches) = match (format, input) {
                    (ColumnarFormat::ArrowStream, ColumnarInput::File(f)) => {
                        let r = contained(|| StreamReader::try_new(BufReader::new(f), None))
                            .map_err(bad)?
                            .map_err(|e| bad(e.to_string()))?;
                        let schema = r.schema();
                        boxed(r, schema)
                    }
                    (ColumnarFormat::ArrowStream, ColumnarInput::Memory(b)) => {
                        let r = contained(|| StreamReader::try_new(Cursor::new(b), None))
                            .map_err(bad)?
                            .map_err(|e| bad(e.to_string()))?;
                        let schema = r.schema();
                        boxed(r, schema)
                    }
                    (_, ColumnarInput::File(f)) => {
                        let r = contained(|| FileReader::try_new(BufReader::new(f), None))
                            .map_err(bad)?
                            .map_err(|e| bad(e.to_string()))?;
                        let schema = r.schema();
                        boxed(r, schema)
                    }
                    (_, ColumnarInput::Memory(b)) => {
                        let r = contained(|| FileReader::try_new(Cursor::new(b), None))
                            .map_err(bad)?
                            .map_err(|e| bad(e.to_string()))?;
                        let schema = r.schema();
                        boxed(r, schema)
                    }
                    (_, ColumnarInput::Table(_)) => {
                        return Err(bad("an Arrow table is no IPC file".to_string()));
                    }
                };
                (schema, Batches::Ipc { batches, next: 0 })
            }
        };
        let mut reader = ColumnarReader {
            file: file.to_string(),
            format,
            layout: None,
            names: Vec::new(),
            options,
            batches,
            batch: None,
            columns: Vec::new(),
            row: 0,
            problems: Vec::new(),
            read: 0,
        };
        if let Some(schema) = schema {
            reader.set_schema(&schema, layout);
        }
        Ok(reader)
    }

    /// Checks the columns: names as a CSV header's, types as
    /// `docs/formats.md` lists them.
    fn set_schema(&mut self, schema: &SchemaRef, layout: Layout<T>) {
        let names: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
        let (made, problems) = layout(&self.file, &names, self.options.lenient);
        self.problems.extend(problems);
        self.names = names.iter().map(|n| (*n).to_string()).collect();
        let Some(made) = made else {
            self.batches = Batches::Done;
            return;
        };
        let mut fatal = false;
        for (index, (field, column)) in schema.fields().iter().zip(made.columns()).enumerate() {
            let Some(name) = column else { continue };
            let category = cells::category(name);
            if !cells::accepts(category, field.data_type()) {
                fatal = true;
                self.problems.push(Diagnostic::new(
                    &codes::COLUMNAR_COLUMN_TYPE,
                    Location::file(&self.file).at_pointer(format!("/columns/{index}")),
                    format!(
                        "column `{name}` holds {}, which `{name}` is not read from: {}; no row can be read",
                        field.data_type(),
                        accepted(category)
                    ),
                ));
            }
        }
        if fatal {
            self.batches = Batches::Done;
        } else {
            self.layout = Some(made);
        }
    }

    /// The input's name, as given.
    pub fn file(&self) -> &str {
        &self.file
    }

    /// The format read.
    pub fn format(&self) -> ColumnarFormat {
        self.format
    }

    /// Problems of the file rather than of one row: its columns (`F008`,
    /// `F009`, `F010`, `F020`) and row groups that cannot be read (`F019`).
    /// Complete once the iterator has ended.
    pub fn file_problems(&self) -> &[Diagnostic] {
        &self.problems
    }

    /// Takes the file problems found so far.
    pub fn take_file_problems(&mut self) -> Vec<Diagnostic> {
        std::mem::take(&mut self.problems)
    }

    /// The file's column names, in order, as written.
    pub fn column_names(&self) -> &[String] {
        &self.names
    }

    /// Rows yielded so far (read or rejected).
    pub fn records_read(&self) -> u64 {
        self.read
    }

    fn next_batch(&mut self) -> Option<(Batch, RecordBatch)> {
        loop {
            match &mut self.batches {
                Batches::Done => return None,
                Batches::Ipc { batches, next } => match contained(|| batches.next())
                    .unwrap_or_else(|message| Some(Err(ArrowError::ExternalError(message.into()))))
                {
                    None => {
                        self.batches = Batches::Done;
                        return None;
                    }
                    Some(Ok(record)) => {
                        let unit = *next;
                        *next += 1;
                        let first_in_file = self.read_rows_before();
                        return Some((
                            Batch {
                                unit,
                                first_in_unit: 0,
                                first_in_file,
                            },
                            record,
                        ));
                    }
                    Some(Err(error)) => {
                        let unit = *next;
                        self.problems.push(Diagnostic::new(
                            &codes::COLUMNAR_UNREADABLE,
                            Location::file(&self.file).at_pointer(format!("/batches/{unit}")),
                            format!(
                                "record batch {unit} cannot be read, nor any after it: {error}"
                            ),
                        ));
                        self.batches = Batches::Done;
                        return None;
                    }
                },
                Batches::Parquet {
                    open,
                    starts,
                    next_group,
                    current,
                } => {
                    if let Some((group, reader)) = current {
                        let group = *group;
                        let next = contained(|| reader.next()).unwrap_or_else(|message| {
                            Some(Err(ArrowError::ExternalError(message.into())))
                        });
                        match next {
                            Some(Ok(record)) => {
                                let start = starts.get(group).copied().unwrap_or_default();
                                let done = match &self.batch {
                                    Some((b, r)) if b.unit == group => {
                                        b.first_in_unit + r.num_rows() as u64
                                    }
                                    _ => 0,
                                };
                                return Some((
                                    Batch {
                                        unit: group,
                                        first_in_unit: done,
                                        first_in_file: start + done,
                                    },
                                    record,
                                ));
                            }
                            Some(Err(error)) => {
                                let rows = starts
                                    .get(group + 1)
                                    .zip(starts.get(group))
                                    .map_or(0, |(b, a)| b - a);
                                self.problems.push(Diagnostic::new(
                                    &codes::COLUMNAR_UNREADABLE,
                                    Location::file(&self.file)
                                        .at_pointer(format!("/row_groups/{group}")),
                                    format!(
                                        "row group {group} ({rows} rows) cannot be read; its rows are skipped: {error}"
                                    ),
                                ));
                                *current = None;
                                self.batch = None;
                            }
                            None => {
                                *current = None;
                                self.batch = None;
                            }
                        }
                        continue;
                    }
                    let group = *next_group;
                    if group + 1 >= starts.len() {
                        self.batches = Batches::Done;
                        return None;
                    }
                    *next_group += 1;
                    let opened = contained(|| open(group))
                        .unwrap_or_else(|message| Err(ParquetError::General(message)));
                    match opened {
                        Ok(reader) => *current = Some((group, reader)),
                        Err(error) => {
                            let rows = starts
                                .get(group + 1)
                                .zip(starts.get(group))
                                .map_or(0, |(b, a)| b - a);
                            self.problems.push(Diagnostic::new(
                                &codes::COLUMNAR_UNREADABLE,
                                Location::file(&self.file)
                                    .at_pointer(format!("/row_groups/{group}")),
                                format!(
                                    "row group {group} ({rows} rows) cannot be read; its rows are skipped: {error}"
                                ),
                            ));
                        }
                    }
                }
            }
        }
    }

    /// Rows of the batches before the next one (IPC: batches are read in order).
    fn read_rows_before(&self) -> u64 {
        match &self.batch {
            Some((b, r)) => b.first_in_file + r.num_rows() as u64,
            None => self.read,
        }
    }

    fn start_batch(&mut self, batch: Batch, record: RecordBatch) {
        self.columns = self
            .layout
            .as_ref()
            .map(|layout| {
                layout
                    .columns()
                    .iter()
                    .zip(&self.names)
                    .map(|(field, name)| field.and_then(|_| record.column_by_name(name).cloned()))
                    .collect()
            })
            .unwrap_or_default();
        self.row = 0;
        self.batch = Some((batch, record));
    }
}

/// The Arrow types a field of `category` is read from, for messages.
fn accepted(category: cells::Category) -> &'static str {
    use cells::Category;
    match category {
        Category::Text => "give text or integers",
        Category::Number => "give text, integers, floating-point numbers or decimals",
        Category::Instant => {
            "give RFC 3339 text or timestamps (with a zone or offset, or none for local times)"
        }
        Category::Date => "give `YYYY-MM-DD` text or dates",
        Category::Flag => "give text, booleans or integers",
        Category::Duration => "give ISO 8601 text or durations",
        Category::List => "give `;`-separated text or lists of text",
    }
}

fn open_parquet<T>(
    file: &str,
    input: ColumnarInput,
    layout: Layout<T>,
    lenient: bool,
) -> Result<(Option<SchemaRef>, Batches), ColumnarError> {
    let format = ColumnarFormat::Parquet;
    let metadata = contained(|| match &input {
        ColumnarInput::File(f) => ArrowReaderMetadata::load(f, ArrowReaderOptions::new()),
        ColumnarInput::Memory(b) => ArrowReaderMetadata::load(b, ArrowReaderOptions::new()),
        ColumnarInput::Table(_) => Err(ParquetError::General(
            "an Arrow table is no Parquet file".to_string(),
        )),
    })
    .map_err(|e| corrupt(file, format, e))?
    .map_err(|e| corrupt(file, format, e))?;
    let schema = Arc::clone(metadata.schema());
    // Only the columns the kind defines are decoded.
    let names: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
    let (made, _) = layout(file, &names, lenient);
    let roots: Vec<usize> = made
        .as_ref()
        .map(|l| {
            l.columns()
                .iter()
                .enumerate()
                .filter_map(|(i, c)| c.map(|_| i))
                .collect()
        })
        .unwrap_or_default();
    let mask = ProjectionMask::roots(metadata.parquet_schema(), roots);
    let mut starts = Vec::with_capacity(metadata.metadata().num_row_groups() + 1);
    let mut total = 0u64;
    for group in metadata.metadata().row_groups() {
        starts.push(total);
        total += u64::try_from(group.num_rows()).unwrap_or(0);
    }
    starts.push(total);
    let open: Box<dyn FnMut(usize) -> Result<ParquetRecordBatchReader, ParquetError> + Send> =
        match input {
            ColumnarInput::File(f) => Box::new(move |group| {
                let f = f
                    .try_clone()
                    .map_err(|e| ParquetError::External(Box::new(e)))?;
                ParquetRecordBatchReaderBuilder::new_with_metadata(f, metadata.clone())
                    .with_row_groups(vec![group])
                    .with_projection(mask.clone())
                    .with_batch_size(BATCH_ROWS)
                    .build()
            }),
            ColumnarInput::Memory(b) => Box::new(move |group| {
                ParquetRecordBatchReaderBuilder::new_with_metadata(b.clone(), metadata.clone())
                    .with_row_groups(vec![group])
                    .with_projection(mask.clone())
                    .with_batch_size(BATCH_ROWS)
                    .build()
            }),
            ColumnarInput::Table(_) => Box::new(|_| {
                Err(ParquetError::General(
                    "an Arrow table is no Parquet file".to_string(),
                ))
            }),
        };
    Ok((
        Some(schema),
        Batches::Parquet {
            open,
            starts,
            next_group: 0,
            current: None,
        },
    ))
}

impl<T: 'static> Iterator for ColumnarReader<T> {
    type Item = Result<Located<T>, Rejected>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let layout = self.layout.as_ref()?;
            if let Some((batch, record)) = &self.batch
                && self.row < record.num_rows()
            {
                let row = self.row;
                self.row += 1;
                let cells: Vec<Option<Cow<'_, str>>> = self
                    .columns
                    .iter()
                    .map(|column| column.as_ref().and_then(|a| cells::text(a.as_ref(), row)))
                    .collect();
                let values: Vec<Option<&str>> = cells.iter().map(|c| c.as_deref()).collect();
                let in_unit = batch.first_in_unit + row as u64;
                let location =
                    Location::file(&self.file).at_record(batch.first_in_file + row as u64);
                let location = if self.format == ColumnarFormat::RecordBatches {
                    location
                } else {
                    location.at_pointer(format!(
                        "/{}/{}/rows/{in_unit}",
                        self.format.unit(),
                        batch.unit
                    ))
                };
                self.read += 1;
                return Some(layout.decode_columnar(location, &values, &self.options));
            }
            let (batch, record) = self.next_batch()?;
            self.start_batch(batch, record);
        }
    }
}

/// Reads learning sessions from a Parquet or Arrow IPC file named `file`
/// (the format told by its first bytes, then its name), with the columns,
/// codes and fates of a CSV file of sessions (see `docs/formats.md`).
///
/// # Errors
///
/// [`ColumnarError`] when the file cannot be opened as Parquet or Arrow at
/// all (truncated, corrupt, another format). Problems found later are file
/// problems or rejected rows.
pub fn read_sessions(
    file: &str,
    input: ColumnarInput,
    options: ReadOptions,
) -> Result<ColumnarReader<LearningSession>, ColumnarError> {
    ColumnarReader::open(file, input, options, CanonicalLayout::sessions_columns)
}

/// Reads roster rows from a Parquet or Arrow IPC file, as [`read_sessions`].
///
/// # Errors
///
/// As [`read_sessions`].
pub fn read_roster(
    file: &str,
    input: ColumnarInput,
    options: ReadOptions,
) -> Result<ColumnarReader<Learner>, ColumnarError> {
    ColumnarReader::open(file, input, options, CanonicalLayout::roster_columns)
}

/// Reads leave rows from a Parquet or Arrow IPC file, as [`read_sessions`].
///
/// # Errors
///
/// As [`read_sessions`].
pub fn read_leave(
    file: &str,
    input: ColumnarInput,
    options: ReadOptions,
) -> Result<ColumnarReader<LeaveEntry>, ColumnarError> {
    ColumnarReader::open(file, input, options, CanonicalLayout::leave_columns)
}

/// Reads time totals from a Parquet or Arrow IPC file, as [`read_sessions`].
///
/// # Errors
///
/// As [`read_sessions`].
pub fn read_time_totals(
    file: &str,
    input: ColumnarInput,
    options: ReadOptions,
) -> Result<ColumnarReader<TimeTotal>, ColumnarError> {
    ColumnarReader::open(file, input, options, CanonicalLayout::time_totals_columns)
}

/// Every learner of a columnar roster, and every problem (file problems,
/// rejected rows, warnings, a learner listed twice: `R010`, the first row
/// kept), as `upskill_formats::collect_roster` does for CSV.
pub fn collect_roster(mut reader: ColumnarReader<Learner>) -> (Roster, Vec<Diagnostic>) {
    let mut problems = reader.take_file_problems();
    let (roster, found) = upskill_formats::roster_from_rows(reader.by_ref());
    problems.extend(found);
    problems.extend(reader.take_file_problems());
    (roster, problems)
}

/// Every leave range of a columnar leave file, and every problem, as
/// `upskill_formats::collect_leave` does for CSV.
pub fn collect_leave(mut reader: ColumnarReader<LeaveEntry>) -> (Leave, Vec<Diagnostic>) {
    let mut problems = reader.take_file_problems();
    let (leave, found) = upskill_formats::leave_from_rows(reader.by_ref());
    problems.extend(found);
    problems.extend(reader.take_file_problems());
    (leave, problems)
}
