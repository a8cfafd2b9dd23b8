//! The team table: per-team tallies, small teams folded into `other`, rows
//! under the minimum size withheld, and each row published under the
//! disclosure rule (`crate::disclosure`; docs/rules.md, "Judging the
//! organisation").

use std::collections::BTreeMap;

use crate::assessment::{BandCounts, TeamSummary};
use crate::disclosure::{TeamDisclosure, shown_row, withheld_row};

/// One team's counts, gathered learner by learner.
#[derive(Debug, Default)]
pub(crate) struct TeamTally {
    pub(crate) learners: u64,
    pub(crate) participating: u64,
    pub(crate) eligible: u64,
    pub(crate) met: u64,
    pub(crate) bands: BandCounts,
}

/// The team rows of the report, in team order, `other` last.
pub(crate) fn team_rows(
    teams: BTreeMap<String, TeamTally>,
    min_learners: u64,
    rule: TeamDisclosure,
) -> Vec<TeamSummary> {
    let shown = |name, folded, tally: &TeamTally| shown_row(name, folded, tally, rule);
    let withheld = |name, folded, learners| withheld_row(name, folded, learners, rule);
    let mut rows = Vec::new();
    let mut other = TeamTally::default();
    let mut folded = 0u64;
    for (name, tally) in teams {
        if tally.learners >= min_learners && name != "other" {
            rows.push(shown(name, None, &tally));
        } else {
            folded += 1;
            other.learners += tally.learners;
            other.participating += tally.participating;
            other.eligible += tally.eligible;
            other.met += tally.met;
            other.bands.most_weeks += tally.bands.most_weeks;
            other.bands.some_weeks += tally.bands.some_weeks;
            other.bands.rarely += tally.bands.rarely;
            other.bands.no_band += tally.bands.no_band;
        }
    }
    if folded > 0 {
        if other.learners < min_learners && rule.complementary_suppression() {
            // Complementary suppression: with `other` withheld, the organisation
            // totals minus the shown teams would give it back; withholding the
            // smallest shown team too leaves only a sum of both, of at least
            // `min_learners` learners.
            if let Some(smallest) = rows.iter_mut().min_by(|a, b| {
                a.learners
                    .cmp(&b.learners)
                    .then_with(|| b.team.cmp(&a.team))
            }) {
                *smallest = withheld(std::mem::take(&mut smallest.team), None, smallest.learners);
            }
        }
        if other.learners >= min_learners {
            rows.push(shown("other".to_string(), Some(folded), &other));
        } else {
            rows.push(withheld("other".to_string(), Some(folded), other.learners));
        }
    }
    rows
}
