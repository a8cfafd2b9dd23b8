//! The team table: per-team tallies, small teams folded into `other`, and
//! complementary suppression of groups under the minimum size
//! (docs/rules.md, "Judging the organisation").

use std::collections::BTreeMap;

use crate::assessment::{BandCounts, TeamSummary};
use crate::verdict::rate;

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
pub(crate) fn team_rows(teams: BTreeMap<String, TeamTally>, min_learners: u64) -> Vec<TeamSummary> {
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
        }
    }
    if folded > 0 {
        if other.learners < min_learners {
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

fn withheld(team: String, teams_folded: Option<u64>, learners: u64) -> TeamSummary {
    TeamSummary {
        team,
        teams_folded,
        learners,
        suppressed: true,
        eligible_learner_weeks: None,
        met_learner_weeks: None,
        learner_week_rate: None,
        participation_rate: None,
        bands: None,
    }
}

fn shown(team: String, teams_folded: Option<u64>, t: &TeamTally) -> TeamSummary {
    TeamSummary {
        team,
        teams_folded,
        learners: t.learners,
        suppressed: false,
        eligible_learner_weeks: Some(t.eligible),
        met_learner_weeks: Some(t.met),
        learner_week_rate: rate(t.met, t.eligible),
        participation_rate: rate(t.participating, t.learners),
        bands: Some(t.bands),
    }
}
