//! The validator: every problem of an input, with counts.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::BufRead;

use chrono::{DateTime, Utc};
use serde_json::Value;
use upskill_formats::diagnostics::{CodeInfo, Diagnostic, Location, Severity};
use upskill_formats::{
    DocumentKind, Format, Located, ReadOptions, duplicate_learner, pledge_from_document,
    read_holidays, read_leave, read_roster, read_sessions, read_time_totals,
};
use upskill_quota::Roster;
use upskill_session::{LearnerId, LearningSession, RecordId, SessionDuration};

use crate::published::Published;
use crate::report::{REPORT_SCHEMA_VERSION, Summary, ValidationReport};

pub use upskill_diagnostics::codes::validator::{
    CODES, LEAVE_OVERLAPS, LEAVE_UNKNOWN_LEARNER, PLEDGE_NO_EFFECT, SESSION_CONFLICTING_ID,
    SESSION_DUPLICATE_CONTENT, SESSION_DUPLICATE_ID, SESSION_ENDS_AFTER_AS_OF,
    SESSION_ID_OF_ANOTHER_LEARNER, SESSION_LONG, SESSION_STARTS_AFTER_AS_OF,
    SESSION_UNKNOWN_LEARNER,
};

/// Every documented code: the readers', the validator's, the import
/// mappings' and the xAPI statement checks' (`upskill_xapi::CODES`), in
/// code order, each with what reports it (`reader`, `validator`, `mapping`
/// or `xapi`).
///
/// # Example
///
/// ```
/// let codes = upskill_schema::all_codes();
/// assert!(codes.iter().any(|(c, by)| c.code == "S012" && *by == "reader"));
/// assert!(codes.iter().any(|(c, by)| c.code == "S023" && *by == "validator"));
/// assert!(codes.iter().any(|(c, by)| c.code == "I003" && *by == "mapping"));
/// assert!(codes.iter().any(|(c, by)| c.code == "X020" && *by == "xapi"));
/// ```
pub fn all_codes() -> Vec<(CodeInfo, &'static str)> {
    use upskill_diagnostics::codes::{Family, all};
    all()
        .into_iter()
        .filter(|(_, family)| {
            matches!(
                family,
                Family::Reader | Family::Validator | Family::Mapping | Family::Xapi
            )
        })
        .map(|(code, family)| (code, family.name()))
        .collect()
}

/// The default limit on listed problems.
pub const DEFAULT_MAX_PROBLEMS: usize = 1000;

/// Sessions longer than this are warned about (S020) by default: 12 hours.
pub const DEFAULT_LONG_SESSION: SessionDuration = SessionDuration::from_minutes(12 * 60);

/// How to validate.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ValidateOptions {
    /// Reading options (limits, lenient mode).
    pub read: ReadOptions,
    /// The instant the data was exported at: sessions after it are reported.
    pub as_of: Option<DateTime<Utc>>,
    /// Sessions longer than this get a warning (default 12 hours).
    pub long_session: SessionDuration,
    /// At most this many problems are listed (default 1000); the rest are counted.
    pub max_problems: usize,
    /// The learners in the roster, if one is given: sessions and leave of
    /// anyone else are reported.
    pub roster: Option<BTreeSet<LearnerId>>,
}

impl Default for ValidateOptions {
    fn default() -> ValidateOptions {
        ValidateOptions {
            read: ReadOptions::default(),
            as_of: None,
            long_session: DEFAULT_LONG_SESSION,
            max_problems: DEFAULT_MAX_PROBLEMS,
            roster: None,
        }
    }
}

impl ValidateOptions {
    /// Strict validation with the defaults.
    pub fn new() -> ValidateOptions {
        ValidateOptions::default()
    }

    /// The same options with an `as_of` instant.
    pub fn with_as_of(mut self, as_of: DateTime<Utc>) -> ValidateOptions {
        self.as_of = Some(as_of);
        self
    }

    /// The same options checking learners against `roster`.
    pub fn with_roster(mut self, roster: &Roster) -> ValidateOptions {
        self.roster = Some(roster.learners().map(|l| l.id().clone()).collect());
        self
    }

    /// The same options checking learners against these ids.
    pub fn with_roster_ids(mut self, ids: impl IntoIterator<Item = LearnerId>) -> ValidateOptions {
        self.roster = Some(ids.into_iter().collect());
        self
    }

    /// The same options listing at most `max` problems.
    pub fn with_max_problems(mut self, max: usize) -> ValidateOptions {
        self.max_problems = max;
        self
    }

    /// The same options warning about sessions longer than `limit`.
    pub fn with_long_session(mut self, limit: SessionDuration) -> ValidateOptions {
        self.long_session = limit;
        self
    }

    /// The same options with other reading options.
    pub fn with_read(mut self, read: ReadOptions) -> ValidateOptions {
        self.read = read;
        self
    }
}

/// An input to validate: a name (used in every location), a reader, and
/// optionally its format (otherwise told by the name's extension, then by
/// the first bytes).
pub struct Input<R> {
    name: String,
    reader: R,
    format: Option<Format>,
}

impl<R: BufRead> Input<R> {
    /// An input named `name` (a path, or `-`).
    pub fn new(name: impl Into<String>, reader: R) -> Input<R> {
        Input {
            name: name.into(),
            reader,
            format: None,
        }
    }

    /// The same input read as `format`.
    pub fn with_format(mut self, format: Format) -> Input<R> {
        self.format = Some(format);
        self
    }
}

/// Problems collected up to the limit, and the counts.
struct Collector {
    max: usize,
    problems: Vec<Diagnostic>,
    summary: Summary,
}

impl Collector {
    fn new(max: usize) -> Collector {
        Collector {
            max,
            problems: Vec::new(),
            summary: Summary::default(),
        }
    }

    fn push(&mut self, diagnostic: Diagnostic) {
        match diagnostic.severity {
            Severity::Error => self.summary.errors += 1,
            Severity::Warning => self.summary.warnings += 1,
        }
        if self.problems.len() < self.max {
            self.problems.push(diagnostic);
        } else {
            self.summary.not_listed += 1;
        }
    }

    /// Counts one record with these problems.
    fn record(&mut self, problems: impl IntoIterator<Item = Diagnostic>) {
        self.summary.records_read += 1;
        let mut problems: Vec<Diagnostic> = problems.into_iter().collect();
        // Reading order within the record.
        problems.sort_by_key(|p| (p.location.line, p.location.column));
        let (mut errors, mut warnings) = (false, false);
        for problem in problems {
            errors |= problem.is_error();
            warnings |= !problem.is_error();
            self.push(problem);
        }
        if errors {
            self.summary.records_with_errors += 1;
        } else if warnings {
            self.summary.records_with_warnings += 1;
        }
    }

    fn finish(self, file: String, kind: DocumentKind, format: Format) -> ValidationReport {
        ValidationReport {
            schema_version: REPORT_SCHEMA_VERSION,
            file,
            kind,
            format,
            valid: self.summary.errors == 0,
            summary: self.summary,
            problems: self.problems,
        }
    }
}

/// Validates one input of `kind`, returning every problem found (up to
/// [`ValidateOptions::max_problems`] listed, all counted): the readers'
/// schema-level problems (missing, unknown and mistyped fields, bad values,
/// limits) and the rules across records (duplicates, overlaps, learners not
/// in the roster, timestamps after `as_of`, implausibly long sessions).
///
/// A pledge is checked against its published schema (every violation is
/// listed), then its rules are built.
///
/// # Example
///
/// ```
/// use upskill_formats::DocumentKind;
/// use upskill_schema::{Input, ValidateOptions, validate};
///
/// let csv = "record_id,learner_id,start,end,activity\n\
///            r1,e1,2026-03-02T09:00:00Z,2026-03-02T08:00:00Z,webinar\n\
///            r2,e1,2026-03-02T10:00:00Z,2026-03-02T23:30:00Z,webinar\n";
/// let report = validate(DocumentKind::Sessions, Input::new("sessions.csv", csv.as_bytes()), &ValidateOptions::new());
/// assert!(!report.valid);
/// assert_eq!(report.summary.records_read, 2);
/// assert_eq!(report.problems[0].to_string(), "sessions.csv:2:28: error[S012]: end `2026-03-02T08:00:00+00:00` is before start `2026-03-02T09:00:00+00:00`");
/// assert_eq!(report.problems[1].code, "S020");
/// ```
pub fn validate<R: BufRead>(
    kind: DocumentKind,
    input: Input<R>,
    options: &ValidateOptions,
) -> ValidationReport {
    let Input {
        name,
        reader,
        format,
    } = input;
    let mut collector = Collector::new(options.max_problems);
    let format = match kind {
        DocumentKind::Sessions => {
            let mut reader = read_sessions(&name, reader, format, options.read);
            let format = reader.format();
            let mut rules = SessionRules::new(options);
            file_problems(&mut collector, &mut reader.take_file_problems());
            for item in reader.by_ref() {
                match item {
                    Err(rejected) => collector.record(rejected.into_diagnostics()),
                    Ok(session) => {
                        let problems = rules.check(&session);
                        collector.record(session.warnings.into_iter().chain(problems));
                    }
                }
            }
            file_problems(&mut collector, &mut reader.take_file_problems());
            format
        }
        DocumentKind::Roster => {
            let mut reader = read_roster(&name, reader, format, options.read);
            let format = reader.format();
            file_problems(&mut collector, &mut reader.take_file_problems());
            check_roster_rows(&mut collector, reader.by_ref());
            file_problems(&mut collector, &mut reader.take_file_problems());
            format
        }
        DocumentKind::Leave => {
            let mut reader = read_leave(&name, reader, format, options.read);
            let format = reader.format();
            let mut seen: HashMap<LearnerId, Vec<(chrono::NaiveDate, chrono::NaiveDate, Earlier)>> =
                HashMap::new();
            file_problems(&mut collector, &mut reader.take_file_problems());
            for item in reader.by_ref() {
                match item {
                    Err(rejected) => collector.record(rejected.into_diagnostics()),
                    Ok(entry) => {
                        let problems = leave_rules(&entry, &mut seen, options);
                        collector.record(entry.warnings.into_iter().chain(problems));
                    }
                }
            }
            file_problems(&mut collector, &mut reader.take_file_problems());
            format
        }
        DocumentKind::Holidays => {
            let mut reader = read_holidays(&name, reader, format, options.read);
            let format = reader.format();
            file_problems(&mut collector, &mut reader.take_file_problems());
            for item in reader.by_ref() {
                match item {
                    Err(rejected) => collector.record(rejected.into_diagnostics()),
                    Ok(day) => collector.record(day.warnings),
                }
            }
            file_problems(&mut collector, &mut reader.take_file_problems());
            format
        }
        DocumentKind::TimeTotals => {
            let mut reader = read_time_totals(&name, reader, format, options.read);
            let format = reader.format();
            file_problems(&mut collector, &mut reader.take_file_problems());
            for item in reader.by_ref() {
                match item {
                    Err(rejected) => collector.record(rejected.into_diagnostics()),
                    Ok(total) => collector.record(total.warnings),
                }
            }
            file_problems(&mut collector, &mut reader.take_file_problems());
            format
        }
        DocumentKind::Pledge => {
            validate_document(&PLEDGE, &name, reader, format, options, &mut collector);
            Format::Json
        }
        DocumentKind::People => {
            validate_document(&PEOPLE, &name, reader, format, options, &mut collector);
            Format::Json
        }
        DocumentKind::Xapi => validate_xapi(&name, reader, format, options, &mut collector),
    };
    collector.finish(name, kind, format)
}

/// xAPI statements, checked the way `upskill_xapi::validate_document` does
/// (every spec problem of every statement, located by record or line, JSON
/// pointer, line and column; no identity mapping). The format is `format`,
/// else told by the name and the first bytes
/// ([`DocumentKind::detect_format`]). Returns the format read.
fn validate_xapi<R: BufRead>(
    name: &str,
    mut reader: R,
    format: Option<Format>,
    options: &ValidateOptions,
    collector: &mut Collector,
) -> Format {
    let format = format.unwrap_or_else(|| {
        let head = reader.fill_buf().map(<[u8]>::to_vec).unwrap_or_default();
        DocumentKind::Xapi.detect_format(name, &head)
    });
    let input = match format {
        Format::Json => upskill_xapi::InputFormat::Json,
        Format::JsonLines => upskill_xapi::InputFormat::JsonLines,
        Format::Csv => {
            collector.push(Diagnostic::new(
                &upskill_formats::codes::UNSUPPORTED_FORMAT,
                Location::file(name),
                format!("xAPI statements are read from json or jsonl, not {format}"),
            ));
            return format;
        }
    };
    let limits = upskill_xapi::ReadLimits {
        max_statement_bytes: options.read.limits.max_line_bytes,
        max_depth: options.read.limits.max_depth,
    };
    match upskill_xapi::validate_document(reader, name, input, limits) {
        Ok(found) => {
            for problem in found.diagnostics {
                collector.push(problem);
            }
            collector.summary.records_read += found.statements;
            collector.summary.records_with_errors += found.statements_with_errors;
            collector.summary.records_with_warnings += found.statements_with_warnings;
        }
        Err(error) => collector.push(Diagnostic::new(
            &upskill_formats::codes::IO_ERROR,
            Location::file(name),
            format!("the input could not be read: {error}"),
        )),
    }
    format
}

/// Records each roster row's problems and a learner listed twice (naming
/// the first row): the one roster check, whether the rows come from the
/// canonical reader or through an import mapping.
fn check_roster_rows(
    collector: &mut Collector,
    rows: impl Iterator<
        Item = Result<upskill_formats::Located<upskill_quota::Learner>, upskill_formats::Rejected>,
    >,
) {
    let mut first_seen = BTreeMap::new();
    for item in rows {
        match item {
            Err(rejected) => collector.record(rejected.into_diagnostics()),
            Ok(learner) => {
                let duplicate = duplicate_learner(&first_seen, &learner);
                if duplicate.is_none() {
                    first_seen.insert(learner.value.id().clone(), learner.location.clone());
                }
                collector.record(learner.warnings.into_iter().chain(duplicate));
            }
        }
    }
}

fn file_problems(collector: &mut Collector, problems: &mut Vec<Diagnostic>) {
    for problem in problems.drain(..) {
        collector.push(problem);
    }
}

/// Where an earlier record was (its line, or its pointer in a JSON array).
struct Earlier {
    line: Option<u64>,
    pointer: Option<String>,
}

impl Earlier {
    fn of(location: &Location) -> Earlier {
        Earlier {
            line: location.line,
            pointer: if location.line.is_some() {
                None
            } else {
                location.pointer.clone()
            },
        }
    }
}

/// What is remembered of a session for the rules across records.
struct Seen {
    start_ms: i64,
    end_ms: i64,
    at: Earlier,
}

/// The rules across session records.
struct SessionRules<'o> {
    options: &'o ValidateOptions,
    by_id: HashMap<(LearnerId, RecordId), Seen>,
    by_content: HashMap<(LearnerId, i64, u64), Earlier>,
    /// The first learner each `(source, record_id)` was seen for.
    by_source_id: HashMap<(Option<String>, RecordId), (LearnerId, Earlier)>,
}

fn earlier(at: &Earlier) -> String {
    match (at.line, &at.pointer) {
        (Some(line), _) => format!("line {line}"),
        (None, Some(pointer)) => format!("`{pointer}`"),
        _ => "an earlier record".into(),
    }
}

impl<'o> SessionRules<'o> {
    fn new(options: &'o ValidateOptions) -> SessionRules<'o> {
        SessionRules {
            options,
            by_id: HashMap::new(),
            by_content: HashMap::new(),
            by_source_id: HashMap::new(),
        }
    }

    fn check(&mut self, located: &Located<LearningSession>) -> Vec<Diagnostic> {
        let session = &located.value;
        let mut problems = Vec::new();
        let length_field = ["end", "duration", "duration_minutes"]
            .into_iter()
            .find(|f| located.has_field(f))
            .unwrap_or("end");
        if session.duration() > self.options.long_session {
            problems.push(Diagnostic::new(
                &SESSION_LONG,
                located.field(length_field),
                format!(
                    "the session lasts {}, more than {}: check its end or duration",
                    session.duration(),
                    self.options.long_session
                ),
            ));
        }
        if let Some(as_of) = self.options.as_of {
            let as_of_text = as_of.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true);
            if session.start_utc() > as_of {
                problems.push(Diagnostic::new(
                    &SESSION_STARTS_AFTER_AS_OF,
                    located.field("start"),
                    format!(
                        "the session starts at `{}`, after `as_of` {as_of_text}",
                        session.start().to_rfc3339()
                    ),
                ));
            } else if session.end().with_timezone(&Utc) > as_of {
                problems.push(Diagnostic::new(
                    &SESSION_ENDS_AFTER_AS_OF,
                    located.field(length_field),
                    format!(
                        "the session ends at `{}`, after `as_of` {as_of_text}",
                        session.end().to_rfc3339()
                    ),
                ));
            }
        }
        let source_key = (
            session.source().map(str::to_string),
            session.record_id().clone(),
        );
        match self.by_source_id.get(&source_key) {
            Some((learner, at)) if learner != session.learner_id() => {
                let source = match session.source() {
                    Some(source) => format!(" from source `{source}`"),
                    None => String::new(),
                };
                problems.push(Diagnostic::new(
                    &SESSION_ID_OF_ANOTHER_LEARNER,
                    located.field("record_id"),
                    format!(
                        "record id `{}`{source} of `{}` was first used on {} for another learner, `{learner}`: a record id names one record",
                        session.record_id(),
                        session.learner_id(),
                        earlier(at)
                    ),
                ));
            }
            Some(_) => {}
            None => {
                self.by_source_id.insert(
                    source_key,
                    (session.learner_id().clone(), Earlier::of(&located.location)),
                );
            }
        }
        let span = session.span();
        let key = (session.learner_id().clone(), session.record_id().clone());
        match self.by_id.get(&key) {
            Some(seen) if seen.start_ms == span.start_ms && seen.end_ms == span.end_ms => {
                problems.push(Diagnostic::new(
                    &SESSION_DUPLICATE_ID,
                    located.field("record_id"),
                    format!(
                        "record `{}` of `{}` repeats the record on {}; it counts once",
                        session.record_id(),
                        session.learner_id(),
                        earlier(&seen.at)
                    ),
                ));
            }
            Some(seen) => {
                problems.push(Diagnostic::new(
                    &SESSION_CONFLICTING_ID,
                    located.field("record_id"),
                    format!(
                        "record id `{}` of `{}` was used on {} for a different session; the earliest is kept",
                        session.record_id(),
                        session.learner_id(),
                        earlier(&seen.at)
                    ),
                ));
            }
            None => {
                let content = (
                    session.learner_id().clone(),
                    span.start_ms,
                    session.duration().as_millis(),
                );
                if let Some(at) = self.by_content.get(&content) {
                    problems.push(Diagnostic::new(
                        &SESSION_DUPLICATE_CONTENT,
                        located.field("record_id"),
                        format!(
                            "record `{}` has the same learner, start and duration as the record on {}; it counts once",
                            session.record_id(),
                            earlier(at)
                        ),
                    ));
                } else {
                    self.by_content
                        .insert(content, Earlier::of(&located.location));
                }
                self.by_id.insert(
                    key,
                    Seen {
                        start_ms: span.start_ms,
                        end_ms: span.end_ms,
                        at: Earlier::of(&located.location),
                    },
                );
            }
        }
        if let Some(roster) = &self.options.roster
            && !roster.contains(session.learner_id())
        {
            problems.push(Diagnostic::new(
                &SESSION_UNKNOWN_LEARNER,
                located.field("learner_id"),
                format!(
                    "learner `{}` is not in the roster; the session credits no one",
                    session.learner_id()
                ),
            ));
        }
        problems
    }
}

fn leave_rules(
    entry: &Located<upskill_formats::LeaveEntry>,
    seen: &mut HashMap<LearnerId, Vec<(chrono::NaiveDate, chrono::NaiveDate, Earlier)>>,
    options: &ValidateOptions,
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let learner = &entry.value.learner;
    let span = entry.value.span;
    let ranges = seen.entry(learner.clone()).or_default();
    if let Some((from, to, at)) = ranges
        .iter()
        .find(|(from, to, _)| span.from <= *to && *from <= span.to)
    {
        problems.push(Diagnostic::new(
            &LEAVE_OVERLAPS,
            entry.field("from"),
            format!(
                "leave of `{learner}` from {} to {} overlaps the leave from {from} to {to} on {}",
                span.from,
                span.to,
                earlier(at)
            ),
        ));
    }
    ranges.push((span.from, span.to, Earlier::of(&entry.location)));
    if let Some(roster) = &options.roster
        && !roster.contains(learner)
    {
        problems.push(Diagnostic::new(
            &LEAVE_UNKNOWN_LEARNER,
            entry.field("learner_id"),
            format!("learner `{learner}` is not in the roster"),
        ));
    }
    problems
}

/// A strict reader of one JSON document kind.
type ReadDocument<T> = fn(&str, &[u8], upskill_formats::ReadOptions) -> Result<T, Vec<Diagnostic>>;

/// A JSON document kind the validator checks against its published schema.
struct JsonDocument<T> {
    /// The published schema's name (`pledge`).
    schema: &'static str,
    /// What the document is, for messages (`a pledge`).
    what: &'static str,
    /// The codes of its missing, unknown and invalid fields.
    codes: SchemaCodes,
    /// The strict reader (limits, syntax, `schema_version`, serde).
    read: ReadDocument<T>,
    /// The rules a document of the right shape must still keep.
    rules: fn(&str, &T) -> Vec<Diagnostic>,
}

/// The codes a document's schema problems are reported with.
#[derive(Clone, Copy)]
struct SchemaCodes {
    missing: CodeInfo,
    unknown: CodeInfo,
    invalid: CodeInfo,
}

const PLEDGE: JsonDocument<upskill_pledge::PledgeDocument> = JsonDocument {
    schema: "pledge",
    what: "a pledge",
    codes: SchemaCodes {
        missing: upskill_formats::codes::PLEDGE_MISSING_FIELD,
        unknown: upskill_formats::codes::PLEDGE_UNKNOWN_FIELD,
        invalid: upskill_formats::codes::PLEDGE_WRONG_TYPE,
    },
    read: |file, bytes, options| upskill_formats::read_pledge_document(file, bytes, options),
    rules: |file, document| match pledge_from_document(file, document) {
        Err(problem) => vec![problem],
        Ok(_) => pledge_settings_without_effect(file, document),
    },
};

const PEOPLE: JsonDocument<upskill_people::PeopleDocument> = JsonDocument {
    schema: "people",
    what: "a People-principle file",
    codes: SchemaCodes {
        missing: upskill_formats::codes::PEOPLE_MISSING_FIELD,
        unknown: upskill_formats::codes::PEOPLE_UNKNOWN_FIELD,
        invalid: upskill_formats::codes::PEOPLE_INVALID,
    },
    read: |file, bytes, options| upskill_formats::read_people(file, bytes, options),
    rules: |_, _| Vec::new(),
};

fn validate_document<R: BufRead, T>(
    kind: &JsonDocument<T>,
    file: &str,
    mut reader: R,
    format: Option<Format>,
    options: &ValidateOptions,
    collector: &mut Collector,
) {
    if let Some(format) = format.filter(|f| *f != Format::Json) {
        collector.push(Diagnostic::new(
            &upskill_formats::codes::UNSUPPORTED_FORMAT,
            Location::file(file),
            format!("{} is read from json, not {format}", kind.what),
        ));
        return;
    }
    let limits = options.read.limits;
    let mut bytes = Vec::new();
    let mut limited = std::io::Read::take(&mut reader, limits.max_document_bytes.saturating_add(1));
    if let Err(error) = std::io::Read::read_to_end(&mut limited, &mut bytes) {
        collector.record([Diagnostic::new(
            &upskill_formats::codes::IO_ERROR,
            Location::file(file),
            format!("the input could not be read: {error}"),
        )]);
        return;
    }
    // Limits, encoding, syntax, depth and `schema_version`, exactly as the
    // reader checks them; serde's first shape problem is kept in case the
    // schema finds none.
    let parsed = (kind.read)(file, bytes.as_slice(), options.read);
    let own = |code: &str| {
        [kind.codes.missing, kind.codes.unknown, kind.codes.invalid]
            .iter()
            .any(|c| c.code == code)
    };
    let serde_problems = match &parsed {
        Ok(_) => Vec::new(),
        Err(problems) if problems.iter().all(|p| own(&p.code)) => problems.clone(),
        Err(problems) => {
            collector.record(problems.clone());
            return;
        }
    };
    let body = bytes
        .strip_prefix(b"\xEF\xBB\xBF".as_slice())
        .unwrap_or(&bytes);
    let Ok(value) = serde_json::from_slice::<Value>(body) else {
        collector.record(serde_problems);
        return;
    };
    // `60.0` is an `integer` to JSON Schema 2020-12 (Core §4.2.1), but
    // jsonschema 0.33 accepts it only where `type` is the single word
    // "integer", not in a set such as `["integer", "null"]`: the validator
    // sees such numbers as the integers the reader takes them for.
    let whole = upskill_formats::whole_numbers_as_integers(&value);
    let mut problems = schema_problems(
        kind.schema,
        kind.codes,
        file,
        whole.as_ref().unwrap_or(&value),
    );
    if problems.is_empty() {
        problems = serde_problems;
    }
    if problems.is_empty()
        && let Ok(document) = &parsed
    {
        problems.extend((kind.rules)(file, document));
    }
    collector.record(problems);
}

/// A day in any time zone lasts at most 25 hours (a DST change), so a daily
/// cap of this many minutes or more never clips anything.
const LONGEST_DAY_MINUTES: u32 = 25 * 60;

/// Warnings (`P020`) for pledge settings that change nothing under the
/// options chosen: `full_time_hours` while `pro_rata` is `none` (no learner
/// is measured against a full-time week), a daily cap of 25 hours or more,
/// a per-session cap of 31 days or more (no session is longer), a rounding
/// increment of one minute (credit is whole minutes already), and a public
/// holiday on a day that is not a working day. Each is located at its field.
fn pledge_settings_without_effect(
    file: &str,
    document: &upskill_pledge::PledgeDocument,
) -> Vec<Diagnostic> {
    use upskill_pledge::{CountingDocument, ProRataName};
    let mut warnings = Vec::new();
    let mut warn = |pointer: String, message: String| {
        warnings.push(Diagnostic::new(
            &PLEDGE_NO_EFFECT,
            Location::file(file).at_pointer(pointer),
            message,
        ));
    };
    let mut check_counting = |at: &str, counting: Option<&CountingDocument>| {
        let Some(c) = counting else { return };
        if let Some(cap) = c.daily_cap_minutes.filter(|m| *m >= LONGEST_DAY_MINUTES) {
            warn(
                format!("{at}/counting/daily_cap_minutes"),
                format!(
                    "`daily_cap_minutes` {cap} has no effect: no day holds more than {LONGEST_DAY_MINUTES} minutes"
                ),
            );
        }
        let longest = upskill_session::MAX_SESSION_DURATION.as_millis() / 60_000;
        if let Some(cap) = c
            .per_session_cap_minutes
            .filter(|m| u64::from(*m) >= longest)
        {
            warn(
                format!("{at}/counting/per_session_cap_minutes"),
                format!(
                    "`per_session_cap_minutes` {cap} has no effect: no session may last more than {longest} minutes"
                ),
            );
        }
        if c.rounding_increment_minutes == Some(1) {
            warn(
                format!("{at}/counting/rounding_increment_minutes"),
                "`rounding_increment_minutes` 1 has no effect: credited time is whole minutes already".to_string(),
            );
        }
    };
    check_counting("", document.counting.as_ref());
    for (index, version) in document.versions.iter().enumerate() {
        check_counting(&format!("/versions/{index}"), version.counting.as_ref());
    }
    // `full_time_hours` stays in force (inherited) until a later version
    // names it again; it has no effect when every version in that stretch
    // has `pro_rata: none`.
    let mut stretches: Vec<(String, Option<f64>, Option<ProRataName>)> =
        vec![(String::new(), document.full_time_hours, document.pro_rata)];
    stretches.extend(
        document
            .versions
            .iter()
            .enumerate()
            .map(|(index, v)| (format!("/versions/{index}"), v.full_time_hours, v.pro_rata)),
    );
    let mut pro_rata = ProRataName::None;
    // (pointer of the `full_time_hours` in force, whether a version using it has pro-rata)
    let mut in_force: Option<(String, bool)> = None;
    let mut unused = Vec::new();
    for (at, hours, rule) in stretches {
        pro_rata = rule.unwrap_or(pro_rata);
        if hours.is_some() {
            if let Some((pointer, false)) = in_force.take() {
                unused.push(pointer);
            }
            in_force = Some((format!("{at}/full_time_hours"), false));
        }
        if let Some((_, used)) = in_force.as_mut() {
            *used |= pro_rata != ProRataName::None;
        }
    }
    if let Some((pointer, false)) = in_force {
        unused.push(pointer);
    }
    for pointer in unused {
        warn(
            pointer,
            "`full_time_hours` has no effect: `pro_rata` is `none` wherever it is in force, so no learner is measured against a full-time week; set `pro_rata` to `fte` or `contracted_hours`, or remove it".to_string(),
        );
    }
    let working: Vec<upskill_calendar::DayOfWeek> = document
        .working_days
        .clone()
        .unwrap_or_else(|| upskill_calendar::WorkingDays::default().days().collect());
    for (index, holiday) in document.holidays.iter().enumerate() {
        let day = upskill_calendar::DayOfWeek::from_chrono(chrono::Datelike::weekday(holiday));
        if !working.contains(&day) {
            warn(
                format!("/holidays/{index}"),
                format!(
                    "the holiday `{holiday}` has no effect: it falls on a {}, not a working day",
                    day.name()
                ),
            );
        }
    }
    warnings
}

/// Every violation of the published schema `name` by `instance`, as
/// diagnostics with the document's `codes`, located by JSON pointer.
fn schema_problems(
    name: &str,
    codes: SchemaCodes,
    file: &str,
    instance: &Value,
) -> Vec<Diagnostic> {
    let Some(published) = Published::find(name) else {
        return Vec::new();
    };
    let schema = published.schema();
    let Ok(validator) = jsonschema::validator_for(&schema) else {
        return Vec::new();
    };
    let mut problems = Vec::new();
    for error in validator.iter_errors(instance) {
        let pointer = error.instance_path.to_string();
        match &error.kind {
            jsonschema::error::ValidationErrorKind::Required { property } => {
                let property = property
                    .as_str()
                    .map_or_else(|| property.to_string(), str::to_string);
                problems.push(Diagnostic::new(
                    &codes.missing,
                    Location::file(file).at_pointer(pointer),
                    format!("missing field `{property}`"),
                ));
            }
            jsonschema::error::ValidationErrorKind::AdditionalProperties { unexpected }
            | jsonschema::error::ValidationErrorKind::UnevaluatedProperties { unexpected } => {
                for field in unexpected {
                    problems.push(Diagnostic::new(
                        &codes.unknown,
                        Location::file(file).at_pointer(format!(
                            "{pointer}/{}",
                            field.replace('~', "~0").replace('/', "~1")
                        )),
                        format!("unknown field `{field}`"),
                    ));
                }
            }
            _ => {
                let (pointer, message) = crate::plain::explain(&error);
                problems.push(Diagnostic::new(
                    &codes.invalid,
                    Location::file(file).at_pointer(pointer),
                    message,
                ));
            }
        }
    }
    problems
}

/// Validates a foreign CSV export read through an import mapping
/// (`docs/mappings.md`): the same report as [`validate`] gives for a
/// canonical file of the mapping's kind, with the same rules across
/// records, every problem located at the export's own line and column.
///
/// # Errors
///
/// The [`MappingError`](upskill_mapping::MappingError) of a mapping that
/// does not fit the file (a column it names is missing, a required field
/// has no rule, ...): no row is read.
///
/// # Example
///
/// ```
/// use upskill_mapping::{MapContext, Mapping};
/// use upskill_schema::{Input, ValidateOptions, validate_mapped};
///
/// let mapping = Mapping::from_toml_str(r#"
///     schema_version = 1
///     kind = "sessions"
///     [fields]
///     record_id = "ID"
///     learner_id = "User"
///     start = { column = "When", datetime = "%d/%m/%Y %H:%M %z" }
///     duration = { column = "Time", duration = "hm" }
///     activity = { value = "course" }
/// "#)?;
/// let csv = "ID,User,When,Time\nS1,L001,02/03/2026 09:00 +0000,0:30\nS1,L002,02/03/2026 10:00 +0000,1:00\n";
/// let report = validate_mapped(Input::new("export.csv", csv.as_bytes()), &mapping, MapContext::new(), &ValidateOptions::new())?;
/// assert_eq!(report.problems[0].code, "S027");
/// # Ok::<(), upskill_mapping::MappingError>(())
/// ```
pub fn validate_mapped<R: BufRead>(
    input: Input<R>,
    mapping: &upskill_mapping::Mapping,
    context: upskill_mapping::MapContext<'_>,
    options: &ValidateOptions,
) -> Result<ValidationReport, upskill_mapping::MappingError> {
    use upskill_mapping::{
        MappedKind, read_mapped_leave, read_mapped_roster, read_mapped_sessions,
    };

    let Input { name, reader, .. } = input;
    let mut collector = Collector::new(options.max_problems);
    let kind = match mapping.kind {
        MappedKind::Sessions => {
            let mut reader = read_mapped_sessions(&name, reader, mapping, context, options.read)?;
            let mut rules = SessionRules::new(options);
            file_problems(&mut collector, &mut reader.take_file_problems());
            for item in reader.by_ref() {
                match item {
                    Err(rejected) => collector.record(rejected.into_diagnostics()),
                    Ok(session) => {
                        let problems = rules.check(&session);
                        collector.record(session.warnings.into_iter().chain(problems));
                    }
                }
            }
            file_problems(&mut collector, &mut reader.take_file_problems());
            DocumentKind::Sessions
        }
        MappedKind::Roster => {
            let mut reader = read_mapped_roster(&name, reader, mapping, context, options.read)?;
            file_problems(&mut collector, &mut reader.take_file_problems());
            check_roster_rows(&mut collector, reader.by_ref());
            file_problems(&mut collector, &mut reader.take_file_problems());
            DocumentKind::Roster
        }
        MappedKind::Leave => {
            let mut reader = read_mapped_leave(&name, reader, mapping, context, options.read)?;
            let mut seen: HashMap<LearnerId, Vec<(chrono::NaiveDate, chrono::NaiveDate, Earlier)>> =
                HashMap::new();
            file_problems(&mut collector, &mut reader.take_file_problems());
            for item in reader.by_ref() {
                match item {
                    Err(rejected) => collector.record(rejected.into_diagnostics()),
                    Ok(entry) => {
                        let problems = leave_rules(&entry, &mut seen, options);
                        collector.record(entry.warnings.into_iter().chain(problems));
                    }
                }
            }
            file_problems(&mut collector, &mut reader.take_file_problems());
            DocumentKind::Leave
        }
        MappedKind::TimeTotals => {
            let mut reader = upskill_mapping::read_mapped_time_totals(
                &name,
                reader,
                mapping,
                context,
                options.read,
            )?;
            file_problems(&mut collector, &mut reader.take_file_problems());
            for item in reader.by_ref() {
                match item {
                    Err(rejected) => collector.record(rejected.into_diagnostics()),
                    Ok(total) => collector.record(total.warnings),
                }
            }
            file_problems(&mut collector, &mut reader.take_file_problems());
            DocumentKind::TimeTotals
        }
    };
    Ok(collector.finish(name, kind, Format::Csv))
}
