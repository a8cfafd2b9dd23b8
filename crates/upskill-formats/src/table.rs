//! Foreign CSV tables and the canonical decoder, for import mappings.
//!
//! An import mapping (crate `upskill-mapping`) reads a table whose columns
//! are not the canonical ones: [`CsvTable`] gives its header and rows, every
//! cell with its line and column, in whatever dialect and encoding the file
//! uses (detected as for canonical files). The mapping turns each row into
//! canonical field values, each placed where its source cell is, and
//! [`CanonicalLayout::decode`] reads them with the *same* decoder the
//! canonical readers use, so a mapped row gets exactly the checks, codes
//! and locations of a canonical one.

use std::io::BufRead;

use upskill_quota::Learner;
use upskill_session::LearningSession;

use crate::codes;
use crate::csv_rows::CsvRows;
use crate::decode::{CsvView, Header, RawRecord, View};
use crate::diagnostics::{Diagnostic, Location};
use crate::dialect::{self, Dialect, Opened};
use crate::options::ReadOptions;
use crate::people::{LEAVE, LeaveEntry, ROSTER};
use crate::reader::{Spec, decode_record};
use crate::record::{Located, Rejected};
use crate::sessions::SESSIONS;
use crate::values::unescape_formula;

/// One header cell of a foreign table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeaderCell {
    /// The column name as written (trimmed).
    pub name: String,
    /// Line of the cell, from 1.
    pub line: u64,
    /// Column of the cell, from 1, in characters.
    pub column: u64,
}

/// One row of a foreign table: each column's text (trimmed, formula escape
/// removed, `None` when empty) and where each cell starts.
#[derive(Debug, Clone)]
pub struct TableRow<'a> {
    /// Where the row is: file, line and column 1, and its index among the
    /// file's records (from 0).
    pub location: Location,
    /// One entry per header column.
    pub values: Vec<Option<&'a str>>,
    /// `(line, column)` of each cell.
    pub positions: Vec<(u64, u64)>,
}

impl TableRow<'_> {
    /// The location of cell `index` (the row's own location if there is no
    /// such cell).
    pub fn cell_location(&self, index: usize) -> Location {
        let mut location = self.location.clone();
        if let Some((line, column)) = self.positions.get(index) {
            location.line = Some(*line);
            location.column = Some(*column);
        }
        location
    }
}

/// A CSV file with any header, read row by row with every cell located.
///
/// Dialect and encoding are detected (or taken from [`ReadOptions`]) as
/// for canonical files, and each guess is a file problem. A row with the
/// wrong number of fields, or not valid text, is rejected (`F007`, `F002`)
/// and reading goes on.
pub struct CsvTable<R> {
    file: String,
    rows: Option<Box<CsvRows<Opened<R>>>>,
    dialect: Dialect,
    header: Vec<HeaderCell>,
    problems: Vec<Diagnostic>,
    index: u64,
}

impl<R: BufRead> CsvTable<R> {
    /// Opens `input` (named `file` in locations) and reads its header.
    /// Problems of the file are in [`CsvTable::file_problems`]; an empty
    /// input has an empty header.
    pub fn open(file: &str, input: R, options: &ReadOptions) -> CsvTable<R> {
        let (decoded, dialect, notes) = dialect::open(file, input, options);
        let mut rows =
            CsvRows::new(decoded, options.limits.max_line_bytes).with_delimiter(dialect.delimiter);
        let mut table = CsvTable {
            file: file.to_string(),
            rows: None,
            dialect,
            header: Vec::new(),
            problems: notes,
            index: 0,
        };
        if dialect.sep_line {
            let _ = rows.next_record(file);
        }
        loop {
            match rows.next_record(file) {
                None => {
                    table.problems.push(Diagnostic::new(
                        &codes::EMPTY_INPUT,
                        Location::file(file),
                        "the input is empty: no header row and no records",
                    ));
                    return table;
                }
                Some(Err(diagnostic)) => table.problems.push(diagnostic),
                Some(Ok(())) => break,
            }
        }
        for (bytes, line, column) in rows.fields() {
            let name = match std::str::from_utf8(bytes) {
                Ok(text) => text.trim().to_string(),
                Err(_) => {
                    table.problems.push(Diagnostic::new(
                        &codes::NOT_UTF8,
                        Location::file(file).at_line(line).at_column(column),
                        "the column name is not valid UTF-8",
                    ));
                    String::new()
                }
            };
            table.header.push(HeaderCell { name, line, column });
        }
        table.rows = Some(Box::new(rows));
        table
    }

    /// The header's cells, in order.
    pub fn header(&self) -> &[HeaderCell] {
        &self.header
    }

    /// The dialect read (detected or given).
    pub fn dialect(&self) -> Dialect {
        self.dialect
    }

    /// The input's name, as given.
    pub fn file(&self) -> &str {
        &self.file
    }

    /// Problems of the file rather than of a row: dialect guesses, an
    /// empty input, a header that is not text.
    pub fn file_problems(&self) -> &[Diagnostic] {
        &self.problems
    }

    /// Takes the file problems found so far.
    pub fn take_file_problems(&mut self) -> Vec<Diagnostic> {
        std::mem::take(&mut self.problems)
    }

    /// Rows yielded so far (read or rejected).
    pub fn rows_read(&self) -> u64 {
        self.index
    }

    /// The next row: `None` at the end, `Err` for a row that cannot be
    /// split into the header's cells.
    pub fn next_row(&mut self) -> Option<Result<TableRow<'_>, Rejected>> {
        let file = self.file.as_str();
        let rows = self.rows.as_mut()?;
        let record = rows.next_record(file)?;
        let index = self.index;
        self.index += 1;
        let location = Location::file(file)
            .at_line(rows.first_line())
            .at_column(1)
            .at_record(index);
        if let Err(diagnostic) = record {
            return Some(Err(Rejected::new(location, diagnostic)));
        }
        let width = self.header.len();
        let mut values = Vec::with_capacity(width);
        let mut positions = Vec::with_capacity(width);
        let mut problems = Vec::new();
        let mut count = 0usize;
        for (bytes, line, column) in rows.fields() {
            count += 1;
            if count > width {
                continue;
            }
            positions.push((line, column));
            match std::str::from_utf8(bytes) {
                Ok(text) => {
                    let text = unescape_formula(text).trim();
                    values.push(if text.is_empty() { None } else { Some(text) });
                }
                Err(_) => {
                    problems.push(Diagnostic::new(
                        &codes::NOT_UTF8,
                        Location::file(file)
                            .at_line(line)
                            .at_column(column)
                            .at_record(index),
                        "the field is not valid UTF-8",
                    ));
                    values.push(None);
                }
            }
        }
        if count != width {
            let (line, column) = rows.end_position();
            problems.push(Diagnostic::new(
                &codes::FIELD_COUNT,
                Location::file(file)
                    .at_line(line)
                    .at_column(column)
                    .at_record(index),
                format!(
                    "the row has {count} fields but the header has {width}; the row is skipped"
                ),
            ));
        }
        if let Some(rejected) = Rejected::from_problems(location.clone(), problems) {
            return Some(Err(rejected));
        }
        Some(Ok(TableRow {
            location,
            values,
            positions,
        }))
    }
}

/// Canonical fields in a fixed order, decoded as a canonical CSV row of one
/// record kind: sessions, roster or leave.
pub struct CanonicalLayout<T: 'static> {
    spec: &'static Spec<T>,
    header: Header,
}

impl<T: 'static> std::fmt::Debug for CanonicalLayout<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CanonicalLayout")
            .field("kind", &self.spec.kind)
            .field("fields", &self.header.columns)
            .finish()
    }
}

/// Why a [`CanonicalLayout`] cannot be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum LayoutError {
    /// A field the kind does not define.
    #[error("`{field}` is not a {kind} field: {kind} fields are {known}")]
    UnknownField {
        /// The kind.
        kind: &'static str,
        /// The field named.
        field: String,
        /// The kind's fields, listed.
        known: String,
    },
    /// A required field (or every one of a set, one of which is needed) is absent.
    #[error("{kind} need {fields}")]
    MissingField {
        /// The kind.
        kind: &'static str,
        /// The field, or `a`, `b` or `c` when one of several is needed.
        fields: String,
    },
}

impl CanonicalLayout<LearningSession> {
    /// A layout of session fields (see [`SESSION_FIELDS`](crate::SESSION_FIELDS)).
    ///
    /// # Errors
    ///
    /// A name that is not a session field, or a required field missing
    /// (`record_id`, `learner_id`, `start`, `activity`, and one of `end`,
    /// `duration`, `duration_minutes`).
    pub fn sessions(fields: &[&str]) -> Result<Self, LayoutError> {
        Self::new(&SESSIONS, fields)
    }
}

impl CanonicalLayout<Learner> {
    /// A layout of roster fields (see [`ROSTER_FIELDS`](crate::ROSTER_FIELDS)).
    ///
    /// # Errors
    ///
    /// A name that is not a roster field, or no `learner_id`.
    pub fn roster(fields: &[&str]) -> Result<Self, LayoutError> {
        Self::new(&ROSTER, fields)
    }
}

impl CanonicalLayout<LeaveEntry> {
    /// A layout of leave fields (see [`LEAVE_FIELDS`](crate::LEAVE_FIELDS)).
    ///
    /// # Errors
    ///
    /// A name that is not a leave field, or a required one missing.
    pub fn leave(fields: &[&str]) -> Result<Self, LayoutError> {
        Self::new(&LEAVE, fields)
    }
}

impl CanonicalLayout<upskill_session::TimeTotal> {
    /// A layout of time-total fields (see [`TIME_TOTAL_FIELDS`](crate::TIME_TOTAL_FIELDS)).
    ///
    /// # Errors
    ///
    /// A name that is not a time-total field, or a required one missing
    /// (`record_id`, `learner_id`, `activity`, one of `date` and `week`, one
    /// of `minutes` and `duration`).
    pub fn time_totals(fields: &[&str]) -> Result<Self, LayoutError> {
        Self::new(&crate::totals::TIME_TOTALS, fields)
    }
}

impl<T: 'static> CanonicalLayout<T> {
    fn new(spec: &'static Spec<T>, fields: &[&str]) -> Result<Self, LayoutError> {
        let mut header = Header::default();
        for field in fields {
            match spec.fields.iter().find(|f| *f == field) {
                Some(known) => header.columns.push(Some(*known)),
                None => {
                    return Err(LayoutError::UnknownField {
                        kind: spec.kind.name(),
                        field: (*field).to_string(),
                        known: crate::decode::list(spec.fields),
                    });
                }
            }
        }
        for group in spec.required {
            if !group
                .iter()
                .any(|name| header.columns.contains(&Some(*name)))
            {
                return Err(LayoutError::MissingField {
                    kind: spec.kind.name(),
                    fields: crate::decode::list(group),
                });
            }
        }
        Ok(CanonicalLayout { spec, header })
    }

    /// The fields, in the order [`decode`](Self::decode) takes their values.
    pub fn fields(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.header.columns.iter().flatten().copied()
    }

    /// Decodes one record from its canonical field values (in the layout's
    /// order, `None` when empty), each located at `positions` (`(line,
    /// column)`, normally the source cell's), exactly as the canonical CSV
    /// reader decodes a row with those columns. `decimal_comma` reads
    /// numbers with `,` as the decimal mark; `options` gives strictness and
    /// the zone of naive date-times.
    ///
    /// # Errors
    ///
    /// The record's rejection, with every problem found in it.
    pub fn decode(
        &self,
        location: Location,
        values: &[Option<&str>],
        positions: &[(u64, u64)],
        options: &ReadOptions,
        decimal_comma: bool,
    ) -> Result<Located<T>, Rejected> {
        let raw = RawRecord {
            location,
            view: View::Csv(CsvView {
                header: &self.header,
                values,
                positions,
                pointer: None,
            }),
        };
        decode_record(self.spec, &[], options, decimal_comma, &raw)
    }

    /// Decodes one row of a columnar file (Parquet, Arrow IPC) from its
    /// canonical field values (in the layout's order, `None` when null or
    /// empty), exactly as the canonical CSV reader decodes a row with those
    /// columns: same checks, same codes. The record is at `location` (its
    /// file, its index from 0 among the file's rows, and `pointer`, such as
    /// `/row_groups/0/rows/7`); each field's problem at `{pointer}/{field}`.
    ///
    /// # Errors
    ///
    /// The record's rejection, with every problem found in it.
    pub fn decode_columnar(
        &self,
        location: Location,
        values: &[Option<&str>],
        options: &ReadOptions,
    ) -> Result<Located<T>, Rejected> {
        let pointer = location.pointer.clone().unwrap_or_default();
        let raw = RawRecord {
            location,
            view: View::Csv(CsvView {
                header: &self.header,
                values,
                positions: &[],
                pointer: Some(&pointer),
            }),
        };
        decode_record(self.spec, &[], options, false, &raw)
    }

    /// The layout of a columnar file's columns, checked as a CSV header is:
    /// names normalised as CSV column names are (trimmed, lowercase, `-`
    /// and space as `_`); an unknown column is `F009` (a warning when
    /// `lenient`), a repeated one `F010` and ignored; a required column
    /// missing is `F008` and no layout (no row can be read). Each problem
    /// is at `file#/columns/{index}` (from 0), or at the file.
    fn from_columns(
        spec: &'static Spec<T>,
        file: &str,
        names: &[&str],
        lenient: bool,
    ) -> (Option<Self>, Vec<Diagnostic>) {
        let mut header = Header::default();
        let mut problems = Vec::new();
        for (index, text) in names.iter().enumerate() {
            let at = Location::file(file).at_pointer(format!("/columns/{index}"));
            let name = crate::reader::normalise_column(text);
            match spec.fields.iter().find(|f| **f == name) {
                Some(known) if header.columns.contains(&Some(*known)) => {
                    problems.push(Diagnostic::new(
                        &codes::DUPLICATE_COLUMN,
                        at,
                        format!("column `{known}` appears twice; this one is ignored"),
                    ));
                    header.columns.push(None);
                }
                Some(known) => header.columns.push(Some(*known)),
                None if name.is_empty() => header.columns.push(None),
                None => {
                    let mut diagnostic = Diagnostic::new(
                        &codes::UNKNOWN_COLUMN,
                        at,
                        format!(
                            "unknown column `{}`: {} columns are {}",
                            crate::decode::shown(text.trim()),
                            spec.kind,
                            crate::decode::list(spec.fields)
                        ),
                    );
                    if lenient {
                        diagnostic.severity = crate::diagnostics::Severity::Warning;
                    }
                    problems.push(diagnostic);
                    header.columns.push(None);
                }
            }
        }
        let mut fatal = false;
        for group in spec.required {
            if !group
                .iter()
                .any(|name| header.columns.contains(&Some(*name)))
            {
                fatal = true;
                let message = match group {
                    [one] => format!("the file has no `{one}` column; no row can be read"),
                    several => format!(
                        "the file has none of the columns {}: one is needed; no row can be read",
                        crate::decode::list(several)
                    ),
                };
                problems.push(Diagnostic::new(
                    &codes::MISSING_COLUMN,
                    Location::file(file),
                    message,
                ));
            }
        }
        let layout = (!fatal).then_some(CanonicalLayout { spec, header });
        (layout, problems)
    }

    /// Every column of the layout, `None` for a column that is ignored
    /// (unknown, repeated): the order [`decode_columnar`](Self::decode_columnar)
    /// takes values in.
    pub fn columns(&self) -> &[Option<&'static str>] {
        &self.header.columns
    }
}

/// The layout of a columnar file (Parquet, Arrow IPC) with these column
/// names, and the problems of its columns (see `docs/formats.md`): `None`
/// when a required column is missing.
pub type ColumnarLayout<L> = (Option<L>, Vec<Diagnostic>);

impl CanonicalLayout<LearningSession> {
    /// The layout of a columnar session file's columns (unknown and
    /// repeated columns ignored, with a problem each).
    pub fn sessions_columns(file: &str, names: &[&str], lenient: bool) -> ColumnarLayout<Self> {
        let (layout, problems) = Self::from_columns(&SESSIONS, file, names, lenient);
        (layout, problems)
    }
}

impl CanonicalLayout<Learner> {
    /// The layout of a columnar roster's columns.
    pub fn roster_columns(file: &str, names: &[&str], lenient: bool) -> ColumnarLayout<Self> {
        Self::from_columns(&ROSTER, file, names, lenient)
    }
}

impl CanonicalLayout<LeaveEntry> {
    /// The layout of a columnar leave file's columns.
    pub fn leave_columns(file: &str, names: &[&str], lenient: bool) -> ColumnarLayout<Self> {
        Self::from_columns(&LEAVE, file, names, lenient)
    }
}

impl CanonicalLayout<upskill_session::TimeTotal> {
    /// The layout of a columnar time-totals file's columns.
    pub fn time_totals_columns(file: &str, names: &[&str], lenient: bool) -> ColumnarLayout<Self> {
        Self::from_columns(&crate::totals::TIME_TOTALS, file, names, lenient)
    }
}
