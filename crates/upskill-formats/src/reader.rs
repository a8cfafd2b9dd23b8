//! The one streaming reader behind every record kind.

use std::borrow::Cow;
use std::io::BufRead;

use serde_json::Value;

use crate::codes::{self, KindCodes};
use crate::csv_rows::CsvRows;
use crate::decode::{CsvView, Decoder, Header, JsonView, RawRecord, View, list};
use crate::diagnostics::{Diagnostic, Location, Severity};
use crate::dialect::{self, Dialect, Opened};
use crate::fast::{RowCells, SessionColumns, clean_json_session, clean_session};
use crate::json_rows::{JsonArray, JsonItem, JsonLines, read_document};
use crate::options::{DocumentKind, Format, ReadOptions};
use crate::record::{Located, Rejected};
use crate::values::unescape_formula;
use upskill_session::{LearningSession, SessionRef};

/// What a record kind looks like in every format.
pub(crate) struct Spec<T: 'static> {
    pub kind: DocumentKind,
    /// Field names: CSV columns and JSON members.
    pub fields: &'static [&'static str],
    /// CSV columns that must be present: each entry is a set of which at least one is needed.
    pub required: &'static [&'static [&'static str]],
    /// Fields that are CSV-only (not members of the JSON record).
    pub csv_only: &'static [&'static str],
    pub codes: KindCodes,
    /// The member holding the records in a JSON document (`learners`), if
    /// the kind has a JSON document form.
    pub document_key: Option<&'static str>,
    pub decode: for<'r, 'a> fn(&mut Decoder<'r, 'a>) -> Option<T>,
}

impl<T> Spec<T> {
    fn json_fields(&self) -> Vec<&'static str> {
        self.fields
            .iter()
            .copied()
            .filter(|f| !self.csv_only.contains(f))
            .collect()
    }
}

enum Source<R> {
    Csv {
        rows: Box<CsvRows<Opened<R>>>,
        header: Header,
        width: usize,
        /// Where the session fields are (for the fast lane).
        columns: SessionColumns,
    },
    JsonLines {
        lines: JsonLines<R>,
        /// The number of the line last read.
        line: u64,
    },
    JsonArray(JsonArray<R>),
    Document(std::vec::IntoIter<(Value, String)>),
    Done,
}

/// A streaming reader of one record kind: an iterator of
/// `Result<Located<T>, Rejected>`, one item per record. A bad record is
/// rejected with every problem found in it and reading goes on; problems of
/// the file rather than of a record (its header, its shape) are kept in
/// [`file_problems`](Reader::file_problems).
///
/// Made by [`read_sessions`](crate::read_sessions),
/// [`read_roster`](crate::read_roster), [`read_leave`](crate::read_leave)
/// and [`read_holidays`](crate::read_holidays).
pub struct Reader<R, T: 'static> {
    file: String,
    format: Format,
    spec: &'static Spec<T>,
    json_fields: Vec<&'static str>,
    options: ReadOptions,
    source: Source<R>,
    problems: Vec<Diagnostic>,
    index: u64,
    dialect: Option<Dialect>,
}

impl<R: BufRead, T: 'static> Reader<R, T> {
    pub(crate) fn open(
        spec: &'static Spec<T>,
        file: &str,
        mut input: R,
        format: Option<Format>,
        options: ReadOptions,
    ) -> Reader<R, T> {
        let mut problems = Vec::new();
        let format = match format {
            Some(format) => format,
            None => {
                let head = match input.fill_buf() {
                    Ok(head) => head,
                    Err(error) => {
                        problems.push(Diagnostic::new(
                            &codes::IO_ERROR,
                            Location::file(file),
                            format!("the input could not be read: {error}"),
                        ));
                        &[]
                    }
                };
                spec.kind.detect_format(file, head)
            }
        };
        let mut reader = Reader {
            file: file.to_string(),
            format,
            spec,
            json_fields: spec.json_fields(),
            options,
            source: Source::Done,
            problems,
            index: 0,
            dialect: None,
        };
        if !spec.kind.formats().contains(&format) {
            reader.problems.push(Diagnostic::new(
                &codes::UNSUPPORTED_FORMAT,
                Location::file(file),
                format!(
                    "{} are not read from {}: use {}",
                    spec.kind,
                    format.name(),
                    {
                        let names: Vec<&str> =
                            spec.kind.formats().iter().map(|f| f.name()).collect();
                        names.join(" or ")
                    }
                ),
            ));
            return reader;
        }
        let limits = options.limits;
        reader.source = match format {
            Format::Csv => {
                let (decoded, dialect, notes) = dialect::open(file, input, &options);
                reader.problems.extend(notes);
                reader.dialect = Some(dialect);
                let rows = CsvRows::new(decoded, limits.max_line_bytes);
                let rows = if dialect.delimiter == b',' {
                    rows
                } else {
                    rows.with_delimiter(dialect.delimiter)
                };
                reader.open_csv(rows, dialect.sep_line)
            }
            Format::JsonLines => Source::JsonLines {
                lines: JsonLines::new(input, limits.max_line_bytes, limits.max_depth),
                line: 0,
            },
            Format::Json => match spec.document_key {
                None => Source::JsonArray(JsonArray::new(
                    input,
                    limits.max_line_bytes,
                    limits.max_depth,
                )),
                Some(key) => reader.open_document(input, key),
            },
        };
        reader
    }

    /// The input's name, as given.
    pub fn file(&self) -> &str {
        &self.file
    }

    /// The format being read.
    pub fn format(&self) -> Format {
        self.format
    }

    /// Problems of the file rather than of one record: header columns,
    /// document shape, `schema_version`, a JSON array left open, an empty
    /// input. Complete once the iterator has ended.
    pub fn file_problems(&self) -> &[Diagnostic] {
        &self.problems
    }

    /// Takes the file problems found so far.
    pub fn take_file_problems(&mut self) -> Vec<Diagnostic> {
        std::mem::take(&mut self.problems)
    }

    /// The CSV dialect read (detected or given); `None` for JSON formats.
    pub fn dialect(&self) -> Option<Dialect> {
        self.dialect
    }

    /// Records yielded so far (read or rejected).
    pub fn records_read(&self) -> u64 {
        self.index
    }

    fn unknown_severity(&self, diagnostic: &mut Diagnostic) {
        if self.options.lenient {
            diagnostic.severity = Severity::Warning;
        }
    }

    fn open_csv(&mut self, mut rows: CsvRows<Opened<R>>, sep_line: bool) -> Source<R> {
        let file = self.file.clone();
        if sep_line {
            // Excel's `sep=` line: its delimiter is already in use.
            let _ = rows.next_record(&file);
        }
        loop {
            match rows.next_record(&file) {
                None => {
                    self.problems.push(Diagnostic::new(
                        &codes::EMPTY_INPUT,
                        Location::file(&file),
                        "the input is empty: no header row and no records",
                    ));
                    return Source::Done;
                }
                Some(Err(diagnostic)) => {
                    self.problems.push(diagnostic);
                    continue;
                }
                Some(Ok(())) => break,
            }
        }
        let mut header = Header::default();
        let mut fatal = false;
        for (bytes, line, column) in rows.fields() {
            let at = Location::file(&file).at_line(line).at_column(column);
            let Ok(text) = std::str::from_utf8(bytes) else {
                self.problems.push(Diagnostic::new(
                    &codes::NOT_UTF8,
                    at,
                    "the column name is not valid UTF-8",
                ));
                header.columns.push(None);
                continue;
            };
            let lenient = self.options.lenient;
            self.problems
                .extend(place_column(self.spec, &mut header, text, at, lenient));
        }
        let header_line = rows.first_line();
        let missing = missing_columns(
            self.spec,
            &header,
            "header",
            &Location::file(&file).at_line(header_line).at_column(1),
        );
        fatal |= !missing.is_empty();
        self.problems.extend(missing);
        if fatal {
            return Source::Done;
        }
        let width = header.columns.len();
        let columns = SessionColumns::of(&header.columns);
        Source::Csv {
            rows: Box::new(rows),
            header,
            width,
            columns,
        }
    }

    fn open_document(&mut self, input: R, key: &'static str) -> Source<R> {
        let limits = self.options.limits;
        let value = match read_document(
            &self.file,
            input,
            limits.max_document_bytes,
            limits.max_depth,
        ) {
            Ok(value) => value,
            Err(diagnostic) => {
                self.problems.push(diagnostic);
                return Source::Done;
            }
        };
        let Value::Object(mut object) = value else {
            self.problems.push(Diagnostic::new(
                &codes::WRONG_SHAPE,
                Location::file(&self.file).at_pointer(""),
                format!(
                    "a {} document is a JSON object with `schema_version` and `{key}`",
                    self.spec.kind
                ),
            ));
            return Source::Done;
        };
        let codes = self.spec.codes;
        match object.remove("schema_version") {
            None => self.problems.push(Diagnostic::new(
                &codes::UNSUPPORTED_VERSION,
                Location::file(&self.file).at_pointer(""),
                "missing field `schema_version`: this version of upskill reads 1",
            )),
            Some(Value::Number(n)) if n.as_u64() == Some(1) => {}
            Some(other) => self.problems.push(Diagnostic::new(
                &codes::UNSUPPORTED_VERSION,
                Location::file(&self.file).at_pointer("/schema_version"),
                format!(
                    "`schema_version` {other} is not supported: this version of upskill reads 1"
                ),
            )),
        }
        let records = match object.remove(key) {
            None => {
                self.problems.push(Diagnostic::new(
                    &codes.missing,
                    Location::file(&self.file).at_pointer(""),
                    format!("missing field `{key}`"),
                ));
                Vec::new()
            }
            Some(Value::Array(items)) => items,
            Some(other) => {
                self.problems.push(Diagnostic::new(
                    &codes.wrong_type,
                    Location::file(&self.file).at_pointer(format!("/{key}")),
                    format!(
                        "`{key}` must be an array, not {}",
                        crate::decode::json_type(&other)
                    ),
                ));
                Vec::new()
            }
        };
        for unknown in object.keys() {
            let mut diagnostic = Diagnostic::new(
                &codes.unknown,
                Location::file(&self.file)
                    .at_pointer(format!("/{}", crate::record::escape_pointer(unknown))),
                format!(
                    "unknown field `{}`: expected `schema_version` or `{key}`",
                    crate::decode::shown(unknown)
                ),
            );
            self.unknown_severity(&mut diagnostic);
            self.problems.push(diagnostic);
        }
        let items: Vec<(Value, String)> = records
            .into_iter()
            .enumerate()
            .map(|(i, value)| (value, format!("/{key}/{i}")))
            .collect();
        Source::Document(items.into_iter())
    }

    fn next_csv(&mut self) -> Option<Result<Located<T>, Rejected>> {
        match self.read_csv_record()? {
            Ok(index) => Some(self.decode_csv(index)),
            Err(rejected) => Some(Err(rejected)),
        }
    }

    /// Reads the next CSV record into the row buffers: its index, or its
    /// rejection when it could not be split; `None` at the end.
    fn read_csv_record(&mut self) -> Option<Result<u64, Rejected>> {
        let Source::Csv { rows, .. } = &mut self.source else {
            return None;
        };
        let record = rows.next_record(&self.file)?;
        let index = self.index;
        self.index += 1;
        match record {
            Ok(()) => Some(Ok(index)),
            Err(diagnostic) => {
                let location = Location::file(&self.file)
                    .at_line(rows.first_line())
                    .at_column(1)
                    .at_record(index);
                Some(Err(Rejected::new(location, diagnostic)))
            }
        }
    }

    /// Decodes the CSV record in the row buffers (record `index`) with the
    /// general decoder, which finds and words every problem.
    fn decode_csv(&self, index: u64) -> Result<Located<T>, Rejected> {
        let Reader {
            file,
            spec,
            json_fields,
            options,
            source,
            dialect,
            ..
        } = self;
        let file = file.as_str();
        let location = Location::file(file).at_record(index);
        let Source::Csv {
            rows,
            header,
            width,
            ..
        } = source
        else {
            let diagnostic = Diagnostic::new(
                &spec.codes.wrong_type,
                location.clone(),
                "the record could not be read",
            );
            return Err(Rejected::new(location, diagnostic));
        };
        let width = *width;
        let location = location.at_line(rows.first_line()).at_column(1);
        let mut positions: Vec<(u64, u64)> = Vec::with_capacity(width);
        let mut values: Vec<Option<&str>> = Vec::with_capacity(width);
        let mut problems = Vec::new();
        let mut count = 0usize;
        for (i, (bytes, field_line, column)) in rows.fields().enumerate() {
            count += 1;
            let at = || Location::file(file).at_line(field_line).at_record(index);
            if i >= width {
                if i == width {
                    problems.push(Diagnostic::new(
                        &codes::FIELD_COUNT,
                        at().at_column(column),
                        String::new(),
                    ));
                }
                continue;
            }
            positions.push((field_line, column));
            match std::str::from_utf8(bytes) {
                Ok(text) => {
                    let text = unescape_formula(text).trim();
                    values.push(if text.is_empty() { None } else { Some(text) });
                }
                Err(error) => {
                    let valid = bytes.get(..error.valid_up_to()).unwrap_or_default();
                    let offset = std::str::from_utf8(valid).map_or(0, |s| s.chars().count()) as u64;
                    problems.push(Diagnostic::new(
                        &codes::NOT_UTF8,
                        at().at_column(column + offset),
                        "the field is not valid UTF-8",
                    ));
                    values.push(None);
                }
            }
        }
        if count != width {
            let message = format!(
                "the row has {count} fields but the header has {width}; the row is skipped"
            );
            if count > width {
                if let Some(first) = problems
                    .iter_mut()
                    .find(|d| d.code == codes::FIELD_COUNT.code)
                {
                    first.message = message;
                }
            } else {
                let (end_line, end_column) = rows.end_position();
                problems.push(Diagnostic::new(
                    &codes::FIELD_COUNT,
                    Location::file(file)
                        .at_line(end_line)
                        .at_column(end_column)
                        .at_record(index),
                    message,
                ));
            }
        }
        if let Some(rejected) = Rejected::from_problems(location.clone(), problems) {
            return Err(rejected);
        }
        let raw = RawRecord {
            location,
            view: View::Csv(CsvView {
                header,
                values: &values,
                parsed: &[],
                positions: &positions,
                pointer: None,
            }),
        };
        let decimal_comma = dialect.is_some_and(|d| d.decimal_comma);
        decode_record(spec, json_fields, options, decimal_comma, &raw)
    }

    fn json_record(&mut self, item: JsonItem) -> Option<Result<Located<T>, Rejected>> {
        let index = self.index;
        if let JsonItem::FileProblem(diagnostic) = item {
            self.problems.push(diagnostic);
            self.source = Source::Done;
            return None;
        }
        self.index += 1;
        Some(self.json_result(item, index))
    }

    /// Record `index` of a JSON input, decoded (`item` is no file problem).
    fn json_result(&self, item: JsonItem, index: u64) -> Result<Located<T>, Rejected> {
        match item {
            JsonItem::FileProblem(mut diagnostic) | JsonItem::Rejected(mut diagnostic) => {
                diagnostic.location.record = Some(index);
                Err(Rejected::new(diagnostic.location.clone(), diagnostic))
            }
            JsonItem::Record {
                value,
                line,
                column,
                keys,
                pointer,
            } => {
                let mut location = Location::file(&self.file).at_record(index);
                location.line = line;
                location.column = column;
                if !pointer.is_empty() {
                    location.pointer = Some(pointer.clone());
                }
                let Value::Object(object) = &value else {
                    let diagnostic = Diagnostic::new(
                        &self.spec.codes.wrong_type,
                        location.clone(),
                        format!(
                            "a record must be a JSON object, not {}",
                            crate::decode::json_type(&value)
                        ),
                    );
                    return Err(Rejected::new(location, diagnostic));
                };
                let key_refs: Vec<(Cow<'static, str>, u64, u64)> = keys;
                let raw = RawRecord {
                    location,
                    view: View::Json(JsonView {
                        object,
                        keys: &key_refs,
                        pointer: &pointer,
                    }),
                };
                decode_record(self.spec, &self.json_fields, &self.options, false, &raw)
            }
        }
    }

    fn finish(&mut self) {
        if !matches!(self.source, Source::Done) {
            self.source = Source::Done;
        }
        if self.index == 0
            && !self
                .problems
                .iter()
                .any(|p| p.code == codes::EMPTY_INPUT.code || p.is_error())
        {
            self.problems.push(Diagnostic::new(
                &codes::EMPTY_INPUT,
                Location::file(&self.file),
                "the input holds no records",
            ));
        }
    }
}

pub(crate) fn decode_record<T>(
    spec: &Spec<T>,
    json_fields: &[&'static str],
    options: &ReadOptions,
    decimal_comma: bool,
    raw: &RawRecord<'_>,
) -> Result<Located<T>, Rejected> {
    let mut decoder = Decoder::new(raw, spec.codes, options.lenient);
    decoder.decimal_comma = decimal_comma;
    decoder.zone = options.local_time_zone;
    if let View::Json(_) = raw.view {
        decoder.unknown_fields(json_fields);
    }
    let value = (spec.decode)(&mut decoder);
    decoder.finish(value, spec.fields)
}

/// A header cell as a column name: trimmed, lowercase, spaces and `-` as `_`.
/// Places the column named `text` (at `at`) in `header`, as a CSV header
/// and a columnar file's columns both are: a known field; a repeat of one
/// (`F010`, ignored); an empty name (ignored); or an unknown name (`F009`,
/// a warning when `lenient`). Returns the problem, if any.
pub(crate) fn place_column<T>(
    spec: &Spec<T>,
    header: &mut Header,
    text: &str,
    at: Location,
    lenient: bool,
) -> Option<Diagnostic> {
    let name = normalise_column(text);
    match spec.fields.iter().find(|f| **f == name) {
        Some(known) if header.columns.contains(&Some(*known)) => {
            header.columns.push(None);
            Some(Diagnostic::new(
                &codes::DUPLICATE_COLUMN,
                at,
                format!("column `{known}` appears twice; this one is ignored"),
            ))
        }
        Some(known) => {
            header.columns.push(Some(*known));
            None
        }
        None if name.is_empty() => {
            header.columns.push(None);
            None
        }
        None => {
            header.columns.push(None);
            let mut diagnostic = Diagnostic::new(
                &codes::UNKNOWN_COLUMN,
                at,
                format!(
                    "unknown column `{}`: {} columns are {}",
                    crate::decode::shown(text.trim()),
                    spec.kind,
                    list(spec.fields)
                ),
            );
            if lenient {
                diagnostic.severity = Severity::Warning;
            }
            Some(diagnostic)
        }
    }
}

/// `F008` at `at` for each group of the kind's required columns that
/// `header` lacks (`what` names the header: "header" for CSV, "file" for
/// a columnar file). Any such problem means no row can be read.
pub(crate) fn missing_columns<T>(
    spec: &Spec<T>,
    header: &Header,
    what: &str,
    at: &Location,
) -> Vec<Diagnostic> {
    spec.required
        .iter()
        .filter(|group| {
            !group
                .iter()
                .any(|name| header.columns.contains(&Some(*name)))
        })
        .map(|group| {
            let message = match group {
                [one] => format!("the {what} has no `{one}` column; no row can be read"),
                several => format!(
                    "the {what} has none of the columns {}: one is needed; no row can be read",
                    list(several)
                ),
            };
            Diagnostic::new(&codes::MISSING_COLUMN, at.clone(), message)
        })
        .collect()
}

pub(crate) fn normalise_column(text: &str) -> String {
    text.trim()
        .chars()
        .map(|c| {
            if c == ' ' || c == '-' {
                '_'
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect()
}

impl<R: BufRead, T: 'static> Iterator for Reader<R, T> {
    type Item = Result<Located<T>, Rejected>;

    fn next(&mut self) -> Option<Self::Item> {
        let fields = self.spec.fields;
        let item = match &mut self.source {
            Source::Done => None,
            Source::Csv { .. } => self.next_csv(),
            Source::JsonLines { lines, line } => match lines.next_line(&self.file) {
                None => None,
                Some(Err(item)) => self.json_record(item),
                Some(Ok(number)) => {
                    *line = number;
                    let item = lines.parse_line(&self.file, number, fields);
                    self.json_record(item)
                }
            },
            Source::JsonArray(array) => {
                let item = array.next_item(&self.file, fields);
                match item {
                    None => None,
                    Some(item) => self.json_record(item),
                }
            }
            Source::Document(items) => match items.next() {
                None => None,
                Some((value, pointer)) => {
                    let item = JsonItem::Record {
                        value,
                        line: None,
                        column: None,
                        keys: Vec::new(),
                        pointer,
                    };
                    self.json_record(item)
                }
            },
        };
        if item.is_none() {
            self.finish();
        }
        item
    }
}

/// One record of [`Reader::next_session`].
#[derive(Debug)]
#[expect(
    clippy::large_enum_variant,
    reason = "one item at a time, on the stack; boxing would allocate for every general record"
)]
pub enum SessionItem<'a> {
    /// A CSV record every cell of which is in the canonical form and
    /// without problem, read without allocation: its facts borrowed from
    /// the reader's buffers (until the next call).
    Clean(CleanSession<'a>),
    /// Any other record, as the iterator yields it.
    Read(Result<Located<LearningSession>, Rejected>),
}

/// A record read by the fast lane of [`Reader::next_session`].
#[derive(Debug, Clone, Copy)]
pub struct CleanSession<'a> {
    /// What the engine judges by.
    pub session: SessionRef<'a>,
    /// The input's name.
    pub file: &'a str,
    /// The line the record starts on, from 1.
    pub line: u64,
    /// The record's index in the input, from 0.
    pub record: u64,
}

impl CleanSession<'_> {
    /// Where the record is: the location a [`Located`] record of the
    /// general reader would carry (file, line, column 1, record index).
    pub fn location(&self) -> Location {
        Location::file(self.file)
            .at_line(self.line)
            .at_column(1)
            .at_record(self.record)
    }
}

impl<R: BufRead> Reader<R, LearningSession> {
    /// The next record, by the fast lane when it can be: a CSV row whose
    /// cells are all canonical (RFC 3339 timestamps with `T` and an offset,
    /// known activity names, ids without control characters, one length)
    /// and that the general decoder would accept without any problem is
    /// read straight from the buffers ([`SessionItem::Clean`]); any other
    /// record is what [`Iterator::next`] gives ([`SessionItem::Read`]).
    /// A JSON Lines record has a lane too: an object of known members, each
    /// of its JSON type, with no escaped string, canonical timestamps and
    /// an exact activity name, that the general reader would accept without
    /// any problem, is read borrowed from its line (serde derive, no
    /// `serde_json::Value`); JSON arrays take the general reader. The lanes
    /// agree: the same session, the same location, so the report is the
    /// same byte for byte.
    pub fn next_session(&mut self) -> Option<SessionItem<'_>> {
        if let Source::JsonLines { lines, line } = &mut self.source {
            let number = match lines.next_line(&self.file) {
                None => None,
                Some(Err(item)) => {
                    return match self.json_record(item) {
                        Some(item) => Some(SessionItem::Read(item)),
                        None => {
                            self.finish();
                            None
                        }
                    };
                }
                Some(Ok(number)) => {
                    *line = number;
                    Some(number)
                }
            };
            let Some(number) = number else {
                self.finish();
                return None;
            };
            let index = self.index;
            self.index += 1;
            let this = &*self;
            let Source::JsonLines { lines, .. } = &this.source else {
                return None;
            };
            return Some(match clean_json_session(lines.line(), lines.max_depth()) {
                Some(session) => SessionItem::Clean(CleanSession {
                    session,
                    file: &this.file,
                    line: number,
                    record: index,
                }),
                None => {
                    let item = lines.parse_line(&this.file, number, this.spec.fields);
                    SessionItem::Read(this.json_result(item, index))
                }
            });
        }
        if !matches!(self.source, Source::Csv { .. }) {
            return self.next().map(SessionItem::Read);
        }
        let index = match self.read_csv_record() {
            None => {
                self.finish();
                return None;
            }
            Some(Err(rejected)) => return Some(SessionItem::Read(Err(rejected))),
            Some(Ok(index)) => index,
        };
        let this = &*self;
        let Source::Csv {
            rows,
            width,
            columns,
            ..
        } = &this.source
        else {
            return Some(SessionItem::Read(this.decode_csv(index)));
        };
        let decimal_comma = this.dialect.is_some_and(|d| d.decimal_comma);
        match clean_session(&RowCells::new(rows), *width, columns, decimal_comma) {
            Some(session) => Some(SessionItem::Clean(CleanSession {
                session,
                file: &this.file,
                line: rows.first_line(),
                record: index,
            })),
            None => Some(SessionItem::Read(this.decode_csv(index))),
        }
    }

    /// The record the last call of [`Reader::next_session`] gave as
    /// [`SessionItem::Clean`], read again by the general decoder: the
    /// [`Located`] record the iterator would have given for it, with where
    /// each field is (for a caller that finds a problem with a clean record
    /// and points at one of its fields). `None` before the first record and
    /// for a JSON array; meant only for a record just given as
    /// [`SessionItem::Clean`] (after any other item, or after the end, what
    /// it gives is unspecified, though never a panic).
    ///
    /// # Example
    ///
    /// ```
    /// use upskill_formats::{ReadOptions, SessionItem, read_sessions};
    ///
    /// let jsonl = r#"{"record_id":"r1","learner_id":"e1","start":"2026-03-02T09:00:00Z","duration_minutes":30,"activity":"reading"}"#;
    /// let mut reader = read_sessions("s.jsonl", jsonl.as_bytes(), None, ReadOptions::new());
    /// assert!(matches!(reader.next_session(), Some(SessionItem::Clean(_))));
    /// let again = reader.read_last_again().unwrap().unwrap();
    /// assert_eq!(again.field("activity").to_string(), "s.jsonl:1:90#/activity");
    /// ```
    pub fn read_last_again(&self) -> Option<Result<Located<LearningSession>, Rejected>> {
        let index = self.index.checked_sub(1)?;
        match &self.source {
            Source::Csv { .. } => Some(self.decode_csv(index)),
            Source::JsonLines { lines, line } => {
                let item = lines.parse_line(&self.file, *line, self.spec.fields);
                Some(self.json_result(item, index))
            }
            _ => None,
        }
    }
}
