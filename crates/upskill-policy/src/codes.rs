//! The stable codes of the engine's own rejections (letter `A`).
//!
//! Readers' codes (`F`, `S`, `R`, `L`, `H`, `P`) are in `upskill-formats`,
//! the validator's in `upskill-schema`, xAPI's (`X`) in `upskill-xapi`; the
//! table in `docs/validation-codes.md` is checked against all of them.

use upskill_diagnostics::code_table;

code_table! {
    #[doc = "Every code the engine rejects records with, in code order."]
    /// The engine's answer is as of an instant; a record that starts later
    /// is not yet knowable.
    FUTURE_RECORD = "A001", Error, "the session starts after the assessment's as-of instant";
    /// See [`Options::max_records_per_learner`](crate::Options::max_records_per_learner).
    RECORD_LIMIT = "A002", Error, "the learner has more records than one learner may have in one evaluation (100,000 by default); the record is not assessed";
}
