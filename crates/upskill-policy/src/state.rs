//! The partial state of an assessment: what the records read so far left
//! behind (counts, fates, creditable intervals, rejections, unknown ids), and
//! the arithmetic that merges two partial states and trims the lists.

use std::collections::BTreeMap;

use crate::assessment::{FateDetail, Fates, Ledger, Rejection, UnknownLearner};
use crate::audit::{AuditFate, AuditRow, AuditState, Kept};
use crate::spans::SpanTables;
use crate::totals::TotalEntry;

/// Partial state: grows with learners and with their creditable records'
/// intervals (12 or 16 bytes each, packed in fixed blocks: `spans`),
/// never with a copy of the records.
#[derive(Debug, Clone, Default)]
pub(crate) struct State {
    pub(crate) records_read: u64,
    pub(crate) fates: Fates,
    pub(crate) detail: FateDetail,
    /// Creditable record intervals per learner index, packed (`spans`).
    pub(crate) spans: SpanTables,
    /// Time-spent totals per learner index, with their audit record when
    /// auditing; empty (no list even per learner) until a total is read,
    /// since most inputs hold none.
    pub(crate) totals: Vec<Vec<(TotalEntry, Option<Kept>)>>,
    /// Records read per learner index (for the per-learner record limit).
    pub(crate) records_per_learner: Vec<u64>,
    pub(crate) rejections: Vec<Rejection>,
    pub(crate) rejections_not_listed: u64,
    pub(crate) unknown: BTreeMap<String, u64>,
    pub(crate) unknown_records_not_listed: u64,
    /// The per-record audit, when asked for ([`crate::Options::audit`]).
    pub(crate) audit: Option<AuditState>,
}

impl State {
    /// An empty state for `learners` roster learners.
    pub(crate) fn new(learners: usize, audit: bool) -> State {
        State {
            spans: SpanTables::new(learners),
            records_per_learner: vec![0; learners],
            audit: audit.then(|| AuditState::new(learners)),
            ..State::default()
        }
    }

    /// Adds an audit row (when auditing).
    pub(crate) fn audit_row(&mut self, row: impl FnOnce() -> AuditRow) {
        if let Some(audit) = &mut self.audit {
            audit.rows.push(row());
        }
    }

    /// Adds `other`'s records to these: associative and commutative.
    pub(crate) fn absorb(&mut self, other: State, rejections_listed: usize, unknown_listed: usize) {
        let (a, b) = (self, other);
        a.records_read += b.records_read;
        add_fates(&mut a.fates, &b.fates);
        add_detail(&mut a.detail, &b.detail);
        a.spans.absorb(b.spans);
        if a.totals.is_empty() {
            a.totals = b.totals;
        } else {
            for (mine, theirs) in a.totals.iter_mut().zip(b.totals) {
                mine.extend(theirs);
            }
        }
        for (mine, theirs) in a.records_per_learner.iter_mut().zip(b.records_per_learner) {
            *mine += theirs;
        }
        a.rejections.extend(b.rejections);
        a.rejections_not_listed += b.rejections_not_listed;
        trim_rejections(a, rejections_listed);
        a.unknown_records_not_listed += b.unknown_records_not_listed;
        for (id, n) in b.unknown {
            *a.unknown.entry(id).or_default() += n;
        }
        trim_unknown(a, unknown_listed);
        match (&mut a.audit, b.audit) {
            (Some(mine), Some(theirs)) => mine.absorb(theirs),
            (None, theirs) => a.audit = theirs,
            (Some(_), None) => {}
        }
    }

    /// The ledger: every record read with its fate, the first
    /// `rejections_listed` rejections in reading order.
    pub(crate) fn into_ledger(mut self, rejections_listed: usize) -> Ledger {
        trim_rejections(&mut self, rejections_listed);
        Ledger {
            records_read: self.records_read,
            fates: self.fates,
            detail: self.detail,
            rejections: self.rejections,
            rejections_not_listed: self.rejections_not_listed,
            unknown_learners: self
                .unknown
                .into_iter()
                .map(|(learner_id, records)| UnknownLearner {
                    learner_id,
                    records,
                })
                .collect(),
            unknown_learners_not_listed: self.unknown_records_not_listed,
        }
    }
}

pub(crate) fn rejection_order(a: &Rejection, b: &Rejection) -> std::cmp::Ordering {
    // Reading order (file, line, column, record, pointer), then code and
    // message: a total order, so that trimming keeps the same rejections
    // whatever the merge order.
    a.location
        .cmp(&b.location)
        .then_with(|| a.code.cmp(&b.code))
        .then_with(|| a.message.cmp(&b.message))
}

/// Adds a rejection, keeping only the `cap` first in reading order (a
/// deterministic choice, so merged partial states agree).
pub(crate) fn push_rejection(
    state: &mut State,
    cap: usize,
    rejection: Rejection,
    ids: (Option<&str>, Option<&str>),
) {
    state.fates.rejected += 1;
    state.audit_row(|| {
        let mut row =
            AuditRow::new(rejection.location.clone(), AuditFate::Rejected).ids(ids.0, ids.1);
        row.detail = Some(rejection.code.clone());
        row.message = Some(rejection.message.clone());
        row
    });
    state.rejections.push(rejection);
    if state.rejections.len() > cap.saturating_mul(2).max(16) {
        trim_rejections(state, cap);
    }
}

pub(crate) fn trim_rejections(state: &mut State, cap: usize) {
    state.rejections.sort_by(rejection_order);
    if state.rejections.len() > cap {
        state.rejections_not_listed += (state.rejections.len() - cap) as u64;
        state.rejections.truncate(cap);
    }
}

/// Counts a record of a learner not on the roster, listed as written.
pub(crate) fn count_unknown(state: &mut State, cap: usize, learner: &str) {
    state.fates.unknown_learner += 1;
    *state.unknown.entry(learner.to_string()).or_default() += 1;
    trim_unknown(state, cap);
}

/// Keeps the `cap` smallest unknown ids with exact counts; the records of the
/// others are counted together. Evicting the largest id keeps this exact and
/// order-independent: an id evicted once is never among the `cap` smallest.
pub(crate) fn trim_unknown(state: &mut State, cap: usize) {
    while state.unknown.len() > cap {
        match state.unknown.pop_last() {
            Some((_, n)) => state.unknown_records_not_listed += n,
            None => break,
        }
    }
}

pub(crate) fn add_fates(a: &mut Fates, b: &Fates) {
    a.credited += b.credited;
    a.duplicate += b.duplicate;
    a.not_creditable += b.not_creditable;
    a.outside_period += b.outside_period;
    a.unknown_learner += b.unknown_learner;
    a.rejected += b.rejected;
}

pub(crate) fn add_detail(a: &mut FateDetail, b: &FateDetail) {
    a.clipped_to_period += b.clipped_to_period;
    a.clipped_to_as_of += b.clipped_to_as_of;
    a.capped += b.capped;
    a.duplicate_ids += b.duplicate_ids;
    a.conflicting_ids += b.conflicting_ids;
    a.duplicate_content += b.duplicate_content;
    a.ids_reused_across_learners += b.ids_reused_across_learners;
    a.kind_not_creditable += b.kind_not_creditable;
    a.self_reported_not_counted += b.self_reported_not_counted;
    a.too_short += b.too_short;
    a.voided += b.voided;
    a.no_time_of_its_own += b.no_time_of_its_own;
    a.recorded_minutes += b.recorded_minutes;
    a.overlap_minutes += b.overlap_minutes;
    a.daily_cap_minutes += b.daily_cap_minutes;
    a.time_totals += b.time_totals;
    a.totals_within_sessions_minutes += b.totals_within_sessions_minutes;
}
