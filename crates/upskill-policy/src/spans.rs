//! The intervals kept per learner until `finish`, packed into 12 or 16
//! bytes each, in fixed blocks.
//!
//! Between reading and judging, the engine keeps one interval per record of
//! a roster learner that reaches counting ([`RecordSpan`]: id key, start and
//! end in UTC milliseconds, exclusion): at 10^7 records these are most of an
//! assessment's memory. A [`RecordSpan`] takes 32 bytes (three 8-byte
//! fields and a tag, padded); it is kept in one of three forms, each exact:
//!
//! - **minutes**, 12 bytes: the id key, then one 32-bit word with the start
//!   as whole minutes from the [`Packing`]'s minute origin (20 bits: about
//!   728 days), the length in whole minutes (10 bits: up to 17 hours 3
//!   minutes) and the exclusion (2 bits). Only for an interval whose start
//!   and end are whole minutes from that origin (as every generated
//!   session is, and most exports);
//! - **milliseconds**, 16 bytes ([`Packed`]): the id key, then one 64-bit
//!   word with the start as milliseconds from the origin (36 bits: about
//!   795 days), the length in milliseconds (26 bits: about 18.6 hours) and
//!   the exclusion (2 bits);
//! - **wide**, 28 bytes: the id key, start, end and exclusion as they are.
//!
//! Every kept interval ends after the period's start, lasts at most
//! [`MAX_SESSION_DURATION`] and starts before the period's end, so with the
//! origin at the period's start less that duration the offset is never
//! negative. A learner's list starts in minutes and turns to milliseconds,
//! then wide, when an interval does not fit (its intervals are re-encoded,
//! in the same order): nothing is ever cut or rounded. Unpacking gives back
//! exactly the interval packed (`packing_is_exact`, a proptest), so the
//! judgement never depends on the form an interval was kept in.
//!
//! A learner's list is a chain of fixed 128-byte [`Block`]s (10 intervals
//! in minutes, 7 in milliseconds, 4 wide), each allocated once and never
//! moved: a list never reallocates as it grows, so there is no growth room
//! beyond its last block and no freed smaller copies left behind in the
//! allocator (at 10^7 records those were some 90 MiB of mimalloc's pages).
//! The chain runs from the newest block back to the oldest; a list is read
//! in the order its intervals were added.

use upskill_session::{Exclusion, MAX_SESSION_DURATION, RecordSpan};

/// Bits of [`Packed::at`] for the exclusion (the lowest).
const EXCLUSION_BITS: u32 = 2;
/// Bits for the length, in milliseconds (up to about 18.6 hours).
const LENGTH_BITS: u32 = 26;
/// Bits for the start's offset from the origin, in milliseconds (the
/// highest: 64 - 26 - 2 = 36, about 795 days).
const START_BITS: u32 = u64::BITS - LENGTH_BITS - EXCLUSION_BITS;

/// Bits of the minutes form's word for the length in whole minutes (up to
/// 1,023 minutes).
const MINUTE_LENGTH_BITS: u32 = 10;
/// Bits of the minutes form's word for the start in whole minutes from the
/// minute origin (the highest: 32 - 10 - 2 = 20, about 728 days).
const MINUTE_START_BITS: u32 = u32::BITS - MINUTE_LENGTH_BITS - EXCLUSION_BITS;
/// Milliseconds in a minute.
const MINUTE_MS: i64 = 60_000;

/// One interval in 16 bytes: the record's id key and a word holding its
/// start, length and exclusion (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Packed {
    id_key: u64,
    at: u64,
}

/// How one assessment packs its intervals: offsets from `origin_ms`, the
/// earliest start a kept interval can have (the period's start less
/// [`MAX_SESSION_DURATION`]), and, for the minutes form, from
/// `minute_origin_ms`, that instant rounded down to a whole minute of the
/// time line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Packing {
    origin_ms: i64,
    minute_origin_ms: i64,
}

fn exclusion_code(excluded: Option<Exclusion>) -> u8 {
    match excluded {
        None => 0,
        Some(Exclusion::ActivityKind) => 1,
        Some(Exclusion::SelfReported) => 2,
    }
}

fn exclusion_of(code: u64) -> Option<Exclusion> {
    match code & ((1 << EXCLUSION_BITS) - 1) {
        1 => Some(Exclusion::ActivityKind),
        2 => Some(Exclusion::SelfReported),
        _ => None,
    }
}

impl Packing {
    /// The packing of an assessment whose period starts at `period_start_ms`.
    pub(crate) fn new(period_start_ms: i64) -> Packing {
        let longest = i64::try_from(MAX_SESSION_DURATION.as_millis()).unwrap_or(i64::MAX);
        let origin_ms = period_start_ms.saturating_sub(longest);
        // Rounded down to a whole minute, or left as it is at the very
        // start of the time line (where no whole minute lies below it).
        let minute_origin_ms = origin_ms
            .checked_sub(origin_ms.rem_euclid(MINUTE_MS))
            .unwrap_or(origin_ms);
        Packing {
            origin_ms,
            minute_origin_ms,
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
        Some(Packed {
            id_key: span.id_key,
            at: offset << (LENGTH_BITS + EXCLUSION_BITS)
                | length << EXCLUSION_BITS
                | u64::from(exclusion_code(span.excluded)),
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
            excluded: exclusion_of(packed.at),
        }
    }

    /// The start, length and exclusion of `span` in the minutes form's
    /// 32-bit word, or `None` when its start or end is not a whole number
    /// of minutes from the minute origin, or either is out of range.
    pub(crate) fn pack_minutes(self, span: &RecordSpan) -> Option<u32> {
        let from = span.start_ms.checked_sub(self.minute_origin_ms)?;
        let length = span.end_ms.checked_sub(span.start_ms)?;
        if from < 0 || length < 0 || from % MINUTE_MS != 0 || length % MINUTE_MS != 0 {
            return None;
        }
        let (from, length) = (
            u32::try_from(from / MINUTE_MS).ok()?,
            u32::try_from(length / MINUTE_MS).ok()?,
        );
        if from >> MINUTE_START_BITS != 0 || length >> MINUTE_LENGTH_BITS != 0 {
            return None;
        }
        Some(
            from << (MINUTE_LENGTH_BITS + EXCLUSION_BITS)
                | length << EXCLUSION_BITS
                | u32::from(exclusion_code(span.excluded)),
        )
    }

    /// The interval of id key `id_key` whose minutes word is `word`:
    /// exactly the one [`Packing::pack_minutes`] was given.
    pub(crate) fn unpack_minutes(self, id_key: u64, word: u32) -> RecordSpan {
        let from = i64::from(word >> (MINUTE_LENGTH_BITS + EXCLUSION_BITS));
        let length = i64::from((word >> EXCLUSION_BITS) & ((1 << MINUTE_LENGTH_BITS) - 1));
        // Both are at most 2^20 minutes, so the sums cannot overflow for
        // an interval that was packed (it was in range).
        let start_ms = self.minute_origin_ms.saturating_add(from * MINUTE_MS);
        RecordSpan {
            id_key,
            start_ms,
            end_ms: start_ms.saturating_add(length * MINUTE_MS),
            excluded: exclusion_of(u64::from(word)),
        }
    }
}

/// 32-bit words of intervals in one [`Block`]: with the link, 128 bytes
/// (one of the allocator's size classes).
const BLOCK_WORDS: usize = 30;

/// A fixed run of a learner's intervals, encoded in one [`Form`], and the
/// block of the intervals before them.
struct Block {
    older: Option<Box<Block>>,
    words: [u32; BLOCK_WORDS],
}

/// How a learner's intervals are encoded (see the module docs).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
enum Form {
    /// 3 words: id key, minutes word.
    #[default]
    Minutes,
    /// 4 words: id key, [`Packed::at`].
    Millis,
    /// 7 words: id key, start, end, exclusion.
    Wide,
}

impl Form {
    /// Words per interval.
    const fn words(self) -> usize {
        match self {
            Form::Minutes => 3,
            Form::Millis => 4,
            Form::Wide => 7,
        }
    }

    /// Intervals per block.
    const fn per_block(self) -> usize {
        BLOCK_WORDS / self.words()
    }
}

/// The low and high halves of `n`.
fn halves(n: u64) -> (u32, u32) {
    (n as u32, (n >> 32) as u32)
}

fn join(low: u32, high: u32) -> u64 {
    u64::from(high) << 32 | u64::from(low)
}

/// `span` in `form`'s words (the first [`Form::words`] of the array), or
/// `None` when it does not fit that form.
fn encode(form: Form, packing: Packing, span: &RecordSpan) -> Option<[u32; 7]> {
    let (k0, k1) = halves(span.id_key);
    match form {
        Form::Minutes => {
            let word = packing.pack_minutes(span)?;
            Some([k0, k1, word, 0, 0, 0, 0])
        }
        Form::Millis => {
            let (a0, a1) = halves(packing.pack(span)?.at);
            Some([k0, k1, a0, a1, 0, 0, 0])
        }
        Form::Wide => {
            let (s0, s1) = halves(span.start_ms as u64);
            let (e0, e1) = halves(span.end_ms as u64);
            Some([
                k0,
                k1,
                s0,
                s1,
                e0,
                e1,
                u32::from(exclusion_code(span.excluded)),
            ])
        }
    }
}

/// The id key at the head of an encoded interval.
fn key_of(words: &[u32]) -> u64 {
    match words {
        [low, high, ..] => join(*low, *high),
        _ => 0,
    }
}

/// The interval in `words` (at least [`Form::words`] of them) of `form`.
fn decode(form: Form, packing: Packing, words: &[u32]) -> RecordSpan {
    let word = |i: usize| words.get(i).copied().unwrap_or(0);
    let id_key = join(word(0), word(1));
    match form {
        Form::Minutes => packing.unpack_minutes(id_key, word(2)),
        Form::Millis => packing.unpack(Packed {
            id_key,
            at: join(word(2), word(3)),
        }),
        Form::Wide => RecordSpan {
            id_key,
            start_ms: join(word(2), word(3)) as i64,
            end_ms: join(word(4), word(5)) as i64,
            excluded: exclusion_of(u64::from(word(6))),
        },
    }
}

/// One learner's intervals, in the order they were added, as a chain of
/// [`Block`]s in one [`Form`] (see the module docs).
#[derive(Default)]
pub(crate) struct LearnerSpans {
    /// The newest block (the only one that may have room left).
    newest: Option<Box<Block>>,
    len: usize,
    form: Form,
}

impl Drop for LearnerSpans {
    /// Frees the chain a block at a time (a recursive drop of a long chain
    /// could exhaust the stack).
    fn drop(&mut self) {
        let mut next = self.newest.take();
        while let Some(mut block) = next {
            next = block.older.take();
        }
    }
}

impl Clone for LearnerSpans {
    fn clone(&self) -> Self {
        let mut copy = LearnerSpans::empty(self.form);
        for block in self.blocks() {
            copy.append_block_copy(block);
        }
        copy.len = self.len;
        copy
    }
}

impl std::fmt::Debug for LearnerSpans {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LearnerSpans")
            .field("len", &self.len)
            .field("form", &self.form)
            .finish_non_exhaustive()
    }
}

impl LearnerSpans {
    /// No intervals, in `form`.
    fn empty(form: Form) -> LearnerSpans {
        LearnerSpans {
            newest: None,
            len: 0,
            form,
        }
    }

    /// How many intervals.
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// Whether there are none.
    pub(crate) fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Adds `span` at the end, in this list's form when it fits, else
    /// after re-encoding the list in the first form that holds it.
    pub(crate) fn push(&mut self, packing: Packing, span: RecordSpan) {
        if let Some(words) = encode(self.form, packing, &span) {
            self.write(&words);
            return;
        }
        let form = if self.form < Form::Millis && packing.pack(&span).is_some() {
            Form::Millis
        } else {
            Form::Wide
        };
        let mut all: Vec<RecordSpan> = self.iter(packing).collect();
        all.push(span);
        self.refill(packing, form, all);
    }

    /// Empties the list and adds `spans` in `form` (each fits it, or the
    /// list turns wider as [`LearnerSpans::push`] does).
    fn refill(&mut self, packing: Packing, form: Form, spans: Vec<RecordSpan>) {
        *self = LearnerSpans::empty(form);
        for span in spans {
            self.push(packing, span);
        }
    }

    /// Writes one encoded interval after the last, in a new block when the
    /// newest is full.
    fn write(&mut self, words: &[u32; 7]) {
        let (width, per_block) = (self.form.words(), self.form.per_block());
        let slot = self.len % per_block;
        if slot == 0 || self.newest.is_none() {
            self.newest = Some(Box::new(Block {
                older: self.newest.take(),
                words: [0; BLOCK_WORDS],
            }));
        }
        if let Some(block) = self.newest.as_mut() {
            let at = slot * width;
            for (to, from) in block
                .words
                .iter_mut()
                .skip(at)
                .zip(words.iter().take(width))
            {
                *to = *from;
            }
        }
        self.len += 1;
    }

    /// Appends a copy of `block` as the newest (for [`Clone`]).
    fn append_block_copy(&mut self, block: &Block) {
        self.newest = Some(Box::new(Block {
            older: self.newest.take(),
            words: block.words,
        }));
    }

    /// The blocks, oldest first.
    fn blocks(&self) -> Vec<&Block> {
        let mut blocks = Vec::with_capacity(self.len.div_ceil(self.form.per_block()));
        let mut next = self.newest.as_deref();
        while let Some(block) = next {
            blocks.push(block);
            next = block.older.as_deref();
        }
        blocks.reverse();
        blocks
    }

    /// The encoded intervals, in order (each [`Form::words`] words).
    fn encoded(&self) -> impl Iterator<Item = &[u32]> + '_ {
        let width = self.form.words();
        self.blocks()
            .into_iter()
            .flat_map(move |block| block.words.chunks_exact(width))
            .take(self.len)
    }

    /// The intervals, in order.
    pub(crate) fn iter(&self, packing: Packing) -> impl Iterator<Item = RecordSpan> + '_ {
        let form = self.form;
        self.encoded()
            .map(move |words| decode(form, packing, words))
    }

    /// The id keys, in order (without unpacking).
    pub(crate) fn id_keys(&self) -> impl Iterator<Item = u64> + '_ {
        self.encoded().map(key_of)
    }

    /// The blocks, newest first, each with how many intervals it holds.
    fn blocks_newest_first(&self) -> impl Iterator<Item = (&Block, usize)> + '_ {
        let per_block = self.form.per_block();
        // The newest block holds what the full ones before it do not.
        let newest = self.len - self.len.saturating_sub(1) / per_block * per_block;
        std::iter::successors(self.newest.as_deref(), |block| block.older.as_deref())
            .zip(std::iter::once(newest).chain(std::iter::repeat(per_block)))
    }

    /// The encoded intervals in no particular order (newest block first),
    /// for readers to whom order does not matter: no list of the blocks
    /// is made.
    fn encoded_any_order(&self) -> impl Iterator<Item = &[u32]> + '_ {
        let width = self.form.words();
        self.blocks_newest_first()
            .flat_map(move |(block, n)| block.words.chunks_exact(width).take(n))
    }

    /// The id keys in no particular order (see [`LearnerSpans::id_keys`]).
    pub(crate) fn id_keys_any_order(&self) -> impl Iterator<Item = u64> + '_ {
        self.encoded_any_order().map(key_of)
    }

    /// The intervals in no particular order (see [`LearnerSpans::iter`]).
    pub(crate) fn iter_any_order(&self, packing: Packing) -> impl Iterator<Item = RecordSpan> + '_ {
        let form = self.form;
        self.encoded_any_order()
            .map(move |words| decode(form, packing, words))
    }

    /// Keeps the intervals whose flag in `keep` is true (a missing flag
    /// keeps), in order.
    pub(crate) fn retain_flagged(&mut self, packing: Packing, keep: &[bool]) {
        let mut flags = keep.iter();
        let kept: Vec<RecordSpan> = self
            .iter(packing)
            .filter(|_| flags.next().copied().unwrap_or(true))
            .collect();
        if kept.len() != self.len {
            self.refill(packing, self.form, kept);
        }
    }

    /// Adds the intervals as full [`RecordSpan`]s at the end of `out`, in
    /// order; this list is emptied and its memory freed.
    pub(crate) fn move_into(&mut self, packing: Packing, out: &mut Vec<RecordSpan>) {
        let (form, width) = (self.form, self.form.words());
        let start = out.len();
        let blank = RecordSpan {
            id_key: 0,
            start_ms: 0,
            end_ms: 0,
            excluded: None,
        };
        out.resize(start + self.len, blank);
        // Each block's intervals to their places, newest block last in
        // `out`: no list of the blocks is made.
        let mut end = start + self.len;
        for (block, n) in self.blocks_newest_first() {
            let from = end.saturating_sub(n).max(start);
            if let Some(places) = out.get_mut(from..end) {
                for (place, words) in places.iter_mut().zip(block.words.chunks_exact(width)) {
                    *place = decode(form, packing, words);
                }
            }
            end = from;
        }
        *self = LearnerSpans::default();
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
    pub(crate) fn retain_flagged(&mut self, learner: usize, packing: Packing, keep: &[bool]) {
        let mut from = 0;
        for list in self.tables.iter_mut().filter_map(|t| t.get_mut(learner)) {
            let n = list.len();
            list.retain_flagged(packing, keep.get(from..).unwrap_or_default());
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

    /// A start within the first 60 days from 30 days before the period:
    /// mostly whole minutes (the minutes form), else any millisecond.
    fn interval_start() -> impl Strategy<Value = i64> {
        prop_oneof![
            3 => (0..60 * 1_440i64).prop_map(|m| m * MINUTE_MS),
            1 => 0..60 * DAY,
        ]
    }

    /// A length in whole minutes (up to 17 hours: the minutes form), any
    /// under a day (milliseconds, or wide over 18.6 hours), or up to 31
    /// days (wide).
    fn interval_length() -> impl Strategy<Value = i64> {
        prop_oneof![
            6 => (0..1_023i64).prop_map(|m| m * MINUTE_MS),
            2 => 0..DAY,
            1 => 0..31 * DAY,
        ]
    }

    #[test]
    fn a_record_span_takes_32_bytes_and_a_packed_one_16() {
        assert_eq!(std::mem::size_of::<RecordSpan>(), 32);
        assert_eq!(std::mem::size_of::<Packed>(), 16);
    }

    #[test]
    fn a_block_takes_128_bytes_and_holds_10_7_or_4_intervals() {
        assert_eq!(std::mem::size_of::<Block>(), 128);
        assert_eq!(std::mem::size_of::<LearnerSpans>(), 24);
        let per_block = [Form::Minutes, Form::Millis, Form::Wide].map(Form::per_block);
        assert_eq!(per_block, [10, 7, 4]);
    }

    #[test]
    fn the_edges_of_the_minutes_form() {
        let packing = Packing::new(PERIOD_START);
        // The period starts at midnight, so the minute origin is the origin.
        let origin = PERIOD_START - 31 * DAY;
        assert_eq!(packing.minute_origin_ms, origin);
        let minute = MINUTE_MS;
        let span = |start_ms, end_ms| RecordSpan {
            id_key: u64::MAX - 1,
            start_ms,
            end_ms,
            excluded: Some(Exclusion::SelfReported),
        };
        let longest = ((1 << MINUTE_LENGTH_BITS) - 1) * minute;
        let latest = origin + ((1 << MINUTE_START_BITS) - 1) * minute;
        for fits in [
            span(origin, origin),
            span(origin, origin + longest),
            span(latest, latest + longest),
            span(origin + 7 * minute, origin + 52 * minute),
        ] {
            let word = packing.pack_minutes(&fits).expect("in range");
            assert_eq!(packing.unpack_minutes(fits.id_key, word), fits);
        }
        for out in [
            span(origin - minute, origin),
            span(origin + 1, origin + minute + 1),
            span(origin, origin + minute + 1),
            span(origin, origin + longest + minute),
            span(latest + minute, latest + 2 * minute),
            span(origin + minute, origin),
            span(i64::MIN, i64::MAX),
            span(i64::MAX, i64::MAX),
        ] {
            assert_eq!(packing.pack_minutes(&out), None, "{out:?}");
        }
        // A period starting off a whole minute: the minutes are those of
        // the time line, from the whole minute before the origin.
        let odd = Packing::new(PERIOD_START + 1_500);
        assert_eq!(odd.minute_origin_ms, origin);
        let on_the_minute = span(PERIOD_START, PERIOD_START + 30 * minute);
        let word = odd.pack_minutes(&on_the_minute).expect("whole minutes");
        assert_eq!(
            odd.unpack_minutes(on_the_minute.id_key, word),
            on_the_minute
        );
        assert_eq!(Packing::new(i64::MIN).minute_origin_ms, i64::MIN);
    }

    #[test]
    fn a_list_turns_to_milliseconds_then_wide_keeping_its_order() {
        let packing = Packing::new(PERIOD_START);
        let at = |i: i64| PERIOD_START + i * 3_600_000;
        let mut list = LearnerSpans::default();
        let mut all = Vec::new();
        // 25 intervals in whole minutes (three blocks), one off the minute,
        // 9 more, one of 20 hours (wide), and 5 more.
        for i in 0..41 {
            let (start_ms, end_ms) = match i {
                25 => (at(i) + 1, at(i) + 1_801),
                35 => (at(i), at(i) + 20 * 3_600_000),
                _ => (at(i), at(i) + 45 * MINUTE_MS),
            };
            let span = RecordSpan {
                id_key: 1000 + i as u64,
                start_ms,
                end_ms,
                excluded: None,
            };
            list.push(packing, span);
            all.push(span);
            let form = match i {
                ..25 => Form::Minutes,
                25..35 => Form::Millis,
                _ => Form::Wide,
            };
            assert_eq!(list.form, form, "after {i}");
            assert_eq!(list.iter(packing).collect::<Vec<_>>(), all, "after {i}");
        }
        assert_eq!(list.len(), 41);
        assert_eq!(list.blocks().len(), 41usize.div_ceil(4));
        let copy = list.clone();
        assert_eq!(copy.iter(packing).collect::<Vec<_>>(), all);
        let mut out = Vec::new();
        list.move_into(packing, &mut out);
        assert_eq!(out, all);
        assert!(list.is_empty() && list.newest.is_none());
    }

    #[test]
    fn a_long_list_is_dropped_without_recursion() {
        let packing = Packing::new(PERIOD_START);
        let mut list = LearnerSpans::default();
        for i in 0..2_000_000i64 {
            let start_ms = PERIOD_START + (i % 1_000) * MINUTE_MS;
            list.push(
                packing,
                RecordSpan {
                    id_key: i as u64,
                    start_ms,
                    end_ms: start_ms,
                    excluded: None,
                },
            );
        }
        assert_eq!(list.len(), 2_000_000);
        drop(list);
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

        /// The same for the minutes form: exact, and refused only for what
        /// is not whole minutes from the minute origin or is out of range.
        #[test]
        fn packing_in_minutes_is_exact(
            period_start in prop_oneof![Just(PERIOD_START), any::<i64>()],
            offset in prop_oneof![
                (-40 * 1_440..800 * 1_440i64).prop_map(|m| m * MINUTE_MS),
                -40 * DAY..800 * DAY,
                any::<i64>(),
            ],
            length in prop_oneof![
                (0..1_100i64).prop_map(|m| m * MINUTE_MS),
                0..DAY,
                any::<i64>(),
            ],
            id_key in any::<u64>(),
            excluded in exclusion(),
        ) {
            let packing = Packing::new(period_start);
            let start_ms = packing.minute_origin_ms.saturating_add(31 * DAY).saturating_add(offset);
            let span = RecordSpan { id_key, start_ms, end_ms: start_ms.saturating_add(length), excluded };
            match packing.pack_minutes(&span) {
                Some(word) => prop_assert_eq!(packing.unpack_minutes(id_key, word), span),
                None => {
                    let from_origin = i128::from(span.start_ms) - i128::from(packing.minute_origin_ms);
                    let length = i128::from(span.end_ms) - i128::from(span.start_ms);
                    let minute = i128::from(MINUTE_MS);
                    prop_assert!(
                        from_origin % minute != 0
                            || length % minute != 0
                            || !(0..minute << MINUTE_START_BITS).contains(&from_origin)
                            || !(0..minute << MINUTE_LENGTH_BITS).contains(&length)
                    );
                }
            }
        }

        /// A learner's intervals stay in order, packed or wide, through
        /// pushes, merges of partial states, retains and takes.
        #[test]
        fn a_learner_list_keeps_its_intervals_in_order(
            a in prop::collection::vec((interval_start(), interval_length(), exclusion()), 0..40),
            b in prop::collection::vec((interval_start(), interval_length(), exclusion()), 0..40),
            keep in prop::collection::vec(any::<bool>(), 0..80),
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
            prop_assert_eq!(&keys, &all.iter().map(|s| s.id_key).collect::<Vec<_>>());
            let mut any_order: Vec<u64> = mine.lists(1).flat_map(LearnerSpans::id_keys_any_order).collect();
            let mut sorted = keys.clone();
            any_order.sort_unstable();
            sorted.sort_unstable();
            prop_assert_eq!(any_order, sorted);
            let mut spans_any: Vec<(u64, i64, i64)> = mine.lists(1).flat_map(|l| l.iter_any_order(packing)).map(|s| (s.id_key, s.start_ms, s.end_ms)).collect();
            let mut spans_all: Vec<(u64, i64, i64)> = all.iter().map(|s| (s.id_key, s.start_ms, s.end_ms)).collect();
            spans_any.sort_unstable();
            spans_all.sort_unstable();
            prop_assert_eq!(spans_any, spans_all);
            let copy = mine.clone();
            prop_assert_eq!(listed(&copy), all.clone());
            mine.retain_flagged(1, packing, &keep);
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
