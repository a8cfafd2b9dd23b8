//! From statements to learning sessions: reading, duplicates, voiding, cmi5
//! sessions, the credit rule for other statements, and identity.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fmt;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::panic::{self, AssertUnwindSafe};
use std::path::Path;
use std::sync::{Mutex, mpsc};
use std::thread;

use chrono::{DateTime, FixedOffset};
use upskill_formats::diagnostics::{CodeInfo, Diagnostic, Location};
use upskill_session::iso8601::{DurationError, parse_xapi_duration};
use upskill_session::{
    ActivityKind, LearnerId, LearningSession, MAX_SESSION_DURATION, RecordId, SessionDuration,
};

use crate::codes::*;
use crate::identity::{IdentityMap, IdentityMatch};
use crate::model::{AgentIdentifier, Stmt, extract, hex};
use crate::raw::Raw;
use crate::split::{self, Document, Failure, Piece, ReadLimits};
use crate::validate::{Validator, quote};
use crate::vocab;

/// How a file holds its statements.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputFormat {
    /// One JSON document: a statement, an array of statements, or an LRS
    /// result page `{"statements": [...], "more": "..."}`.
    Json,
    /// JSON Lines: one statement per line, read line by line.
    JsonLines,
}

impl InputFormat {
    /// `.jsonl` and `.ndjson` files are JSON Lines; anything else is JSON.
    pub fn from_path(path: &Path) -> InputFormat {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("jsonl" | "ndjson") => InputFormat::JsonLines,
            _ => InputFormat::Json,
        }
    }
}

/// A cmi5 launch mode (cmi5 10.0, `launchMode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LaunchMode {
    /// Completion data is recorded: the learner is learning.
    Normal,
    /// Looking around without judgement.
    Browse,
    /// Revisiting completed material.
    Review,
}

impl LaunchMode {
    /// Reads the value space `Normal`, `Browse`, `Review` (exact case).
    pub fn parse(text: &str) -> Option<LaunchMode> {
        match text {
            "Normal" => Some(LaunchMode::Normal),
            "Browse" => Some(LaunchMode::Browse),
            "Review" => Some(LaunchMode::Review),
            _ => None,
        }
    }
}

impl fmt::Display for LaunchMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            LaunchMode::Normal => "Normal",
            LaunchMode::Browse => "Browse",
            LaunchMode::Review => "Review",
        })
    }
}

/// Which instant an xAPI `timestamp` marks for a statement with a duration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TimestampMarks {
    /// The end of the experience: the session starts `duration` earlier.
    /// Right for `completed`, `passed`, `failed`, `terminated` (cmi5 9.7:
    /// "when the condition actually occurred").
    #[default]
    End,
    /// The start of the experience.
    Start,
}

/// Verbs whose `result.duration` is credited outside cmi5 sessions, by default.
pub const DEFAULT_CREDITABLE_VERBS: &[&str] = &[
    vocab::ATTENDED,
    vocab::COMPLETED,
    vocab::EXPERIENCED,
    vocab::FAILED,
    vocab::PASSED,
    vocab::TERMINATED,
];

/// Activity types and the kind of learning they are, by default.
pub const DEFAULT_ACTIVITY_KINDS: &[(&str, ActivityKind)] = &[
    (
        "http://adlnet.gov/expapi/activities/assessment",
        ActivityKind::ELearning,
    ),
    (
        "http://adlnet.gov/expapi/activities/cmi.interaction",
        ActivityKind::ELearning,
    ),
    (
        "http://adlnet.gov/expapi/activities/course",
        ActivityKind::ELearning,
    ),
    (
        "http://adlnet.gov/expapi/activities/interaction",
        ActivityKind::ELearning,
    ),
    (
        "http://adlnet.gov/expapi/activities/lesson",
        ActivityKind::ELearning,
    ),
    (
        "http://adlnet.gov/expapi/activities/media",
        ActivityKind::ELearning,
    ),
    (
        "http://adlnet.gov/expapi/activities/meeting",
        ActivityKind::Workshop,
    ),
    (
        "http://adlnet.gov/expapi/activities/module",
        ActivityKind::ELearning,
    ),
    (
        "http://adlnet.gov/expapi/activities/objective",
        ActivityKind::ELearning,
    ),
    (
        "http://adlnet.gov/expapi/activities/performance",
        ActivityKind::ELearning,
    ),
    (
        "http://adlnet.gov/expapi/activities/question",
        ActivityKind::ELearning,
    ),
    (
        "http://adlnet.gov/expapi/activities/simulation",
        ActivityKind::ELearning,
    ),
    (
        "http://id.tincanapi.com/activitytype/book",
        ActivityKind::Reading,
    ),
    (
        "http://id.tincanapi.com/activitytype/lecture",
        ActivityKind::Course,
    ),
    (
        "http://id.tincanapi.com/activitytype/webinar",
        ActivityKind::Webinar,
    ),
    (
        "https://w3id.org/xapi/cmi5/activitytype/block",
        ActivityKind::ELearning,
    ),
    (
        "https://w3id.org/xapi/cmi5/activitytype/course",
        ActivityKind::ELearning,
    ),
];

/// How statements become sessions. [`Default`] gives the documented rules
/// (`docs/xapi.md`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportOptions {
    /// Outside cmi5 sessions: verbs whose `result.duration` is creditable time.
    pub creditable_verbs: BTreeSet<String>,
    /// What a plain statement's `timestamp` marks (default: the end).
    pub timestamp_marks: TimestampMarks,
    /// cmi5 launch modes whose sessions count (default: `Normal` only).
    pub cmi5_launch_modes: BTreeSet<LaunchMode>,
    /// When a cmi5 session has no `launched` statement with a launch mode:
    /// `true` (default) reads it as `Normal` (with a warning), `false` credits nothing.
    pub cmi5_assume_normal: bool,
    /// Activity type IRI -> kind, for statements outside cmi5 sessions.
    pub activity_kinds: BTreeMap<String, ActivityKind>,
    /// The kind of an activity whose type is absent or not in the table.
    pub default_activity: ActivityKind,
    /// The kind of a cmi5 session (an AU launched by an LMS).
    pub cmi5_activity: ActivityKind,
    /// The source system name given to every session (default `xapi`).
    pub source: String,
    /// ADL xAPI SCORM Profile: a `suspended` or `terminated` statement with
    /// the profile's category credits its `result.duration`, the time of one
    /// sitting (default `true`; `scorm.profile.session.time.schema.json`).
    pub scorm_profile: bool,
    /// xAPI Video Profile: statements with a video `session-id` form one
    /// session whose time is the `terminated` duration, else the watched
    /// `played-segments`, never both (default `true`).
    pub video_profile: bool,
    /// The largest and deepest statement read ([`ReadLimits`]: 1 MiB and 64
    /// levels by default); a statement past them is rejected alone (`X031`).
    pub limits: ReadLimits,
    /// Threads that check the statements of JSON Lines, batch by batch: 0
    /// (the default) for the cores available, 1 for the calling thread
    /// only. The import never depends on it: statements are added in
    /// reading order.
    pub threads: usize,
}

impl Default for ImportOptions {
    fn default() -> ImportOptions {
        ImportOptions {
            creditable_verbs: DEFAULT_CREDITABLE_VERBS
                .iter()
                .map(|v| v.to_string())
                .collect(),
            timestamp_marks: TimestampMarks::End,
            cmi5_launch_modes: BTreeSet::from([LaunchMode::Normal]),
            cmi5_assume_normal: true,
            activity_kinds: DEFAULT_ACTIVITY_KINDS
                .iter()
                .map(|(t, k)| (t.to_string(), *k))
                .collect(),
            default_activity: ActivityKind::Other,
            cmi5_activity: ActivityKind::ELearning,
            source: "xapi".to_string(),
            scorm_profile: true,
            video_profile: true,
            limits: ReadLimits::default(),
            threads: 0,
        }
    }
}

impl ImportOptions {
    /// The default rules with the pledge's counting settings applied: its
    /// `counting.cmi5_browse_review_counts` adds Browse and Review to
    /// [`ImportOptions::cmi5_launch_modes`], and its
    /// `counting.xapi_credited_verbs` / `counting.xapi_uncredited_verbs` add
    /// verbs to and remove them from [`ImportOptions::creditable_verbs`].
    ///
    /// # Example
    ///
    /// ```
    /// use upskill_pledge::CountingRules;
    /// use upskill_xapi::{ImportOptions, LaunchMode};
    ///
    /// let rules = CountingRules { cmi5_browse_review_counts: true, ..CountingRules::default() };
    /// let options = ImportOptions::for_counting(&rules);
    /// assert!(options.cmi5_launch_modes.contains(&LaunchMode::Browse));
    /// ```
    pub fn for_counting(rules: &upskill_pledge::CountingRules) -> ImportOptions {
        ImportOptions::default()
            .with_cmi5_browse_review(rules.cmi5_browse_review_counts)
            .with_credited_verbs(&rules.xapi_credited_verbs, &rules.xapi_uncredited_verbs)
    }

    /// Whether cmi5 sessions launched in Browse or Review mode count
    /// (`true` adds both to [`ImportOptions::cmi5_launch_modes`], `false`
    /// removes both; `Normal` is left as it is).
    pub fn with_cmi5_browse_review(mut self, counts: bool) -> ImportOptions {
        for mode in [LaunchMode::Browse, LaunchMode::Review] {
            if counts {
                self.cmi5_launch_modes.insert(mode);
            } else {
                self.cmi5_launch_modes.remove(&mode);
            }
        }
        self
    }

    /// Adds the verb IRIs `add` to [`ImportOptions::creditable_verbs`], then
    /// removes `remove` (a verb in both is removed).
    pub fn with_credited_verbs<A, R>(mut self, add: A, remove: R) -> ImportOptions
    where
        A: IntoIterator,
        A::Item: AsRef<str>,
        R: IntoIterator,
        R::Item: AsRef<str>,
    {
        for verb in add {
            self.creditable_verbs.insert(verb.as_ref().to_string());
        }
        for verb in remove {
            self.creditable_verbs.remove(verb.as_ref());
        }
        self
    }
}

/// Why a valid statement credits no time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum NoCreditReason {
    /// Its verb is not in [`ImportOptions::creditable_verbs`].
    VerbNotCreditable,
    /// It has no `result.duration`.
    NoDuration,
    /// Its duration is zero.
    ZeroDuration,
    /// Its duration counts years or months (`D002`).
    CalendarDuration,
    /// Its duration is too long to count (`D003`) or longer than any session may (`X046`).
    TooLong,
    /// It has neither `timestamp` nor `stored` (`X043`).
    NoTime,
    /// Its actor is a group (`X044`).
    GroupActor,
    /// An outcome (`completed`, `passed`, `failed`) in a registration whose
    /// `terminated` statement (or, in the ADL SCORM Profile, `suspended`)
    /// carries the time.
    OutcomeOfTerminated,
    /// A cmi5 session launched in a mode the options do not count (`X057`).
    LaunchModeNotCounted,
    /// A cmi5 session with no known launch mode, and the options do not assume `Normal` (`X058`).
    LaunchModeUnknown,
    /// Its time cannot form a learning session (`X046`).
    NotASession,
}

impl NoCreditReason {
    /// The snake_case name used in reports.
    pub fn name(self) -> &'static str {
        match self {
            NoCreditReason::VerbNotCreditable => "verb_not_creditable",
            NoCreditReason::NoDuration => "no_duration",
            NoCreditReason::ZeroDuration => "zero_duration",
            NoCreditReason::CalendarDuration => "calendar_duration",
            NoCreditReason::TooLong => "too_long",
            NoCreditReason::NoTime => "no_time",
            NoCreditReason::GroupActor => "group_actor",
            NoCreditReason::OutcomeOfTerminated => "outcome_of_terminated",
            NoCreditReason::LaunchModeNotCounted => "launch_mode_not_counted",
            NoCreditReason::LaunchModeUnknown => "launch_mode_unknown",
            NoCreditReason::NotASession => "not_a_session",
        }
    }
}

/// What became of one statement. Every statement read has exactly one fate,
/// so `statements in == sum of fates`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Fate {
    /// Became a session of a mapped learner ([`Import::sessions`]).
    Session,
    /// Became a session of an actor the mapping does not know
    /// ([`Import::unknown_learners`]; ledger: `unknown_learner`).
    UnknownLearner,
    /// Invalid: see its diagnostics.
    Rejected,
    /// Repeats a statement with the same id and content (`X040`).
    Duplicate,
    /// Shares its id with a statement of different content (`X041`).
    Conflict,
    /// Voided by a voiding statement in the input.
    Voided,
    /// A voiding statement: it credits nothing itself.
    Voiding,
    /// Part of a cmi5 session whose time is carried by its `terminated` (or
    /// `abandoned`) statement, or by nothing if the session never ended (`X055`).
    InCmi5Session,
    /// Part of an xAPI Video Profile session whose time is carried by its
    /// `terminated` duration or its watched segments.
    InVideoSession,
    /// Valid, but carries no creditable time.
    NoCredit(NoCreditReason),
}

impl Fate {
    /// The snake_case name used in reports (`no_credit` for every reason).
    pub fn name(self) -> &'static str {
        match self {
            Fate::Session => "session",
            Fate::UnknownLearner => "unknown_learner",
            Fate::Rejected => "rejected",
            Fate::Duplicate => "duplicate",
            Fate::Conflict => "conflict",
            Fate::Voided => "voided",
            Fate::Voiding => "voiding",
            Fate::InCmi5Session => "in_cmi5_session",
            Fate::InVideoSession => "in_video_session",
            Fate::NoCredit(_) => "no_credit",
        }
    }

    /// The fate with its detail: [`NoCreditReason::name`] for
    /// [`Fate::NoCredit`], else [`Fate::name`].
    pub fn detail(self) -> &'static str {
        match self {
            Fate::NoCredit(reason) => reason.name(),
            other => other.name(),
        }
    }

    /// The fate this statement gets in the engine's ledger
    /// (`docs/report.md`, `docs/xapi.md` "Fates").
    ///
    /// # Example
    ///
    /// ```
    /// use upskill_xapi::{Fate, LedgerFate};
    ///
    /// assert_eq!(Fate::Conflict.ledger(), LedgerFate::Rejected);
    /// assert_eq!(Fate::Voided.ledger(), LedgerFate::Voided);
    /// ```
    pub fn ledger(self) -> LedgerFate {
        match self {
            Fate::Session => LedgerFate::Record,
            Fate::UnknownLearner => LedgerFate::UnknownLearner,
            Fate::Rejected | Fate::Conflict => LedgerFate::Rejected,
            Fate::Duplicate => LedgerFate::Duplicate,
            Fate::Voided | Fate::Voiding => LedgerFate::Voided,
            Fate::InCmi5Session | Fate::InVideoSession | Fate::NoCredit(_) => {
                LedgerFate::NoTimeOfItsOwn
            }
        }
    }
}

/// Where a statement goes in the engine's ledger (`docs/report.md`): decided
/// here once, so every bridge from an [`Import`] to the engine follows it.
///
/// | [`Fate`] | ledger fate | ledger detail |
/// |---|---|---|
/// | `session` | (a record: the engine decides) | |
/// | `unknown_learner` | `unknown_learner` | |
/// | `rejected` | `rejected` (its first error's code) | |
/// | `conflict` | `rejected` (`X041`, located at the statement) | |
/// | `duplicate` | `duplicate` | `duplicate_ids` |
/// | `voided`, `voiding` | `not_creditable` | `voided` |
/// | `in_cmi5_session`, `in_video_session`, `no_credit` | `not_creditable` | `no_time_of_its_own` |
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum LedgerFate {
    /// A session record the engine judges ([`Import::sessions`]).
    Record,
    /// A session of an actor the mapping does not know ([`Import::unknown_learners`]).
    UnknownLearner,
    /// `rejected`, with the statement's own error diagnostics (for a
    /// conflict, its `X041`).
    Rejected,
    /// `duplicate` (detail `duplicate_ids`).
    Duplicate,
    /// `not_creditable` (detail `voided`): voided, or voiding another.
    Voided,
    /// `not_creditable` (detail `no_time_of_its_own`).
    NoTimeOfItsOwn,
}

/// One statement read, and what became of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementFate {
    /// Where it is: file, and record index or line.
    pub location: Location,
    /// Its id (lowercased), if it had one that was a string.
    pub statement_id: Option<String>,
    /// What became of it.
    pub fate: Fate,
}

/// Where a session's time came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SessionOrigin {
    /// A cmi5 AU session: the `terminated` or `abandoned` statement's duration.
    Cmi5 {
        /// The cmi5 session id.
        session_id: String,
        /// The launch mode, or `None` when it was assumed to be `Normal`.
        launch_mode: Option<LaunchMode>,
    },
    /// A plain statement's `result.duration` (in the ADL SCORM Profile: one
    /// sitting's session time on `suspended` or `terminated`).
    Statement {
        /// The statement's verb IRI.
        verb: String,
    },
    /// An xAPI Video Profile session.
    Video {
        /// The video session id.
        session_id: String,
        /// `true`: the time is the union of the watched `played-segments`;
        /// `false`: the `terminated` statement's `result.duration`.
        watched_segments: bool,
    },
}

/// A session of a learner the mapping knows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedSession {
    /// The session (record id: the crediting statement's id).
    pub session: LearningSession,
    /// The statement it came from.
    pub location: Location,
    /// How its time was found.
    pub origin: SessionOrigin,
}

/// A session of an actor the identity mapping does not know: reported, never
/// dropped, so the engine's ledger can record it as `unknown_learner`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnmappedSession {
    /// The actor's identifier, as written.
    pub actor: AgentIdentifier,
    /// Learners the identifier matched, when it matched several.
    pub ambiguous_learners: Vec<LearnerId>,
    /// The crediting statement's id.
    pub record_id: RecordId,
    /// Start instant.
    pub start: DateTime<FixedOffset>,
    /// Exact duration.
    pub duration: SessionDuration,
    /// Activity kind.
    pub activity: ActivityKind,
    /// Title, if the activity has a name.
    pub title: Option<String>,
    /// The statement it came from.
    pub location: Location,
    /// How its time was found.
    pub origin: SessionOrigin,
}

/// Counts of statements by fate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ImportSummary {
    /// Statements read (rejected ones included).
    pub statements: u64,
    /// [`Fate::Session`].
    pub sessions: u64,
    /// [`Fate::UnknownLearner`].
    pub unknown_learner: u64,
    /// [`Fate::Rejected`].
    pub rejected: u64,
    /// [`Fate::Duplicate`].
    pub duplicate: u64,
    /// [`Fate::Conflict`].
    pub conflict: u64,
    /// [`Fate::Voided`].
    pub voided: u64,
    /// [`Fate::Voiding`].
    pub voiding: u64,
    /// [`Fate::InCmi5Session`].
    pub in_cmi5_session: u64,
    /// [`Fate::InVideoSession`].
    pub in_video_session: u64,
    /// [`Fate::NoCredit`].
    pub no_credit: u64,
}

/// The result of an import.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Import {
    /// Sessions of mapped learners, sorted by start then record id.
    pub sessions: Vec<ImportedSession>,
    /// Sessions of actors the mapping does not know, sorted the same way.
    pub unknown_learners: Vec<UnmappedSession>,
    /// Every statement read, in input order, with its fate.
    pub statements: Vec<StatementFate>,
    /// Every problem found, sorted by location.
    pub diagnostics: Vec<Diagnostic>,
    /// Time that valid statements carry in `result.duration` but that earns
    /// no credit, per verb and fate: nothing is lost silently. Duplicates,
    /// conflicts, voided and voiding statements are left out (their time is
    /// counted once elsewhere, or withdrawn). Each verb also has one `X064`
    /// warning. Sorted by verb, then fate.
    pub uncredited: Vec<UncreditedTime>,
}

/// Durations that earned nothing: `statements` statements with verb `verb`
/// and fate `fate` carry `centiseconds` in all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UncreditedTime {
    /// The verb IRI.
    pub verb: String,
    /// What became of the statements ([`Fate::detail`] names it).
    pub fate: Fate,
    /// How many statements.
    pub statements: u64,
    /// Their `result.duration`s added up, in centiseconds (exact durations
    /// only; years and months have no length).
    pub centiseconds: u64,
}

impl UncreditedTime {
    /// The time in whole minutes, rounded down.
    pub fn whole_minutes(&self) -> u64 {
        self.centiseconds / 6_000
    }
}

impl Import {
    /// Whether any diagnostic is an error (a rejected statement, a broken file).
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// Counts of statements by fate.
    pub fn summary(&self) -> ImportSummary {
        let mut s = ImportSummary {
            statements: self.statements.len() as u64,
            ..ImportSummary::default()
        };
        for record in &self.statements {
            let slot = match record.fate {
                Fate::Session => &mut s.sessions,
                Fate::UnknownLearner => &mut s.unknown_learner,
                Fate::Rejected => &mut s.rejected,
                Fate::Duplicate => &mut s.duplicate,
                Fate::Conflict => &mut s.conflict,
                Fate::Voided => &mut s.voided,
                Fate::Voiding => &mut s.voiding,
                Fate::InCmi5Session => &mut s.in_cmi5_session,
                Fate::InVideoSession => &mut s.in_video_session,
                Fate::NoCredit(_) => &mut s.no_credit,
            };
            *slot += 1;
        }
        s
    }
}

/// A file that could not be read at all.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ImportError {
    /// Opening or reading failed.
    #[error("cannot read `{file}`: {source}")]
    Io {
        /// The file.
        file: String,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
}

/// Reads statements from any number of inputs, then turns them into
/// sessions with [`Importer::finish`]. Voiding and duplicates are resolved
/// across all inputs, whatever their order.
#[derive(Debug, Clone, Default)]
pub struct Importer {
    options: ImportOptions,
    records: Vec<StatementFate>,
    /// Boxed as the workers made them: the list grows by pointers, not by
    /// moving each statement's parts again (a profile put a tenth of the
    /// import in growing a list of the statements themselves).
    #[expect(
        clippy::vec_box,
        reason = "a statement is some 500 bytes: the list grows by moving pointers"
    )]
    statements: Vec<Box<Stmt>>,
    diagnostics: Vec<Diagnostic>,
}

/// Most statements checked in one batch of JSON Lines.
const BATCH_STATEMENTS: usize = 4096;
/// Most bytes of statements checked in one batch of JSON Lines (4 MiB).
const BATCH_BYTES: usize = 4 << 20;
/// What one statement is, checked but not yet added: everything about it
/// that does not depend on the other statements, so statements can be
/// examined on several threads and added in reading order.
enum Examined {
    /// Not a statement at all (too large, not JSON): one error.
    Rejected {
        location: Location,
        code: &'static CodeInfo,
        message: String,
    },
    /// Parsed and validated: its problems, its id, and the parts the import
    /// needs unless a problem is an error.
    Checked {
        location: Location,
        problems: Vec<Diagnostic>,
        statement_id: Option<String>,
        statement: Option<Box<Stmt>>,
    },
}

/// Checks one statement cut out of the input.
fn examine_piece(piece: Piece, location: Location, limits: ReadLimits) -> Examined {
    let start = (piece.line, piece.column);
    match piece.bytes {
        Ok(bytes) => examine_bytes(
            &bytes,
            std::str::from_utf8(&bytes).ok(),
            start,
            location,
            limits,
        ),
        Err(over) => too_large(Some(over), start, location, limits),
    }
}

/// The rejection of a statement over the size (`Some(Over::Size)`) or depth
/// limit.
fn too_large(
    over: Option<split::Over>,
    start: (u64, u64),
    location: Location,
    limits: ReadLimits,
) -> Examined {
    let why = match over {
        Some(split::Over::Size) => format!("longer than {} bytes", limits.max_statement_bytes),
        _ => format!("nested more than {} levels deep", limits.max_depth),
    };
    Examined::Rejected {
        location: location.at_line(start.0).at_column(start.1),
        code: &STATEMENT_TOO_LARGE,
        message: format!("the statement is {why}; it is rejected and the next one is read"),
    }
}

/// Checks one statement's bytes, which start at `start` (line, column) of
/// the input. Strings are borrowed from `bytes` while it is checked. `text`
/// is the same bytes when they are known to be UTF-8: then they are parsed
/// as text, and the parser does not check each string's UTF-8 again
/// (checking a whole line at once is cheaper); the result is the same.
fn examine_bytes(
    bytes: &[u8],
    text: Option<&str>,
    start: (u64, u64),
    location: Location,
    limits: ReadLimits,
) -> Examined {
    if split::deeper_than(bytes, limits.max_depth) {
        return too_large(None, start, location, limits);
    }
    let parsed = match text {
        Some(text) => serde_json::from_str::<Raw>(text),
        None => serde_json::from_slice::<Raw>(bytes),
    };
    match parsed {
        Ok(raw) => examine_raw(&raw, location),
        Err(error) => {
            let (line, column) = mapped(start, &error);
            Examined::Rejected {
                location: location.at_line(line).at_column(column),
                code: &INVALID_JSON,
                message: json_message(&error),
            }
        }
    }
}

/// Validates one parsed statement and, if it has no error, extracts the
/// parts the import needs (its record index is set when it is added).
fn examine_raw(raw: &Raw, location: Location) -> Examined {
    let problems = Validator::new(&location).check(raw);
    let rejected = problems.iter().any(Diagnostic::is_error);
    let statement_id = raw.str_at("id").map(str::to_ascii_lowercase);
    let statement = (!rejected).then(|| Box::new(extract(raw, 0, location.clone())));
    Examined::Checked {
        location,
        problems,
        statement_id,
        statement,
    }
}

/// One batch of JSON Lines to examine: the lines' bytes, one after the
/// other, and each line as a job.
struct LineBatch {
    /// Only lines that are valid UTF-8, so it is text.
    bytes: String,
    lines: Vec<LineJob>,
}

/// One line of a [`LineBatch`].
enum LineJob {
    /// A statement's text: `bytes[start..end]`, at line `number`.
    Text {
        number: u64,
        start: usize,
        end: usize,
    },
    /// A line rejected while reading (too long, not UTF-8).
    Rejected {
        number: u64,
        code: &'static CodeInfo,
        message: String,
    },
}

impl LineBatch {
    /// Examines every line, in order.
    fn examine(&self, file: &str, limits: ReadLimits) -> Vec<Examined> {
        self.lines
            .iter()
            .map(|job| match job {
                LineJob::Text { number, start, end } => {
                    let text = self.bytes.get(*start..*end).unwrap_or_default();
                    examine_bytes(
                        text.as_bytes(),
                        Some(text),
                        (*number, 1),
                        Location::file(file).at_line(*number),
                        limits,
                    )
                }
                LineJob::Rejected {
                    number,
                    code,
                    message,
                } => Examined::Rejected {
                    location: Location::file(file).at_line(*number),
                    code,
                    message: message.clone(),
                },
            })
            .collect()
    }
}

/// JSON Lines read in batches of [`BATCH_STATEMENTS`] lines or
/// [`BATCH_BYTES`] bytes; a line longer than the limit is never held.
struct LineBatches<'f, R> {
    reader: R,
    file: &'f str,
    limits: ReadLimits,
    line: Vec<u8>,
    number: u64,
}

impl<R: BufRead> LineBatches<'_, R> {
    /// The next batch, `None` at the end of the input. Its bytes go into
    /// `spare` when one is given: the buffer of a batch already examined,
    /// so that each batch does not take (and the kernel zero) fresh pages.
    fn next_batch(&mut self, spare: Option<String>) -> std::io::Result<Option<LineBatch>> {
        let _ = self.file;
        let mut bytes = spare.unwrap_or_default();
        bytes.clear();
        bytes.reserve(BATCH_BYTES + (BATCH_BYTES >> 3));
        let mut batch = LineBatch {
            bytes,
            lines: Vec::with_capacity(BATCH_STATEMENTS),
        };
        while batch.lines.len() < BATCH_STATEMENTS && batch.bytes.len() < BATCH_BYTES {
            let Some(long) = split::read_line(
                &mut self.reader,
                &mut self.line,
                self.limits.max_statement_bytes,
            )?
            else {
                break;
            };
            self.number += 1;
            let number = self.number;
            if long {
                let message = format!(
                    "the line is longer than {} bytes; it is not read",
                    self.limits.max_statement_bytes
                );
                batch.lines.push(LineJob::Rejected {
                    number,
                    code: &STATEMENT_TOO_LARGE,
                    message,
                });
                continue;
            }
            let mut text: &[u8] = &self.line;
            if number == 1 {
                text = text.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(text);
            }
            if text.iter().all(|b| matches!(b, b' ' | b'\t' | b'\r')) {
                continue;
            }
            let Ok(text) = std::str::from_utf8(text) else {
                batch.lines.push(LineJob::Rejected {
                    number,
                    code: &INVALID_JSON,
                    message: "the line is not valid UTF-8".to_string(),
                });
                continue;
            };
            let start = batch.bytes.len();
            batch.bytes.push_str(text);
            batch.lines.push(LineJob::Text {
                number,
                start,
                end: batch.bytes.len(),
            });
        }
        Ok((!batch.lines.is_empty()).then_some(batch))
    }
}

/// Examined batches, added to the importer in reading order as they come.
struct InOrder {
    /// Batches examined ahead of the next one to add.
    pending: BTreeMap<usize, Vec<Examined>>,
    /// Batches added so far.
    added: usize,
}

impl InOrder {
    /// Receives one examined batch (waiting for it when `wait`) and adds
    /// every batch that is next in order; `false` when none came.
    fn receive(
        &mut self,
        importer: &mut Importer,
        done: &mpsc::Receiver<(usize, thread::Result<Vec<Examined>>)>,
        wait: bool,
    ) -> bool {
        let got = if wait {
            done.recv().ok()
        } else {
            done.try_recv().ok()
        };
        let Some((seq, examined)) = got else {
            return false;
        };
        match examined {
            Ok(examined) => {
                self.pending.insert(seq, examined);
            }
            Err(panic) => panic::resume_unwind(panic),
        }
        while let Some(examined) = self.pending.remove(&self.added) {
            importer.apply_all(examined);
            self.added += 1;
        }
        true
    }
}

/// Where an accepted session starts.
enum StartRule {
    /// `duration` before this instant.
    EndsAt(DateTime<FixedOffset>),
    /// At this instant.
    StartsAt(DateTime<FixedOffset>),
}

impl Importer {
    /// An importer with these rules.
    pub fn new(options: ImportOptions) -> Importer {
        Importer {
            options,
            ..Importer::default()
        }
    }

    /// Statements read so far.
    pub fn statement_count(&self) -> usize {
        self.records.len()
    }

    /// Reads a file, choosing the format from its extension
    /// ([`InputFormat::from_path`]).
    ///
    /// # Errors
    ///
    /// [`ImportError::Io`] if the file cannot be opened or read. Invalid
    /// content is never an error here: it is reported as diagnostics.
    ///
    /// # Example
    ///
    /// ```no_run
    /// use std::path::Path;
    /// use upskill_xapi::{IdentityMap, ImportOptions, Importer};
    ///
    /// let mut importer = Importer::new(ImportOptions::default());
    /// importer.read_path(Path::new("lrs-export.jsonl"))?; // JSON Lines, by extension
    /// importer.read_path(Path::new("page-2.json"))?; // an LRS page
    /// let import = importer.finish(&IdentityMap::new());
    /// # Ok::<(), upskill_xapi::ImportError>(())
    /// ```
    pub fn read_path(&mut self, path: &Path) -> Result<(), ImportError> {
        let name = path.display().to_string();
        let file = File::open(path).map_err(|source| ImportError::Io {
            file: name.clone(),
            source,
        })?;
        self.read(BufReader::new(file), &name, InputFormat::from_path(path))
    }

    /// Reads statements from `reader`, naming it `file` in locations.
    ///
    /// # Errors
    ///
    /// [`ImportError::Io`] if reading fails. Invalid JSON and invalid
    /// statements are reported as diagnostics, not errors: the rest goes on.
    ///
    /// # Example
    ///
    /// ```
    /// use upskill_xapi::{IdentityMap, ImportOptions, Importer, InputFormat};
    ///
    /// let lines = r#"{"actor":{"mbox":"mailto:ann@example.com"},"verb":{"id":"http://adlnet.gov/expapi/verbs/attended"},"object":{"id":"https://example.com/talk"},"result":{"duration":"PT45M"},"timestamp":"2026-03-02T10:15:00Z"}
    /// {"actor":{"mbox":"ann@example.com"},"verb":{"id":"http://adlnet.gov/expapi/verbs/attended"},"object":{"id":"https://example.com/talk"}}
    /// "#;
    /// let mut importer = Importer::new(ImportOptions::default());
    /// importer.read(lines.as_bytes(), "export.jsonl", InputFormat::JsonLines)?;
    /// let import = importer.finish(&IdentityMap::new());
    /// assert_eq!(import.unknown_learners.len(), 1);
    /// assert_eq!(import.diagnostics.iter().filter(|d| d.is_error()).count(), 1);
    /// assert_eq!(import.diagnostics[0].to_string(),
    ///     "export.jsonl:1: warning[X045]: actor `mailto:ann@example.com` matches no learner in the identity mapping");
    /// # Ok::<(), upskill_xapi::ImportError>(())
    /// ```
    pub fn read<R: BufRead>(
        &mut self,
        reader: R,
        file: &str,
        format: InputFormat,
    ) -> Result<(), ImportError> {
        match format {
            InputFormat::Json => self.read_json(reader, file),
            InputFormat::JsonLines => self.read_json_lines(reader, file),
        }
    }

    /// Reads one JSON document: a statement, an array, or an LRS page.
    /// Statements of an array or page are cut out one by one (never the
    /// whole document at once) and checked as they come; one over the
    /// [`ImportOptions::limits`] is rejected alone (`X031`). A UTF-8 byte
    /// order mark at the start is skipped; a UTF-16 input (told by its byte
    /// order mark) is transcoded and read, with the warning `X033`.
    ///
    /// # Errors
    ///
    /// [`ImportError::Io`] if reading fails.
    pub fn read_json<R: Read>(&mut self, reader: R, file: &str) -> Result<(), ImportError> {
        let base = Location::file(file);
        let limits = self.options.limits;
        let reader = BufReader::with_capacity(1 << 16, reader);
        let reader = self.utf8(reader, file)?;
        let shape = split::read_document(reader, limits, &mut |index, piece| {
            self.add_piece(piece, base.clone().at_record(index), limits);
        });
        match shape {
            Ok(Document::Array) => {}
            Ok(Document::Single(piece)) => self.add_piece(piece, base, limits),
            Ok(Document::Page { statements_is_array, others }) => {
                if !statements_is_array {
                    self.push(&NOT_STATEMENTS, base.clone().at_pointer("/statements"), "`statements` must be an array of statements".to_string());
                }
                for (key, value) in others {
                    let at = base.clone().at_pointer(crate::validate::child("", &key));
                    if key == "more" {
                        let kind = value.ok().and_then(|v| {
                            serde_json::from_slice::<Raw>(&v).ok().filter(|v| v.as_str().is_none()).map(|v| v.kind())
                        });
                        if let Some(kind) = kind {
                            self.push(&NOT_STATEMENTS, at, format!("`more` must be a string, found {kind}"));
                        }
                    } else {
                        self.push(
                            &NOT_STATEMENTS,
                            at,
                            format!("unknown property `{}` in an LRS result page; expected `statements` and `more`", quote(&key)),
                        );
                    }
                }
            }
            Ok(Document::Other(kind)) => self.push(
                &NOT_STATEMENTS,
                base,
                format!("the document is {kind}; expected a statement, an array of statements or an LRS result page"),
            ),
            Ok(Document::Empty) => self.push(&INVALID_JSON, base.at_line(1).at_column(1), "the input is empty".to_string()),
            Err(Failure::Io(source)) => {
                return Err(ImportError::Io { file: file.to_string(), source });
            }
            Err(Failure::Syntax(error)) => {
                let location = base.at_line(error.line).at_column(error.column);
                self.push(&INVALID_JSON, location, error.message);
            }
        }
        Ok(())
    }

    /// Reads JSON Lines: one statement per line, line by line (never the
    /// whole input at once); a line longer or deeper than the
    /// [`ImportOptions::limits`] is rejected (`X031`) without being held, and
    /// the next line is read. Blank lines are skipped; a UTF-8 byte order
    /// mark at the start is skipped; a UTF-16 input (told by its byte order
    /// mark) is transcoded and read, with the warning `X033`.
    ///
    /// # Errors
    ///
    /// [`ImportError::Io`] if reading fails.
    pub fn read_json_lines<R: BufRead>(
        &mut self,
        reader: R,
        file: &str,
    ) -> Result<(), ImportError> {
        let reader = self.utf8(reader, file)?;
        let limits = self.options.limits;
        let threads = match self.options.threads {
            0 => std::thread::available_parallelism().map_or(1, usize::from),
            n => n,
        };
        let mut batches = LineBatches {
            reader,
            file,
            limits,
            line: Vec::new(),
            number: 0,
        };
        let io = |source| ImportError::Io {
            file: file.to_string(),
            source,
        };
        if threads < 2 {
            let mut spare = None;
            while let Some(batch) = batches.next_batch(spare.take()).map_err(io)? {
                self.apply_all(batch.examine(file, limits));
                spare = Some(batch.bytes);
            }
            return Ok(());
        }
        // Batches are read on this thread, examined on `threads` workers as
        // they come, and added here in reading order while the next ones are
        // read and examined: the result is the sequential one.
        let in_flight = 2 * threads;
        let (job_tx, job_rx) = mpsc::sync_channel::<(usize, LineBatch)>(threads);
        let job_rx = Mutex::new(job_rx);
        let (done_tx, done_rx) = mpsc::channel::<(usize, thread::Result<Vec<Examined>>)>();
        // Buffers of examined batches, for the next ones to be read into.
        let spares: Mutex<Vec<String>> = Mutex::new(Vec::new());
        std::thread::scope(|scope| {
            // Owned here, so that it is dropped (and the workers stop) if
            // this thread unwinds.
            let job_tx = job_tx;
            for _ in 0..threads {
                let (job_rx, done_tx, spares) = (&job_rx, done_tx.clone(), &spares);
                scope.spawn(move || {
                    loop {
                        let job = match job_rx.lock() {
                            Ok(rx) => rx.recv(),
                            Err(_) => break,
                        };
                        let Ok((seq, batch)) = job else { break };
                        // A panic is a bug: it is carried to the reading
                        // thread, which goes on with it as it would have.
                        let examined =
                            panic::catch_unwind(AssertUnwindSafe(|| batch.examine(file, limits)));
                        if let Ok(mut spare) = spares.lock() {
                            spare.push(batch.bytes);
                        }
                        if done_tx.send((seq, examined)).is_err() {
                            break;
                        }
                    }
                });
            }
            drop(done_tx);
            let mut merge = InOrder {
                pending: BTreeMap::new(),
                added: 0,
            };
            let mut sent = 0usize;
            let mut failed = None;
            loop {
                let spare = spares.lock().ok().and_then(|mut s| s.pop());
                match batches.next_batch(spare) {
                    Ok(Some(batch)) => {
                        if job_tx.send((sent, batch)).is_err() {
                            break;
                        }
                        sent += 1;
                    }
                    Ok(None) => break,
                    Err(error) => {
                        failed = Some(error);
                        break;
                    }
                }
                while merge.receive(self, &done_rx, false) {}
                while sent - merge.added > in_flight && merge.receive(self, &done_rx, true) {}
            }
            drop(job_tx);
            while merge.added < sent && merge.receive(self, &done_rx, true) {}
            match failed {
                Some(error) => Err(io(error)),
                None => Ok(()),
            }
        })
    }

    /// Parses and adds one statement cut out of the input.
    fn add_piece(&mut self, piece: Piece, location: Location, limits: ReadLimits) {
        self.apply(examine_piece(piece, location, limits));
    }

    /// Adds the statements of a batch, in order.
    fn apply_all(&mut self, examined: Vec<Examined>) {
        for e in examined {
            self.apply(e);
        }
    }

    /// Adds one examined statement: its problems, its record (fate) and,
    /// when accepted, the parts the import needs.
    fn apply(&mut self, examined: Examined) {
        match examined {
            Examined::Rejected {
                location,
                code,
                message,
            } => self.reject(location, code, message),
            Examined::Checked {
                location,
                problems,
                statement_id,
                statement,
            } => {
                self.diagnostics.extend(problems);
                let record = self.records.len();
                let fate = match statement {
                    None => Fate::Rejected,
                    Some(mut statement) => {
                        statement.record = record;
                        self.statements.push(statement);
                        // Provisional: `finish` gives every accepted statement its fate.
                        Fate::NoCredit(NoCreditReason::VerbNotCreditable)
                    }
                };
                self.records.push(StatementFate {
                    location,
                    statement_id,
                    fate,
                });
            }
        }
    }

    /// Checks and adds one statement given as JSON text (one record at `location`).
    pub fn add_statement_json(&mut self, text: &str, location: Location) {
        match serde_json::from_str::<Raw>(text) {
            Ok(raw) => self.add_raw(&raw, location),
            Err(error) => {
                let location = location
                    .at_line(error.line() as u64)
                    .at_column(error.column() as u64);
                self.reject(location, &INVALID_JSON, json_message(&error));
            }
        }
    }

    /// `reader` as UTF-8 (see `crate::encoding`), noting a transcoding.
    fn utf8<R: BufRead>(
        &mut self,
        reader: R,
        file: &str,
    ) -> Result<crate::encoding::Utf8Input<R>, ImportError> {
        let (reader, note) =
            crate::encoding::open(reader, file).map_err(|source| ImportError::Io {
                file: file.to_string(),
                source,
            })?;
        if let Some(note) = note {
            self.diagnostics.push(note);
        }
        Ok(reader)
    }

    fn push(&mut self, code: &CodeInfo, location: Location, message: String) {
        self.diagnostics
            .push(Diagnostic::new(code, location, message));
    }

    fn reject(&mut self, location: Location, code: &CodeInfo, message: String) {
        self.push(code, location.clone(), message);
        self.records.push(StatementFate {
            location,
            statement_id: None,
            fate: Fate::Rejected,
        });
    }

    fn add_raw(&mut self, raw: &Raw, location: Location) {
        self.apply(examine_raw(raw, location));
    }

    /// Resolves duplicates, voiding and cmi5 sessions, applies the credit
    /// rule and the identity mapping, and returns the sessions with every
    /// statement's fate and every problem.
    ///
    /// The result does not depend on the order statements were read in,
    /// except for which copy of a duplicate is named as kept.
    ///
    /// # Example
    ///
    /// ```
    /// use upskill_formats::diagnostics::Location;
    /// use upskill_xapi::{Fate, IdentityMap, ImportOptions, Importer};
    ///
    /// let statement = r#"{"id":"6e1f3c52-4d7e-4a59-8f6b-2d4c1a9e7b01","actor":{"mbox":"mailto:ann@example.com"},
    ///     "verb":{"id":"http://adlnet.gov/expapi/verbs/completed"},"object":{"id":"https://example.com/c"},
    ///     "result":{"duration":"PT20M"},"timestamp":"2026-03-02T10:00:00Z"}"#;
    /// let voiding = r#"{"actor":{"mbox":"mailto:admin@example.com"},"verb":{"id":"http://adlnet.gov/expapi/verbs/voided"},
    ///     "object":{"objectType":"StatementRef","id":"6e1f3c52-4d7e-4a59-8f6b-2d4c1a9e7b01"}}"#;
    /// let mut importer = Importer::new(ImportOptions::default());
    /// importer.add_statement_json(voiding, Location::file("a.json"));
    /// importer.add_statement_json(statement, Location::file("b.json"));
    /// let import = importer.finish(&IdentityMap::new());
    /// let fates: Vec<Fate> = import.statements.iter().map(|s| s.fate).collect();
    /// assert_eq!(fates, [Fate::Voiding, Fate::Voided]);
    /// ```
    pub fn finish(mut self, identities: &IdentityMap) -> Import {
        let mut out = Finish {
            options: &self.options,
            identities,
            statements: &self.statements,
            records: &mut self.records,
            diagnostics: &mut self.diagnostics,
            sessions: Vec::new(),
            unknown: Vec::new(),
        };
        out.run();
        let Finish {
            mut sessions,
            mut unknown,
            ..
        } = out;
        sessions.sort_by(|a, b| {
            (a.session.start_utc(), a.session.record_id())
                .cmp(&(b.session.start_utc(), b.session.record_id()))
        });
        unknown.sort_by(|a, b| {
            (a.start.to_utc(), &a.record_id).cmp(&(b.start.to_utc(), &b.record_id))
        });
        let uncredited = uncredited_time(&self.statements, &self.records, &mut self.diagnostics);
        self.diagnostics.sort();
        Import {
            sessions,
            unknown_learners: unknown,
            statements: self.records,
            diagnostics: self.diagnostics,
            uncredited,
        }
    }
}

/// Durations that earned nothing, per verb and fate, with one `X064`
/// warning per verb (located at the file of its first such statement).
fn uncredited_time(
    statements: &[Box<Stmt>],
    records: &[StatementFate],
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<UncreditedTime> {
    let mut by: BTreeMap<(&str, Fate), (u64, u64)> = BTreeMap::new();
    let mut first: BTreeMap<&str, &Location> = BTreeMap::new();
    for s in statements {
        let Some(fate) = records.get(s.record).map(|r| r.fate) else {
            continue;
        };
        let counted = matches!(
            fate,
            Fate::InCmi5Session | Fate::InVideoSession | Fate::NoCredit(_)
        );
        let centis = s
            .duration
            .as_deref()
            .and_then(|d| parse_xapi_duration(d).ok())
            .unwrap_or(0);
        if !counted || centis == 0 {
            continue;
        }
        let slot = by.entry((&*s.verb, fate)).or_default();
        slot.0 += 1;
        slot.1 = slot.1.saturating_add(centis);
        first.entry(&*s.verb).or_insert(&s.location);
    }
    let out: Vec<UncreditedTime> = by
        .into_iter()
        .map(
            |((verb, fate), (statements, centiseconds))| UncreditedTime {
                verb: verb.to_string(),
                fate,
                statements,
                centiseconds,
            },
        )
        .collect();
    for (verb, location) in first {
        let rows: Vec<&UncreditedTime> = out.iter().filter(|u| u.verb == verb).collect();
        let count: u64 = rows.iter().map(|u| u.statements).sum();
        let centis: u64 = rows.iter().fold(0, |a, u| a.saturating_add(u.centiseconds));
        let why: Vec<String> = rows
            .iter()
            .map(|u| format!("{} {}", u.statements, u.fate.detail()))
            .collect();
        let short = verb.rsplit(['/', '#']).next().unwrap_or(verb);
        let (noun, were) = if count == 1 {
            ("statement", "was")
        } else {
            ("statements", "were")
        };
        let message = format!(
            "{count} `{}` {noun} with {} minutes {were} not credited (`{}`: {})",
            quote(short),
            thousands(centis / 6_000),
            quote(verb),
            why.join(", ")
        );
        let at = Location {
            file: location.file.clone(),
            ..Location::default()
        };
        diagnostics.push(Diagnostic::new(&UNCREDITED_TIME, at, message));
    }
    out
}

/// `5210` as `5,210`.
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Where a parser error inside a piece is in the file.
fn mapped(start: (u64, u64), error: &serde_json::Error) -> (u64, u64) {
    let (line, column) = (error.line() as u64, error.column() as u64);
    if line <= 1 {
        (start.0, start.1 + column.saturating_sub(1))
    } else {
        (start.0 + line - 1, column)
    }
}

/// serde_json's message without its trailing position (the location has it).
pub(crate) fn json_message(error: &serde_json::Error) -> String {
    let message = error.to_string();
    match message.rfind(" at line ") {
        Some(at) => message.get(..at).unwrap_or(&message).to_string(),
        None => message,
    }
}

/// The work of [`Importer::finish`].
struct Finish<'a> {
    options: &'a ImportOptions,
    identities: &'a IdentityMap,
    statements: &'a [Box<Stmt>],
    records: &'a mut Vec<StatementFate>,
    diagnostics: &'a mut Vec<Diagnostic>,
    sessions: Vec<ImportedSession>,
    unknown: Vec<UnmappedSession>,
}

impl<'a> Finish<'a> {
    fn warn(&mut self, code: &CodeInfo, location: &Location, message: String) {
        self.diagnostics
            .push(Diagnostic::new(code, location.clone(), message));
    }

    fn set(&mut self, statement: usize, fate: Fate) {
        if let Some(record) = self
            .statements
            .get(statement)
            .and_then(|s| self.records.get_mut(s.record))
        {
            record.fate = fate;
        }
    }

    /// A statement, borrowed for the whole run (not from `self`), so it can
    /// be read while fates are set.
    fn stmt(&self, index: usize) -> Option<&'a Stmt> {
        self.statements.get(index).map(|s| &**s)
    }

    fn run(&mut self) {
        let mut alive = self.resolve_duplicates();
        self.resolve_voiding(&mut alive);
        let statements = self.statements;
        let mut sessions: BTreeMap<(&str, &str), Vec<usize>> = BTreeMap::new();
        let mut videos: BTreeMap<(&str, &str), Vec<usize>> = BTreeMap::new();
        let mut plain = Vec::new();
        for (index, statement) in statements.iter().enumerate() {
            if !alive.get(index).copied().unwrap_or(false) {
                continue;
            }
            let actor = statement.actor_key.as_str();
            match (&statement.session_id, &statement.video_session) {
                (Some(session), _) => sessions
                    .entry((actor, session.as_str()))
                    .or_default()
                    .push(index),
                (None, Some(video)) if self.options.video_profile => videos
                    .entry((actor, video.as_str()))
                    .or_default()
                    .push(index),
                _ => plain.push(index),
            }
        }
        for (index, statement) in self.statements.iter().enumerate() {
            if alive.get(index).copied().unwrap_or(false) && statement.session_id_not_string {
                let location = statement.location.clone().at_pointer("/context/extensions/https:~1~1w3id.org~1xapi~1cmi5~1context~1extensions~1sessionid");
                self.diagnostics.push(Diagnostic::new(
                    &CMI5_SESSION_ID,
                    location,
                    "the cmi5 session id is not a string; the statement is read as plain xAPI"
                        .to_string(),
                ));
            }
        }
        for ((_, session_id), members) in sessions {
            self.cmi5_session(session_id, members);
        }
        for ((_, session_id), members) in videos {
            self.video_session(session_id, members);
        }
        self.plain(&plain);
    }

    /// One xAPI Video Profile session: the `terminated` statement's
    /// `result.duration` when it has one, else the union of the watched
    /// `played-segments` of its statements; never both.
    fn video_session(&mut self, session_id: &str, mut members: Vec<usize>) {
        members.sort_by_key(|i| {
            self.stmt(*i)
                .map(|s| (s.time().map(|t| t.to_utc()), s.record))
        });
        for &member in &members {
            self.set(member, Fate::InVideoSession);
        }
        let origin = |watched_segments| SessionOrigin::Video {
            session_id: session_id.to_string(),
            watched_segments,
        };
        let terminated = members.iter().copied().find(|i| {
            self.stmt(*i)
                .is_some_and(|s| s.verb == vocab::TERMINATED && s.duration.is_some())
        });
        if let Some(index) = terminated
            && let Some(s) = self.stmt(index)
            && let Some(duration) = s.duration.as_deref()
        {
            let start = s.time().map(StartRule::EndsAt);
            let kind = self.kind_of(s);
            let fate =
                self.credit_text(index, duration, start, kind, s.title.clone(), origin(false));
            self.set(index, fate);
            return;
        }
        let mut segments: Vec<(u64, u64)> = Vec::new();
        let mut carrier = None;
        for &index in &members {
            let Some(s) = self.stmt(index) else { continue };
            let Some(text) = s.played_segments.as_deref() else {
                continue;
            };
            match parse_played_segments(text) {
                Some(mut found) => {
                    segments.append(&mut found);
                    carrier = Some(index);
                }
                None => {
                    let location = s.location.clone().at_pointer(
                        "/result/extensions/https:~1~1w3id.org~1xapi~1video~1extensions~1played-segments",
                    );
                    let message = format!(
                        "played segments `{}` are not `start[.]end` pairs of seconds joined by `[,]`; they are not counted",
                        quote(text)
                    );
                    self.warn(&BAD_PLAYED_SEGMENTS, &location, message);
                }
            }
        }
        let watched = union_length(&mut segments);
        let Some(index) = carrier else { return };
        if watched == 0 {
            return;
        }
        let Some(s) = self.stmt(index) else {
            return;
        };
        let start = s.time().map(StartRule::EndsAt);
        let kind = self.kind_of(s);
        let fate = self.credit_centis(index, watched, start, kind, s.title.clone(), origin(true));
        self.set(index, fate);
    }

    fn kind_of(&self, s: &Stmt) -> ActivityKind {
        s.activity_type
            .as_ref()
            .and_then(|t| self.options.activity_kinds.get(&**t))
            .copied()
            .unwrap_or(self.options.default_activity)
    }

    /// Whether a plain statement's `result.duration` is creditable: its verb
    /// is in the list, or it is an ADL SCORM Profile session time.
    fn creditable(&self, s: &Stmt) -> bool {
        self.options.creditable_verbs.contains(&*s.verb) || self.scorm_session_time(s)
    }

    /// An ADL SCORM Profile session-time statement: `suspended` or
    /// `terminated` with the profile's category.
    fn scorm_session_time(&self, s: &Stmt) -> bool {
        self.options.scorm_profile
            && s.scorm_profile
            && (s.verb == vocab::SUSPENDED || s.verb == vocab::TERMINATED)
    }

    /// Same id (or, without one, same content): one statement.
    fn resolve_duplicates(&mut self) -> Vec<bool> {
        let mut alive = vec![true; self.statements.len()];
        // Statements by key, each key's copies in reading order (a stable
        // sort): the groups of a map of keys, without a map.
        let statements: &'a [Box<Stmt>] = self.statements;
        let mut by_key: Vec<(&str, usize)> = statements
            .iter()
            .enumerate()
            .map(|(index, statement)| (statement.key(), index))
            .collect();
        by_key.sort_by(|a, b| a.0.cmp(b.0));
        let mut copies: Vec<usize> = Vec::new();
        let mut start = 0;
        while let Some(&(key, _)) = by_key.get(start) {
            let end = by_key
                .get(start..)
                .and_then(|rest| rest.iter().position(|(k, _)| *k != key))
                .map_or(by_key.len(), |n| start + n);
            let group = by_key.get(start..end).unwrap_or_default();
            start = end;
            if group.len() < 2 {
                continue;
            }
            copies.clear();
            copies.extend(group.iter().map(|(_, index)| *index));
            let [first, rest @ ..] = copies.as_slice() else {
                continue;
            };
            let Some(kept) = self.stmt(*first) else {
                continue;
            };
            let same = rest
                .iter()
                .all(|i| self.stmt(*i).is_some_and(|s| s.hash == kept.hash));
            if same {
                for &copy in rest {
                    if let Some(location) = self.stmt(copy).map(|s| s.location.clone()) {
                        self.warn(
                            &DUPLICATE_STATEMENT,
                            &location,
                            format!(
                                "statement `{key}` repeats the one at {}; it is counted once",
                                kept.location
                            ),
                        );
                    }
                    self.set(copy, Fate::Duplicate);
                    if let Some(flag) = alive.get_mut(copy) {
                        *flag = false;
                    }
                }
            } else {
                let places: Vec<String> = copies
                    .iter()
                    .filter_map(|i| self.stmt(*i).map(|s| s.location.to_string()))
                    .collect();
                for &copy in &copies {
                    if let Some(location) = self.stmt(copy).map(|s| s.location.clone()) {
                        self.warn(
                            &CONFLICTING_STATEMENT,
                            &location,
                            format!(
                                "statement id `{key}` is used by {} statements with different content ({}); none is credited",
                                copies.len(),
                                places.join(", ")
                            ),
                        );
                    }
                    self.set(copy, Fate::Conflict);
                    if let Some(flag) = alive.get_mut(copy) {
                        *flag = false;
                    }
                }
            }
        }
        alive
    }

    /// A voided statement and its voiding statement credit nothing, in
    /// whichever order they come (xAPI 2.3.2.s2.b3).
    fn resolve_voiding(&mut self, alive: &mut [bool]) {
        let voiding: Vec<usize> = (0..self.statements.len())
            .filter(|i| alive.get(*i).copied().unwrap_or(false))
            .filter(|i| self.stmt(*i).is_some_and(|s| s.voids.is_some()))
            .collect();
        // Borrowed from the statements (no copy of each id), hashed with ahash.
        let voiding_ids: HashSet<&'a str, ahash::RandomState> = voiding
            .iter()
            .filter_map(|i| self.stmt(*i)?.id.as_deref())
            .collect();
        let targets: HashSet<&'a str, ahash::RandomState> = voiding
            .iter()
            .filter_map(|i| self.stmt(*i)?.voids.as_deref())
            .collect();
        for &index in &voiding {
            self.set(index, Fate::Voiding);
            if let Some(flag) = alive.get_mut(index) {
                *flag = false;
            }
            if let Some(statement) = self.stmt(index)
                && let Some(target) = &statement.voids
                && voiding_ids.contains(target.as_str())
            {
                let location = statement.location.clone().at_pointer("/object/id");
                let message = format!(
                    "statement `{target}` is itself a voiding statement, which cannot be voided"
                );
                self.diagnostics
                    .push(Diagnostic::new(&VOIDS_VOIDING, location, message));
            }
        }
        for index in 0..self.statements.len() {
            let voided = alive.get(index).copied().unwrap_or(false)
                && self
                    .stmt(index)
                    .and_then(|s| s.id.as_ref())
                    .is_some_and(|id| targets.contains(id.as_str()));
            if voided {
                self.set(index, Fate::Voided);
                if let Some(flag) = alive.get_mut(index) {
                    *flag = false;
                }
            }
        }
    }

    /// One cmi5 AU session (cmi5 9.3, 9.5.4): time from `terminated`, else
    /// `abandoned`; ordering rules checked as warnings.
    fn cmi5_session(&mut self, session_id: &str, mut members: Vec<usize>) {
        fn order_key(s: &Stmt) -> (bool, Option<DateTime<chrono::Utc>>, &str) {
            let time = s.time().map(|t| t.to_utc());
            (time.is_none(), time, s.key())
        }
        members.sort_by(|a, b| {
            let (a, b) = (self.stmt(*a), self.stmt(*b));
            a.map(order_key).cmp(&b.map(order_key))
        });
        let session: Vec<&Stmt> = members.iter().filter_map(|i| self.stmt(*i)).collect();
        for &member in &members {
            self.set(member, Fate::InCmi5Session);
        }
        let quoted = quote(session_id);

        // Per statement: actor (9.2) and timestamp (9.7).
        for s in &session {
            if s.cmi5_defined && !matches!(s.actor, Some(AgentIdentifier::Account { .. })) {
                self.warn(
                    &CMI5_ACTOR,
                    &s.location.clone().at_pointer("/actor"),
                    "a cmi5 defined statement's actor must be an agent identified by `account`"
                        .to_string(),
                );
            }
            match s.timestamp {
                None => self.warn(
                    &CMI5_NO_TIMESTAMP,
                    &s.location,
                    format!("a statement of cmi5 session `{quoted}` has no timestamp"),
                ),
                Some(t) if t.offset().local_minus_utc() != 0 => self.warn(
                    &CMI5_NOT_UTC,
                    &s.location.clone().at_pointer("/timestamp"),
                    format!(
                        "cmi5 timestamps must be in UTC; this one is `{}`",
                        t.to_rfc3339()
                    ),
                ),
                Some(_) => {}
            }
        }
        // Defined verbs at most once per session; not both passed and failed (9.3).
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for s in session.iter().filter(|s| s.cmi5_defined) {
            let count = seen.entry(&*s.verb).or_default();
            *count += 1;
            if *count == 2 {
                self.warn(
                    &CMI5_VERB_REPEATED,
                    &s.location,
                    format!(
                        "verb `{}` is used more than once in cmi5 session `{quoted}`",
                        s.verb
                    ),
                );
            }
        }
        if seen.contains_key(vocab::PASSED)
            && seen.contains_key(vocab::FAILED)
            && let Some(s) = session
                .iter()
                .filter(|s| s.cmi5_defined && (s.verb == vocab::PASSED || s.verb == vocab::FAILED))
                .nth(1)
        {
            self.warn(
                &CMI5_PASSED_AND_FAILED,
                &s.location,
                format!("cmi5 session `{quoted}` has both passed and failed"),
            );
        }

        let au: Vec<&Stmt> = session
            .iter()
            .copied()
            .filter(|s| !vocab::LMS_VERBS.contains(&&*s.verb))
            .collect();
        let initialized = au.iter().find(|s| s.verb == vocab::INITIALIZED);
        if let Some(first_au) = au.first() {
            match initialized {
                None => self.warn(
                    &CMI5_NO_INITIALIZED,
                    &first_au.location,
                    format!("cmi5 session `{quoted}` has no initialized statement"),
                ),
                Some(init) => {
                    if let Some(before) = au.iter().find(|s| {
                        s.time().is_some() && init.time().is_some() && s.time() < init.time()
                    }) {
                        self.warn(
                            &CMI5_INITIALIZED_NOT_FIRST,
                            &before.location,
                            format!(
                                "this statement comes before initialized in cmi5 session `{quoted}`"
                            ),
                        );
                    }
                }
            }
        }
        let terminated = au.iter().find(|s| s.verb == vocab::TERMINATED).copied();
        let abandoned = session.iter().copied().find(|s| s.verb == vocab::ABANDONED);
        if let (Some(_), Some(a)) = (terminated, abandoned) {
            self.warn(
                &CMI5_TWO_ENDINGS,
                &a.location,
                format!(
                    "cmi5 session `{quoted}` has both terminated and abandoned; terminated is used"
                ),
            );
        }
        let Some(ending) = terminated.or(abandoned) else {
            if let Some(first_au) = au.first() {
                self.warn(&CMI5_NOT_ENDED, &first_au.location, format!("cmi5 session `{quoted}` has neither terminated nor abandoned, so its time is not credited"));
            }
            return;
        };
        if let Some(end) = ending.time() {
            for s in &session {
                let after = s.time().is_some_and(|t| t > end)
                    && s.verb != vocab::SATISFIED
                    && s.record != ending.record;
                if after {
                    self.warn(
                        &CMI5_AFTER_END,
                        &s.location,
                        format!("this statement comes after the end of cmi5 session `{quoted}`"),
                    );
                }
            }
        }
        let Some(ending_index) = members
            .iter()
            .copied()
            .find(|i| self.stmt(*i).is_some_and(|s| s.record == ending.record))
        else {
            return;
        };

        // Launch mode, from `launched` (cmi5 9.6.3.3).
        let launched = session.iter().copied().find(|s| s.verb == vocab::LAUNCHED);
        let launch_mode = match launched.and_then(|l| l.launch_mode.as_deref()) {
            Some(text) => match LaunchMode::parse(text) {
                Some(mode) => Some(mode),
                None => {
                    self.warn(&CMI5_MODE_UNKNOWN, &ending.location, format!("cmi5 session `{quoted}` has launch mode `{}`, not Normal, Browse or Review", quote(text)));
                    None
                }
            },
            None => {
                let assumed = if self.options.cmi5_assume_normal {
                    "; it is read as Normal"
                } else {
                    "; it is not credited"
                };
                self.warn(&CMI5_MODE_UNKNOWN, &ending.location, format!("cmi5 session `{quoted}` has no launched statement with a launch mode{assumed}"));
                None
            }
        };
        let mode = match launch_mode {
            Some(mode) => mode,
            None if self.options.cmi5_assume_normal => LaunchMode::Normal,
            None => {
                return self.set(
                    ending_index,
                    Fate::NoCredit(NoCreditReason::LaunchModeUnknown),
                );
            }
        };
        if !self.options.cmi5_launch_modes.contains(&mode) {
            self.warn(
                &CMI5_MODE_NOT_COUNTED,
                &ending.location,
                format!(
                    "cmi5 session `{quoted}` was launched in {mode} mode, which is not counted"
                ),
            );
            return self.set(
                ending_index,
                Fate::NoCredit(NoCreditReason::LaunchModeNotCounted),
            );
        }
        let Some(duration) = ending.duration.clone() else {
            self.warn(
                &CMI5_NO_DURATION,
                &ending.location.clone().at_pointer("/result"),
                format!(
                    "the {} statement of cmi5 session `{quoted}` has no duration",
                    if ending.verb == vocab::TERMINATED {
                        "terminated"
                    } else {
                        "abandoned"
                    }
                ),
            );
            return self.set(ending_index, Fate::NoCredit(NoCreditReason::NoDuration));
        };
        // terminated: the session ends when it is recorded (duration SHOULD be
        // initialized -> terminated). abandoned: the LMS measures from
        // `launched` (9.5.4.2) and may record `abandoned` much later.
        let start = match (
            ending.verb == vocab::ABANDONED,
            launched.and_then(Stmt::time),
            ending.time(),
        ) {
            (true, Some(launch), _) => Some(StartRule::StartsAt(launch)),
            (_, _, Some(end)) => Some(StartRule::EndsAt(end)),
            (_, _, None) => None,
        };
        let title = ending
            .title
            .clone()
            .or_else(|| session.iter().find_map(|s| s.title.clone()));
        let origin = SessionOrigin::Cmi5 {
            session_id: session_id.to_string(),
            launch_mode,
        };
        let kind = self.options.cmi5_activity;
        let fate = self.credit_text(ending_index, &duration, start, kind, title, origin);
        self.set(ending_index, fate);
    }

    /// Statements outside cmi5 sessions: the verb rule.
    fn plain(&mut self, plain: &[usize]) {
        // Registrations (per actor) whose `terminated` carries the time: their
        // completed / passed / failed are outcomes, not more time.
        let mut terminated_registrations: HashSet<(&str, &str)> = HashSet::new();
        for s in plain.iter().filter_map(|i| self.stmt(*i)) {
            let carries_time = (s.verb == vocab::TERMINATED
                && self.options.creditable_verbs.contains(vocab::TERMINATED))
                || self.scorm_session_time(s);
            if carries_time
                && s.duration.is_some()
                && s.actor.is_some()
                && let Some(registration) = &s.registration
            {
                terminated_registrations.insert((s.actor_key.as_str(), registration.as_str()));
            }
        }
        for &index in plain {
            let Some(s) = self.stmt(index) else {
                continue;
            };
            if !self.creditable(s) {
                self.set(index, Fate::NoCredit(NoCreditReason::VerbNotCreditable));
                continue;
            }
            let Some(duration) = s.duration.clone() else {
                self.set(index, Fate::NoCredit(NoCreditReason::NoDuration));
                continue;
            };
            let outcome = [vocab::COMPLETED, vocab::PASSED, vocab::FAILED].contains(&&*s.verb);
            if outcome
                && s.actor.is_some()
                && let Some(registration) = &s.registration
                && terminated_registrations.contains(&(s.actor_key.as_str(), registration.as_str()))
            {
                self.set(index, Fate::NoCredit(NoCreditReason::OutcomeOfTerminated));
                continue;
            }
            let start = s.time().map(|t| match self.options.timestamp_marks {
                TimestampMarks::End => StartRule::EndsAt(t),
                TimestampMarks::Start => StartRule::StartsAt(t),
            });
            let kind = self.kind_of(s);
            let origin = SessionOrigin::Statement {
                verb: s.verb.to_string(),
            };
            let fate = self.credit_text(index, &duration, start, kind, s.title.clone(), origin);
            self.set(index, fate);
        }
    }

    /// Turns a statement's `result.duration` into a session of its learner.
    fn credit_text(
        &mut self,
        index: usize,
        duration: &str,
        start: Option<StartRule>,
        activity: ActivityKind,
        title: Option<String>,
        origin: SessionOrigin,
    ) -> Fate {
        let Some(s) = self.stmt(index) else {
            return Fate::NoCredit(NoCreditReason::NotASession);
        };
        let at_duration = s.location.clone().at_pointer("/result/duration");
        let centis = match parse_xapi_duration(duration) {
            Ok(centis) => centis,
            Err(error @ DurationError::NotExact(_)) => {
                self.warn(&CALENDAR_DURATION, &at_duration, not_credited(&error));
                return Fate::NoCredit(NoCreditReason::CalendarDuration);
            }
            Err(error) => {
                self.warn(&DURATION_OVERFLOW, &at_duration, error.to_string());
                return Fate::NoCredit(NoCreditReason::TooLong);
            }
        };
        self.credit_centis(index, centis, start, activity, title, origin)
    }

    /// Turns `centis` of a statement's time into a session of its learner.
    fn credit_centis(
        &mut self,
        index: usize,
        centis: u64,
        start: Option<StartRule>,
        activity: ActivityKind,
        title: Option<String>,
        origin: SessionOrigin,
    ) -> Fate {
        let Some(s) = self.stmt(index) else {
            return Fate::NoCredit(NoCreditReason::NotASession);
        };
        let at_duration = s.location.clone().at_pointer("/result/duration");
        if centis == 0 {
            return Fate::NoCredit(NoCreditReason::ZeroDuration);
        }
        let Some(start) = start else {
            self.warn(
                &NO_TIME,
                &s.location,
                "this statement has creditable time but neither timestamp nor stored".to_string(),
            );
            return Fate::NoCredit(NoCreditReason::NoTime);
        };
        let Some(actor) = s.actor.clone() else {
            self.warn(
                &GROUP_ACTOR,
                &s.location.clone().at_pointer("/actor"),
                "the actor is a group; its time is not credited to members".to_string(),
            );
            return Fate::NoCredit(NoCreditReason::GroupActor);
        };
        let duration = SessionDuration::from_millis(centis.saturating_mul(10));
        if duration > MAX_SESSION_DURATION {
            self.warn(
                &NOT_A_SESSION,
                &at_duration,
                format!("a session of {duration} is longer than the 31 days any session may last"),
            );
            return Fate::NoCredit(NoCreditReason::TooLong);
        }
        let start = match start {
            StartRule::StartsAt(t) => Some(t),
            StartRule::EndsAt(t) => t.checked_sub_signed(duration.to_time_delta()),
        };
        let Some(start) = start else {
            self.warn(
                &NOT_A_SESSION,
                &s.location,
                "the session would start out of the range of dates".to_string(),
            );
            return Fate::NoCredit(NoCreditReason::NotASession);
        };
        let record_text =
            s.id.clone()
                .unwrap_or_else(|| format!("sha1:{}", hex(&s.hash)));
        let Ok(record_id) = RecordId::new(&record_text) else {
            return Fate::NoCredit(NoCreditReason::NotASession);
        };
        match self.identities.lookup(&actor) {
            IdentityMatch::Learner(learner) => {
                match LearningSession::new(record_id, learner.clone(), start, duration, activity) {
                    Ok(session) => {
                        let mut session = session.with_source(self.options.source.clone());
                        if let Some(title) = title {
                            session = session.with_title(title);
                        }
                        self.sessions.push(ImportedSession {
                            session,
                            location: s.location.clone(),
                            origin,
                        });
                        Fate::Session
                    }
                    Err(error) => {
                        self.warn(
                            &NOT_A_SESSION,
                            &s.location,
                            format!("no session can be made: {error}"),
                        );
                        Fate::NoCredit(NoCreditReason::NotASession)
                    }
                }
            }
            found => {
                let ambiguous_learners: Vec<LearnerId> = match found {
                    IdentityMatch::Ambiguous(learners) => learners.into_iter().cloned().collect(),
                    _ => Vec::new(),
                };
                let message = if ambiguous_learners.is_empty() {
                    let mut message = format!(
                        "actor `{}` matches no learner in the identity mapping",
                        quote(&actor.to_string())
                    );
                    // An address that differs only in case is the likely
                    // intended row, but xAPI compares the local part exactly.
                    if let Some(mapped) = self.identities.near_miss(&actor) {
                        message.push_str(&format!(
                            "; the mapping has `{}`, which differs only in the case of the part before `@`: xAPI compares that part exactly, so write the address in the mapping as the LRS does",
                            quote(mapped)
                        ));
                    }
                    message
                } else {
                    let names: Vec<&str> =
                        ambiguous_learners.iter().map(LearnerId::as_str).collect();
                    format!(
                        "actor `{}` matches several learners ({}), so none is credited",
                        quote(&actor.to_string()),
                        names.join(", ")
                    )
                };
                self.warn(&UNKNOWN_LEARNER, &s.location, message);
                if start.checked_add_signed(duration.to_time_delta()).is_none() {
                    return Fate::NoCredit(NoCreditReason::NotASession);
                }
                self.unknown.push(UnmappedSession {
                    actor,
                    ambiguous_learners,
                    record_id,
                    start,
                    duration,
                    activity,
                    title,
                    location: s.location.clone(),
                    origin,
                });
                Fate::UnknownLearner
            }
        }
    }
}

/// Reads Video Profile `played-segments`: `start[.]end` pairs of seconds
/// joined by `[,]` (`0[.]5.3[,]6[.]12`), each as whole centiseconds
/// (digits past hundredths dropped). An unfinished last pair (`12[.]`, a
/// segment still playing) is left out. `None` when the text is not that.
fn parse_played_segments(text: &str) -> Option<Vec<(u64, u64)>> {
    let mut out = Vec::new();
    if text.is_empty() {
        return Some(out);
    }
    for pair in text.split("[,]") {
        let (from, to) = pair.split_once("[.]")?;
        if to.is_empty() {
            continue;
        }
        let (from, to) = (seconds_centis(from)?, seconds_centis(to)?);
        if to < from {
            return None;
        }
        out.push((from, to));
    }
    Some(out)
}

/// `12`, `12.5`, `0.333` seconds as centiseconds (truncated).
fn seconds_centis(text: &str) -> Option<u64> {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || !(fraction.is_empty() || digits(fraction)) {
        return None;
    }
    let mut centis = whole.parse::<u64>().ok()?.checked_mul(100)?;
    let mut scale = 10;
    for b in fraction.bytes().take(2) {
        centis = centis.checked_add(u64::from(b - b'0') * scale)?;
        scale /= 10;
    }
    Some(centis)
}

/// The length covered by the union of `segments` (sorted in place).
fn union_length(segments: &mut [(u64, u64)]) -> u64 {
    segments.sort_unstable();
    let mut total = 0u64;
    let mut current: Option<(u64, u64)> = None;
    for &(from, to) in segments.iter() {
        current = match current {
            Some((a, b)) if from <= b => Some((a, b.max(to))),
            Some((a, b)) => {
                total = total.saturating_add(b - a);
                Some((from, to))
            }
            None => Some((from, to)),
        };
    }
    if let Some((a, b)) = current {
        total = total.saturating_add(b - a);
    }
    total
}

/// The `D002` / `D003` message for a duration that cannot be credited: the
/// reason, then the fix-it hint if the parser has one (`P45M`: "did you mean
/// `PT45M` (minutes)?").
pub(crate) fn not_credited(error: &DurationError) -> String {
    let text = error.to_string();
    match text.split_once("; did you mean") {
        Some((reason, hint)) => format!("{reason}, so it is not credited; did you mean{hint}"),
        None => format!("{text}, so it is not credited"),
    }
}
