//! [`normalise`](crate::normalise), record by record: the same steps and the
//! same totals, plus what became of each record (for the per-record audit
//! ledger, issue 12).
//!
//! **How records share a union's time.** Every instant of the interval union
//! is credited to the *earliest-starting* record covering it (ties: the
//! shorter record, then the record given first). So each kept record owns at
//! most one interval of the union, the owned intervals do not overlap, and a
//! week's credited time is the sum of its records' shares. What a record
//! loses to records starting before it is its *overlap*.
//!
//! **How a daily cap picks the time it keeps.** A capped local day keeps its
//! earliest credited instants, up to the cap; the rest of the day is the
//! *daily cap* removal of the records that own it.

use upskill_calendar::{Calendar, WeekGrid};

use crate::normalise::{
    CountingLimits, Exclusion, Normalised, RecordSpan, add_ms, credit_by_week, day_around, span_ms,
};

/// What became of one record in [`normalise_audited`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SpanFate {
    /// Kept: it went into the union (perhaps clipped, capped, or wholly
    /// overlapped by earlier records).
    Kept,
    /// Repeats the id and interval of the record at index `of`.
    DuplicateId {
        /// Index (in the input slice) of the record kept in its place.
        of: usize,
    },
    /// Repeats the id of the record at index `of` with another interval (the
    /// earliest interval is kept).
    ConflictingId {
        /// Index of the record kept in its place.
        of: usize,
    },
    /// Another id, but the same start and end as the record at index `of`.
    DuplicateContent {
        /// Index of the record kept in its place.
        of: usize,
    },
    /// Kept but excluded from credit by the pledge.
    Excluded(Exclusion),
    /// Shorter than the minimum session.
    TooShort,
}

/// One record's outcome: its fate and, for a kept record, the time each
/// step removed and the time it earned, in milliseconds.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SpanOutcome {
    /// The record's fate; `None` only for a record not yet judged (never in
    /// a returned outcome).
    pub fate: Option<SpanFate>,
    /// Removed by the per-session cap.
    pub capped_ms: u64,
    /// Removed by clipping to the period.
    pub clipped_ms: u64,
    /// Lost to records starting earlier (the union's overlaps).
    pub overlap_ms: u64,
    /// Removed by daily caps.
    pub daily_capped_ms: u64,
    /// Credited time per week: `(week index in the grid, ms)`, in week
    /// order, weeks with no credit left out.
    pub per_week_ms: Vec<(usize, u64)>,
}

impl SpanOutcome {
    /// Credited time over all weeks, in milliseconds.
    pub fn credited_ms(&self) -> u64 {
        self.per_week_ms.iter().map(|(_, ms)| ms).sum()
    }

    fn credit(&mut self, week: usize, ms: u64) {
        if ms == 0 {
            return;
        }
        match self.per_week_ms.last_mut() {
            Some((w, total)) if *w == week => *total += ms,
            _ => self.per_week_ms.push((week, ms)),
        }
    }
}

/// Like [`normalise`](crate::normalise), also saying what became of each
/// record: `outcomes[i]` is the outcome of `spans[i]`, and the returned
/// [`Normalised`] equals `normalise`'s for the same input (a tested law).
/// A week's `per_week_ms` is the sum of the records' shares of that week
/// (see the module documentation for how overlapping records share time).
/// Among records that are equal in every field, the one given first is kept.
///
/// Memory: an outcome per record, so use it only when the audit is asked for.
pub fn normalise_audited(
    spans: &[RecordSpan],
    limits: &[CountingLimits],
    grid: &WeekGrid,
    calendar: &Calendar,
) -> (Normalised, Vec<SpanOutcome>) {
    let mut out = Normalised {
        per_week_ms: vec![0; grid.len()],
        ..Normalised::default()
    };
    let mut outcomes = vec![SpanOutcome::default(); spans.len()];
    if grid.is_empty() {
        // `normalise` judges nothing either; every record is kept with no credit.
        for o in &mut outcomes {
            o.fate = Some(SpanFate::Kept);
        }
        return (out, outcomes);
    }
    let (period_start, period_end) = (grid.start_ms(), grid.end_ms());
    let set = |outcomes: &mut [SpanOutcome], i: usize, fate: SpanFate| {
        if let Some(o) = outcomes.get_mut(i) {
            o.fate = Some(fate);
        }
    };

    // 1. One record per id (earliest interval wins), then one per interval.
    let mut order: Vec<(RecordSpan, usize)> = spans.iter().copied().zip(0..).collect();
    order.sort_unstable();
    let mut distinct: Vec<(i64, i64, Option<Exclusion>, usize)> = Vec::with_capacity(order.len());
    let mut previous: Option<(RecordSpan, usize)> = None;
    for &(span, i) in &order {
        match previous {
            Some((p, kept)) if p.id_key == span.id_key => {
                if (p.start_ms, p.end_ms) == (span.start_ms, span.end_ms) {
                    out.duplicate_ids += 1;
                    set(&mut outcomes, i, SpanFate::DuplicateId { of: kept });
                } else {
                    out.conflicting_ids += 1;
                    set(&mut outcomes, i, SpanFate::ConflictingId { of: kept });
                }
            }
            _ => {
                distinct.push((span.start_ms, span.end_ms, span.excluded, i));
                previous = Some((span, i));
            }
        }
    }
    distinct.sort_unstable();
    let mut unique: Vec<(i64, i64, Option<Exclusion>, usize)> = Vec::with_capacity(distinct.len());
    for d in distinct {
        match unique.last() {
            Some(kept) if (kept.0, kept.1) == (d.0, d.1) => {
                out.duplicate_content += 1;
                set(
                    &mut outcomes,
                    d.3,
                    SpanFate::DuplicateContent { of: kept.3 },
                );
            }
            _ => unique.push(d),
        }
    }

    // 2-3. Per-record limits, then clip to the period.
    let limits_at = |ms: i64| {
        let index = if ms < period_start {
            Some(0)
        } else {
            grid.index_of_ms(ms)
        };
        index
            .and_then(|i| limits.get(i))
            .copied()
            .unwrap_or_default()
    };
    let mut pieces: Vec<(i64, i64, usize)> = Vec::with_capacity(unique.len());
    for (start, mut end, excluded, i) in unique {
        if let Some(exclusion) = excluded {
            match exclusion {
                Exclusion::ActivityKind => out.excluded_kind += 1,
                Exclusion::SelfReported => out.excluded_self_reported += 1,
            }
            set(&mut outcomes, i, SpanFate::Excluded(exclusion));
            continue;
        }
        let limit = limits_at(start);
        let length = span_ms(start, end);
        if limit.min_session_ms.is_some_and(|min| length < min) {
            out.too_short += 1;
            set(&mut outcomes, i, SpanFate::TooShort);
            continue;
        }
        let Some(outcome) = outcomes.get_mut(i) else {
            continue;
        };
        outcome.fate = Some(SpanFate::Kept);
        if let Some(cap) = limit.per_session_cap_ms
            && length > cap
        {
            end = add_ms(start, cap);
            out.capped += 1;
            outcome.capped_ms = length - cap;
        }
        let (clipped_start, clipped_end) = (start.max(period_start), end.min(period_end));
        if (clipped_start, clipped_end) != (start, end) {
            out.clipped_to_period += 1;
        }
        out.kept += 1;
        let inside = if clipped_start < clipped_end {
            span_ms(clipped_start, clipped_end)
        } else {
            0
        };
        outcome.clipped_ms = span_ms(start, end) - inside;
        if inside > 0 {
            out.recorded_ms += inside;
            pieces.push((clipped_start, clipped_end, i));
        }
    }

    // 4. Interval union: each instant to the earliest-starting record covering it.
    pieces.sort_unstable();
    let mut owned: Vec<(i64, i64, usize)> = Vec::with_capacity(pieces.len());
    let mut frontier = i64::MIN;
    for (start, end, i) in pieces {
        let from = start.max(frontier);
        if let Some(o) = outcomes.get_mut(i) {
            o.overlap_ms = span_ms(start, end) - span_ms(from, end.max(from));
        }
        if from < end {
            owned.push((from, end, i));
        }
        frontier = frontier.max(end);
    }

    // 5-6. Daily caps (if any week has one), then the split at week boundaries.
    let daily = limits.iter().any(|l| l.daily_cap_ms.is_some());
    let mut day: Option<(i64, u64)> = None; // (day start, credited so far)
    for (mut start, end, i) in owned {
        let Some(outcome) = outcomes.get_mut(i) else {
            continue;
        };
        if !daily {
            credit_share(start, end, grid, outcome);
            continue;
        }
        while start < end {
            let Some((_, day_start, day_end)) = day_around(calendar, start) else {
                credit_share(start, end, grid, outcome);
                break;
            };
            let piece_end = end.min(day_end.max(start + 1));
            let piece = span_ms(start, piece_end);
            start = piece_end;
            let Some(week) = grid.index_of_ms(day_start) else {
                continue;
            };
            let used = match &mut day {
                Some((s, used)) if *s == day_start => used,
                _ => &mut day.insert((day_start, 0)).1,
            };
            let cap = limits.get(week).and_then(|l| l.daily_cap_ms);
            let credited = cap.map_or(piece, |cap| piece.min(cap.saturating_sub(*used)));
            *used += credited;
            outcome.daily_capped_ms += piece - credited;
            outcome.credit(week, credited);
        }
    }
    for outcome in &outcomes {
        out.daily_capped_ms += outcome.daily_capped_ms;
        for &(week, ms) in &outcome.per_week_ms {
            if let Some(slot) = out.per_week_ms.get_mut(week) {
                *slot += ms;
            }
        }
    }
    (out, outcomes)
}

/// Credits `[start, end)` (inside the grid) to the weeks it covers.
fn credit_share(start: i64, end: i64, grid: &WeekGrid, outcome: &mut SpanOutcome) {
    let mut per_week = vec![0u64; grid.len()];
    credit_by_week(start, end, grid, &mut per_week);
    for (week, ms) in per_week.into_iter().enumerate() {
        outcome.credit(week, ms);
    }
}
