//! One raw record (a CSV row or a JSON object) seen field by field, and the
//! decoder that collects every problem in it.

use serde_json::{Map, Value};

use crate::codes::KindCodes;
use crate::diagnostics::{CodeInfo, Diagnostic, Location, Severity};
use crate::record::{FieldAt, Located, Rejected, escape_pointer};
use crate::values::{InstantError, parse_date, parse_instant};

/// A CSV header: the known field each column holds (`None`: ignored).
#[derive(Debug, Clone, Default)]
pub(crate) struct Header {
    pub columns: Vec<Option<&'static str>>,
}

impl Header {
    pub fn index_of(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| *c == Some(name))
    }
}

/// A CSV row: each column's text (trimmed, formula escape removed, `None`
/// when empty) and where each field starts.
pub(crate) struct CsvView<'a> {
    pub header: &'a Header,
    pub values: &'a [Option<&'a str>],
    /// Values already parsed by whoever wrote their text (an import
    /// mapping), by column; empty for a file's own rows.
    pub parsed: &'a [Option<crate::table::ParsedValue>],
    pub positions: &'a [(u64, u64)],
    /// A columnar row (Parquet, Arrow): the row's pointer (`/row_groups/0/rows/7`),
    /// each field located at `{pointer}/{name}` rather than at a line and column.
    pub pointer: Option<&'a str>,
}

/// A JSON record: its object and where its keys are.
pub(crate) struct JsonView<'a> {
    pub object: &'a Map<String, Value>,
    /// `(key, line, column)` of top-level keys, when known.
    pub keys: &'a [(std::borrow::Cow<'static, str>, u64, u64)],
    /// The record's pointer: `""` for a JSON Lines line, `/3`, `/learners/3`.
    pub pointer: &'a str,
}

pub(crate) enum View<'a> {
    Csv(CsvView<'a>),
    Json(JsonView<'a>),
}

/// A raw record and where it is.
pub(crate) struct RawRecord<'a> {
    pub location: Location,
    pub view: View<'a>,
}

/// A raw field value.
#[derive(Clone, Copy)]
pub(crate) enum Raw<'a> {
    Text(&'a str),
    Json(&'a Value),
}

pub(crate) fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Collects every problem of one record while its fields are read.
pub(crate) struct Decoder<'r, 'a> {
    pub raw: &'r RawRecord<'a>,
    pub codes: KindCodes,
    pub lenient: bool,
    /// Whether `,` is the decimal mark of CSV numbers.
    pub decimal_comma: bool,
    /// The zone of date-times without an offset, if one is given.
    pub zone: Option<chrono_tz::Tz>,
    pub problems: Vec<Diagnostic>,
}

impl<'r, 'a> Decoder<'r, 'a> {
    pub fn new(raw: &'r RawRecord<'a>, codes: KindCodes, lenient: bool) -> Decoder<'r, 'a> {
        Decoder {
            raw,
            codes,
            lenient,
            decimal_comma: false,
            zone: None,
            problems: Vec::new(),
        }
    }

    pub fn is_csv(&self) -> bool {
        matches!(self.raw.view, View::Csv(_))
    }

    /// Where field `name` is (the record itself if the field is absent).
    pub fn at(&self, name: &str) -> Location {
        let mut location = self.raw.location.clone();
        match &self.raw.view {
            View::Csv(csv) => {
                if let Some((line, column)) =
                    csv.header.index_of(name).and_then(|i| csv.positions.get(i))
                {
                    location.line = Some(*line);
                    location.column = Some(*column);
                }
                if let Some(pointer) = csv.pointer {
                    location.pointer = Some(format!("{pointer}/{}", escape_pointer(name)));
                }
            }
            View::Json(json) => {
                if let Some((_, line, column)) = json.keys.iter().find(|(k, _, _)| k == name) {
                    location.line = Some(*line);
                    location.column = Some(*column);
                }
                location.pointer = Some(format!("{}/{}", json.pointer, escape_pointer(name)));
            }
        }
        location
    }

    pub fn report(&mut self, code: CodeInfo, name: &str, message: String) {
        let location = self.at(name);
        self.problems
            .push(Diagnostic::new(&code, location, message));
    }

    pub fn report_record(&mut self, code: CodeInfo, message: String) {
        self.problems
            .push(Diagnostic::new(&code, self.raw.location.clone(), message));
    }

    pub fn has_errors(&self) -> bool {
        self.problems.iter().any(Diagnostic::is_error)
    }

    /// The raw value of `name`; `None` when absent, an empty CSV cell, or
    /// (when `nullable`) JSON `null`.
    pub fn get(&self, name: &str, nullable: bool) -> Option<Raw<'a>> {
        match &self.raw.view {
            View::Csv(csv) => {
                let index = csv.header.index_of(name)?;
                csv.values.get(index).copied().flatten().map(Raw::Text)
            }
            View::Json(json) => match json.object.get(name) {
                None => None,
                Some(Value::Null) if nullable => None,
                Some(value) => Some(Raw::Json(value)),
            },
        }
    }

    /// The hint given beside the text of `name` (see
    /// [`ParsedValue`](crate::table::ParsedValue)); `None` for a file's
    /// own rows.
    pub fn parsed(&self, name: &str) -> Option<crate::table::ParsedValue> {
        match &self.raw.view {
            View::Csv(csv) if !csv.parsed.is_empty() => {
                let index = csv.header.index_of(name)?;
                csv.parsed.get(index).copied().flatten()
            }
            _ => None,
        }
    }

    /// The exact duration hinted for `name`, in centiseconds: what
    /// `parse_exact_duration` reads from its text.
    pub fn duration_hint(&self, name: &str, text: &str) -> Option<u64> {
        let hint = self.parsed(name)?;
        let centis = hint.centis()?;
        debug_assert_eq!(
            upskill_session::iso8601::parse_exact_duration(&self.written(text, Some(hint))).ok(),
            Some(centis),
            "a duration hint disagrees with its text"
        );
        Some(centis)
    }

    /// The text of a value: as given, or written from its hint when it was
    /// left unwritten (`""`; see `CanonicalLayout::decode_parsed`).
    pub fn written<'t>(
        &self,
        text: &'t str,
        hint: Option<crate::table::ParsedValue>,
    ) -> std::borrow::Cow<'t, str> {
        match hint {
            Some(hint) if text.is_empty() => std::borrow::Cow::Owned(hint.text()),
            _ => std::borrow::Cow::Borrowed(text),
        }
    }

    pub fn missing(&mut self, name: &str) {
        let message = if self.is_csv() {
            format!("`{name}` is empty")
        } else {
            format!("missing field `{name}`")
        };
        if self.is_csv() {
            self.report(self.codes.missing, name, message);
        } else {
            self.report_record(self.codes.missing, message);
        }
    }

    pub fn wrong_type(&mut self, name: &str, expected: &str, found: &Value) {
        let message = format!("`{name}` must be {expected}, not {}", json_type(found));
        self.report(self.codes.wrong_type, name, message);
    }

    /// A text field (a JSON string). Reports a missing required field or a
    /// wrong JSON type.
    pub fn text(&mut self, name: &str, required: bool, nullable: bool) -> Option<&'a str> {
        match self.get(name, nullable) {
            None => {
                if required {
                    self.missing(name);
                }
                None
            }
            Some(Raw::Text(text)) => Some(text),
            Some(Raw::Json(Value::String(text))) => Some(text.as_str()),
            Some(Raw::Json(other)) => {
                self.wrong_type(name, "a string", other);
                None
            }
        }
    }

    /// A numeric field as decimal text: CSV text as written, a JSON number
    /// as serde_json writes it (the shortest text that reads back to it).
    pub fn number_text(&mut self, name: &str) -> Option<String> {
        match self.get(name, true) {
            None => None,
            Some(Raw::Text(text)) if self.decimal_comma => Some(decimal_point(text)),
            Some(Raw::Text(text)) => Some(text.to_string()),
            Some(Raw::Json(Value::Number(n))) => Some(n.to_string()),
            Some(Raw::Json(other)) => {
                self.wrong_type(name, "a number", other);
                None
            }
        }
    }

    /// An id field.
    pub fn id<T>(
        &mut self,
        name: &str,
        make: impl FnOnce(&str) -> Result<T, upskill_session::SessionError>,
    ) -> Option<T> {
        let text = self.text(name, true, false)?;
        match make(text) {
            Ok(id) => Some(id),
            Err(upskill_session::SessionError::EmptyId(_)) => {
                self.missing(name);
                None
            }
            Err(error) => {
                self.report(self.codes.bad_id, name, error.to_string());
                None
            }
        }
    }

    /// The required `activity` field: one of the ten kinds (CSV cells are
    /// read leniently, as `ActivityKind::parse` does; JSON strings must be
    /// the exact name), else `code` at the field.
    pub fn activity(&mut self, code: CodeInfo) -> Option<upskill_session::ActivityKind> {
        use upskill_session::{ActivityKind, SessionError};
        let csv = self.is_csv();
        let text = self.text("activity", true, false)?;
        let kind = if csv {
            ActivityKind::parse(text).ok()
        } else {
            ActivityKind::ALL.into_iter().find(|k| k.name() == text)
        };
        if kind.is_none() {
            self.report(
                code,
                "activity",
                SessionError::UnknownActivity(shown(text)).to_string(),
            );
        }
        kind
    }

    /// The optional `self_reported` flag (false when absent): a CSV cell
    /// read as a flag, a JSON boolean; anything else is `code` (or a wrong
    /// type) at the field.
    pub fn self_reported(&mut self, code: CodeInfo) -> bool {
        match self.get("self_reported", false) {
            None => false,
            Some(Raw::Text(text)) => crate::values::parse_flag(text).unwrap_or_else(|| {
                self.report(
                    code,
                    "self_reported",
                    format!(
                        "`self_reported` `{}` is not a flag: expected true, false, yes, no, 1 or 0",
                        shown(text)
                    ),
                );
                false
            }),
            Some(Raw::Json(Value::Bool(flag))) => *flag,
            Some(Raw::Json(other)) => {
                self.wrong_type("self_reported", "a boolean", other);
                false
            }
        }
    }

    /// A `YYYY-MM-DD` date field.
    pub fn date(&mut self, name: &str, required: bool) -> Option<chrono::NaiveDate> {
        let text = self.text(name, required, !required)?;
        let date = parse_date(text);
        if date.is_none() {
            self.report(
                self.codes.bad_date,
                name,
                format!(
                    "`{name}` `{}` is not a date: expected `YYYY-MM-DD` such as `2026-03-02`",
                    shown(text)
                ),
            );
        }
        date
    }

    /// An RFC 3339 instant field (errors use the session codes).
    pub fn instant(
        &mut self,
        name: &str,
        required: bool,
    ) -> Option<chrono::DateTime<chrono::FixedOffset>> {
        let text = self.text(name, required, !required)?;
        let hint = self.parsed(name);
        if let Some(zone) = self.zone
            && let Some(naive) = hint.and_then(|p| p.naive())
        {
            debug_assert!(
                {
                    let text = self.written(text, hint);
                    matches!(parse_instant(&text), Err(InstantError::Naive))
                        && crate::values::parse_naive(&text) == Some(naive)
                },
                "a date-time hint disagrees with its text"
            );
            use chrono::TimeZone;
            if let chrono::LocalResult::Single(instant) = zone.from_local_datetime(&naive) {
                return Some(instant.fixed_offset());
            }
            // In a gap or an overlap: reported, quoting the text.
            return self.local_naive(name, &self.written(text, hint), naive, zone);
        }
        let text = &*self.written(text, hint);
        match parse_instant(text) {
            Ok(instant) => Some(instant),
            Err(InstantError::Naive) => match self.zone {
                Some(zone) => self.local_instant(name, text, zone),
                None => {
                    self.report(
                        crate::codes::SESSION_NAIVE_TIMESTAMP,
                        name,
                        format!(
                            "`{name}` `{}` has no UTC offset: add one, such as `Z` or `+01:00`, or name the zone of local times (`--local-time-zone ZONE`, or `time_zone` in a mapping)",
                            shown(text)
                        ),
                    );
                    None
                }
            },
            Err(InstantError::Malformed) => {
                self.report(
                    crate::codes::SESSION_BAD_TIMESTAMP,
                    name,
                    format!(
                        "`{name}` `{}` is not a timestamp: expected RFC 3339 such as `2026-03-02T09:30:00+00:00`",
                        shown(text)
                    ),
                );
                None
            }
            Err(InstantError::Invalid) => {
                self.report(
                    crate::codes::SESSION_BAD_TIMESTAMP,
                    name,
                    format!("`{name}` `{}` names no real date and time", shown(text)),
                );
                None
            }
            Err(InstantError::LeapSecond) => {
                self.report(
                    crate::codes::SESSION_BAD_TIMESTAMP,
                    name,
                    format!(
                        "`{name}` `{}`: {}",
                        shown(text),
                        upskill_session::LEAP_SECOND_REFUSED
                    ),
                );
                None
            }
        }
    }

    /// A date-time without an offset, read as wall-clock time in `zone`:
    /// a time in the spring-forward gap is an error, one in the autumn
    /// overlap takes the earlier instant with a warning.
    fn local_instant(
        &mut self,
        name: &str,
        text: &str,
        zone: chrono_tz::Tz,
    ) -> Option<chrono::DateTime<chrono::FixedOffset>> {
        let Some(naive) = crate::values::parse_naive(text) else {
            self.report(
                crate::codes::SESSION_BAD_TIMESTAMP,
                name,
                format!("`{name}` `{}` names no real date and time", shown(text)),
            );
            return None;
        };
        self.local_naive(name, text, naive, zone)
    }

    /// `naive` (the date-time `text` names) as wall-clock time in `zone`;
    /// see [`Decoder::local_instant`].
    fn local_naive(
        &mut self,
        name: &str,
        text: &str,
        naive: chrono::NaiveDateTime,
        zone: chrono_tz::Tz,
    ) -> Option<chrono::DateTime<chrono::FixedOffset>> {
        use chrono::TimeZone;
        match zone.from_local_datetime(&naive) {
            chrono::LocalResult::Single(instant) => Some(instant.fixed_offset()),
            chrono::LocalResult::Ambiguous(first, second) => {
                let earlier = first.min(second).fixed_offset();
                self.report(
                    crate::codes::SESSION_LOCAL_TIME_AMBIGUOUS,
                    name,
                    format!(
                        "`{name}` `{}` happens twice in {zone} as the clocks go back; the earlier, `{}`, is taken",
                        shown(text),
                        earlier.to_rfc3339()
                    ),
                );
                Some(earlier)
            }
            chrono::LocalResult::None => {
                self.report(
                    crate::codes::SESSION_LOCAL_TIME_GAP,
                    name,
                    format!(
                        "`{name}` `{}` does not exist in {zone}: the clocks go forward over it",
                        shown(text)
                    ),
                );
                None
            }
        }
    }

    /// Reports JSON members that are not in `known` (CSV columns are
    /// checked once, at the header).
    pub fn unknown_fields(&mut self, known: &[&str]) {
        let View::Json(json) = &self.raw.view else {
            return;
        };
        let unknown: Vec<&String> = json
            .object
            .keys()
            .filter(|k| !known.contains(&k.as_str()))
            .collect();
        for key in unknown {
            let mut location = self.raw.location.clone();
            if let Some((_, line, column)) = json.keys.iter().find(|(k, _, _)| k == key.as_str()) {
                location.line = Some(*line);
                location.column = Some(*column);
            }
            location.pointer = Some(format!("{}/{}", json.pointer, escape_pointer(key)));
            let mut diagnostic = Diagnostic::new(
                &self.codes.unknown,
                location,
                format!(
                    "unknown field `{}`: expected one of {}",
                    shown(key),
                    list(known)
                ),
            );
            if self.lenient {
                diagnostic.severity = Severity::Warning;
            }
            self.problems.push(diagnostic);
        }
    }

    /// The record's value, or its rejection if any error was found.
    pub fn finish<T>(
        mut self,
        value: Option<T>,
        known: &'static [&'static str],
    ) -> Result<Located<T>, Rejected> {
        // Reading order within the record: the record's own problems, then
        // each field's in column order (a columnar row, which has no lines
        // and columns, is put in the order its CSV row would be).
        match &self.raw.view {
            View::Csv(CsvView {
                pointer: Some(prefix),
                header,
                ..
            }) => {
                let order = |p: &Diagnostic| -> usize {
                    let field = p
                        .location
                        .pointer
                        .as_deref()
                        .and_then(|at| at.strip_prefix(*prefix))
                        .and_then(|rest| rest.strip_prefix('/'));
                    match field {
                        None => 0,
                        Some(name) => header
                            .columns
                            .iter()
                            .position(|c| *c == Some(name))
                            .map_or(usize::MAX, |i| i + 1),
                    }
                };
                self.problems.sort_by_key(order);
            }
            _ => self
                .problems
                .sort_by_key(|p| (p.location.line, p.location.column)),
        }
        let location = self.raw.location.clone();
        if self.has_errors() {
            return Err(
                Rejected::from_problems(location.clone(), self.problems).unwrap_or_else(|| {
                    Rejected::new(
                        location,
                        Diagnostic::new(
                            &self.codes.wrong_type,
                            self.raw.location.clone(),
                            "the record could not be read",
                        ),
                    )
                }),
            );
        }
        let Some(value) = value else {
            return Err(Rejected::new(
                location,
                Diagnostic::new(
                    &self.codes.wrong_type,
                    self.raw.location.clone(),
                    "the record could not be read",
                ),
            ));
        };
        let (fields, pointer) = match &self.raw.view {
            View::Csv(CsvView {
                pointer: Some(pointer),
                header,
                values,
                ..
            }) => (
                header
                    .columns
                    .iter()
                    .zip(values.iter())
                    .filter_map(|(name, value)| {
                        let name = (*name)?;
                        value.map(|_| FieldAt {
                            name,
                            line: None,
                            column: None,
                        })
                    })
                    .collect(),
                Some((*pointer).to_string()),
            ),
            View::Csv(csv) => (
                csv.header
                    .columns
                    .iter()
                    .zip(csv.positions)
                    .zip(csv.values)
                    .filter_map(|((name, (line, column)), value)| {
                        let name = (*name)?;
                        value.map(|_| FieldAt {
                            name,
                            line: Some(*line),
                            column: Some(*column),
                        })
                    })
                    .collect(),
                None,
            ),
            View::Json(json) => (
                json.keys
                    .iter()
                    .filter_map(|(key, line, column)| {
                        known
                            .iter()
                            .find(|k| **k == key.as_ref())
                            .map(|name| FieldAt {
                                name,
                                line: Some(*line),
                                column: Some(*column),
                            })
                    })
                    .collect(),
                Some(json.pointer.to_string()),
            ),
        };
        Ok(Located {
            value,
            location,
            warnings: self.problems,
            fields,
            pointer,
        })
    }
}

/// A number written with a decimal comma (`22,5`) with a decimal point
/// instead; text with a `.` or more than one `,` is left as it is, to be
/// refused by the number parser.
pub(crate) fn decimal_point(text: &str) -> String {
    if !text.contains('.') && text.matches(',').count() == 1 {
        text.replace(',', ".")
    } else {
        text.to_string()
    }
}

/// `a`, `b` or `c`, in backticks.
pub(crate) fn list(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match quoted.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}

/// User text quoted in a message: control characters escaped, at most 64 characters.
pub(crate) fn shown(text: &str) -> String {
    let escaped: String = text
        .chars()
        .flat_map(|c| -> Box<dyn Iterator<Item = char>> {
            if c.is_control() {
                Box::new(c.escape_default())
            } else {
                Box::new(std::iter::once(c))
            }
        })
        .collect();
    if escaped.chars().count() > 64 {
        let cut: String = escaped.chars().take(61).collect();
        format!("{cut}...")
    } else {
        escaped
    }
}
