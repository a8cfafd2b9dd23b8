//! The per-record audit ledger (issue 12): one [`AuditRow`] per record read,
//! kept only when [`Options::audit`](crate::Options::audit) is on.
//!
//! A row says where the record was read, its record and learner ids, its
//! fate (the [`Fates`](crate::Fates) it is counted in), the finer reason,
//! the time each counting step removed from it, and the whole minutes it
//! contributed to each week. The rows of a learner-week add up to the
//! learner-week's learned minutes (before rounding to the increment; with
//! no increment, its `credited_minutes`; carry-forward is apart, in
//! `carried_in_minutes`). How records share time:
//!
//! - each instant of a learner's interval union is credited to the
//!   earliest-starting record covering it (ties: the shorter, then the
//!   first in location order); a daily cap keeps a day's earliest time
//!   (`upskill_session::normalise_audited`);
//! - a learner-week's milliseconds are rounded down to whole minutes once,
//!   as the engine does; its records, in location order, get the whole
//!   minutes of their running total, so their minutes add up exactly.

use upskill_calendar::Week;
use upskill_diagnostics::Location;
use upskill_session::{Exclusion, SpanFate, SpanOutcome};

use crate::assessor::UncreditedRecord;

/// The fate of one record: which count of [`Fates`](crate::Fates) it is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum AuditFate {
    /// `credited`: used for credit (possibly clipped, capped or overlapped).
    Credited,
    /// `duplicate`: a repeat of a credited record.
    Duplicate,
    /// `not_creditable`: kept but earning nothing.
    NotCreditable,
    /// `outside_period`: entirely outside the period.
    OutsidePeriod,
    /// `unknown_learner`: its learner is not on the roster.
    UnknownLearner,
    /// `rejected`: unusable.
    Rejected,
}

impl AuditFate {
    /// The fate's name, as the report's `ledger.fates` spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            AuditFate::Credited => "credited",
            AuditFate::Duplicate => "duplicate",
            AuditFate::NotCreditable => "not_creditable",
            AuditFate::OutsidePeriod => "outside_period",
            AuditFate::UnknownLearner => "unknown_learner",
            AuditFate::Rejected => "rejected",
        }
    }
}

/// One record of the audit ledger.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct AuditRow {
    /// Where the record was read (for a rejection, where its first error is).
    pub location: Location,
    /// Its record id, when it was read.
    pub record_id: Option<String>,
    /// Its learner id (or xAPI actor) as written, when it was read.
    pub learner_id: Option<String>,
    /// Its fate.
    pub fate: AuditFate,
    /// The finer reason, as the report's `ledger.detail` spells it
    /// (`duplicate_ids`, `conflicting_ids`, `duplicate_content`,
    /// `kind_not_creditable`, `self_reported_not_counted`, `too_short`,
    /// `voided`, `no_time_of_its_own`), or a rejection's code (`S004`,
    /// `A001`); `None` for the other fates.
    pub detail: Option<String>,
    /// A rejection's message.
    pub message: Option<String>,
    /// For a duplicate: the record id and location of the record kept in
    /// its place.
    pub duplicate_of: Option<(String, Location)>,
    /// Milliseconds cut at `as_of` (a record still running then).
    pub clipped_to_as_of_ms: u64,
    /// Milliseconds removed by the per-session cap.
    pub capped_ms: u64,
    /// Milliseconds outside the period.
    pub clipped_to_period_ms: u64,
    /// Milliseconds credited to earlier-starting overlapping records.
    pub overlap_ms: u64,
    /// Milliseconds removed by daily caps.
    pub daily_capped_ms: u64,
    /// Whole minutes contributed to each week, in week order (weeks with
    /// none left out).
    pub weeks: Vec<(Week, u64)>,
}

impl AuditRow {
    pub(crate) fn new(location: Location, fate: AuditFate) -> AuditRow {
        AuditRow {
            location,
            record_id: None,
            learner_id: None,
            fate,
            detail: None,
            message: None,
            duplicate_of: None,
            clipped_to_as_of_ms: 0,
            capped_ms: 0,
            clipped_to_period_ms: 0,
            overlap_ms: 0,
            daily_capped_ms: 0,
            weeks: Vec::new(),
        }
    }

    pub(crate) fn ids(mut self, record_id: Option<&str>, learner_id: Option<&str>) -> AuditRow {
        self.record_id = record_id.map(str::to_string);
        self.learner_id = learner_id.map(str::to_string);
        self
    }

    /// Minutes contributed over all weeks.
    pub fn minutes(&self) -> u64 {
        self.weeks.iter().map(|(_, m)| m).sum()
    }
}

/// What is kept of a roster learner's record until the learner is judged.
#[derive(Debug, Clone)]
pub(crate) struct Kept {
    pub(crate) location: Location,
    pub(crate) record_id: String,
    pub(crate) learner_id: String,
    pub(crate) clipped_to_as_of_ms: u64,
}

/// The audit part of a partial state.
#[derive(Debug, Clone, Default)]
pub(crate) struct AuditState {
    /// Rows of records whose fate was decided when read.
    pub(crate) rows: Vec<AuditRow>,
    /// Per learner index, parallel to `State::spans`.
    pub(crate) kept: Vec<Vec<Kept>>,
}

impl AuditState {
    pub(crate) fn new(learners: usize) -> AuditState {
        AuditState {
            rows: Vec::new(),
            kept: vec![Vec::new(); learners],
        }
    }

    pub(crate) fn absorb(&mut self, other: AuditState) {
        self.rows.extend(other.rows);
        for (mine, theirs) in self.kept.iter_mut().zip(other.kept) {
            mine.extend(theirs);
        }
    }
}

/// The row of a record whose id another learner's record uses first
/// (`ledger.detail.ids_reused_across_learners`): a duplicate, one record.
pub(crate) fn reused_id_row(kept: Kept) -> AuditRow {
    let mut row = AuditRow::new(kept.location, AuditFate::Duplicate);
    row.record_id = Some(kept.record_id);
    row.learner_id = Some(kept.learner_id);
    row.detail = Some("ids_reused_across_learners".to_string());
    row.clipped_to_as_of_ms = kept.clipped_to_as_of_ms;
    row
}

/// The detail word and fate of an importer's uncredited record.
pub(crate) fn uncredited(record: UncreditedRecord) -> (AuditFate, &'static str) {
    match record {
        UncreditedRecord::Duplicate => (AuditFate::Duplicate, "duplicate_ids"),
        UncreditedRecord::ConflictingDuplicate => (AuditFate::Duplicate, "conflicting_ids"),
        UncreditedRecord::Voided => (AuditFate::NotCreditable, "voided"),
        UncreditedRecord::NoTimeOfItsOwn => (AuditFate::NotCreditable, "no_time_of_its_own"),
    }
}

const MS_PER_MINUTE: u64 = 60_000;

/// The rows of one learner's kept records: `kept[i]` and `outcomes[i]`
/// describe one record; `weeks` are the grid's weeks.
pub(crate) fn learner_rows(
    kept: &[Kept],
    outcomes: &[SpanOutcome],
    weeks: &[Week],
) -> Vec<AuditRow> {
    let mut running = vec![0u64; weeks.len()];
    let mut rows = Vec::with_capacity(kept.len());
    for (k, o) in kept.iter().zip(outcomes) {
        let (fate, detail, of) = match o.fate {
            Some(SpanFate::Kept) | None => (AuditFate::Credited, None, None),
            Some(SpanFate::DuplicateId { of }) => {
                (AuditFate::Duplicate, Some("duplicate_ids"), Some(of))
            }
            Some(SpanFate::ConflictingId { of }) => {
                (AuditFate::Duplicate, Some("conflicting_ids"), Some(of))
            }
            Some(SpanFate::DuplicateContent { of }) => {
                (AuditFate::Duplicate, Some("duplicate_content"), Some(of))
            }
            Some(SpanFate::Excluded(Exclusion::ActivityKind)) => {
                (AuditFate::NotCreditable, Some("kind_not_creditable"), None)
            }
            Some(SpanFate::Excluded(Exclusion::SelfReported)) => (
                AuditFate::NotCreditable,
                Some("self_reported_not_counted"),
                None,
            ),
            Some(SpanFate::TooShort) => (AuditFate::NotCreditable, Some("too_short"), None),
            Some(_) => (AuditFate::NotCreditable, None, None),
        };
        let mut row =
            AuditRow::new(k.location.clone(), fate).ids(Some(&k.record_id), Some(&k.learner_id));
        row.detail = detail.map(str::to_string);
        row.duplicate_of = of
            .and_then(|i| kept.get(i))
            .map(|d| (d.record_id.clone(), d.location.clone()));
        row.clipped_to_as_of_ms = k.clipped_to_as_of_ms;
        row.capped_ms = o.capped_ms;
        row.clipped_to_period_ms = o.clipped_ms;
        row.overlap_ms = o.overlap_ms;
        row.daily_capped_ms = o.daily_capped_ms;
        for &(w, ms) in &o.per_week_ms {
            let (Some(total), Some(week)) = (running.get_mut(w), weeks.get(w)) else {
                continue;
            };
            let before = *total / MS_PER_MINUTE;
            *total += ms;
            let minutes = *total / MS_PER_MINUTE - before;
            if minutes > 0 {
                row.weeks.push((*week, minutes));
            }
        }
        rows.push(row);
    }
    rows
}
