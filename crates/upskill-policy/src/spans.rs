//! The intervals kept per learner until `finish`, packed into 16 bytes each.
//!
//! Between reading and judging, the engine keeps one interval per record of
//! a roster learner that reaches counting ([`RecordSpan`]: id key, start and
//! end in UTC milliseconds, exclusion): at 10^7 records these are most of an
//! assessment's memory. A [`RecordSpan`] takes 32 bytes (three 8-byte
//! fields and a tag, padded); [`Packed`] holds the same facts exactly in 16:
//! the id key, then one word with the start as an offset from the
//! [`Packing`]'s origin (36 bits, milliseconds: about 795 days), the length
//! (26 bits, milliseconds: about 18.6 hours) and the exclusion (2 bits).
//!
//! Every kept interval ends after the period's start, lasts at most
//! [`MAX_SESSION_DURATION`] and starts before the period's end, so with the
//! origin at the period's start less that duration the offset is never
//! negative, and it fits 36 bits for any period up to about two years. An
//! interval that does not fit (a longer period, a session over 18.6 hours)
//! is never cut or rounded: its learner's list turns [`LearnerSpans::Wide`]
//! and keeps full [`RecordSpan`]s, in the same order. Unpacking gives back
//! exactly the interval packed (`packing_is_exact`, a proptest), so the
//! judgement never depends on the form an interval was kept in.

use upskill_session::{Exclusion, MAX_SESSION_DURATION, RecordSpan};

/// Bits of [`Packed::at`] for the exclusion (the lowest).
const EXCLUSION_BITS: u32 = 2;
/// Bits for the length, in milliseconds (up to about 18.6 hours).
const LENGTH_BITS: u32 = 26;
/// Bits for the start's offset from the origin, in milliseconds (the
/// highest: 64 - 26 - 2 = 36, about 795 days).
const START_BITS: u32 = u64::BITS - LENGTH_BITS - EXCLUSION_BITS;

/// One interval in 16 bytes: the record's id key and a word holding its
/// start, length and exclusion (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Packed {
    id_key: u64,
    at: u64,
}

impl Packed {
    /// The record's id key ([`RecordSpan::id_key`]).
    pub(crate) fn id_key(self) -> u64 {
        self.id_key
    }
}

/// How one assessment packs its intervals: offsets from `origin_ms`, the
/// earliest start a kept interval can have (the period's start less
/// [`MAX_SESSION_DURATION`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Packing {
    origin_ms: i64,
}

impl Packing {
    /// The packing of an assessment whose period starts at `period_start_ms`.
    pub(crate) fn new(period_start_ms: i64) -> Packing {
        let longest = i64::try_from(MAX_SESSION_DURATION.as_millis()).unwrap_or(i64::MAX);
        Packing {
            origin_ms: period_start_ms.saturating_sub(longest),
        }
    }

    /// `span` in 16 bytes, or `None` when its start is before the origin
    /// or too far after it, or it is too long, or it ends before it starts.
    pub(crate) fn pack(self, span: &RecordSpan) -> Option<Packed> {
        let offset = u64::try_from(span.start_ms.checked_sub(self.origin_ms)?).ok()?;
        let length = u64::try_from(span.end_ms.checked_sub(span.start_ms)?).ok()?;
        if offset >> START_BITS != 0 || length >> LENGTH_BITS != 0 {
            return None;
        }
        let exclusion = match span.excluded {
            None => 0,
            Some(Exclusion::ActivityKind) => 1,
            Some(Exclusion::SelfReported) => 2,
        };
        Some(Packed {
            id_key: span.id_key,
            at: offset << (LENGTH_BITS + EXCLUSION_BITS) | length << EXCLUSION_BITS | exclusion,
        })
    }

    /// The interval `packed` holds: exactly the one [`Packing::pack`] was given.
    pub(crate) fn unpack(self, packed: Packed) -> RecordSpan {
        let offset = packed.at >> (LENGTH_BITS + EXCLUSION_BITS);
        let length = (packed.at >> EXCLUSION_BITS) & ((1 << LENGTH_BITS) - 1);
        // Both fit 36 bits, so neither conversion can fail; the sums cannot
        // overflow for an interval that was packed (it was in range).
        let start_ms = self
            .origin_ms
            .saturating_add(i64::try_from(offset).unwrap_or(i64::MAX));
        RecordSpan {
            id_key: packed.id_key,
            start_ms,
            end_ms: start_ms.saturating_add(i64::try_from(length).unwrap_or(i64::MAX)),
            excluded: match packed.at & ((1 << EXCLUSION_BITS) - 1) {
                1 => Some(Exclusion::ActivityKind),
                2 => Some(Exclusion::SelfReported),
                _ => None,
            },
        }
    }
}

/// One learner's intervals, in the order they were added: packed while
/// every one fits, full [`RecordSpan`]s once one does not.
#[derive(Debug, Clone)]
pub(crate) enum LearnerSpans {
    /// Every interval packed (16 bytes each).
    Packed(Vec<Packed>),
    /// Full intervals (32 bytes each), after one did not fit.
    Wide(Vec<RecordSpan>),
}

impl Default for LearnerSpans {
    fn default() -> Self {
        LearnerSpans::Packed(Vec::new())
    }
}

impl LearnerSpans {
    /// How many intervals.
    pub(crate) fn len(&self) -> usize {
        match self {
            LearnerSpans::Packed(list) => list.len(),
            LearnerSpans::Wide(list) => list.len(),
        }
    }

    /// Whether there are none.
    pub(crate) fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Adds `span` at the end. A full list grows by a quarter (at least 4
    /// intervals), not by doubling as `Vec::push` does: the room left over
    /// while reading is at most a fifth of a list rather than half of it,
    /// for a few more (small) copies.
    pub(crate) fn push(&mut self, packing: Packing, span: RecordSpan) {
        if let LearnerSpans::Packed(list) = self {
            match packing.pack(&span) {
                Some(packed) => {
                    grow(list);
                    list.push(packed);
                    return;
                }
                None => self.widen(packing),
            }
        }
        if let LearnerSpans::Wide(list) = self {
            grow(list);
            list.push(span);
        }
    }

    /// Turns a packed list into full intervals, in the same order.
    fn widen(&mut self, packing: Packing) {
        if let LearnerSpans::Packed(list) = self {
            let wide = list.iter().map(|p| packing.unpack(*p)).collect();
            *self = LearnerSpans::Wide(wide);
        }
    }

    /// The intervals, in order.
    pub(crate) fn iter(&self, packing: Packing) -> Iter<'_> {
        match self {
            LearnerSpans::Packed(list) => Iter::Packed(list.iter(), packing),
            LearnerSpans::Wide(list) => Iter::Wide(list.iter()),
        }
    }

    /// The id keys, in order (without unpacking).
    pub(crate) fn id_keys(&self) -> impl Iterator<Item = u64> + '_ {
        let (packed, wide) = match self {
            LearnerSpans::Packed(list) => (list.as_slice(), &[][..]),
            LearnerSpans::Wide(list) => (&[][..], list.as_slice()),
        };
        packed
            .iter()
            .map(|p| p.id_key())
            .chain(wide.iter().map(|s| s.id_key))
    }

    /// Keeps the intervals whose flag in `keep` is true (a missing flag
    /// keeps), in order.
    pub(crate) fn retain_flagged(&mut self, keep: &[bool]) {
        let mut flags = keep.iter();
        match self {
            LearnerSpans::Packed(list) => list.retain(|_| flags.next().copied().unwrap_or(true)),
            LearnerSpans::Wide(list) => list.retain(|_| flags.next().copied().unwrap_or(true)),
        }
    }

    /// Adds the intervals as full [`RecordSpan`]s at the end of `out`, in
    /// order; this list is emptied and its memory freed.
    pub(crate) fn move_into(&mut self, packing: Packing, out: &mut Vec<RecordSpan>) {
        match std::mem::take(self) {
            LearnerSpans::Packed(list) => out.extend(list.into_iter().map(|p| packing.unpack(p))),
            LearnerSpans::Wide(list) => out.extend(list),
        }
    }
}

/// Every learner's intervals in one partial state: a table (one list per
/// learner) per partial state merged in, in merge order. Merging moves the
/// other state's tables instead of copying its intervals into these lists:
/// a copy needed fresh memory for every interval while both copies were
/// alive (at 10^7 records on two threads, some 80 MiB more peak memory).
/// A learner's intervals are its lists in table order, which is the order
/// one concatenated list would have (and the audit's kept records have).
#[derive(Debug, Clone, Default)]
pub(crate) struct SpanTables {
    tables: Vec<Vec<LearnerSpans>>,
}

impl SpanTables {
    /// One empty table for `learners` learners.
    pub(crate) fn new(learners: usize) -> SpanTables {
        SpanTables {
            tables: vec![vec![LearnerSpans::default(); learners]],
        }
    }

    /// One table holding `lists`, a list per learner.
    pub(crate) fn from_lists(lists: Vec<LearnerSpans>) -> SpanTables {
        SpanTables {
            tables: vec![lists],
        }
    }

    /// Adds an interval of `learner` after every interval already kept
    /// (to the last table).
    pub(crate) fn push(&mut self, learner: usize, packing: Packing, span: RecordSpan) {
        if let Some(list) = self.tables.last_mut().and_then(|t| t.get_mut(learner)) {
            list.push(packing, span);
        }
    }

    /// Adds `other`'s intervals after these: its tables follow these
    /// (empty tables are dropped; when these are all empty, `other`'s
    /// replace them).
    pub(crate) fn absorb(&mut self, other: SpanTables) {
        let empty = |t: &Vec<LearnerSpans>| t.iter().all(LearnerSpans::is_empty);
        if self.tables.iter().all(empty) {
            *self = other;
            return;
        }
        self.tables
            .extend(other.tables.into_iter().filter(|t| !empty(t)));
    }

    /// The lists of `learner`, in order.
    pub(crate) fn lists(&self, learner: usize) -> impl Iterator<Item = &LearnerSpans> + '_ {
        self.tables.iter().filter_map(move |t| t.get(learner))
    }

    /// How many intervals `learner` has.
    #[cfg(test)]
    pub(crate) fn len_of(&self, learner: usize) -> usize {
        self.lists(learner).map(LearnerSpans::len).sum()
    }

    /// How many learners the tables hold lists for.
    pub(crate) fn learners(&self) -> usize {
        self.tables.iter().map(Vec::len).max().unwrap_or(0)
    }

    /// Keeps the intervals of `learner` whose flag in `keep` is true (a
    /// missing flag keeps), flags in the learner's order.
    pub(crate) fn retain_flagged(&mut self, learner: usize, keep: &[bool]) {
        let mut from = 0;
        for list in self.tables.iter_mut().filter_map(|t| t.get_mut(learner)) {
            let n = list.len();
            list.retain_flagged(keep.get(from..).unwrap_or_default());
            from += n;
        }
    }

    /// The intervals of `learner` as full [`RecordSpan`]s in `out`
    /// (cleared first), in order; its lists are emptied and freed.
    pub(crate) fn take_into(
        &mut self,
        learner: usize,
        packing: Packing,
        out: &mut Vec<RecordSpan>,
    ) {
        out.clear();
        for list in self.tables.iter_mut().filter_map(|t| t.get_mut(learner)) {
            list.move_into(packing, out);
        }
    }

    /// The tables, taken out of this state, each with a list for each of
    /// `learners` learners.
    pub(crate) fn take_tables(&mut self, learners: usize) -> Vec<Vec<LearnerSpans>> {
        let mut tables = std::mem::take(&mut self.tables);
        for table in &mut tables {
            table.resize_with(learners, LearnerSpans::default);
        }
        tables
    }
}

/// The intervals of the `j`th learner of a slice of every table
/// ([`SpanTables::take_tables`] cut by learners), as full [`RecordSpan`]s
/// in `out` (cleared first), in order; the lists are emptied and freed.
pub(crate) fn take_from_slices(
    parts: &mut [&mut [LearnerSpans]],
    j: usize,
    packing: Packing,
    out: &mut Vec<RecordSpan>,
) {
    out.clear();
    for list in parts.iter_mut().filter_map(|part| part.get_mut(j)) {
        list.move_into(packing, out);
    }
}

/// Room for one more in `list` when it is full: a quarter more, at least 4.
fn grow<T>(list: &mut Vec<T>) {
    if list.len() == list.capacity() {
        list.reserve_exact((list.len() / 4).max(4));
    }
}

/// The intervals of one [`LearnerSpans`], unpacked as they are read.
pub(crate) enum Iter<'a> {
    /// Packed intervals and their packing.
    Packed(std::slice::Iter<'a, Packed>, Packing),
    /// Full intervals.
    Wide(std::slice::Iter<'a, RecordSpan>),
}

impl Iterator for Iter<'_> {
    type Item = RecordSpan;

    fn next(&mut self) -> Option<RecordSpan> {
        match self {
            Iter::Packed(list, packing) => list.next().map(|p| packing.unpack(*p)),
            Iter::Wide(list) => list.next().copied(),
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        match self {
            Iter::Packed(list, _) => list.size_hint(),
            Iter::Wide(list) => list.size_hint(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const DAY: i64 = 86_400_000;
    /// 2026-03-02T00:00Z, the start of 2026-W10 in UTC.
    const PERIOD_START: i64 = 1_772_409_600_000;

    fn exclusion() -> impl Strategy<Value = Option<Exclusion>> {
        prop_oneof![
            Just(None),
            Just(Some(Exclusion::ActivityKind)),
            Just(Some(Exclusion::SelfReported)),
        ]
    }

    #[test]
    fn a_record_span_takes_32_bytes_and_a_packed_one_16() {
        assert_eq!(std::mem::size_of::<RecordSpan>(), 32);
        assert_eq!(std::mem::size_of::<Packed>(), 16);
    }

    #[test]
    fn the_edges_of_the_packed_range() {
        let packing = Packing::new(PERIOD_START);
        let origin = PERIOD_START - 31 * DAY;
        let span = |start_ms, end_ms| RecordSpan {
            id_key: 7,
            start_ms,
            end_ms,
            excluded: None,
        };
        let longest = (1 << LENGTH_BITS) - 1;
        let latest = origin + (1 << START_BITS) - 1;
        for fits in [
            span(origin, origin),
            span(origin, origin + longest),
            span(latest, latest + longest),
        ] {
            let packed = packing.pack(&fits).expect("in range");
            assert_eq!(packing.unpack(packed), fits);
        }
        for out in [
            span(origin - 1, origin + 1),
            span(origin, origin + longest + 1),
            span(latest + 1, latest + 2),
            span(origin + 10, origin + 9),
            span(i64::MIN, i64::MAX),
            span(i64::MAX, i64::MAX),
        ] {
            assert_eq!(packing.pack(&out), None, "{out:?}");
        }
        // An origin at the edge of the time line saturates rather than wraps.
        assert_eq!(Packing::new(i64::MIN).origin_ms, i64::MIN);
    }

    proptest! {
        /// Unpacking gives back exactly what was packed, for any interval
        /// and any period start; packing refuses only what cannot fit.
        #[test]
        fn packing_is_exact(
            period_start in prop_oneof![Just(PERIOD_START), any::<i64>()],
            offset in prop_oneof![-40 * DAY..800 * DAY, any::<i64>()],
            length in prop_oneof![0..DAY, 0..32 * DAY, any::<i64>()],
            id_key in any::<u64>(),
            excluded in exclusion(),
        ) {
            let packing = Packing::new(period_start);
            let start_ms = period_start.saturating_add(offset);
            let span = RecordSpan { id_key, start_ms, end_ms: start_ms.saturating_add(length), excluded };
            match packing.pack(&span) {
                Some(packed) => prop_assert_eq!(packing.unpack(packed), span),
                None => {
                    let from_origin = i128::from(span.start_ms) - i128::from(packing.origin_ms);
                    let length = i128::from(span.end_ms) - i128::from(span.start_ms);
                    prop_assert!(
                        !(0..1i128 << START_BITS).contains(&from_origin)
                            || !(0..1i128 << LENGTH_BITS).contains(&length)
                    );
                }
            }
        }

        /// A learner's intervals stay in order, packed or wide, through
        /// pushes, merges of partial states, retains and takes.
        #[test]
        fn a_learner_list_keeps_its_intervals_in_order(
            a in prop::collection::vec((0..60 * DAY, prop_oneof![0..DAY, 0..31 * DAY], exclusion()), 0..20),
            b in prop::collection::vec((0..60 * DAY, prop_oneof![0..DAY, 0..31 * DAY], exclusion()), 0..20),
            keep in prop::collection::vec(any::<bool>(), 0..40),
        ) {
            let packing = Packing::new(PERIOD_START);
            let spans = |raw: &[(i64, i64, Option<Exclusion>)], first: u64| -> Vec<RecordSpan> {
                raw.iter().zip(first..).map(|(&(start, length, excluded), id_key)| RecordSpan {
                    id_key,
                    start_ms: PERIOD_START - 30 * DAY + start,
                    end_ms: PERIOD_START - 30 * DAY + start + length,
                    excluded,
                }).collect()
            };
            let (a, b) = (spans(&a, 0), spans(&b, 1000));
            // Learner 1 of two, in two partial states merged.
            let (mut mine, mut theirs) = (SpanTables::new(2), SpanTables::new(2));
            a.iter().for_each(|s| mine.push(1, packing, *s));
            b.iter().for_each(|s| theirs.push(1, packing, *s));
            let listed = |t: &SpanTables| t.lists(1).flat_map(|l| l.iter(packing)).collect::<Vec<_>>();
            prop_assert_eq!(listed(&mine), a.clone());
            mine.absorb(theirs);
            let mut all: Vec<RecordSpan> = a.into_iter().chain(b).collect();
            prop_assert_eq!(mine.len_of(1), all.len());
            prop_assert_eq!(mine.len_of(0), 0);
            prop_assert_eq!(mine.learners(), 2);
            prop_assert_eq!(listed(&mine), all.clone());
            let keys: Vec<u64> = mine.lists(1).flat_map(LearnerSpans::id_keys).collect();
            prop_assert_eq!(keys, all.iter().map(|s| s.id_key).collect::<Vec<_>>());
            mine.retain_flagged(1, &keep);
            let mut flags = keep.iter();
            all.retain(|_| flags.next().copied().unwrap_or(true));
            prop_assert_eq!(listed(&mine), all.clone());
            let mut out = vec![RecordSpan { id_key: 0, start_ms: 0, end_ms: 0, excluded: None }];
            let mut tables = mine.take_tables(2);
            let mut parts: Vec<&mut [LearnerSpans]> = tables.iter_mut().map(|t| t.as_mut_slice()).collect();
            take_from_slices(&mut parts, 1, packing, &mut out);
            prop_assert_eq!(out, all);
            prop_assert!(tables.iter().all(|t| t.iter().all(LearnerSpans::is_empty)));
        }
    }
}
