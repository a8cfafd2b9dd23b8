//! Time-spent totals (DOMAIN.md "Foreign inputs"; docs/rules.md, "Time-spent
//! totals"): a learner's time on a day or in a week, with no interval.
//!
//! A total is credited to the week of the pledge's calendar holding its
//! date. Within one learner-week:
//!
//! 1. totals repeating a record id (within its source) count once: the
//!    smallest entry is kept, whatever the reading order (`duplicate_ids`
//!    when equal, `conflicting_ids` when not);
//! 2. a total of a non-creditable kind, or self-reported while the pledge
//!    does not count those, earns nothing (`not_creditable`);
//! 3. a day's totals are summed and capped by the week's daily cap, if any
//!    (no per-session cap or minimum: a total is no session);
//! 4. the week's totals are summed and capped at the week's real length;
//! 5. **the week's learned time is the larger of its totals and its
//!    sessions' credit (after union and caps), never their sum.**
//!
//! Why the larger and not the sum: a time-spent report is computed by the
//! LMS from the same activity its session log holds (Moodle's dedication
//! and time-spent reports are sums of the same click sessions), so a
//! learner-week with both nearly always counts the same learning twice.
//! Summing would double it; taking the larger never credits more than the
//! fuller of the two accounts, never less than either, and keeps every law
//! of the engine: it is monotone (adding a record of either kind never
//! lowers it), independent of order, and exact under merge (both inputs
//! are sums and unions of the records, merged first). The minutes that the
//! smaller account held are reported (`ledger.detail.totals_within_sessions_minutes`).

use std::collections::BTreeMap;

use upskill_session::Exclusion;

use crate::audit::{AuditFate, AuditRow, Kept};
use crate::setup::Context;
use crate::state::State;

/// A time total kept until its learner is judged (32 bytes, with the audit
/// record apart).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct TotalEntry {
    /// [`upskill_session::record_key`] of its source and record id.
    pub(crate) id_key: u64,
    /// The grid week it is credited to.
    pub(crate) week: usize,
    /// Its day (days from the common era) for a day total; `None` for a week total.
    pub(crate) day: Option<i32>,
    /// Its time, exact.
    pub(crate) ms: u64,
    /// Why it earns nothing, if it does not.
    pub(crate) excluded: Option<Exclusion>,
}

/// What a learner's totals give.
pub(crate) struct TotalsCredit {
    /// Milliseconds per grid week, after daily caps and the week's length.
    pub(crate) per_week_ms: Vec<u64>,
    /// Audit rows of the totals (when auditing), with each row's credited
    /// milliseconds per week, for [`combine`].
    pub(crate) rows: Vec<(AuditRow, Vec<u64>)>,
}

/// Steps 1-4 for the learner at `index`: its totals are taken out of
/// `state` and their fates counted there.
pub(crate) fn credit(ctx: &Context, state: &mut State, index: usize) -> TotalsCredit {
    let weeks = ctx.grid.len();
    let mut entries = state
        .totals
        .get_mut(index)
        .map(std::mem::take)
        .unwrap_or_default();
    let mut out = TotalsCredit {
        per_week_ms: vec![0; weeks],
        rows: Vec::new(),
    };
    if entries.is_empty() {
        return out;
    }
    let auditing = state.audit.is_some();
    // 1. One entry per id: the smallest (then the first in location order).
    entries.sort_by(|(a, ka), (b, kb)| {
        a.cmp(b).then_with(|| {
            let key = |k: &Option<Kept>| {
                k.as_ref()
                    .map(|k| (k.location.clone(), k.record_id.clone()))
            };
            key(ka).cmp(&key(kb))
        })
    });
    let mut kept: Vec<(TotalEntry, Option<Kept>)> = Vec::with_capacity(entries.len());
    for (entry, record) in entries {
        // Sorted by id first, so an id's entries are together.
        match kept.last().filter(|(k, _)| k.id_key == entry.id_key) {
            Some((first, first_record)) => {
                state.fates.duplicate += 1;
                let same = (first.week, first.day, first.ms) == (entry.week, entry.day, entry.ms);
                let detail = if same {
                    state.detail.duplicate_ids += 1;
                    "duplicate_ids"
                } else {
                    state.detail.conflicting_ids += 1;
                    "conflicting_ids"
                };
                if let (Some(record), Some(audit)) = (record, &mut state.audit) {
                    let mut row = AuditRow::new(record.location.clone(), AuditFate::Duplicate)
                        .ids(Some(&record.record_id), Some(&record.learner_id));
                    row.detail = Some(detail.to_string());
                    row.duplicate_of = first_record
                        .as_ref()
                        .map(|f| (f.record_id.clone(), f.location.clone()));
                    audit.rows.push(row);
                }
            }
            None => kept.push((entry, record)),
        }
    }
    // 2. Exclusions.
    let mut creditable = Vec::with_capacity(kept.len());
    for (entry, record) in kept {
        let detail = match entry.excluded {
            None => {
                creditable.push((entry, record));
                continue;
            }
            Some(Exclusion::ActivityKind) => {
                state.detail.kind_not_creditable += 1;
                "kind_not_creditable"
            }
            Some(Exclusion::SelfReported) => {
                state.detail.self_reported_not_counted += 1;
                "self_reported_not_counted"
            }
        };
        state.fates.not_creditable += 1;
        if let (Some(record), Some(audit)) = (record, &mut state.audit) {
            let mut row = AuditRow::new(record.location.clone(), AuditFate::NotCreditable)
                .ids(Some(&record.record_id), Some(&record.learner_id));
            row.detail = Some(detail.to_string());
            audit.rows.push(row);
        }
    }
    state.fates.credited += creditable.len() as u64;
    state.detail.time_totals += creditable.len() as u64;
    // 3-4. In location order (when auditing; the sums do not depend on it):
    // each entry gets what the running sums of its day and week still allow.
    if auditing {
        creditable.sort_by(|(_, a), (_, b)| {
            let key = |k: &Option<Kept>| {
                k.as_ref()
                    .map(|k| (k.location.clone(), k.record_id.clone()))
            };
            key(a).cmp(&key(b))
        });
    }
    let mut by_day: BTreeMap<i32, u64> = BTreeMap::new();
    let mut recorded_ms = 0u64;
    let mut daily_capped_ms = 0u64;
    for (entry, record) in creditable {
        recorded_ms = recorded_ms.saturating_add(entry.ms);
        let mut ms = entry.ms;
        if let Some(day) = entry.day {
            let cap = ctx
                .limits
                .get(entry.week)
                .and_then(|l| l.daily_cap_ms)
                .unwrap_or(u64::MAX);
            let before = by_day.entry(day).or_default();
            let after = before.saturating_add(ms);
            ms = after.min(cap).saturating_sub((*before).min(cap));
            daily_capped_ms = daily_capped_ms.saturating_add(entry.ms - ms);
            *before = after;
        }
        let length = week_length_ms(ctx, entry.week);
        let week_ms = out.per_week_ms.get(entry.week).copied().unwrap_or(0);
        let room = length.saturating_sub(week_ms);
        let credited = ms.min(room);
        daily_capped_ms = daily_capped_ms.saturating_add(ms - credited);
        if let Some(w) = out.per_week_ms.get_mut(entry.week) {
            *w += credited;
        }
        if let Some(record) = record {
            let mut row = AuditRow::new(record.location.clone(), AuditFate::Credited)
                .ids(Some(&record.record_id), Some(&record.learner_id));
            row.daily_capped_ms = entry.ms - credited;
            let mut per_week = vec![0; weeks];
            if let Some(w) = per_week.get_mut(entry.week) {
                *w = credited;
            }
            out.rows.push((row, per_week));
        }
    }
    state.detail.recorded_minutes += recorded_ms / MS_PER_MINUTE;
    state.detail.daily_cap_minutes += daily_capped_ms / MS_PER_MINUTE;
    out
}

const MS_PER_MINUTE: u64 = 60_000;

/// The real length of grid week `week`, in milliseconds.
fn week_length_ms(ctx: &Context, week: usize) -> u64 {
    let bounds = ctx.grid.bounds_ms();
    match (bounds.get(week), bounds.get(week + 1)) {
        (Some(start), Some(end)) => u64::try_from(end - start).unwrap_or(0),
        _ => 0,
    }
}

/// Step 5: each week's learned milliseconds, the larger of the sessions'
/// (`sessions`) and the totals' ([`TotalsCredit::per_week_ms`]); the
/// smaller is counted in `ledger.detail.totals_within_sessions_minutes`.
/// The audit rows of whichever account lost a week give up that week's
/// minutes, so a learner-week's rows still add up to its learned minutes:
/// `session_rows` are the learner's session rows, `totals.rows` become rows
/// with whole minutes of their running total, as session rows have.
pub(crate) fn combine(
    state: &mut State,
    sessions: &[u64],
    totals: TotalsCredit,
    session_rows: Option<std::ops::Range<usize>>,
    weeks: &[upskill_calendar::Week],
) -> Vec<u64> {
    if totals.rows.is_empty() && totals.per_week_ms.iter().all(|t| *t == 0) {
        return sessions.to_vec();
    }
    let mut within_ms = 0u64;
    let mut learned = Vec::with_capacity(sessions.len());
    let mut totals_win = Vec::with_capacity(sessions.len());
    for (j, s) in sessions.iter().enumerate() {
        let t = totals.per_week_ms.get(j).copied().unwrap_or(0);
        within_ms = within_ms.saturating_add((*s).min(t));
        totals_win.push(t > *s);
        learned.push((*s).max(t));
    }
    state.detail.totals_within_sessions_minutes += within_ms / MS_PER_MINUTE;
    if let Some(audit) = &mut state.audit {
        if let Some(range) = session_rows {
            for row in audit.rows.get_mut(range).unwrap_or_default() {
                row.weeks.retain(|(week, _)| {
                    weeks
                        .iter()
                        .position(|w| w == week)
                        .is_none_or(|j| !totals_win.get(j).copied().unwrap_or(false))
                });
            }
        }
        let mut running = vec![0u64; weeks.len()];
        for (mut row, per_week) in totals.rows {
            for (j, ms) in per_week.iter().enumerate() {
                if *ms == 0 || !totals_win.get(j).copied().unwrap_or(false) {
                    continue;
                }
                let Some(run) = running.get_mut(j) else {
                    continue;
                };
                let before = *run / MS_PER_MINUTE;
                *run += ms;
                let minutes = *run / MS_PER_MINUTE - before;
                if let (Some(week), true) = (weeks.get(j), minutes > 0) {
                    row.weeks.push((*week, minutes));
                }
            }
            audit.rows.push(row);
        }
    }
    learned
}
