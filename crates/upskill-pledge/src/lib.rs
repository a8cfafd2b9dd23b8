//! Pledges: what an organisation commits to under the DMA Code's People
//! principle, and the rules its weeks are judged by.
//!
//! Most users want the facade crate `upskill`, which re-exports this
//! crate as `upskill::pledge`; depend on `upskill-pledge` directly only to keep
//! the dependency tree small.
//!
//! This crate owns the [`Pledge`]: an [`Organisation`], its
//! [`Calendar`], a [`Mode`], and one or more [`PledgeVersion`]s, each
//! effective from a week. A version carries:
//!
//! - [`CountingRules`]: which activity kinds count, per-session and daily
//!   caps, a minimum session, carry-forward with a cap, rounding increments;
//! - [`RequirementRules`]: minutes per week (default 60), pro-rata, how
//!   partial weeks are handled, grace weeks for new starters;
//! - [`Target`] thresholds and [`BandThresholds`].
//!
//! Every default lives in [`defaults`]. Constructors validate, so a pledge
//! that exists is usable: thresholds are exact [`Proportion`]s in `[0, 1]`,
//! caps are positive, versions are in order.
//!
//! It does *not* know learners, rosters or leave (see `upskill-quota`), nor
//! judge anything (see `upskill-policy`). The pledge file format is behind
//! the `serde` feature ([`PledgeDocument`]).
//!
//! # Example
//!
//! ```
//! use upskill_calendar::{Calendar, DayOfWeek};
//! use upskill_pledge::{Organisation, Pledge, PledgeVersion, ProRata, Proportion};
//!
//! let calendar = Calendar::from_zone_name("Europe/London", DayOfWeek::Monday)?;
//! let mut rules = PledgeVersion::default();
//! rules.requirement.pro_rata = ProRata::Fte;
//! rules.target.learner_week_rate = Some(Proportion::parse("0.8")?);
//! let pledge = Pledge::new(Organisation::new("acme", "Acme Ltd")?, calendar, vec![rules])?;
//! let week = pledge.calendar().parse_week("2026-W10")?;
//! assert_eq!(pledge.version_for(week).requirement.minutes_per_week.get(), 60);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::fmt;
use std::num::NonZeroU32;

use upskill_calendar::{Calendar, Week};
use upskill_session::ActivityKind;

#[cfg(feature = "serde")]
mod document;
#[cfg(feature = "serde")]
pub use document::{
    BandsDocument, CountingDocument, DocumentError, OrganisationDocument, PartialWeeksDocument,
    PledgeDocument, ProRataName, SCHEMA_VERSION, TargetDocument, VersionDocument,
};

/// Every default of a pledge, in one place.
pub mod defaults {
    use super::Proportion;

    /// Minutes of learning a full-time learner owes each week: the DMA's "one hour a week".
    pub const MINUTES_PER_WEEK: u32 = 60;
    /// Full-time hours per week, for pro-rata by contracted hours: 37.5 hours, in minutes.
    pub const FULL_TIME_MINUTES_PER_WEEK: u32 = 37 * 60 + 30;
    /// Grace weeks for new starters: none.
    pub const GRACE_WEEKS: u32 = 0;
    /// Target share of eligible learner-weeks that are met: 0.8.
    pub const LEARNER_WEEK_RATE: Proportion = Proportion::from_ppm_const(800_000);
    /// A learner meeting at least this share of their eligible weeks is in `most_weeks`: 0.75.
    pub const MOST_WEEKS_BAND: Proportion = Proportion::from_ppm_const(750_000);
    /// A learner meeting at least this share (and less than `most_weeks`) is in `some_weeks`: 0.25.
    /// Below it: `rarely`.
    pub const SOME_WEEKS_BAND: Proportion = Proportion::from_ppm_const(250_000);
    /// Carry-forward: off ("a little and often").
    pub const CARRY_FORWARD_CAP_MINUTES: Option<u32> = None;
    /// Self-reported sessions count.
    pub const COUNT_SELF_REPORTED: bool = true;
    /// cmi5 sessions launched in Browse or Review mode do not count.
    pub const CMI5_BROWSE_REVIEW_COUNTS: bool = false;
}

/// Errors from building a pledge.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PledgeError {
    /// A proportion was not a number from 0 to 1 with at most six decimals.
    #[error(
        "`{0}` is not a proportion: expected a number from 0 to 1 with at most 6 decimal places"
    )]
    BadProportion(String),
    /// An organisation id or name was empty.
    #[error("the organisation {0} is empty")]
    EmptyOrganisationField(&'static str),
    /// A pledge needs at least one version.
    #[error("a pledge needs at least one version")]
    NoVersions,
    /// Versions must be in strictly increasing `effective_from` order, and only the first may omit it.
    #[error("version {index} is effective from `{week}`, not after the version before it")]
    VersionsOutOfOrder {
        /// Position of the offending version, from 0.
        index: usize,
        /// Its `effective_from` week.
        week: String,
    },
    /// Only the first version may have no `effective_from`.
    #[error("version {0} has no `effective_from`: only the first version may omit it")]
    MissingEffectiveFrom(usize),
    /// An `effective_from` week does not start on the calendar's week start.
    #[error("`effective_from` `{0}` does not start on the calendar's week start")]
    WrongWeekStart(String),
    /// Minutes per week must be from 1 to 10080 (one week).
    #[error("minutes per week must be from 1 to 10080, not {0}")]
    BadMinutesPerWeek(u32),
    /// No activity kind would count.
    #[error("no activity kind is creditable: list at least one")]
    NoCreditableKinds,
    /// Band thresholds must satisfy `some_weeks <= most_weeks`.
    #[error("band threshold `some_weeks` ({some}) is above `most_weeks` ({most})")]
    BandsInverted {
        /// The `some_weeks` threshold.
        some: Proportion,
        /// The `most_weeks` threshold.
        most: Proportion,
    },
    /// A minutes value that must be positive was zero.
    #[error("`{0}` must be a positive number of minutes")]
    ZeroMinutes(&'static str),
    /// A count of working days that must be at least 1 was zero.
    #[error("`{0}` must be at least 1 working day")]
    ZeroWorkingDays(&'static str),
    /// Contracted-hours values must be positive and at most 168.
    #[error("`{0}` hours is not a usable number of hours per week")]
    BadHours(String),
    /// The calendar could not be built.
    #[error(transparent)]
    Calendar(#[from] upskill_calendar::CalendarError),
    /// A week label could not be read.
    #[error(transparent)]
    WeekLabel(#[from] upskill_calendar::WeekLabelError),
}

/// An exact proportion from 0 to 1, held in parts per million.
///
/// `0.8` is eight tenths, not a float near it: proportions are read from
/// decimal text exactly (up to six decimal places) and compared with integer
/// arithmetic, so a learner-week rate of exactly 0.8 meets a 0.8 threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Proportion {
    ppm: u32,
}

/// Parts per million in one.
pub const PPM: u32 = 1_000_000;

impl Proportion {
    /// Zero.
    pub const ZERO: Proportion = Proportion { ppm: 0 };
    /// One.
    pub const ONE: Proportion = Proportion { ppm: PPM };

    /// From parts per million, at most 1,000,000.
    ///
    /// # Errors
    ///
    /// [`PledgeError::BadProportion`] above one.
    pub fn from_ppm(ppm: u32) -> Result<Proportion, PledgeError> {
        if ppm > PPM {
            return Err(PledgeError::BadProportion(format!("{ppm} ppm")));
        }
        Ok(Proportion { ppm })
    }

    /// For constants; values above one are clamped to one.
    pub const fn from_ppm_const(ppm: u32) -> Proportion {
        Proportion {
            ppm: if ppm > PPM { PPM } else { ppm },
        }
    }

    /// Parts per million.
    pub const fn ppm(self) -> u32 {
        self.ppm
    }

    /// Reads decimal text such as `0.8`, `1`, `0.333333` exactly.
    ///
    /// # Errors
    ///
    /// [`PledgeError::BadProportion`] for anything but 0 to 1 with at most six decimals.
    pub fn parse(text: &str) -> Result<Proportion, PledgeError> {
        let bad = || PledgeError::BadProportion(text.to_string());
        let (ppm, scale) = parse_decimal_scaled(text.trim(), 6).ok_or_else(bad)?;
        let _ = scale;
        u32::try_from(ppm)
            .ok()
            .filter(|p| *p <= PPM)
            .map(|ppm| Proportion { ppm })
            .ok_or_else(bad)
    }

    /// From a binary float (as JSON numbers arrive), rounded to the nearest
    /// millionth: every decimal with up to six places comes out exact.
    ///
    /// # Errors
    ///
    /// [`PledgeError::BadProportion`] outside 0 to 1 or not finite.
    pub fn from_f64(value: f64) -> Result<Proportion, PledgeError> {
        if !value.is_finite() || !(0.0..=1.0).contains(&value) {
            return Err(PledgeError::BadProportion(value.to_string()));
        }
        // In range by the check above, so the cast cannot saturate.
        Ok(Proportion {
            ppm: (value * f64::from(PPM)).round() as u32,
        })
    }

    /// As a float, for display and JSON output only.
    pub fn to_f64(self) -> f64 {
        f64::from(self.ppm) / f64::from(PPM)
    }

    /// Whether `numerator / denominator >= self`, exactly. False when the
    /// denominator is zero.
    pub fn is_met_by(self, numerator: u64, denominator: u64) -> bool {
        denominator > 0
            && u128::from(numerator) * u128::from(PPM)
                >= u128::from(self.ppm) * u128::from(denominator)
    }
}

/// Reads a non-negative decimal (`12`, `0.75`, `22.5`) scaled by 10^places,
/// refusing more fractional digits than `places`. Returns the scaled integer.
pub fn parse_decimal_scaled(text: &str, places: u32) -> Option<(u64, u32)> {
    let (whole, fraction) = match text.split_once('.') {
        Some((w, f)) => (w, f),
        None => (text, ""),
    };
    if whole.is_empty() && fraction.is_empty() {
        return None;
    }
    if !whole.bytes().all(|b| b.is_ascii_digit()) || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let fraction = fraction.trim_end_matches('0');
    let digits = u32::try_from(fraction.len()).ok()?;
    if digits > places {
        return None;
    }
    let whole: u64 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    let fraction_value: u64 = if fraction.is_empty() {
        0
    } else {
        fraction.parse().ok()?
    };
    let scale = 10u64.checked_pow(places)?;
    let value = whole
        .checked_mul(scale)?
        .checked_add(fraction_value.checked_mul(10u64.checked_pow(places - digits)?)?)?;
    Some((value, places))
}

impl fmt::Display for Proportion {
    /// The shortest exact decimal: `0.8`, `1`, `0.333333`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let whole = self.ppm / PPM;
        let fraction = self.ppm % PPM;
        if fraction == 0 {
            return write!(f, "{whole}");
        }
        let digits = format!("{fraction:06}");
        write!(f, "{whole}.{}", digits.trim_end_matches('0'))
    }
}

/// The organisation making the pledge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Organisation {
    id: String,
    name: String,
}

impl Organisation {
    /// An organisation with a short id and a display name.
    ///
    /// # Errors
    ///
    /// [`PledgeError::EmptyOrganisationField`] when either is blank.
    pub fn new(id: &str, name: &str) -> Result<Organisation, PledgeError> {
        let (id, name) = (id.trim(), name.trim());
        if id.is_empty() {
            return Err(PledgeError::EmptyOrganisationField("id"));
        }
        if name.is_empty() {
            return Err(PledgeError::EmptyOrganisationField("name"));
        }
        Ok(Organisation {
            id: id.to_string(),
            name: name.to_string(),
        })
    }

    /// The short id (`acme`).
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The display name (`Acme Ltd`).
    pub fn name(&self) -> &str {
        &self.name
    }
}

/// How a verdict is meant to be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub enum Mode {
    /// The default, as the DMA frames the People principle ("to empower, not
    /// regulate"): a missed target is reported, not treated as a failure.
    #[default]
    Advisory,
    /// A missed target is a failure (the CLI exits non-zero).
    Enforcing,
}

/// How a learner's requirement is scaled to their working time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ProRata {
    /// Everyone owes the full minutes (the default).
    #[default]
    None,
    /// Scaled by FTE (`0.6` owes six tenths); learners given contracted
    /// hours instead are scaled by those over full-time hours.
    Fte,
    /// Scaled by contracted hours over [`RequirementRules::full_time_minutes`]
    /// (capped at one); learners given an FTE instead are scaled by it.
    ContractedHours,
}

/// What happens to weeks a learner cannot fully work (joining, leaving,
/// leave, public holidays).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PartialWeeks {
    /// The requirement scales with available working days over the
    /// calendar's working days per week (the default). Zero days: exempt.
    #[default]
    Scale,
    /// Weeks with fewer available working days than this are exempt; the
    /// others owe the full requirement.
    ExemptBelow {
        /// Available working days needed for a week to count.
        working_days: NonZeroU32,
    },
}

/// What counts, and how.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountingRules {
    /// Activity kinds that earn credit (default: all).
    pub creditable: Vec<ActivityKind>,
    /// Longest credit one session earns; longer sessions are clipped.
    pub per_session_cap_minutes: Option<NonZeroU32>,
    /// Most credit one local day earns.
    pub daily_cap_minutes: Option<NonZeroU32>,
    /// Sessions shorter than this earn nothing.
    pub minimum_session_minutes: Option<NonZeroU32>,
    /// Surplus minutes carried into following weeks, with this cap on the
    /// bank (default: no carry-forward).
    pub carry_forward_cap_minutes: Option<NonZeroU32>,
    /// Credited minutes per week are rounded down to a multiple of this.
    pub rounding_increment_minutes: Option<NonZeroU32>,
    /// Whether self-reported sessions count (default yes).
    pub count_self_reported: bool,
    /// Whether cmi5 sessions launched in Browse or Review mode count (default no).
    pub cmi5_browse_review_counts: bool,
    /// xAPI verb IRIs whose `result.duration` is credited on top of the
    /// importer's default list (`docs/xapi.md`, "What credits time").
    pub xapi_credited_verbs: Vec<String>,
    /// xAPI verb IRIs taken off the importer's credited list.
    pub xapi_uncredited_verbs: Vec<String>,
}

impl Default for CountingRules {
    fn default() -> Self {
        CountingRules {
            creditable: ActivityKind::ALL.to_vec(),
            per_session_cap_minutes: None,
            daily_cap_minutes: None,
            minimum_session_minutes: None,
            carry_forward_cap_minutes: defaults::CARRY_FORWARD_CAP_MINUTES
                .and_then(NonZeroU32::new),
            rounding_increment_minutes: None,
            count_self_reported: defaults::COUNT_SELF_REPORTED,
            cmi5_browse_review_counts: defaults::CMI5_BROWSE_REVIEW_COUNTS,
            xapi_credited_verbs: Vec::new(),
            xapi_uncredited_verbs: Vec::new(),
        }
    }
}

impl CountingRules {
    /// Whether sessions of `kind` earn credit.
    pub fn is_creditable(&self, kind: ActivityKind) -> bool {
        self.creditable.contains(&kind)
    }

    /// Rounds credited minutes down to the rounding increment.
    pub fn round_credited(&self, minutes: u64) -> u64 {
        match self.rounding_increment_minutes {
            Some(step) => minutes - minutes % u64::from(step.get()),
            None => minutes,
        }
    }
}

/// What each learner owes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequirementRules {
    /// Minutes per week for a full-time learner (default 60).
    pub minutes_per_week: NonZeroU32,
    /// Pro-rata rule (default none).
    pub pro_rata: ProRata,
    /// Full-time minutes per week (default 2,250: 37.5 hours), the divisor of
    /// [`ProRata::ContractedHours`]. Kept whatever the pro-rata rule, so a
    /// later version switching to `contracted_hours` inherits it
    /// (docs/rules.md, "Pledge versions"). At most 10,080 (168 hours).
    pub full_time_minutes: NonZeroU32,
    /// Partial-week rule (default: scale by working days).
    pub partial_weeks: PartialWeeks,
    /// Weeks exempt at the start of employment, counting the week of the start date (default 0).
    pub grace_weeks: u32,
}

impl Default for RequirementRules {
    fn default() -> Self {
        RequirementRules {
            minutes_per_week: NonZeroU32::new(defaults::MINUTES_PER_WEEK)
                .unwrap_or(NonZeroU32::MIN),
            pro_rata: ProRata::None,
            full_time_minutes: NonZeroU32::new(defaults::FULL_TIME_MINUTES_PER_WEEK)
                .unwrap_or(NonZeroU32::MIN),
            partial_weeks: PartialWeeks::Scale,
            grace_weeks: defaults::GRACE_WEEKS,
        }
    }
}

/// Thresholds the organisation's metrics must reach. Unset criteria are not judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Target {
    /// Met learner-weeks over eligible learner-weeks (default 0.8).
    pub learner_week_rate: Option<Proportion>,
    /// Share of learners with any credited time (default: not judged).
    pub participation_rate: Option<Proportion>,
    /// Share of learners in the `most_weeks` band (default: not judged).
    pub most_weeks_share: Option<Proportion>,
}

impl Default for Target {
    fn default() -> Self {
        Target {
            learner_week_rate: Some(defaults::LEARNER_WEEK_RATE),
            participation_rate: None,
            most_weeks_share: None,
        }
    }
}

/// Where the per-learner bands start (inclusive lower bounds).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BandThresholds {
    /// Lowest met-week rate of `most_weeks` (default 0.75).
    pub most_weeks: Proportion,
    /// Lowest met-week rate of `some_weeks` (default 0.25); below is `rarely`.
    pub some_weeks: Proportion,
}

impl Default for BandThresholds {
    fn default() -> Self {
        BandThresholds {
            most_weeks: defaults::MOST_WEEKS_BAND,
            some_weeks: defaults::SOME_WEEKS_BAND,
        }
    }
}

/// One version of a pledge: the rules in force from `effective_from`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PledgeVersion {
    /// The first week this version judges; `None` only for the first version
    /// (in force for every week before the next version).
    pub effective_from: Option<Week>,
    /// What counts.
    pub counting: CountingRules,
    /// What each learner owes.
    pub requirement: RequirementRules,
    /// Thresholds on the organisation's metrics.
    pub target: Target,
    /// Per-learner band thresholds.
    pub bands: BandThresholds,
}

impl PledgeVersion {
    fn check(&self) -> Result<(), PledgeError> {
        let minutes = self.requirement.minutes_per_week.get();
        if minutes > 7 * 24 * 60 {
            return Err(PledgeError::BadMinutesPerWeek(minutes));
        }
        if self.counting.creditable.is_empty() {
            return Err(PledgeError::NoCreditableKinds);
        }
        if self.bands.some_weeks > self.bands.most_weeks {
            return Err(PledgeError::BandsInverted {
                some: self.bands.some_weeks,
                most: self.bands.most_weeks,
            });
        }
        let full_time_minutes = self.requirement.full_time_minutes;
        if full_time_minutes.get() > 168 * 60 {
            return Err(PledgeError::BadHours(format!(
                "{}",
                f64::from(full_time_minutes.get()) / 60.0
            )));
        }
        Ok(())
    }
}

/// A pledge: organisation, calendar, mode and versions in force over time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pledge {
    organisation: Organisation,
    calendar: Calendar,
    mode: Mode,
    versions: Vec<PledgeVersion>,
}

impl Pledge {
    /// A pledge in advisory mode.
    ///
    /// # Errors
    ///
    /// [`PledgeError::NoVersions`], [`PledgeError::MissingEffectiveFrom`],
    /// [`PledgeError::VersionsOutOfOrder`], [`PledgeError::WrongWeekStart`],
    /// or a version's own rule errors.
    pub fn new(
        organisation: Organisation,
        calendar: Calendar,
        versions: Vec<PledgeVersion>,
    ) -> Result<Pledge, PledgeError> {
        if versions.is_empty() {
            return Err(PledgeError::NoVersions);
        }
        let mut previous: Option<Week> = None;
        for (index, version) in versions.iter().enumerate() {
            version.check()?;
            match (index, version.effective_from) {
                (0, None) => {}
                (_, None) => return Err(PledgeError::MissingEffectiveFrom(index)),
                (_, Some(week)) => {
                    if week.start_day() != calendar.week_start() {
                        return Err(PledgeError::WrongWeekStart(week.to_string()));
                    }
                    if previous.is_some_and(|p| week <= p) {
                        return Err(PledgeError::VersionsOutOfOrder {
                            index,
                            week: week.to_string(),
                        });
                    }
                    previous = Some(week);
                }
            }
        }
        Ok(Pledge {
            organisation,
            calendar,
            mode: Mode::default(),
            versions,
        })
    }

    /// The same pledge in another mode.
    pub fn with_mode(mut self, mode: Mode) -> Pledge {
        self.mode = mode;
        self
    }

    /// The organisation.
    pub fn organisation(&self) -> &Organisation {
        &self.organisation
    }

    /// The organisation's calendar.
    pub fn calendar(&self) -> &Calendar {
        &self.calendar
    }

    /// The same pledge with public holidays added to its calendar.
    pub fn with_holidays(
        mut self,
        holidays: impl IntoIterator<Item = chrono::NaiveDate>,
    ) -> Pledge {
        self.calendar = self.calendar.with_holidays(holidays);
        self
    }

    /// Advisory or enforcing.
    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// The versions, oldest first.
    pub fn versions(&self) -> &[PledgeVersion] {
        &self.versions
    }

    /// The version in force at the start of `week`: the last version
    /// effective from `week` or earlier, or the first version for weeks
    /// before every `effective_from`.
    pub fn version_for(&self, week: Week) -> &PledgeVersion {
        let later = self
            .versions
            .iter()
            .rev()
            .find(|v| v.effective_from.is_none_or(|from| from <= week));
        // INVARIANT: `new` refuses an empty list; the fallback keeps this total.
        later.or(self.versions.first()).unwrap_or(&DEFAULT_VERSION)
    }
}

static DEFAULT_VERSION: PledgeVersion = PledgeVersion {
    effective_from: None,
    counting: CountingRules {
        creditable: Vec::new(),
        per_session_cap_minutes: None,
        daily_cap_minutes: None,
        minimum_session_minutes: None,
        carry_forward_cap_minutes: None,
        rounding_increment_minutes: None,
        count_self_reported: defaults::COUNT_SELF_REPORTED,
        cmi5_browse_review_counts: defaults::CMI5_BROWSE_REVIEW_COUNTS,
        xapi_credited_verbs: Vec::new(),
        xapi_uncredited_verbs: Vec::new(),
    },
    requirement: RequirementRules {
        minutes_per_week: NonZeroU32::MIN,
        pro_rata: ProRata::None,
        full_time_minutes: NonZeroU32::MIN,
        partial_weeks: PartialWeeks::Scale,
        grace_weeks: 0,
    },
    target: Target {
        learner_week_rate: None,
        participation_rate: None,
        most_weeks_share: None,
    },
    bands: BandThresholds {
        most_weeks: defaults::MOST_WEEKS_BAND,
        some_weeks: defaults::SOME_WEEKS_BAND,
    },
};

#[cfg(test)]
mod tests;
