//! The facade: every upskill library behind one dependency.
//!
//! Add `upskill` and reach the whole domain through its modules:
//!
//! | module | crate | owns |
//! |---|---|---|
//! | [`calendar`] | `upskill-calendar` | zone-aware weeks, working days, DST-correct week boundaries |
//! | [`session`] | `upskill-session` | learning sessions, exact durations, per-learner normalisation |
//! | [`pledge`] | `upskill-pledge` | pledges, versions, counting and requirement rules, targets |
//! | [`quota`] | `upskill-quota` | roster, leave, the weekly requirement and learner-week status |
//! | [`policy`] | `upskill-policy` | the engine: assessment, verdict, ledger, mergeable state |
//!
//! The file formats (`upskill-formats`), schemas and validator
//! (`upskill-schema`) and xAPI import (`upskill-xapi`) are adapters with
//! their own crates; the `upskill` command is `upskill-cli`.
//!
//! The most used types are re-exported at the top level. See the
//! repository's `examples/` for complete programs and `docs/embedding.md`.

pub use upskill_calendar as calendar;
pub use upskill_pledge as pledge;
pub use upskill_policy as policy;
pub use upskill_quota as quota;
pub use upskill_session as session;

pub use upskill_calendar::{Calendar, DayOfWeek, Week};
pub use upskill_pledge::{Organisation, Pledge, PledgeVersion, Proportion};
pub use upskill_policy::{Assessment, Assessor, Period, Verdict};
pub use upskill_quota::{Learner, Leave, Roster, Workload};
pub use upskill_session::{ActivityKind, LearnerId, LearningSession, RecordId, SessionDuration};

/// The README's code examples, compiled and run as doctests so they cannot rot.
#[doc = include_str!("../../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
