//! DOMAIN.md "From records to credited minutes", for one learner: steps 2-7
//! (duplicates, exclusions, caps, interval union, daily cap, split at week
//! boundaries) through `upskill_session::normalise`, with every record's fate
//! written to the ledger; then, week by week, step 9 (rounding down to the
//! increment) and step 8 (carry-forward), in the order the engine applies
//! them: the carry is added to rounded credit (docs/rules.md, steps 12-13).

use upskill_pledge::PledgeVersion;
use upskill_quota::Requirement;
use upskill_session::{Normalised, RecordSpan, normalise, normalise_audited};

use crate::assessment::{FateDetail, Fates};

use crate::audit;
use crate::totals;

use crate::setup::Context;
use crate::state::State;

const MS_PER_MINUTE: u64 = 60_000;

/// Steps 2-7 for the learner at `index`: whole minutes learned in each week
/// of the period (milliseconds rounded down once per week), before rounding
/// to the increment. The learner's intervals are taken out of `state` (so
/// their memory is freed learner by learner) and their fates counted there.
pub(crate) fn learned_minutes(ctx: &Context, state: &mut State, index: usize) -> Vec<u64> {
    let mut spans = Vec::new();
    state.spans.take_into(index, ctx.packing, &mut spans);
    let calendar = ctx.pledge.calendar();
    let kept = state
        .audit
        .as_mut()
        .and_then(|a| a.kept.get_mut(index))
        .map(std::mem::take);
    let first_row = state.audit.as_ref().map(|a| a.rows.len());
    let normalised = match (kept, &mut state.audit) {
        (Some(kept), Some(audit)) if kept.len() == spans.len() => {
            // Location order, so that ties and the minutes' rounding are the
            // same whatever order the records were read or merged in.
            let mut both: Vec<_> = kept.into_iter().zip(spans).collect();
            both.sort_by(|(a, s), (b, t)| {
                (&a.location, &a.record_id, s).cmp(&(&b.location, &b.record_id, t))
            });
            let (kept, spans): (Vec<_>, Vec<_>) = both.into_iter().unzip();
            let (normalised, outcomes) =
                normalise_audited(&spans, &ctx.limits, &ctx.grid, calendar);
            audit
                .rows
                .extend(audit::learner_rows(&kept, &outcomes, ctx.grid.weeks()));
            normalised
        }
        _ => normalise(&mut spans, &ctx.limits, &ctx.grid, calendar),
    };
    let sessions = count(ctx, &normalised, &mut state.fates, &mut state.detail);
    // Time-spent totals, and the rule for a week holding both kinds.
    let totals = totals::credit(ctx, state, index);
    let session_rows = first_row.zip(state.audit.as_ref().map(|a| a.rows.len()));
    totals::combine(
        state,
        &sessions,
        totals,
        session_rows.map(|(from, to)| from..to),
        ctx.grid.weeks(),
    )
    .into_iter()
    .map(|ms| ms / MS_PER_MINUTE)
    .collect()
}

/// [`learned_minutes`] without the audit and without time totals (the
/// caller judges on several threads only when no total was ingested): the
/// learner's intervals given, their fates counted in `fates` and `detail`
/// (so learners can be judged on several threads, each with its own
/// counts).
pub(crate) fn learned_minutes_of(
    ctx: &Context,
    spans: &mut [RecordSpan],
    fates: &mut Fates,
    detail: &mut FateDetail,
) -> Vec<u64> {
    let normalised = normalise(spans, &ctx.limits, &ctx.grid, ctx.pledge.calendar());
    count(ctx, &normalised, fates, detail)
        .into_iter()
        .map(|ms| ms / MS_PER_MINUTE)
        .collect()
}

/// Counts a learner's normalised records and gives its milliseconds per
/// week.
fn count(
    ctx: &Context,
    normalised: &Normalised,
    fates: &mut Fates,
    detail: &mut FateDetail,
) -> Vec<u64> {
    fates.credited += normalised.kept;
    fates.duplicate += normalised.duplicates();
    fates.not_creditable += normalised.not_creditable();
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
    (0..ctx.grid.weeks().len())
        .map(|j| normalised.per_week_ms.get(j).copied().unwrap_or(0))
        .collect()
}

/// Step 9: a week's learned minutes rounded down to its version's increment.
pub(crate) fn rounded(version: &PledgeVersion, learned: u64) -> u64 {
    version.counting.round_credited(learned)
}

/// Step 8, carry-forward: the surplus of the week before, waiting to flow
/// into the next week.
#[derive(Debug, Default)]
pub(crate) struct Bank {
    minutes: u64,
}

impl Bank {
    /// What flows into a week judged by `version` with requirement
    /// `required`: the bank capped by that week's version only (none
    /// without carry-forward), and nothing into a week the learner is not
    /// employed (learning before joining is no surplus).
    pub(crate) fn carried_in(&self, version: &PledgeVersion, required: Requirement) -> u64 {
        match required {
            Requirement::NotEmployed => 0,
            _ => version
                .counting
                .carry_forward_cap_minutes
                .map_or(0, |cap| self.minutes.min(u64::from(cap.get()))),
        }
    }

    /// Banks the week's surplus (credited + carried in - required; an exempt
    /// week requires 0), whatever the week's version; a week the learner is
    /// not employed empties the bank.
    pub(crate) fn close_week(&mut self, total: u64, required: Requirement) {
        self.minutes = match required {
            Requirement::NotEmployed => 0,
            _ => total.saturating_sub(u64::from(required.minutes().unwrap_or(0))),
        };
    }
}
