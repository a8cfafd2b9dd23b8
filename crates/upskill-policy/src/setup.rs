//! Everything fixed for one assessment, decided once before any record is
//! read: the period and its week grid, the pledge version in force in each
//! week (docs/rules.md, "Pledge versions") and that version's counting
//! limits, the roster's learner indices, and the report options.

use chrono::{DateTime, Utc};
use upskill_calendar::{Week, WeekGrid};
use upskill_pledge::Pledge;
use upskill_quota::{Leave, Roster};
use upskill_session::{CountingLimits, LearnerId};

use crate::disclosure::{Detail, TeamDisclosure};
use crate::learner_ids::LearnerIndex;
use crate::spans::Packing;

/// Longest period the engine judges: 520 weeks (ten years).
pub const MAX_PERIOD_WEEKS: usize = 520;

/// Errors setting up an assessment.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AssessError {
    /// The period's last week is before its first.
    #[error("the period ends (`{last}`) before it starts (`{first}`)")]
    PeriodInverted {
        /// First week.
        first: Week,
        /// Last week.
        last: Week,
    },
    /// A period week does not start on the calendar's week start.
    #[error("week `{0}` does not start on the organisation's week start")]
    WrongWeekStart(Week),
    /// The period is longer than [`MAX_PERIOD_WEEKS`].
    #[error("the period has {0} weeks: at most {max} are judged at once", max = MAX_PERIOD_WEEKS)]
    PeriodTooLong(usize),
    /// Calendar arithmetic failed (dates outside 0001-9999).
    #[error(transparent)]
    Calendar(#[from] upskill_calendar::CalendarError),
}

/// The first and last week judged (both included).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    first: Week,
    last: Week,
}

impl Period {
    /// A period from `first` to `last`.
    ///
    /// # Errors
    ///
    /// [`AssessError::PeriodInverted`] when `last` is before `first`.
    pub fn new(first: Week, last: Week) -> Result<Period, AssessError> {
        if last < first {
            return Err(AssessError::PeriodInverted { first, last });
        }
        Ok(Period { first, last })
    }

    /// The first week.
    pub fn first(&self) -> Week {
        self.first
    }

    /// The last week.
    pub fn last(&self) -> Week {
        self.last
    }
}

/// Knobs of the report that are not part of the pledge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Teams with fewer learners than this are folded into `other` (default 5).
    pub team_min_learners: u64,
    /// Most rejections listed in the ledger (default 1000); the rest are counted.
    pub rejections_listed: usize,
    /// Most unknown learner ids listed (default 100); the rest are counted.
    pub unknown_learners_listed: usize,
    /// Most records one roster learner may have in one partial state
    /// (default [`DEFAULT_MAX_RECORDS_PER_LEARNER`]): each record past it is
    /// rejected with code `A002` ([`codes::RECORD_LIMIT`](crate::codes::RECORD_LIMIT)),
    /// so it keeps a ledger fate, and no learner can take unbounded memory
    /// (each kept record costs 24 bytes). Every record of a roster learner
    /// counts, in the order the partial state reads them.
    ///
    /// Merged partial states add their counts: a merged state may exceed
    /// the limit ([`Assessor::record_limit_exceeded`](crate::Assessor::record_limit_exceeded)),
    /// and a caller that wants the limit applied in reading order (the
    /// dataset pipeline does) then reads that input again in one state.
    pub max_records_per_learner: u64,
    /// How the team table protects small groups (default: counts rounded to
    /// a base of 5, rates from rounded counts; see [`TeamDisclosure`]).
    pub team_disclosure: TeamDisclosure,
    /// How much per-learner detail the report holds (default: all of it;
    /// [`Detail::Teams`] or [`Detail::None`] for a report to share).
    pub detail: Detail,
    /// Keep a per-record audit ledger ([`AuditRow`](crate::AuditRow)s, from
    /// [`Assessor::finish_audited`](crate::Assessor::finish_audited); default
    /// off). It costs each record read a row (its location and ids), so
    /// memory then grows with the records.
    pub audit: bool,
    /// Keep each learner's weekly rows ([`LearnerResult::weeks`](crate::LearnerResult::weeks))
    /// under [`Detail::Learners`] (default on). A caller that reads only the
    /// learners' totals (the text report's learners most behind) turns it
    /// off: at 10^7 records (176,750 learners x 52 weeks) the rows are some
    /// 9.2 million learner-weeks, about 350 MiB. Every other figure of the
    /// assessment is the same either way.
    pub learner_weeks: bool,
}

/// Default of [`Options::max_records_per_learner`].
pub const DEFAULT_MAX_RECORDS_PER_LEARNER: u64 = 100_000;

impl Default for Options {
    fn default() -> Self {
        Options {
            team_min_learners: 5,
            rejections_listed: 1000,
            unknown_learners_listed: 100,
            max_records_per_learner: DEFAULT_MAX_RECORDS_PER_LEARNER,
            team_disclosure: TeamDisclosure::default(),
            detail: Detail::Learners,
            audit: false,
            learner_weeks: true,
        }
    }
}

/// Everything fixed for one assessment: shared (read-only) by every partial state.
#[derive(Debug)]
pub(crate) struct Context {
    pub(crate) pledge: Pledge,
    pub(crate) roster: Roster,
    pub(crate) leave: Leave,
    pub(crate) period: Period,
    pub(crate) grid: WeekGrid,
    pub(crate) as_of: DateTime<Utc>,
    pub(crate) as_of_ms: i64,
    pub(crate) options: Options,
    /// Roster learners in id order; a learner's index is its place here.
    pub(crate) learners: Vec<LearnerId>,
    /// Learner index by id (`learner_ids`: built for one lookup per record).
    pub(crate) learner_index: LearnerIndex,
    /// Index of the pledge version in force in each grid week.
    pub(crate) week_versions: Vec<usize>,
    /// Counting limits of each grid week.
    pub(crate) limits: Vec<CountingLimits>,
    /// How the kept intervals are packed (offsets from before the period's start).
    pub(crate) packing: Packing,
    /// The set-up fingerprint of serialised states, computed when first
    /// needed (`wire::fingerprint`).
    pub(crate) fingerprint: std::sync::OnceLock<[u8; 32]>,
}

impl Context {
    /// Checks the period against the pledge's calendar and fixes, per week,
    /// the version in force and its counting limits.
    ///
    /// # Errors
    ///
    /// [`AssessError`] when the period's weeks do not fit the pledge's
    /// calendar, or the period is longer than [`MAX_PERIOD_WEEKS`].
    pub(crate) fn new(
        pledge: Pledge,
        roster: Roster,
        leave: Leave,
        period: Period,
        as_of: DateTime<Utc>,
        options: Options,
    ) -> Result<Context, AssessError> {
        let calendar = pledge.calendar();
        for week in [period.first, period.last] {
            if week.start_day() != calendar.week_start() {
                return Err(AssessError::WrongWeekStart(week));
            }
        }
        let weeks = period.first.weeks_until(period.last) + 1;
        if weeks > MAX_PERIOD_WEEKS as i64 {
            return Err(AssessError::PeriodTooLong(
                usize::try_from(weeks).unwrap_or(usize::MAX),
            ));
        }
        let grid = calendar.grid(period.first, period.last)?;
        let week_versions: Vec<usize> = grid
            .weeks()
            .iter()
            .map(|week| version_index(&pledge, *week))
            .collect();
        let limits = week_versions
            .iter()
            .map(|i| {
                let counting = pledge
                    .versions()
                    .get(*i)
                    .map(|v| v.counting.clone())
                    .unwrap_or_default();
                let minutes =
                    |m: Option<std::num::NonZeroU32>| m.map(|m| u64::from(m.get()) * 60_000);
                CountingLimits {
                    per_session_cap_ms: minutes(counting.per_session_cap_minutes),
                    daily_cap_ms: minutes(counting.daily_cap_minutes),
                    min_session_ms: minutes(counting.minimum_session_minutes),
                }
            })
            .collect();
        let learners: Vec<LearnerId> = roster.learners().map(|l| l.id().clone()).collect();
        let learner_index = LearnerIndex::new(learners.iter().map(LearnerId::as_str));
        let packing = Packing::new(grid.start_ms());
        Ok(Context {
            pledge,
            roster,
            leave,
            period,
            grid,
            as_of,
            as_of_ms: as_of.timestamp_millis(),
            options,
            learners,
            learner_index,
            week_versions,
            limits,
            packing,
            fingerprint: std::sync::OnceLock::new(),
        })
    }

    /// The index of a roster learner, by id.
    #[inline]
    pub(crate) fn learner(&self, id: &str) -> Option<usize> {
        self.learner_index.get(id)
    }

    /// The set-up fingerprint (see `wire`), computed once.
    pub(crate) fn fingerprint(&self) -> [u8; 32] {
        *self
            .fingerprint
            .get_or_init(|| crate::wire::fingerprint(self))
    }
}

fn version_index(pledge: &Pledge, week: Week) -> usize {
    pledge
        .versions()
        .iter()
        .enumerate()
        .rev()
        .find(|(_, v)| v.effective_from.is_none_or(|from| from <= week))
        .map_or(0, |(i, _)| i)
}
