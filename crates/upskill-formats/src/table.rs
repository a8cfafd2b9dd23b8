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
use upskill_session::{LearningSession, SessionRef};

use crate::codes;
use crate::csv_rows::{CsvRows, Placer};
use crate::decode::{CsvView, Header, RawRecord, View};
use crate::diagnostics::{Diagnostic, Location};
use crate::dialect::{self, Dialect, Opened};
use crate::fast::{Cells, SessionColumns, canonical_instant};
use crate::options::ReadOptions;
use crate::people::{LEAVE, LeaveEntry, ROSTER};
use crate::reader::{Spec, decode_record};
use crate::record::{Located, Rejected};
use crate::sessions::SESSIONS;
use crate::values::unescape_formula;

/// A canonical value its writer has already parsed: a hint handed to
/// [`CanonicalLayout::decode_parsed`] beside the value's text, so the
/// decoder need not read that text again (an import mapping parses a
/// foreign date-time or duration, writes it as canonical text, and would
/// otherwise have the decoder parse it a second time).
///
/// A hint is only ever made together with its text, by the `write_*`
/// functions below, which write exactly the text the decoder would read as
/// the hinted value; so decoding with the hint gives the same record, the
/// same problems and the same codes as decoding the text alone. Whatever
/// the decoder must report about the value (a local time in a DST gap or
/// overlap, a zero or too long duration) it still reports, quoting the
/// text. Debug builds check the hint against the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParsedValue(Hint);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Hint {
    /// A naive date-time (millisecond precision) that `parse_naive` reads
    /// from the text, which `parse_instant` finds naive.
    LocalDateTime(chrono::NaiveDateTime),
    /// Centiseconds that `parse_exact_duration` reads from the text.
    DurationCentis(u64),
}

impl ParsedValue {
    /// Writes `naive` to `out` as a canonical date-time without an offset,
    /// `YYYY-MM-DDTHH:MM:SS` and, when its milliseconds are not zero,
    /// `.fff` (finer digits are dropped), to be read in the zone of local
    /// times (`ReadOptions::local_time_zone`); returns the hint for that
    /// text, or `None` when the value is outside RFC 3339's years 0000 to
    /// 9999 or a leap second (then the text is written as chrono writes it,
    /// and the decoder reads and refuses it as it would any such text).
    ///
    /// # Example
    ///
    /// ```
    /// use upskill_formats::ParsedValue;
    ///
    /// let naive = chrono::NaiveDate::from_ymd_opt(2026, 3, 2)
    ///     .and_then(|d| d.and_hms_milli_opt(9, 30, 0, 250))
    ///     .unwrap();
    /// let mut text = String::new();
    /// assert!(ParsedValue::write_local_date_time(naive, &mut text).is_some());
    /// assert_eq!(text, "2026-03-02T09:30:00.250");
    /// ```
    pub fn write_local_date_time(
        naive: chrono::NaiveDateTime,
        out: &mut String,
    ) -> Option<ParsedValue> {
        use chrono::{Datelike, Timelike};
        let year = naive.year();
        if !(0..=9999).contains(&year) {
            // Out of RFC 3339's range: written as chrono writes it, refused later.
            out.push_str(&naive.format("%Y-%m-%dT%H:%M:%S").to_string());
            return None;
        }
        let nanos = naive.nanosecond();
        let millis = nanos / 1_000_000;
        let (date, time) = (naive.date(), naive.time());
        let year = year.unsigned_abs();
        out.reserve(23);
        push_two(out, year / 100);
        push_two(out, year);
        out.push('-');
        push_two(out, date.month());
        out.push('-');
        push_two(out, date.day());
        out.push('T');
        push_two(out, time.hour());
        out.push(':');
        push_two(out, time.minute());
        out.push(':');
        push_two(out, time.second());
        // `.fff` only when the milliseconds are not zero (a leap second's
        // are 1000 and more: their last three digits, as always written).
        if millis > 0 {
            out.push('.');
            out.push(digit(millis / 100));
            push_two(out, millis);
        }
        ParsedValue::local_date_time(naive)
    }

    /// The hint [`write_local_date_time`](Self::write_local_date_time)
    /// gives, without writing the text: for a value given to
    /// [`CanonicalLayout::decode_parsed`] with `Some("")` as its text,
    /// which the decoder then writes itself where it quotes it.
    pub fn local_date_time(naive: chrono::NaiveDateTime) -> Option<ParsedValue> {
        use chrono::{Datelike, Timelike};
        let nanos = naive.nanosecond();
        if !(0..=9999).contains(&naive.year()) || nanos >= 1_000_000_000 {
            // Out of RFC 3339's range, or a leap second: its text names no
            // real time; no hint.
            return None;
        }
        let exact = naive.with_nanosecond(nanos / 1_000_000 * 1_000_000)?;
        Some(ParsedValue(Hint::LocalDateTime(exact)))
    }

    /// The hint [`write_duration_millis`](Self::write_duration_millis)
    /// gives, without writing the text (see
    /// [`local_date_time`](Self::local_date_time)).
    pub fn duration_millis(millis: u64) -> ParsedValue {
        ParsedValue(Hint::DurationCentis(millis / 10))
    }

    /// Writes the canonical text of this value to `out`: what
    /// [`write_local_date_time`](Self::write_local_date_time) or
    /// [`write_duration_millis`](Self::write_duration_millis) wrote with it.
    pub fn write_text(self, out: &mut String) {
        match self.0 {
            Hint::LocalDateTime(naive) => {
                ParsedValue::write_local_date_time(naive, out);
            }
            Hint::DurationCentis(centis) => {
                ParsedValue::write_duration_millis(centis.saturating_mul(10), out);
            }
        }
    }

    /// The canonical text of this value (see [`write_text`](Self::write_text)).
    pub(crate) fn text(self) -> String {
        let mut out = String::new();
        self.write_text(&mut out);
        out
    }

    /// Writes `millis` to `out` as a canonical ISO 8601 duration in
    /// seconds, with up to two decimals (`PT3900S`, `PT22.5S`, `PT1.25S`;
    /// finer than a centisecond is dropped), and returns its hint.
    ///
    /// # Example
    ///
    /// ```
    /// use upskill_formats::ParsedValue;
    ///
    /// let mut text = String::new();
    /// ParsedValue::write_duration_millis(22_500, &mut text);
    /// assert_eq!(text, "PT22.5S");
    /// ```
    pub fn write_duration_millis(millis: u64, out: &mut String) -> ParsedValue {
        let centis = millis / 10;
        let (seconds, fraction) = (centis / 100, centis % 100);
        out.push_str("PT");
        // The seconds' digits, last first.
        let mut digits = [b'0'; 20];
        let mut count = 0usize;
        let mut v = seconds;
        for slot in digits.iter_mut() {
            *slot = b'0' + (v % 10) as u8;
            count += 1;
            v /= 10;
            if v == 0 {
                break;
            }
        }
        for d in digits.iter().take(count).rev() {
            out.push(char::from(*d));
        }
        if fraction != 0 {
            out.push('.');
            out.push(digit((fraction / 10) as u32));
            if fraction % 10 != 0 {
                out.push(digit((fraction % 10) as u32));
            }
        }
        out.push('S');
        ParsedValue(Hint::DurationCentis(centis))
    }

    /// The naive date-time hinted, if this is one.
    pub(crate) fn naive(self) -> Option<chrono::NaiveDateTime> {
        match self.0 {
            Hint::LocalDateTime(naive) => Some(naive),
            Hint::DurationCentis(_) => None,
        }
    }

    /// The exact duration hinted, in centiseconds, if this is one.
    pub(crate) fn centis(self) -> Option<u64> {
        match self.0 {
            Hint::DurationCentis(centis) => Some(centis),
            Hint::LocalDateTime(_) => None,
        }
    }
}

/// The last decimal digit of `value`.
fn digit(value: u32) -> char {
    char::from(b'0' + (value % 10) as u8)
}

/// The last two decimal digits of `value`.
fn push_two(out: &mut String, value: u32) {
    out.push(digit(value / 10));
    out.push(digit(value));
}

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
///
/// Nothing about where the row is is worked out unless asked for
/// ([`location`](Self::location), [`position`](Self::position),
/// [`cell_location`](Self::cell_location)): a row read without a problem
/// never needs its file name copied nor its cells' columns counted.
#[derive(Debug, Clone)]
pub struct TableRow<'a> {
    /// The input's name, as given to [`CsvTable::open`].
    pub file: &'a str,
    /// The line the row starts on, from 1.
    pub line: u64,
    /// The row's index among the file's records (from 0).
    pub record: u64,
    /// One entry per header column.
    pub values: Vec<Option<&'a str>>,
    /// Where each cell starts in the record's bytes.
    starts: Vec<usize>,
    /// What turns a start into a line and column.
    placer: Placer<'a>,
}

/// A row's lists (its values, its cells' starts), emptied, to be given
/// back with [`CsvTable::recycle`].
pub type SpareLists = (Vec<Option<&'static str>>, Vec<usize>);

/// An empty list with `spare`'s memory, for values of another lifetime (an
/// in-place collection: the element types differ only in lifetimes).
fn empty_values<'b>(mut spare: Vec<Option<&str>>) -> Vec<Option<&'b str>> {
    spare.clear();
    spare.into_iter().map(|_| None).collect()
}

impl TableRow<'_> {
    /// The row's lists, emptied and free of borrows, for
    /// [`CsvTable::recycle`].
    pub fn into_lists(self) -> SpareLists {
        (empty_values(self.values), self.starts)
    }

    /// `(line, column)` of cell `index` (from 0), both from 1, the column
    /// in characters; `None` when the row has no such cell.
    pub fn position(&self, index: usize) -> Option<(u64, u64)> {
        self.starts.get(index).map(|at| self.placer.place(*at))
    }

    /// Where the row is: its file, line, column 1 and record index.
    pub fn location(&self) -> Location {
        Location::file(self.file)
            .at_line(self.line)
            .at_column(1)
            .at_record(self.record)
    }

    /// The location of cell `index` (the row's own location if there is no
    /// such cell).
    pub fn cell_location(&self, index: usize) -> Location {
        let mut location = self.location();
        if let Some((line, column)) = self.position(index) {
            location.line = Some(line);
            location.column = Some(column);
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
    /// The lists of a row given back by [`CsvTable::recycle`], reused.
    spare_values: Vec<Option<&'static str>>,
    spare_starts: Vec<usize>,
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
            spare_values: Vec::new(),
            spare_starts: Vec::new(),
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

    /// Gives back the lists of a row read, so the next row reuses their
    /// memory rather than allocating its own (optional: a row dropped is
    /// only freed): the lists [`TableRow::into_lists`] gives, emptied of
    /// their borrows.
    pub fn recycle(&mut self, (values, starts): SpareLists) {
        self.spare_values = values;
        self.spare_starts = starts;
    }

    /// The next row: `None` at the end, `Err` for a row that cannot be
    /// split into the header's cells.
    pub fn next_row(&mut self) -> Option<Result<TableRow<'_>, Rejected>> {
        let file = self.file.as_str();
        let rows = self.rows.as_mut()?;
        let record = rows.next_record(file)?;
        let index = self.index;
        self.index += 1;
        let line = rows.first_line();
        let location = || {
            Location::file(file)
                .at_line(line)
                .at_column(1)
                .at_record(index)
        };
        if let Err(diagnostic) = record {
            return Some(Err(Rejected::new(location(), diagnostic)));
        }
        let width = self.header.len();
        let mut values = empty_values(std::mem::take(&mut self.spare_values));
        values.reserve(width);
        let mut starts = std::mem::take(&mut self.spare_starts);
        starts.clear();
        starts.reserve(width);
        let placer = rows.placer();
        let mut problems = Vec::new();
        let mut count = 0usize;
        for (text, at) in rows.text_fields() {
            count += 1;
            if count > width {
                continue;
            }
            starts.push(at);
            match text {
                Some(text) => {
                    let text = crate::values::trim(unescape_formula(text));
                    values.push(if text.is_empty() { None } else { Some(text) });
                }
                None => {
                    let (line, column) = placer.place(at);
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
        if !problems.is_empty()
            && let Some(rejected) = Rejected::from_problems(location(), problems)
        {
            return Some(Err(rejected));
        }
        Some(Ok(TableRow {
            file,
            line,
            record: index,
            values,
            starts,
            placer,
        }))
    }
}

/// Canonical fields in a fixed order, decoded as a canonical CSV row of one
/// record kind: sessions, roster or leave.
pub struct CanonicalLayout<T: 'static> {
    spec: &'static Spec<T>,
    header: Header,
    /// Where the session fields are, for [`CanonicalLayout::clean_session`].
    columns: SessionColumns,
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

impl CanonicalLayout<LearningSession> {
    /// The fast lane for a row of canonical session values (in the
    /// layout's order, with their hints, as [`decode_parsed`](Self::decode_parsed)
    /// takes them): the session borrowed from `values`, when every value is
    /// one the decoder would accept as it is, without any problem or
    /// warning; `None` otherwise, and the row then goes to
    /// [`decode_parsed`](Self::decode_parsed), which finds and words every
    /// problem. `zone` is the zone of naive date-times
    /// ([`ReadOptions::local_time_zone`]).
    ///
    /// It never accepts what the decoder would not, and gives the same
    /// values (the canonical CSV reader's fast lane, `Reader::next_session`,
    /// with the same checks): a value that is empty text without a hint,
    /// or has spaces around it, sends the row to the decoder; a hinted
    /// naive date-time is taken only where `zone` gives it one instant.
    pub fn clean_session<'v>(
        &self,
        values: &[Option<&'v str>],
        parsed: &[Option<ParsedValue>],
        zone: Option<chrono_tz::Tz>,
        decimal_comma: bool,
    ) -> Option<SessionRef<'v>> {
        let cells = ValueCells {
            values,
            parsed,
            zone,
        };
        // Every value as the canonical reader's cells are: trimmed and not
        // empty (an unwritten hinted value is empty by design).
        let plain = values.iter().enumerate().all(|(i, value)| match value {
            None => true,
            Some("") => cells.hint(i).is_some(),
            Some(text) => crate::values::trim(text).len() == text.len(),
        });
        if !plain || values.len() != self.header.columns.len() {
            return None;
        }
        crate::fast::clean_session(&cells, values.len(), &self.columns, decimal_comma)
    }
}

/// A row of canonical values with their hints, as the fast lane's cells.
struct ValueCells<'v, 'p> {
    values: &'p [Option<&'v str>],
    parsed: &'p [Option<ParsedValue>],
    zone: Option<chrono_tz::Tz>,
}

impl ValueCells<'_, '_> {
    fn hint(&self, i: usize) -> Option<ParsedValue> {
        self.parsed.get(i).copied().flatten()
    }
}

impl<'v> Cells<'v> for ValueCells<'v, '_> {
    fn count(&self) -> usize {
        self.values.len()
    }

    fn all_utf8(&self) -> bool {
        true
    }

    fn cell(&self, i: usize) -> Option<&'v str> {
        self.values.get(i).copied().flatten()
    }

    fn present(&self, i: usize) -> bool {
        self.cell(i).is_some()
    }

    /// `Decoder::instant` with a hint: a naive date-time in the zone, when
    /// it names one instant there (not in a DST gap or overlap).
    fn instant(&self, i: usize) -> Option<chrono::DateTime<chrono::FixedOffset>> {
        match self.hint(i) {
            Some(hint) => {
                use chrono::TimeZone;
                let naive = hint.naive()?;
                match self.zone?.from_local_datetime(&naive) {
                    chrono::LocalResult::Single(instant) => Some(instant.fixed_offset()),
                    _ => None,
                }
            }
            None => canonical_instant(self.cell(i)?),
        }
    }

    /// `length` with a hint: its centiseconds.
    fn duration_centis(&self, i: usize) -> Option<u64> {
        match self.hint(i) {
            Some(hint) => hint.centis(),
            None => upskill_session::iso8601::parse_exact_duration(self.cell(i)?).ok(),
        }
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
        let columns = SessionColumns::of(&header.columns);
        Ok(CanonicalLayout {
            spec,
            header,
            columns,
        })
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
        self.decode_parsed(location, values, &[], positions, options, decimal_comma)
    }

    /// [`decode`](Self::decode) with hints: `parsed[i]`, when given, is
    /// the [`ParsedValue`] written together with the text `values[i]`, and
    /// the decoder takes it instead of reading that text again (where it
    /// can: a naive date-time in a given zone, an ISO 8601 `duration`).
    /// The text may be left unwritten, `Some("")`: the decoder then writes
    /// it ([`ParsedValue::write_text`]) where it needs it, to quote it or
    /// to read it the long way. The result, its problems and codes are
    /// those of [`decode`](Self::decode) on the same `values` with each
    /// text written. `parsed` may be shorter than `values` (missing
    /// entries: no hint).
    ///
    /// # Errors
    ///
    /// As [`decode`](Self::decode).
    pub fn decode_parsed(
        &self,
        location: Location,
        values: &[Option<&str>],
        parsed: &[Option<ParsedValue>],
        positions: &[(u64, u64)],
        options: &ReadOptions,
        decimal_comma: bool,
    ) -> Result<Located<T>, Rejected> {
        let raw = RawRecord {
            location,
            view: View::Csv(CsvView {
                header: &self.header,
                values,
                parsed,
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
                parsed: &[],
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
            problems.extend(crate::reader::place_column(
                spec,
                &mut header,
                text,
                at,
                lenient,
            ));
        }
        let missing = crate::reader::missing_columns(spec, &header, "file", &Location::file(file));
        let fatal = !missing.is_empty();
        problems.extend(missing);
        let columns = SessionColumns::of(&header.columns);
        let layout = (!fatal).then_some(CanonicalLayout {
            spec,
            header,
            columns,
        });
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    use crate::values::{InstantError, parse_instant, parse_naive};
    use upskill_session::iso8601::parse_exact_duration;

    fn naive(days: i64, seconds: u32, nanos: u32) -> Option<chrono::NaiveDateTime> {
        let date = chrono::NaiveDate::from_ymd_opt(1, 1, 1)?
            .checked_add_signed(chrono::Duration::days(days))?;
        let time = chrono::NaiveTime::from_num_seconds_from_midnight_opt(seconds, nanos)?;
        Some(date.and_time(time))
    }

    #[test]
    fn hinted_texts_are_the_canonical_texts() {
        let mut text = String::new();
        let at = naive(739_676, 9 * 3600 + 30 * 60, 0).unwrap_or_default();
        assert_eq!(at.to_string(), "2026-03-02 09:30:00");
        assert!(ParsedValue::write_local_date_time(at, &mut text).is_some());
        assert_eq!(text, "2026-03-02T09:30:00");
        for (millis, expected) in [
            (3_900_000, "PT3900S"),
            (22_500, "PT22.5S"),
            (1_250, "PT1.25S"),
            (1_259, "PT1.25S"),
            (5, "PT0S"),
            (u64::MAX, "PT18446744073709551.61S"),
        ] {
            text.clear();
            let hint = ParsedValue::write_duration_millis(millis, &mut text);
            assert_eq!(text, expected);
            assert_eq!(hint.centis(), Some(millis / 10));
        }
        // A leap second and a year past 9999: text, no hint.
        text.clear();
        let leap = naive(739_676, 59, 1_500_000_000).unwrap_or_default();
        assert_eq!(ParsedValue::write_local_date_time(leap, &mut text), None);
        text.clear();
        let far = naive(4_000_000, 0, 0).unwrap_or_default();
        assert_eq!(ParsedValue::write_local_date_time(far, &mut text), None);
        assert_eq!(parse_instant(&text), Err(InstantError::Malformed));
    }

    proptest! {
        /// The law that lets the decoder take a hint instead of its text: a
        /// hinted date-time's text is naive and reads back as the hint.
        #[test]
        fn date_time_hints_are_what_their_texts_read_as(
            days in -800_000i64..4_000_000,
            seconds in 0u32..86_400,
            nanos in 0u32..2_000_000_000,
        ) {
            let Some(value) = naive(days, seconds, nanos) else {
                return Ok(());
            };
            let mut text = String::new();
            let hint = ParsedValue::write_local_date_time(value, &mut text);
            prop_assert_eq!(hint, ParsedValue::local_date_time(value));
            if let Some(hint) = hint {
                prop_assert_eq!(hint.text(), text.clone());
                prop_assert_eq!(parse_instant(&text).err(), Some(InstantError::Naive));
                prop_assert_eq!(parse_naive(&text), hint.naive());
                prop_assert_eq!(hint.centis(), None);
            }
        }

        /// Decoding with hints gives what decoding the texts alone gives:
        /// the same session, or the same problems and codes (local times in
        /// London's DST gap and overlap, zero and too long durations, no
        /// zone at all).
        #[test]
        fn hints_decode_as_their_texts(
            day in prop_oneof![Just(739_703i64), Just(739_913i64), 739_000i64..740_500],
            // The hour London's clocks skip in spring and repeat in autumn.
            seconds in prop_oneof![3_600u32..7_200, 0u32..86_400],
            millis in prop_oneof![Just(0u64), Just(5u64), 0u64..10_000_000, Just(31 * 86_400_000 + 10)],
            zoned in any::<bool>(),
        ) {
            let Some(start) = naive(day, seconds, 0) else {
                return Ok(());
            };
            let layout = CanonicalLayout::sessions(&["record_id", "learner_id", "start", "duration", "activity"])
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
            let (mut start_text, mut duration_text) = (String::new(), String::new());
            let start_hint = ParsedValue::write_local_date_time(start, &mut start_text);
            let duration_hint = ParsedValue::write_duration_millis(millis, &mut duration_text);
            let values = [Some("r1"), Some("e1"), Some(start_text.as_str()), Some(duration_text.as_str()), Some("reading")];
            let parsed = [None, None, start_hint, Some(duration_hint), None];
            let positions = [(2, 1), (2, 4), (2, 7), (2, 27), (2, 35)];
            let options = ReadOptions::new()
                .with_local_time_zone(zoned.then_some(chrono_tz::Europe::London));
            let location = Location::file("f.csv").at_line(2).at_column(1).at_record(0);
            let plain = layout.decode(location.clone(), &values, &positions, &options, false);
            let hinted = layout.decode_parsed(location.clone(), &values, &parsed, &positions, &options, false);
            prop_assert_eq!(format!("{plain:?}"), format!("{hinted:?}"));
            // The hinted texts left for the decoder to write.
            let unwritten = [
                values[0],
                values[1],
                if start_hint.is_some() { Some("") } else { values[2] },
                Some(""),
                values[4],
            ];
            let lazy = layout.decode_parsed(location, &unwritten, &parsed, &positions, &options, false);
            prop_assert_eq!(format!("{plain:?}"), format!("{lazy:?}"));
        }

        /// A hinted duration's text reads back, exactly, as the hint.
        #[test]
        fn duration_hints_are_what_their_texts_read_as(millis in any::<u64>()) {
            let mut text = String::new();
            let hint = ParsedValue::write_duration_millis(millis, &mut text);
            prop_assert_eq!(parse_exact_duration(&text).ok(), hint.centis());
            prop_assert_eq!(hint.naive(), None);
            prop_assert_eq!(hint, ParsedValue::duration_millis(millis));
            prop_assert_eq!(hint.text(), text);
        }
    }
}
