//! One learner's records -> credited milliseconds per week.
//!
//! The steps follow DOMAIN.md "From records to credited minutes", in order:
//!
//! 1. **Duplicates count once.** Records with the same id are one record: if
//!    their intervals differ (a *conflict*), the earliest interval is kept, so
//!    the answer never depends on input order. Records with different ids but
//!    the same start and duration are duplicates too.
//! 2. **Minimum session** and **per-session cap** apply to each record, using
//!    the limits of the week the record starts in. They apply per record,
//!    *before* the union, so adding a record can never lower credited time.
//! 3. Records are clipped to the period.
//! 4. **Interval union**: overlapping (and touching) records count once.
//! 5. **Daily cap** per local day of the organisation's zone, if set.
//! 6. **Split at week boundaries** of the calendar (exact UTC instants), so a
//!    session crossing Sunday->Monday midnight credits both weeks.
//!
//! The result never credits a week more than its real length: the union has
//! no overlaps and every piece lies inside its week.

use chrono::{DateTime, Days, NaiveDate};
use upskill_calendar::{Calendar, WeekGrid};

/// The compact form kept of one record: its id key, exact UTC interval in
/// milliseconds since the epoch (`start_ms <= end_ms`), and whether the pledge
/// excludes it from credit.
///
/// Field order is sort order: among records with one id and one interval, a
/// creditable record (`excluded: None`) sorts first and is the one kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RecordSpan {
    /// [`crate::id_key`] of the record id.
    pub id_key: u64,
    /// Start instant, ms since the Unix epoch.
    pub start_ms: i64,
    /// End instant (exclusive), ms since the Unix epoch.
    pub end_ms: i64,
    /// Why the record earns nothing, if it does not.
    pub excluded: Option<Exclusion>,
}

/// Why a record is kept but earns no credit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Exclusion {
    /// Its activity kind is not creditable under the pledge.
    ActivityKind,
    /// It is self-reported and the pledge does not count those.
    SelfReported,
}

/// Counting limits in force for one week (from the pledge version judging it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CountingLimits {
    /// Longest credit one record can earn; longer records are clipped.
    pub per_session_cap_ms: Option<u64>,
    /// Most credit one local day can earn.
    pub daily_cap_ms: Option<u64>,
    /// Records shorter than this earn nothing.
    pub min_session_ms: Option<u64>,
}

/// What [`normalise`] made of one learner's records.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Normalised {
    /// Records that went into the union (after duplicates, exclusions and the minimum).
    pub kept: u64,
    /// Records repeating another's id with the same interval.
    pub duplicate_ids: u64,
    /// Records repeating another's id with a different interval (the earliest is kept).
    pub conflicting_ids: u64,
    /// Records with another id but the same start and duration as a kept one.
    pub duplicate_content: u64,
    /// Kept records whose activity kind is not creditable.
    pub excluded_kind: u64,
    /// Kept records that are self-reported while those do not count.
    pub excluded_self_reported: u64,
    /// Records shorter than the minimum session.
    pub too_short: u64,
    /// Kept records clipped by the per-session cap.
    pub capped: u64,
    /// Kept records partly outside the period (clipped to it).
    pub clipped_to_period: u64,
    /// Sum of kept records' lengths after caps and clipping, before the union.
    pub recorded_ms: u64,
    /// Time removed by daily caps.
    pub daily_capped_ms: u64,
    /// Credited milliseconds per week of the grid.
    pub per_week_ms: Vec<u64>,
}

impl Normalised {
    /// Credited time over all weeks, in milliseconds.
    pub fn credited_ms(&self) -> u64 {
        self.per_week_ms.iter().sum()
    }

    /// Records that count as duplicates of a kept record, of any kind.
    pub fn duplicates(&self) -> u64 {
        self.duplicate_ids + self.conflicting_ids + self.duplicate_content
    }

    /// Kept records that earn nothing: excluded or shorter than the minimum.
    pub fn not_creditable(&self) -> u64 {
        self.excluded_kind + self.excluded_self_reported + self.too_short
    }
}

pub(crate) fn span_ms(start: i64, end: i64) -> u64 {
    u64::try_from(end.saturating_sub(start)).unwrap_or(0)
}

pub(crate) fn add_ms(instant: i64, ms: u64) -> i64 {
    instant.saturating_add(i64::try_from(ms).unwrap_or(i64::MAX))
}

/// Normalises one learner's creditable records over the weeks of `grid`.
///
/// `limits[i]` are the limits of week `i` of the grid (missing entries mean
/// no limits). `spans` is sorted in place; its order on entry does not matter.
///
/// # Example
///
/// ```
/// use upskill_calendar::{Calendar, DayOfWeek};
/// use upskill_session::{normalise, CountingLimits, RecordSpan};
///
/// let calendar = Calendar::from_zone_name("UTC", DayOfWeek::Monday)?;
/// let week = calendar.parse_week("2026-W10")?;
/// let grid = calendar.grid(week, week)?;
/// let start = grid.start_ms() + 9 * 3_600_000;
/// let mut spans = vec![
///     RecordSpan { id_key: 1, start_ms: start, end_ms: start + 45 * 60_000, excluded: None },
///     // overlaps the first by 15 minutes: the union is 60 minutes
///     RecordSpan { id_key: 2, start_ms: start + 30 * 60_000, end_ms: start + 60 * 60_000, excluded: None },
/// ];
/// let result = normalise(&mut spans, &[CountingLimits::default()], &grid, &calendar);
/// assert_eq!(result.per_week_ms, vec![60 * 60_000]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn normalise(
    spans: &mut [RecordSpan],
    limits: &[CountingLimits],
    grid: &WeekGrid,
    calendar: &Calendar,
) -> Normalised {
    let mut out = Normalised {
        per_week_ms: vec![0; grid.len()],
        ..Normalised::default()
    };
    if grid.is_empty() {
        return out;
    }
    let (period_start, period_end) = (grid.start_ms(), grid.end_ms());

    // 1. One record per id (earliest interval wins), then one per interval.
    spans.sort_unstable();
    let mut distinct: Vec<(i64, i64, Option<Exclusion>)> = Vec::with_capacity(spans.len());
    let mut previous: Option<RecordSpan> = None;
    for span in spans.iter() {
        match previous {
            Some(p) if p.id_key == span.id_key => {
                if (p.start_ms, p.end_ms) == (span.start_ms, span.end_ms) {
                    out.duplicate_ids += 1;
                } else {
                    out.conflicting_ids += 1;
                }
            }
            _ => {
                distinct.push((span.start_ms, span.end_ms, span.excluded));
                previous = Some(*span);
            }
        }
    }
    distinct.sort_unstable();
    let before = distinct.len();
    // Sorted, so a creditable record comes first among equal intervals and is kept.
    distinct.dedup_by(|later, kept| (later.0, later.1) == (kept.0, kept.1));
    out.duplicate_content = (before - distinct.len()) as u64;

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
    let mut pieces: Vec<(i64, i64)> = Vec::with_capacity(distinct.len());
    for (start, mut end, excluded) in distinct {
        match excluded {
            Some(Exclusion::ActivityKind) => {
                out.excluded_kind += 1;
                continue;
            }
            Some(Exclusion::SelfReported) => {
                out.excluded_self_reported += 1;
                continue;
            }
            None => {}
        }
        let limit = limits_at(start);
        let length = span_ms(start, end);
        if limit.min_session_ms.is_some_and(|min| length < min) {
            out.too_short += 1;
            continue;
        }
        if let Some(cap) = limit.per_session_cap_ms
            && length > cap
        {
            end = add_ms(start, cap);
            out.capped += 1;
        }
        let (clipped_start, clipped_end) = (start.max(period_start), end.min(period_end));
        if (clipped_start, clipped_end) != (start, end) {
            out.clipped_to_period += 1;
        }
        out.kept += 1;
        if clipped_start < clipped_end {
            out.recorded_ms += span_ms(clipped_start, clipped_end);
            pieces.push((clipped_start, clipped_end));
        }
    }

    // 4. Interval union (touching intervals merge too).
    pieces.sort_unstable();
    let mut union: Vec<(i64, i64)> = Vec::with_capacity(pieces.len());
    for (start, end) in pieces {
        match union.last_mut() {
            Some(last) if start <= last.1 => last.1 = last.1.max(end),
            _ => union.push((start, end)),
        }
    }

    // 5-6. Daily caps (if any week has one), then the split at week boundaries.
    if limits.iter().any(|l| l.daily_cap_ms.is_some()) {
        credit_by_day(&union, limits, grid, calendar, &mut out);
    } else {
        for (start, end) in union {
            credit_by_week(start, end, grid, &mut out.per_week_ms);
        }
    }
    out
}

/// Adds `[start, end)` (inside the grid) to the weeks it covers.
pub(crate) fn credit_by_week(mut start: i64, end: i64, grid: &WeekGrid, per_week: &mut [u64]) {
    let Some(mut index) = grid.index_of_ms(start) else {
        return;
    };
    while start < end {
        let Some((_, week_end)) = grid.interval_ms(index) else {
            return;
        };
        let piece_end = end.min(week_end);
        if let Some(slot) = per_week.get_mut(index) {
            *slot += span_ms(start, piece_end);
        }
        start = piece_end;
        index += 1;
    }
}

/// The local day holding `instant`, with its exact bounds in ms.
pub(crate) fn day_around(calendar: &Calendar, instant: i64) -> Option<(NaiveDate, i64, i64)> {
    let utc = DateTime::from_timestamp_millis(instant)?;
    let mut date = calendar.local_date(utc);
    // A clock moved back across midnight can put an instant's local date one
    // day off its day interval; the interval decides.
    for _ in 0..3 {
        let start = calendar.start_of_day(date).ok()?.timestamp_millis();
        let next = date.checked_add_days(Days::new(1))?;
        let end = calendar.start_of_day(next).ok()?.timestamp_millis();
        if instant < start {
            date = date.checked_sub_days(Days::new(1))?;
        } else if instant >= end {
            date = next;
        } else {
            return Some((date, start, end));
        }
    }
    None
}

fn credit_by_day(
    union: &[(i64, i64)],
    limits: &[CountingLimits],
    grid: &WeekGrid,
    calendar: &Calendar,
    out: &mut Normalised,
) {
    // Accumulate per day (days come in order because the union is sorted).
    let mut days: Vec<(i64, u64)> = Vec::new(); // (day start ms, credited ms)
    for &(mut start, end) in union {
        while start < end {
            let Some((_, day_start, day_end)) = day_around(calendar, start) else {
                // Unreachable for instants inside a grid built by the same
                // calendar; credit the rest without a daily cap rather than lose it.
                credit_by_week(start, end, grid, &mut out.per_week_ms);
                break;
            };
            let piece_end = end.min(day_end.max(start + 1));
            let piece = span_ms(start, piece_end);
            match days.last_mut() {
                Some((s, ms)) if *s == day_start => *ms += piece,
                _ => days.push((day_start, piece)),
            }
            start = piece_end;
        }
    }
    for (day_start, ms) in days {
        let Some(index) = grid.index_of_ms(day_start) else {
            continue;
        };
        let cap = limits.get(index).and_then(|l| l.daily_cap_ms);
        let credited = cap.map_or(ms, |cap| ms.min(cap));
        out.daily_capped_ms += ms - credited;
        if let Some(slot) = out.per_week_ms.get_mut(index) {
            *slot += credited;
        }
    }
}
