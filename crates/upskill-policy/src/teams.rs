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
        // Shown teams all have at least `min_learners`; `other` under the
        // minimum is withheld. Under the exact rule, the one small-cell rule
        // of every table upskill publishes (`upskill_people::suppressed_cells`)
        // then withholds the smallest shown team too (else the organisation
        // totals minus the shown teams would give `other` back); cells are
        // the rows in team order, `other` last, with their exact counts. A
        // rounded table needs no complementary cell: its totals are rounded
        // too (`crate::disclosure`).
        let hidden = if rule.complementary_suppression() {
            let mut counts: Vec<u64> = rows.iter().map(|r| r.learners).collect();
            counts.push(other.learners);
            upskill_people::suppressed_cells(&counts, min_learners)
        } else {
            let mut hidden = vec![false; rows.len()];
            hidden.push(other.learners < min_learners);
            hidden
        };
        for (row, hide) in rows.iter_mut().zip(&hidden) {
            if *hide {
                *row = withheld(std::mem::take(&mut row.team), None, row.learners);
            }
        }
        if hidden.last().copied().unwrap_or(false) {
            rows.push(withheld("other".to_string(), Some(folded), other.learners));
        } else {
            rows.push(shown("other".to_string(), Some(folded), &other));
        }
    }
    rows
}
