//! Reading a foreign CSV file through a mapping.

use std::collections::HashMap;
use std::io::{BufRead, Write};

use upskill_formats::diagnostics::{CodeInfo, Diagnostic, Location};
use upskill_formats::{
    CanonicalLayout, CleanSession, CsvRow, CsvTable, CsvWriter, Dialect, HeaderCell, LayoutError,
    LeaveEntry, Located, ParsedValue, ReadOptions, Rejected, SessionItem, SpareLists, TextEncoding,
    WriteError,
};
use upskill_quota::Learner;
use upskill_session::{LearningSession, SessionRef, TimeTotal};

use crate::codes;
use crate::error::MappingError;
use crate::mapping::{Case, MappedKind, Mapping, Rule, delimiter_byte};
use crate::values::{self, DateFormat, DateTimeFormat, DurationUnit};

pub(crate) fn layout_check(kind: MappedKind, fields: &[&str]) -> Result<(), MappingError> {
    let result = match kind {
        MappedKind::Sessions => CanonicalLayout::sessions(fields).map(|_| ()),
        MappedKind::Roster => CanonicalLayout::roster(fields).map(|_| ()),
        MappedKind::Leave => CanonicalLayout::leave(fields).map(|_| ()),
        MappedKind::TimeTotals => CanonicalLayout::time_totals(fields).map(|_| ()),
    };
    result.map_err(layout_error)
}

fn layout_error(error: LayoutError) -> MappingError {
    match error {
        LayoutError::MissingField { fields, .. } => MappingError::MissingField(fields),
        LayoutError::UnknownField { kind, field, .. } => MappingError::UnknownField { kind, field },
        other => MappingError::BadRule {
            field: String::new(),
            reason: other.to_string(),
        },
    }
}

/// Learner ids by another identifier (such as e-mail), for `lookup` rules.
///
/// Keys are compared trimmed and in lower case.
#[derive(Debug, Clone, Default)]
pub struct Directory {
    column: String,
    ids: HashMap<String, String>,
}

impl Directory {
    /// An empty directory keyed by `column`.
    pub fn new(column: &str) -> Directory {
        Directory {
            column: column.to_string(),
            ids: HashMap::new(),
        }
    }

    /// Adds `key` -> `learner_id` (the first entry of a key is kept).
    pub fn insert(&mut self, key: &str, learner_id: &str) {
        self.ids
            .entry(key.trim().to_lowercase())
            .or_insert_with(|| learner_id.trim().to_string());
    }

    /// The column its keys come from.
    pub fn column(&self) -> &str {
        &self.column
    }

    /// The learner id of `key`.
    pub fn get(&self, key: &str) -> Option<&str> {
        let key = key.trim();
        let found = if key.is_ascii() && !key.bytes().any(|b| b.is_ascii_uppercase()) {
            // Already its own lower case: no copy.
            self.ids.get(key)
        } else {
            self.ids.get(&key.to_lowercase())
        };
        found.map(String::as_str)
    }

    /// Reads a directory from a CSV file with a `learner_id` column and a
    /// `column` column (header names compared ignoring case), such as a
    /// roster export with an `email` column. Rows without both are skipped.
    ///
    /// # Errors
    ///
    /// [`MappingError::DirectoryColumn`] when either column is missing.
    pub fn from_csv<R: BufRead>(
        file: &str,
        input: R,
        column: &str,
        options: &ReadOptions,
    ) -> Result<(Directory, Vec<Diagnostic>), MappingError> {
        let mut table = CsvTable::open(file, input, options);
        let find = |name: &str| {
            table
                .header()
                .iter()
                .position(|c| c.name.eq_ignore_ascii_case(name))
                .ok_or_else(|| MappingError::DirectoryColumn {
                    file: file.to_string(),
                    column: name.to_string(),
                })
        };
        let id_at = find("learner_id")?;
        let key_at = find(column)?;
        let mut directory = Directory::new(column);
        let mut problems = table.take_file_problems();
        while let Some(row) = table.next_row() {
            match row {
                Ok(row) => {
                    if let (Some(Some(id)), Some(Some(key))) =
                        (row.values.get(id_at), row.values.get(key_at))
                    {
                        directory.insert(key, id);
                    }
                }
                Err(rejected) => problems.extend(rejected.into_diagnostics()),
            }
        }
        Ok((directory, problems))
    }
}

/// What a mapped read needs besides the file and the mapping.
#[derive(Debug, Clone, Copy, Default)]
pub struct MapContext<'a> {
    /// Learner ids by another identifier, for `lookup` rules.
    pub directory: Option<&'a Directory>,
    /// The pledge's zone, for `time_zone = "pledge"`.
    pub pledge_zone: Option<chrono_tz::Tz>,
}

impl<'a> MapContext<'a> {
    /// No directory and no pledge zone.
    pub fn new() -> MapContext<'a> {
        MapContext::default()
    }

    /// The same context with a directory.
    pub fn with_directory(mut self, directory: &'a Directory) -> MapContext<'a> {
        self.directory = Some(directory);
        self
    }

    /// The same context with the pledge's zone.
    pub fn with_pledge_zone(mut self, zone: chrono_tz::Tz) -> MapContext<'a> {
        self.pledge_zone = Some(zone);
        self
    }
}

/// Where one canonical value comes from.
#[derive(Debug)]
enum Source {
    Column(usize),
    Constant(String),
}

#[derive(Debug)]
enum Parser {
    None,
    DateTime(DateTimeFormat),
    Date(DateFormat),
    Duration(DurationUnit),
    Number { percent: bool, divide_by: f64 },
}

/// A value map's entries (keys from a mapping file, so a fast hasher).
type ValueMap = HashMap<String, String, ahash::RandomState>;

/// One canonical field's rule, bound to the file's columns.
#[derive(Debug)]
struct Step {
    field: String,
    source: Source,
    default: Option<String>,
    /// Value map by the key as written (trimmed), then by its lower case.
    map: ValueMap,
    map_lower: ValueMap,
    case: Option<Case>,
    lookup: bool,
    parser: Parser,
    decimal_comma: Option<bool>,
    /// Whether a parsed date-time or duration may be handed to the decoder
    /// without its text (which the decoder then writes only to quote it):
    /// for the fields whose decoding takes the parsed value, and only when
    /// no record id is derived from the row's texts.
    lazy: bool,
}

/// A streaming reader of a foreign CSV file through a mapping: an iterator
/// of `Result<Located<T>, Rejected>`, one item per data row, like
/// [`upskill_formats::read_sessions`]. Every row has a fate: read, or
/// rejected with located, coded problems (the mapping's own parsing,
/// `I001`-`I005`, or the canonical decoder's codes), and reading goes on.
/// Locations are the original file's lines and columns.
pub struct MappedReader<'c, R, T: 'static> {
    table: CsvTable<R>,
    layout: CanonicalLayout<T>,
    steps: Vec<Step>,
    derive_id: bool,
    options: ReadOptions,
    directory: Option<&'c Directory>,
    /// Where each canonical value of the current row is (reused).
    positions: Vec<(u64, u64)>,
    /// The current row's values that the mapping wrote (parsed date-times
    /// and durations as canonical text, changed case), reused.
    text: String,
    /// Room for a value between steps of its pipeline, reused.
    scratch: String,
    /// The decoder's hints for the current row's values, reused.
    parsed: Vec<Option<ParsedValue>>,
    /// The allocations of the per-row lists of values, kept between rows.
    spare_outs: Vec<Out<'static>>,
    spare_values: Vec<Option<&'static str>>,
    /// The last row's lists, given back to the table before the next row.
    spare_lists: Option<SpareLists>,
    /// The current row's derived record id, reused.
    id: String,
    /// The input's name (the table's, for clean sessions to borrow).
    file: String,
}

/// Where one canonical value of a row is.
#[derive(Debug, Clone)]
enum Out<'v> {
    /// No value.
    Empty,
    /// Borrowed: the cell, a constant or default, a value-map entry, a
    /// directory's learner id.
    Text(&'v str),
    /// Written by the mapping to the row's text at this range, with the
    /// decoder's hint for it.
    Written(std::ops::Range<usize>, Option<ParsedValue>),
}

/// An empty vector with `spare`'s allocation, for other lifetimes (an
/// in-place collection: the element types differ only in lifetimes).
fn reuse<'b>(mut spare: Vec<Out<'_>>) -> Vec<Out<'b>> {
    spare.clear();
    spare.into_iter().map(|_| Out::Empty).collect()
}

/// As [`reuse`], for lists of values.
fn reuse_values<'b>(mut spare: Vec<Option<&str>>) -> Vec<Option<&'b str>> {
    spare.clear();
    spare.into_iter().map(|_| None).collect()
}

/// A mapped reader of sessions.
pub type MappedSessions<'c, R> = MappedReader<'c, R, LearningSession>;
/// A mapped reader of roster rows.
pub type MappedRoster<'c, R> = MappedReader<'c, R, Learner>;
/// A mapped reader of leave rows.
pub type MappedLeave<'c, R> = MappedReader<'c, R, LeaveEntry>;
/// A mapped reader of time-spent totals.
pub type MappedTimeTotals<'c, R> = MappedReader<'c, R, TimeTotal>;

/// The prefix of record ids derived from a row's content.
pub const DERIVED_ID_PREFIX: &str = "row-";

/// Reads sessions from a foreign CSV file through `mapping`.
///
/// `options` are the reading options of canonical files; a dialect or zone
/// given there wins over the mapping's (`csv`, `time_zone`), which win
/// over detection.
///
/// # Errors
///
/// [`MappingError`] when the mapping does not fit the file: a column it
/// names is not in the header ([`MappingError::MissingColumn`]), it is not
/// a sessions mapping, a `lookup` has no directory, or its zone is unknown.
/// Problems of rows are rejections, not errors.
///
/// # Example
///
/// ```
/// use upskill_formats::ReadOptions;
/// use upskill_mapping::{MapContext, Mapping, read_mapped_sessions};
///
/// let mapping = Mapping::from_toml_str(r#"
///     schema_version = 1
///     kind = "sessions"
///     time_zone = "Europe/London"
///     [fields]
///     learner_id = { value = "u42" }
///     start = { column = "Session start", datetime = "%d %B %Y, %I:%M %p" }
///     duration = { column = "Session duration", duration = "text" }
///     activity = { value = "e_learning" }
/// "#)?;
/// let csv = "Session start,Session duration\n\"30 March 2026, 10:15 AM\",1 hour 5 mins\n";
/// let mut reader = read_mapped_sessions("report.csv", csv.as_bytes(), &mapping, MapContext::new(), ReadOptions::new())?;
/// let session = reader.next().unwrap().unwrap().value;
/// assert_eq!(session.start().to_rfc3339(), "2026-03-30T10:15:00+01:00");
/// assert_eq!(session.duration().whole_minutes(), 65);
/// # Ok::<(), upskill_mapping::MappingError>(())
/// ```
pub fn read_mapped_sessions<'c, R: BufRead>(
    file: &str,
    input: R,
    mapping: &Mapping,
    context: MapContext<'c>,
    options: ReadOptions,
) -> Result<MappedSessions<'c, R>, MappingError> {
    MappedReader::open(
        MappedKind::Sessions,
        file,
        input,
        mapping,
        context,
        options,
        CanonicalLayout::sessions,
    )
}

/// Reads roster rows from a foreign CSV file through `mapping`; see
/// [`read_mapped_sessions`].
///
/// # Errors
///
/// As [`read_mapped_sessions`].
pub fn read_mapped_roster<'c, R: BufRead>(
    file: &str,
    input: R,
    mapping: &Mapping,
    context: MapContext<'c>,
    options: ReadOptions,
) -> Result<MappedRoster<'c, R>, MappingError> {
    MappedReader::open(
        MappedKind::Roster,
        file,
        input,
        mapping,
        context,
        options,
        CanonicalLayout::roster,
    )
}

/// Reads leave rows from a foreign CSV file through `mapping`; see
/// [`read_mapped_sessions`].
///
/// # Errors
///
/// As [`read_mapped_sessions`].
pub fn read_mapped_leave<'c, R: BufRead>(
    file: &str,
    input: R,
    mapping: &Mapping,
    context: MapContext<'c>,
    options: ReadOptions,
) -> Result<MappedLeave<'c, R>, MappingError> {
    MappedReader::open(
        MappedKind::Leave,
        file,
        input,
        mapping,
        context,
        options,
        CanonicalLayout::leave,
    )
}

/// Reads time-spent totals from a foreign CSV file through `mapping` (a
/// time-spent report: learner, day or week, time); see
/// [`read_mapped_sessions`]. A record id is derived from the row when the
/// mapping gives none, as for sessions.
///
/// # Errors
///
/// As [`read_mapped_sessions`].
///
/// # Example
///
/// ```
/// use upskill_formats::ReadOptions;
/// use upskill_mapping::{MapContext, Mapping, read_mapped_time_totals};
///
/// let mapping = Mapping::from_toml_str(r#"
///     schema_version = 1
///     kind = "time_totals"
///     [fields]
///     learner_id = "User"
///     date = { column = "Day", date = "%d/%m/%Y" }
///     duration = { column = "Time spent", duration = "text" }
///     activity = { value = "e_learning" }
/// "#)?;
/// let csv = "User,Day,Time spent\nu1,03/03/2026,1 hour 5 mins\n";
/// let mut reader = read_mapped_time_totals("report.csv", csv.as_bytes(), &mapping, MapContext::new(), ReadOptions::new())?;
/// let total = reader.next().unwrap().unwrap().value;
/// assert_eq!(total.duration().whole_minutes(), 65);
/// assert!(total.record_id().as_str().starts_with("row-"));
/// # Ok::<(), upskill_mapping::MappingError>(())
/// ```
pub fn read_mapped_time_totals<'c, R: BufRead>(
    file: &str,
    input: R,
    mapping: &Mapping,
    context: MapContext<'c>,
    options: ReadOptions,
) -> Result<MappedTimeTotals<'c, R>, MappingError> {
    MappedReader::open(
        MappedKind::TimeTotals,
        file,
        input,
        mapping,
        context,
        options,
        CanonicalLayout::time_totals,
    )
}

/// The reading options a mapping implies, under those given.
fn merged_options(
    mapping: &Mapping,
    context: &MapContext<'_>,
    mut options: ReadOptions,
) -> Result<ReadOptions, MappingError> {
    if options.delimiter.is_none()
        && let Some(delimiter) = &mapping.csv.delimiter
    {
        options.delimiter = Some(delimiter_byte(delimiter)?);
    }
    if options.encoding.is_none() {
        options.encoding = mapping
            .csv
            .encoding
            .as_deref()
            .and_then(TextEncoding::from_label);
    }
    if options.decimal_comma.is_none() {
        options.decimal_comma = mapping.csv.decimal_comma;
    }
    if options.local_time_zone.is_none() {
        options.local_time_zone = mapping.zone(context.pledge_zone)?;
    }
    Ok(options)
}

/// The header column a mapping's column name means: equal after trimming,
/// else equal ignoring case.
fn find_column(header: &[HeaderCell], name: &str) -> Option<usize> {
    let name = name.trim();
    header.iter().position(|c| c.name == name).or_else(|| {
        header
            .iter()
            .position(|c| c.name.to_lowercase() == name.to_lowercase())
    })
}

impl<'c, R: BufRead, T: 'static> MappedReader<'c, R, T> {
    fn open(
        kind: MappedKind,
        file: &str,
        input: R,
        mapping: &Mapping,
        context: MapContext<'c>,
        options: ReadOptions,
        layout: fn(&[&str]) -> Result<CanonicalLayout<T>, LayoutError>,
    ) -> Result<MappedReader<'c, R, T>, MappingError> {
        mapping.check()?;
        if mapping.kind != kind {
            return Err(MappingError::BadRule {
                field: "kind".into(),
                reason: format!(
                    "the mapping reads {}, not {}",
                    mapping.kind.name(),
                    kind.name()
                ),
            });
        }
        let options = merged_options(mapping, &context, options)?;
        let table = CsvTable::open(file, input, &options);
        let header = table.header();
        let mut steps = Vec::new();
        let mut fields: Vec<String> = Vec::new();
        for ((key, target), rule) in mapping.targets().into_iter().zip(mapping.fields.values()) {
            let rule: Rule = rule.rule();
            let source = match (&rule.column, &rule.value) {
                (Some(column), _) => match find_column(header, column) {
                    Some(index) => Source::Column(index),
                    None if header.is_empty() => Source::Constant(String::new()),
                    None => {
                        let names: Vec<&str> = header.iter().map(|c| c.name.as_str()).collect();
                        return Err(MappingError::MissingColumn {
                            file: file.to_string(),
                            field: key.to_string(),
                            column: column.clone(),
                            available: list(&names),
                        });
                    }
                },
                (None, Some(value)) => Source::Constant(value.clone()),
                (None, None) => Source::Constant(String::new()),
            };
            if rule.lookup.is_some() && context.directory.is_none() {
                return Err(MappingError::NoDirectory {
                    column: rule.lookup.clone().unwrap_or_default(),
                });
            }
            let parser = if let Some(pattern) = &rule.datetime {
                Parser::DateTime(DateTimeFormat::new(pattern))
            } else if let Some(pattern) = &rule.date {
                Parser::Date(DateFormat::new(pattern))
            } else if let Some(unit) = rule.duration {
                Parser::Duration(unit)
            } else if rule.percent || rule.divide_by.is_some() {
                Parser::Number {
                    percent: rule.percent,
                    divide_by: rule.divide_by.unwrap_or(1.0),
                }
            } else {
                Parser::None
            };
            steps.push(Step {
                field: key.to_string(),
                source,
                default: rule.default.clone(),
                map: rule
                    .map
                    .iter()
                    .map(|(k, v)| (k.trim().to_string(), v.clone()))
                    .collect(),
                map_lower: rule
                    .map
                    .iter()
                    .map(|(k, v)| (k.trim().to_lowercase(), v.clone()))
                    .collect(),
                case: rule.case,
                lookup: rule.lookup.is_some(),
                parser,
                decimal_comma: rule.decimal_comma,
                lazy: false,
            });
            fields.push(target);
        }
        let derive_id = matches!(kind, MappedKind::Sessions | MappedKind::TimeTotals)
            && !fields.iter().any(|f| f == "record_id");
        for (step, target) in steps.iter_mut().zip(&fields) {
            step.lazy = !derive_id
                && matches!(
                    (kind, target.as_str()),
                    (MappedKind::Sessions, "start" | "end" | "duration")
                        | (MappedKind::TimeTotals, "duration")
                );
        }
        if derive_id {
            fields.push("record_id".to_string());
        }
        let names: Vec<&str> = fields.iter().map(String::as_str).collect();
        let layout = layout(&names).map_err(layout_error)?;
        Ok(MappedReader {
            table,
            layout,
            steps,
            derive_id,
            options,
            directory: context.directory,
            positions: Vec::new(),
            text: String::new(),
            scratch: String::new(),
            parsed: Vec::new(),
            spare_outs: Vec::new(),
            spare_values: Vec::new(),
            spare_lists: None,
            id: String::new(),
            file: file.to_string(),
        })
    }

    /// Problems of the file rather than of a row (dialect guesses, an
    /// empty input). Complete once the iterator has ended.
    pub fn file_problems(&self) -> &[Diagnostic] {
        self.table.file_problems()
    }

    /// Takes the file problems found so far.
    pub fn take_file_problems(&mut self) -> Vec<Diagnostic> {
        self.table.take_file_problems()
    }

    /// The dialect read.
    pub fn dialect(&self) -> Dialect {
        self.table.dialect()
    }

    /// Rows yielded so far (read or rejected).
    pub fn records_read(&self) -> u64 {
        self.table.rows_read()
    }

    /// The input's name.
    pub fn file(&self) -> &str {
        self.table.file()
    }
}

/// A step's problem: its code and message.
type StepError = (CodeInfo, String);

impl Step {
    /// The step's value for a row: `cell` (the source column's text, if
    /// any) through the value map, the case change, the directory lookup
    /// and the parser. Values the step writes (parsed date-times and
    /// durations as canonical text, changed case) go to `out`; `scratch`
    /// holds a value between steps.
    ///
    /// Inlined into its one caller, the loop over a row's steps: returned
    /// through memory, the value cost a stall per step and row.
    #[inline(always)]
    fn apply<'v>(
        &'v self,
        cell: Option<&'v str>,
        directory: Option<&'v Directory>,
        file_decimal_comma: bool,
        scratch: &mut String,
        out: &mut String,
    ) -> Result<Out<'v>, StepError> {
        let mut value: &'v str = match (&self.source, cell) {
            (Source::Constant(value), _) if !value.is_empty() => value.as_str(),
            (_, Some(text)) => text,
            _ => match &self.default {
                Some(default) => default.as_str(),
                None => return Ok(Out::Empty),
            },
        };
        if !self.map.is_empty() {
            let key = value.trim();
            let to = match self.map.get(key) {
                Some(to) => Some(to),
                None if key.is_ascii() => {
                    scratch.clear();
                    scratch.push_str(key);
                    scratch.make_ascii_lowercase();
                    self.map_lower.get(scratch.as_str())
                }
                None => self.map_lower.get(&key.to_lowercase()),
            };
            if let Some(to) = to {
                value = to.as_str();
            }
        }
        // Whether the value is now in `scratch` rather than `value`.
        let mut changed = false;
        match self.case {
            Some(Case::Lower) if value.chars().any(char::is_uppercase) => {
                scratch.clear();
                if value.is_ascii() {
                    scratch.push_str(value);
                    scratch.make_ascii_lowercase();
                } else {
                    scratch.push_str(&value.to_lowercase());
                }
                changed = true;
            }
            Some(Case::Upper) if value.chars().any(char::is_lowercase) => {
                scratch.clear();
                if value.is_ascii() {
                    scratch.push_str(value);
                    scratch.make_ascii_uppercase();
                } else {
                    scratch.push_str(&value.to_uppercase());
                }
                changed = true;
            }
            _ => {}
        }
        if self.lookup
            && let Some(directory) = directory
        {
            let key = if changed { scratch.as_str() } else { value };
            match directory.get(key) {
                Some(id) => {
                    value = id;
                    changed = false;
                }
                None => {
                    return Err((
                        codes::UNKNOWN_LOOKUP,
                        format!(
                            "`{}` `{}` is not in the directory's `{}` column, so its learner is unknown",
                            self.field,
                            shown(key),
                            directory.column()
                        ),
                    ));
                }
            }
        }
        let text = if changed { scratch.as_str() } else { value };
        let decimal_comma = self.decimal_comma.unwrap_or(file_decimal_comma);
        let start = out.len();
        let hint = match &self.parser {
            Parser::None | Parser::Duration(DurationUnit::Iso8601) => {
                if !changed {
                    return Ok(Out::Text(value));
                }
                out.push_str(text);
                None
            }
            Parser::DateTime(format) => {
                let parsed =
                    values::parse_date_time(text, format, decimal_comma).ok_or_else(|| {
                        let expected = match format {
                            DateTimeFormat::Excel => {
                                "Excel serial days such as `46084.43`".to_string()
                            }
                            DateTimeFormat::Pattern { pattern, .. } => {
                                format!("the pattern `{pattern}`")
                            }
                        };
                        (
                            codes::BAD_DATE_TIME,
                            format!(
                                "`{}` `{}` is not a date-time in {expected}",
                                self.field,
                                shown(text)
                            ),
                        )
                    })?;
                if self.lazy
                    && let values::DateTimeValue::Local(naive) = parsed
                    && let Some(hint) = ParsedValue::local_date_time(naive)
                {
                    return Ok(Out::Written(start..start, Some(hint)));
                }
                values::write_date_time(parsed, out)
            }
            Parser::Date(format) => {
                let date = values::parse_date(text, format, decimal_comma).ok_or_else(|| {
                    (
                        codes::BAD_DATE,
                        format!(
                            "`{}` `{}` is not a date in the pattern `{}`",
                            self.field,
                            shown(text),
                            format.pattern()
                        ),
                    )
                })?;
                values::write_date(date, out);
                None
            }
            Parser::Duration(unit) => {
                let millis =
                    values::duration_millis(text, *unit, decimal_comma).ok_or_else(|| {
                        (
                            codes::BAD_DURATION,
                            format!(
                                "`{}` `{}` is not a duration in {}",
                                self.field,
                                shown(text),
                                unit.example()
                            ),
                        )
                    })?;
                if self.lazy {
                    return Ok(Out::Written(
                        start..start,
                        Some(ParsedValue::duration_millis(millis)),
                    ));
                }
                Some(ParsedValue::write_duration_millis(millis, out))
            }
            Parser::Number { percent, divide_by } => {
                let number = values::number(text, decimal_comma).ok_or_else(|| {
                    (
                        codes::BAD_NUMBER,
                        format!("`{}` `{}` is not a number", self.field, shown(text)),
                    )
                })?;
                let number = if *percent { number / 100.0 } else { number };
                out.push_str(&values::decimal_text(number / divide_by));
                None
            }
        };
        Ok(Out::Written(start..out.len(), hint))
    }
}

/// User text in a message: control characters escaped, at most 64 characters.
fn shown(text: &str) -> String {
    let escaped: String = text.chars().flat_map(char::escape_default).collect();
    let escaped = if text.chars().any(char::is_control) {
        escaped
    } else {
        text.to_string()
    };
    if escaped.chars().count() > 64 {
        let cut: String = escaped.chars().take(61).collect();
        format!("{cut}...")
    } else {
        escaped
    }
}

fn list(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match quoted.split_last() {
        None => "none".to_string(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}

/// A record id derived from a row: `row-` and the first 16 hex digits of
/// the SHA-1 of the row's mapped canonical values (field name `=` value,
/// joined by U+001F, in the mapping's field order). The same row content
/// read through the same mapping always gets the same id, wherever the row
/// is in the file; two rows with the same content get the same id (and
/// count once, as duplicates).
pub fn derived_record_id(fields: &[(&str, Option<&str>)]) -> String {
    let mut hasher = sha1_smol::Sha1::new();
    for (i, (name, value)) in fields.iter().enumerate() {
        if i > 0 {
            hasher.update(b"\x1f");
        }
        hasher.update(name.as_bytes());
        hasher.update(b"=");
        hasher.update(value.unwrap_or_default().as_bytes());
    }
    let hex = hasher.digest().to_string();
    format!("{DERIVED_ID_PREFIX}{}", hex.get(..16).unwrap_or(&hex))
}

/// The fast lane of a layout: a row's session borrowed from its values,
/// or `None` (see `CanonicalLayout::clean_session`).
type CleanFn<T> = for<'v> fn(
    &CanonicalLayout<T>,
    &[Option<&'v str>],
    &[Option<ParsedValue>],
    Option<chrono_tz::Tz>,
    bool,
) -> Option<SessionRef<'v>>;

impl<'c, R: BufRead, T: 'static> MappedReader<'c, R, T> {
    /// Reads the next row: by `fast` when it takes the row, else decoded.
    fn read_row(&mut self, fast: Option<CleanFn<T>>) -> Option<SessionItemOf<'_, T>> {
        let MappedReader {
            table,
            layout,
            steps,
            derive_id,
            options,
            directory,
            positions,
            text,
            scratch,
            parsed,
            spare_outs,
            spare_values,
            spare_lists,
            id,
            file,
        } = self;
        if let Some(lists) = spare_lists.take() {
            table.recycle(lists);
        }
        let decimal_comma = table.dialect().decimal_comma;
        let row = match table.next_row()? {
            Ok(row) => row,
            Err(rejected) => return Some(SessionItemOf::Read(Err(rejected))),
        };
        let mut outs = reuse(std::mem::take(spare_outs));
        text.clear();
        let mut problems = Vec::new();
        for step in steps.iter() {
            let (cell, column) = match step.source {
                Source::Column(index) => (row.values.get(index).copied().flatten(), Some(index)),
                Source::Constant(_) => (None, None),
            };
            match step.apply(cell, *directory, decimal_comma, scratch, text) {
                Ok(value) => outs.push(value),
                Err((code, message)) => {
                    let location = match column {
                        Some(index) => row.cell_location(index),
                        None => row.location(),
                    };
                    problems.push(Diagnostic::new(&code, location, message));
                    outs.push(Out::Empty);
                }
            }
        }
        if !problems.is_empty()
            && let Some(rejected) = Rejected::from_problems(row.location(), problems)
        {
            *spare_outs = reuse(outs);
            return Some(SessionItemOf::Read(Err(rejected)));
        }
        let mut values = reuse_values(std::mem::take(spare_values));
        parsed.clear();
        for out in &outs {
            let (value, hint) = match out {
                Out::Empty => (None, None),
                Out::Text(value) => (Some(*value), None),
                Out::Written(range, hint) => (text.get(range.clone()), *hint),
            };
            values.push(value);
            parsed.push(hint);
        }
        if *derive_id {
            let named: Vec<(&str, Option<&str>)> = layout
                .fields()
                .zip(values.iter())
                .map(|(name, value)| (name, *value))
                .collect();
            *id = derived_record_id(&named);
            values.push(Some(id.as_str()));
            parsed.push(None);
        }
        let (line, record) = (row.line, row.record);
        let zone = options.local_time_zone;
        let clean = fast.and_then(|fast| fast(layout, &values, parsed, zone, decimal_comma));
        let item = match clean {
            Some(session) => SessionItemOf::Clean(CleanSession {
                session,
                file: file.as_str(),
                line,
                record,
            }),
            None => {
                // Each value where its source cell is (a constant, and a
                // derived record id, at the row's start): only the
                // decoder needs them, so a clean row never places them.
                let record_position = (line, 1);
                positions.clear();
                positions.extend(steps.iter().map(|step| match step.source {
                    Source::Column(index) => row.position(index).unwrap_or(record_position),
                    Source::Constant(_) => record_position,
                }));
                if *derive_id {
                    positions.push(record_position);
                }
                SessionItemOf::Read(
                    layout.decode_parsed(
                        Location::file(file.as_str())
                            .at_line(line)
                            .at_column(1)
                            .at_record(record),
                        &values,
                        parsed,
                        positions,
                        options,
                        decimal_comma,
                    ),
                )
            }
        };
        let lists = row.into_lists();
        *spare_values = reuse_values(values);
        *spare_outs = reuse(outs);
        // Given back to the table before the next row is read (the row's
        // values may still be borrowed by a clean session).
        *spare_lists = Some(lists);
        Some(item)
    }
}

/// A row read by [`MappedReader::read_row`].
enum SessionItemOf<'a, T> {
    Clean(CleanSession<'a>),
    Read(Result<Located<T>, Rejected>),
}

impl<R: BufRead> MappedReader<'_, R, LearningSession> {
    /// The next row, by the fast lane when it can be, as
    /// [`upskill_formats::Reader::next_session`] reads canonical rows: a
    /// row whose mapped values are all in the canonical form (hinted
    /// date-times with one instant in the zone, hinted durations, canonical
    /// ids, activity and flag) is read into a borrowed session
    /// ([`SessionItem::Clean`], at the location the decoded record would
    /// have); any other row is what [`Iterator::next`] gives
    /// ([`SessionItem::Read`]). The two agree, so a report is the same
    /// byte for byte whichever lane a row took.
    pub fn next_session(&mut self) -> Option<SessionItem<'_>> {
        Some(
            match self.read_row(Some(CanonicalLayout::<LearningSession>::clean_session))? {
                SessionItemOf::Clean(clean) => SessionItem::Clean(clean),
                SessionItemOf::Read(read) => SessionItem::Read(read),
            },
        )
    }
}

impl<R: BufRead, T: 'static> Iterator for MappedReader<'_, R, T> {
    type Item = Result<Located<T>, Rejected>;

    fn next(&mut self) -> Option<Self::Item> {
        match self.read_row(None)? {
            SessionItemOf::Read(read) => Some(read),
            // Only a fast lane reads a row clean, and none is given here.
            SessionItemOf::Clean(_) => None,
        }
    }
}

/// What [`write_canonical`] did.
#[derive(Debug, Default)]
#[non_exhaustive]
pub struct ImportSummary {
    /// Records written.
    pub written: u64,
    /// Rows rejected.
    pub rejected: u64,
    /// Every problem: the file's, each rejection's, each written record's warnings.
    pub problems: Vec<Diagnostic>,
}

/// Writes every record a mapped reader reads as canonical CSV (the writer
/// of `upskill_formats`, formulas escaped) and accounts for every row: a
/// rejected row is counted and its problems kept, never written.
///
/// # Errors
///
/// [`WriteError`] when the output fails.
pub fn write_canonical<R: BufRead, T: CsvRow + 'static, W: Write>(
    reader: &mut MappedReader<'_, R, T>,
    output: W,
) -> Result<(ImportSummary, W), WriteError> {
    let mut writer = CsvWriter::new(output)?;
    let mut summary = ImportSummary::default();
    for item in reader.by_ref() {
        match item {
            Ok(located) => {
                writer.write(&located.value)?;
                summary.written += 1;
                summary.problems.extend(located.warnings);
            }
            Err(rejected) => {
                summary.rejected += 1;
                summary.problems.extend(rejected.into_diagnostics());
            }
        }
    }
    let mut file_problems = reader.take_file_problems();
    file_problems.append(&mut summary.problems);
    summary.problems = file_problems;
    Ok((summary, writer.finish()?))
}
