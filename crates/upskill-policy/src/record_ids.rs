//! DOMAIN.md "Record ids identify a record within its source system: the
//! same id for two learners is an export fault, not two records."
//!
//! The per-learner duplicate rule (`upskill_session::normalise`: one id is
//! one record, the earliest interval kept) is extended across learners here,
//! once, when the assessment finishes: among the records that reach
//! counting (learners in the roster, inside the period, not after `as_of`),
//! the records sharing one id key with records of *another* learner are one
//! record. The learner of the earliest use (earliest start, then earliest
//! end, then the smallest learner id) keeps its records of that id; every
//! record of that id of any other learner is a `duplicate` counted in
//! `ledger.detail.ids_reused_across_learners`. The id key is
//! `upskill_session::record_key` of `(source, record_id)`, so records from
//! different source systems never collide.
//!
//! Deciding at the end, on the whole multiset of intervals, makes the
//! outcome independent of record order and of how partial states were
//! forked and merged. Memory: a transient sorted list of 16 bytes per
//! interval kept (id key and learner index) for one sixteenth of the key space
//! at a time, freed before judging; one entry per id reused across
//! learners; and, for a learner who loses records, one flag per interval.

use std::collections::BTreeMap;

#[cfg(test)]
use upskill_session::RecordSpan;

use crate::spans::{LearnerSpans, Packing, SpanTables};
use crate::state::State;

/// Applies [`drop_reused_across_learners`] to the state's intervals and
/// writes the records removed to the ledger as duplicates. With an audit,
/// the records kept beside the intervals are removed with them (the two
/// lists stay parallel) and each removed record gets its row.
pub(crate) fn count_reused_across_learners(state: &mut State, packing: Packing) {
    let masks = reused_masks(&state.spans, packing);
    let mut removed = 0u64;
    for (learner, mask) in masks.iter().enumerate() {
        let Some(mask) = mask else { continue };
        state.spans.retain_flagged(learner, packing, mask);
        removed += mask.iter().filter(|k| !**k).count() as u64;
        if let Some(kept) = state.audit.as_mut().and_then(|a| a.kept.get_mut(learner)) {
            let mut keep = mask.iter();
            let mut dropped = Vec::new();
            kept.retain(|k| {
                let stays = keep.next().copied().unwrap_or(true);
                if !stays {
                    dropped.push(k.clone());
                }
                stays
            });
            if let Some(audit) = state.audit.as_mut() {
                audit
                    .rows
                    .extend(dropped.into_iter().map(crate::audit::reused_id_row));
            }
        }
    }
    state.fates.duplicate += removed;
    state.detail.ids_reused_across_learners += removed;
}

/// Per learner, which intervals survive (`None`: all of them): an interval
/// survives unless its id is used first by another learner. Computed in
/// place from [`first_users`], without a copy of the intervals.
fn reused_masks(spans: &SpanTables, packing: Packing) -> Vec<Option<Vec<bool>>> {
    let first = first_users(spans, packing);
    if first.is_empty() {
        return vec![None; spans.learners()];
    }
    (0..spans.learners())
        .map(|index| {
            let learner = learner_index(index);
            spans
                .lists(index)
                .flat_map(LearnerSpans::id_keys_any_order)
                .any(|key| !survives(&first, key, learner))
                .then(|| {
                    spans
                        .lists(index)
                        .flat_map(LearnerSpans::id_keys)
                        .map(|key| survives(&first, key, learner))
                        .collect()
                })
        })
        .collect()
}

/// The key space is scanned in this many slices (by `id_key % KEY_SLICES`),
/// so the sorted `(id key, learner)` pairs held at once are those of one
/// slice, not of every interval: at 10^7 intervals about 10 MB instead of
/// 160 MB, at the cost of reading the intervals' id keys once per slice.
const KEY_SLICES: u64 = 16;

fn learner_index(learner: usize) -> u32 {
    u32::try_from(learner).unwrap_or(u32::MAX)
}

/// Whether an interval of `learner` with id key `key` is kept: its id is
/// not reused across learners, or `learner` is the id's first user.
fn survives(first: &BTreeMap<u64, u32>, key: u64, learner: u32) -> bool {
    first.get(&key).is_none_or(|&keeper| keeper == learner)
}

/// Every id key used by more than one learner, with the learner who uses
/// it first: earliest start, then end, then learner index (the roster is
/// in learner-id order).
fn first_users(spans: &SpanTables, packing: Packing) -> BTreeMap<u64, u32> {
    // Order does not matter here: the keys are counted and sorted.
    let keys = |index: usize| spans.lists(index).flat_map(LearnerSpans::id_keys_any_order);
    // How many keys fall in each slice, in one pass.
    let mut counts = [0usize; KEY_SLICES as usize];
    for index in 0..spans.learners() {
        for key in keys(index) {
            if let Some(n) = counts.get_mut((key % KEY_SLICES) as usize) {
                *n += 1;
            }
        }
    }
    // 1. Which id keys are used by more than one learner, a slice of the
    // key space at a time.
    let mut reused: BTreeMap<u64, Option<(i64, i64, u32)>> = BTreeMap::new();
    for (slice, count) in (0..KEY_SLICES).zip(counts) {
        let in_slice = |key: &u64| key % KEY_SLICES == slice;
        let mut uses: Vec<(u64, u32)> = Vec::with_capacity(count);
        for index in 0..spans.learners() {
            let learner = learner_index(index);
            uses.extend(keys(index).filter(in_slice).map(|key| (key, learner)));
        }
        uses.sort_unstable();
        uses.dedup();
        for pair in uses.windows(2) {
            if let [(a, _), (b, _)] = pair
                && a == b
            {
                reused.insert(*a, None);
            }
        }
    }
    if reused.is_empty() {
        return BTreeMap::new();
    }
    // 2. The first use of each.
    for index in 0..spans.learners() {
        let learner = learner_index(index);
        // Order does not matter: the least candidate is kept.
        for span in spans
            .lists(index)
            .flat_map(|list| list.iter_any_order(packing))
        {
            if let Some(first) = reused.get_mut(&span.id_key) {
                let candidate = (span.start_ms, span.end_ms, learner);
                if first.is_none_or(|kept| candidate < kept) {
                    *first = Some(candidate);
                }
            }
        }
    }
    reused
        .into_iter()
        .filter_map(|(key, first)| first.map(|(_, _, learner)| (key, learner)))
        .collect()
}

/// Removes, from every learner's intervals, those whose id another learner
/// uses first (see the module docs). Returns how many were removed.
#[cfg(test)]
fn drop_reused_across_learners(spans: &mut [Vec<RecordSpan>]) -> u64 {
    let (packing, lists) = tests::packed(spans);
    let first = first_users(&lists, packing);
    let mut removed = 0u64;
    for (learner, list) in spans.iter_mut().enumerate() {
        let learner = learner_index(learner);
        let before = list.len();
        list.retain(|span| survives(&first, span.id_key, learner));
        removed += (before - list.len()) as u64;
    }
    removed
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `spans` as the engine keeps them, with a packing whose range holds
    /// the small instants of these tests: each learner's first half in one
    /// partial state, the rest in a second one merged after it.
    pub(super) fn packed(spans: &[Vec<RecordSpan>]) -> (Packing, SpanTables) {
        let packing = Packing::new(upskill_session::MAX_SESSION_DURATION.as_millis() as i64);
        let (mut first, mut second) = (SpanTables::new(spans.len()), SpanTables::new(spans.len()));
        for (learner, list) in spans.iter().enumerate() {
            let (a, b) = list.split_at(list.len() / 2);
            a.iter().for_each(|s| first.push(learner, packing, *s));
            b.iter().for_each(|s| second.push(learner, packing, *s));
        }
        first.absorb(second);
        (packing, first)
    }

    fn span(id_key: u64, start_ms: i64) -> RecordSpan {
        RecordSpan {
            id_key,
            start_ms,
            end_ms: start_ms + 1_000,
            excluded: None,
        }
    }

    #[test]
    fn the_first_use_keeps_the_id_and_every_other_learners_use_is_removed() {
        let mut spans = vec![
            vec![span(1, 100), span(2, 100)],
            vec![span(1, 50), span(3, 10)],
            vec![span(1, 500), span(1, 600)],
        ];
        assert_eq!(drop_reused_across_learners(&mut spans), 3);
        assert_eq!(spans[0], vec![span(2, 100)]);
        assert_eq!(spans[1], vec![span(1, 50), span(3, 10)]);
        assert!(spans[2].is_empty());
    }

    #[test]
    fn a_tie_goes_to_the_smallest_learner_and_one_learners_repeats_stay() {
        let mut spans = vec![vec![span(7, 0), span(7, 0)], vec![span(7, 0)]];
        assert_eq!(drop_reused_across_learners(&mut spans), 1);
        assert_eq!(
            spans[0].len(),
            2,
            "repeats within a learner are normalise's to count"
        );
        assert!(spans[1].is_empty());
    }

    /// The rule as the module docs state it, by brute force.
    fn reference(spans: &[Vec<RecordSpan>]) -> Vec<Vec<RecordSpan>> {
        let uses: Vec<(u64, (i64, i64, usize))> = spans
            .iter()
            .enumerate()
            .flat_map(|(l, list)| {
                list.iter()
                    .map(move |s| (s.id_key, (s.start_ms, s.end_ms, l)))
            })
            .collect();
        spans
            .iter()
            .enumerate()
            .map(|(l, list)| {
                list.iter()
                    .copied()
                    .filter(|s| {
                        let users: Vec<_> = uses.iter().filter(|u| u.0 == s.id_key).collect();
                        let many = users.iter().any(|u| u.1.2 != l);
                        let first = users.iter().map(|u| u.1).min();
                        !many || first.is_some_and(|f| f.2 == l)
                    })
                    .collect()
            })
            .collect()
    }

    proptest::proptest! {
        #[test]
        fn masks_follow_the_rule_in_any_slice_of_the_key_space(
            raw in proptest::collection::vec(
                proptest::collection::vec((0u64..40, 0i64..6, 1i64..4), 0..12),
                0..6,
            )
        ) {
            let spans: Vec<Vec<RecordSpan>> = raw
                .iter()
                .map(|list| {
                    list.iter()
                        .map(|&(key, start, len)| RecordSpan {
                            // Spread keys over every slice of the key space.
                            id_key: key.wrapping_mul(0x9E37_79B9_7F4A_7C15),
                            start_ms: start,
                            end_ms: start + len,
                            excluded: None,
                        })
                        .collect()
                })
                .collect();
            let expected = reference(&spans);
            let (packing, lists) = packed(&spans);
            let masks = reused_masks(&lists, packing);
            for ((list, mask), want) in spans.iter().zip(&masks).zip(&expected) {
                let kept: Vec<RecordSpan> = match mask {
                    None => list.clone(),
                    Some(mask) => list.iter().zip(mask).filter(|(_, k)| **k).map(|(s, _)| *s).collect(),
                };
                proptest::prop_assert_eq!(&kept, want);
                proptest::prop_assert_eq!(mask.is_some(), list.len() != want.len());
            }
            let mut dropped = spans.clone();
            let removed = drop_reused_across_learners(&mut dropped);
            proptest::prop_assert_eq!(&dropped, &expected);
            let total = |v: &[Vec<RecordSpan>]| v.iter().map(Vec::len).sum::<usize>();
            proptest::prop_assert_eq!(removed as usize, total(&spans) - total(&expected));
        }
    }

    #[test]
    fn nothing_changes_without_reuse() {
        let mut spans = vec![vec![span(1, 0), span(1, 5)], vec![span(2, 0)]];
        let before = spans.clone();
        assert_eq!(drop_reused_across_learners(&mut spans), 0);
        assert_eq!(spans, before);
    }
}
