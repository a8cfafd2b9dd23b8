//! Disclosure control: what a report may say about small groups and about
//! people (DOMAIN.md "Trust": "Figures meant for sharing (the team table)
//! follow a disclosure-control rule that holds across repeated releases,
//! not only within one report. Per-learner detail is for the organisation
//! itself and can be left out of a report.").
//!
//! **The team table** ([`TeamDisclosure`]). The default follows the practice
//! of national statistics offices for small counts (the UK Office for
//! National Statistics rounds published counts to a base of 5 and derives
//! rates from the rounded counts; a minimum cell size decides whether a row
//! is published at all):
//!
//! - every count of a team row (`learners`, `eligible_learner_weeks`,
//!   `met_learner_weeks`, band counts) is rounded to the nearest multiple of
//!   the base (5), halves up; its rates are computed from the rounded counts;
//! - a team with fewer learners than the minimum (`Options::team_min_learners`,
//!   5) is folded into `other`, and `other` is withheld below the minimum;
//! - there is no complementary suppression: which rows are withheld depends
//!   only on each row's own size, and every published count carries its own
//!   rounding, so subtracting the shown rows of one report, or of two
//!   reports, from the organisation totals gives a range, not a group's or a
//!   person's figures.
//!
//! The rule is a pure function of each row's own counts, so it is the same
//! in every release: the pattern cannot change with a joiner the way
//! complementary suppression did (case
//! `reliability/privacy-suppression-differencing`).
//!
//! What it does not protect (stated in docs/rules.md): the organisation
//! totals, the weekly series and the criteria are exact (the verdict is
//! decided and explained on exact counts), so two reports of the same period
//! whose rosters differ by one person give that person's figures by
//! subtracting their organisation totals. Rounding protects the team table,
//! not a pair of exact totals.
//!
//! **Per-learner detail** ([`Detail`]): `Learners` (the default) keeps every
//! per-learner row; `Teams` leaves out `learners[]`, the forecast's learner
//! list and the unknown learner ids; `None` leaves out the team table too.

use crate::assessment::{Assessment, BandCounts, TeamSummary};
use crate::teams::TeamTally;
use crate::verdict::rate;

/// How the team table protects small groups.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TeamDisclosure {
    /// Every count of a shown row rounded to the nearest multiple of `base`
    /// (halves up), rates from the rounded counts, rows under the minimum
    /// size withheld, no complementary suppression. Holds across releases
    /// (see the module docs). The default, with `base` 5.
    Rounded {
        /// The rounding base (at least 1; 1 publishes exact counts).
        base: u64,
    },
    /// Exact counts, with complementary suppression of the smallest shown
    /// team when `other` is withheld. Holds within one report only: two
    /// reports whose rosters differ by one learner can give a withheld
    /// group, then one person, back (the rule before 2026-11).
    Exact,
}

impl Default for TeamDisclosure {
    fn default() -> Self {
        TeamDisclosure::Rounded { base: 5 }
    }
}

impl TeamDisclosure {
    /// Whether the rule withholds the smallest shown team alongside a
    /// withheld `other` (only [`TeamDisclosure::Exact`]).
    pub(crate) fn complementary_suppression(self) -> bool {
        matches!(self, TeamDisclosure::Exact)
    }

    /// A count as published under this rule.
    pub(crate) fn count(self, n: u64) -> u64 {
        match self {
            TeamDisclosure::Rounded { base } if base > 1 => round_to_base(n, base),
            _ => n,
        }
    }
}

/// `n` rounded to the nearest multiple of `base` (`base >= 1`), halves up:
/// with base 5, 0-2 give 0, 3-7 give 5, 8-12 give 10.
///
/// # Example
///
/// ```
/// use upskill_policy::round_to_base;
///
/// assert_eq!(round_to_base(2, 5), 0);
/// assert_eq!(round_to_base(3, 5), 5);
/// assert_eq!(round_to_base(12, 5), 10);
/// ```
pub fn round_to_base(n: u64, base: u64) -> u64 {
    let base = base.max(1);
    n.saturating_add(base / 2) / base * base
}

/// Which per-learner detail a report holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub enum Detail {
    /// Everything: per-learner rows, forecast per learner, unknown learner ids
    /// (the default; for the organisation itself).
    #[default]
    Learners,
    /// No per-learner detail: `learners` is empty, the forecast lists no
    /// learners, unknown learner ids are counted, not listed. The team table
    /// and organisation figures stay.
    Teams,
    /// As `Teams`, and no team table either.
    None,
}

impl Detail {
    /// Whether this is [`Detail::Learners`] (the report says nothing then).
    pub fn is_learners(&self) -> bool {
        matches!(self, Detail::Learners)
    }
}

/// A shown team row under `rule`: counts as published, rates from them.
pub(crate) fn shown_row(
    team: String,
    teams_folded: Option<u64>,
    t: &TeamTally,
    rule: TeamDisclosure,
) -> TeamSummary {
    let eligible = rule.count(t.eligible);
    let met = rule.count(t.met);
    let learners = rule.count(t.learners);
    TeamSummary {
        team,
        teams_folded,
        learners,
        suppressed: false,
        eligible_learner_weeks: Some(eligible),
        met_learner_weeks: Some(met),
        learner_week_rate: rate(met, eligible),
        participation_rate: rate(rule.count(t.participating), learners),
        bands: Some(BandCounts {
            most_weeks: rule.count(t.bands.most_weeks),
            some_weeks: rule.count(t.bands.some_weeks),
            rarely: rule.count(t.bands.rarely),
            no_band: rule.count(t.bands.no_band),
        }),
    }
}

/// A withheld row: only its (published) learner count.
pub(crate) fn withheld_row(
    team: String,
    teams_folded: Option<u64>,
    learners: u64,
    rule: TeamDisclosure,
) -> TeamSummary {
    TeamSummary {
        team,
        teams_folded,
        learners: rule.count(learners),
        suppressed: true,
        eligible_learner_weeks: None,
        met_learner_weeks: None,
        learner_week_rate: None,
        participation_rate: None,
        bands: None,
    }
}

/// Leaves out of `assessment` what `detail` does not hold. Counts stay:
/// the records of unknown learner ids left out are added to
/// `unknown_learners_not_listed` (a count of records).
pub(crate) fn apply_detail(assessment: &mut Assessment, detail: Detail) {
    assessment.detail = detail;
    if detail == Detail::Learners {
        return;
    }
    assessment.learners = Vec::new();
    if let Some(forecast) = assessment.forecast.as_mut() {
        forecast.learners = Vec::new();
    }
    let ledger = &mut assessment.ledger;
    let unlisted: u64 = ledger.unknown_learners.iter().map(|u| u.records).sum();
    ledger.unknown_learners_not_listed += unlisted;
    ledger.unknown_learners = Vec::new();
    if detail == Detail::None {
        assessment.teams = Vec::new();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding_to_base_five_is_nearest_halves_up() {
        let rounded: Vec<u64> = (0..=13).map(|n| round_to_base(n, 5)).collect();
        assert_eq!(rounded, [0, 0, 0, 5, 5, 5, 5, 5, 10, 10, 10, 10, 10, 15]);
        assert_eq!(round_to_base(7, 1), 7);
        assert_eq!(round_to_base(7, 0), 7);
        assert_eq!(round_to_base(u64::MAX, 5) % 5, 0);
    }

    #[test]
    fn exact_publishes_counts_as_they_are() {
        assert_eq!(TeamDisclosure::Exact.count(3), 3);
        assert_eq!(TeamDisclosure::default().count(3), 5);
        assert!(TeamDisclosure::Exact.complementary_suppression());
        assert!(!TeamDisclosure::default().complementary_suppression());
    }
}
