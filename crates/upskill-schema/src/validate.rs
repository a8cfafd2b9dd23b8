//! The validator: every problem of an input, with counts.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::BufRead;

use chrono::{DateTime, Utc};
use serde_json::Value;
use upskill_formats::diagnostics::{CodeInfo, Diagnostic, Location, Severity};
use upskill_formats::{
    DocumentKind, Format, Located, ReadOptions, SessionItem, duplicate_learner,
    pledge_from_document, read_holidays, read_leave, read_roster, read_sessions, read_time_totals,
};
use upskill_quota::Roster;
use upskill_session::{LearnerId, LearningSession, SessionDuration, SessionRef};

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
            validate_sessions(&name, reader, format, options, &mut collector, true)
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

/// Every record of a sessions input, and the rules across records; returns
/// the format read. `lanes`: whether records in the canonical form take the
/// reader's fast lanes ([`Reader::next_session`](upskill_formats::Reader::next_session):
/// CSV rows and JSON Lines records read borrowed, no `serde_json::Value`),
/// where the rules run on the borrowed record and only a record they find a
/// problem with is read again by the general reader, to locate it; the
/// report is the same either way (see the tests).
fn validate_sessions<R: BufRead>(
    name: &str,
    reader: R,
    format: Option<Format>,
    options: &ValidateOptions,
    collector: &mut Collector,
    lanes: bool,
) -> Format {
    let mut reader = read_sessions(name, reader, format, options.read);
    let format = reader.format();
    let mut rules = SessionRules::new(options);
    file_problems(collector, &mut reader.take_file_problems());
    loop {
        let item = if lanes {
            reader.next_session()
        } else {
            reader.next().map(SessionItem::Read)
        };
        let Some(item) = item else { break };
        match item {
            SessionItem::Clean(clean) => {
                let at = Earlier {
                    line: Some(clean.line),
                    pointer: None,
                };
                let findings = rules.findings(&clean.session, at);
                if findings.is_empty() {
                    collector.record(Vec::new());
                    continue;
                }
                let record = clean.location();
                match reader.read_last_again() {
                    Some(Ok(located)) => collector.record(
                        located
                            .warnings
                            .iter()
                            .cloned()
                            .chain(findings.into_iter().map(|f| f.locate(&located)))
                            .collect::<Vec<_>>(),
                    ),
                    // Not expected: a clean record reads again as itself.
                    _ => collector.record(
                        findings
                            .into_iter()
                            .map(|f| Diagnostic::new(&f.code, record.clone(), f.message))
                            .collect::<Vec<_>>(),
                    ),
                }
            }
            SessionItem::Read(Err(rejected)) => collector.record(rejected.into_diagnostics()),
            SessionItem::Read(Ok(session)) => collector.record(rules.check(session)),
        }
    }
    file_problems(collector, &mut reader.take_file_problems());
    format
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
#[derive(Clone)]
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

/// Texts numbered in the order first seen (learner ids, record ids,
/// sources): the rules' maps are keyed by these numbers, so a record whose
/// ids were seen before costs no allocation.
#[derive(Default)]
struct Names {
    numbers: HashMap<Box<str>, usize, ahash::RandomState>,
    /// The texts by number, when they are kept (see [`Names::keeping`]).
    texts: Option<Vec<Box<str>>>,
}

impl Names {
    /// Numbers that keep their texts, for [`Names::text`].
    fn keeping() -> Names {
        Names {
            numbers: HashMap::default(),
            texts: Some(Vec::new()),
        }
    }

    /// The number of `text`, numbering it if it is new.
    fn number(&mut self, text: &str) -> usize {
        if let Some(number) = self.numbers.get(text) {
            return *number;
        }
        let number = self.numbers.len();
        if let Some(texts) = &mut self.texts {
            texts.push(text.into());
        }
        self.numbers.insert(text.into(), number);
        number
    }

    /// The text numbered `number` (empty unless the texts are kept).
    fn text(&self, number: usize) -> &str {
        self.texts
            .as_ref()
            .and_then(|texts| texts.get(number))
            .map_or("", |t| t)
    }
}

/// Where a problem found by the rules is: a field, or the field giving the
/// session's length (`end`, `duration` or `duration_minutes`, whichever
/// the record has).
#[derive(Clone, Copy)]
enum FieldOf {
    Named(&'static str),
    Length,
}

/// A problem found by the rules, before it is located.
struct Finding {
    code: CodeInfo,
    field: FieldOf,
    message: String,
}

impl Finding {
    /// The problem, located at its field of `located`.
    fn locate(self, located: &Located<LearningSession>) -> Diagnostic {
        let field = match self.field {
            FieldOf::Named(name) => name,
            FieldOf::Length => ["end", "duration", "duration_minutes"]
                .into_iter()
                .find(|f| located.has_field(f))
                .unwrap_or("end"),
        };
        Diagnostic::new(&self.code, located.field(field), self.message)
    }
}

/// The rules across session records.
struct SessionRules<'o> {
    options: &'o ValidateOptions,
    /// `as_of` as messages quote it.
    as_of_text: String,
    learners: Names,
    records: Names,
    sources: Names,
    /// Whether each learner (by number) is in the roster.
    in_roster: Vec<bool>,
    by_id: HashMap<(usize, usize), Seen, ahash::RandomState>,
    by_content: HashMap<(usize, i64, u64), Earlier, ahash::RandomState>,
    /// The first learner each `(source, record_id)` was seen for.
    by_source_id: HashMap<(Option<usize>, usize), (usize, Earlier), ahash::RandomState>,
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
            as_of_text: options
                .as_of
                .map(|as_of| as_of.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true))
                .unwrap_or_default(),
            learners: Names::keeping(),
            records: Names::default(),
            sources: Names::default(),
            in_roster: Vec::new(),
            by_id: HashMap::default(),
            by_content: HashMap::default(),
            by_source_id: HashMap::default(),
        }
    }

    /// The problems of a record the general reader read (with its warnings).
    fn check(&mut self, located: Located<LearningSession>) -> Vec<Diagnostic> {
        let findings = self.findings(&located.value.borrowed(), Earlier::of(&located.location));
        let mut problems = located.warnings.clone();
        problems.extend(findings.into_iter().map(|f| f.locate(&located)));
        problems
    }

    /// The problems the rules find with `session`, found at `at`, not yet
    /// located; records it for the records after it.
    fn findings(&mut self, session: &SessionRef<'_>, at: Earlier) -> Vec<Finding> {
        let mut findings = Vec::new();
        if session.duration > self.options.long_session {
            findings.push(Finding {
                code: SESSION_LONG,
                field: FieldOf::Length,
                message: format!(
                    "the session lasts {}, more than {}: check its end or duration",
                    session.duration, self.options.long_session
                ),
            });
        }
        if let Some(as_of) = self.options.as_of {
            // As `LearningSession::end`: start plus duration, in the start's offset.
            let end = session
                .start
                .checked_add_signed(session.duration.to_time_delta())
                .unwrap_or(session.start);
            if session.start.with_timezone(&Utc) > as_of {
                findings.push(Finding {
                    code: SESSION_STARTS_AFTER_AS_OF,
                    field: FieldOf::Named("start"),
                    message: format!(
                        "the session starts at `{}`, after `as_of` {}",
                        session.start.to_rfc3339(),
                        self.as_of_text
                    ),
                });
            } else if end.with_timezone(&Utc) > as_of {
                findings.push(Finding {
                    code: SESSION_ENDS_AFTER_AS_OF,
                    field: FieldOf::Length,
                    message: format!(
                        "the session ends at `{}`, after `as_of` {}",
                        end.to_rfc3339(),
                        self.as_of_text
                    ),
                });
            }
        }
        let learner = self.learners.number(session.learner_id);
        let record = self.records.number(session.record_id);
        let source = session.source.map(|s| self.sources.number(s));
        match self.by_source_id.get(&(source, record)) {
            Some((first, at)) if *first != learner => {
                let source = match session.source {
                    Some(source) => format!(" from source `{source}`"),
                    None => String::new(),
                };
                findings.push(Finding {
                    code: SESSION_ID_OF_ANOTHER_LEARNER,
                    field: FieldOf::Named("record_id"),
                    message: format!(
                        "record id `{}`{source} of `{}` was first used on {} for another learner, `{}`: a record id names one record",
                        session.record_id,
                        session.learner_id,
                        earlier(at),
                        self.learners.text(*first)
                    ),
                });
            }
            Some(_) => {}
            None => {
                self.by_source_id
                    .insert((source, record), (learner, at.clone()));
            }
        }
        let span = session.span();
        match self.by_id.get(&(learner, record)) {
            Some(seen) if seen.start_ms == span.start_ms && seen.end_ms == span.end_ms => {
                findings.push(Finding {
                    code: SESSION_DUPLICATE_ID,
                    field: FieldOf::Named("record_id"),
                    message: format!(
                        "record `{}` of `{}` repeats the record on {}; it counts once",
                        session.record_id,
                        session.learner_id,
                        earlier(&seen.at)
                    ),
                });
            }
            Some(seen) => {
                findings.push(Finding {
                    code: SESSION_CONFLICTING_ID,
                    field: FieldOf::Named("record_id"),
                    message: format!(
                        "record id `{}` of `{}` was used on {} for a different session; the earliest is kept",
                        session.record_id,
                        session.learner_id,
                        earlier(&seen.at)
                    ),
                });
            }
            None => {
                let content = (learner, span.start_ms, session.duration.as_millis());
                if let Some(first) = self.by_content.get(&content) {
                    findings.push(Finding {
                        code: SESSION_DUPLICATE_CONTENT,
                        field: FieldOf::Named("record_id"),
                        message: format!(
                            "record `{}` has the same learner, start and duration as the record on {}; it counts once",
                            session.record_id,
                            earlier(first)
                        ),
                    });
                } else {
                    self.by_content.insert(content, at.clone());
                }
                self.by_id.insert(
                    (learner, record),
                    Seen {
                        start_ms: span.start_ms,
                        end_ms: span.end_ms,
                        at,
                    },
                );
            }
        }
        if let Some(roster) = &self.options.roster {
            if self.in_roster.len() <= learner {
                let listed =
                    LearnerId::new(session.learner_id).is_ok_and(|id| roster.contains(&id));
                self.in_roster.push(listed);
            }
            if !self.in_roster.get(learner).copied().unwrap_or(true) {
                findings.push(Finding {
                    code: SESSION_UNKNOWN_LEARNER,
                    field: FieldOf::Named("learner_id"),
                    message: format!(
                        "learner `{}` is not in the roster; the session credits no one",
                        session.learner_id
                    ),
                });
            }
        }
        findings
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
                    Ok(session) => collector.record(rules.check(session)),
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

#[cfg(test)]
mod lane_tests {
    //! The readers' fast lanes change nothing in a report: sessions files
    //! built from canonical, odd and wrong values (with repeated ids and
    //! contents, sessions after `as_of`, long sessions, learners outside
    //! the roster) give the same report, problem for problem, whether
    //! canonical records take the lanes or every record the general reader.

    use super::*;
    use proptest::prelude::*;

    const IDS: &[&str] = &["r1", "r2", "r3", " r1", "", "r\\u0031"];
    const LEARNERS: &[&str] = &["e1", "e2", "e3", "e1 ", ""];
    const STARTS: &[&str] = &[
        "2026-03-02T09:00:00Z",
        "2026-03-02T09:00:00+01:00",
        "2026-03-02T10:00:00+01:00",
        "2026-03-02T09:00:00.5Z",
        "2026-03-02 09:00:00Z",
        "2026-03-02T09:00:00",
        "2041-01-01T00:00:00Z",
        "2026-02-30T09:00:00Z",
        "",
    ];
    const ENDS: &[&str] = &[
        "2026-03-02T09:30:00Z",
        "2026-03-02T10:30:00+01:00",
        "2026-03-02T23:00:00Z",
        "2040-12-31T23:59:00-05:00",
        "2026-03-02T08:00:00Z",
        "",
    ];
    const MINUTES: &[&str] = &["30", "30.5", "800", "0", "-1", "x", ""];
    const ACTIVITIES: &[&str] = &["webinar", "reading", "Webinar", "e-learning", "chess", ""];
    const SOURCES: &[&str] = &["lms", "hr", ""];
    const FLAGS: &[&str] = &["true", "false", "yes", "maybe", ""];

    /// One of `values`, mostly one of the first `good` (which a clean
    /// record may hold).
    fn pick(values: &'static [&'static str], good: usize) -> impl Strategy<Value = &'static str> {
        prop_oneof![
            8 => proptest::sample::select(values.get(..good).unwrap_or(values).to_vec()),
            1 => proptest::sample::select(values.to_vec()),
        ]
    }

    /// One record's values: id, learner, start, end, minutes, activity,
    /// source, flag, and whether `end` (else `duration_minutes`) is given.
    type Values = (
        (&'static str, &'static str, &'static str, &'static str),
        (&'static str, &'static str, &'static str, &'static str),
        bool,
    );

    fn values() -> impl Strategy<Value = Values> {
        (
            (
                pick(IDS, 3),
                pick(LEARNERS, 3),
                pick(STARTS, 4),
                pick(ENDS, 4),
            ),
            (
                pick(MINUTES, 3),
                pick(ACTIVITIES, 2),
                pick(SOURCES, 3),
                pick(FLAGS, 3),
            ),
            any::<bool>(),
        )
    }

    fn json_line(values: &Values, odd: u8) -> String {
        let ((id, learner, start, end), (minutes, activity, source, flag), by_end) = *values;
        let text = |v: &str| {
            if v.is_empty() {
                "null".to_string()
            } else {
                format!("\"{v}\"")
            }
        };
        let mut members = vec![
            format!("\"record_id\":{}", text(id)),
            format!("\"learner_id\":{}", text(learner)),
            format!("\"start\":{}", text(start)),
        ];
        if by_end {
            members.push(format!("\"end\":{}", text(end)));
        } else if minutes.is_empty() || minutes == "x" {
            members.push(format!("\"duration_minutes\":{}", text(minutes)));
        } else {
            members.push(format!("\"duration_minutes\":{minutes}"));
        }
        members.push(format!("\"activity\":{}", text(activity)));
        if !source.is_empty() {
            members.push(format!("\"source\":\"{source}\""));
        }
        match flag {
            "true" | "false" => members.push(format!("\"self_reported\":{flag}")),
            "" => {}
            other => members.push(format!("\"self_reported\":\"{other}\"")),
        }
        match odd {
            0 => members.push("\"skill_areas\":[\"data\"]".into()),
            1 => members.push("\"colour\":\"red\"".into()),
            2 => members.push("\"record_id\":\"r9\"".into()),
            3 => members.push("\"title\":5".into()),
            _ => {}
        }
        format!("{{{}}}", members.join(","))
    }

    fn csv_row(values: &Values) -> String {
        let ((id, learner, start, end), (minutes, activity, source, flag), by_end) = *values;
        let (end, minutes) = if by_end { (end, "") } else { ("", minutes) };
        let id = id.replace("\\u0031", "1");
        format!("{id},{learner},{start},{end},{minutes},{activity},{source},{flag}")
    }

    fn both(text: &str, name: &str, options: &ValidateOptions) -> (String, String) {
        let run = |lanes: bool| {
            let mut collector = Collector::new(options.max_problems);
            let format =
                validate_sessions(name, text.as_bytes(), None, options, &mut collector, lanes);
            let report = collector.finish(name.to_string(), DocumentKind::Sessions, format);
            format!("{report:?}")
        };
        (run(true), run(false))
    }

    fn options(as_of: bool, roster: bool, max: usize) -> ValidateOptions {
        let mut options = ValidateOptions::new()
            .with_max_problems(max)
            .with_long_session(SessionDuration::from_minutes(600));
        if as_of {
            options = options.with_as_of(
                chrono::TimeZone::with_ymd_and_hms(&Utc, 2041, 1, 1, 0, 0, 0)
                    .single()
                    .unwrap_or_default(),
            );
        }
        if roster {
            options = options.with_roster_ids(LearnerId::new("e1"));
        }
        options
    }

    #[test]
    fn clean_records_with_problems_are_located_as_the_general_reader_locates_them() {
        let jsonl = concat!(
            r#"{"record_id":"r1","learner_id":"e1","start":"2026-03-02T09:00:00Z","end":"2026-03-02T23:30:00Z","activity":"webinar"}"#,
            "\n",
            r#"{"record_id":"r1","learner_id":"e2","start":"2026-03-02T09:00:00Z","duration_minutes":800,"activity":"webinar"}"#,
            "\n",
        );
        let (fast, general) = both(jsonl, "s.jsonl", &options(true, true, 100));
        assert_eq!(fast, general);
        assert!(fast.contains("S020") && fast.contains("S027"), "{fast}");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]

        #[test]
        fn json_lines_reports_are_the_same_with_and_without_the_lane(
            records in proptest::collection::vec((values(), prop_oneof![6 => Just(9u8), 1 => 0u8..4]), 1..16),
            as_of in any::<bool>(),
            roster in any::<bool>(),
            max in prop_oneof![Just(3usize), Just(1000)],
        ) {
            let text: Vec<String> = records.iter().map(|(v, odd)| json_line(v, *odd)).collect();
            let (fast, general) = both(&text.join("\n"), "s.jsonl", &options(as_of, roster, max));
            prop_assert_eq!(fast, general);
        }

        #[test]
        fn csv_reports_are_the_same_with_and_without_the_lane(
            records in proptest::collection::vec(values(), 1..16),
            as_of in any::<bool>(),
            roster in any::<bool>(),
            max in prop_oneof![Just(3usize), Just(1000)],
        ) {
            let mut text =
                String::from("record_id,learner_id,start,end,duration_minutes,activity,source,self_reported\n");
            for values in &records {
                text.push_str(&csv_row(values));
                text.push('\n');
            }
            let (fast, general) = both(&text, "s.csv", &options(as_of, roster, max));
            prop_assert_eq!(fast, general);
        }
    }
}
