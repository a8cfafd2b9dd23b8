//! The policy engine: does an organisation keep its micro-upskilling pledge?
//!
//! Most users want the facade crate `upskill`, which re-exports this
//! crate as `upskill::policy`; depend on `upskill-policy` directly only to keep
//! the dependency tree small.
//!
//! This crate owns the **assessment** of one organisation over one period:
//!
//! - an [`Assessor`] fed records one at a time, in any order
//!   ([`Assessor::ingest`], [`Assessor::reject`]), whose partial states
//!   [`merge`](Assessor::merge) so that slices of the records can be
//!   assessed apart (threads, processes, a cluster) and combined into the
//!   same answer; a partial state travels between processes as bytes
//!   ([`Assessor::to_bytes`], [`Assessor::fork_from_bytes`], format in
//!   `docs/scale.md`, "Partial states");
//! - the [`Assessment`] it [`finish`](Assessor::finish)es with: a
//!   [`Verdict`] that explains itself (each target [`Criterion`] with its
//!   measured value, threshold, pass/fail and counts), organisation
//!   [`Metrics`], [`BandCounts`], week-by-week and team summaries (small
//!   teams folded into `other`), per learner-week detail, a [`Forecast`] for
//!   a running period, and a [`Ledger`] in which every record has exactly one
//!   fate (`records_read == fates.total()`).
//! - on request ([`Options::audit`], [`Assessor::finish_audited`]), the
//!   per-record audit ledger: one [`AuditRow`] per record read, with its
//!   fate and the minutes it contributed to each week (`docs/ledger.md`).
//!
//! Each week is judged by the pledge version in force at its start. Memory
//! grows with learners x weeks and with each creditable record's interval
//! (12 bytes in whole minutes, else 16, packed in fixed blocks), never
//! with a copy of the records.
//!
//! [`Assessment::people_scorecard`] fills the DMA Code People-principle
//! scorecard (`upskill-people`) with what the engine measured.
//!
//! It does *not* read files (see `upskill-formats`, `upskill-xapi`), nor
//! render reports (see the `upskill` command), nor define the rules it
//! applies (see `upskill-pledge`, `upskill-quota`, `upskill-session`).
//!
//! # Semantics in brief
//!
//! - Weeks over at `as_of` are *closed*; metrics and criteria are measured
//!   on closed weeks. A period whose last week is closed gets `met` or
//!   `not_met`; a running one `on_track` or `at_risk`; one where no
//!   learner-week is eligible, `insufficient_data`.
//! - A record starting after `as_of` is rejected (code `A001`); one still
//!   running at `as_of` is cut there. A roster learner's records past
//!   [`Options::max_records_per_learner`] are rejected (code `A002`). The
//!   codes are in [`codes`].
//! - See `docs/rules.md` for every rule and its default.
//!
//! # Reading the engine
//!
//! The modules depend one way, in DOMAIN.md's order: `assessor` (the public
//! entry point) sets up a `setup::Context` (per-week pledge versions and
//! counting limits), feeds records into a `state::State`, and finishes with
//! `judge`, which walks the weeks, gets each learner's credited minutes from
//! `credit` (records to minutes, rounding, carry-forward), judges each
//! learner-week, and ends with `verdict` (criteria, forecast, verdict) and
//! `teams` (the team table, protected by `disclosure`: rounding to a base
//! and a minimum row size, and how much per-learner detail a report holds).

mod assessment;
mod assessor;
mod audit;
pub mod codes;
mod credit;
mod disclosure;
mod judge;
mod learner_ids;
mod record_ids;
mod scorecard;
mod setup;
mod spans;
mod state;
mod teams;
mod totals;
mod verdict;
mod wire;

pub use assessment::*;
pub use assessor::{Assessor, MergeError, UncreditedRecord};
pub use audit::{AuditFate, AuditRow};
pub use disclosure::{Detail, TeamDisclosure, round_to_base};
pub use scorecard::ScorecardFillError;
pub use setup::{AssessError, DEFAULT_MAX_RECORDS_PER_LEARNER, MAX_PERIOD_WEEKS, Options, Period};
pub use wire::{MAX_STATE_RECORDS, STATE_FORMAT_VERSION, STATE_MAGIC, StateError};
