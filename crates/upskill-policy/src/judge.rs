//! From the partial state to the assessment, in DOMAIN.md's order:
//!
//! 1. the period's weeks: which are closed at `as_of`, which pledge version
//!    judges each ([`Weeks`]);
//! 2. per learner, the minutes credited each week (`credit`: records to
//!    credited minutes, rounding, carry-forward);
//! 3. per learner-week, the required minutes (`upskill_quota::requirement`)
//!    and the status (`met`, `short`, `exempt`, `not_employed`)
//!    ([`judge_learner`]), tallied for the week, the organisation, the team
//!    and the forecast ([`Tally`]);
//! 4. the organisation: metrics, criteria, forecast and verdict (`verdict`),
//!    the team table (`teams`), and the ledger (`state`).

use std::collections::BTreeMap;

use chrono::DateTime;
use upskill_pledge::PledgeVersion;
use upskill_quota::{Learner, LeaveSpan, WeekStatus, requirement};
use upskill_session::{LearnerId, RecordSpan};

use crate::spans::{LearnerSpans, take_from_slices};

use crate::assessment::{
    Assessment, BandCounts, LearnerForecast, LearnerResult, LearnerWeek, LearnerWeekStatus,
    Metrics, OrganisationSummary, PeriodSummary, REPORT_SCHEMA_VERSION, Verdict, WeekSummary,
};
use crate::assessment::{FateDetail, Fates};
use crate::audit::AuditRow;
use crate::credit::{self, Bank};
use crate::disclosure::{self, Detail};
use crate::record_ids;
use crate::setup::Context;
use crate::state::{State, add_detail, add_fates};
use crate::teams::{TeamTally, team_rows};
use crate::verdict::{band_of, criteria, forecast, rate, verdict};

/// Step 1: the period's weeks as the judge sees them.
struct Weeks<'a> {
    /// Whether each week is over at `as_of`.
    closed: Vec<bool>,
    /// Whether the period's last week is over at `as_of`.
    period_closed: bool,
    /// The version judging each week.
    versions: Vec<Option<&'a PledgeVersion>>,
    /// The version in force in the period's last week: it sets the bands
    /// and the target.
    last: PledgeVersion,
}

impl<'a> Weeks<'a> {
    fn new(ctx: &'a Context) -> Weeks<'a> {
        let all = ctx.pledge.versions();
        let count = ctx.grid.weeks().len();
        Weeks {
            closed: (0..count)
                .map(|j| {
                    ctx.grid
                        .interval_ms(j)
                        .is_some_and(|(_, end)| end <= ctx.as_of_ms)
                })
                .collect(),
            period_closed: ctx.grid.end_ms() <= ctx.as_of_ms,
            versions: (0..count)
                .map(|j| ctx.week_versions.get(j).and_then(|v| all.get(*v)))
                .collect(),
            last: all
                .get(ctx.week_versions.last().copied().unwrap_or(0))
                .cloned()
                .unwrap_or_default(),
        }
    }

    fn version(&self, j: usize) -> &PledgeVersion {
        self.versions
            .get(j)
            .copied()
            .flatten()
            .unwrap_or(&self.last)
    }

    fn is_open(&self, j: usize) -> bool {
        !self.closed.get(j).copied().unwrap_or(false)
    }
}

/// Step 3's running totals over learners: per week, for the organisation,
/// per team, and for the forecast (open weeks).
struct Tally {
    weekly: Vec<WeekSummary>,
    metrics: Metrics,
    bands: BandCounts,
    teams: BTreeMap<String, TeamTally>,
    forecasts: Vec<LearnerForecast>,
    /// Eligible, met and unmet learner-weeks among the open weeks.
    open_eligible: u64,
    open_met: u64,
    open_unmet: u64,
}

impl Tally {
    fn new(ctx: &Context, weeks: &Weeks<'_>) -> Tally {
        Tally {
            weekly: ctx
                .grid
                .weeks()
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
                    open: weeks.is_open(j),
                })
                .collect(),
            metrics: Metrics {
                learners_in_roster: ctx.learners.len() as u64,
                ..Metrics::default()
            },
            bands: BandCounts::default(),
            teams: BTreeMap::new(),
            forecasts: Vec::new(),
            open_eligible: 0,
            open_met: 0,
            open_unmet: 0,
        }
    }

    /// Counts one learner-week in its week's summary and, for an open week,
    /// in the forecast's totals.
    fn add_week(&mut self, j: usize, open: bool, credited: u64, status: WeekStatus) {
        if let Some(summary) = self.weekly.get_mut(j) {
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
        if open {
            if status.is_eligible() {
                self.open_eligible += 1;
            }
            match status {
                WeekStatus::Met => self.open_met += 1,
                WeekStatus::Short { .. } => self.open_unmet += 1,
                _ => {}
            }
        }
    }

    /// Adds the tally of other learners (of another slice, judged apart):
    /// every count is a sum, so the order of slices does not matter but
    /// for the forecasts' order, which the report sorts.
    fn absorb(&mut self, other: Tally) {
        for (mine, theirs) in self.weekly.iter_mut().zip(other.weekly) {
            mine.credited_minutes += theirs.credited_minutes;
            mine.eligible += theirs.eligible;
            mine.met += theirs.met;
            mine.exempt += theirs.exempt;
        }
        let (m, o) = (&mut self.metrics, other.metrics);
        m.credited_minutes += o.credited_minutes;
        m.eligible_learner_weeks += o.eligible_learner_weeks;
        m.met_learner_weeks += o.met_learner_weeks;
        m.required_minutes += o.required_minutes;
        m.exempt_learner_weeks += o.exempt_learner_weeks;
        m.learners_eligible += o.learners_eligible;
        m.learners_participating += o.learners_participating;
        let (b, o) = (&mut self.bands, other.bands);
        b.most_weeks += o.most_weeks;
        b.some_weeks += o.some_weeks;
        b.rarely += o.rarely;
        b.no_band += o.no_band;
        for (name, theirs) in other.teams {
            let team = self.teams.entry(name).or_default();
            team.learners += theirs.learners;
            team.participating += theirs.participating;
            team.eligible += theirs.eligible;
            team.met += theirs.met;
            team.bands.most_weeks += theirs.bands.most_weeks;
            team.bands.some_weeks += theirs.bands.some_weeks;
            team.bands.rarely += theirs.bands.rarely;
            team.bands.no_band += theirs.bands.no_band;
        }
        self.forecasts.extend(other.forecasts);
        self.open_eligible += other.open_eligible;
        self.open_met += other.open_met;
        self.open_unmet += other.open_unmet;
    }

    /// Counts one judged learner in the organisation, its team and the
    /// forecast.
    fn add_learner(&mut self, judged: &Judged, period_closed: bool) {
        let result = &judged.result;
        self.metrics.credited_minutes += result.credited_minutes;
        self.metrics.eligible_learner_weeks += u64::from(result.eligible_weeks);
        self.metrics.met_learner_weeks += u64::from(result.met_weeks);
        self.metrics.required_minutes += judged.required_closed;
        self.metrics.exempt_learner_weeks += judged.exempt_closed;
        self.bands.add(result.band);
        if result.eligible_weeks > 0 {
            self.metrics.learners_eligible += 1;
            // Like every criterion, participation counts closed weeks only.
            let participating = judged.credited_closed > 0;
            if participating {
                self.metrics.learners_participating += 1;
            }
            let team = self.teams.entry(result.team.clone()).or_default();
            team.learners += 1;
            team.participating += u64::from(participating);
            team.eligible += u64::from(result.eligible_weeks);
            team.met += u64::from(result.met_weeks);
            team.bands.add(result.band);
        }
        if !period_closed && judged.still_needed > 0 {
            self.forecasts.push(LearnerForecast {
                learner_id: result.learner_id.clone(),
                minutes_still_needed: judged.still_needed,
                weeks_open: judged.weeks_open,
            });
        }
    }
}

/// One learner, judged week by week.
struct Judged {
    result: LearnerResult,
    /// Required minutes of eligible closed weeks.
    required_closed: u64,
    /// Exempt closed weeks.
    exempt_closed: u64,
    /// Credited minutes of closed weeks (participation).
    credited_closed: u64,
    /// Minutes missing in open weeks, and how many open weeks are short.
    still_needed: u64,
    weeks_open: u32,
}

/// Step 3 for one learner: each week's requirement, credit (rounded, plus
/// carry-forward) and status.
fn judge_learner(
    ctx: &Context,
    weeks: &Weeks<'_>,
    tally: &mut Tally,
    id: &LearnerId,
    learner: &Learner,
    leave: &[LeaveSpan],
    learned: &[u64],
) -> Judged {
    let calendar = ctx.pledge.calendar();
    let keep_weeks = keeps_learners(ctx) && ctx.options.learner_weeks;
    let mut judged = Judged {
        result: LearnerResult {
            learner_id: id.to_string(),
            team: learner.team().unwrap_or("unassigned").to_string(),
            band: None,
            eligible_weeks: 0,
            met_weeks: 0,
            rate: None,
            credited_minutes: 0,
            missing_minutes: 0,
            weeks: Vec::with_capacity(if keep_weeks {
                ctx.grid.weeks().len()
            } else {
                0
            }),
        },
        required_closed: 0,
        exempt_closed: 0,
        credited_closed: 0,
        still_needed: 0,
        weeks_open: 0,
    };
    let result = &mut judged.result;
    let mut bank = Bank::default();
    for (j, week) in ctx.grid.weeks().iter().enumerate() {
        let version = weeks.version(j);
        let credited = credit::rounded(version, learned.get(j).copied().unwrap_or(0));
        let required = requirement(learner, leave, calendar, version, *week);
        let carried_in = bank.carried_in(version, required);
        let total = credited + carried_in;
        let status = WeekStatus::judge(required, total);
        bank.close_week(total, required);
        let required_minutes = required.minutes().unwrap_or(0);
        let open = weeks.is_open(j);
        tally.add_week(j, open, credited, status);

        result.credited_minutes += credited;
        if let WeekStatus::Short { missing_minutes } = status {
            result.missing_minutes += u64::from(missing_minutes);
        }
        if open {
            if let WeekStatus::Short { missing_minutes } = status {
                judged.still_needed += u64::from(missing_minutes);
                judged.weeks_open += 1;
            }
        } else {
            judged.credited_closed += credited;
            match status {
                WeekStatus::Met => {
                    result.eligible_weeks += 1;
                    result.met_weeks += 1;
                    judged.required_closed += u64::from(required_minutes);
                }
                WeekStatus::Short { .. } => {
                    result.eligible_weeks += 1;
                    judged.required_closed += u64::from(required_minutes);
                }
                WeekStatus::Exempt(_) => judged.exempt_closed += 1,
                WeekStatus::NotEmployed => {}
            }
        }
        if !keep_weeks {
            continue;
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
                WeekStatus::Exempt(reason) => Some(reason),
                _ => None,
            },
            open,
        });
    }
    result.band = band_of(result.met_weeks, result.eligible_weeks, &weeks.last);
    result.rate = rate(
        u64::from(result.met_weeks),
        u64::from(result.eligible_weeks),
    );
    judged
}

/// Whether the assessment keeps its per-learner rows (`learners[]`, each
/// with its weeks): only with [`Detail::Learners`](crate::Detail::Learners).
/// With less detail the rows are left out of the report
/// (`disclosure::apply_detail`), so they are not built: a learner is judged,
/// tallied and dropped. At 10^7 records (176,750 learners x 52 weeks) the
/// rows are about 9.2 million learner-weeks, some 350 MiB.
fn keeps_learners(ctx: &Context) -> bool {
    ctx.options.detail.is_learners()
}

/// Finishes an assessment: steps 1 to 4 above.
/// DOMAIN.md ("Trust"): when records were read but none earns credit for
/// data reasons (every one outside the period, of a learner not on the
/// roster, or rejected), the data cannot support a judgement: "nobody
/// learned" would be false. The cause, with its counts, is the explanation.
/// Records that are valid but not creditable under the pledge (a kind it
/// does not credit) are a judgement, not a data fault: they keep the
/// ordinary verdict.
fn no_credit_for_data_reasons(ledger: &crate::assessment::Ledger) -> Option<String> {
    let f = &ledger.fates;
    let data = f.outside_period + f.unknown_learner + f.rejected;
    if ledger.records_read == 0 || f.credited > 0 || f.not_creditable > 0 || data == 0 {
        return None;
    }
    let mut causes = Vec::new();
    for (n, what) in [
        (f.outside_period, "outside the period"),
        (f.unknown_learner, "by learners not on the roster"),
        (f.rejected, "rejected"),
        (f.duplicate, "duplicates"),
    ] {
        if n > 0 {
            causes.push(format!("{n} {what}"));
        }
    }
    Some(format!(
        "no record earns credit, so the data cannot support a verdict: of {} records read, {}",
        ledger.records_read,
        causes.join(", ")
    ))
}

/// Fewest learners per thread worth a thread of their own in [`finish`].
const MIN_LEARNERS_PER_THREAD: usize = 512;

/// Finishes an assessment: steps 1 to 4 above, steps 2 and 3 for learners
/// in `threads` slices at once (the audit, when kept, on one). The result is
/// the same for any number of threads: every learner is judged alone, and
/// the slices' tallies are sums.
pub(crate) fn finish(
    ctx: &Context,
    mut state: State,
    threads: usize,
) -> (Assessment, Vec<AuditRow>) {
    // 1. The weeks.
    let weeks = Weeks::new(ctx);
    // DOMAIN.md: a record id used by two learners is one record, not two.
    record_ids::count_reused_across_learners(&mut state, ctx.packing);
    let threads = threads
        .min(ctx.learners.len() / MIN_LEARNERS_PER_THREAD)
        .max(1);
    // Learners are judged on several threads only without the audit and
    // without time totals (both are kept in `state`, learner by learner).
    let no_totals = state.totals.iter().all(Vec::is_empty);
    let (tally, learners) = if state.audit.is_none() && no_totals && threads > 1 {
        judge_in_slices(ctx, &weeks, &mut state, threads)
    } else {
        judge_in_order(ctx, &weeks, &mut state)
    };
    let mut rows = state.audit.take().map(|a| a.rows).unwrap_or_default();
    rows.sort_by(|a, b| {
        (&a.location, &a.record_id, &a.learner_id).cmp(&(&b.location, &b.record_id, &b.learner_id))
    });
    // 4. The organisation.
    (organisation(ctx, &weeks, tally, learners, state), rows)
}

/// Steps 2 and 3 for every learner, on `threads` threads, each judging a
/// contiguous slice of the learners with its own tally and fate counts;
/// the slices are then added up in learner order.
fn judge_in_slices(
    ctx: &Context,
    weeks: &Weeks<'_>,
    state: &mut State,
    threads: usize,
) -> (Tally, Vec<LearnerResult>) {
    let mut tables = state.spans.take_tables(ctx.learners.len());
    let size = ctx.learners.len().div_ceil(threads).max(1);
    // Each thread gets its learners' part of every table.
    let mut parts: Vec<Vec<&mut [LearnerSpans]>> =
        ctx.learners.chunks(size).map(|_| Vec::new()).collect();
    for table in &mut tables {
        for (part, chunk) in parts.iter_mut().zip(table.chunks_mut(size)) {
            part.push(chunk);
        }
    }
    let slices: Vec<Slice> = std::thread::scope(|scope| {
        let handles: Vec<_> = parts
            .into_iter()
            .zip(ctx.learners.chunks(size))
            .map(|(spans, ids)| scope.spawn(move || judge_slice(ctx, weeks, spans, ids)))
            .collect();
        handles
            .into_iter()
            // A slice's panic is the one judging its learners in order would
            // have raised: passed on as it is.
            .map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    });
    let mut tally = Tally::new(ctx, weeks);
    let mut learners = Vec::with_capacity(if keeps_learners(ctx) {
        ctx.learners.len()
    } else {
        0
    });
    for slice in slices {
        tally.absorb(slice.tally);
        add_fates(&mut state.fates, &slice.fates);
        add_detail(&mut state.detail, &slice.detail);
        learners.extend(slice.learners);
    }
    (tally, learners)
}

/// What one thread of [`judge_in_slices`] found.
struct Slice {
    tally: Tally,
    fates: Fates,
    detail: FateDetail,
    learners: Vec<LearnerResult>,
}

impl Slice {
    fn new(ctx: &Context, weeks: &Weeks<'_>) -> Slice {
        Slice {
            tally: Tally::new(ctx, weeks),
            fates: Fates::default(),
            detail: FateDetail::default(),
            learners: Vec::new(),
        }
    }
}

fn judge_slice(
    ctx: &Context,
    weeks: &Weeks<'_>,
    mut spans: Vec<&mut [LearnerSpans]>,
    ids: &[LearnerId],
) -> Slice {
    let mut slice = Slice::new(ctx, weeks);
    let keep = keeps_learners(ctx);
    if keep {
        slice.learners.reserve(ids.len());
    }
    // One learner's intervals, unpacked (the list reused from learner to learner).
    let mut unpacked: Vec<RecordSpan> = Vec::new();
    for (j, id) in ids.iter().enumerate() {
        let Some(learner) = ctx.roster.get(id) else {
            continue;
        };
        take_from_slices(&mut spans, j, ctx.packing, &mut unpacked);
        let learned =
            credit::learned_minutes_of(ctx, &mut unpacked, &mut slice.fates, &mut slice.detail);
        let judged = judge_learner(
            ctx,
            weeks,
            &mut slice.tally,
            id,
            learner,
            ctx.leave.for_learner(id),
            &learned,
        );
        slice.tally.add_learner(&judged, weeks.period_closed);
        if keep {
            slice.learners.push(judged.result);
        }
    }
    slice
}

/// Steps 2 and 3 for every learner, in order, on this thread.
fn judge_in_order(
    ctx: &Context,
    weeks: &Weeks<'_>,
    state: &mut State,
) -> (Tally, Vec<LearnerResult>) {
    let mut tally = Tally::new(ctx, weeks);
    let keep = keeps_learners(ctx);
    let mut learners = Vec::with_capacity(if keep { ctx.learners.len() } else { 0 });
    for (index, id) in ctx.learners.iter().enumerate() {
        let Some(learner) = ctx.roster.get(id) else {
            continue;
        };
        // 2. Records to credited minutes.
        let learned = credit::learned_minutes(ctx, state, index);
        // 3. Requirements and statuses.
        let judged = judge_learner(
            ctx,
            weeks,
            &mut tally,
            id,
            learner,
            ctx.leave.for_learner(id),
            &learned,
        );
        tally.add_learner(&judged, weeks.period_closed);
        if keep {
            learners.push(judged.result);
        }
    }
    (tally, learners)
}

/// Step 4: rates, criteria, forecast, verdict, teams and the ledger.
fn organisation(
    ctx: &Context,
    weeks: &Weeks<'_>,
    tally: Tally,
    learners: Vec<LearnerResult>,
    state: State,
) -> Assessment {
    let Tally {
        mut weekly,
        mut metrics,
        bands,
        teams,
        mut forecasts,
        open_eligible,
        open_met,
        open_unmet,
    } = tally;
    for summary in &mut weekly {
        summary.rate = rate(summary.met, summary.eligible);
    }
    metrics.learner_week_rate = rate(metrics.met_learner_weeks, metrics.eligible_learner_weeks);
    metrics.participation_rate = rate(metrics.learners_participating, metrics.learners_eligible);

    let criteria = criteria(&weeks.last, &metrics, &bands);
    let forecast = (!weeks.period_closed).then(|| {
        forecasts.sort_by(|a, b| {
            b.minutes_still_needed
                .cmp(&a.minutes_still_needed)
                .then_with(|| a.learner_id.cmp(&b.learner_id))
        });
        forecast(
            &weeks.last,
            &metrics,
            open_eligible,
            open_met,
            open_unmet,
            &weekly,
            forecasts,
        )
    });
    let total_eligible = metrics.eligible_learner_weeks + open_eligible;
    let ledger = state.into_ledger(ctx.options.rejections_listed);
    let (verdict, explanation) = match no_credit_for_data_reasons(&ledger) {
        Some(cause) => (Verdict::InsufficientData, cause),
        None => verdict(
            weeks.period_closed,
            total_eligible,
            &metrics,
            &criteria,
            forecast.as_ref(),
        ),
    };
    let calendar = ctx.pledge.calendar();
    let rfc = |ms: i64| {
        DateTime::from_timestamp_millis(ms)
            .map(|t| t.to_rfc3339())
            .unwrap_or_default()
    };
    let mut assessment = Assessment {
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
            weeks: ctx.grid.weeks().len() as u64,
            starts_at: rfc(ctx.grid.start_ms()),
            ends_at: rfc(ctx.grid.end_ms()),
            as_of: ctx.as_of.to_rfc3339(),
            closed: weeks.period_closed,
            closed_weeks: weeks.closed.iter().filter(|c| **c).count() as u64,
        },
        criteria,
        metrics,
        bands,
        weekly,
        teams: team_rows(
            teams,
            ctx.options.team_min_learners,
            ctx.options.team_disclosure,
        ),
        forecast,
        learners,
        ledger,
        people: None,
        detail: Detail::Learners,
    };
    disclosure::apply_detail(&mut assessment, ctx.options.detail);
    assessment
}
