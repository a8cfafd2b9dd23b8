//! The DMA Code's People principle as data: commitments, evidence, scorecard.
//!
//! Most users want the facade crate `upskill`, which re-exports this
//! crate as `upskill::people`; depend on `upskill-people` directly only to keep
//! the dependency tree small.
//!
//! The UK Data & Marketing Association's Code carries a People principle
//! ([“put your people at the heart of your data and marketing”](quotes::PEOPLE_PRINCIPLE))
//! covering skills development and diversity, equity and inclusion
//! ([`quotes::TWO_MAIN_AREAS`]). This crate owns that principle **as data**:
//!
//! - the [`Commitment`]s: the micro-upskilling hour (continuous professional
//!   development) and diverse, inclusive teams, each with the kinds of
//!   evidence that can support it;
//! - the evidence ([`Evidence`]): a criterion the policy engine
//!   [measured](Measurement) against a threshold, exactly; an
//!   [attestation](Attestation) backed by a document and a date; and a
//!   [representation report](RepresentationReport) of a team's make-up by
//!   level, made from raw [`RepresentationCounts`] with small-cell
//!   suppression (see [`representation`] for the rules);
//! - the [`Scorecard`] the policy engine fills through a
//!   [`ScorecardBuilder`], with a [`Status`] per commitment computed by a
//!   documented rule ([`Status::of`]) and a [`Mode`], advisory by default
//!   because the DMA frames the principle as
//!   [“to empower, not regulate”](quotes::EMPOWER_NOT_REGULATE).
//!
//! The DMA's words appear only as exact [`Quotation`]s with their sources
//! ([`quotes`]); every other description is this crate's own, and none of it
//! is official wording.
//!
//! It does *not* measure anything: it does not read learning records, count
//! minutes, or decide whether a pledge's target is met. That is the policy
//! engine's job (`upskill-policy`), built on `upskill-pledge` (the pledge
//! and its target), `upskill-session` (learning records) and `upskill-quota`
//! (weekly requirements); the engine hands its results to this crate as
//! [`Measurement`]s. It does no I/O and reads no files: the file formats are
//! `upskill-formats` and `upskill-schema`, which use this crate's `serde`
//! and `schemars` features.
//!
//! # Features
//!
//! - `serde`: strict serde derives (unknown fields are errors, `snake_case`
//!   names, enums tagged by `kind`); every value read is checked by the same
//!   code as in Rust.
//! - `schemars`: JSON Schema derives (implies `serde`).
//!
//! # Example
//!
//! ```
//! use upskill_calendar::{DayOfWeek, Week};
//! use upskill_people::{
//!     Commitment, Fraction, Group, Level, Measurement, MetricName, OrganisationId, Period,
//!     RepresentationCounts, Scorecard, Status, SuppressionThreshold, Threshold,
//! };
//!
//! let period = Period::new(
//!     Week::parse("2026-W01", DayOfWeek::Monday)?,
//!     Week::parse("2026-W13", DayOfWeek::Monday)?,
//! )?;
//! // What the policy engine measured: 97 of 120 learner-weeks met, target 80%.
//! let rate = Measurement::new(
//!     MetricName::new("learner_week_rate")?,
//!     Fraction::new(97, 120)?.into(),
//!     Threshold::at_least(Fraction::new(4, 5)?),
//! )
//! .with_count(MetricName::new("met_learner_weeks")?, 97)?
//! .with_count(MetricName::new("eligible_learner_weeks")?, 120)?;
//! // The organisation's own counts, suppressed before they go anywhere.
//! let board = Level::new("board")?;
//! let counts = RepresentationCounts::from_cells([
//!     (board.clone(), Group::new("group a")?, 3),
//!     (board.clone(), Group::new("group b")?, 9),
//! ])?;
//! let card = Scorecard::builder(OrganisationId::new("acme")?, period)
//!     .add_measured(rate)
//!     .add_representation(counts.suppress(SuppressionThreshold::DEFAULT))
//!     .build();
//! assert_eq!(card.status(Commitment::MicroUpskilling), Status::Evidenced);
//! assert_eq!(card.status(Commitment::DiverseInclusiveTeams), Status::Evidenced);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod attest;
mod commitment;
mod measure;
pub mod representation;
mod scorecard;
#[cfg(feature = "serde")]
mod serde_impls;
mod text;

pub use attest::Attestation;
pub use commitment::{Commitment, EvidenceKind, Quotation, UnknownCommitment, quotes};
pub use measure::{
    Comparison, Fraction, FractionError, Measurement, MeasurementError, Threshold, Value,
};
pub use representation::{
    DEFAULT_SUPPRESSION_THRESHOLD, LevelCounts, LevelReport, RepresentationCounts,
    RepresentationError, RepresentationReport, SuppressionThreshold, ZeroThreshold,
};
pub use scorecard::{
    Evidence, Mode, Period, PeriodError, Scorecard, ScorecardBuilder, ScorecardEntry,
    ScorecardError, Status,
};
pub use text::{
    Attester, DocumentRef, Group, Level, MetricName, OrganisationId, Statement, TextError,
};

#[cfg(test)]
mod tests;
