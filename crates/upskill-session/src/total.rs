//! Time-spent totals: learning time a report gives per learner and day (or
//! week), with no start instant (DOMAIN.md "Foreign inputs").
//!
//! Many LMS reports (Moodle's time-spent reports, course-completion
//! summaries) give "learner L spent 45 minutes on 3 March" rather than
//! sessions. A [`TimeTotal`] holds such a figure exactly (milliseconds).
//! Having no interval, it cannot take part in the overlap union of
//! sessions; how the engine credits it, alone and beside sessions, is
//! `upskill-policy`'s rule (docs/rules.md, "Time-spent totals").

use chrono::NaiveDate;

use crate::{ActivityKind, LearnerId, RecordId, SessionDuration, SessionError};

/// What a time total covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TotalCovers {
    /// One local day: the total's date.
    Day,
    /// One week: the week of the pledge's calendar holding the total's date
    /// (for an ISO week label, its Monday).
    Week,
}

impl TotalCovers {
    /// `day` or `week`.
    pub fn name(self) -> &'static str {
        match self {
            TotalCovers::Day => "day",
            TotalCovers::Week => "week",
        }
    }

    /// The longest total it may hold: 25 hours for a day (a local day is
    /// 25 hours long when the clocks go back), 169 hours for a week.
    pub fn max_duration(self) -> SessionDuration {
        match self {
            TotalCovers::Day => SessionDuration::from_minutes(25 * 60),
            TotalCovers::Week => SessionDuration::from_minutes(169 * 60),
        }
    }
}

/// One time-spent total: a learner's learning time on one day or in one
/// week, with no start instant.
///
/// # Example
///
/// ```
/// use chrono::NaiveDate;
/// use upskill_session::{ActivityKind, LearnerId, RecordId, SessionDuration, TimeTotal, TotalCovers};
///
/// let total = TimeTotal::new(
///     RecordId::new("t1")?,
///     LearnerId::new("e1")?,
///     NaiveDate::from_ymd_opt(2026, 3, 3).unwrap(),
///     TotalCovers::Day,
///     SessionDuration::from_minutes(45),
///     ActivityKind::ELearning,
/// )?;
/// assert_eq!(total.duration().whole_minutes(), 45);
/// // A day holds at most 25 hours.
/// assert!(TimeTotal::new(
///     RecordId::new("t2")?, LearnerId::new("e1")?,
///     NaiveDate::from_ymd_opt(2026, 3, 3).unwrap(), TotalCovers::Day,
///     SessionDuration::from_minutes(26 * 60), ActivityKind::ELearning,
/// ).is_err());
/// # Ok::<(), upskill_session::SessionError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeTotal {
    record_id: RecordId,
    learner_id: LearnerId,
    date: NaiveDate,
    covers: TotalCovers,
    duration: SessionDuration,
    activity: ActivityKind,
    source: Option<String>,
    self_reported: bool,
}

impl TimeTotal {
    /// A total of `duration` for `learner_id` on `date` (a day total) or in
    /// the week holding `date` (a week total).
    ///
    /// # Errors
    ///
    /// [`SessionError::TotalTooLong`] when `duration` is longer than the
    /// day or week can hold ([`TotalCovers::max_duration`]). A zero total
    /// is allowed: it credits nothing.
    pub fn new(
        record_id: RecordId,
        learner_id: LearnerId,
        date: NaiveDate,
        covers: TotalCovers,
        duration: SessionDuration,
        activity: ActivityKind,
    ) -> Result<TimeTotal, SessionError> {
        if duration > covers.max_duration() {
            return Err(SessionError::TotalTooLong {
                covers: covers.name(),
                duration,
            });
        }
        Ok(TimeTotal {
            record_id,
            learner_id,
            date,
            covers,
            duration,
            activity,
            source: None,
            self_reported: false,
        })
    }

    /// With the system it came from (ids are unique per source).
    pub fn with_source(mut self, source: impl Into<String>) -> TimeTotal {
        self.source = Some(source.into());
        self
    }

    /// With the self-reported flag.
    pub fn with_self_reported(mut self, self_reported: bool) -> TimeTotal {
        self.self_reported = self_reported;
        self
    }

    /// The record id.
    pub fn record_id(&self) -> &RecordId {
        &self.record_id
    }

    /// The learner.
    pub fn learner_id(&self) -> &LearnerId {
        &self.learner_id
    }

    /// The day, or a day of the week, it covers.
    pub fn date(&self) -> NaiveDate {
        self.date
    }

    /// Whether it covers a day or a week.
    pub fn covers(&self) -> TotalCovers {
        self.covers
    }

    /// The time, exact.
    pub fn duration(&self) -> SessionDuration {
        self.duration
    }

    /// The activity kind.
    pub fn activity(&self) -> ActivityKind {
        self.activity
    }

    /// The source system, if named.
    pub fn source(&self) -> Option<&str> {
        self.source.as_deref()
    }

    /// Whether the learner reported it.
    pub fn self_reported(&self) -> bool {
        self.self_reported
    }
}
