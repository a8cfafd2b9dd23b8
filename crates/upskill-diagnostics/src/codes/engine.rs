//! The stable codes of the policy engine's own rejections (letter `A`).

use crate::code_table;

code_table! {
    #[doc = "Every code the engine rejects records with, in code order."]
    /// The engine's answer is as of an instant; a record that starts later
    /// is not yet knowable.
    FUTURE_RECORD = "A001", Error, "the session starts after the assessment's as-of instant";
    /// The engine's per-learner record limit (`upskill_policy::Options::max_records_per_learner`).
    RECORD_LIMIT = "A002", Error, "the learner has more records than one learner may have in one evaluation (100,000 by default); the record is not assessed";
}
