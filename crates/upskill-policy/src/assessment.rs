//! The engine's answer: an [`Assessment`] and everything in it.
//!
//! With the `serde` feature this *is* the JSON report (`upskill evaluate
//! --format json`); its field names are a contract (see `docs/report.md`).
//! Rates are written as numbers rounded to six decimals, but every pass/fail
//! is decided on the exact counts shown beside them.

use upskill_calendar::Week;
use upskill_diagnostics::{CodeInfo, Location};

use crate::disclosure::Detail;

/// The report's format version.
pub const REPORT_SCHEMA_VERSION: u32 = 1;

/// The headline answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub enum Verdict {
    /// Closed period: every criterion passed.
    Met,
    /// Closed period: a criterion failed.
    NotMet,
    /// Running period: no criterion fails so far and the target is still reachable.
    OnTrack,
    /// Running period: a criterion fails so far, or the target can no longer be reached.
    AtRisk,
    /// No learner-week is eligible: nothing to judge.
    InsufficientData,
}

impl Verdict {
    /// `met`, `not_met`, `on_track`, `at_risk` or `insufficient_data`.
    pub fn name(self) -> &'static str {
        match self {
            Verdict::Met => "met",
            Verdict::NotMet => "not_met",
            Verdict::OnTrack => "on_track",
            Verdict::AtRisk => "at_risk",
            Verdict::InsufficientData => "insufficient_data",
        }
    }

    /// Whether the verdict is good news (`met` or `on_track`).
    pub fn is_positive(self) -> bool {
        matches!(self, Verdict::Met | Verdict::OnTrack)
    }
}

impl std::fmt::Display for Verdict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// A learner's engagement band, the DMA pilot's own categories.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub enum Band {
    /// Met rate at or above the `most_weeks` threshold.
    MostWeeks,
    /// Met rate at or above the `some_weeks` threshold, below `most_weeks`.
    SomeWeeks,
    /// Met rate below the `some_weeks` threshold.
    Rarely,
}

impl Band {
    /// `most_weeks`, `some_weeks` or `rarely`.
    pub fn name(self) -> &'static str {
        match self {
            Band::MostWeeks => "most_weeks",
            Band::SomeWeeks => "some_weeks",
            Band::Rarely => "rarely",
        }
    }
}

/// Status of one learner-week in the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub enum LearnerWeekStatus {
    /// Credited minutes reached the requirement.
    Met,
    /// Credited minutes fell short (so far, in an open week).
    Short,
    /// The week does not count for this learner (see `reason`).
    Exempt,
    /// Not employed in the week.
    NotEmployed,
}

/// One learner-week.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct LearnerWeek {
    /// The week (`2026-W13`).
    pub week: Week,
    /// Minutes owed (0 when exempt or not employed).
    pub required_minutes: u32,
    /// Minutes of learning credited to this week (after overlaps, caps and rounding).
    pub credited_minutes: u64,
    /// Surplus minutes carried in from earlier weeks (carry-forward).
    pub carried_in_minutes: u64,
    /// `met`, `short`, `exempt` or `not_employed`.
    pub status: LearnerWeekStatus,
    /// Minutes still missing, when short.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub missing_minutes: Option<u32>,
    /// Why the week is exempt (`on_leave`, `public_holidays`, `grace_period`, ...).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub reason: Option<upskill_quota::ExemptReason>,
    /// True for a week not yet over at `as_of` (its status may still change).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "std::ops::Not::not")
    )]
    pub open: bool,
}

/// One learner's detail.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct LearnerResult {
    /// The learner's id.
    pub learner_id: String,
    /// The learner's team (`unassigned` if none).
    pub team: String,
    /// Band over the closed weeks; `null` with no eligible closed week.
    pub band: Option<Band>,
    /// Eligible (met or short) closed weeks.
    pub eligible_weeks: u32,
    /// Met closed weeks.
    pub met_weeks: u32,
    /// Met weeks over eligible weeks (closed weeks), rounded to 6 decimals.
    pub rate: Option<f64>,
    /// Minutes credited over all weeks of the period.
    pub credited_minutes: u64,
    /// Minutes still missing across eligible weeks (closed and open).
    pub missing_minutes: u64,
    /// Week by week.
    pub weeks: Vec<LearnerWeek>,
}

/// The target criteria a pledge can set (`docs/rules.md`, "Judging the organisation").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub enum CriterionName {
    /// Met learner-weeks over eligible learner-weeks.
    LearnerWeekRate,
    /// Learners with any credited time over learners with an eligible week.
    ParticipationRate,
    /// Learners in the `most_weeks` band over learners with a band.
    MostWeeksShare,
}

impl CriterionName {
    /// The snake_case name used in reports (`learner_week_rate`).
    pub fn as_str(self) -> &'static str {
        match self {
            CriterionName::LearnerWeekRate => "learner_week_rate",
            CriterionName::ParticipationRate => "participation_rate",
            CriterionName::MostWeeksShare => "most_weeks_share",
        }
    }
}

impl std::fmt::Display for CriterionName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One target criterion and how it fared.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct Criterion {
    /// `learner_week_rate`, `participation_rate` or `most_weeks_share`.
    pub name: CriterionName,
    /// What it measures, in words.
    pub description: String,
    /// The measured value (`numerator / denominator`), rounded to 6 decimals; `null` when the denominator is 0.
    pub measured: Option<f64>,
    /// The threshold (inclusive).
    pub threshold: f64,
    /// Whether it passed (decided on exact counts); `null` when nothing could be measured yet.
    pub passed: Option<bool>,
    /// The count measured.
    pub numerator: u64,
    /// What it is measured against.
    pub denominator: u64,
}

/// Organisation-wide metrics over the closed weeks.
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct Metrics {
    /// Learners in the roster.
    pub learners_in_roster: u64,
    /// Learners with at least one eligible closed week.
    pub learners_eligible: u64,
    /// Of those, learners with any credited time in the closed weeks.
    pub learners_participating: u64,
    /// Learner-weeks that count (met or short), closed weeks only.
    pub eligible_learner_weeks: u64,
    /// Of those, met.
    pub met_learner_weeks: u64,
    /// Learner-weeks exempt, closed weeks only.
    pub exempt_learner_weeks: u64,
    /// Met over eligible learner-weeks, rounded to 6 decimals (`null` when none is eligible).
    pub learner_week_rate: Option<f64>,
    /// Participating over eligible learners, rounded to 6 decimals.
    pub participation_rate: Option<f64>,
    /// Minutes credited over the period (all weeks, all learners).
    pub credited_minutes: u64,
    /// Minutes owed over the closed weeks.
    pub required_minutes: u64,
}

/// Learners per band.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct BandCounts {
    /// Learners in `most_weeks`.
    pub most_weeks: u64,
    /// Learners in `some_weeks`.
    pub some_weeks: u64,
    /// Learners in `rarely`.
    pub rarely: u64,
    /// Learners with no eligible closed week (no band).
    pub no_band: u64,
}

impl BandCounts {
    /// Adds one learner's band.
    pub fn add(&mut self, band: Option<Band>) {
        match band {
            Some(Band::MostWeeks) => self.most_weeks += 1,
            Some(Band::SomeWeeks) => self.some_weeks += 1,
            Some(Band::Rarely) => self.rarely += 1,
            None => self.no_band += 1,
        }
    }

    /// Learners with a band.
    pub fn banded(&self) -> u64 {
        self.most_weeks + self.some_weeks + self.rarely
    }
}

/// The organisation's rate in one week.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct WeekSummary {
    /// The week.
    pub week: Week,
    /// The pledge version in force (its index, from 0).
    pub pledge_version: usize,
    /// Eligible learner-weeks.
    pub eligible: u64,
    /// Met learner-weeks.
    pub met: u64,
    /// Exempt learner-weeks.
    pub exempt: u64,
    /// Met over eligible, rounded to 6 decimals.
    pub rate: Option<f64>,
    /// Minutes credited in the week.
    pub credited_minutes: u64,
    /// True while the week is not over at `as_of`.
    pub open: bool,
}

/// One team's figures (or the `other` group of small teams).
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct TeamSummary {
    /// The team's name, or `other` for small teams folded together.
    pub team: String,
    /// Teams folded into this row (only for `other`).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub teams_folded: Option<u64>,
    /// Learners with at least one eligible closed week.
    pub learners: u64,
    /// True when the row has too few learners to show: its figures are withheld.
    pub suppressed: bool,
    /// Eligible learner-weeks (absent when suppressed).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub eligible_learner_weeks: Option<u64>,
    /// Met learner-weeks (absent when suppressed).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub met_learner_weeks: Option<u64>,
    /// Rate (absent when suppressed).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub learner_week_rate: Option<f64>,
    /// Participation (absent when suppressed).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub participation_rate: Option<f64>,
    /// Bands (absent when suppressed).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub bands: Option<BandCounts>,
}

/// What the rest of a running period must achieve.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct Forecast {
    /// Weeks not over at `as_of` (the current week and later ones).
    pub open_weeks: u64,
    /// Eligible learner-weeks in the open weeks not met yet.
    pub remaining_learner_weeks: u64,
    /// Met learner-weeks the whole period needs to reach the learner-week-rate target.
    pub met_learner_weeks_needed: u64,
    /// Of those, met learner-weeks still to come (needed minus met so far).
    pub met_learner_weeks_still_needed: u64,
    /// Share of the remaining learner-weeks that must be met (may exceed 1: then unreachable); `null` without a rate target or without remaining weeks.
    pub required_rate_remaining: Option<f64>,
    /// Whether the learner-week-rate target can still be reached.
    pub reachable: bool,
    /// Learners with minutes still needed in open weeks, most needed first.
    pub learners: Vec<LearnerForecast>,
}

/// One learner's outstanding minutes in a running period.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct LearnerForecast {
    /// The learner.
    pub learner_id: String,
    /// Minutes still to learn across open eligible weeks to meet them all.
    pub minutes_still_needed: u64,
    /// Open eligible weeks not met yet.
    pub weeks_open: u32,
}

/// Counts of records by fate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct Fates {
    /// Used for credit (possibly clipped, capped or overlapping others).
    pub credited: u64,
    /// Repeats of a credited record (same id, or same learner, start and duration).
    pub duplicate: u64,
    /// Kept but earning nothing: a kind the pledge does not credit, self-reported when
    /// that does not count, or shorter than the minimum session.
    pub not_creditable: u64,
    /// Entirely outside the period.
    pub outside_period: u64,
    /// For a learner not in the roster.
    pub unknown_learner: u64,
    /// Unusable (see `rejections`).
    pub rejected: u64,
}

impl Fates {
    /// The sum of all fates: equals `records_read`.
    pub fn total(&self) -> u64 {
        self.credited
            + self.duplicate
            + self.not_creditable
            + self.outside_period
            + self.unknown_learner
            + self.rejected
    }
}

/// Finer counts behind the fates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct FateDetail {
    /// Credited records partly outside the period (clipped to it).
    pub clipped_to_period: u64,
    /// Records cut at `as_of` (still running then), counted when read.
    pub clipped_to_as_of: u64,
    /// Credited records clipped by the per-session cap.
    pub capped: u64,
    /// Duplicates by repeated record id with the same times.
    pub duplicate_ids: u64,
    /// Duplicates by repeated record id with *different* times (the earliest was kept).
    pub conflicting_ids: u64,
    /// Duplicates by same learner, start and duration under another id.
    pub duplicate_content: u64,
    /// Duplicates by a record id (within one source) that another learner's
    /// record uses first: an export fault, not two records (DOMAIN.md). The
    /// learner of the earliest use keeps the id.
    pub ids_reused_across_learners: u64,
    /// Not creditable: activity kind.
    pub kind_not_creditable: u64,
    /// Not creditable: self-reported while the pledge does not count those.
    pub self_reported_not_counted: u64,
    /// Not creditable: shorter than the minimum session.
    pub too_short: u64,
    /// Not creditable: voided, or voiding another record (xAPI).
    pub voided: u64,
    /// Not creditable: a record carrying no creditable time of its own (an
    /// xAPI statement whose verb credits nothing, or a part of a cmi5 session
    /// whose time its `terminated` statement carries).
    pub no_time_of_its_own: u64,
    /// Minutes recorded by credited records (after caps and clipping).
    pub recorded_minutes: u64,
    /// Minutes removed because sessions overlapped.
    pub overlap_minutes: u64,
    /// Minutes removed by daily caps.
    pub daily_cap_minutes: u64,
}

/// A record that could not be used.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct Rejection {
    /// Where (`sessions.csv:17:12`, `sessions.json#/3/start`), written in
    /// the report as this one line of text.
    #[cfg_attr(feature = "serde", serde(with = "location_text"))]
    #[cfg_attr(feature = "schemars", schemars(with = "String"))]
    pub location: Location,
    /// Stable code (see `docs/validation-codes.md`).
    pub code: String,
    /// What is wrong.
    pub message: String,
}

impl Rejection {
    /// A rejection with a code from a code table (such as
    /// [`codes::FUTURE_RECORD`](crate::codes::FUTURE_RECORD)).
    pub fn new(code: &CodeInfo, location: Location, message: impl Into<String>) -> Rejection {
        Rejection {
            location,
            code: code.code.to_string(),
            message: message.into(),
        }
    }
}

/// The report writes a location as its one-line text (`file:line:column`,
/// `file[3]#/pointer`), as it always has; reading it back parses that text.
#[cfg(feature = "serde")]
mod location_text {
    use upskill_diagnostics::Location;

    pub(super) fn serialize<S: serde::Serializer>(
        location: &Location,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.collect_str(location)
    }

    pub(super) fn deserialize<'de, D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Location, D::Error> {
        let text = <String as serde::Deserialize>::deserialize(deserializer)?;
        Ok(Location::parse_display(&text))
    }
}

/// What happened to every input record.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct Ledger {
    /// Records read: always the sum of `fates`.
    pub records_read: u64,
    /// Records by fate.
    pub fates: Fates,
    /// Finer counts.
    pub detail: FateDetail,
    /// Rejected records in reading order (at most the listing cap).
    pub rejections: Vec<Rejection>,
    /// Rejected records beyond the listing cap.
    pub rejections_not_listed: u64,
    /// Learner ids not in the roster, with their record counts (at most the listing cap).
    pub unknown_learners: Vec<UnknownLearner>,
    /// Records of unknown learner ids beyond the listing cap: a count of
    /// *records*, not of ids, because ids past the cap are not kept (that
    /// is what keeps memory bounded), so their number is not known.
    pub unknown_learners_not_listed: u64,
}

/// A learner id seen in records but not in the roster.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct UnknownLearner {
    /// The id as written.
    pub learner_id: String,
    /// How many records named it.
    pub records: u64,
}

/// The period judged and the moment it was judged at.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct PeriodSummary {
    /// First week.
    pub first_week: Week,
    /// Last week.
    pub last_week: Week,
    /// Number of weeks.
    pub weeks: u64,
    /// First instant of the period (RFC 3339, UTC).
    pub starts_at: String,
    /// First instant after the period (RFC 3339, UTC).
    pub ends_at: String,
    /// The instant the period is judged at (RFC 3339, UTC).
    pub as_of: String,
    /// True when `as_of` is at or after the period's end.
    pub closed: bool,
    /// Weeks over at `as_of`.
    pub closed_weeks: u64,
}

/// The organisation judged.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct OrganisationSummary {
    /// Short id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// IANA time zone of its weeks.
    pub time_zone: String,
    /// The day its weeks start on.
    pub week_start: String,
    /// `advisory` or `enforcing`: the pledge's mode.
    pub mode: upskill_pledge::Mode,
}

/// The engine's answer for one organisation and period.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(deny_unknown_fields, rename = "AssessmentReport")
)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct Assessment {
    /// Report format version: 1.
    pub schema_version: u32,
    /// `met`, `not_met`, `on_track`, `at_risk` or `insufficient_data`.
    pub verdict: Verdict,
    /// One sentence saying why.
    pub explanation: String,
    /// The organisation.
    pub organisation: OrganisationSummary,
    /// The period.
    pub period: PeriodSummary,
    /// Each target criterion.
    pub criteria: Vec<Criterion>,
    /// Organisation metrics.
    pub metrics: Metrics,
    /// Learners per band.
    pub bands: BandCounts,
    /// Week by week.
    pub weekly: Vec<WeekSummary>,
    /// Per team, small teams folded into `other`.
    pub teams: Vec<TeamSummary>,
    /// For a running period: what the rest must achieve.
    pub forecast: Option<Forecast>,
    /// Per learner, per week.
    pub learners: Vec<LearnerResult>,
    /// The fate of every record.
    pub ledger: Ledger,
    /// The DMA Code People-principle scorecard (`docs/people.md`): what the
    /// engine measured ([`Assessment::people_scorecard`]) with the
    /// organisation's own evidence from its People-principle file. Only when
    /// such a file was given; absent otherwise (the engine alone never sets
    /// it), so a report without one is unchanged.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub people: Option<upskill_people::Scorecard>,
    /// The per-learner detail the report holds; absent means `learners` (all
    /// of it). `teams` and `none` are reports meant for sharing.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Detail::is_learners")
    )]
    pub detail: Detail,
}
