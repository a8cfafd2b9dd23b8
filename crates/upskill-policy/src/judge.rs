//! From the partial state to the assessment: per learner-week requirements
//! and statuses, carry-forward, bands, metrics, criteria, verdict, forecast.

use std::collections::BTreeMap;

use chrono::DateTime;
use upskill_pledge::{PPM, PledgeVersion, Proportion};
use upskill_quota::{WeekStatus, requirement};
use upskill_session::normalise;

use crate::assessment::{
    Assessment, Band, BandCounts, Criterion, Forecast, LearnerForecast, LearnerResult, LearnerWeek,
    LearnerWeekStatus, Ledger, Metrics, OrganisationSummary, PeriodSummary, REPORT_SCHEMA_VERSION,
    TeamSummary, UnknownLearner, Verdict, WeekSummary,
};
use crate::assessor::{Context, State, trim_rejections};

const MS_PER_MINUTE: u64 = 60_000;

/// `numerator / denominator` rounded to six decimals, exactly (half up).
pub(crate) fn rate(numerator: u64, denominator: u64) -> Option<f64> {
    if denominator == 0 {
        return None;
    }
    let ppm = (u128::from(numerator) * u128::from(PPM) * 2 + u128::from(denominator))
        / (2 * u128::from(denominator));
    Some(ppm as f64 / f64::from(PPM))
}

fn band_of(met: u32, eligible: u32, version: &PledgeVersion) -> Option<Band> {
    if eligible == 0 {
        return None;
    }
    let (met, eligible) = (u64::from(met), u64::from(eligible));
    Some(if version.bands.most_weeks.is_met_by(met, eligible) {
        Band::MostWeeks
    } else if version.bands.some_weeks.is_met_by(met, eligible) {
        Band::SomeWeeks
    } else {
        Band::Rarely
    })
}

#[derive(Default)]
struct TeamTally {
    learners: u64,
    participating: u64,
    eligible: u64,
    met: u64,
    bands: BandCounts,
}

pub(crate) fn finish(ctx: &Context, mut state: State) -> Assessment {
    let calendar = ctx.pledge.calendar();
    let weeks = ctx.grid.weeks();
    let versions = ctx.pledge.versions();
    let closed: Vec<bool> = (0..weeks.len())
        .map(|j| {
            ctx.grid
                .interval_ms(j)
                .is_some_and(|(_, end)| end <= ctx.as_of_ms)
        })
        .collect();
    let period_closed = ctx.grid.end_ms() <= ctx.as_of_ms;
    let last_version = versions
        .get(ctx.week_versions.last().copied().unwrap_or(0))
        .cloned()
        .unwrap_or_default();

    let mut weekly: Vec<WeekSummary> = weeks
        .iter()
        .enumerate()
        .map(|(j, week)| WeekSummary {
            week: *week,
            pledge_version: ctx.week_versions.get(j).copied().unwrap_or(0),
            eligible: 0,
            met: 0,
            exempt: 0,
            rate: None,
            credited_minutes: 0,
            open: !closed.get(j).copied().unwrap_or(false),
        })
        .collect();
    let mut metrics = Metrics {
        learners_in_roster: ctx.learners.len() as u64,
        ..Metrics::default()
    };
    let mut bands = BandCounts::default();
    let mut teams: BTreeMap<String, TeamTally> = BTreeMap::new();
    let mut learners = Vec::with_capacity(ctx.learners.len());
    let mut forecasts = Vec::new();
    let (mut open_eligible, mut open_met, mut open_unmet) = (0u64, 0u64, 0u64);

    for (index, id) in ctx.learners.iter().enumerate() {
        let Some(learner) = ctx.roster.get(id) else {
            continue;
        };
        let leave = ctx.leave.for_learner(id);
        // Taken out of the state so its memory is freed learner by learner.
        let mut spans = state
            .spans
            .get_mut(index)
            .map(std::mem::take)
            .unwrap_or_default();
        let normalised = normalise(&mut spans, &ctx.limits, &ctx.grid, calendar);
        drop(spans);
        state.fates.credited += normalised.kept;
        state.fates.duplicate += normalised.duplicates();
        state.fates.not_creditable += normalised.not_creditable();
        let detail = &mut state.detail;
        detail.too_short += normalised.too_short;
        detail.kind_not_creditable += normalised.excluded_kind;
        detail.self_reported_not_counted += normalised.excluded_self_reported;
        detail.duplicate_ids += normalised.duplicate_ids;
        detail.conflicting_ids += normalised.conflicting_ids;
        detail.duplicate_content += normalised.duplicate_content;
        detail.capped += normalised.capped;
        detail.clipped_to_period += normalised.clipped_to_period;
        detail.recorded_minutes += normalised.recorded_ms / MS_PER_MINUTE;
        let union_ms = normalised.credited_ms() + normalised.daily_capped_ms;
        detail.overlap_minutes += normalised.recorded_ms.saturating_sub(union_ms) / MS_PER_MINUTE;
        detail.daily_cap_minutes += normalised.daily_capped_ms / MS_PER_MINUTE;

        let mut bank: u64 = 0;
        let mut result = LearnerResult {
            learner_id: id.to_string(),
            team: learner.team().unwrap_or("unassigned").to_string(),
            band: None,
            eligible_weeks: 0,
            met_weeks: 0,
            rate: None,
            credited_minutes: 0,
            missing_minutes: 0,
            weeks: Vec::with_capacity(weeks.len()),
        };
        let (mut still_needed, mut weeks_open) = (0u64, 0u32);
        let mut credited_closed = 0u64;
        for (j, week) in weeks.iter().enumerate() {
            let version = ctx
                .week_versions
                .get(j)
                .and_then(|v| versions.get(*v))
                .unwrap_or(&last_version);
            let learned = normalised.per_week_ms.get(j).copied().unwrap_or(0) / MS_PER_MINUTE;
            let credited = version.counting.round_credited(learned);
            let carry_cap = version
                .counting
                .carry_forward_cap_minutes
                .map(|c| u64::from(c.get()));
            let required = requirement(learner, leave, calendar, version, *week);
            // The bank is capped by the cap of the week it flows into (so a
            // version lowering the cap takes effect at once), and emptied by a
            // week the learner is not employed: learning before joining is no surplus.
            let carried_in = match required {
                upskill_quota::Requirement::NotEmployed => 0,
                _ => carry_cap.map_or(0, |cap| bank.min(cap)),
            };
            let total = credited + carried_in;
            let status = WeekStatus::judge(required, total);
            let required_minutes = required.minutes().unwrap_or(0);
            bank = match (carry_cap, required) {
                (_, upskill_quota::Requirement::NotEmployed) | (None, _) => 0,
                (Some(cap), _) => cap.min(total.saturating_sub(u64::from(required_minutes))),
            };
            let open = weekly.get(j).is_some_and(|w| w.open);

            result.credited_minutes += credited;
            if !open {
                credited_closed += credited;
            }
            let summary = weekly.get_mut(j);
            if let Some(summary) = summary {
                summary.credited_minutes += credited;
                match status {
                    WeekStatus::Met | WeekStatus::Short { .. } => {
                        summary.eligible += 1;
                        if status == WeekStatus::Met {
                            summary.met += 1;
                        }
                    }
                    WeekStatus::Exempt(_) => summary.exempt += 1,
                    WeekStatus::NotEmployed => {}
                }
            }
            if let WeekStatus::Short { missing_minutes } = status {
                result.missing_minutes += u64::from(missing_minutes);
            }
            if open {
                if status.is_eligible() {
                    open_eligible += 1;
                }
                match status {
                    WeekStatus::Met => open_met += 1,
                    WeekStatus::Short { missing_minutes } => {
                        open_unmet += 1;
                        still_needed += u64::from(missing_minutes);
                        weeks_open += 1;
                    }
                    _ => {}
                }
            } else {
                match status {
                    WeekStatus::Met => {
                        result.eligible_weeks += 1;
                        result.met_weeks += 1;
                        metrics.required_minutes += u64::from(required_minutes);
                    }
                    WeekStatus::Short { .. } => {
                        result.eligible_weeks += 1;
                        metrics.required_minutes += u64::from(required_minutes);
                    }
                    WeekStatus::Exempt(_) => metrics.exempt_learner_weeks += 1,
                    WeekStatus::NotEmployed => {}
                }
            }
            result.weeks.push(LearnerWeek {
                week: *week,
                required_minutes,
                credited_minutes: credited,
                carried_in_minutes: carried_in,
                status: match status {
                    WeekStatus::Met => LearnerWeekStatus::Met,
                    WeekStatus::Short { .. } => LearnerWeekStatus::Short,
                    WeekStatus::Exempt(_) => LearnerWeekStatus::Exempt,
                    WeekStatus::NotEmployed => LearnerWeekStatus::NotEmployed,
                },
                missing_minutes: match status {
                    WeekStatus::Short { missing_minutes } => Some(missing_minutes),
                    _ => None,
                },
                reason: match status {
                    WeekStatus::Exempt(reason) => Some(reason.name().to_string()),
                    _ => None,
                },
                open,
            });
        }
        result.band = band_of(result.met_weeks, result.eligible_weeks, &last_version);
        result.rate = rate(
            u64::from(result.met_weeks),
            u64::from(result.eligible_weeks),
        );
        metrics.credited_minutes += result.credited_minutes;
        metrics.eligible_learner_weeks += u64::from(result.eligible_weeks);
        metrics.met_learner_weeks += u64::from(result.met_weeks);
        bands.add(result.band);
        if result.eligible_weeks > 0 {
            metrics.learners_eligible += 1;
            // Like every criterion, participation counts closed weeks only.
            let participating = credited_closed > 0;
            if participating {
                metrics.learners_participating += 1;
            }
            let team = teams.entry(result.team.clone()).or_default();
            team.learners += 1;
            team.participating += u64::from(participating);
            team.eligible += u64::from(result.eligible_weeks);
            team.met += u64::from(result.met_weeks);
            team.bands.add(result.band);
        }
        if !period_closed && still_needed > 0 {
            forecasts.push(LearnerForecast {
                learner_id: result.learner_id.clone(),
                minutes_still_needed: still_needed,
                weeks_open,
            });
        }
        learners.push(result);
    }
    for summary in &mut weekly {
        summary.rate = rate(summary.met, summary.eligible);
    }
    metrics.learner_week_rate = rate(metrics.met_learner_weeks, metrics.eligible_learner_weeks);
    metrics.participation_rate = rate(metrics.learners_participating, metrics.learners_eligible);

    let criteria = criteria(&last_version, &metrics, &bands);
    let forecast = (!period_closed).then(|| {
        forecasts.sort_by(|a, b| {
            b.minutes_still_needed
                .cmp(&a.minutes_still_needed)
                .then_with(|| a.learner_id.cmp(&b.learner_id))
        });
        forecast(
            &last_version,
            &metrics,
            open_eligible,
            open_met,
            open_unmet,
            &weekly,
            forecasts,
        )
    });
    let total_eligible = metrics.eligible_learner_weeks + open_eligible;
    let (verdict, explanation) = verdict(
        period_closed,
        total_eligible,
        &metrics,
        &criteria,
        forecast.as_ref(),
    );

    trim_rejections(&mut state, ctx.options.rejections_listed);
    let ledger = Ledger {
        records_read: state.records_read,
        fates: state.fates,
        detail: state.detail,
        rejections: state.rejections,
        rejections_not_listed: state.rejections_not_listed,
        unknown_learners: state
            .unknown
            .into_iter()
            .map(|(learner_id, records)| UnknownLearner {
                learner_id,
                records,
            })
            .collect(),
        unknown_learners_not_listed: state.unknown_records_not_listed,
    };
    let rfc = |ms: i64| {
        DateTime::from_timestamp_millis(ms)
            .map(|t| t.to_rfc3339())
            .unwrap_or_default()
    };
    Assessment {
        schema_version: REPORT_SCHEMA_VERSION,
        verdict,
        explanation,
        organisation: OrganisationSummary {
            id: ctx.pledge.organisation().id().to_string(),
            name: ctx.pledge.organisation().name().to_string(),
            time_zone: calendar.zone().name().to_string(),
            week_start: calendar.week_start().name().to_string(),
            mode: ctx.pledge.mode(),
        },
        period: PeriodSummary {
            first_week: ctx.period.first(),
            last_week: ctx.period.last(),
            weeks: weeks.len() as u64,
            starts_at: rfc(ctx.grid.start_ms()),
            ends_at: rfc(ctx.grid.end_ms()),
            as_of: ctx.as_of.to_rfc3339(),
            closed: period_closed,
            closed_weeks: closed.iter().filter(|c| **c).count() as u64,
        },
        criteria,
        metrics,
        bands,
        weekly,
        teams: team_rows(teams, ctx.options.team_min_learners),
        forecast,
        learners,
        ledger,
        people: None,
    }
}

fn criterion(
    name: &str,
    description: &str,
    threshold: Proportion,
    numerator: u64,
    denominator: u64,
) -> Criterion {
    Criterion {
        name: name.to_string(),
        description: description.to_string(),
        measured: rate(numerator, denominator),
        threshold: threshold.to_f64(),
        passed: (denominator > 0).then(|| threshold.is_met_by(numerator, denominator)),
        numerator,
        denominator,
    }
}

fn criteria(version: &PledgeVersion, metrics: &Metrics, bands: &BandCounts) -> Vec<Criterion> {
    let target = &version.target;
    let mut out = Vec::new();
    if let Some(t) = target.learner_week_rate {
        out.push(criterion(
            "learner_week_rate",
            "met learner-weeks over eligible learner-weeks",
            t,
            metrics.met_learner_weeks,
            metrics.eligible_learner_weeks,
        ));
    }
    if let Some(t) = target.participation_rate {
        out.push(criterion(
            "participation_rate",
            "learners with any credited time over learners with an eligible week",
            t,
            metrics.learners_participating,
            metrics.learners_eligible,
        ));
    }
    if let Some(t) = target.most_weeks_share {
        out.push(criterion(
            "most_weeks_share",
            "learners in the most_weeks band over learners with a band",
            t,
            bands.most_weeks,
            bands.banded(),
        ));
    }
    out
}

fn forecast(
    version: &PledgeVersion,
    metrics: &Metrics,
    open_eligible: u64,
    open_met: u64,
    open_unmet: u64,
    weekly: &[WeekSummary],
    learners: Vec<LearnerForecast>,
) -> Forecast {
    let open_weeks = weekly.iter().filter(|w| w.open).count() as u64;
    let (needed, still_needed, required_rate, reachable) = match version.target.learner_week_rate {
        Some(t) => {
            let total = metrics.eligible_learner_weeks + open_eligible;
            let needed = (u128::from(t.ppm()) * u128::from(total)).div_ceil(u128::from(PPM));
            let needed = u64::try_from(needed).unwrap_or(u64::MAX);
            let still = needed.saturating_sub(metrics.met_learner_weeks + open_met);
            (
                needed,
                still,
                rate(still, open_unmet).or((still == 0).then_some(0.0)),
                still <= open_unmet,
            )
        }
        None => (0, 0, None, true),
    };
    Forecast {
        open_weeks,
        remaining_learner_weeks: open_unmet,
        met_learner_weeks_needed: needed,
        met_learner_weeks_still_needed: still_needed,
        required_rate_remaining: required_rate,
        reachable,
        learners,
    }
}

fn describe(c: &Criterion) -> String {
    let measured = c
        .measured
        .map_or_else(|| "not measurable".to_string(), |m| format!("{m}"));
    format!(
        "{} {} ({} of {}) against {}",
        c.name.replace('_', " "),
        measured,
        c.numerator,
        c.denominator,
        c.threshold
    )
}

fn verdict(
    closed: bool,
    total_eligible: u64,
    metrics: &Metrics,
    criteria: &[Criterion],
    forecast: Option<&Forecast>,
) -> (Verdict, String) {
    if total_eligible == 0 || (closed && metrics.eligible_learner_weeks == 0) {
        return (
            Verdict::InsufficientData,
            "no learner-week is eligible in the period: every learner is exempt or not employed"
                .to_string(),
        );
    }
    let failed: Vec<&Criterion> = criteria
        .iter()
        .filter(|c| c.passed == Some(false))
        .collect();
    if closed {
        if failed.is_empty() {
            let passed: Vec<String> = criteria.iter().map(describe).collect();
            let text = if passed.is_empty() {
                "the pledge sets no target criteria, so none can fail".to_string()
            } else {
                format!("every criterion passed: {}", passed.join("; "))
            };
            (Verdict::Met, text)
        } else {
            let text: Vec<String> = failed.iter().map(|c| describe(c)).collect();
            (
                Verdict::NotMet,
                format!("below target: {}", text.join("; ")),
            )
        }
    } else {
        let unreachable = forecast.is_some_and(|f| !f.reachable);
        if !failed.is_empty() || unreachable {
            let mut reasons: Vec<String> = failed
                .iter()
                .map(|c| format!("so far {}", describe(c)))
                .collect();
            if let Some(f) = forecast.filter(|f| !f.reachable) {
                reasons.push(format!(
                    "the learner-week-rate target is out of reach: {} more met learner-weeks needed with {} left",
                    f.met_learner_weeks_still_needed, f.remaining_learner_weeks
                ));
            }
            (Verdict::AtRisk, reasons.join("; "))
        } else {
            let tail = forecast
                .and_then(|f| f.required_rate_remaining)
                .map(|r| format!("; the remaining learner-weeks need a rate of {r}"))
                .unwrap_or_default();
            (
                Verdict::OnTrack,
                format!("no criterion fails so far and the target is reachable{tail}"),
            )
        }
    }
}

fn team_rows(teams: BTreeMap<String, TeamTally>, min_learners: u64) -> Vec<TeamSummary> {
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
        // The one small-cell rule (`upskill_people::suppressed_cells`, which
        // representation reports apply too), `other` as the last cell: an
        // `other` under `min_learners` is withheld, and so is the smallest
        // shown team (the last by name among equals), since the
        // organisation totals minus the shown teams would give `other` back.
        let cells: Vec<u64> = rows
            .iter()
            .map(|r| r.learners)
            .chain([other.learners])
            .collect();
        let hidden = upskill_people::suppressed_cells(&cells, min_learners);
        for (row, _) in rows.iter_mut().zip(&hidden).filter(|(_, hide)| **hide) {
            *row = withheld(std::mem::take(&mut row.team), None, row.learners);
        }
        if hidden.last() == Some(&true) {
            rows.push(withheld("other".to_string(), Some(folded), other.learners));
        } else {
            rows.push(shown("other".to_string(), Some(folded), &other));
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

#[cfg(test)]
mod tests {
    #![allow(
        clippy::unwrap_used,
        reason = "test code: a panic is a failed test, not a crash a user sees"
    )]

    use proptest::prelude::*;

    use super::*;

    /// The team table's complementary suppression as it was before it called
    /// the shared small-cell rule: the rows must not change.
    fn team_rows_before(teams: BTreeMap<String, TeamTally>, min_learners: u64) -> Vec<TeamSummary> {
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
            }
        }
        if folded > 0 {
            let smallest = rows.iter_mut().min_by(|a, b| {
                a.learners
                    .cmp(&b.learners)
                    .then_with(|| b.team.cmp(&a.team))
            });
            if let (true, Some(smallest)) = (other.learners < min_learners, smallest) {
                *smallest = withheld(std::mem::take(&mut smallest.team), None, smallest.learners);
            }
            if other.learners >= min_learners {
                rows.push(shown("other".to_string(), Some(folded), &other));
            } else {
                rows.push(withheld("other".to_string(), Some(folded), other.learners));
            }
        }
        rows
    }

    proptest! {
        #[test]
        fn the_shared_small_cell_rule_keeps_the_team_table(
            teams in proptest::collection::btree_map(
                prop_oneof![Just("other".to_string()), "[a-e]{1,2}"],
                (0u64..12, 0u64..40),
                0..8,
            ),
            min_learners in 0u64..8,
        ) {
            let tallies = || -> BTreeMap<String, TeamTally> { teams
                .iter()
                .map(|(name, &(learners, eligible))| {
                    let tally = TeamTally {
                        learners,
                        participating: learners / 2,
                        eligible,
                        met: eligible / 3,
                        bands: BandCounts::default(),
                    };
                    (name.clone(), tally)
                })
                .collect() };
            prop_assert_eq!(
                team_rows(tallies(), min_learners),
                team_rows_before(tallies(), min_learners)
            );
        }
    }
}
