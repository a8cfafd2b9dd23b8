//! The streaming, mergeable assessor.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use upskill_calendar::{Week, WeekGrid};
use upskill_pledge::Pledge;
use upskill_quota::{Leave, Roster};
use upskill_session::{CountingLimits, Exclusion, LearnerId, LearningSession, RecordSpan};

use upskill_diagnostics::Location;

use crate::assessment::{Assessment, FateDetail, Fates, Rejection};
use crate::codes;
use crate::judge;

/// Longest period the engine judges: 520 weeks (ten years).
pub const MAX_PERIOD_WEEKS: usize = 520;

/// Default of [`Options::max_records_per_learner`].
pub const DEFAULT_MAX_RECORDS_PER_LEARNER: u64 = 100_000;

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

/// Errors merging two partial assessments.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum MergeError {
    /// The two partial states were set up for different organisations,
    /// rosters, periods or `as_of` instants.
    #[error("cannot merge partial assessments of different set-ups")]
    DifferentSetUp,
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

/// A record that was read and is valid, but that an importer already found
/// to earn nothing of its own (it never becomes a session).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum UncreditedRecord {
    /// Repeats a record already read (same id, same content).
    Duplicate,
    /// Shares its id with a record of different content.
    ConflictingDuplicate,
    /// Voided by another record, or voiding one.
    Voided,
    /// Carries no creditable time of its own.
    NoTimeOfItsOwn,
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
    /// rejected with code `A002` ([`codes::RECORD_LIMIT`]), so it keeps a
    /// ledger fate, and no learner can take unbounded memory (each kept
    /// record costs 24 bytes). Every record of a roster learner counts,
    /// in the order the partial state reads them.
    ///
    /// Merged partial states add their counts: a merged state may exceed
    /// the limit ([`Assessor::record_limit_exceeded`]), and a caller that
    /// wants the limit applied in reading order (the dataset pipeline does)
    /// then reads that input again in one state.
    pub max_records_per_learner: u64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            team_min_learners: 5,
            rejections_listed: 1000,
            unknown_learners_listed: 100,
            max_records_per_learner: DEFAULT_MAX_RECORDS_PER_LEARNER,
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
    learner_index: HashMap<String, usize>,
    /// Index of the pledge version in force in each grid week.
    pub(crate) week_versions: Vec<usize>,
    /// Counting limits of each grid week.
    pub(crate) limits: Vec<CountingLimits>,
}

/// Partial state: grows with learners and with their creditable records'
/// intervals (24 bytes each), never with a copy of the records.
#[derive(Debug, Clone, Default)]
pub(crate) struct State {
    pub(crate) records_read: u64,
    pub(crate) fates: Fates,
    pub(crate) detail: FateDetail,
    /// Creditable record intervals per learner index.
    pub(crate) spans: Vec<Vec<RecordSpan>>,
    /// Records read per learner index (for [`Options::max_records_per_learner`]).
    pub(crate) records_per_learner: Vec<u64>,
    pub(crate) rejections: Vec<Rejection>,
    pub(crate) rejections_not_listed: u64,
    pub(crate) unknown: BTreeMap<String, u64>,
    pub(crate) unknown_records_not_listed: u64,
}

/// Judges one organisation over one period, one record at a time.
///
/// Records may come in any order. Slices of the records can be assessed by
/// separate assessors ([`Assessor::fork`]) and combined with
/// [`Assessor::merge`]: the result equals assessing them all in one.
///
/// # Example
///
/// ```
/// use chrono::{DateTime, Utc};
/// use upskill_calendar::{Calendar, DayOfWeek};
/// use upskill_policy::{Assessor, Period, Verdict};
/// use upskill_pledge::{Organisation, Pledge, PledgeVersion};
/// use upskill_quota::{Leave, Learner, Roster, Workload};
/// use upskill_session::{ActivityKind, LearnerId, LearningSession, RecordId, SessionDuration};
///
/// let calendar = Calendar::from_zone_name("Europe/London", DayOfWeek::Monday)?;
/// let pledge = Pledge::new(Organisation::new("acme", "Acme Ltd")?, calendar.clone(), vec![PledgeVersion::default()])?;
/// let roster = Roster::new([Learner::new(LearnerId::new("e1")?, Workload::default())?])?;
/// let period = Period::new(calendar.parse_week("2026-W10")?, calendar.parse_week("2026-W11")?)?;
/// let as_of: DateTime<Utc> = "2026-04-01T00:00:00Z".parse()?;
/// let mut assessor = Assessor::new(pledge, roster, Leave::default(), period, as_of)?;
/// for (id, start) in [("r1", "2026-03-03T12:00:00+00:00"), ("r2", "2026-03-10T12:00:00+00:00")] {
///     let session = LearningSession::new(
///         RecordId::new(id)?, LearnerId::new("e1")?, DateTime::parse_from_rfc3339(start)?,
///         SessionDuration::from_minutes(60), ActivityKind::ELearning)?;
///     assessor.ingest(&session);
/// }
/// let assessment = assessor.finish();
/// assert_eq!(assessment.verdict, Verdict::Met);
/// assert_eq!(assessment.metrics.met_learner_weeks, 2);
/// assert_eq!(assessment.ledger.fates.credited, 2);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct Assessor {
    ctx: Arc<Context>,
    state: State,
}

impl Assessor {
    /// Sets up an assessment of `pledge`'s organisation over `period`, judged at `as_of`.
    ///
    /// # Errors
    ///
    /// [`AssessError`] when the period's weeks do not fit the pledge's
    /// calendar, the period is inverted or longer than [`MAX_PERIOD_WEEKS`].
    pub fn new(
        pledge: Pledge,
        roster: Roster,
        leave: Leave,
        period: Period,
        as_of: DateTime<Utc>,
    ) -> Result<Assessor, AssessError> {
        Assessor::with_options(pledge, roster, leave, period, as_of, Options::default())
    }

    /// Like [`Assessor::new`], with report options.
    ///
    /// # Errors
    ///
    /// As [`Assessor::new`].
    pub fn with_options(
        pledge: Pledge,
        roster: Roster,
        leave: Leave,
        period: Period,
        as_of: DateTime<Utc>,
        options: Options,
    ) -> Result<Assessor, AssessError> {
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
        let learner_index = learners
            .iter()
            .enumerate()
            .map(|(i, id)| (id.as_str().to_string(), i))
            .collect();
        let state = State {
            spans: vec![Vec::new(); learners.len()],
            records_per_learner: vec![0; learners.len()],
            ..State::default()
        };
        Ok(Assessor {
            ctx: Arc::new(Context {
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
            }),
            state,
        })
    }

    /// An assessor with the same set-up and no records yet: give it a slice
    /// of the records (on another thread, say) and [`merge`](Assessor::merge) it back.
    pub fn fork(&self) -> Assessor {
        Assessor {
            ctx: Arc::clone(&self.ctx),
            state: State {
                spans: vec![Vec::new(); self.ctx.learners.len()],
                records_per_learner: vec![0; self.ctx.learners.len()],
                ..State::default()
            },
        }
    }

    /// Records read so far.
    pub fn records_read(&self) -> u64 {
        self.state.records_read
    }

    /// Feeds one parsed record.
    pub fn ingest(&mut self, session: &LearningSession) {
        self.ingest_at(session, None);
    }

    /// Feeds one parsed record, naming where it was read (for rejections;
    /// without one a rejection names the record id).
    pub fn ingest_at(&mut self, session: &LearningSession, location: Option<&Location>) {
        let ctx = &self.ctx;
        let state = &mut self.state;
        state.records_read += 1;
        let Some(&index) = ctx.learner_index.get(session.learner_id().as_str()) else {
            count_unknown(state, ctx, session.learner_id().as_str());
            return;
        };
        let where_ = || {
            location
                .cloned()
                .unwrap_or_else(|| Location::file(format!("record `{}`", session.record_id())))
        };
        if let Some(count) = state.records_per_learner.get_mut(index) {
            if *count >= ctx.options.max_records_per_learner {
                let max = ctx.options.max_records_per_learner;
                push_rejection(
                    state,
                    ctx.options.rejections_listed,
                    Rejection::new(
                        &codes::RECORD_LIMIT,
                        where_(),
                        format!(
                            "learner `{}` has more than {max} records in this evaluation, the most one learner may have; this record is not assessed",
                            session.learner_id(),
                        ),
                    ),
                );
                return;
            }
            *count += 1;
        }
        let mut span = session.span();
        if span.start_ms > ctx.as_of_ms {
            push_rejection(
                state,
                ctx.options.rejections_listed,
                Rejection::new(
                    &codes::FUTURE_RECORD,
                    where_(),
                    format!(
                        "the session starts at `{}`, after the assessment's as-of instant `{}`",
                        session.start().to_rfc3339(),
                        ctx.as_of.to_rfc3339()
                    ),
                ),
            );
            return;
        }
        if span.end_ms > ctx.as_of_ms {
            span.end_ms = ctx.as_of_ms;
            state.detail.clipped_to_as_of += 1;
        }
        if span.end_ms <= ctx.grid.start_ms() || span.start_ms >= ctx.grid.end_ms() {
            state.fates.outside_period += 1;
            return;
        }
        let week = if span.start_ms < ctx.grid.start_ms() {
            Some(0)
        } else {
            ctx.grid.index_of_ms(span.start_ms)
        };
        let version = week
            .and_then(|w| ctx.week_versions.get(w))
            .and_then(|v| ctx.pledge.versions().get(*v));
        // Exclusions are decided now (by the version in force where the record
        // starts) but applied after duplicates are resolved, as DOMAIN.md orders.
        if let Some(version) = version {
            if !version.counting.is_creditable(session.activity()) {
                span.excluded = Some(Exclusion::ActivityKind);
            } else if session.self_reported() && !version.counting.count_self_reported {
                span.excluded = Some(Exclusion::SelfReported);
            }
        }
        if let Some(spans) = state.spans.get_mut(index) {
            spans.push(span);
        }
    }

    /// Counts a record that was read and is valid but whose learner is not
    /// on the roster (an xAPI actor the identity map does not know, say):
    /// its fate is `unknown_learner`, and `learner` is listed (up to
    /// [`Options::unknown_learners_listed`]) as the input wrote it.
    ///
    /// [`Assessor::ingest`] does the same for a session whose learner id is
    /// not on the roster; this is for records that never become a session.
    pub fn record_unknown_learner(&mut self, learner: &str) {
        self.state.records_read += 1;
        count_unknown(&mut self.state, &self.ctx, learner);
    }

    /// Whether a learner has more records than
    /// [`Options::max_records_per_learner`] in this state: possible only
    /// after [`merge`](Assessor::merge), since each partial state rejects
    /// the records past the limit as it reads them.
    pub fn record_limit_exceeded(&self) -> bool {
        let max = self.ctx.options.max_records_per_learner;
        self.state.records_per_learner.iter().any(|n| *n > max)
    }

    /// Whether merging `other` into this state would give a learner more
    /// records than [`Options::max_records_per_learner`] (see
    /// [`Assessor::record_limit_exceeded`]); `false` for states of other set-ups.
    pub fn record_limit_exceeded_with(&self, other: &Assessor) -> bool {
        let max = self.ctx.options.max_records_per_learner;
        self.state
            .records_per_learner
            .iter()
            .zip(&other.state.records_per_learner)
            .any(|(a, b)| a.saturating_add(*b) > max)
    }

    /// Counts a record an importer has already judged to earn nothing (an
    /// xAPI duplicate, a voided statement, a cmi5 `completed` whose time its
    /// `terminated` statement carries): it gets its fate in the ledger, so
    /// `records_read` still counts every record read.
    pub fn record_uncredited(&mut self, record: UncreditedRecord) {
        let state = &mut self.state;
        state.records_read += 1;
        match record {
            UncreditedRecord::Duplicate => {
                state.fates.duplicate += 1;
                state.detail.duplicate_ids += 1;
            }
            UncreditedRecord::ConflictingDuplicate => {
                state.fates.duplicate += 1;
                state.detail.conflicting_ids += 1;
            }
            UncreditedRecord::Voided => {
                state.fates.not_creditable += 1;
                state.detail.voided += 1;
            }
            UncreditedRecord::NoTimeOfItsOwn => {
                state.fates.not_creditable += 1;
                state.detail.no_time_of_its_own += 1;
            }
        }
    }

    /// Records a record that could not be read or used: it is counted as
    /// `rejected` and listed (up to the listing cap) with its location.
    pub fn reject(&mut self, rejection: Rejection) {
        self.state.records_read += 1;
        push_rejection(
            &mut self.state,
            self.ctx.options.rejections_listed,
            rejection,
        );
    }

    /// Combines two partial assessments of disjoint slices of the records.
    ///
    /// Merging is associative and commutative: any partition of the records,
    /// merged in any order, finishes to the same assessment.
    ///
    /// # Errors
    ///
    /// [`MergeError::DifferentSetUp`] unless both come from the same
    /// [`Assessor::new`] (directly or through [`Assessor::fork`]).
    pub fn merge(mut self, other: Assessor) -> Result<Assessor, MergeError> {
        if !Arc::ptr_eq(&self.ctx, &other.ctx) {
            return Err(MergeError::DifferentSetUp);
        }
        let options = self.ctx.options;
        let (a, b) = (&mut self.state, other.state);
        a.records_read += b.records_read;
        add_fates(&mut a.fates, &b.fates);
        add_detail(&mut a.detail, &b.detail);
        for (mine, theirs) in a.spans.iter_mut().zip(b.spans) {
            mine.extend(theirs);
        }
        for (mine, theirs) in a.records_per_learner.iter_mut().zip(b.records_per_learner) {
            *mine += theirs;
        }
        a.rejections.extend(b.rejections);
        a.rejections_not_listed += b.rejections_not_listed;
        trim_rejections(a, options.rejections_listed);
        a.unknown_records_not_listed += b.unknown_records_not_listed;
        for (id, n) in b.unknown {
            *a.unknown.entry(id).or_default() += n;
        }
        trim_unknown(a, options.unknown_learners_listed);
        Ok(self)
    }

    /// Finishes the assessment.
    pub fn finish(self) -> Assessment {
        judge::finish(&self.ctx, self.state)
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

pub(crate) fn rejection_order(a: &Rejection, b: &Rejection) -> std::cmp::Ordering {
    // Reading order (file, line, column, record, pointer), then code and
    // message: a total order, so that trimming keeps the same rejections
    // whatever the merge order.
    a.location
        .cmp(&b.location)
        .then_with(|| a.code.cmp(&b.code))
        .then_with(|| a.message.cmp(&b.message))
}

/// Adds a rejection, keeping only the `cap` first in reading order (a
/// deterministic choice, so merged partial states agree).
fn push_rejection(state: &mut State, cap: usize, rejection: Rejection) {
    state.fates.rejected += 1;
    state.rejections.push(rejection);
    if state.rejections.len() > cap.saturating_mul(2).max(16) {
        trim_rejections(state, cap);
    }
}

pub(crate) fn trim_rejections(state: &mut State, cap: usize) {
    state.rejections.sort_by(rejection_order);
    if state.rejections.len() > cap {
        state.rejections_not_listed += (state.rejections.len() - cap) as u64;
        state.rejections.truncate(cap);
    }
}

fn count_unknown(state: &mut State, ctx: &Context, learner: &str) {
    state.fates.unknown_learner += 1;
    *state.unknown.entry(learner.to_string()).or_default() += 1;
    trim_unknown(state, ctx.options.unknown_learners_listed);
}

/// Keeps the `cap` smallest unknown ids with exact counts; the records of the
/// others are counted together. Evicting the largest id keeps this exact and
/// order-independent: an id evicted once is never among the `cap` smallest.
fn trim_unknown(state: &mut State, cap: usize) {
    while state.unknown.len() > cap {
        match state.unknown.pop_last() {
            Some((_, n)) => state.unknown_records_not_listed += n,
            None => break,
        }
    }
}

fn add_fates(a: &mut Fates, b: &Fates) {
    a.credited += b.credited;
    a.duplicate += b.duplicate;
    a.not_creditable += b.not_creditable;
    a.outside_period += b.outside_period;
    a.unknown_learner += b.unknown_learner;
    a.rejected += b.rejected;
}

fn add_detail(a: &mut FateDetail, b: &FateDetail) {
    a.clipped_to_period += b.clipped_to_period;
    a.clipped_to_as_of += b.clipped_to_as_of;
    a.capped += b.capped;
    a.duplicate_ids += b.duplicate_ids;
    a.conflicting_ids += b.conflicting_ids;
    a.duplicate_content += b.duplicate_content;
    a.kind_not_creditable += b.kind_not_creditable;
    a.self_reported_not_counted += b.self_reported_not_counted;
    a.too_short += b.too_short;
    a.voided += b.voided;
    a.no_time_of_its_own += b.no_time_of_its_own;
    a.recorded_minutes += b.recorded_minutes;
    a.overlap_minutes += b.overlap_minutes;
    a.daily_cap_minutes += b.daily_cap_minutes;
}
