//! The weekly quota: who is in scope, when they are away, and what each
//! learner owes each week.
//!
//! Most users want the facade crate `upskill`, which re-exports this
//! crate as `upskill::quota`; depend on `upskill-quota` directly only to keep
//! the dependency tree small.
//!
//! This crate owns the [`Roster`] (learner id, employment dates, FTE or
//! contracted hours, team), [`Leave`] (inclusive date ranges with a kind),
//! and the per learner-week [`Requirement`] and [`WeekStatus`] of DOMAIN.md:
//!
//! - the base is the pledge version's minutes per week;
//! - pro-rata by FTE or contracted hours, computed exactly (FTE `0.6` is six
//!   tenths, not a float near it);
//! - joiners, leavers, leave and public holidays scale the requirement by the
//!   working days available (or exempt the week below a threshold); zero
//!   available working days exempt the week, never fail it;
//! - grace weeks exempt new starters;
//! - the requirement is rounded **up to a whole minute once**, at the end.
//!
//! It does *not* count learning (see `upskill-session`) nor judge an
//! organisation (see `upskill-policy`).
//!
//! # Example
//!
//! ```
//! use chrono::NaiveDate;
//! use upskill_calendar::{Calendar, DayOfWeek};
//! use upskill_pledge::{PledgeVersion, ProRata, Proportion};
//! use upskill_quota::{Learner, Requirement, Workload, requirement};
//! use upskill_session::LearnerId;
//!
//! let calendar = Calendar::from_zone_name("Europe/London", DayOfWeek::Monday)?;
//! let mut rules = PledgeVersion::default();
//! rules.requirement.pro_rata = ProRata::Fte;
//! // A 0.6 FTE learner who joins on Wednesday 4 March 2026 (3 of 5 working days).
//! let learner = Learner::new(LearnerId::new("e7")?, Workload::Fte(Proportion::parse("0.6")?))?
//!     .with_start_date(NaiveDate::from_ymd_opt(2026, 3, 4).unwrap_or_default())?;
//! let week = calendar.parse_week("2026-W10")?;
//! let required = requirement(&learner, &[], &calendar, &rules, week);
//! // 60 x 0.6 x 3/5 = 21.6, rounded up once: 22 minutes.
//! assert_eq!(required, Requirement::Required { minutes: 22, available_days: 3, working_days_per_week: 5 });
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::BTreeMap;
use std::fmt;
use std::num::NonZeroU32;

use chrono::NaiveDate;
use upskill_calendar::{Calendar, Week};
use upskill_pledge::{PPM, PartialWeeks, PledgeVersion, ProRata, Proportion, RequirementRules};
use upskill_session::LearnerId;

#[cfg(feature = "serde")]
mod serde_impls;
#[cfg(feature = "serde")]
pub use serde_impls::{LeaveDocument, LeaveRecord, RosterDocument, RosterRecord, SCHEMA_VERSION};

/// Errors from building a roster or leave.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum QuotaError {
    /// Employment ends before it starts.
    #[error("employment of `{learner}` ends on {end}, before it starts on {start}")]
    EmploymentEndsBeforeStart {
        /// The learner.
        learner: String,
        /// Start date.
        start: NaiveDate,
        /// End date.
        end: NaiveDate,
    },
    /// FTE must be above 0 and at most 1.
    #[error("FTE of `{learner}` is {fte}: it must be above 0 and at most 1")]
    FteOutOfRange {
        /// The learner.
        learner: String,
        /// The FTE given.
        fte: String,
    },
    /// A learner has both FTE and contracted hours, or bad hours.
    #[error(
        "contracted hours of `{learner}` are {hours}: they must be above 0 and at most 168, to the minute"
    )]
    HoursOutOfRange {
        /// The learner.
        learner: String,
        /// The hours given.
        hours: String,
    },
    /// Both FTE and contracted hours were given.
    #[error("learner `{0}` has both an FTE and contracted hours: give one")]
    BothWorkloads(String),
    /// The same learner appears twice in a roster.
    #[error("learner `{0}` appears more than once in the roster")]
    DuplicateLearner(String),
    /// A leave range ends before it starts.
    #[error("leave of `{learner}` runs from {from} to {to}: the end is before the start")]
    LeaveInverted {
        /// The learner.
        learner: String,
        /// First day.
        from: NaiveDate,
        /// Last day.
        to: NaiveDate,
    },
    /// An unknown leave kind.
    #[error("unknown leave kind `{0}`: expected annual, sick, parental or other")]
    UnknownLeaveKind(String),
}

/// How much a learner works.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Workload {
    /// Full-time equivalent, above 0 and at most 1.
    Fte(Proportion),
    /// Contracted minutes per week (contracted hours x 60).
    ContractedMinutes(NonZeroU32),
}

impl Default for Workload {
    fn default() -> Self {
        Workload::Fte(Proportion::ONE)
    }
}

/// One in-scope person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Learner {
    id: LearnerId,
    start_date: Option<NaiveDate>,
    end_date: Option<NaiveDate>,
    workload: Workload,
    team: Option<String>,
}

impl Learner {
    /// A learner employed throughout, with a workload.
    ///
    /// # Errors
    ///
    /// [`QuotaError::FteOutOfRange`] for an FTE of 0, or
    /// [`QuotaError::HoursOutOfRange`] above 168 hours.
    pub fn new(id: LearnerId, workload: Workload) -> Result<Learner, QuotaError> {
        match workload {
            Workload::Fte(fte) if fte == Proportion::ZERO => {
                return Err(QuotaError::FteOutOfRange {
                    learner: id.to_string(),
                    fte: fte.to_string(),
                });
            }
            Workload::ContractedMinutes(m) if m.get() > 168 * 60 => {
                return Err(QuotaError::HoursOutOfRange {
                    learner: id.to_string(),
                    hours: (f64::from(m.get()) / 60.0).to_string(),
                });
            }
            _ => {}
        }
        Ok(Learner {
            id,
            start_date: None,
            end_date: None,
            workload,
            team: None,
        })
    }

    /// The same learner with an employment start date (the first day employed).
    ///
    /// # Errors
    ///
    /// [`QuotaError::EmploymentEndsBeforeStart`] if an end date is set before it.
    pub fn with_start_date(mut self, start: NaiveDate) -> Result<Learner, QuotaError> {
        self.start_date = Some(start);
        self.check_dates()
    }

    /// The same learner with an employment end date (the last day employed).
    ///
    /// # Errors
    ///
    /// [`QuotaError::EmploymentEndsBeforeStart`] if it is before the start date.
    pub fn with_end_date(mut self, end: NaiveDate) -> Result<Learner, QuotaError> {
        self.end_date = Some(end);
        self.check_dates()
    }

    /// The same learner in a team.
    pub fn with_team(mut self, team: impl Into<String>) -> Learner {
        let team = team.into();
        self.team = if team.trim().is_empty() {
            None
        } else {
            Some(team.trim().to_string())
        };
        self
    }

    fn check_dates(self) -> Result<Learner, QuotaError> {
        if let (Some(start), Some(end)) = (self.start_date, self.end_date)
            && end < start
        {
            return Err(QuotaError::EmploymentEndsBeforeStart {
                learner: self.id.to_string(),
                start,
                end,
            });
        }
        Ok(self)
    }

    /// The learner's id.
    pub fn id(&self) -> &LearnerId {
        &self.id
    }

    /// First day employed, if known.
    pub fn start_date(&self) -> Option<NaiveDate> {
        self.start_date
    }

    /// Last day employed, if any.
    pub fn end_date(&self) -> Option<NaiveDate> {
        self.end_date
    }

    /// FTE or contracted hours.
    pub fn workload(&self) -> Workload {
        self.workload
    }

    /// The team, if any.
    pub fn team(&self) -> Option<&str> {
        self.team.as_deref()
    }

    /// Whether the learner is employed on `date`.
    pub fn is_employed_on(&self, date: NaiveDate) -> bool {
        self.start_date.is_none_or(|s| date >= s) && self.end_date.is_none_or(|e| date <= e)
    }
}

/// The in-scope people, by id.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Roster {
    learners: BTreeMap<LearnerId, Learner>,
}

impl Roster {
    /// A roster of distinct learners.
    ///
    /// # Errors
    ///
    /// [`QuotaError::DuplicateLearner`] when an id appears twice.
    pub fn new(learners: impl IntoIterator<Item = Learner>) -> Result<Roster, QuotaError> {
        let mut roster = Roster::default();
        for learner in learners {
            roster.insert(learner)?;
        }
        Ok(roster)
    }

    /// Adds a learner.
    ///
    /// # Errors
    ///
    /// [`QuotaError::DuplicateLearner`] when the id is already present.
    pub fn insert(&mut self, learner: Learner) -> Result<(), QuotaError> {
        if self.learners.contains_key(learner.id()) {
            return Err(QuotaError::DuplicateLearner(learner.id().to_string()));
        }
        self.learners.insert(learner.id().clone(), learner);
        Ok(())
    }

    /// The learner with this id.
    pub fn get(&self, id: &LearnerId) -> Option<&Learner> {
        self.learners.get(id)
    }

    /// The learner with this id (as text).
    pub fn get_str(&self, id: &str) -> Option<&Learner> {
        LearnerId::new(id)
            .ok()
            .and_then(|id| self.learners.get(&id))
    }

    /// Learners in id order.
    pub fn learners(&self) -> impl Iterator<Item = &Learner> {
        self.learners.values()
    }

    /// How many learners.
    pub fn len(&self) -> usize {
        self.learners.len()
    }

    /// Whether the roster is empty.
    pub fn is_empty(&self) -> bool {
        self.learners.is_empty()
    }
}

/// Why a learner was away.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub enum LeaveKind {
    /// Annual leave (holiday).
    Annual,
    /// Sick leave.
    Sick,
    /// Parental leave.
    Parental,
    /// Any other leave.
    #[default]
    Other,
}

impl LeaveKind {
    /// Reads `annual`, `sick`, `parental` or `other` (any case); blank is `other`.
    ///
    /// # Errors
    ///
    /// [`QuotaError::UnknownLeaveKind`] for anything else.
    pub fn parse(text: &str) -> Result<LeaveKind, QuotaError> {
        match text.trim().to_ascii_lowercase().as_str() {
            "annual" => Ok(LeaveKind::Annual),
            "sick" => Ok(LeaveKind::Sick),
            "parental" => Ok(LeaveKind::Parental),
            "other" | "" => Ok(LeaveKind::Other),
            _ => Err(QuotaError::UnknownLeaveKind(text.to_string())),
        }
    }
}

/// One range of leave, both ends inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LeaveSpan {
    /// First day away.
    pub from: NaiveDate,
    /// Last day away.
    pub to: NaiveDate,
    /// Why.
    pub kind: LeaveKind,
}

impl LeaveSpan {
    /// A leave range for `learner` (named only in the error).
    ///
    /// # Errors
    ///
    /// [`QuotaError::LeaveInverted`] when `to` is before `from`.
    pub fn new(
        learner: &LearnerId,
        from: NaiveDate,
        to: NaiveDate,
        kind: LeaveKind,
    ) -> Result<LeaveSpan, QuotaError> {
        if to < from {
            return Err(QuotaError::LeaveInverted {
                learner: learner.to_string(),
                from,
                to,
            });
        }
        Ok(LeaveSpan { from, to, kind })
    }

    /// Whether `date` is in the range.
    pub fn covers(&self, date: NaiveDate) -> bool {
        self.from <= date && date <= self.to
    }
}

/// Everyone's leave, by learner. Overlapping ranges are allowed (a day is
/// simply away); validators warn about them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Leave {
    by_learner: BTreeMap<LearnerId, Vec<LeaveSpan>>,
}

impl Leave {
    /// Adds a range.
    pub fn insert(&mut self, learner: LearnerId, span: LeaveSpan) {
        let spans = self.by_learner.entry(learner).or_default();
        spans.push(span);
        spans.sort();
    }

    /// A learner's leave, in date order.
    pub fn for_learner(&self, learner: &LearnerId) -> &[LeaveSpan] {
        self.by_learner.get(learner).map_or(&[], Vec::as_slice)
    }

    /// Learners with leave.
    pub fn learners(&self) -> impl Iterator<Item = &LearnerId> {
        self.by_learner.keys()
    }
}

/// Why a learner-week is exempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub enum ExemptReason {
    /// Employed in the week, but on none of its working weekdays.
    NoWorkingDays,
    /// On leave on every working day the learner was employed (holidays aside).
    OnLeave,
    /// Every working day the learner was employed was a public holiday.
    PublicHolidays,
    /// Within the new-starter grace weeks.
    GracePeriod,
    /// Fewer available working days than the pledge's partial-week threshold.
    BelowPartialWeekThreshold,
}

impl ExemptReason {
    /// The snake_case name used in reports.
    pub fn name(self) -> &'static str {
        match self {
            ExemptReason::NoWorkingDays => "no_working_days",
            ExemptReason::OnLeave => "on_leave",
            ExemptReason::PublicHolidays => "public_holidays",
            ExemptReason::GracePeriod => "grace_period",
            ExemptReason::BelowPartialWeekThreshold => "below_partial_week_threshold",
        }
    }
}

impl fmt::Display for ExemptReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What a learner owes in one week.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Requirement {
    /// Not employed on any day of the week.
    NotEmployed,
    /// Employed, but the week does not count.
    Exempt(ExemptReason),
    /// The week counts.
    Required {
        /// Minutes owed, rounded up once.
        minutes: u32,
        /// Working days available to the learner in the week.
        available_days: u32,
        /// The calendar's working days in a normal week.
        working_days_per_week: u32,
    },
}

impl Requirement {
    /// The minutes owed, if the week counts.
    pub fn minutes(self) -> Option<u32> {
        match self {
            Requirement::Required { minutes, .. } => Some(minutes),
            _ => None,
        }
    }
}

/// Ceiling of `a * b / c` in exact integer arithmetic (`c > 0`).
fn ceil_mul_div(a: u128, b: u128, c: u128) -> u128 {
    if c == 0 {
        return 0;
    }
    (a * b).div_ceil(c)
}

/// The learner's share of a full-time requirement as an exact fraction
/// `(numerator, denominator)`, at most one.
fn pro_rata_share(rules: &RequirementRules, workload: Workload) -> (u128, u128) {
    let by_hours = |minutes: NonZeroU32, full_time: NonZeroU32| {
        let m = u128::from(minutes.get().min(full_time.get()));
        (m, u128::from(full_time.get()))
    };
    match (rules.pro_rata, workload) {
        (ProRata::None, _) => (1, 1),
        (_, Workload::Fte(fte)) => (u128::from(fte.ppm()), u128::from(PPM)),
        // Both rules measure hours against the pledge's own full-time week
        // (case `field/workday-40h-fulltime`: 20 of 40 hours is half time).
        (ProRata::Fte | ProRata::ContractedHours, Workload::ContractedMinutes(m)) => {
            by_hours(m, rules.full_time_minutes)
        }
    }
}

/// Up to seven dates of one week, without a heap allocation.
#[derive(Debug, Clone, Copy, Default)]
struct Days {
    dates: [NaiveDate; 7],
    len: usize,
}

impl Days {
    /// Adds `date` (an eighth date is ignored: a week has seven).
    fn push(&mut self, date: NaiveDate) {
        if let Some(slot) = self.dates.get_mut(self.len) {
            *slot = date;
            self.len += 1;
        }
    }

    fn is_empty(&self) -> bool {
        self.len == 0
    }

    fn iter(&self) -> std::slice::Iter<'_, NaiveDate> {
        self.dates.get(..self.len).unwrap_or_default().iter()
    }
}

/// What `learner` owes in `week` under the pledge version `rules`.
///
/// `leave` is the learner's leave ([`Leave::for_learner`]). Public holidays
/// come from the calendar. See the crate docs for the rules; the week is:
///
/// - [`Requirement::NotEmployed`] when no day of it is within employment;
/// - exempt in the grace weeks, when no working weekday is within employment,
///   or when leave and holidays take every such day;
/// - otherwise `minutes x share x available / working days per week`,
///   rounded up once (or in full above the partial-week threshold).
pub fn requirement(
    learner: &Learner,
    leave: &[LeaveSpan],
    calendar: &Calendar,
    rules: &PledgeVersion,
    week: Week,
) -> Requirement {
    // The days of the week kept on the stack (a week has seven): this runs
    // once per learner-week.
    let mut employed = Days::default();
    for day in week.dates().filter(|d| learner.is_employed_on(*d)) {
        employed.push(day);
    }
    if employed.is_empty() {
        return Requirement::NotEmployed;
    }
    let grace = rules.requirement.grace_weeks;
    if grace > 0
        && let Some(start) = learner.start_date()
        && let Ok(start_week) = calendar.week_of_date(start)
    {
        let since = start_week.weeks_until(week);
        if (0..i64::from(grace)).contains(&since) {
            return Requirement::Exempt(ExemptReason::GracePeriod);
        }
    }
    let working_days = calendar.working_days();
    let mut weekdays = Days::default();
    for day in employed.iter().filter(|d| {
        working_days.contains(upskill_calendar::DayOfWeek::from_chrono(
            chrono::Datelike::weekday(*d),
        ))
    }) {
        weekdays.push(*day);
    }
    if weekdays.is_empty() {
        return Requirement::Exempt(ExemptReason::NoWorkingDays);
    }
    let on_leave = |d: &NaiveDate| leave.iter().any(|l| l.covers(*d));
    let available = weekdays
        .iter()
        .filter(|d| !calendar.is_holiday(**d) && !on_leave(d))
        .count();
    if available == 0 {
        let any_leave = weekdays
            .iter()
            .any(|d| !calendar.is_holiday(*d) && on_leave(d));
        return Requirement::Exempt(if any_leave {
            ExemptReason::OnLeave
        } else {
            ExemptReason::PublicHolidays
        });
    }
    let available = u32::try_from(available).unwrap_or(u32::MAX);
    let per_week = working_days.per_week();
    let base = u128::from(rules.requirement.minutes_per_week.get());
    let (num, den) = pro_rata_share(&rules.requirement, learner.workload());
    let minutes = match rules.requirement.partial_weeks {
        PartialWeeks::Scale => ceil_mul_div(
            base * num,
            u128::from(available),
            den * u128::from(per_week),
        ),
        PartialWeeks::ExemptBelow {
            working_days: threshold,
        } => {
            if available < threshold.get() {
                return Requirement::Exempt(ExemptReason::BelowPartialWeekThreshold);
            }
            ceil_mul_div(base, num, den)
        }
    };
    Requirement::Required {
        minutes: u32::try_from(minutes).unwrap_or(u32::MAX),
        available_days: available,
        working_days_per_week: per_week,
    }
}

/// A learner-week's outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum WeekStatus {
    /// Credited minutes reached the requirement.
    Met,
    /// Credited minutes fell short.
    Short {
        /// Minutes still missing.
        missing_minutes: u32,
    },
    /// The week does not count for this learner.
    Exempt(ExemptReason),
    /// The learner was not employed in the week.
    NotEmployed,
}

impl WeekStatus {
    /// Judges a week: `credited_minutes` against the requirement.
    pub fn judge(requirement: Requirement, credited_minutes: u64) -> WeekStatus {
        match requirement {
            Requirement::NotEmployed => WeekStatus::NotEmployed,
            Requirement::Exempt(reason) => WeekStatus::Exempt(reason),
            Requirement::Required { minutes, .. } => {
                if credited_minutes >= u64::from(minutes) {
                    WeekStatus::Met
                } else {
                    WeekStatus::Short {
                        missing_minutes: u32::try_from(u64::from(minutes) - credited_minutes)
                            .unwrap_or(u32::MAX),
                    }
                }
            }
        }
    }

    /// `met`, `short`, `exempt` or `not_employed`.
    pub fn name(self) -> &'static str {
        match self {
            WeekStatus::Met => "met",
            WeekStatus::Short { .. } => "short",
            WeekStatus::Exempt(_) => "exempt",
            WeekStatus::NotEmployed => "not_employed",
        }
    }

    /// Whether the week counts (met or short).
    pub fn is_eligible(self) -> bool {
        matches!(self, WeekStatus::Met | WeekStatus::Short { .. })
    }
}

impl fmt::Display for WeekStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WeekStatus::Short { missing_minutes } => {
                write!(f, "short ({missing_minutes} min missing)")
            }
            WeekStatus::Exempt(reason) => write!(f, "exempt ({reason})"),
            other => f.write_str(other.name()),
        }
    }
}

#[cfg(test)]
mod tests;
