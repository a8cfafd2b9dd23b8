//! Learning sessions: what one record of learning is, and how one learner's
//! records become credited time per week.
//!
//! Most users want the facade crate `upskill`, which re-exports this
//! crate as `upskill::session`; depend on `upskill-session` directly only to keep
//! the dependency tree small.
//!
//! This crate owns:
//!
//! - [`LearningSession`]: record id, learner id, start instant (with the
//!   offset it was written with), exact duration, [`ActivityKind`], title,
//!   source, skill areas, self-reported flag. A value that exists is valid:
//!   [`LearningSession::new`] refuses a zero or implausibly long duration.
//! - [`SessionDuration`]: exact elapsed time in whole milliseconds (no floating
//!   point anywhere), able to hold xAPI's centiseconds exactly.
//! - [`normalise`]: the per-learner steps of DOMAIN.md — duplicates counted
//!   once, overlaps merged (interval union), per-session and daily caps,
//!   minimum sessions, and the split at the organisation's week boundaries.
//! - [`iso8601`]: an exact ISO 8601 duration parser (used by the readers).
//!
//! It does *not* decide which activity kinds count, nor what a week requires
//! (see `upskill-pledge` and `upskill-quota`), nor read files (see
//! `upskill-formats` and `upskill-xapi`).
//!
//! # Example
//!
//! ```
//! use chrono::DateTime;
//! use upskill_session::{ActivityKind, LearnerId, LearningSession, RecordId, SessionDuration};
//!
//! let session = LearningSession::new(
//!     RecordId::new("r-1")?,
//!     LearnerId::new("e042")?,
//!     DateTime::parse_from_rfc3339("2026-03-02T09:30:00+00:00")?,
//!     SessionDuration::from_minutes(45),
//!     ActivityKind::ELearning,
//! )?;
//! assert_eq!(session.end().to_rfc3339(), "2026-03-02T10:15:00+00:00");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::fmt;

use chrono::{DateTime, FixedOffset, TimeDelta, Utc};

pub mod decimal;
pub mod iso8601;
mod normalise;
mod normalise_audited;
#[cfg(feature = "serde")]
mod serde_impls;
mod total;

pub use normalise::{CountingLimits, Exclusion, Normalised, RecordSpan, normalise};
pub use normalise_audited::{SpanFate, SpanOutcome, normalise_audited};
#[cfg(feature = "serde")]
pub use serde_impls::{RecordError, SessionRecord, minutes_to_millis};
pub use total::{TimeTotal, TotalCovers};

/// The longest session accepted at all: 31 days. Anything longer is a data
/// error, not learning (validators warn much earlier, see `upskill-schema`).
pub const MAX_SESSION_DURATION: SessionDuration = SessionDuration {
    millis: 31 * 24 * 3_600_000,
};

/// Why every reader refuses a leap second (`23:59:60`): the engine's time
/// line counts seconds as POSIX time and chrono do, with no room for a 61st
/// second, so no instant stands for it exactly and reading it as a nearby one
/// would move the record silently. The canonical CSV and JSON readers report
/// it as `S005`, the xAPI reader as `X020`, and [`LearningSession::new`] as
/// [`SessionError::LeapSecond`].
pub const LEAP_SECOND_REFUSED: &str = "second 60 (a leap second) has no exact place on the engine's time line: write the second before it (`23:59:59.999`) or after it";

/// Whether `instant` names a leap second: chrono keeps second 60 as second
/// 59 with a nanosecond count of a second or more.
///
/// # Example
///
/// ```
/// use chrono::DateTime;
/// use upskill_session::is_leap_second;
///
/// let leap = DateTime::parse_from_rfc3339("2016-12-31T23:59:60Z")?;
/// assert!(is_leap_second(&leap));
/// assert!(!is_leap_second(&DateTime::parse_from_rfc3339("2016-12-31T23:59:59.999Z")?));
/// # Ok::<(), chrono::ParseError>(())
/// ```
pub fn is_leap_second<Tz: chrono::TimeZone>(instant: &DateTime<Tz>) -> bool {
    chrono::Timelike::nanosecond(instant) >= 1_000_000_000
}

/// The longest identifier accepted (in bytes).
pub const MAX_ID_LENGTH: usize = 256;

/// Errors from building a session or its parts.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SessionError {
    /// An identifier was empty or only white space.
    #[error("{0} is empty")]
    EmptyId(&'static str),
    /// An identifier was longer than [`MAX_ID_LENGTH`] bytes.
    #[error("{0} is longer than {MAX_ID_LENGTH} bytes")]
    IdTooLong(&'static str),
    /// An identifier held a control character.
    #[error("{0} `{1}` contains a control character")]
    IdControlCharacter(&'static str, String),
    /// The session lasts no time at all.
    #[error("the session has zero duration")]
    ZeroDuration,
    /// The session lasts longer than [`MAX_SESSION_DURATION`].
    #[error("the session lasts {0}, longer than the 31 days any session may")]
    TooLong(SessionDuration),
    /// The session would end beyond the representable range of instants.
    #[error("the session ends out of range")]
    OutOfRange,
    /// The start or end is a leap second (see [`LEAP_SECOND_REFUSED`]).
    #[error("`{0}`: {LEAP_SECOND_REFUSED}")]
    LeapSecond(String),
    /// The end instant is before the start instant.
    #[error("end `{end}` is before start `{start}`")]
    EndBeforeStart {
        /// The start as written.
        start: String,
        /// The end as written.
        end: String,
    },
    /// A time total longer than its day or week can hold.
    #[error("the {covers} total is {duration}, longer than a {covers} can hold")]
    TotalTooLong {
        /// `day` or `week`.
        covers: &'static str,
        /// The total.
        duration: SessionDuration,
    },
    /// An activity kind not in the list.
    #[error(
        "unknown activity kind `{0}`: expected one of e_learning, course, webinar, workshop, coaching, mentoring, reading, conference, on_the_job, other"
    )]
    UnknownActivity(String),
}

/// The one id-text rule every identifier in the workspace follows (learner,
/// record and organisation ids here; levels, groups, metric names and
/// document references in `upskill-people`): surrounding white space is
/// trimmed, and the rest must not be empty, must be at most
/// [`MAX_ID_LENGTH`] bytes and must hold no control character. `what` names
/// the identifier in the error (`learner id`). Returns the trimmed text.
///
/// # Errors
///
/// [`SessionError::EmptyId`], [`SessionError::IdTooLong`] or
/// [`SessionError::IdControlCharacter`].
///
/// # Example
///
/// ```
/// use upskill_session::check_id_text;
///
/// assert_eq!(check_id_text("level", "  board ")?, "board");
/// assert!(check_id_text("level", " ").is_err());
/// assert!(check_id_text("level", &"x".repeat(257)).is_err());
/// # Ok::<(), upskill_session::SessionError>(())
/// ```
pub fn check_id_text(kind: &'static str, text: &str) -> Result<String, SessionError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(SessionError::EmptyId(kind));
    }
    if text.len() > MAX_ID_LENGTH {
        return Err(SessionError::IdTooLong(kind));
    }
    if text.chars().any(char::is_control) {
        return Err(SessionError::IdControlCharacter(
            kind,
            text.escape_debug().to_string(),
        ));
    }
    Ok(text.to_string())
}

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident, $what:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
        #[cfg_attr(feature = "serde", serde(try_from = "String", into = "String"))]
        pub struct $name(String);

        #[cfg(feature = "schemars")]
        impl schemars::JsonSchema for $name {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }

            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                schemars::json_schema!({
                    "type": "string",
                    "minLength": 1,
                    "maxLength": MAX_ID_LENGTH,
                    "pattern": "\\S",
                    "description": concat!("A ", $what, ": not empty, at most 256 bytes, no control characters; surrounding white space is trimmed.")
                })
            }
        }

        impl $name {
            /// Checks and wraps an identifier: surrounding white space is
            /// trimmed; empty, over-long or control-character ids are refused.
            ///
            /// # Errors
            ///
            /// [`SessionError::EmptyId`], [`SessionError::IdTooLong`] or
            /// [`SessionError::IdControlCharacter`].
            pub fn new(text: &str) -> Result<Self, SessionError> {
                check_id_text($what, text).map($name)
            }

            /// The identifier as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl TryFrom<String> for $name {
            type Error = SessionError;
            fn try_from(text: String) -> Result<Self, SessionError> {
                $name::new(&text)
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0
            }
        }
    };
}

id_type!(
    /// Identifies a learner across roster, leave and sessions (an employee number, say).
    LearnerId,
    "learner id"
);
id_type!(
    /// Identifies one learning record in its source system.
    RecordId,
    "record id"
);
id_type!(
    /// Identifies an organisation: its pledge's `organisation.id` (`acme`),
    /// which a People-principle scorecard carries too.
    OrganisationId,
    "organisation id"
);

/// What kind of learning a session was. Written in snake_case (`e_learning`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub enum ActivityKind {
    /// Structured e-learning: a module, a course on a learning platform.
    ELearning,
    /// A taught course, in person or live online.
    Course,
    /// A webinar.
    Webinar,
    /// A workshop.
    Workshop,
    /// Coaching.
    Coaching,
    /// Mentoring.
    Mentoring,
    /// Structured reading (a book, a paper, documentation).
    Reading,
    /// A conference or its talks.
    Conference,
    /// Structured learning while doing the job.
    OnTheJob,
    /// Anything else.
    Other,
}

impl ActivityKind {
    /// All kinds, in a fixed order.
    pub const ALL: [ActivityKind; 10] = [
        ActivityKind::ELearning,
        ActivityKind::Course,
        ActivityKind::Webinar,
        ActivityKind::Workshop,
        ActivityKind::Coaching,
        ActivityKind::Mentoring,
        ActivityKind::Reading,
        ActivityKind::Conference,
        ActivityKind::OnTheJob,
        ActivityKind::Other,
    ];

    /// The snake_case name used in every format.
    pub fn name(self) -> &'static str {
        match self {
            ActivityKind::ELearning => "e_learning",
            ActivityKind::Course => "course",
            ActivityKind::Webinar => "webinar",
            ActivityKind::Workshop => "workshop",
            ActivityKind::Coaching => "coaching",
            ActivityKind::Mentoring => "mentoring",
            ActivityKind::Reading => "reading",
            ActivityKind::Conference => "conference",
            ActivityKind::OnTheJob => "on_the_job",
            ActivityKind::Other => "other",
        }
    }

    /// Reads a kind by its snake_case name; `-` and spaces are read as `_`
    /// and case is ignored, so `E-Learning` and `on the job` are accepted.
    ///
    /// # Errors
    ///
    /// [`SessionError::UnknownActivity`] for any other text.
    pub fn parse(text: &str) -> Result<ActivityKind, SessionError> {
        let folded: String = text
            .trim()
            .chars()
            .map(|c| {
                if c == '-' || c == ' ' {
                    '_'
                } else {
                    c.to_ascii_lowercase()
                }
            })
            .collect();
        let folded = if folded == "elearning" {
            "e_learning".to_string()
        } else {
            folded
        };
        ActivityKind::ALL
            .into_iter()
            .find(|k| k.name() == folded)
            .ok_or_else(|| SessionError::UnknownActivity(text.to_string()))
    }
}

impl fmt::Display for ActivityKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// An exact, non-negative elapsed time in whole milliseconds.
///
/// Milliseconds hold xAPI's centiseconds and SCORM's hundredths exactly, and
/// integer arithmetic keeps every sum exact (no floating point anywhere).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct SessionDuration {
    millis: u64,
}

impl SessionDuration {
    /// No time.
    pub const ZERO: SessionDuration = SessionDuration { millis: 0 };

    /// From milliseconds.
    pub const fn from_millis(millis: u64) -> SessionDuration {
        SessionDuration { millis }
    }

    /// From centiseconds (hundredths of a second).
    pub const fn from_centiseconds(centis: u64) -> SessionDuration {
        SessionDuration {
            millis: centis.saturating_mul(10),
        }
    }

    /// From whole seconds.
    pub const fn from_seconds(seconds: u64) -> SessionDuration {
        SessionDuration {
            millis: seconds.saturating_mul(1000),
        }
    }

    /// From whole minutes.
    pub const fn from_minutes(minutes: u64) -> SessionDuration {
        SessionDuration {
            millis: minutes.saturating_mul(60_000),
        }
    }

    /// The duration in milliseconds.
    pub const fn as_millis(self) -> u64 {
        self.millis
    }

    /// Whole minutes, rounded down.
    pub const fn whole_minutes(self) -> u64 {
        self.millis / 60_000
    }

    /// The same duration as a chrono delta (saturating at its range).
    pub fn to_time_delta(self) -> TimeDelta {
        TimeDelta::try_milliseconds(i64::try_from(self.millis).unwrap_or(i64::MAX))
            .unwrap_or(TimeDelta::MAX)
    }
}

impl fmt::Display for SessionDuration {
    /// `1h 30m`, `45m`, `12.5s`: for messages, not for data files.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let total_seconds = self.millis / 1000;
        let (h, m, s, ms) = (
            total_seconds / 3600,
            total_seconds / 60 % 60,
            total_seconds % 60,
            self.millis % 1000,
        );
        let mut parts = Vec::new();
        if h > 0 {
            parts.push(format!("{h}h"));
        }
        if m > 0 {
            parts.push(format!("{m}m"));
        }
        if s > 0 || ms > 0 || parts.is_empty() {
            if ms > 0 {
                let fraction = format!("{ms:03}");
                parts.push(format!("{s}.{}s", fraction.trim_end_matches('0')));
            } else {
                parts.push(format!("{s}s"));
            }
        }
        f.write_str(&parts.join(" "))
    }
}

/// One record of learning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LearningSession {
    record_id: RecordId,
    learner_id: LearnerId,
    start: DateTime<FixedOffset>,
    duration: SessionDuration,
    activity: ActivityKind,
    title: Option<String>,
    source: Option<String>,
    skill_areas: Vec<String>,
    self_reported: bool,
}

impl LearningSession {
    /// A session starting at `start` (an instant with the offset it was
    /// written with) and lasting `duration` of real elapsed time.
    ///
    /// # Errors
    ///
    /// [`SessionError::ZeroDuration`], [`SessionError::TooLong`] (over
    /// [`MAX_SESSION_DURATION`]), [`SessionError::OutOfRange`] or
    /// [`SessionError::LeapSecond`] (a start at second 60).
    pub fn new(
        record_id: RecordId,
        learner_id: LearnerId,
        start: DateTime<FixedOffset>,
        duration: SessionDuration,
        activity: ActivityKind,
    ) -> Result<LearningSession, SessionError> {
        if is_leap_second(&start) {
            return Err(SessionError::LeapSecond(start.to_rfc3339()));
        }
        if duration == SessionDuration::ZERO {
            return Err(SessionError::ZeroDuration);
        }
        if duration > MAX_SESSION_DURATION {
            return Err(SessionError::TooLong(duration));
        }
        start
            .checked_add_signed(duration.to_time_delta())
            .ok_or(SessionError::OutOfRange)?;
        Ok(LearningSession {
            record_id,
            learner_id,
            start,
            duration,
            activity,
            title: None,
            source: None,
            skill_areas: Vec::new(),
            self_reported: false,
        })
    }

    /// A session from its start and end instants.
    ///
    /// # Errors
    ///
    /// [`SessionError::EndBeforeStart`], [`SessionError::LeapSecond`] (an
    /// end at second 60), and as [`LearningSession::new`].
    pub fn from_start_end(
        record_id: RecordId,
        learner_id: LearnerId,
        start: DateTime<FixedOffset>,
        end: DateTime<FixedOffset>,
        activity: ActivityKind,
    ) -> Result<LearningSession, SessionError> {
        if is_leap_second(&end) {
            return Err(SessionError::LeapSecond(end.to_rfc3339()));
        }
        let millis = (end - start).num_milliseconds();
        let millis = u64::try_from(millis).map_err(|_| SessionError::EndBeforeStart {
            start: start.to_rfc3339(),
            end: end.to_rfc3339(),
        })?;
        LearningSession::new(
            record_id,
            learner_id,
            start,
            SessionDuration::from_millis(millis),
            activity,
        )
    }

    /// The same session with a title.
    pub fn with_title(mut self, title: impl Into<String>) -> LearningSession {
        self.title = Some(title.into());
        self
    }

    /// The same session with a source system name.
    pub fn with_source(mut self, source: impl Into<String>) -> LearningSession {
        self.source = Some(source.into());
        self
    }

    /// The same session with skill areas (`creative`, `data`, `digital`, ...).
    pub fn with_skill_areas(mut self, areas: impl IntoIterator<Item = String>) -> LearningSession {
        self.skill_areas = areas.into_iter().collect();
        self
    }

    /// The same session marked as self-reported (or not).
    pub fn with_self_reported(mut self, self_reported: bool) -> LearningSession {
        self.self_reported = self_reported;
        self
    }

    /// The record's id.
    pub fn record_id(&self) -> &RecordId {
        &self.record_id
    }

    /// The learner's id.
    pub fn learner_id(&self) -> &LearnerId {
        &self.learner_id
    }

    /// The start, with the offset it was written with.
    pub fn start(&self) -> DateTime<FixedOffset> {
        self.start
    }

    /// The start as a UTC instant.
    pub fn start_utc(&self) -> DateTime<Utc> {
        self.start.with_timezone(&Utc)
    }

    /// The end: start plus duration, with the start's offset.
    pub fn end(&self) -> DateTime<FixedOffset> {
        // INVARIANT: `new` checked that this addition is in range.
        self.start
            .checked_add_signed(self.duration.to_time_delta())
            .unwrap_or(self.start)
    }

    /// The exact duration.
    pub fn duration(&self) -> SessionDuration {
        self.duration
    }

    /// The activity kind.
    pub fn activity(&self) -> ActivityKind {
        self.activity
    }

    /// The title, if any.
    pub fn title(&self) -> Option<&str> {
        self.title.as_deref()
    }

    /// The source system, if any.
    pub fn source(&self) -> Option<&str> {
        self.source.as_deref()
    }

    /// The skill areas.
    pub fn skill_areas(&self) -> &[String] {
        &self.skill_areas
    }

    /// Whether the learner reported the session themselves.
    pub fn self_reported(&self) -> bool {
        self.self_reported
    }

    /// The compact span the engine keeps of this session: an id key and the
    /// exact interval in UTC milliseconds.
    pub fn span(&self) -> RecordSpan {
        self.borrowed().span()
    }

    /// What the engine reads of this session, borrowed (see [`SessionRef`]).
    pub fn borrowed(&self) -> SessionRef<'_> {
        SessionRef {
            record_id: self.record_id.as_str(),
            learner_id: self.learner_id.as_str(),
            source: self.source.as_deref(),
            start: self.start,
            duration: self.duration,
            activity: self.activity,
            self_reported: self.self_reported,
        }
    }
}

/// The facts of a session the engine judges by, borrowed from wherever they
/// were read (a [`LearningSession`], or a CSV row's cells): no allocation
/// per record.
///
/// It holds values already checked as [`LearningSession::new`] checks them
/// (ids as [`check_id_text`] accepts them, a duration above zero and at most
/// [`MAX_SESSION_DURATION`], a start that is no leap second, an end in
/// range); a reader builds one only from such values, and
/// [`LearningSession::borrowed`] gives one for any session. Title and skill
/// areas are left out: no rule of judgement reads them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionRef<'a> {
    /// The record id (trimmed, 1 to [`MAX_ID_LENGTH`] bytes, no control character).
    pub record_id: &'a str,
    /// The learner id (as `record_id`).
    pub learner_id: &'a str,
    /// The source system, if given (part of the record's identity, see [`record_key`]).
    pub source: Option<&'a str>,
    /// The start, with the offset it was written with.
    pub start: DateTime<FixedOffset>,
    /// The exact duration.
    pub duration: SessionDuration,
    /// The activity kind.
    pub activity: ActivityKind,
    /// Whether the learner reported the session themselves.
    pub self_reported: bool,
}

impl SessionRef<'_> {
    /// The compact span the engine keeps: an id key and the exact interval
    /// in UTC milliseconds (as [`LearningSession::span`]).
    pub fn span(&self) -> RecordSpan {
        let start_ms = self.start.timestamp_millis();
        RecordSpan {
            id_key: record_key(self.source, self.record_id),
            start_ms,
            end_ms: start_ms
                .saturating_add(i64::try_from(self.duration.as_millis()).unwrap_or(i64::MAX)),
            excluded: None,
        }
    }
}

/// A stable 64-bit key of a record id (FNV-1a): the engine keeps this rather
/// than the id itself, so memory does not grow with id lengths. A collision
/// can only make two records count as one id, which at 64 bits is vanishingly
/// unlikely (about n²/2^65 for n distinct ids: 3 in a million at 10 million
/// ids); it never affects which record is kept.
pub fn id_key(id: &str) -> u64 {
    fnv(FNV_OFFSET, id.as_bytes())
}

/// The key of a record id within its source system (DOMAIN.md: "Record ids
/// identify a record within its source system"): `(source, record_id)`, so
/// the same id from two systems is two records. Without a source it is
/// [`id_key`] of the id.
///
/// # Example
///
/// ```
/// use upskill_session::{id_key, record_key};
///
/// assert_eq!(record_key(None, "r1"), id_key("r1"));
/// assert_ne!(record_key(Some("lms-a"), "r1"), record_key(Some("lms-b"), "r1"));
/// ```
pub fn record_key(source: Option<&str>, id: &str) -> u64 {
    match source {
        None => id_key(id),
        // 0xFF never occurs in UTF-8, so `("a", "bc")` and `("ab", "c")` differ.
        Some(source) => fnv(
            fnv(fnv(FNV_OFFSET, source.as_bytes()), &[0xFF]),
            id.as_bytes(),
        ),
    }
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

fn fnv(hash: u64, bytes: &[u8]) -> u64 {
    bytes.iter().fold(hash, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests;
