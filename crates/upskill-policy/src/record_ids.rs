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
//! forked and merged. Memory: a transient list of 16 bytes per interval
//! kept (id key and learner index), sorted, freed before judging; plus one
//! entry per id reused across learners.

use std::collections::{BTreeMap, HashSet};

use upskill_session::RecordSpan;

use crate::state::State;

/// Applies [`drop_reused_across_learners`] to the state's intervals and
/// writes the records removed to the ledger as duplicates. With an audit,
/// the records kept beside the intervals are removed with them (the two
/// lists stay parallel) and each removed record gets its row.
pub(crate) fn count_reused_across_learners(state: &mut State) {
    let masks = reused_masks(&state.spans);
    let mut removed = 0u64;
    for (learner, mask) in masks.iter().enumerate() {
        let Some(mask) = mask else { continue };
        if let Some(list) = state.spans.get_mut(learner) {
            let mut keep = mask.iter();
            list.retain(|_| keep.next().copied().unwrap_or(true));
        }
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

/// Per learner, which intervals survive [`drop_reused_across_learners`]
/// (`None`: all of them). Dropping is all-or-nothing per learner and id, so
/// walking the two lists together in order finds exactly the survivors.
fn reused_masks(spans: &[Vec<RecordSpan>]) -> Vec<Option<Vec<bool>>> {
    let mut after = spans.to_vec();
    if drop_reused_across_learners(&mut after) == 0 {
        return vec![None; spans.len()];
    }
    spans
        .iter()
        .zip(&after)
        .map(|(all, kept)| {
            (all.len() != kept.len()).then(|| {
                let mut k = kept.iter().peekable();
                all.iter()
                    .map(|s| {
                        let stays = k.peek().is_some_and(|n| *n == s);
                        if stays {
                            k.next();
                        }
                        stays
                    })
                    .collect()
            })
        })
        .collect()
}

/// Removes, from every learner's intervals, those whose id another learner
/// uses first (see the module docs). Returns how many were removed.
pub(crate) fn drop_reused_across_learners(spans: &mut [Vec<RecordSpan>]) -> u64 {
    // 1. Which id keys are used by more than one learner.
    let mut uses: Vec<(u64, u32)> = Vec::with_capacity(spans.iter().map(Vec::len).sum());
    for (learner, list) in spans.iter().enumerate() {
        let learner = u32::try_from(learner).unwrap_or(u32::MAX);
        uses.extend(list.iter().map(|span| (span.id_key, learner)));
    }
    uses.sort_unstable();
    uses.dedup();
    let mut reused: BTreeMap<u64, Option<(i64, i64, u32)>> = BTreeMap::new();
    for pair in uses.windows(2) {
        if let [(a, _), (b, _)] = pair
            && a == b
        {
            reused.insert(*a, None);
        }
    }
    drop(uses);
    if reused.is_empty() {
        return 0;
    }
    // 2. The first use of each: earliest start, then end, then learner index
    // (the roster is in learner-id order).
    for (learner, list) in spans.iter().enumerate() {
        let learner = u32::try_from(learner).unwrap_or(u32::MAX);
        for span in list {
            if let Some(first) = reused.get_mut(&span.id_key) {
                let candidate = (span.start_ms, span.end_ms, learner);
                if first.is_none_or(|kept| candidate < kept) {
                    *first = Some(candidate);
                }
            }
        }
    }
    let keeper: HashSet<(u64, u32)> = reused
        .iter()
        .filter_map(|(key, first)| first.map(|(_, _, learner)| (*key, learner)))
        .collect();
    // 3. Every other learner's records of those ids are duplicates.
    let mut removed = 0u64;
    for (learner, list) in spans.iter_mut().enumerate() {
        let learner = u32::try_from(learner).unwrap_or(u32::MAX);
        let before = list.len();
        list.retain(|span| {
            !reused.contains_key(&span.id_key) || keeper.contains(&(span.id_key, learner))
        });
        removed += (before - list.len()) as u64;
    }
    removed
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn nothing_changes_without_reuse() {
        let mut spans = vec![vec![span(1, 0), span(1, 5)], vec![span(2, 0)]];
        let before = spans.clone();
        assert_eq!(drop_reused_across_learners(&mut spans), 0);
        assert_eq!(spans, before);
    }
}
